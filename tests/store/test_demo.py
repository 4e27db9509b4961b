"""The demo's sample data: every kind of record, nothing after now, the same for the same seed,
and a story the app's own rules agree with (gates that pass when the story says so, runs that
follow the program, flares only where one is told, rest days between strength days)."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import load_library
from content.programs import load_default_program
from journal.program import load_tests
from journal.running import advances, facts
from rules.advice import mornings
from rules.gates import GateFacts, evaluate_gate, rest_day_advice
from rules.pain import Response, judged_days
from rules.run import Outcome, next_run, progress
from rules.summary import phase_on
from store import Home, Store
from store.demo import DemoData, demo_records
from store.records import PhaseChange
from tests.conftest import NOW, demo_data, fixed_clock

LIBRARY = load_library()
PROGRAM = load_default_program()
LIMITS = LIBRARY.pain_model.thresholds()


def demo(weeks: int, now: datetime = NOW, seed: int = 7) -> DemoData:
    return demo_records(weeks, now, LIBRARY, PROGRAM, seed)


# A year and more (phase 4, a step back to phase 3 and back) with a few seeds, each its own
# story: the rules must agree with every one of them, not with one lucky draw.
STORIES = [(10, 7), (60, 7), (60, 11), (60, 14)]
story = functools.cache(demo)


def every_time(data: DemoData) -> list[datetime]:
    timed = (*data.pain, *data.phase_changes, *data.sessions, *data.runs, *data.unlocks)
    return [record.at for record in (*timed, *data.red_flags)]


def started(changes: list[PhaseChange], at: datetime) -> datetime | None:
    """When the phase in force at `at` began (None: phase 1 from the start)."""
    before = [change.at for change in changes if change.at <= at]
    return before[-1] if before else None


# -- what is there -------------------------------------------------------------------------


def test_ten_weeks_hold_every_kind_and_end_in_phase_3_running() -> None:
    data = demo_data(10)
    assert all(data.tables().values()), {t: len(r) for t, r in data.tables().items()}
    assert data.phase_changes[-1].to_phase in (3, 4)
    assert data.unlocks and data.unlocks[0].reason and data.runs
    assert data.profile.red_flags == ()
    assert data.records == 1 + sum(len(records) for records in data.tables().values())
    assert data.describe().startswith(f"{data.records:,} records (")
    assert max(every_time(data)) <= NOW


def test_a_day_of_heavy_use() -> None:
    data = demo_data(10)
    days = 70
    check_ins = {e.at.date() for e in data.pain if e.context == "morning"}
    assert len(check_ins) >= 0.88 * days
    assert 2 <= len(data.pain) / days <= 3
    assert {e.context for e in data.pain} == {
        "morning", "after-exercise", "after-run", "evening", "other"
    }  # fmt: skip
    library = {e.id: e for e in LIBRARY.exercises}
    changes = list(data.phase_changes)
    per_day = Counter(s.at.date() for s in data.sessions)
    strength_days = sorted({s.at.date() for s in data.sessions if not library[s.exercise].daily_ok})
    for day in strength_days:
        assert 5 <= per_day[day] <= 8, day
        # A rest day between strength days, as the app suggests.
        assert rest_day_advice(strength_days, day) is None, day
    for session in data.sessions:
        assert session.phase == phase_on(changes, session.at)
        assert session.exercise in LIBRARY.phase(session.phase).exercises
        assert (session.reps is None) != (session.hold_s is None)
        assert session.pain is not None and session.pain <= 4


def test_loads_grow() -> None:
    lifted: dict[str, list[float]] = {}
    for session in demo_data(10).sessions:
        if session.load_kg is not None:
            lifted.setdefault(session.exercise, []).append(session.load_kg)
    assert lifted
    assert any(loads[-1] > loads[0] for loads in lifted.values())


def test_red_flags_are_raised_then_cleared_by_a_clinician() -> None:
    data = demo(52 * 3)
    flags = {flag.id: flag for flag in LIBRARY.red_flags}
    assert len(data.red_flags) == 4
    for raised, cleared in zip(data.red_flags[::2], data.red_flags[1::2], strict=True):
        assert raised.raised and cleared.cleared == raised.raised and cleared.reason
        assert all(flags[flag].urgency == "see-clinician" for flag in raised.raised)
    assert data.profile.red_flags == ()
    assert data.profile.updated == data.red_flags[-1].at


# -- nothing after now, the same each time ----------------------------------------------------


@given(
    weeks=st.integers(1, 16),
    seed=st.integers(0, 10_000),
    at=st.times(),
)
def test_nothing_after_now_and_the_phases_chain(weeks: int, seed: int, at: time) -> None:
    now = datetime.combine(NOW.date(), at)
    data = demo(weeks, now, seed)
    times = every_time(data)
    first = now.date() - timedelta(days=weeks * 7 - 1)
    assert all(first <= t.date() and t <= now for t in times)
    assert data.profile.created <= data.profile.updated <= now
    assert data.profile.red_flags == ()
    phase = 1
    for change in data.phase_changes:
        assert change.from_phase == phase and change.reason
        phase = change.to_phase
    assert_runs_are_allowed(data)


def test_the_same_seed_and_now_give_the_same_data() -> None:
    assert demo(12) == demo(12)
    assert demo(12, seed=8) != demo(12)
    # Later the same day, the records up to the earlier time are the same ones.
    later = demo(12, NOW.replace(hour=23, minute=59))
    assert [e for e in later.pain if e.at <= NOW] == list(demo(12).pain)
    assert [s for s in later.sessions if s.at <= NOW] == list(demo(12).sessions)


# -- the story agrees with the rules ---------------------------------------------------------


def assert_runs_are_allowed(data: DemoData) -> None:
    """Runs only in phase 4 or with an unlock given in the phase they are in."""
    changes = list(data.phase_changes)
    for run in data.runs:
        phase = phase_on(changes, run.at)
        began = started(changes, run.at)
        unlocked = any(
            unlock.phase == phase and unlock.at <= run.at and (began is None or unlock.at >= began)
            for unlock in data.unlocks
        )
        assert phase == 4 or unlocked, run.at


@pytest.mark.parametrize(("weeks", "seed"), STORIES)
def test_gates_pass_on_the_day_the_phase_moves_on(weeks: int, seed: int) -> None:
    data = story(weeks, seed=seed)
    changes = list(data.phase_changes)
    flare_days = {e.at.date() for e in data.pain if e.context == "morning" and e.aggravators}
    assert len(changes) >= (2 if weeks == 10 else 5)
    for index, change in enumerate(changes):
        if change.to_phase < change.from_phase:
            # A step back follows a flare.
            assert {change.at.date() - timedelta(days=1)} & flare_days, change
            continue
        before = changes[:index]
        began = before[-1].at if before else None
        phase = change.from_phase
        training = {
            s.at.date()
            for s in data.sessions
            if s.phase == phase and (began is None or s.at >= began) and s.at <= change.at
        }
        gate_facts = GateFacts(
            today=change.at.date(),
            injured=data.profile.injured_side,
            entries=[e for e in data.pain if e.at <= change.at],
            phase_started=began,
            training_days=len(training),
            tests=load_tests(LIBRARY, before),
        )
        gate = evaluate_gate(phase, phase + 1, LIBRARY.phase(phase).gate, gate_facts, LIMITS)
        assert gate.passed != change.overridden, (change, gate.unmet)


@pytest.mark.parametrize(("weeks", "seed"), STORIES)
def test_flares_only_where_the_story_tells_one(weeks: int, seed: int) -> None:
    data = story(weeks, seed=seed)
    changes = list(data.phase_changes)
    checks = mornings(data.pain, load_tests(LIBRARY, changes))
    told = [e.at.date() for e in data.pain if e.context == "morning" and e.aggravators]
    assert len(told) >= 2
    judged = judged_days(checks, checks[0].day, NOW.date(), LIMITS)
    for morning, verdict in judged:
        if verdict.response in (Response.FLARE, Response.WORSENING):
            assert any(0 <= (morning.day - day).days <= 9 for day in told), morning
    flares = {m.day for m, v in judged if v.response is Response.FLARE}
    assert set(told) <= flares


@pytest.mark.parametrize(("weeks", "seed"), STORIES)
def test_runs_follow_the_program(weeks: int, seed: int) -> None:
    """Each run is the stage the app suggests today for its day (or, back after weeks off, a
    lower one), never too soon; and the outcomes include a pass, a repeat and a step back."""
    data = story(weeks, seed=seed)
    changes = list(data.phase_changes)
    checks = mornings(data.pain, load_tests(LIBRARY, changes))
    plans = PROGRAM.stage_plans()
    runs = list(data.runs)
    assert {run.program for run in runs} == {PROGRAM.id}
    assert_runs_are_allowed(data)
    for index, run in enumerate(runs):
        day = run.at.date()
        suggested = next_run(
            [facts(earlier) for earlier in runs[:index]],
            plans,
            [m for m in checks if m.day <= day],
            day,
            PROGRAM.passes_to_advance,
            LIMITS,
            advances(changes),
            PROGRAM.hold_after_phase_change_days,
        )
        assert day >= suggested.not_before, run
        gap = (day - runs[index - 1].at.date()).days if index else 0
        if gap >= 14:
            assert run.stage <= suggested.stage, run
        else:
            assert run.stage == suggested.stage, (run, suggested.reason)
        if run.segments:
            assert run.seconds_done == sum(s.done_s for s in run.segments)
            assert run.completed == (run.seconds_done == PROGRAM.stage(run.stage).total_s())
    judged = progress(
        [facts(run) for run in runs], plans, checks, NOW.date(), PROGRAM.passes_to_advance,
        LIMITS, advances(changes), PROGRAM.hold_after_phase_change_days,
    )  # fmt: skip
    outcomes = Counter(verdict.outcome for verdict in judged.verdicts)
    assert outcomes[Outcome.PASS] > outcomes[Outcome.REPEAT] > 0
    assert outcomes[Outcome.STEP_BACK] > 0
    if weeks > 52:
        assert max(run.stage for run in runs) == len(PROGRAM.stages)


# -- five years of it ------------------------------------------------------------------------


def test_five_years_fill_a_home_that_checks_sound(tmp_path: Path) -> None:
    data = demo(260)
    assert 9_000 <= data.records <= 14_000
    assert {change.to_phase for change in data.phase_changes} == {2, 3, 4}
    assert any(c.to_phase < c.from_phase for c in data.phase_changes)
    home = Home(tmp_path / "home")
    store = Store(home, fixed_clock)
    assert store.fill_if_empty(data)
    assert not store.fill_if_empty(data)
    Store(home, fixed_clock).check()
    assert 1_500_000 <= home.data_file.stat().st_size <= 4_000_000
    fresh = Store(home, fixed_clock)
    assert [r for _, r in fresh.runs()] == list(data.runs)
    assert len(fresh.exercise_sessions()) == len(data.sessions)
