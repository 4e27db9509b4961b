"""Run records and the session in progress: saved as the timer runs, finished in one write,
and resumable after a crash (in this process and after a real SIGKILL)."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from content.loader import load_library
from content.programs import ProgramCatalog, load_default_program
from journal.run_session import SAVE_EVERY_S, RunController
from journal.running import run_state
from rules.run import Outcome
from rules.timer import Finished, SegmentStarted
from store import Home, Store
from store.records import ActiveRun, PainEntry, PhaseChange, RunSession, RunUnlock, SegmentDone
from tests.store.test_crash import ENV, ROOT, watchdog

NOW = datetime(2026, 11, 21, 9, 0)
TODAY = NOW.date()
PROGRAM = load_default_program()
STEP = 0.25  # seconds between polls


class FakeClock:
    """A monotonic clock the test moves by hand, and a wall clock that follows it."""

    def __init__(self, start: float = 70_000.0) -> None:
        self.start = start
        self.now = start

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return NOW + timedelta(seconds=self.now - self.start)


def fixed() -> datetime:
    return NOW


def progress(**changes: Any) -> ActiveRun:
    fields: dict[str, Any] = {
        "started": NOW - timedelta(minutes=10),
        "program": "sitbone",
        "stage": 1,
        "index": 2,
        "kind": "walk",
        "planned_s": 120,
        "position_s": 45.5,
        "done": (
            SegmentDone(kind="walk", planned_s=300, done_s=300),
            SegmentDone(kind="run", planned_s=60, done_s=60),
        ),
        "saved": NOW,
    }
    return ActiveRun(**{**fields, **changes})


def session(**changes: Any) -> RunSession:
    fields: dict[str, Any] = {
        "at": NOW - timedelta(hours=1),
        "program": "sitbone",
        "stage": 1,
        "completed": True,
        "seconds_done": 1680,
        "pain_during": 2,
        "source": "timer",
    }
    return RunSession(**{**fields, **changes})


def count_data_writes(monkeypatch: pytest.MonkeyPatch, store: Store) -> list[Path]:
    """Every write of the data file (backups are other files) is recorded here."""
    import store.storage as storage

    writes: list[Path] = []
    original = storage.write_private_bytes

    def counting(path: Path, data: bytes) -> None:
        if path == store.path:
            writes.append(path)
        original(path, data)

    monkeypatch.setattr(storage, "write_private_bytes", counting)
    return writes


# -- the session in progress ------------------------------------------------------------


def test_progress_is_saved_replaced_and_cleared(home: Home) -> None:
    store = Store(home, fixed)
    assert store.active_run() is None
    store.save_active_run(progress())
    store.save_active_run(progress(position_s=75.0))
    assert store.active_run() == progress(position_s=75.0)
    assert len(store.raw_table("active_run")) == 1  # replaced, never two
    assert Store(home, fixed).active_run() == progress(position_s=75.0)  # another process
    store.clear_active_run()
    assert store.active_run() is None and Store(home, fixed).active_run() is None


def test_finishing_writes_the_run_and_clears_progress_in_one_write(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(home, fixed)
    store.save_active_run(progress())
    store.add("runs", session(at=NOW - timedelta(days=2)))
    writes = count_data_writes(monkeypatch, store)
    change = store.finish_run(session())
    assert len(writes) == 1
    other = Store(home, fixed)
    assert other.active_run() is None
    assert [(i, run) for i, run in other.runs()][-1] == (change.record_id, session())
    assert change.record_id == 2 and change.kind == "added"
    store.undo(change)
    assert [run for _, run in Store(home, fixed).runs()] == [session(at=NOW - timedelta(days=2))]


def test_a_failed_finish_loses_neither_the_progress_nor_adds_the_run(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.storage as storage

    store = Store(home, fixed)
    store.save_active_run(progress())

    def broken(path: Path, data: bytes) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(storage, "write_private_bytes", broken)
    with pytest.raises(OSError):
        store.finish_run(session())
    monkeypatch.undo()
    assert store.active_run() == progress() and store.runs() == []


def test_finishing_without_progress_saved_still_adds_the_run(home: Home) -> None:
    store = Store(home, fixed)
    store.finish_run(session())
    assert [run for _, run in store.runs()] == [session()] and store.active_run() is None


def test_as_partial_keeps_what_was_done() -> None:
    partial = progress().as_partial()
    assert partial.completed is False and partial.source == "timer"
    assert partial.at == NOW - timedelta(minutes=10)
    # Rounded to the nearest second, as the timer rounds a session it saves.
    assert partial.seconds_done == 406
    assert partial.segments == (
        SegmentDone(kind="walk", planned_s=300, done_s=300),
        SegmentDone(kind="run", planned_s=60, done_s=60),
        SegmentDone(kind="walk", planned_s=120, done_s=46),
    )
    # Less than a second into the current segment: nothing to show for it.
    assert len(progress(position_s=0.6).as_partial().segments) == 2


def test_as_partial_of_a_session_left_days_ago_is_still_valid(home: Home) -> None:
    old = progress(started=NOW - timedelta(days=5), saved=NOW - timedelta(days=5))
    Store(home, fixed).finish_run(old.as_partial())
    assert Store(home, fixed).runs()[0][1].at.date() == TODAY - timedelta(days=5)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: SegmentDone(kind="run", planned_s=60, done_s=61), "done_s"),
        (lambda: SegmentDone(kind="run", planned_s=0, done_s=0), "planned_s"),
        (lambda: SegmentDone(kind="jog", planned_s=60, done_s=6), "kind"),  # type: ignore[arg-type]
        (lambda: session(program="My Plan"), "program"),
        (lambda: session(stage=0), "stage"),
        (lambda: session(effort="flat out"), "effort"),
        (lambda: session(pain_during=11), "pain_during"),
        (lambda: session(seconds_done=-1), "seconds_done"),
        (lambda: progress(position_s=121.0), "position_s"),
        (lambda: progress(position_s=float("nan")), "position_s"),
        (lambda: progress(program="Bad_Id"), "program"),
        (lambda: RunUnlock(at=NOW, phase=2, reason=""), "reason"),
    ],
)
def test_invalid_run_records_are_refused(make: Any, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        make()


def test_a_run_in_the_future_is_refused_by_the_store(home: Home) -> None:
    store = Store(home, fixed)
    # Built without checks: the store checks again against its own clock's today.
    tomorrow = session().model_copy(update={"at": NOW + timedelta(days=1)})
    with pytest.raises(ValidationError, match="future"):
        store.add("runs", tomorrow)
    with pytest.raises(ValidationError, match="future"):
        store.finish_run(tomorrow)
    ahead = progress().model_copy(update={"started": NOW + timedelta(days=1)})
    with pytest.raises(ValidationError, match="future"):
        store.save_active_run(ahead)
    with pytest.raises(ValidationError, match="future"):
        session().model_validate(
            {**session().model_dump(), "at": NOW + timedelta(days=1)}, context={"today": TODAY}
        )
    assert store.runs() == [] and store.active_run() is None


def test_a_record_that_skipped_validation_never_reaches_the_file(home: Home) -> None:
    store = Store(home, fixed)
    store.save_active_run(progress())
    bad = session().model_copy(update={"stage": 99})
    with pytest.raises(ValidationError):
        store.finish_run(bad)
    assert store.active_run() == progress() and store.runs() == []


def test_run_unlocks_oldest_first(home: Home) -> None:
    store = Store(home, fixed)
    later = RunUnlock(at=NOW, phase=3, reason="physio said yes")
    earlier = RunUnlock(at=NOW - timedelta(days=3), phase=2, reason="race in a month")
    store.add("run_unlocks", later)
    store.add("run_unlocks", earlier)
    assert [unlock for _, unlock in store.run_unlocks()] == [earlier, later]


# -- the controller ---------------------------------------------------------------------


def controller(store: Store, clock: FakeClock, stage: int = 1, **kw: Any) -> RunController:
    return RunController(store, PROGRAM, stage, clock.wall, clock.monotonic, **kw)


def record_saves(
    monkeypatch: pytest.MonkeyPatch, store: Store, clock: FakeClock
) -> list[tuple[float, ActiveRun]]:
    saves: list[tuple[float, ActiveRun]] = []
    original = store.save_active_run

    def recording(saved: ActiveRun) -> None:
        original(saved)
        saves.append((clock.now - clock.start, saved))

    monkeypatch.setattr(store, "save_active_run", recording)
    return saves


def poll_until(run: RunController, clock: FakeClock, moving: float) -> list[Any]:
    """Poll every STEP seconds until `moving` seconds after the clock's start."""
    events: list[Any] = []
    while clock.now - clock.start < moving - 1e-9 and not run.finished:
        clock.now += STEP
        events += run.poll()
    return events


