"""The dialog to record an outcome measure: the VISA-H total, or a sitting test on a named
chair. Only the total of the VISA-H is kept (the questionnaire is filled in on paper or with a
clinician). Problems show at their field; it returns the saved measure, or None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from journal.outcomes import OutcomeProblems, parse_outcome, reminder
from rules.outcomes import DueMeasure
from store.records import Chair, OutcomeKind, OutcomeMeasure
from tui.widgets.dialog import Dialog, Save
from tui.widgets.limits import show_limit
from tui.widgets.plain import headed

KINDS: dict[OutcomeKind, str] = {"visa-h": "VISA-H total", "sitting": "Sitting test"}
VALUE_NAMES: dict[OutcomeKind, str] = {"visa-h": "Total, 0-100", "sitting": "Minutes"}
ONLY_THE_TOTAL = (
    "Fill the VISA-H in on paper or with your clinician, then enter its total: sitbone keeps "
    "only the total, not the answers (the terms for reusing its items are unclear)."
)
# The text fields in the order tab visits them (the first with a problem gets the focus).
FIELDS = ("value", "date", "note")


class OutcomeDialog(Dialog[OutcomeMeasure | None]):
    """Opened from the Dashboard (key o) on the first measure due, or the VISA-H."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="outcome.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="outcome.cancel"),
    ]

    def __init__(
        self,
        due: Sequence[DueMeasure] = (),
        save: Save[OutcomeMeasure] | None = None,
    ) -> None:
        super().__init__()
        self.due = list(due)
        self.kind: OutcomeKind = self.due[0].kind if self.due else "visa-h"
        self.save = save  # the dialog stays until the measure is saved

    def compose(self) -> ComposeResult:
        due = reminder(self.due)
        with Vertical(classes="dialog", id="outcome-dialog"):
            yield Static(
                headed("Record an outcome measure", f"  {due}." if due else ""), id="outcome-title"
            )
            with Horizontal(classes="row"):
                yield Label("Measure", classes="name")
                with RadioSet(id="kind", compact=True):
                    for kind, name in KINDS.items():
                        yield RadioButton(name, value=kind == self.kind, id=f"kind-{kind}")
            with Horizontal(classes="row"):
                yield Label(VALUE_NAMES[self.kind], id="value-name", classes="name")
                yield Input(id="value", compact=True, max_length=4, placeholder="__")
            yield Label("", id="value-error", classes="field-problem")
            with Horizontal(classes="row", id="chair-row"):
                yield Label("Chair", classes="name")
                with RadioSet(id="chair", compact=True):
                    for chair in get_args(Chair):
                        yield RadioButton(chair, value=chair == "hard", id=f"chair-{chair}")
            yield Label("", id="chair-error", classes="field-problem")
            with Horizontal(classes="row"):
                yield Label("Date", classes="name")
                yield Input(id="date", compact=True, max_length=10, placeholder="today")
            yield Label("", id="date-error", classes="field-problem")
            with Horizontal(classes="row"):
                yield Label("Note", classes="name")
                yield Input(id="note", compact=True, max_length=500, placeholder="optional")
            yield Label("", id="note-error", classes="field-problem")
            yield Static(id="about", classes="hint")
            yield Label("", id="save-problem", classes="field-problem")
            yield Static(
                "[b]enter[/b] save    [b]arrows, space[/b] choose    [b]esc[/b] cancel",
                classes="keys",
            )

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#value", Input).focus()

    @on(RadioSet.Changed, "#kind")
    def _kind_chosen(self, event: RadioSet.Changed) -> None:
        chosen = (event.pressed.id or "").removeprefix("kind-")
        self.kind = "sitting" if chosen == "sitting" else "visa-h"
        self._show_kind()

    def _show_kind(self) -> None:
        sitting = self.kind == "sitting"
        limit = self.sitbone.library.outcomes.sitting_limit_min
        self.query_one("#value-name", Label).update(VALUE_NAMES[self.kind])
        self.query_one("#chair-row").display = sitting
        about = (
            f"Sit on the chair named until the familiar pain begins; stop at {limit} "
            "minutes if it has not, and enter the minutes."
            if sitting
            else ONLY_THE_TOTAL
        )
        self.query_one("#about", Static).update(Text(about))
        self.show_problems({})

    @on(Input.Changed, "#note")
    def _note_limit(self, event: Input.Changed) -> None:
        show_limit(event.input, self.query_one("#note-error", Label), "The note")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def action_save(self) -> None:
        text = {field: self.query_one(f"#{field}", Input).value for field in FIELDS}
        pressed = self.query_one("#chair", RadioSet).pressed_button
        chair = (pressed.id or "").removeprefix("chair-") if pressed else None
        app = self.sitbone
        try:
            measure = parse_outcome(
                self.kind, text, chair if self.kind == "sitting" else None, app.clock(),
                app.library.outcomes,
            )  # fmt: skip
        except OutcomeProblems as error:
            self.show_problems(error.problems)
            return
        self.show_problems({})
        if await self.saved(self.save, measure):
            self.dismiss(measure)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem at its field ('score' and 'sitting_min' at the value); the focus goes
        to the first."""
        at_field = {
            "value": problems.get("score") or problems.get("sitting_min"),
            "chair": problems.get("chair"),
            "date": problems.get("date"),
            "note": problems.get("note"),
        }
        for field, problem in at_field.items():
            label = self.query_one(f"#{field}-error", Label)
            if label.has_class("limit") and not problem:
                continue  # the note's length notice stays until the note is shorter
            label.update(Text(f"{problem[:1].upper()}{problem[1:]}." if problem else ""))
            label.set_class(problem is not None, "error")
        first = next((f for f, problem in at_field.items() if problem), None)
        if first is not None:
            self.query_one(f"#{first}").focus()
