"""The interval timer against an injected clock: controls, cues, drift and crash recovery."""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.programs import load_default_program
from rules.timer import (
    Checkpoint,
    Countdown,
    Done,
    Event,
    Finished,
    IntervalTimer,
    Segment,
    SegmentStarted,
)

T0 = 5_000.25  # a monotonic reading far from zero, as a real one is
WALK: Final = "walk"
RUN: Final = "run"
# walk 10 s, run 5 s, walk 4 s, run 6 s
SHORT = (Segment(WALK, 10), Segment(RUN, 5), Segment(WALK, 4), Segment(RUN, 6))
TOL = 1e-6


def started(plan: tuple[Segment, ...] = SHORT, lead_in: float = 0.0) -> IntervalTimer:
    timer = IntervalTimer(plan)
    timer.start(T0, lead_in=lead_in)
    return timer


def at(seconds: float) -> float:
    return T0 + seconds


def countdowns(events: list[Event]) -> list[int]:
    return [event.seconds for event in events if isinstance(event, Countdown)]


# -- segments and deadlines -------------------------------------------------------------


def test_a_segment_ends_at_its_deadline_and_the_next_begins_there() -> None:
    timer = started()
    assert timer.advance(at(9.999)) == [Countdown(1)]
    assert timer.advance(at(10)) == [SegmentStarted(1, SHORT[1])]
    view = timer.view(at(12))
    assert (view.index, view.segment_left, view.elapsed) == (1, pytest.approx(3), pytest.approx(12))
    assert view.next == SHORT[2]


def test_a_late_poll_passes_every_deadline_behind_it_without_losing_time() -> None:
    timer = started()
    # 17 s in: walk 10 and run 5 are done; 2 s into the walk of 4.
    events = timer.advance(at(17))
    assert events == [SegmentStarted(1, SHORT[1]), SegmentStarted(2, SHORT[2]), Countdown(2)]
    assert timer.done == [Done(WALK, 10, 10), Done(RUN, 5, 5)]
    assert timer.view(at(17)).segment_left == pytest.approx(2)


def test_view_fractions_and_remaining() -> None:
    timer = started()
    timer.advance(at(12.5))
    view = timer.view(at(12.5))
    assert view.segment_fraction == pytest.approx(0.5)
    assert view.remaining == pytest.approx(25 - 12.5)
    assert view.session_fraction == pytest.approx(12.5 / 25)
    assert view.running and view.started and not view.finished


def test_before_start_nothing_moves() -> None:
    timer = IntervalTimer(SHORT)
    assert timer.advance(at(100)) == []
    view = timer.view(at(100))
    assert not view.started and not view.running
    assert view.elapsed == 0 and view.remaining == 25


@pytest.mark.parametrize(
    "plan", [(), (Segment(RUN, 0),), (Segment(WALK, 5), Segment(RUN, -1))], ids=str
)
def test_plans_without_length_are_refused(plan: tuple[Segment, ...]) -> None:
    with pytest.raises(ValueError):
        IntervalTimer(plan)


# -- pause and resume -------------------------------------------------------------------


def test_paused_time_is_not_counted() -> None:
    timer = started()
    timer.advance(at(4))
    timer.pause(at(4))
    for later in (5, 60, 600):
        assert timer.advance(at(later)) == []
        view = timer.view(at(later))
        assert not view.running and view.elapsed == pytest.approx(4)
    timer.resume(at(600))
    assert timer.view(at(603)).elapsed == pytest.approx(7)
    # The walk's deadline moved by the 596 s pause: 6 s left when resumed.
    assert timer.advance(at(605.9)) == [Countdown(1)]
    assert timer.advance(at(606)) == [SegmentStarted(1, SHORT[1])]


def test_pause_catches_up_on_deadlines_first() -> None:
    timer = started()
    timer.pause(at(12))  # nobody polled since the start
    assert timer.index == 1 and timer.elapsed(at(99)) == pytest.approx(12)