def test_progress_is_saved_at_each_segment_change_and_every_30_s(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, clock = Store(home, fixed), FakeClock()
    saves = record_saves(monkeypatch, store, clock)
    run = controller(store, clock)
    assert saves == []  # nothing until it starts
    run.start()
    assert [(t, s.index, s.position_s) for t, s in saves] == [(0.0, 0, 0.0)]
    assert store.active_run() == saves[0][1]
    # A pause of 7.3 s, so that the 30 s saves no longer fall on the segment changes.
    poll_until(run, clock, 5.0)
    run.toggle()
    clock.now += 7.3
    run.toggle()

    changes: list[tuple[float, int]] = []
    plan = PROGRAM.stage(1).plan()
    while not run.finished:
        clock.now += STEP
        for event in run.poll():
            if isinstance(event, SegmentStarted):
                changes.append((clock.now - clock.start, event.index))
    assert [index for _, index in changes] == list(range(1, len(plan)))
    saved_at = {(t, s.index) for t, s in saves}
    assert set(changes) <= saved_at, "a segment change was not saved"
    gaps = [b[0] - a[0] for a, b in pairwise(saves)]
    assert max(gaps) <= SAVE_EVERY_S + STEP + 1e-9
    # Not more often than needed: every 30 s plus each segment change.
    assert len(saves) <= PROGRAM.stage(1).total_s() / SAVE_EVERY_S + len(plan) + 1
    for t, saved in saves:  # each save says where the session was at that moment
        moving = t if t <= 5.0 else t - 7.3
        assert saved.seconds_done() == pytest.approx(moving, abs=1e-3)


def test_finishing_saves_the_session_at_once_and_clears_progress(home: Home) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock, stage=2)
    run.start()
    events = poll_until(run, clock, 3 * 3600)
    assert events[-1] == Finished()
    # Saved before anything is asked: the poll that finished it has written it.
    [(record_id, saved)] = Store(home, fixed).runs()
    assert run.saved is not None and run.saved.record_id == record_id
    assert saved.completed and saved.source == "timer" and saved.pain_during is None
    assert saved.seconds_done == PROGRAM.stage(2).total_s() == 34 * 60
    assert [(s.kind, s.planned_s, s.done_s) for s in saved.segments] == [
        (s.kind, s.seconds, s.seconds) for s in PROGRAM.stage(2).plan()
    ]
    assert saved.at == NOW and (saved.program, saved.stage) == ("sitbone", 2)
    assert Store(home, fixed).active_run() is None
    assert run.end(keep=True) == run.saved  # ending afterwards adds no second record
    assert len(Store(home, fixed).runs()) == 1


