"""The check-in form: digits, tab and enter. Problems show at their field; nothing invalid is
handed on. The Pain screen stores what the form submits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar, cast, get_args

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from journal.entry import (
    CONTEXT_NAMES,
    EntryProblems,
    entry_context,
    parse_clock,
    parse_day,
    parse_entry,
)
from rules.text import printable
from store.records import Aggravator, Chair, PainContext, PainEntry
from tui.widgets.limits import show_limit
from tui.widgets.plain import headed

# (field id, label, hint shown beside the field until there is a problem)
NUMBER_ROWS: tuple[tuple[str, str, str], ...] = (
    ("rest", "Rest pain", "0-10, required"),
    ("load_test", "Load test", "0-10, 3 reps: the test of your phase, above"),
    ("activity", "Activity", "0-10, during exercise or a run"),
)
BRIDGE_HINT = "reps to failure: heel on a 60 cm box, knee bent ~20°"
MORE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("stiffness_min", "Stiffness min", "morning stiffness"),
    ("sitting_min", "Sitting min", "sitting before pain starts"),
)
WALK_ROW = ("walk_min", "Brisk walk min", "minutes walked briskly")
AGGRAVATOR_NAMES: dict[str, str] = {
    "sitting": "Sitting",
    "speed-work": "Speed work",
    "hills": "Hills",
    "stretching": "Stretching",
    "deep-hip-flexion": "Deep hip flexion",
    "long-run": "Long run",
    "other": "Other",
}
T = TypeVar("T")


def _or_none(parse: Callable[[str], T], raw: str) -> T | None:
    try:
        return parse(raw.strip())
    except ValueError:
        return None


# Every text field, in the order tab visits them (the first with a problem gets the focus).
TEXT_FIELDS = (
    "rest", "load_test", "activity", "date", "time", "stiffness_min", "sitting_min",
    "bridge_left", "bridge_right", "walk_min", "note",
)  # fmt: skip


class CheckInForm(VerticalScroll):
    """A new entry, or an existing one being edited (`editing` holds its id)."""

    class Submitted(Message):
        def __init__(self, entry: PainEntry, editing: tuple[int, PainEntry] | None) -> None:
            super().__init__()
            self.entry = entry
            self.editing = editing

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.editing: tuple[int, PainEntry] | None = None
        self.hints: dict[str, str] = {}
        # Until the person picks a context, it follows the load test and the entry's time.
        self.context_chosen = False
        # The load test of a day's phase, as (name, how), for the line above the scores.
        self.load_test_on: Callable[[date], tuple[str, str]] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="verdict")
        yield Static("", id="form-title")
        yield Static("", id="load-test-how")
        for field, label, hint in NUMBER_ROWS:
            yield from self._number_row(field, label, hint)
        with Horizontal(classes="row"):
            yield Label("Context", classes="name")
            yield Select(
                [(name, value) for value, name in CONTEXT_NAMES.items()],
                allow_blank=False,
                compact=True,
                id="context",
            )
            yield Label("follows the load test and time", id="context-hint", classes="hint")
        with Horizontal(classes="row"):
            yield Label("Date, time", classes="name")
            yield Input(id="date", compact=True, max_length=10, classes="date")
            yield Input(placeholder="now", id="time", compact=True, max_length=5, classes="time")
            yield self._problem("date", "YYYY-MM-DD, HH:MM")
        yield Label("", id="time-error", classes="problem")
        for field, label, hint in MORE_ROWS:
            yield from self._number_row(field, label, hint)
        with Horizontal(classes="row"):
            yield Label("Chair", classes="name")
            yield Select(
                [(chair.capitalize(), chair) for chair in get_args(Chair)],
                prompt="-",
                compact=True,
                id="chair",
            )
            yield Label("what you sat on", classes="problem hint")
        with Horizontal(classes="row"):
            yield Label("Bridge L, R", classes="name")
            yield Input(
                type="integer", id="bridge_left", compact=True, classes="number", placeholder="__"
            )
            yield Input(
                type="integer", id="bridge_right", compact=True, classes="number", placeholder="__"
            )
            yield self._problem("bridge_left", BRIDGE_HINT)
        yield from self._number_row(*WALK_ROW)
        yield Label("Aggravators (space ticks)", classes="name wide")
        yield SelectionList[str](
            *[(AGGRAVATOR_NAMES[a], a) for a in get_args(Aggravator)], id="aggravators"
        )
        with Horizontal(classes="row"):
            yield Label("Note", classes="name")
            yield Input(placeholder="optional", id="note", compact=True, max_length=2000)
            yield Checkbox("For my physio", id="for_clinician", compact=True)
        yield Label("", id="note-error", classes="problem")
        with Horizontal(id="form-buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Cancel edit (esc)", id="cancel-edit")

    def _number_row(self, field: str, label: str, hint: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="name")
            yield Input(type="integer", id=field, compact=True, classes="number", placeholder="__")
            yield self._problem(field, hint)

    def _problem(self, field: str, hint: str) -> Label:
        self.hints[field] = hint
        return Label(hint, id=f"{field}-error", classes="problem hint")

    def on_mount(self) -> None:
        self.reset()

    # -- state -------------------------------------------------------------------------

    def reset(self) -> None:
        """A blank new entry with defaults for the time of day."""
        now = self.clock()
        self.editing = None
        for field in TEXT_FIELDS:
            self.query_one(f"#{field}", Input).value = ""
        self.query_one("#date", Input).value = now.date().isoformat()
        self.context_chosen = False
        self._follow_context()
        self.query_one("#chair", Select).clear()
        self.query_one("#aggravators", SelectionList).deselect_all()
        self.query_one("#for_clinician", Checkbox).value = False
        self.show_problems({})
        self._title()

    def edit(self, record_id: int, entry: PainEntry) -> None:
        self.reset()
        self.editing = (record_id, entry)
        values = entry.model_dump()
        for field in TEXT_FIELDS:
            if field in values and values[field] is not None and field != "note":
                self.query_one(f"#{field}", Input).value = str(values[field])
        # Shown as text: an old note's control characters become visible symbols.
        self.query_one("#note", Input).value = printable(entry.note)
        self.query_one("#date", Input).value = entry.at.date().isoformat()
        self.query_one("#time", Input).value = f"{entry.at:%H:%M}"
        self._set_context(entry.context)
        self.context_chosen = True
        if entry.chair:
            self.query_one("#chair", Select).value = entry.chair
        aggravators = self.query_one("#aggravators", SelectionList)
        for aggravator in entry.aggravators:
            aggravators.select(aggravator)
        self.query_one("#for_clinician", Checkbox).value = entry.for_clinician
        self._title()

    # -- context and load test -----------------------------------------------------------

    def _set_context(self, context: str) -> None:
        select = self.query_one("#context", Select)
        with select.prevent(Select.Changed):
            select.value = context

    @on(Select.Changed, "#context")
    def _context_picked(self, event: Select.Changed) -> None:
        if not event.select.has_focus_within:
            return  # set by the form itself, not picked by the person
        self.context_chosen = True
        self.query_one("#context-hint", Label).update("chosen")

    @on(Input.Changed, "#load_test, #date, #time")
    def _follow_context(self) -> None:
        """Show, before saving, the context the entry will be filed under."""
        now = self.clock()
        day = _or_none(parse_day, self.query_one("#date", Input).value) or now.date()
        self._show_load_test(day)
        if self.context_chosen:
            return
        at = _or_none(parse_clock, self.query_one("#time", Input).value)
        raw = self.query_one("#load_test", Input).value.strip()
        load_test = int(raw) if raw.isascii() and raw.isdigit() else None
        self._set_context(entry_context(day, at, load_test, now))
        self.query_one("#context-hint", Label).update("follows the load test and time")

    def refresh_load_test(self) -> None:
        now = self.clock()
        day = _or_none(parse_day, self.query_one("#date", Input).value) or now.date()
        self._show_load_test(day)

    def _show_load_test(self, day: date) -> None:
        if self.load_test_on is None:
            return
        name, how = self.load_test_on(day)
        self.query_one("#load-test-how", Static).update(Text(f"Load test: {name}. {how}"))

    def changed_elsewhere(self) -> None:
        """The entry being edited was changed or deleted by another process: say so; saving
        will not overwrite it (the store refuses a change to a record that moved on)."""
        self.query_one("#form-title", Static).update(
            headed(
                "This entry was changed elsewhere.",
                "  Saving will not overwrite it; esc leaves the form.",
            )
        )

    def _title(self) -> None:
        title = self.query_one("#form-title", Static)
        if self.editing is None:
            title.update("[b]New entry[/b]  enter or ctrl+s saves; blank fields are left out")
        else:
            title.update(
                f"[b]Editing the entry of {self.editing[1].at:%a %d %b %H:%M}[/b]  esc cancels"
            )
        self.set_class(self.editing is not None, "-editing")

    def show_verdict(self, text: str | Text) -> None:
        verdict = self.query_one("#verdict", Static)
        verdict.update(text)
        verdict.set_class(bool(text), "shown")

    def show_problems(self, problems: dict[str, str]) -> None:
        for field, hint in {**self.hints, "time": "", "note": ""}.items():
            label = self.query_one(f"#{field}-error", Label)
            problem = problems.get(field)
            if field == "bridge_left":
                problem = problem or problems.get("bridge_right")
            label.update(f"{problem[:1].upper()}{problem[1:]}." if problem else hint)
            label.set_class(problem is None, "hint")
            label.set_class(problem is not None, "error")

    # -- submitting --------------------------------------------------------------------

    def submit(self) -> None:
        text = {field: self.query_one(f"#{field}", Input).value for field in TEXT_FIELDS}
        # allow_blank=False: the Select always holds one of the contexts, never BLANK.
        context = cast(PainContext, self.query_one("#context", Select).value)
        text["context"] = context
        chair = self.query_one("#chair", Select).value
        aggravators = self.query_one("#aggravators", SelectionList).selected
        try:
            entry = parse_entry(
                text,
                aggravators,
                chair if isinstance(chair, str) else None,
                self.clock(),
                for_clinician=self.query_one("#for_clinician", Checkbox).value,
            )
        except EntryProblems as error:
            self.show_problems(error.problems)
            first = next(f for f in TEXT_FIELDS if f in error.problems)
            self.query_one(f"#{first}", Input).focus()
            return
        self.show_problems({})
        self.post_message(self.Submitted(entry, self.editing))

    @on(Input.Changed, "#note")
    def _note_limit(self, event: Input.Changed) -> None:
        show_limit(event.input, self.query_one("#note-error", Label), "The note")

    @on(Input.Submitted)
    def _enter_saves(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_key(self, event: events.Key) -> None:
        # Enter saves from the mark too, as from the fields beside it; space ticks it.
        if event.key == "enter" and isinstance(self.screen.focused, Checkbox):
            event.stop()
            event.prevent_default()
            self.submit()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#cancel-edit")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.reset()
