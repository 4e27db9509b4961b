"""The sitbone App: screens as modes, global keys, start-up checks and the command palette."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer

from rules.text import printable
from store.home import Home
from tui.widgets.host import FileChanged, RunTicked, Started
from tui.widgets.navigation import PALETTE, SCREENS, PaletteEntry

if TYPE_CHECKING:
    from content.loader import Library
    from content.programs import RunProgram
    from journal.journal import Journal
    from journal.run_session import RunController
    from rules.timer import Event
    from store.changes import Change
    from store.records import ActiveRun
    from store.settings import Settings, SettingsError

Clock = Callable[[], datetime]
RUN_POLL_S = 0.1  # how often a running session is brought up to date (display and saving)
LOCK_WAIT_S = 15.0  # how long a write waits for another sitbone to finish its own
WATCH_S = 1.0  # how often the data file is looked at for changes made elsewhere
# The screens whose styles (screens/<name>.tcss) the app loads at start.
STYLED_SCREENS = (
    "dashboard", "learn", "exercises", "pain", "run", "history", "onboarding",
    "problem", "red_flags", "outcome_dialog",
)  # fmt: skip
Written = TypeVar("Written")
# The screen (mode) where each table's records are edited.
EDITED_ON = {"pain": "pain", "exercise_sessions": "exercises", "runs": "run"}
QUIT_QUESTION = "A run is under way: quit? Its progress is saved and offered next time."


def _lazy_screen(module: str, cls: str) -> Callable[[], Screen]:
    # Screens are imported on first visit, so start-up only pays for the Dashboard.
    return lambda: getattr(importlib.import_module(module), cls)()


class SitboneApp(App[None]):
    TITLE = "sitbone"
    # Every style, loaded once at start: each screen's rules are scoped to that screen, so
    # nothing is parsed again when a screen or dialog first opens.
    CSS_PATH = [
        "app.tcss",
        "widgets/modal.tcss",
        *(f"../screens/{name}.tcss" for name in STYLED_SCREENS),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    MODES = {entry.mode: _lazy_screen(entry.module, entry.cls) for entry in SCREENS}
    BINDINGS = [
        *(
            Binding(
                entry.key,
                f"show_screen('{entry.mode}')",
                entry.title,
                show=False,
                id=f"screen.{entry.mode}",
            )
            for entry in SCREENS
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    # The run timer's bell; `m` on Run toggles it, and the choice is kept in settings.yaml.
    sounds = var(True, init=False)

    def __init__(
        self,
        home: Home,
        clock: Clock = datetime.now,
        library: Library | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        run_request: tuple[str | None, int | None] | None = None,
    ) -> None:
        super().__init__()
        self.home = home
        self.clock = clock
        # The run timer's clock: monotonic, so wall-clock changes cannot bend a session.
        self.monotonic = monotonic
        self._library = library  # content given by a test; else loaded by start()
        self._journal: Journal | None = None
        # (program id, stage) to open the Run screen with, from `sitbone run`.
        self.run_request = run_request
        # The walk/run session under way; it lives here so switching screens leaves it be.
        self.current_run: RunController | None = None
        self._poller: Timer | None = None
        self._keymap: dict[str, str] = {}
        # The choices settings.yaml holds as the app last read or wrote it (None until read):
        # a change made in the app is written only when it differs.
        self._kept: dict[str, object] | None = None
        # True once content, data and settings have been checked (see `start`).
        self.ready = False
        # Changes made in this session, newest last: `u` undoes them one by one.
        self.changes: list[Change] = []
        # A change is waiting for another sitbone to finish writing (see `write`).
        self._waiting = False
        # The data file as last seen, to notice writes by other processes (see `_watch`).
        self._seen: tuple[int, int, int] | None = None
        self._watcher: Timer | None = None

    @property
    def journal(self) -> Journal:
        """Every read and every action, shared with the command line."""
        assert self._journal is not None, "the journal is opened by start()"
        return self._journal

    @property
    def library(self) -> Library:
        return self.journal.library

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: messages carry paths, notes, file and program
        names, which must never be read as markup or reach the terminal as control codes."""
        super().notify(
            printable(message), title=printable(title), severity=severity, timeout=timeout,
            markup=False,
        )  # fmt: skip

    async def write(self, write: Callable[[], Written]) -> Written:
        """One change to the store. If another sitbone (a second terminal, a script) is
        writing, wait for it away from the screen, saying so, so the app never freezes; then
        write. StoreBusyError if it has not finished within LOCK_WAIT_S."""
        import asyncio

        from store.errors import StoreBusyError

        store = self.journal.store
        if self._waiting:
            # One change waits at a time: a second one could be based on what is not saved.
            raise StoreBusyError(
                store.path, "still waiting to save your last change; this one was not saved"
            )
        if not store.lock_is_free():
            self.notify(
                "Another sitbone is writing your data file (a second terminal?); waiting "
                "for it to finish. What you typed is kept.",
                timeout=LOCK_WAIT_S,
            )
            self._waiting = True
            try:
                free = await asyncio.to_thread(store.wait_until_free, LOCK_WAIT_S)
            finally:
                self._waiting = False
            if not free:
                raise StoreBusyError(
                    store.path,
                    f"another sitbone is still writing it after {LOCK_WAIT_S:g} s; nothing "
                    "was saved",
                )
        written = write()
        self._seen = self.journal.file_token()  # our own write: nothing to follow
        return written

    def key_for(self, binding_id: str, bindings: Iterable[object] = ()) -> str:
        """The key shown for a binding, after any remapping in settings.yaml; `bindings` are
        a screen's own, searched after the app's."""
        if binding_id in self._keymap:
            key = self._keymap[binding_id].split(",")[0].strip()
            return self.get_key_display(Binding(key, ""))
        for binding in (*self.BINDINGS, *bindings):
            if isinstance(binding, Binding) and binding.id == binding_id:
                return self.get_key_display(Binding(binding.key.split(",")[0], ""))
        return "?"

    def on_mount(self) -> None:
        self.switch_mode("dashboard")
        self.start()

    def start(self) -> None:
        """Check content, data and settings, then fill the Dashboard (and onboard if new).
        The slow part (pydantic, YAML, the data file) runs in a thread, so the Dashboard's
        frame is on the terminal at once and the screen keeps drawing meanwhile."""
        self.ready = False
        self.run_worker(self._open, thread=True, name="open", group="start", exclusive=True)

    def _open(self) -> None:
        """In a worker thread: open the journal, read the settings and the run programs.
        Nothing here touches the screen; the outcome is handed back to the app's thread."""
        from content.loader import ContentError
        from content.programs import ProgramError
        from journal.journal import Journal
        from store.errors import StoreError
        from store.settings import SettingsError, load_settings

        try:
            journal = Journal.open(self.home, self.clock, self._library)
            journal.programs  # noqa: B018  # read here, off the app's thread
        except (ContentError, StoreError, ProgramError) as error:
            self.call_from_thread(self._not_opened, error)
            return
        settings: Settings | SettingsError
        try:
            settings = load_settings(self.home.settings_file)
        except SettingsError as error:
            settings = error
        self.call_from_thread(self._opened, journal, settings)

    def _not_opened(self, error: Exception) -> None:
        from content.loader import ContentError
        from content.programs import ProgramError
        from screens.problem import ContentProblemScreen, RecoveryScreen
        from store.errors import DataFileError

        if isinstance(error, ContentError):
            self.push_screen(ContentProblemScreen(error))
        elif isinstance(error, ProgramError):
            # The built-in program is content like any other: a broken one stops the app.
            self.push_screen(
                ContentProblemScreen(ContentError(error.path, error.field, error.problem))
            )
        elif isinstance(error, DataFileError):
            from journal.recovery import Recovery

            self.push_screen(RecoveryScreen(error, Recovery(self.home, self.clock)))
        else:
            # The folder itself is unusable (a file, no permission): nothing to recover here.
            self.exit(return_code=1, message=printable(f"sitbone: {error}"))

    def _opened(self, journal: Journal, settings: Settings | SettingsError) -> None:
        from store.settings import SettingsError

        self._journal = journal
        journal.mark_later()
        if isinstance(settings, SettingsError):
            self._kept = {"run_sounds": self.sounds, "theme": None}
            self.notify(
                f"{settings}. Using the default keys, sounds and theme.",
                severity="warning",
                timeout=15,
            )
        else:
            self._apply(settings)
        for problem in journal.programs.problems:
            self.notify(f"Run program left out: {problem}", severity="warning", timeout=20)
        self.ready = True
        self.refresh_bindings()
        self.screen.post_message(Started())
        self._watch()
        # Years of records are thousands of objects that live as long as the app: once they
        # are loaded, the garbage collector leaves them be instead of walking them all again
        # in the middle of a key press.
        self.call_after_refresh(gc.freeze)
        if journal.profile() is None:
            from screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen())
            return
        self._after_start()

    def _apply(self, settings: Settings) -> None:
        """Use the keys, sounds and theme of settings.yaml. The theme names are Textual's (and
        the app's): one it does not know is reported, and the default theme is used."""
        self._kept = {"run_sounds": settings.run_sounds, "theme": settings.theme}
        self._keymap = settings.keymap
        self.set_keymap(self._keymap)
        self.sounds = settings.run_sounds
        if settings.theme is None:
            return
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            self.notify(
                f"{self.home.settings_file}: theme: no theme is named '{settings.theme}' (the "
                "palette's Theme command lists them). Using the default theme.",
                severity="warning",
                timeout=15,
            )

    def watch_sounds(self, on: bool) -> None:
        self._keep("run_sounds", on, f"Sounds {'on' if on else 'off'}")

    def watch_theme(self, theme: str) -> None:
        self._keep("theme", theme, f"The theme {theme}")

    def _keep(self, setting: str, value: object, chosen: str) -> None:
        """Write a choice made in the app to settings.yaml, the rest of the file kept as it
        is. A file that cannot be read is never written over: the choice then lasts for this
        session, and the notification says why."""
        from store.errors import StoreError
        from store.settings import SettingsError, save_settings

        if self._kept is None or self._kept.get(setting) == value:
            return  # settings not read yet, or nothing new (the value just read, say)
        try:
            save_settings(self.home.settings_file, {setting: value})
        except SettingsError as error:
            self.notify(
                f"{chosen} for this session only: {error}. settings.yaml was left as it is; "
                "once it is corrected, choices like this one are kept in it.",
                severity="warning",
                timeout=15,
            )
            return
        except StoreError as error:
            self.notify(f"{chosen} for this session only: {error}", severity="error", timeout=10)
            return
        self._kept[setting] = value

    def _after_start(self) -> None:
        """Offer to resume a session a dropped connection left, or open a requested one."""
        interrupted = self.journal.interrupted_run() if self.current_run is None else None
        if interrupted is not None:
            from screens.run_dialogs import ResumeRunScreen

            self.push_screen(ResumeRunScreen(interrupted), self._resume_answered)
        elif self.run_request is not None:
            self.switch_mode("run")

    def _resume_answered(self, answer: str | None) -> None:
        from store.errors import StoreError

        interrupted = self.journal.interrupted_run()
        if interrupted is None:
            return
        try:
            if answer == "resume":
                program = self.journal.programs.get(interrupted.program)
                if program is None:
                    self.notify(
                        f"Program '{interrupted.program}' is no longer available; "
                        "the session was saved as partial instead.",
                        severity="warning",
                    )
                    answer = "save"
                else:
                    self.begin_run(program, interrupted.stage, resume_from=interrupted)
                    self.switch_mode("run")
                    return
            if answer == "save":
                saved = self.journal.save_interrupted()
                if saved is not None:
                    self.ask_how_it_went(saved, "Saved as a partial session.")
            elif answer == "discard":
                self.journal.discard_interrupted()
                self.notify("Interrupted session discarded.")
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
        self.screen.post_message(Started())

    # -- following the file ---------------------------------------------------------------

    def _watch(self) -> None:
        """Follow the data file: when another process (the command line, a second terminal)
        changes it, the screen on view redraws within WATCH_S. A stat a second costs next to
        nothing; forms and dialogs keep what is typed (the screens decide what to redraw)."""
        self._seen = self.journal.file_token()
        if self._watcher is None:
            self._watcher = self.set_interval(WATCH_S, self._check_file, name="file-watch")

    def on_unmount(self) -> None:
        if self.ready:
            self.journal.settle()  # the next command finds the last write vouched for

    def _check_file(self) -> None:
        if not self.ready or self._exit:
            return
        self.journal.settle()  # between key presses: vouch for what was written
        token = self.journal.file_token()
        if token != self._seen:
            self._seen = token
            self.screen.post_message(FileChanged())

    # -- the run under way -------------------------------------------------------------

    def begin_run(
        self, program: RunProgram, stage: int, resume_from: ActiveRun | None = None
    ) -> RunController:
        """Make the session the app keeps; it is polled from now on, whatever the screen."""
        self.current_run = self.journal.run_controller(
            program, stage, self.monotonic, resume_from=resume_from
        )
        self._start_polling()
        return self.current_run

    def _start_polling(self) -> None:
        if self._poller is None:
            self._poller = self.set_interval(RUN_POLL_S, self.poll_run, name="run-poll")

    def _follow_run(self) -> None:
        """Poll while a session is running, and only then: a paused or finished session, or
        none at all, needs no timer waking the app ten times a second."""
        run = self.current_run
        if run is not None and run.timer.running:
            self._start_polling()
        elif self._poller is not None:
            self._poller.stop()
            self._poller = None

    def poll_run(self) -> None:
        """Bring the session up to date; ring, flash and tell the screen what happened."""
        from store.errors import StoreError

        run = self.current_run
        if run is None or not run.timer.running or not self.is_running or self._exit:
            if run is None or run.timer.started:
                self._follow_run()  # none, paused or over: no more polling until resumed
            return  # nothing to do, or the app is closing (its screens are going)
        try:
            events = run.poll()
        except StoreError as error:
            self.notify(f"Progress not saved: {error}", severity="error", timeout=5)
            events = []
        self.announce(events)
        # A change of segment is shown when it happens, not at the next tenth of a second.
        view = run.view()
        left = view.lead_in if view.lead_in > 0 else view.segment_left
        if view.running and 0 < left < RUN_POLL_S:
            self.set_timer(left, self.poll_run, name="run-segment-change")

    def announce(self, events: list[Event]) -> None:
        from rules.timer import Countdown, Finished, SegmentStarted

        for event in events:
            if isinstance(event, (SegmentStarted, Countdown, Finished)) and self.sounds:
                self.bell()
            if isinstance(event, (SegmentStarted, Finished)):
                self._flash()
        self.screen.post_message(RunTicked(events))
        if any(isinstance(event, Finished) for event in events):
            self.run_finished()
        self._follow_run()

    def run_finished(self) -> None:
        """The session is saved already; now ask how it went (it may be skipped)."""
        from store.records import RunSession

        run = self.current_run
        if run is None or run.saved is None:
            return
        self.current_run = None
        assert isinstance(run.saved.after, RunSession)
        heading = (
            "Session complete and saved."
            if run.saved.after.completed
            else "Session over and saved as partial: a run segment was skipped."
        )
        self.ask_how_it_went(run.saved, heading)

    def ask_how_it_went(self, saved: Change, heading: str) -> None:
        """Keep `saved` for undo, then ask pain during and effort and amend the session."""
        from screens.run_dialogs import RunAfterForm
        from store.errors import StaleRecordError, StoreError
        from store.records import RunSession, Table

        self.changes.append(saved)
        old = saved.after
        assert isinstance(old, RunSession)

        async def save(new: RunSession) -> bool:
            try:
                change = await self.write(
                    lambda: self.journal.edit(Table.RUNS, saved.record_id, old, new)
                )
            except (StoreError, StaleRecordError) as error:
                self.notify(f"Pain and effort not saved: {error}", severity="error", timeout=10)
                return False
            self.changes.append(change)
            self.notify("Saved. Tomorrow morning's check-in completes the 24-hour response.")
            self.screen.post_message(RunTicked([]))
            return True

        def answered(new: RunSession | None) -> None:
            if new is None or new == old:
                self.notify("Add pain during later on the Run screen's Runs tab (e).")
            elif old.pain_during != new.pain_during:
                self.ask_about_avulsion(new.pain_during)

        self.push_screen(RunAfterForm(old, heading, save=save), answered)

    def _fatal_error(self) -> None:
        """An unhandled error: say what and where in one line, and exit non-zero. Textual's
        own report shows local variables, and those hold the person's scores and notes."""
        from rich.text import Text
        from textual.worker import WorkerFailed

        error: BaseException | None = self._exception
        if isinstance(error, WorkerFailed):
            error = error.error  # what went wrong in the worker (e.g. opening the journal)
        tb = error.__traceback__ if error is not None else None
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        place = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else ""
        kind = type(error).__name__ if error is not None else "error"
        self.bell()
        self._return_code = 1
        self._exit_renderables.append(
            Text(
                f"sitbone stopped on an unexpected error ({kind}{place}). What was saved is "
                "safe in your data file. Set SITBONE_DEBUG=1 to see the details."
            )
        )
        if os.environ.get("SITBONE_DEBUG"):
            super()._fatal_error()
            return
        self._close_messages_no_wait()

    def _flash(self) -> None:
        """The nav bar (and the Run screen's live panel) flash: only they are restyled."""
        from tui.widgets.navbar import NavBar

        flashing = [*self.screen.query(NavBar), *self.screen.query("#run-live")]
        for widget in flashing:
            widget.add_class("-flash")

        def done() -> None:
            for widget in flashing:
                widget.remove_class("-flash")

        self.set_timer(0.4, done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until start-up checks pass and a profile exists, only the current screen is reachable.
        if action == "show_screen":
            return self.ready and not self.onboarding_open
        return True

    @property
    def onboarding_open(self) -> bool:
        from screens.onboarding import OnboardingScreen

        return isinstance(self.screen, OnboardingScreen) and self.screen.first_run

    async def action_quit(self) -> None:
        """Quit; with a session under way, ask first (a stray q should not end a run), then
        save it exactly where it is, to resume next time."""
        from tui.widgets.confirm import ConfirmScreen

        run = self.current_run
        if run is None or not run.active:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen) and self.screen.question == QUIT_QUESTION:
            return  # already asking

        def answered(yes: bool | None) -> None:
            if yes:
                self._save_run_and_exit()

        self.push_screen(ConfirmScreen(QUIT_QUESTION), answered)

    def _save_run_and_exit(self) -> None:
        from store.errors import StoreError

        run = self.current_run
        if run is not None and run.active:
            # If this save fails, the last one (at most 30 s old) stands.
            with contextlib.suppress(StoreError):
                run.save_progress()
        self.exit()

    def action_show_screen(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_clinician_report(self) -> None:
        """Write the clinician report (HTML, the last 12 weeks) and say where it is."""
        from journal.report.write import DEFAULT_WEEKS, ReportPathError, write_report
        from store.errors import StoreError
        from store.settings import SettingsError

        if not self.ready or self.onboarding_open:
            return
        try:
            path = write_report(self.journal)
        except (ReportPathError, StoreError, SettingsError, OSError) as error:
            self.notify(f"No report written: {error}", severity="error", timeout=10)
            return
        self.notify(
            f"Report of the last {DEFAULT_WEEKS} weeks written to {path}. Open it in a "
            "browser to read or print it; `sitbone report --format pdf` makes a PDF.",
            timeout=20,
        )

    def open_record(self, table: str, record_id: int) -> None:
        """Show the record on the screen where it is edited, its edit begun (from History)."""
        if table == "red_flag_history":
            self.action_red_flags()
            return
        mode = EDITED_ON.get(table)
        if mode is None:
            self.notify("That record is kept as it happened.")
            return
        self.run_worker(self._open_record(mode, table, record_id), group="open-record")

    async def _open_record(self, mode: str, table: str, record_id: int) -> None:
        from tui.widgets.record_screen import RecordScreen

        if self.current_mode != mode:
            await self.switch_mode(mode)
        screen = self.screen
        if isinstance(screen, RecordScreen):
            # After the screen's first frame, when a first visit has set up its tabs.
            screen.call_after_refresh(screen.open_record, table, record_id)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_red_flags(self) -> None:
        from screens.red_flags import RedFlagsScreen

        if self.ready and not self.onboarding_open and not isinstance(self.screen, RedFlagsScreen):
            self.push_screen(RedFlagsScreen())

    def ask_about_avulsion(self, pain: int | None, phase: int | None = None) -> None:
        """After a run, or a phase-3 or phase-4 session, with pain in the red zone: ask once
        about the signs of a torn tendon, and record the red flag if the answer is yes."""
        from rules.red_flags import AVULSION
        from store.errors import StoreError
        from tui.widgets.confirm import ConfirmScreen

        question = self.journal.avulsion_question(pain, phase)
        if question is None:
            return

        async def answered(yes: bool | None) -> None:
            profile = self.journal.profile()
            if not yes or profile is None:
                return
            try:
                await self.write(lambda: self.journal.raise_flags([AVULSION]))
            except StoreError as error:
                self.notify(f"Not recorded: {error}", severity="error", timeout=10)
                return
            self.notify(
                "Red flag recorded: see a doctor within days. Advancing and running are "
                "paused until a clinician has seen you.",
                severity="warning",
                timeout=15,
            )
            self.screen.post_message(Started())

        self.push_screen(ConfirmScreen(f"{question}\n\nRecord it as a red flag?"), answered)

    def action_edit_profile(self) -> None:
        from screens.onboarding import OnboardingScreen

        if self.ready and not self._exit and not isinstance(self.screen, OnboardingScreen):
            self.push_screen(OnboardingScreen(profile=self.journal.profile()))

    def action_export(self) -> None:
        """Write every record as JSON (what `sitbone export --format json` prints) into the
        reports folder, beside the clinician report, and say where."""
        from store.errors import StoreError

        if not self.ready or self.onboarding_open:
            return
        try:
            target = self.journal.export_to_reports()
        except StoreError as error:
            self.notify(f"Nothing exported: {error}", severity="error", timeout=10)
            return
        self.notify(
            f"Every record exported as JSON to {target}. `sitbone export` writes it anywhere "
            "else, or as CSV.",
            timeout=20,
        )

    def press_on(self, entry: PaletteEntry) -> None:
        """Do what the keys of `entry` do: switch to its screen, then run their actions there,
        once the screen is drawn (a first visit sets up its tabs and content first)."""
        self.run_worker(self._press_on(entry), group="palette", exclusive=True)

    async def _press_on(self, entry: PaletteEntry) -> None:
        if self.current_mode != entry.mode:
            await self.switch_mode(entry.mode)
        screen = self.screen
        if not isinstance(screen, _screen_class(entry.mode)):
            self.notify("A dialog is open there: finish or close it first.", severity="warning")
            return

        async def press() -> None:
            for binding_id in entry.bindings:
                action = next(b.action for b in _bindings(entry.mode) if b.id == binding_id)
                if not await self.run_action(action, screen):
                    self.notify(entry.refused, severity="warning", timeout=10)
                    return

        screen.call_after_refresh(press)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: each screen and each main action, with the keys that do the same."""
        if self.ready and not self.onboarding_open and self.journal.profile() is not None:
            for entry in SCREENS:
                key = self.key_for(f"screen.{entry.mode}")
                yield SystemCommand(
                    f"Go to {entry.title}",
                    f"Switch to the {entry.title} screen ({key})",
                    lambda mode=entry.mode: self.action_show_screen(mode),
                )
            for command in PALETTE:
                if not command.during_run and self.current_run is not None:
                    continue
                keys = [self.key_for(f"screen.{command.mode}")]
                keys += [
                    self.key_for(binding_id, _bindings(command.mode))
                    for binding_id in command.bindings
                ]
                yield SystemCommand(
                    command.title,
                    f"{command.help} ({', '.join(keys)})",
                    lambda command=command: self.press_on(command),
                )
            report = self.key_for("history.report", _bindings("history"))
            yield SystemCommand(
                "Clinician report",
                "Write the one-page report for your physio (HTML, last 12 weeks) "
                f"({self.key_for('screen.history')}, {report})",
                self.action_clinician_report,
            )
            yield SystemCommand(
                "Export (JSON)",
                "Write every record as JSON into the reports folder (no key; the command line: "
                "sitbone export)",
                self.action_export,
            )
        yield SystemCommand(
            "Help: keys", f"List every key ({self.key_for('app.help')})", self.action_help
        )
        # Textual's own, two of them said in sitbone's terms.
        said = {
            "Theme": "Change the colours; the choice is kept in settings.yaml",
            "Quit": f"Quit; with a run under way, it asks first ({self.key_for('app.quit')})",
        }
        for textual_command in super().get_system_commands(screen):
            title = textual_command.title
            if title == "Screenshot":
                continue  # it would save the screen, health data, to the Downloads folder
            yield textual_command._replace(help=said.get(title, textual_command.help))


def _screen_class(mode: str) -> type[Screen]:
    """The class of a mode's screen (imported on first use, as the screen itself is)."""
    entry = next(entry for entry in SCREENS if entry.mode == mode)
    cls: type[Screen] = getattr(importlib.import_module(entry.module), entry.cls)
    return cls


def _bindings(mode: str) -> list[Binding]:
    """A mode's screen's bindings, its own and those it inherits, as its keys see them."""
    return [
        binding
        for cls in _screen_class(mode).__mro__
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
    ]