def test_skipping_only_the_last_walk_still_completes_the_session(home: Home) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock)
    run.start()
    poll_until(run, clock, PROGRAM.stage(1).total_s() - 100)
    assert run.skip() == [Finished()]
    [(_, saved)] = store.runs()
    assert saved.completed and saved.segments[-1] == SegmentDone(
        kind="walk", planned_s=300, done_s=200
    )


def test_end_keep_saves_a_partial_session(home: Home) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock)
    run.start()
    poll_until(run, clock, 400)
    change = run.end(keep=True)
    [(record_id, saved)] = store.runs()
    assert change is not None and change.record_id == record_id
    assert not saved.completed and saved.seconds_done == 400
    assert [(s.kind, s.done_s) for s in saved.segments] == [
        ("walk", 300),
        ("run", 60),
        ("walk", 40),
    ]
    assert store.active_run() is None and not run.active


def test_end_discard_saves_nothing_and_clears_progress(home: Home) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock)
    run.start()
    poll_until(run, clock, 400)
    assert store.active_run() is not None
    assert run.end(keep=False) is None
    assert run.discarded and store.runs() == [] and store.active_run() is None


def test_pausing_saves_and_paused_time_is_not_counted(home: Home) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock)
    run.start()
    poll_until(run, clock, 100)
    run.toggle()  # pause
    assert not run.timer.running
    assert store.active_run().position_s == pytest.approx(100)  # type: ignore[union-attr]
    clock.now += 3600
    assert run.poll() == []
    run.toggle()  # resume
    poll_until(run, clock, 3600 + 130)
    assert run.view().elapsed == pytest.approx(130)