def test_pause_and_resume_twice_change_nothing() -> None:
    timer = started()
    timer.pause(at(3))
    timer.pause(at(8))
    timer.resume(at(10))
    timer.resume(at(20))  # already running: the first resume holds
    timer.advance(at(16))
    assert timer.elapsed(at(16)) == pytest.approx(3 + 6)


# -- skip, back and end -----------------------------------------------------------------


def test_skip_counts_the_time_done_and_the_next_segment_starts_now() -> None:
    timer = started()
    assert timer.skip(at(3)) == [SegmentStarted(1, SHORT[1])]
    assert timer.done == [Done(WALK, 10, 3)]
    assert timer.done[0].skipped
    assert timer.elapsed(at(3)) == pytest.approx(3)
    # The run of 5 s began at the skip.
    assert timer.advance(at(7.9)) == []
    assert timer.advance(at(8)) == [SegmentStarted(2, SHORT[2])]
    assert timer.elapsed(at(8)) == pytest.approx(8)


def test_skip_just_before_a_run_gives_no_stale_cue() -> None:
    timer = started()
    assert timer.skip(at(8.5)) == [SegmentStarted(1, SHORT[1])]
    lead = started((Segment(RUN, 5),), lead_in=3)
    assert lead.skip(at(1)) == [Finished()]


def test_skip_while_paused_stays_paused_at_the_start_of_the_next() -> None:
    timer = started()
    timer.pause(at(2))
    timer.skip(at(50))
    view = timer.view(at(80))
    assert (view.index, view.running, view.segment_left) == (1, False, 5)
    assert view.elapsed == pytest.approx(2)


def test_skipping_the_last_segment_finishes_once() -> None:
    timer = started()
    timer.advance(at(21))
    assert timer.skip(at(22)) == [Finished()]
    assert timer.finished and timer.done[-1] == Done(RUN, 6, 3)
    assert timer.skip(at(23)) == []
    assert timer.advance(at(99)) == []
    assert timer.elapsed(at(99)) == pytest.approx(22)


def test_back_restarts_the_current_segment_from_now() -> None:
    timer = started()
    timer.advance(at(12))  # 2 s into the run
    timer.back(at(13))
    view = timer.view(at(13))
    assert view.index == 1 and view.segment_left == 5
    assert view.elapsed == pytest.approx(13)  # the 3 s of the restarted run still count
    assert timer.advance(at(17.9)) == []
    assert timer.advance(at(18)) == [SegmentStarted(2, SHORT[2])]
    assert timer.done[-1] == Done(RUN, 5, 5)


def test_back_re_arms_the_countdown() -> None:
    timer = started()
    assert countdowns(timer.advance(at(7.5))) == [3]
    timer.back(at(7.5))  # the walk starts again: 10 s to the run
    assert countdowns(timer.advance(at(14))) == []
    assert countdowns(timer.advance(at(14.6))) == [3]
    assert countdowns(timer.advance(at(15.6))) == [2]
    assert countdowns(timer.advance(at(16.6))) == [1]


def test_back_while_paused_stays_paused() -> None:
    timer = started()
    timer.pause(at(6))
    timer.back(at(7))
    assert not timer.running and timer.position(at(99)) == 0


def test_end_keeps_what_was_done_of_the_current_segment() -> None:
    timer = started()
    timer.advance(at(14))
    timer.end(at(14))
    assert timer.finished and not timer.running
    assert timer.done == [Done(WALK, 10, 10), Done(RUN, 5, 4)]
    assert timer.elapsed(at(100)) == pytest.approx(14)
    assert timer.advance(at(100)) == []  # no Finished: ending is not finishing


def test_end_at_the_start_of_a_segment_adds_nothing_for_it() -> None:
    timer = started()
    timer.advance(at(10))
    timer.end(at(10))
    assert timer.done == [Done(WALK, 10, 10)]


def test_end_while_paused_counts_up_to_the_pause() -> None:
    timer = started()
    timer.pause(at(3))
    timer.end(at(500))
    assert timer.done == [Done(WALK, 10, 3)]


