"""The Run screen by keyboard: a tiny custom program timed start to finish with an injected
monotonic clock, pause, skip, back, end, switching screens, resume after a crash, quitting.
One app per starting home, each walking through what a person does there; unlocking running
before phase 4 is in tests/tui/test_safety_flows.py, after a red flag is cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Digits, Input, ProgressBar, Static

from screens.dashboard import DashboardScreen
from screens.run import RunScreen
from screens.run_dialogs import EndRunScreen, ProgramPicker, ResumeRunScreen, RunAfterForm
from store import Home, Store
from store.records import ActiveRun, PhaseChange, RunSession, SegmentDone
from tests.conftest import NOW, fixed_clock, until_started, wait_for
from tui.app import QUIT_QUESTION, SitboneApp

TINY = """\
id: tiny
name: Tiny test plan
stages:
  - stage: 1
    rest_days: 1
    segments:
      - {kind: walk, seconds: 5}
      - {repeat: 2, segments: [{kind: run, seconds: 4}, {kind: walk, seconds: 3}]}
  - stage: 2
    rest_days: 1
    segments:
      - {kind: run, seconds: 6}
      - {kind: walk, seconds: 2}
"""
TINY_TOTAL = 5 + 2 * (4 + 3)


class FakeMonotonic:
    """The timer's clock, moved on by the test: no waiting for real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def in_phase_4(home: Home) -> None:
    store = Store(home, fixed_clock)
    for step, phase in enumerate((1, 2, 3)):
        store.add(
            "phase_history",
            PhaseChange(
                at=NOW - timedelta(days=30 - step),
                from_phase=phase,
                to_phase=phase + 1,
                reason="gate passed",
            ),
        )


@pytest.fixture
def run_home(profiled_home: Home) -> Home:
    in_phase_4(profiled_home)
    profiled_home.programs_dir.mkdir()
    (profiled_home.programs_dir / "tiny.yaml").write_text(TINY)
    return profiled_home


class Rig:
    def __init__(self, home: Home, **kwargs) -> None:
        self.clock = FakeMonotonic()
        self.app = SitboneApp(home=home, clock=fixed_clock, monotonic=self.clock, **kwargs)
        self.bells = 0

        def ring() -> None:
            self.bells += 1

        self.app.bell = ring  # type: ignore[method-assign]

    async def tick(self, pilot, seconds: float) -> None:
        """Let `seconds` pass on the timer's clock, polled every half second like the app."""
        steps = int(seconds / 0.5)
        for _ in range(steps):
            self.clock.now += 0.5
            self.app.poll_run()
        self.clock.now += seconds - steps * 0.5
        self.app.poll_run()
        await pilot.pause()


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_run(pilot) -> RunScreen:
    await until_started(pilot)
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RunScreen)
    return pilot.app.screen


async def test_a_bad_program_stage_keys_sounds_switching_screens_ending_and_quitting(
    run_home: Home,
) -> None:
    (run_home.programs_dir / "broken.yaml").write_text(
        "id: broken\nname: Broken\nstages:\n  - stage: 1\n    segments:\n"
        "      - {kind: jog, seconds: 60}\n"
    )
    rig = Rig(run_home)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        # A bad custom program is named and the app still starts.
        await until_started(pilot)
        messages = [n.message for n in rig.app._notifications]
        assert any("broken.yaml" in m and "stages[0].segments[0].kind" in m for m in messages)
        screen = await open_run(pilot)
        await pilot.press("p")
        await pilot.pause()
        picker = rig.app.screen
        assert isinstance(picker, ProgramPicker)
        assert "broken.yaml" in str(picker.query_one("#program-problems", Static).render())
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Tiny test plan" in text(rig.app.screen, "#setup-text")

        # Stage keys, and the sounds toggle.
        await pilot.press("plus")
        await pilot.pause()
        assert "stage 2 of 2" in text(screen, "#setup-text")
        assert "(suggested: 1)" in text(screen, "#setup-text")
        await pilot.press("plus", "minus")
        await pilot.pause()
        assert "stage 1 of 2" in text(screen, "#setup-text")
        await pilot.press("m", "space")

        # Switching screens neither stops nor disturbs the timer.
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(rig.app.screen, DashboardScreen)
        await rig.tick(pilot, 6.0)
        assert rig.bells == 0 and not rig.app.sounds
        today = str(rig.app.screen.query_one("#today", Static).render())
        assert "Run under way: RUN" in today and "segment 2 of 5" in today
        await pilot.press("4", "3", "5")
        await rig.tick(pilot, 1.5)
        assert rig.app.screen is screen
        assert screen.query_one("#countdown", Digits).value == "0:02"  # 7.5 s in: 1.5 left
        assert rig.app.current_run is not None
        assert rig.app.current_run.view().elapsed == pytest.approx(7.5)

        # Ending early: the question pauses the run; keep going, discard, or save a partial.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(rig.app.screen, EndRunScreen)
        await rig.tick(pilot, 30)  # paused while asking
        await pilot.press("escape")  # keep going
        await pilot.pause()
        assert rig.app.current_run is not None and rig.app.current_run.timer.running
        assert rig.app.current_run.view().elapsed == pytest.approx(7.5)

        await pilot.press("x", "d")  # discard
        await pilot.pause()
        assert rig.app.current_run is None
        assert Store(run_home).runs() == [] and Store(run_home).active_run() is None

        await pilot.press("space")
        await rig.tick(pilot, 9.0)
        await pilot.press("x", "s")  # save as partial
        await pilot.pause()
        assert isinstance(rig.app.screen, RunAfterForm)
        await pilot.press("escape")  # pain later
        await pilot.pause()
        [(_, run)] = Store(run_home).runs()
        assert not run.completed and run.seconds_done == 9 and run.pain_during is None

        # Quitting mid-session saves it exactly where it is.
        await pilot.press("space")
        await rig.tick(pilot, 6.0)
        rig.clock.now += 0.25  # not polled: only the quit can save this
        await pilot.press("q")  # asks first: a stray q does not end a run
        await pilot.pause()
        assert rig.app.screen.question == QUIT_QUESTION
        await pilot.press("n")
        await pilot.pause()
        assert rig.app.is_running and rig.app.current_run is not None
        await pilot.press("q", "q", "y")  # a second q while asking changes nothing
        await pilot.pause()
        assert not rig.app.is_running
    progress = Store(run_home).active_run()
    assert progress is not None
    assert progress.index == 1 and progress.position_s == pytest.approx(1.25)


