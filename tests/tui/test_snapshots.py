"""Pictures of each screen at 80x24 (and the small 60x20), compared with approved SVGs.

One app per starting home takes every picture of that home in turn, the way a person would
move through the screens (each picture is still its own approved file, test_<picture>.svg,
and `--snapshot-update` still rewrites it). Each picture is taken as pytest-textual-snapshot
takes one: the keys pressed, animations and the screen settled, then the screen exported."""

from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from filelock import FileLock
from pytest_textual_snapshot import (
    PseudoApp,
    PseudoConsole,
    SVGImageExtension,
    node_to_report_path,
)
from rich.console import Console
from textual.widgets import Static

from store import Home
from tests.conftest import fixed_clock, until_started, wait_for
from tui.app import SitboneApp


class OnePicturePerFile(SVGImageExtension):
    """Picture `name` of any test in this module is kept in test_<name>.svg."""

    @classmethod
    def get_snapshot_name(cls, *, test_location, index=0) -> str:
        return f"test_{index}"


class Camera:
    def __init__(self, snapshot, request: pytest.FixtureRequest) -> None:
        self.snapshot = snapshot.use_extension(OnePicturePerFile)
        self.request = request
        self.mismatched: list[str] = []

    async def take(self, pilot, name: str, *keys: str) -> None:
        """Press `keys`, let the screen settle, and compare the picture with the approved one.
        Every picture is taken and compared; the test fails at the end if any differed."""
        app = pilot.app
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        svg = app.export_screenshot(title=app.title, simplify=True)
        matched = self.snapshot(name=name) == svg
        if not matched:
            self.mismatched.append(name)
        self._report(name, matched, svg)

    def _report(self, name: str, matched: bool, svg: str) -> None:
        # What pytest-textual-snapshot's report (snapshot_report.html) reads, one per picture.
        snapshot = self.snapshot
        index = snapshot.num_executions - 1
        result = snapshot.executions.get(index)
        exists = bool(result and result.final_data is not None)
        console = Console(legacy_windows=False, force_terminal=True)
        node = self.request.node
        full_path, line_number, _ = node.reportinfo()
        data = (
            matched, str(snapshot), svg,
            PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
            full_path, line_number, f"test_{name}", "", "", exists,
        )  # fmt: skip
        path = node_to_report_path(node)
        path.with_name(f"{path.name}_{name}").write_bytes(pickle.dumps(data))

    def check(self) -> None:
        differ = self.mismatched
        assert not differ, f"pictures that differ from the approved ones: {differ}"


@pytest.fixture
def camera(snapshot, request: pytest.FixtureRequest) -> Camera:
    return Camera(snapshot, request)


def run(home: Home, size: tuple[int, int], **kwargs):
    """The app under test as pytest-textual-snapshot runs it: notifications and tooltips on."""
    app = SitboneApp(home=home, clock=fixed_clock, **kwargs)
    return app.run_test(size=size, notifications=True, tooltips=True)


async def trends_drawn(pilot) -> None:
    # The chart module loads and mounts on first use; the summary below it is written once
    # the chart is drawn.
    screen = pilot.app.screen

    def drawn() -> bool:
        summary = screen.query_one("#trend-summary", Static)
        return bool(screen.query("#trend-plot")) and bool(str(summary.render()))

    await wait_for(pilot, drawn, "the trend chart")


async def test_the_demo_home(camera: Camera, demo_home: Home) -> None:
    running = run(demo_home, (80, 24))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "dashboard")
        await camera.take(pilot, "help", "question_mark")
        await camera.take(pilot, "learn_page", "escape", "2", "down", "enter")
        await camera.take(pilot, "history", "6")
        await camera.take(pilot, "history_weekly", "w")
        await pilot.press("4", "t")
        await trends_drawn(pilot)
        await camera.take(pilot, "pain_trends")
        await camera.take(pilot, "pain_check_in", "n", "2", "tab", "3")
        await camera.take(pilot, "pain_history", "escape", "h")
        await camera.take(pilot, "exercise_gate", "3", "g")
        await camera.take(pilot, "exercise_sessions", "s")
        # Phase 3, running unlocked: the next run and why, then the runs and their outcomes.
        await camera.take(pilot, "run_unlocked", "5")
        await camera.take(pilot, "run_history", "r")
        # Last: a set ticked off changes what the other screens show.
        await camera.take(pilot, "exercise_checklist", "3", "c", "space", "down")
    camera.check()