# -- lead-in and countdown --------------------------------------------------------------

RUN_FIRST = (Segment(RUN, 60), Segment(WALK, 120))


def test_lead_in_before_a_session_that_opens_with_a_run() -> None:
    timer = started(RUN_FIRST, lead_in=3)
    view = timer.view(at(1))
    assert view.lead_in == pytest.approx(2) and view.run_in == 2
    assert view.elapsed == 0 and view.segment_left == 60 and view.running
    assert countdowns(timer.advance(at(0))) == [3]
    assert countdowns(timer.advance(at(1.5))) == [2]
    assert countdowns(timer.advance(at(2.5))) == [1]
    assert timer.advance(at(3)) == [SegmentStarted(0, RUN_FIRST[0])]  # "go"
    assert timer.advance(at(4)) == []
    view = timer.view(at(13))
    assert view.lead_in == 0 and view.run_in is None
    assert view.elapsed == pytest.approx(10)
    assert timer.advance(at(63)) == [SegmentStarted(1, RUN_FIRST[1])]


def test_the_lead_in_is_not_counted_as_time_moving() -> None:
    timer = started(RUN_FIRST, lead_in=3)
    timer.advance(at(3 + 60 + 120))
    assert timer.finished and timer.elapsed(at(999)) == pytest.approx(180)


def test_each_cue_sounds_once() -> None:
    timer = started()
    heard: list[int] = []
    now = 0.0
    while now < 10:
        heard += countdowns(timer.advance(at(now)))
        now += 0.1
    assert heard == [3, 2, 1]


def test_a_late_poll_gives_only_the_latest_cue() -> None:
    timer = started()
    assert timer.advance(at(6)) == []
    assert timer.advance(at(9.5)) == [Countdown(1)]
    assert timer.advance(at(9.9)) == []


def test_a_poll_after_the_run_began_gives_no_stale_cue() -> None:
    timer = started()
    assert timer.advance(at(8.5)) == [Countdown(2)]
    assert timer.advance(at(10.2)) == [SegmentStarted(1, SHORT[1])]


def test_a_poll_far_behind_gives_only_the_cue_still_ahead() -> None:
    timer = started()
    # 17.5 s: past two deadlines, 2.5 s into the walk of 4 before the second run.
    events = timer.advance(at(17.5))
    assert events == [SegmentStarted(1, SHORT[1]), SegmentStarted(2, SHORT[2]), Countdown(2)]


def test_no_cue_before_a_walk() -> None:
    timer = started()
    timer.advance(at(11))
    assert countdowns(timer.advance(at(14.5))) == []
    assert timer.view(at(14.5)).run_in is None


def test_paused_before_a_run_gives_no_cue_until_resumed() -> None:
    timer = started()
    timer.pause(at(6))
    assert timer.advance(at(50)) == []
    assert timer.view(at(50)).run_in is None
    timer.resume(at(50))  # 4 s to the run
    assert countdowns(timer.advance(at(52))) == [2]


# -- finishing --------------------------------------------------------------------------


def test_finished_is_reported_exactly_once() -> None:
    timer = started()
    finishes = 0
    now = 0.0
    while now < 60:
        finishes += sum(isinstance(e, Finished) for e in timer.advance(at(now)))
        now += 0.3
    assert finishes == 1
    view = timer.view(at(60))
    assert view.finished and not view.running
    assert view.remaining == 0 and view.session_fraction == 1
    assert view.elapsed == pytest.approx(25)
    timer.pause(at(61))
    timer.resume(at(62))
    timer.back(at(63))
    timer.end(at(64))
    assert timer.advance(at(90)) == [] and timer.elapsed(at(90)) == pytest.approx(25)


def test_finishing_in_one_late_poll() -> None:
    timer = started()
    events = timer.advance(at(1000))
    assert events[-1] == Finished() and len(events) == len(SHORT)
    assert [d.done for d in timer.done] == [10, 5, 4, 6]