async def test_sitbone_run_opens_a_session_then_a_whole_one_is_timed_and_logged(
    run_home: Home,
) -> None:
    rig = Rig(run_home, run_request=("tiny", 2))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        # `sitbone run tiny 2` opens the requested session ready to start.
        await until_started(pilot)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, RunScreen), "the Run screen")
        screen = rig.app.screen
        assert isinstance(screen, RunScreen)
        assert "Tiny test plan" in text(screen, "#setup-text")
        assert "stage 2 of 2" in text(screen, "#setup-text")
        await pilot.press("space")
        await pilot.pause()
        # Stage 2 opens with a run: three seconds to get ready, counted down.
        assert "GET READY" in text(screen, "#segment-word")
        await rig.tick(pilot, 1.0)
        assert "RUN in 2" in text(screen, "#next-segment")
        await pilot.press("x", "d")  # not this one after all
        await pilot.pause()
        assert rig.app.current_run is None and Store(run_home).runs() == []

        # A whole session: start, pause, resume, skip, back, finish, and log pain.
        await pilot.press("minus")
        await pilot.pause()
        assert "Tiny test plan" in text(screen, "#setup-text")
        assert "stage 1 of 2" in text(screen, "#setup-text")
        rig.bells = 0

        await pilot.press("space")
        await pilot.pause()
        assert "WALK" in text(screen, "#segment-word")
        assert screen.query_one("#countdown", Digits).value == "0:05"
        assert "Next: RUN 0:04" in text(screen, "#next-segment")

        await rig.tick(pilot, 2.2)  # 2.8 s left of the walk: the 3-2-1 has begun
        assert "RUN in 3" in text(screen, "#next-segment")
        assert rig.bells == 1
        assert screen.query_one("#countdown", Digits).value == "0:03"

        await pilot.press("space")  # pause
        await rig.tick(pilot, 60)
        assert "PAUSED" in text(screen, "#segment-info")
        assert screen.query_one("#countdown", Digits).value == "0:03"
        assert rig.app.current_run is not None
        assert rig.app.current_run.view().elapsed == pytest.approx(2.2)

        await pilot.press("space")  # resume
        await rig.tick(pilot, 3.0)  # into the first run: 2, 1, then the change
        assert "RUN" in text(screen, "#segment-word")
        assert "segment 2 of 5" in text(screen, "#segment-info")
        assert rig.bells == 4  # 3, 2, 1 and the change of segment

        await pilot.press("n")  # skip the rest of the run
        await pilot.pause()
        assert "segment 3 of 5" in text(screen, "#segment-info")
        await rig.tick(pilot, 1.0)
        await pilot.press("b")  # back to the start of this walk
        await pilot.pause()
        assert screen.query_one("#countdown", Digits).value == "0:03"

        await rig.tick(pilot, 3 + 4 + 3 + 0.1)  # walk, run, walk: the end
        assert isinstance(rig.app.screen, RunAfterForm)
        # Saved before the question: the data is safe whatever happens next.
        [(_, saved)] = Store(run_home).runs()
        # A run segment was skipped: not the stage in full, so it counts as partial.
        assert not saved.completed and saved.pain_during is None and saved.source == "timer"
        assert Store(run_home).active_run() is None

        await pilot.press("1", "1")  # a two-digit pain is refused at the field
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, RunAfterForm)
        assert "0 to 10" in str(rig.app.screen.query_one("#pain-error", Static).render())
        await pilot.press("backspace", "backspace", "2", "tab", "down", "space")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, RunScreen)

    [(_, run)] = Store(run_home).runs()
    assert run.pain_during == 2 and run.effort is not None
    assert [(s.kind, s.planned_s, s.done_s) for s in run.segments] == [
        ("walk", 5, 5),
        ("run", 4, 0),
        ("walk", 3, 3),
        ("run", 4, 4),
        ("walk", 3, 3),
    ]
    assert run.seconds_done == 16
    assert run.program == "tiny" and run.stage == 1


