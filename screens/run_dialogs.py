"""Dialogs of the Run screen: how a session went (pain during, effort), ending a session
early, resuming one a dropped connection left, and choosing a program."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from content.programs import ProgramCatalog, clock_text
from journal.running import describe_run
from rules.text import control_problem, printable
from store.records import ActiveRun, RunSession
from tui.widgets.dialog import Dialog, Save
from tui.widgets.limits import show_limit
from tui.widgets.plain import cell, headed

EFFORTS = (
    ("easy", "easy: could talk in full sentences"),
    ("steady", "steady: a few words at a time"),
    ("hard", "hard: could not talk"),
)


class RunAfterForm(Dialog[RunSession | None]):
    """Pain during (0-10) and effort for a saved session; returns the amended session."""

    BINDINGS = [
        # Enter saves from any field, the effort choices included (space picks one there).
        Binding("enter,ctrl+s", "save", "Save", id="run_after.save", priority=True),
        Binding("escape", "cancel", "Later", id="run_after.cancel"),
    ]

    def __init__(self, run: RunSession, heading: str, save: Save[RunSession] | None = None) -> None:
        super().__init__()
        self.run, self.heading = run, heading
        self.save = save  # the form stays until the amended session is saved

    def compose(self) -> ComposeResult:
        run = self.run
        with Vertical(classes="dialog", id="run-after"):
            yield Static(headed(self.heading, f"\n{describe_run(run).capitalize()}."))
            with Horizontal(classes="row"):
                yield Label("Pain during, 0-10", classes="name")
                pain = "" if run.pain_during is None else str(run.pain_during)
                yield Input(pain, id="pain", compact=True, placeholder="0-10")
            yield Label("", id="pain-error", classes="field-problem")
            yield Label("Effort (arrows, then space):", classes="name")
            with RadioSet(id="effort"):
                for value, label in EFFORTS:
                    yield RadioButton(label, value=run.effort == value, id=f"effort-{value}")
            with Horizontal(classes="row"):
                yield Label("Note", classes="name")
                yield Input(printable(run.note), id="note", compact=True, max_length=500)
                yield Checkbox("For my physio", run.for_clinician, id="for_clinician", compact=True)
            yield Label("", id="note-error", classes="field-problem")
            yield Label("", id="save-problem", classes="field-problem")
            yield Static(
                "[b]enter[/b] save    [b]esc[/b] later (the session is saved already)",
                classes="keys",
            )

    def on_mount(self) -> None:
        self.query_one("#pain", Input).focus()

    @on(Input.Changed, "#note")
    def _note_limit(self, event: Input.Changed) -> None:
        show_limit(event.input, self.query_one("#note-error", Label), "The note")

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def action_save(self) -> None:
        raw = self.query_one("#pain", Input).value.strip()
        problem = ""
        pain: int | None = None
        if not raw:
            problem = "Required: pain during the run, 0 (none) to 10."
        elif not raw.isdigit() or not 0 <= int(raw) <= 10:
            problem = "A whole number from 0 to 10."
        else:
            pain = int(raw)
        label = self.query_one("#pain-error", Label)
        label.update(problem)
        label.set_class(bool(problem), "error")
        if problem:
            self.query_one("#pain", Input).focus()
            return
        pressed = self.query_one("#effort", RadioSet).pressed_button
        effort = pressed.id.removeprefix("effort-") if pressed and pressed.id else None
        note = self.query_one("#note", Input).value.strip()
        note_problem = control_problem(note)
        note_label = self.query_one("#note-error", Label)
        note_label.update(f"The note {note_problem}." if note_problem else "")
        note_label.set_class(bool(note_problem), "error")
        if note_problem:
            self.query_one("#note", Input).focus()
            return
        amended = self.sitbone.journal.after_run(
            self.run,
            pain=pain,
            effort=effort,
            note=note,
            for_clinician=self.query_one("#for_clinician", Checkbox).value,
        )
        if amended == self.run or await self.saved(self.save, amended):
            self.dismiss(amended)


class EndRunScreen(Dialog[str | None]):
    """x while running: save what was done as a partial session, or discard it."""

    BINDINGS = [
        Binding("s", "answer('save')", "Save partial", id="end_run.save"),
        Binding("d", "answer('discard')", "Discard", id="end_run.discard"),
        Binding("escape", "answer(None)", "Keep going", id="end_run.keep"),
    ]

    def __init__(self, done: str) -> None:
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]End the session now?[/b] {self.done} done; the timer is paused.")
            yield Static(
                "[b]s[/b] save as partial    [b]d[/b] discard    [b]esc[/b] keep going",
                classes="keys",
            )

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class ResumeRunScreen(Dialog[str | None]):
    """At start-up: a session was under way when the app last stopped."""

    BINDINGS = [
        Binding("r", "answer('resume')", "Resume", id="resume_run.resume"),
        Binding("s", "answer('save')", "Save partial", id="resume_run.save"),
        Binding("d", "answer('discard')", "Discard", id="resume_run.discard"),
        Binding("escape", "answer(None)", "Decide later", id="resume_run.later"),
    ]

    def __init__(self, progress: ActiveRun) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        p = self.progress
        with Vertical(classes="dialog"):
            yield Static(
                headed(
                    "A run was interrupted.",
                    f"\nStage {p.stage} of '{p.program}', started "
                    f"{p.started:%a %d %b %H:%M}: {clock_text(p.seconds_done())} done, last "
                    f"saved {p.saved:%H:%M:%S}.\nResume carries on paused where it stopped; "
                    "the time away is not counted.",
                )
            )
            yield Static(
                "[b]r[/b] resume    [b]s[/b] save as partial    [b]d[/b] discard    "
                "[b]esc[/b] decide later",
                classes="keys",
            )

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class ProgramPicker(Dialog[str | None]):
    """Choose a run program; custom files that could not be read are listed with why."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="program_picker.cancel")]

    def __init__(self, catalog: ProgramCatalog, current: str) -> None:
        super().__init__()
        self.catalog, self.current = catalog, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="program-picker"):
            yield Static("[b]Run program[/b] (custom ones come from your programs/ folder)")
            yield OptionList(
                *(Option(cell(f"{p.name}  (id {p.id})"), id=p.id) for p in self.catalog.programs),
                id="programs",
            )
            if self.catalog.problems:
                problems = "\n".join(f"- {problem}" for problem in self.catalog.problems)
                yield Static(headed("Left out:", f"\n{problems}"), id="program-problems")
            yield Static("[b]enter[/b] choose    [b]esc[/b] cancel", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one("#programs", OptionList)
        ids = [p.id for p in self.catalog.programs]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