@pytest.mark.parametrize("crash_at", [20.0, 299.0, 437.3, 1111.1])
def test_a_crash_resumes_paused_losing_at_most_30_s(home: Home, crash_at: float) -> None:
    store, clock = Store(home, fixed), FakeClock()
    run = controller(store, clock)
    run.start()
    poll_until(run, clock, crash_at)
    true_elapsed = run.view().elapsed
    del run  # the process dies: nothing is ended or cleaned up

    # A new process: its own store and a monotonic clock that reads something else.
    saved = Store(home, fixed).active_run()
    assert saved is not None
    later = FakeClock(start=3.0)
    resumed = RunController(
        Store(home, fixed), PROGRAM, saved.stage, later.wall, later.monotonic, resume_from=saved
    )
    view = resumed.view()
    assert view.started and not view.running and not view.finished
    assert view.index == saved.index
    assert view.elapsed == pytest.approx(saved.seconds_done())
    assert 0 <= true_elapsed - view.elapsed <= SAVE_EVERY_S + STEP
    assert resumed.started_at == NOW  # the session keeps its start

    resumed.toggle()
    poll_until(resumed, later, 3 * 3600)
    [(_, done)] = Store(home, fixed).runs()
    assert done.completed and done.at == NOW
    assert done.seconds_done == PROGRAM.stage(1).total_s()
    assert Store(home, fixed).active_run() is None


# -- a real crash: SIGKILL, no clean-up -------------------------------------------------

# argv: home, stage, moving seconds to reach. Runs a session on an accelerated clock (with a
# minute's pause), printing each save once it has returned, then "ready <seconds moving>",
# and waits to be killed.
CHILD = """
import sys
from datetime import datetime, timedelta
from pathlib import Path

from content.programs import load_default_program
from store import Home, Store
from journal.run_session import RunController

root, stage, stop = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
START = datetime(2026, 11, 21, 9, 0)
clock = [90_000.0]
store = Store(Home(Path(root)), lambda: START)
write = store.save_active_run

def acknowledged(saved):
    write(saved)
    print("saved", saved.index, repr(saved.position_s), flush=True)

store.save_active_run = acknowledged
run = RunController(
    store, load_default_program(), stage,
    lambda: START + timedelta(seconds=clock[0] - 90_000.0), lambda: clock[0],
)
run.start()
moving = 0.0
while moving < stop:
    clock[0] += 0.25
    if 100 <= clock[0] - 90_000.0 < 160:
        if run.timer.running:
            run.toggle()
    else:
        if not run.timer.running:
            run.toggle()
        moving += 0.25
    run.poll()
print("ready", repr(run.view().elapsed), repr(moving), flush=True)
sys.stdin.readline()
"""