async def test_a_session_interrupted_saved_as_partial_at_launch_then_edited_and_undone(
    run_home: Home,
) -> None:
    progress = ActiveRun(
        started=NOW - timedelta(hours=1),
        program="gone-program",
        stage=3,
        index=4,
        kind="run",
        planned_s=180,
        position_s=90.0,
        done=(SegmentDone(kind="walk", planned_s=300, done_s=300),),
        saved=NOW - timedelta(minutes=50),
    )
    store = Store(run_home, fixed_clock)
    store.save_active_run(progress)
    store.add(
        "runs",
        RunSession(
            at=NOW - timedelta(days=2), program="sitbone", stage=1, completed=True,
            seconds_done=1680, pain_during=5,
        ),
    )  # fmt: skip

    def runs_of(program: str) -> list[RunSession]:
        return [run for _, run in Store(run_home).runs() if run.program == program]

    rig = Rig(run_home)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        # At launch the interrupted session (of a program since removed) is saved as partial.
        await until_started(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(rig.app.screen, RunAfterForm)
        await pilot.press("3", "enter")
        await pilot.pause()
        [run] = runs_of("gone-program")
        assert not run.completed and run.seconds_done == 390 and run.pain_during == 3
        assert Store(run_home).active_run() is None

        # The Runs tab (the runs of the program chosen): edit, delete and undo.
        screen = await open_run(pilot)
        assert ": pain 5/10 during the run (amber)" in text(screen, "#setup-text")
        await pilot.press("r")
        await pilot.pause()
        table = screen.query_one("#runs", DataTable)
        assert table.row_count == 1
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, RunAfterForm)
        pain = rig.app.screen.query_one("#pain", Input)
        pain.value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert [run.pain_during for run in runs_of("sitbone")] == [1]
        await pilot.press("d", "y")
        await pilot.pause()
        assert runs_of("sitbone") == []
        await pilot.press("u")
        await pilot.pause()
        assert [run.pain_during for run in runs_of("sitbone")] == [1]
        assert table.row_count == 1
        assert runs_of("gone-program") == [run]  # left as it was


async def test_resume_after_a_dropped_connection(run_home: Home) -> None:
    progress = ActiveRun(
        started=NOW - timedelta(minutes=5),
        program="tiny",
        stage=1,
        index=1,
        kind="run",
        planned_s=4,
        position_s=1.5,
        done=(SegmentDone(kind="walk", planned_s=5, done_s=5),),
        saved=NOW - timedelta(minutes=4),
    )
    Store(run_home, fixed_clock).save_active_run(progress)
    rig = Rig(run_home)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert isinstance(rig.app.screen, ResumeRunScreen)
        await pilot.press("r")
        await pilot.pause()
        screen = rig.app.screen
        assert isinstance(screen, RunScreen)
        assert "PAUSED" in text(screen, "#segment-info")
        assert "segment 2 of 5" in text(screen, "#segment-info")
        assert screen.query_one("#countdown", Digits).value == "0:03"
        await pilot.press("space")
        await rig.tick(pilot, 2.5 + 3 + 4 + 3)
        assert isinstance(rig.app.screen, RunAfterForm)
    (_, run), *_ = Store(run_home).runs()
    assert run.completed and run.at == NOW - timedelta(minutes=5)
    assert run.seconds_done == TINY_TOTAL


async def test_the_run_timer_polls_only_while_a_session_runs(run_home: Home) -> None:
    rig = Rig(run_home, run_request=("tiny", 1))
    app = rig.app
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the Run screen")
        screen = app.screen
        # Nothing under way: no timer wakes the app, and no bar animates while hidden.
        assert app._poller is None
        assert all(bar.total is not None for bar in screen.query(ProgressBar))
        await pilot.press("space")
        await pilot.pause()
        assert app._poller is not None
        await pilot.press("space")  # pause: nothing changes until resumed
        await rig.tick(pilot, 1.0)
        assert app._poller is None
        await pilot.press("space")  # resume
        await pilot.pause()
        assert app._poller is not None
        await rig.tick(pilot, TINY_TOTAL + 1)  # to the end: saved, and polling stops
        await wait_for(pilot, lambda: isinstance(app.screen, RunAfterForm), "the after-run form")
        assert app.current_run is None and app._poller is None
