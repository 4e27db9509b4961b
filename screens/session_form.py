"""A small dialog to log or edit one exercise session: sets, reps or hold, load, pain.
Problems show at their field; it returns a valid ExerciseSession or None."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Static

from content.models import Exercise
from journal.entry import parse_decimal, parse_whole
from journal.errors import field_messages
from rules.text import control_problem
from store.records import ExerciseSession
from tui.widgets.dialog import Dialog, Save
from tui.widgets.limits import show_limit
from tui.widgets.plain import headed, plain

FIELDS = ("sets", "amount", "load", "pain")


class SessionForm(Dialog[ExerciseSession | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="session.save"),
        Binding("escape", "cancel", "Cancel", id="session.cancel"),
    ]

    def __init__(
        self,
        exercise: Exercise,
        phase: int,
        session: ExerciseSession | None = None,
        save: Save[ExerciseSession] | None = None,
    ) -> None:
        super().__init__()
        self.exercise, self.phase, self.session = exercise, phase, session
        self.timed = exercise.dosage.hold_s is not None
        # Writes the session; the form closes only once it is saved, so nothing typed is lost.
        self.save = save

    def compose(self) -> ComposeResult:
        dosage, session = self.exercise.dosage, self.session
        amount = (session.hold_s if self.timed else session.reps) if session else None
        default_amount = dosage.hold_s if self.timed else dosage.reps
        rows = (
            ("sets", "Sets done", session.sets if session else dosage.sets),
            ("amount", "Hold, seconds" if self.timed else "Reps per set", amount or default_amount),
            ("load", "Load, kg", session.load_kg if session else None),
            ("pain", "Pain during", session.pain if session else None),
        )
        verb = "Edit" if session else "Log"
        with Vertical(classes="dialog", id="session-form"):
            yield Static(headed(f"{verb}: {self.exercise.name}", f"  plan {dosage.describe()}"))
            for field, label, value in rows:
                with Horizontal(classes="row"):
                    yield Label(label, classes="name")
                    yield Input(
                        "" if value is None else f"{value:g}",
                        id=field,
                        compact=True,
                        placeholder="optional" if field in ("load", "pain") else "",
                    )
                yield Label("", id=f"{field}-error", classes="field-problem")
            with Horizontal(classes="row"):
                yield Label("Note", classes="name")
                yield Input(
                    session.note if session else "",
                    id="note",
                    compact=True,
                    max_length=500,
                    placeholder="optional",
                )
            yield Label("", id="note-error", classes="field-problem")
            with Horizontal(classes="row"):
                yield Label("", classes="name")
                yield Checkbox(
                    "For my physio",
                    session.for_clinician if session else False,
                    id="for_clinician",
                    compact=True,
                )
            yield Label("", id="save-problem", classes="field-problem")
            yield Static("[b]enter[/b] save    [b]esc[/b] cancel", classes="keys")

    def on_mount(self) -> None:
        self.query_one("#sets", Input).focus()

    async def on_input_submitted(self) -> None:
        await self.action_save()

    async def on_key(self, event: events.Key) -> None:
        # Enter saves from the mark too, as from the fields above it; space ticks it.
        if event.key == "enter" and isinstance(self.focused, Checkbox):
            event.stop()
            event.prevent_default()
            await self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def action_save(self) -> None:
        text = {field: self.query_one(f"#{field}", Input).value.strip() for field in FIELDS}
        note = self.query_one("#note", Input).value.strip()
        problems: dict[str, str] = {}
        refused = control_problem(note)
        if refused:
            problems["note"] = f"The note {refused}."
        numbers: dict[str, int | None] = {}  # the whole ones
        load: float | None = None
        for field in FIELDS:
            raw = text[field]
            numbers[field] = None
            if not raw:
                if field == "sets":
                    problems[field] = "Required: whole sets from 1 to 50."
                continue
            try:
                if field == "load":
                    load = parse_decimal(raw)
                else:
                    numbers[field] = parse_whole(raw)
            except ValueError:
                problems[field] = "A number, please." if field == "load" else "A whole number."
        if not problems:
            old = self.session
            try:
                session = self.sitbone.journal.session(
                    self.exercise.id,
                    sets=numbers["sets"],
                    reps=None if self.timed else numbers["amount"],
                    hold_s=numbers["amount"] if self.timed else None,
                    load_kg=load,
                    pain=numbers["pain"],
                    at=old.at if old else None,
                    phase=old.phase if old else self.phase,
                    note=note,
                    for_clinician=self.query_one("#for_clinician", Checkbox).value,
                )
            except ValidationError as error:
                problems = _problems(error)
            else:
                if await self.saved(self.save, session):
                    self.dismiss(session)
                return
        for field in (*FIELDS, "note"):
            label = self.query_one(f"#{field}-error", Label)
            label.update(problems.get(field, ""))
            label.set_class(field in problems, "error")
        first = next(f for f in (*FIELDS, "note") if f in problems)
        self.query_one(f"#{first}", Input).focus()


def _problems(error: ValidationError) -> dict[str, str]:
    names = {
        "sets": "sets",
        "reps": "amount",
        "hold_s": "amount",
        "load_kg": "load",
        "pain": "pain",
    }
    ranges = {
        "sets": "Whole sets from 1 to 50.",
        "amount": "From 1 to 500 reps, or 1 to 3600 seconds.",
        "load": "From 0 to 1000 kg.",
        "pain": "A whole number from 0 to 10.",
    }
    found = field_messages(error, names)
    return {
        field if field in ranges else "sets": ranges.get(field, ranges["sets"]) for field in found
    }


class ReasonScreen(Dialog[str | None]):
    """Asks for a reason (an override, a step back); empty is refused at the field."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reason.cancel")]

    def __init__(
        self,
        question: str | Text,
        example: str,
        empty: str = "Type a reason: it is kept with the phase change.",
        save: Save[str] | None = None,
    ) -> None:
        super().__init__()
        self.question, self.example, self.empty = question, example, empty
        self.save = save  # as in SessionForm: the dialog stays until the reason is saved

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            question = self.question
            yield Static(plain(question) if isinstance(question, str) else question)
            yield Input(placeholder=self.example, id="reason", max_length=500)
            yield Label("", id="reason-error", classes="field-problem")
            yield Label("", id="save-problem", classes="field-problem")
            yield Static("[b]enter[/b] confirm    [b]esc[/b] cancel", classes="keys")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        show_limit(event.input, self.query_one("#reason-error", Label), "The reason")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        problem = self.empty if not reason else control_problem(reason)
        if problem:
            label = self.query_one("#reason-error", Label)
            label.update(plain(f"{problem[:1].upper()}{problem[1:]}."))
            label.add_class("error")
            return
        if await self.saved(self.save, reason):
            self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