def test_sigkill_mid_session_leaves_progress_that_resumes(home: Home) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home.root), "2", "1234.5"],
        cwd=ROOT,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    saves: list[tuple[int, float]] = []
    with watchdog(proc, seconds=60):
        assert proc.stdout is not None
        for line in proc.stdout:
            words = line.split()
            if words[0] == "ready":
                elapsed, moving = float(words[1]), float(words[2])
                break
            assert words[0] == "saved", line
            saves.append((int(words[1]), float(words[2])))
        else:
            pytest.fail(f"the child stopped early: {proc.communicate()[1]}")
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert elapsed == pytest.approx(moving)  # the child's timer counted the moving time

    store = Store(home, fixed)
    store.check()
    saved = store.active_run()
    assert saved is not None and store.runs() == []
    assert (saved.index, saved.position_s) == saves[-1]
    assert saved.stage == 2 and saved.started == NOW
    assert 0 <= moving - saved.seconds_done() <= SAVE_EVERY_S + STEP

    clock = FakeClock(start=1.5)
    resumed = RunController(
        store, PROGRAM, saved.stage, clock.wall, clock.monotonic, resume_from=saved
    )
    assert not resumed.timer.running
    assert resumed.view().elapsed == pytest.approx(saved.seconds_done())
    resumed.toggle()
    poll_until(resumed, clock, 3 * 3600)
    [(_, done)] = Store(home, fixed).runs()
    assert done.completed and done.seconds_done == 34 * 60
    assert Store(home, fixed).active_run() is None


# -- the person's place in the program --------------------------------------------------


def morning(day: date, rest: int) -> PainEntry:
    return PainEntry(
        at=datetime.combine(day, datetime.min.time()) + timedelta(hours=7),
        context="morning",
        rest=rest,
    )


def test_run_state_reads_runs_verdicts_and_the_next_session(home: Home) -> None:
    store = Store(home, fixed)
    first = TODAY - timedelta(days=6)
    store.add_many("pain", [morning(first + timedelta(days=d), 1) for d in range(-7, 7)])
    store.add(
        "runs", session(at=datetime.combine(first, datetime.min.time()) + timedelta(hours=18))
    )
    store.add("runs", session(at=NOW - timedelta(days=3), program="other-plan", stage=5))
    catalog = ProgramCatalog((PROGRAM,))
    state = run_state(store, load_library(), catalog, TODAY)
    # The latest run's program is gone: the built-in one, with its own runs only.
    assert state.program.id == "sitbone" and len(state.runs) == 1
    [(record_id, _)] = state.runs
    assert state.verdicts[record_id].outcome is Outcome.PASS
    assert (state.next.stage, state.next.passes) == (1, 1)
    assert state.next.not_before == first + timedelta(days=3)
    assert state.phase == 1 and not state.unlocked


def test_an_unlock_holds_until_the_phase_changes(home: Home) -> None:
    store = Store(home, fixed)
    catalog = ProgramCatalog((PROGRAM,))
    library = load_library()
    store.add("phase_history", PhaseChange(at=NOW - timedelta(days=9), from_phase=1, to_phase=2))
    store.add("run_unlocks", RunUnlock(at=NOW - timedelta(days=5), phase=2, reason="physio ok"))
    assert run_state(store, library, catalog, TODAY).unlocked
    store.add("phase_history", PhaseChange(at=NOW - timedelta(days=1), from_phase=2, to_phase=3))
    state = run_state(store, library, catalog, TODAY)
    assert state.phase == 3 and state.unlock is None and not state.unlocked
    store.add("phase_history", PhaseChange(at=NOW, from_phase=3, to_phase=4))
    assert run_state(store, library, catalog, TODAY).unlocked
