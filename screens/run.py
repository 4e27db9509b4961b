"""Run: the return-to-run program and its interval timer, and the sessions done so far.

The session itself lives on the app (see tui/run_session.py), so this screen can come and go
while it runs; it draws whatever the app's session is doing whenever the app polls it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Digits, ProgressBar, Static, TabbedContent, TabPane

from content.programs import RunProgram, clock_text
from journal.run_session import RunController
from journal.running import RunState
from rules.gates import GateResult
from rules.run import Outcome
from rules.text import one_line, printable
from rules.timer import Event
from store.errors import StoreError
from store.records import RunSession, Table
from tui.widgets.criteria import append_criteria
from tui.widgets.hanging import HangingText
from tui.widgets.host import FileChanged, RunTicked, Started
from tui.widgets.live import KIND_WORD
from tui.widgets.plain import cell, plain
from tui.widgets.record_screen import RecordScreen
from tui.widgets.tables import MARK, Item, PagedHistory, Row

TIMER, RUNS = "tab-timer", "tab-runs"
OUTCOME_STYLE = {
    Outcome.PASS: "green",
    Outcome.REPEAT: "yellow",
    Outcome.STEP_BACK: "red",
    Outcome.PENDING: "",
}


def rest_after(days: int) -> str:
    """A stage's rest, e.g. 'Rest 2 days after.'; with none, the next day is allowed."""
    if days == 0:
        return "No rest day needed after: the next session may be the next day."
    return f"Rest {days} {'day' if days == 1 else 'days'} after."