# -- drift over a real session ----------------------------------------------------------


def expected_position(plan: tuple[Segment, ...], moving: float) -> tuple[int, float]:
    """The segment index and seconds into it after `moving` seconds, from the plan alone."""
    starts = [0, *accumulate(segment.seconds for segment in plan)]
    index = min(bisect_right(starts, moving) - 1, len(plan) - 1)
    return index, moving - starts[index]


def test_an_hour_of_irregular_polling_does_not_drift() -> None:
    program = load_default_program()
    plan = program.stage(6).plan()  # 2 x (run 12 / walk 2) between 5-minute walks: 38 min
    total = sum(segment.seconds for segment in plan)
    rng = random.Random(20261121)
    timer = IntervalTimer(plan)
    now = 987_654.321
    timer.start(now)
    moving = 0.0  # counted independently: the sum of the steps taken while running
    paused_until: float | None = None
    stalls = pause_count = 0
    started_events: list[int] = []
    finishes = 0
    checked_half_hour = False
    clock = 0.0
    while clock < 3600:
        if rng.random() < 0.002:
            step = rng.uniform(10, 40)  # the UI hung
            stalls += 1
        else:
            step = rng.uniform(0.05, 0.7)
        now += step
        clock += step
        if paused_until is None:
            moving += step
        events = timer.advance(now)
        if paused_until is None and not timer.finished and rng.random() < 0.001:
            timer.pause(now)
            paused_until = now + rng.uniform(5, 120)
            pause_count += 1
        elif paused_until is not None and now >= paused_until:
            timer.resume(now)
            paused_until = None
        started_events += [e.index for e in events if isinstance(e, SegmentStarted)]
        finishes += sum(isinstance(e, Finished) for e in events)

        view = timer.view(now)
        true_moving = min(moving, total)
        assert view.elapsed == pytest.approx(true_moving, abs=1e-6)
        if true_moving < total:
            index, position = expected_position(plan, true_moving)
            assert view.index == index
            assert view.segment_left == pytest.approx(plan[index].seconds - position, abs=1e-6)
            assert view.remaining == pytest.approx(total - true_moving, abs=1e-6)
        if true_moving >= 1800 and not checked_half_hour:
            checked_half_hour = True
            assert abs(view.elapsed - true_moving) < 0.1
    assert stalls >= 3 and pause_count >= 1, "the walk did not test stalls and pauses"
    assert checked_half_hour and timer.finished and finishes == 1
    assert started_events == list(range(1, len(plan)))
    assert [d.done for d in timer.done] == [s.seconds for s in plan]


# -- a crash and a resume ---------------------------------------------------------------


def test_a_checkpoint_resumes_paused_where_it_was() -> None:
    timer = started()
    timer.advance(at(13.25))
    checkpoint = timer.checkpoint(at(13.25))
    # approx stands in for the float and compares equal to one near it.
    approx_position: float = pytest.approx(3.25)  # type: ignore[assignment]
    assert checkpoint == Checkpoint(1, approx_position, (Done(WALK, 10, 10),))

    # Another process: its monotonic clock reads something else entirely.
    other = IntervalTimer.from_checkpoint(SHORT, checkpoint)
    view = other.view(12.0)
    assert view.started and not view.running and not view.finished
    assert view.index == 1 and view.elapsed == pytest.approx(13.25)
    assert other.advance(500.0) == []  # the time away is not counted
    other.resume(500.0)
    assert other.advance(501.75) == [SegmentStarted(2, SHORT[2])]
    events = other.advance(511.75)
    assert events[-1] == Finished()
    assert other.elapsed(600.0) == pytest.approx(25)


def test_a_checkpoint_beyond_a_shortened_plan_is_kept_inside_it() -> None:
    checkpoint = Checkpoint(9, 100.0, ())
    timer = IntervalTimer.from_checkpoint(SHORT, checkpoint)
    assert timer.index == len(SHORT) - 1 and timer.position(0) == SHORT[-1].seconds