async def test_the_demo_home_small(camera: Camera, demo_home: Home) -> None:
    # A screen first shown at another size keeps some of its layout (wrapped lines, scroll
    # positions): the small pictures come from an app started small.
    running = run(demo_home, (60, 20))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "dashboard_small")
        await camera.take(pilot, "learn_small", "2")
        await camera.take(pilot, "history_small", "6")
        await camera.take(pilot, "history_weekly_small", "w")
        await pilot.press("4", "t")
        await trends_drawn(pilot)
        await camera.take(pilot, "pain_trends_small")
    camera.check()


class _Monotonic:
    now = 500.0

    def __call__(self) -> float:
        return self.now


async def test_the_run_screen_before_running(camera: Camera, pain_demo_home: Home) -> None:
    # Check-ins only: phase 1, so running is locked behind the criteria still to meet.
    running = run(pain_demo_home, (80, 24))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "run_locked", "5")
    camera.check()


async def test_the_run_screen_in_phase_4(camera: Camera, pain_demo_home: Home) -> None:
    from tests.tui.test_run_flows import in_phase_4

    # No runs of its own: the timer starts the program at stage 1.
    in_phase_4(pain_demo_home)
    clock = _Monotonic()
    running = run(pain_demo_home, (80, 24), monotonic=clock)
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "run_plan", "5")
        await pilot.press("space")
        # Seven minutes in, as polled by the app: the second run of stage 1.
        for _ in range(int(420.5 * 2)):
            clock.now += 0.5
            pilot.app.poll_run()
        # The flash fades on a real-time timer; take the picture without it.
        for flashing in pilot.app.screen.query(".-flash"):
            flashing.remove_class("-flash")
        await pilot.pause()
        await pilot.pause()
        await camera.take(pilot, "run_timer_running")
        await pilot.resize_terminal(60, 20)
        await camera.take(pilot, "run_timer_small")
    camera.check()


async def test_an_open_red_flag(camera: Camera, demo_home: Home) -> None:
    from journal.safety import raise_flags
    from store import Store

    store = Store(demo_home, fixed_clock)
    raise_flags(store, store.profile(), ["avulsion"], fixed_clock())
    running = run(demo_home, (60, 20))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "red_flag_review_small", "f")
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await camera.take(pilot, "dashboard_with_an_open_red_flag")
        await camera.take(pilot, "red_flag_review", "f")
    camera.check()


async def test_onboarding(camera: Camera, home: Home) -> None:
    running = run(home, (80, 24))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "onboarding")
    camera.check()


async def test_recovery(camera: Camera) -> None:
    # A fixed folder: the screen shows the file's path, which must not vary between runs. Two
    # suites running at once take turns with it.
    folder = Path("/tmp/sitbone-snapshot-recovery")
    with FileLock(str(Path(tempfile.gettempdir()) / "sitbone-snapshot-recovery.lock")):
        home = Home(folder)
        shutil.rmtree(home.root, ignore_errors=True)
        home.ensure()
        home.data_file.write_text("not json at all")
        try:
            running = run(home, (80, 24))
            async with running as pilot:
                await until_started(pilot)
                await camera.take(pilot, "recovery")
        finally:
            shutil.rmtree(home.root, ignore_errors=True)
    camera.check()


async def test_forms_with_the_mark_for_the_physio_small(camera: Camera, demo_home: Home) -> None:
    from datetime import timedelta

    from content.loader import load_library
    from store import Store
    from store.records import ExerciseSession, PainEntry, RunSession
    from tests.conftest import NOW

    # One record of each kind marked for the physio, the newest of its list.
    store = Store(demo_home, fixed_clock)
    at = NOW - timedelta(minutes=30)
    store.add(
        "pain",
        PainEntry(at=at, rest=1, note="Ached after the hills; ask about it", for_clinician=True),
    )
    exercise = load_library().phase_exercises(3)[0]
    store.add(
        "exercise_sessions",
        ExerciseSession(at=at, exercise=exercise.id, phase=3, sets=3, reps=8, for_clinician=True),
    )
    store.add(
        "runs",
        RunSession(
            at=at, program="sitbone", stage=1, completed=True, seconds_done=1680,
            pain_during=2, effort="easy", note="Windy", for_clinician=True,
        ),
    )  # fmt: skip
    running = run(demo_home, (60, 20))
    async with running as pilot:
        await until_started(pilot)
        await camera.take(pilot, "session_form_marked_small", "3", "s", "enter")
        await camera.take(pilot, "run_after_marked_small", "escape", "5", "r", "e")
        await pilot.press("escape", "4", "h", "e")
        await pilot.pause()
        pilot.app.screen.query_one("#for_clinician").focus()  # scrolls the form to the note
        await camera.take(pilot, "pain_note_marked_small")
    camera.check()