class RunScreen(RecordScreen):
    MODE = "run"
    TAB_ACTIONS: ClassVar[dict[str, str]] = {
        "start": TIMER,
        "pause": TIMER,
        "resume": TIMER,
        "skip": TIMER,
        "back": TIMER,
        "end": TIMER,
        "program": TIMER,
        "stage": TIMER,
        "override": TIMER,
        "edit": RUNS,
        "delete": RUNS,
    }
    BINDINGS = [
        Binding("t", "tab('tab-timer')", "Timer", id="run.timer"),
        Binding("r", "tab('tab-runs')", "Runs", id="run.runs"),
        # One key, three meanings: the footer shows the one that applies.
        Binding("space", "start", "Start", id="run.start"),
        Binding("space", "pause", "Pause", id="run.pause"),
        Binding("space", "resume", "Resume", id="run.resume"),
        Binding("n", "skip", "Next segment", id="run.skip"),
        Binding("b", "back", "Restart segment", id="run.back"),
        Binding("x", "end", "End", id="run.end"),
        Binding("p", "program", "Program", id="run.program"),
        Binding("minus", "stage(-1)", "Stage -", id="run.stage_down"),
        Binding("plus,equals_sign", "stage(1)", "Stage +", id="run.stage_up"),
        Binding("m", "sounds", "Sounds", id="run.sounds"),
        Binding("o", "override", "Unlock", id="run.override"),
        Binding("e,enter", "edit", "Pain/effort", id="run.edit"),
        Binding("d", "delete", "Delete", id="run.delete"),
        Binding("u", "undo", "Undo", id="run.undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: RunState | None = None
        self.program_id: str | None = None
        self.stage: int | None = None
        self.history: PagedHistory | None = None

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="run-tabs", initial=TIMER):
            with TabPane("Timer (t)", id=TIMER), Vertical(id="timer-pane"):
                with VerticalScroll(id="run-setup", can_focus=True):
                    yield HangingText(id="setup-text")
                with Vertical(id="run-live"):
                    with Horizontal(id="live-top"):
                        yield Static(id="segment-word")
                        yield Static(id="segment-info")
                    yield Digits("0:00", id="countdown")
                    yield Static(id="next-segment")
                    # Above the bars, on the left: clear of notifications (see run.tcss).
                    yield Static(id="live-times")
                    with Horizontal(classes="bar-row"):
                        yield Static("Segment", classes="bar-name")
                        # A total from the start: an indeterminate bar animates, hidden or not.
                        yield ProgressBar(total=1, id="segment-bar", show_eta=False)
                    with Horizontal(classes="bar-row"):
                        yield Static("Session", classes="bar-name")
                        yield ProgressBar(total=1, id="session-bar", show_eta=False)
            with TabPane("Runs (r)", id=RUNS), Vertical(id="runs-pane"):
                yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
                yield Static(id="runs-page", classes="page-line")
                yield Static(id="run-verdict")

    def on_mount(self) -> None:
        runs = self.query_one("#runs", DataTable)
        runs.add_columns("When", "Stage", "Time", "Done", "Pain", "Effort", "Outcome")
        self.history = PagedHistory(runs, self.query_one("#runs-page", Static), "Runs")
        self.query_one("#run-setup").focus()

    def on_screen_resume(self) -> None:
        app = self.sitbone
        if app.ready and (app.run_request is not None or app.current_run is not None):
            self.reload()  # a session to show as it is now
        else:
            self.redraw_on_resume(self.reload)

    def on_started(self, _: Started) -> None:
        self.reload()

    def on_file_changed(self, _: FileChanged) -> None:
        self.reload()

    def on_run_ticked(self, message: RunTicked) -> None:
        if self.sitbone.current_run is None:
            self.reload()  # over: back to the setup, the new run in the table
        else:
            self._live()  # a tick or a new segment: only the live panel changes

    # -- drawing -----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        app = self.sitbone
        request = app.run_request
        if request is not None:
            # From `sitbone run --program ID --stage N`: that session, ready to start.
            app.run_request = None
            self.program_id, self.stage = request
        if app.current_run is not None:
            self.program_id, self.stage = app.current_run.program.id, app.current_run.stage
        state = app.journal.running(self.program_id)
        self.state = state
        self.program_id = state.program.id
        if self.stage is None or self.stage > len(state.program.stages):
            self.stage = state.next.stage
        pane = self.query_one("#timer-pane")
        live = app.current_run is not None and app.current_run.timer.started
        pane.set_class(live, "-live")
        pane.set_class(not live, "-idle")
        if live:
            self._live()
        else:
            self._setup(state)
        self._runs(state, keep)
        self.refresh_bindings()

    def _setup(self, state: RunState) -> None:
        self.query_one("#setup-text", HangingText).show(
            lambda width: self._setup_text(state, width)
        )

    def _setup_text(self, state: RunState, width: int) -> Text:
        text = Text()
        if state.refusal:
            text.append(f"{state.refusal}\n\n", style="bold red")
        if not state.unlocked:
            self._locked(text, state, width)
        else:
            self._plan(text, state)
        return text

    def _locked(self, text: Text, state: RunState, width: int) -> None:
        app = self.sitbone
        text.append("Running unlocks in phase 4.\n", style="bold")
        text.append(
            f"You are in phase {state.phase}. Running loads the tendon hard, so it comes back "
            "once these criteria hold (the exit gate of phase 3):\n\n"
        )
        program = app.journal.program()
        gate: GateResult | None = program.gate if state.phase == 3 else program.previews.get(3)
        if gate is not None:
            append_criteria(text, gate, width)
        key = self.key("run.override")
        text.append(
            f"\nIf your physio has cleared you, press {key} to unlock running with a reason; "
            "it holds until your phase changes."
        )

    def _plan(self, text: Text, state: RunState) -> None:
        app, program = self.sitbone, state.program
        stage = program.stage(self.stage or state.next.stage)
        today = app.clock().date()
        if state.monitored:
            text.append("Monitored running. ", style="bold")
            text.append(
                "You told sitbone you run now, so it watches your running from day one instead "
                "of stopping it. Log each run at the stage closest to what you run (or use this "
                "timer); each is judged like any other: pain during and the next morning.\n"
                f"Phase {state.phase}: {app.library.phase(state.phase).running}\n\n"
            )
        text.append(one_line(program.name), style="bold")
        text.append(f"  stage {stage.stage} of {len(program.stages)}")
        if stage.stage != state.next.stage:
            text.append(f" (suggested: {state.next.stage})", style="yellow")
        text.append("\n")
        text.append(f"{stage.describe()}\n")
        text.append(f"{clock_text(stage.total_s())} in all. Effort: {program.effort}. ")
        text.append(f"{rest_after(stage.rest_days)}\n")
        if stage.note:
            text.append(f"{stage.note}\n")
        text.append(f"{program.every_stage}\n")
        text.append("\nWhy this stage: ", style="bold")
        text.append(f"{state.next.reason}\n")
        warning = state.next.too_soon(today)
        if warning:
            text.append(f"{warning}\n", style="bold yellow")
        if state.next.complete and program.after:
            text.append(f"{program.after}\n")
        if state.unlock is not None:
            text.append(
                printable(
                    f"Unlocked before phase 4 on {state.unlock.at:%a %d %b}: "
                    f"{state.unlock.reason}\n"
                ),
                style="dim",
            )
        sounds = "on" if app.sounds else "off"
        text.append(
            f"\nSounds {sounds}. Press {self.key('run.start')} to start; "
            f"{self.key('run.stage_down')} and {self.key('run.stage_up')} change the "
            f"stage, {self.key('run.program')} the program."
        )

    def _live(self) -> None:
        run = self.sitbone.current_run
        if run is None:
            return
        view = run.view()
        total = len(run.timer.plan)
        word = self.query_one("#segment-word", Static)
        if view.lead_in > 0:
            word.update(" GET READY ")
            kind = "ready"
        else:
            word.update(f" {KIND_WORD[view.segment.kind]} ")
            kind = view.segment.kind
        for name in ("walk", "run", "ready"):
            word.set_class(name == kind, f"-{name}")
        paused = "" if view.running else "  PAUSED"
        self.query_one("#segment-info", Static).update(
            cell(
                f"segment {view.index + 1} of {total} · stage {run.stage} · "
                f"{run.program.name}{paused}"
            )
        )
        # Whole seconds, rounded up: "0:01" is the last second, and 0:00 never shows mid-run.
        left = view.lead_in if view.lead_in > 0 else view.segment_left
        self.query_one("#countdown", Digits).update(clock_text(left + 0.999))
        following = view.next
        after = (
            f"Next: {KIND_WORD[following.kind]} {clock_text(following.seconds)}"
            if following
            else "Next: the end"
        )
        if view.run_in is not None:
            after += f"   RUN in {view.run_in}"
        self.query_one("#next-segment", Static).update(after)
        segment_bar = self.query_one("#segment-bar", ProgressBar)
        segment_bar.update(
            total=view.segment.seconds, progress=view.segment.seconds * view.segment_fraction
        )
        session_bar = self.query_one("#session-bar", ProgressBar)
        session_bar.update(total=1.0, progress=view.session_fraction)
        sounds = "on" if self.sitbone.sounds else "off"
        self.query_one("#live-times", Static).update(
            Text(
                f"Elapsed {clock_text(view.elapsed)}\n"
                f"Remaining {clock_text(view.remaining + 0.999)}\n"
                f"Sounds {sounds} ({self.key('run.sounds')})"
            )
        )

    def _runs(self, state: RunState, keep: int | None) -> None:
        def row(item: Item) -> Row:
            record_id, run = item
            verdict = state.verdicts[record_id]
            return (
                str(record_id),
                (
                    f"{run.at:%a %d %b %H:%M}" + (f" {MARK}" if run.for_clinician else ""),
                    str(run.stage),
                    clock_text(run.seconds_done),
                    "yes" if run.completed else "partial",
                    "" if run.pain_during is None else str(run.pain_during),
                    run.effort or "",
                    Text(verdict.outcome.label, style=OUTCOME_STYLE[verdict.outcome]),
                ),
            )

        if self.history is not None:
            self.history.show(state.runs, row, keep)
        self._verdict()

    def paged(self) -> PagedHistory | None:
        return self.history if self.active_tab == RUNS else None

    @on(DataTable.RowSelected, "#runs")
    def _enter_edits(self) -> None:
        # The table takes enter for itself: pass it on, so enter does what e does.
        self.action_edit()

    @on(DataTable.RowHighlighted, "#runs")
    def _verdict(self) -> None:
        chosen = self.selected_run()
        label = self.query_one("#run-verdict", Static)
        if self.state is None:
            return
        suggestion = f"Next: stage {self.state.next.stage}. {self.state.next.reason}"
        if chosen is None:
            label.update(plain(f"No runs of this program yet.\n{suggestion}"))
            return
        verdict = self.state.verdicts[chosen[0]]
        run = chosen[1]
        marked = " (for my physio)" if run.for_clinician else ""
        line = Text(f"{run.at:%a %d %b}{marked}: ")
        line.append(verdict.outcome.label, style=OUTCOME_STYLE[verdict.outcome])
        line.append(f", {verdict.reason}.")
        if run.note:
            line.append(printable(f" Note: {run.note}"))
        line.append(f"\n{suggestion}")
        label.update(line)

    # -- selection ---------------------------------------------------------------------

    def selected_run(self) -> tuple[int, RunSession] | None:
        table = self.query_one("#runs", DataTable)
        if self.state is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return None
        return next((pair for pair in reversed(self.state.runs) if pair[0] == int(key)), None)

    @property
    def program(self) -> RunProgram | None:
        return self.state.program if self.state else None

    # -- keys ----------------------------------------------------------------------------

    def key(self, binding_id: str) -> str:
        return self.sitbone.key_for(binding_id, self.BINDINGS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        run = self.sitbone.current_run if self.sitbone.ready else None
        started = run is not None and run.timer.started
        unlocked = self.state is not None and self.state.unlocked
        if action == "start":
            return not started and unlocked
        if action == "pause":
            return started and run is not None and run.timer.running
        if action == "resume":
            return started and run is not None and not run.timer.running
        if action in ("skip", "back", "end"):
            return started
        if action in ("program", "stage"):
            return not started and unlocked
        if action == "override":
            return not unlocked and self.state is not None
        if action in ("edit", "delete"):
            return self.state is not None and bool(self.state.runs)
        return True

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#run-setup" if tab == TIMER else "#runs").focus()

    def action_start(self) -> None:
        app, program, stage = self.sitbone, self.program, self.stage
        if program is None or stage is None or app.current_run is not None:
            return
        if self.state is not None and self.state.refusal:
            self.notify(self.state.refusal, severity="error", timeout=15)
            return
        try:
            run = app.begin_run(program, stage)
            run.start()
        except StoreError as error:
            app.current_run = None
            self.notify(f"Not started: {error}", severity="error", timeout=10)
            return
        self.reload()

    def action_pause(self) -> None:
        self._control(lambda run: run.toggle())

    def action_resume(self) -> None:
        self._control(lambda run: run.toggle())

    def action_skip(self) -> None:
        self._control(lambda run: run.skip())

    def action_back(self) -> None:
        self._control(lambda run: run.back())

    def _control(self, act: Callable[[RunController], list[Event]]) -> None:
        app = self.sitbone
        if app.current_run is None:
            return
        try:
            events = act(app.current_run)
        except StoreError as error:
            self.notify(f"Progress not saved: {error}", severity="error", timeout=10)
            events = []
        app.announce(events)
        self.reload()

    @work
    async def action_end(self) -> None:
        from screens.run_dialogs import EndRunScreen

        app = self.sitbone
        run = app.current_run
        if run is None:
            return
        was_running = run.timer.running
        if was_running:
            self._control(lambda r: r.toggle())
        done = clock_text(run.timer.elapsed(app.monotonic()))
        answer = await self.app.push_screen_wait(EndRunScreen(done))
        if app.current_run is not run:
            return  # finished meanwhile (it cannot while paused, but be safe)
        if answer is None:
            if was_running:
                self._control(lambda r: r.toggle())
            return
        try:
            saved = run.end(keep=answer == "save")
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
            return
        app.current_run = None
        self.reload()
        if saved is not None:
            app.ask_how_it_went(saved, "Saved as a partial session.")
        else:
            self.notify("Session discarded; nothing saved.")

    @work
    async def action_program(self) -> None:
        from screens.run_dialogs import ProgramPicker

        app = self.sitbone
        catalog = app.journal.reload_programs()
        chosen = await self.app.push_screen_wait(ProgramPicker(catalog, self.program_id or ""))
        if chosen is not None and chosen != self.program_id:
            self.program_id, self.stage = chosen, None
        self.reload()

    def action_stage(self, step: int) -> None:
        if self.program is None or self.stage is None:
            return
        self.stage = min(max(self.stage + step, 1), len(self.program.stages))
        self.reload()

    def action_sounds(self) -> None:
        app = self.sitbone
        app.sounds = not app.sounds
        self.notify(f"Sounds {'on' if app.sounds else 'off'} (the flash stays).")
        self.reload()

    @work
    async def action_override(self) -> None:
        from screens.session_form import ReasonScreen

        app, state = self.sitbone, self.state
        if state is None or state.unlocked:
            return
        refusal = app.journal.refusal("Unlocking running")
        if refusal:
            self.notify(refusal, severity="error", timeout=15)
            return

        async def unlock(reason: str) -> bool:
            if not await self.apply_change(lambda: app.journal.unlock_running(reason)):
                return False
            self.notify("Running unlocked until your phase changes.")
            return True

        await self.app.push_screen_wait(
            ReasonScreen(
                f"Unlock running in phase {state.phase}, before the phase 3 gate is passed. "
                "Why? (kept with your data)",
                "e.g. my physio cleared me to start walk/run",
                "Type a reason: it is kept with your data.",
                save=unlock,
            )
        )

    def open_record(self, table: str, record_id: int) -> None:
        run = dict(self.sitbone.journal.runs()).get(record_id)
        if run is None:
            self.notify("That run is no longer there.", severity="warning")
            return
        if run.program != self.program_id and self.sitbone.current_run is None:
            # Runs are listed by program: show the program of that run.
            self.program_id, self.stage = run.program, None
        self.action_tab(RUNS)
        self.reload(keep=record_id)
        chosen = self.selected_run()
        if chosen is None or chosen[0] != record_id:
            self.notify(f"That run's program ({run.program}) is not shown now.", severity="warning")
            return
        self.action_edit()

    @work
    async def action_edit(self) -> None:
        from screens.run_dialogs import RunAfterForm

        chosen = self.selected_run()
        if chosen is None:
            return
        record_id, old = chosen
        journal = self.sitbone.journal

        async def save(new: RunSession) -> bool:
            change = await self.apply_change(lambda: journal.edit(Table.RUNS, record_id, old, new))
            return change is not None

        await self.app.push_screen_wait(RunAfterForm(old, "Pain and effort", save=save))

    @work
    async def action_delete(self) -> None:
        chosen = self.selected_run()
        if chosen is not None:
            run = chosen[1]
            question = f"Delete the run of {run.at:%a %d %b %H:%M} (stage {run.stage})?"
            await self.delete_after_asking(Table.RUNS, chosen, question)