# -- properties -------------------------------------------------------------------------

plans = st.lists(
    st.builds(Segment, st.sampled_from([WALK, RUN]), st.integers(1, 30)), min_size=1, max_size=8
).map(tuple)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(0, 20, allow_nan=False)),
        st.tuples(st.sampled_from(["pause", "resume", "skip", "back"]), st.just(0.0)),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None, database=None)
@given(plan=plans, ops=operations, lead_in=st.sampled_from([0.0, 3.0]))
def test_timer_invariants(
    plan: tuple[Segment, ...], ops: list[tuple[str, float]], lead_in: float
) -> None:
    total = sum(segment.seconds for segment in plan)
    timer = IntervalTimer(plan)
    now = T0
    timer.start(now, lead_in=lead_in)
    finishes = 0
    skipped = backed = False
    cues: list[tuple[int, int]] = []

    def check(events: list[Event]) -> None:
        nonlocal finishes
        finishes += sum(isinstance(e, Finished) for e in events)
        assert finishes == (1 if timer.finished else 0)
        view = timer.view(now)
        assert 0 <= view.segment_fraction <= 1
        assert 0 <= view.session_fraction <= 1 + TOL
        assert view.remaining >= 0
        if not timer.finished:
            assert len(timer.done) == timer.index
        if not skipped:
            assert view.elapsed - timer.redone + view.remaining == pytest.approx(total)
        found = [e for e in events if isinstance(e, Countdown)]
        assert len(found) <= 1
        if found:
            # A cue always means the run starts within that many seconds.
            assert view.run_in == found[0].seconds
            upcoming = timer.index if view.lead_in > 0 else timer.index + 1
            assert plan[upcoming].kind == RUN
            cues.append((upcoming, found[0].seconds))
            if not backed:
                assert len(cues) == len(set(cues)), "a cue sounded twice"

    for op, dt in ops:
        before = timer.elapsed(now)
        was_running = timer.running and timer.view(now).lead_in == 0
        was_paused = not timer.running
        if op == "advance":
            now += dt
            events = timer.advance(now)
            gained = timer.elapsed(now) - before
            assert -TOL <= gained <= dt + TOL
            if was_running and timer.running:
                assert gained == pytest.approx(dt, abs=TOL)  # no drift: every second counts
            if was_paused:
                assert gained == pytest.approx(0, abs=TOL)
        elif op == "pause":
            backed = True  # a pause re-arms the 3-2-1 still ahead, so it may sound again
            timer.pause(now)
            events = []
        elif op == "resume":
            timer.resume(now)
            events = []
        elif op == "skip":
            skipped = True
            events = timer.skip(now)
        else:
            backed = True
            timer.back(now)
            events = []
        after = timer.elapsed(now)
        # Time moving never goes down, not even on back: a restarted segment was still run.
        assert after >= before - TOL, f"elapsed went down on {op}"
        check(events)

    timer.resume(now)
    now += total + lead_in + 1
    check(timer.advance(now))
    assert timer.finished and finishes == 1
    assert timer.elapsed(now) == pytest.approx(sum(d.done for d in timer.done) + timer.redone)
    assert [d.planned for d in timer.done] == [s.seconds for s in plan]
    assert all(0 <= d.done <= d.planned for d in timer.done)


def test_a_pause_re_arms_the_countdown_still_ahead() -> None:
    timer = started(RUN_FIRST, lead_in=3)
    assert countdowns(timer.advance(at(0.5))) == [3]
    timer.pause(at(0.6))
    timer.resume(at(10))  # the get-ready starts again, with its countdown
    assert timer.view(at(10)).lead_in == pytest.approx(3)
    assert countdowns(timer.advance(at(10.1))) == [3]
    assert countdowns(timer.advance(at(11.5))) == [2]
    assert timer.advance(at(13)) == [SegmentStarted(0, RUN_FIRST[0])]
