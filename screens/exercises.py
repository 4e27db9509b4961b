"""Exercises: today's checklist for your phase, the gate of every phase (advance, step back),
and past sessions (edit, delete, undo)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Markdown, Static, TabbedContent, TabPane

from content.models import Exercise
from journal.program import ProgramState, rest_day
from store.records import ExerciseSession, Table
from tui.widgets.criteria import append_criteria
from tui.widgets.hanging import HangingText
from tui.widgets.plain import cell, headed
from tui.widgets.record_screen import RecordScreen
from tui.widgets.tables import MARK, PagedHistory, Row, fill_table

TODAY, GATE, SESSIONS = "tab-today", "tab-gate", "tab-sessions"


def how_to(exercise: Exercise) -> str:
    """The details panel: dosage, numbered steps, cues, what to avoid, sources."""
    d = exercise.dosage
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(exercise.how_to, start=1))
    cues = "\n".join(f"- {cue}" for cue in exercise.cues)
    avoid = "\n".join(f"- {item}" for item in exercise.avoid)
    caution = f"\n\n> {exercise.caution}" if exercise.caution else ""
    kit = ", ".join(exercise.equipment) or "none"
    return (
        f"## {exercise.name}\n\n**{d.describe()}**, rest {d.rest_s} s between sets, "
        f"{exercise.days_per_week} days a week. Equipment: {kit}.\n\n"
        f"Tempo: {d.tempo}\n\nLoad: {d.load}{caution}\n\n"
        f"### How to\n\n{steps}\n\n### Cues\n\n{cues}\n\n### Avoid\n\n{avoid}\n\n"
        f"### Sources\n\n" + "\n".join(f"- {s}" for s in exercise.sources)
    )


class ExercisesScreen(RecordScreen):
    TAB_ACTIONS: ClassVar[dict[str, str]] = {
        "add_set": TODAY,
        "log": TODAY,
        "advance": GATE,
        "step_back": GATE,
        "edit": SESSIONS,
        "delete": SESSIONS,
    }
    MODE = "exercises"
    BINDINGS = [
        Binding("c", "tab('tab-today')", "Checklist", id="exercises.checklist"),
        Binding("g", "tab('tab-gate')", "Gate", id="exercises.gate"),
        Binding("s", "tab('tab-sessions')", "Sessions", id="exercises.sessions"),
        Binding("space", "add_set", "Set done", id="exercises.add_set"),
        Binding("l", "log", "Log sets", id="exercises.log"),
        Binding("a", "advance", "Advance", id="exercises.advance"),
        Binding("b", "step_back", "Step back", id="exercises.step_back"),
        Binding("e", "edit", "Edit", id="exercises.edit"),
        Binding("d", "delete", "Delete", id="exercises.delete"),
        Binding("u", "undo", "Undo", id="exercises.undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: ProgramState | None = None
        self.checklist: list[Exercise] = []
        self._details_of: str | None = None  # the exercise whose how-to is shown
        self._sessions_stale = True  # the Sessions tab is filled when it is shown
        self.history: PagedHistory | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="program-status")
        with TabbedContent(id="exercise-tabs", initial=TODAY):
            with TabPane("Checklist (c)", id=TODAY), Horizontal(id="checklist-pane"):
                yield DataTable(id="checklist", cursor_type="row")
                with VerticalScroll(id="details"):
                    yield Markdown(id="how-to")
            with TabPane("Gates (g)", id=GATE), VerticalScroll(id="gates"):
                yield HangingText(id="gate-view")
            with TabPane("Sessions (s)", id=SESSIONS), Vertical(id="sessions-pane"):
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield Static(id="sessions-page", classes="page-line")

    def on_mount(self) -> None:
        checklist = self.query_one("#checklist", DataTable)
        checklist.add_columns("Done", "Exercise")
        sessions = self.query_one("#sessions", DataTable)
        sessions.add_columns("When", "Exercise", "Ph", "Sets", "Reps/hold", "Load", "Pain")
        self.history = PagedHistory(sessions, self.query_one("#sessions-page", Static), "Sessions")
        checklist.focus()

    def on_screen_resume(self) -> None:
        self.redraw_on_resume(self.reload)

    # -- drawing -----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        state = self.sitbone.journal.program()
        self.state = state
        self._checklist(state)
        self._status(state)
        self.query_one("#gate-view", HangingText).show(lambda width: self._gates(state, width))
        self._sessions_stale = True
        if self.active_tab == SESSIONS:
            self._sessions(keep)
        self.refresh_bindings()

    def paged(self) -> PagedHistory | None:
        return self.history if self.active_tab == SESSIONS else None

    @on(TabbedContent.TabActivated)
    def _fill_sessions_when_shown(self) -> None:
        if self.active_tab == SESSIONS and self._sessions_stale:
            self._sessions(None)

    def _status(self, state: ProgramState) -> None:
        app = self.sitbone
        finished, total = state.progress(self.checklist)
        status = headed(
            f"Phase {state.phase.number}: {state.phase.name}",
            f", day {state.day_in_phase}. Today: {finished} of {total} exercises done.",
        )
        flare = state.flare_advice(app.library.pain_model.thresholds())
        if flare:
            status.append(f"\n{flare}", style="bold")
        advice = rest_day(state, app.library, state.today)
        if advice:
            status.append(f"\n{advice}")
        self.query_one("#program-status", Static).update(status)

    def _checklist(self, state: ProgramState) -> None:
        table = self.query_one("#checklist", DataTable)
        self.checklist = self.sitbone.library.phase_exercises(state.phase.number)
        done = state.done_today()
        rows: list[Row] = []
        for exercise in self.checklist:
            found = done.get(exercise.id)
            sets = found[1].sets if found else 0
            mark = "[x]" if sets >= exercise.dosage.sets else "[ ]"
            # Cells are text, never markup: "[x]" is a tick, not a tag.
            rows.append(
                (exercise.id, (cell(f"{mark} {sets}/{exercise.dosage.sets}"), cell(exercise.name)))
            )
        row = table.cursor_row
        # A set ticked changes one row: only that row is written.
        fill_table(table, rows)
        if self.checklist:
            target = min(max(row, 0), len(self.checklist) - 1)
            if target != table.cursor_row:
                table.move_cursor(row=target)
            self._show_details()

    @on(DataTable.RowSelected, "#checklist")
    def _enter_logs(self) -> None:
        self.action_log()

    @on(DataTable.RowSelected, "#sessions")
    def _enter_edits(self) -> None:
        self.action_edit()

    @on(DataTable.RowHighlighted, "#checklist")
    def _show_details(self) -> None:
        exercise = self.highlighted()
        # Rendering Markdown is slow: only when another exercise is highlighted.
        if exercise is not None and exercise.id != self._details_of:
            self._details_of = exercise.id
            self.query_one("#how-to", Markdown).update(how_to(exercise))

    def _gates(self, state: ProgramState, width: int) -> Text:
        library = self.sitbone.library
        text = Text()
        for phase in library.phases:
            if phase.number < state.phase.number:
                status = "done"
            elif phase.number == state.phase.number:
                status = "current"
            else:
                status = "locked"
            text.append(f"Phase {phase.number}: {phase.name} ({status})\n", style="bold")
            if not phase.gate:
                text.append("  The last phase: no exit gate.\n\n")
                continue
            if phase.number == state.phase.number and state.gate is not None:
                gate = state.gate
                verdict = "passed" if gate.passed else f"{gate.met} of {len(gate.criteria)} met"
                text.append(f"  Exit gate to phase {gate.next_phase}: {verdict}\n")
                append_criteria(text, gate, width)
                keys = "a advance" + ("" if gate.passed else " (with a reason: an override)")
                if state.phase.number > 1:
                    keys += ", b step back"
                text.append(f"  {keys}\n")
                refusal = self.sitbone.journal.refusal("Advancing a phase")
                if refusal:
                    text.append(f"  {refusal}\n", style="bold red")
                text.append("\n")
            elif phase.number in state.previews:
                text.append(
                    "  Exit gate as it stands today (training days count once you are here):\n"
                )
                append_criteria(text, state.previews[phase.number], width)
                text.append("\n")
        return text

    def _sessions(self, keep: int | None) -> None:
        if self.state is None or self.history is None:
            return
        library = self.sitbone.library

        def row(item: tuple[int, ExerciseSession]) -> Row:
            record_id, s = item
            exercise = library.exercise(s.exercise)
            amount = f"{s.reps} reps" if s.reps else f"{s.hold_s} s" if s.hold_s else ""
            return (
                str(record_id),
                (
                    f"{s.at:%a %d %b %H:%M}",
                    # The mark after the name: that column is as wide as the longest name.
                    cell(
                        (exercise.name if exercise else s.exercise)
                        + (f" {MARK}" if s.for_clinician else "")
                    ),
                    str(s.phase),
                    str(s.sets),
                    amount,
                    "" if s.load_kg is None else f"{s.load_kg:g} kg",
                    "" if s.pain is None else str(s.pain),
                ),
            )

        self.history.show(self.state.sessions, row, keep)
        self._sessions_stale = False

    # -- selection -----------------------------------------------------------------------

    def highlighted(self) -> Exercise | None:
        table = self.query_one("#checklist", DataTable)
        if not self.checklist or table.cursor_row < 0:
            return None
        return self.checklist[min(table.cursor_row, len(self.checklist) - 1)]

    def selected_session(self) -> tuple[int, ExerciseSession] | None:
        table = self.query_one("#sessions", DataTable)
        if self.state is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return None
        found = next((pair for pair in reversed(self.state.sessions) if pair[0] == int(key)), None)
        return found

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        # Hidden, not greyed, where they can do nothing: no phase before 1, no gate after 4.
        if action == "step_back" and self.state and self.state.phase.number == 1:
            return False
        return not (action == "advance" and self.state and self.state.gate is None)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {TODAY: "#checklist", SESSIONS: "#sessions", GATE: "#gates"}[tab]
        self.query_one(target).focus()

    def open_record(self, table: str, record_id: int) -> None:
        self.action_tab(SESSIONS)
        self.reload(keep=record_id)
        chosen = self.selected_session()
        if chosen is None or chosen[0] != record_id:
            self.notify("That session is no longer there.", severity="warning")
            return
        self.action_edit()

    # -- logging -------------------------------------------------------------------------

    @work
    async def action_add_set(self) -> None:
        """One more set of today's highlighted exercise, at the planned reps or hold."""
        exercise = self.highlighted()
        if exercise is not None:
            journal = self.sitbone.journal
            await self.apply_change(lambda: journal.add_set(exercise))

    @work
    async def action_log(self) -> None:
        from screens.session_form import SessionForm

        exercise, state = self.highlighted(), self.state
        if exercise is None or state is None:
            return
        found = state.done_today().get(exercise.id)
        journal = self.sitbone.journal

        async def save(session: ExerciseSession) -> bool:
            if found is None:
                change = await self.apply_change(lambda: journal.log_session(session))
            else:
                record_id, old = found
                change = await self.apply_change(
                    lambda: journal.edit(Table.EXERCISE_SESSIONS, record_id, old, session)
                )
            return change is not None

        result = await self.app.push_screen_wait(
            SessionForm(
                exercise,
                state.phase.number,
                found[1] if found else None,
                save=save,
            )
        )
        if result is not None and (found is None or found[1].pain != result.pain):
            self.sitbone.ask_about_avulsion(result.pain, result.phase)

    @work
    async def action_edit(self) -> None:
        from screens.session_form import SessionForm

        chosen = self.selected_session()
        if chosen is None:
            return
        record_id, old = chosen
        exercise = self.sitbone.library.exercise(old.exercise)
        if exercise is None:
            self.notify(
                f"'{old.exercise}' is no longer in the exercise library.", severity="warning"
            )
            return
        journal = self.sitbone.journal

        async def save(session: ExerciseSession) -> bool:
            change = await self.apply_change(
                lambda: journal.edit(Table.EXERCISE_SESSIONS, record_id, old, session)
            )
            return change is not None

        result = await self.app.push_screen_wait(SessionForm(exercise, old.phase, old, save=save))
        if result is not None and old.pain != result.pain:
            self.sitbone.ask_about_avulsion(result.pain, result.phase)

    @work
    async def action_delete(self) -> None:
        chosen = self.selected_session()
        if chosen is not None:
            session = chosen[1]
            exercise = self.sitbone.library.exercise(session.exercise)
            name = exercise.name if exercise else session.exercise
            question = f"Delete the session of {name} on {session.at:%a %d %b %H:%M}?"
            await self.delete_after_asking(Table.EXERCISE_SESSIONS, chosen, question)

    # -- phases --------------------------------------------------------------------------

    @work
    async def action_advance(self) -> None:
        from screens.session_form import ReasonScreen
        from tui.widgets.confirm import ConfirmScreen

        state = self.state
        if state is None or state.gate is None:
            return
        journal = self.sitbone.journal
        refusal = journal.refusal("Advancing a phase")
        if refusal:
            self.notify(refusal, severity="error", timeout=15)
            return
        gate = state.gate
        target = self.sitbone.library.phase(gate.next_phase or gate.phase)

        async def move(reason: str) -> bool:
            if not await self.apply_change(lambda: journal.advance(reason)):
                return False
            self.notify(f"Now in phase {target.number}: {target.name}.")
            return True

        if gate.passed:
            question = f"The gate has passed. Move to phase {target.number}: {target.name}?"
            if await self.app.push_screen_wait(ConfirmScreen(question)):
                await move("")
            return
        unmet = "; ".join(c.label for c in gate.unmet)
        await self.app.push_screen_wait(
            ReasonScreen(
                headed(
                    "Not yet met:",
                    f" {unmet}.\nTo move to phase {target.number} anyway, "
                    "type why (it is kept with the change):",
                ),
                "e.g. my physio cleared me",
                save=move,
            )
        )

    @work
    async def action_step_back(self) -> None:
        from screens.session_form import ReasonScreen

        state = self.state
        if state is None or state.phase.number == 1:
            return
        target = self.sitbone.library.phase(state.phase.number - 1)
        journal = self.sitbone.journal

        async def move(reason: str) -> bool:
            if not await self.apply_change(lambda: journal.step_back(reason)):
                return False
            self.notify(f"Back in phase {target.number}: {target.name}.")
            return True

        await self.app.push_screen_wait(
            ReasonScreen(
                f"Step back to phase {target.number}: {target.name}. Why?",
                "e.g. flare after hills",
                save=move,
            )
        )
