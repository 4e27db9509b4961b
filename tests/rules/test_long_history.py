"""The rules over a long history: the same answers as the plain reference (tests/rules/
reference.py, the rules as they were) on generated histories, and work that grows in step
with the history, not with its square. Work is counted, never timed: the lines of rules/ code
a call runs, the same number on every machine and every run."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rules
from rules.advice import LoadTests, judge, judge_all, mornings
from rules.criteria import (
    BridgeReps,
    BridgeSymmetry,
    BriskWalk,
    LoadTestDays,
    MeanRest,
    NoFlare,
    RestEachDay,
    Sessions,
    Sitting,
)
from rules.gates import (
    GateFacts,
    days_since_flare,
    evaluate_gate,
    recent_warning,
    rest_day_advice,
)
from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    PainThresholds,
    Response,
    baseline,
    flare_days,
    is_flare,
    judge_morning,
    judged_days,
)
from rules.run import RunFacts, StagePlan, judge_run, next_run, progress
from rules.summary import summarise_day
from rules.trends import TrendRange, bridge_trend, daily_worst, pain_trend, sitting_trend
from store.records import PainEntry, PhaseChange
from tests.rules import reference

START = date(2025, 3, 3)
# Generated histories cover a month and run a few days past the day judged ("today"): the
# days after it must change nothing.
SPAN = 33
LOAD_TESTS = {1: "bridge", 2: "bridge", 3: "slider", 4: "hop"}
CRITERIA = (
    LoadTestDays(kind="load_test_days", max=3, days=5, window=7),
    MeanRest(kind="mean_rest", max=2, window=7),
    RestEachDay(kind="rest_each_day", max=2, window=5),
    NoFlare(kind="no_flare", window=14),
    Sessions(kind="sessions", min=6),
    Sitting(kind="sitting", min=30, chair="hard", window=14),
    BridgeSymmetry(kind="bridge_symmetry", percent=80, window=14),
    BridgeReps(kind="bridge_reps", min=20, window=14),
    BriskWalk(kind="brisk_walk", minutes=30, max=2),
)
# No deadline and no health check that times generation: nothing here reads a clock.
PROPERTY = settings(
    max_examples=75, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


# -- generated histories --------------------------------------------------------------------

# A history follows a course: pain starting somewhere low and drifting up or down by up to a
# few points over ten days, each score a point or so either side and now and then a spike;
# stiffness likewise. So baselines settle, and flares and worsening weeks both happen.
courses = st.tuples(st.integers(0, 4), st.integers(-2, 5), st.integers(0, 20), st.integers(-5, 15))
noise = st.sampled_from([-1, 0, 0, 0, 1, 1, 3])
mild = st.integers(0, 4) | st.integers(0, 10)


@dataclass(frozen=True)
class Course:
    rest: int
    rise: int  # points over ten days
    stiffness: int
    stiffening: int  # minutes over ten days

    def pain(self, offset: int, spread: int) -> int:
        return min(max(self.rest + self.rise * offset // 10 + spread, 0), 10)

    def stiff(self, offset: int, spread: int) -> int:
        return min(max(self.stiffness + self.stiffening * offset // 10 + 4 * spread, 0), 240)


def _check_ins(
    course: tuple[int, int, int, int],
    rows: list[tuple[int, int, int | None, int | None, str]],
) -> list[Morning]:
    path = Course(*course)
    return [
        Morning(
            on(offset),
            path.pain(offset, spread),
            None if load is None else path.pain(offset, spread + load),
            None if stiff is None else path.stiff(offset, stiff),
            test,
        )
        for offset, spread, load, stiff, test in rows
    ]


# Check-ins in any order, several on a day at times, of one load test or another.
check_ins = st.builds(
    _check_ins,
    courses,
    st.lists(
        st.tuples(
            st.integers(0, SPAN),
            noise,
            st.none() | st.integers(0, 2),
            st.none() | noise,
            st.sampled_from(["", "bridge", "bridge", "slider"]),
        ),
        min_size=25,
        max_size=80,
    ),
)


def _pain_entries(
    course: tuple[int, int, int, int],
    rows: list[tuple[int, int, Any, int, int | None, int | None, int | None]],
) -> list[PainEntry]:
    """Oldest first, as the store gives them."""
    path = Course(*course)
    entries = [
        PainEntry(
            at=datetime.combine(on(offset), time(hour)),
            context=context,
            rest=path.pain(offset, spread),
            load_test=None if load is None else path.pain(offset, spread + load),
            activity=None if context == "morning" or load is None else path.pain(offset, 2),
            stiffness_min=None if stiff is None else path.stiff(offset, stiff),
            sitting_min=extra,
            chair=None if extra is None else "hard",
            bridge_left=None if extra is None else extra // 2,
            bridge_right=None if extra is None else 20,
            walk_min=extra,
        )
        for offset, hour, context, spread, load, stiff, extra in rows
    ]
    return sorted(entries, key=lambda entry: entry.at)


# Mostly morning check-ins, some repeated on a day, and entries at other times of day.
pain_entries = st.builds(
    _pain_entries,
    courses,
    st.lists(
        st.tuples(
            st.integers(0, SPAN),
            st.integers(5, 21),
            st.sampled_from(["morning", "morning", "morning", "evening", "other"]),
            noise,
            st.none() | st.integers(0, 2),
            st.none() | noise,
            st.none() | st.integers(5, 60),
        ),
        min_size=25,
        max_size=80,
    ),
)


@st.composite
def thresholds(draw: st.DrawFn) -> PainThresholds:
    if draw(st.booleans()):
        return DEFAULT_LIMITS
    green = draw(st.integers(1, 4))
    return PainThresholds(
        green_max=green,
        amber_max=green + draw(st.integers(0, 3)),
        baseline_days=draw(st.integers(1, 10)),
        flare_margin=draw(st.integers(1, 3)),
        flare_score=draw(st.integers(4, 10)),
        not_tolerating=draw(st.integers(1, 8)),
        stiffness_max_min=draw(st.integers(0, 40)),
        trend_days=draw(st.integers(3, 8)),
        trend_rise=draw(st.sampled_from([0.5, 1.0, 1.5])),
        stiffness_rise_min=draw(st.integers(1, 12)),
        trend_min_mornings=draw(st.integers(1, 5)),
    )


@st.composite
def load_tests(draw: st.DrawFn) -> LoadTests | None:
    """Which load test each morning did, by a generated phase history; or none."""
    if draw(st.booleans()):
        return None
    changes, phase = [], 1
    for offset in sorted(draw(st.lists(st.integers(0, SPAN), max_size=4))):
        after = min(max(phase + draw(st.sampled_from([1, 1, -1])), 1), 4)
        at = datetime.combine(on(offset), time(12))
        changes.append(PhaseChange(at=at, from_phase=phase, to_phase=after))
        phase = after
    return LoadTests(LOAD_TESTS, changes)


runs = st.lists(
    st.builds(
        RunFacts,
        at=st.builds(
            lambda offset, hour: datetime.combine(on(offset), time(hour)),
            st.integers(0, SPAN),
            st.integers(6, 20),
        ),
        stage=st.integers(0, 5),
        completed=st.booleans(),
        pain_during=st.none() | mild,
    ),
    max_size=25,
)
stage_plans = st.integers(1, 4).flatmap(
    lambda count: st.lists(st.integers(0, 2), min_size=count, max_size=count).map(
        lambda rests: [StagePlan(stage, rest) for stage, rest in enumerate(rests, start=1)]
    )
)
today = st.integers(SPAN - 8, SPAN).map(on)


# -- the same answers as the reference ------------------------------------------------------


def same(quick: object, plain: object) -> None:
    """Equal, and equal in every printed digit too: a mean of 2 stays 2, not 2.0."""
    assert quick == plain
    assert repr(quick) == repr(plain)


@PROPERTY
@given(check_ins, thresholds(), st.integers(0, SPAN + 1), st.data())
def test_a_baseline_and_a_morning_verdict_are_the_references(
    history: list[Morning], limits: PainThresholds, offset: int, data: st.DataObject
) -> None:
    day = on(offset)
    test = data.draw(st.sampled_from([None, "", "bridge", "slider"]))
    same(baseline(history, day, limits, test), reference.baseline(history, day, limits, test))
    # One of the history's own check-ins (maybe not the last of its day), or a new one.
    morning = data.draw(st.sampled_from(history) | st.builds(Morning, st.just(day), mild, mild))
    expected = reference.judge_morning(morning, history, limits)
    same(judge_morning(morning, history, limits), expected)
    assert is_flare(morning, history, limits) == (expected.response is Response.FLARE)


@PROPERTY
@given(check_ins, thresholds(), st.integers(0, SPAN + 1), st.integers(0, SPAN + 1))
def test_judged_days_and_flare_days_are_the_references(
    history: list[Morning], limits: PainThresholds, first: int, last: int
) -> None:
    span = (history, on(first), on(last), limits)
    same(judged_days(*span), reference.judged_days(*span))
    same(flare_days(*span), reference.flare_days(*span))


@PROPERTY
@given(
    runs,
    stage_plans,
    check_ins,
    today,
    thresholds(),
    st.integers(1, 3),
    st.lists(st.integers(0, SPAN).map(on), max_size=3),
    st.integers(0, 10),
)
def test_run_verdicts_and_the_next_run_are_the_references(
    sessions: list[RunFacts],
    stages: list[StagePlan],
    history: list[Morning],
    day: date,
    limits: PainThresholds,
    passes: int,
    changes: list[date],
    hold: int,
) -> None:
    arguments = (sessions, stages, history, day, passes, limits, changes, hold)
    expected = reference.progress(*arguments)
    same(progress(*arguments), expected)
    same(next_run(*arguments), expected.next)
    for session in sessions[:5]:
        same(
            judge_run(session, history, day, limits),
            reference.judge_run(session, history, day, limits),
        )


@PROPERTY
@given(pain_entries, thresholds(), load_tests(), st.data())
def test_every_entry_is_judged_as_the_reference_judges_it(
    entries: list[PainEntry], limits: PainThresholds, tests: LoadTests | None, data: st.DataObject
) -> None:
    same(judge_all(entries, limits, tests), reference.judge_all(entries, limits, tests))
    entry = data.draw(st.sampled_from(entries))
    # The history handed to one judgement may be in any order.
    others = data.draw(st.permutations([other for other in entries if other is not entry]))
    same(judge(entry, others, limits, tests), reference.judge(entry, others, limits, tests))


@PROPERTY
@given(pain_entries, thresholds(), load_tests(), today, st.sampled_from(["left", "both"]))
def test_gates_warnings_and_days_since_a_flare_are_the_references(
    entries: list[PainEntry],
    limits: PainThresholds,
    tests: LoadTests | None,
    day: date,
    injured: Any,
) -> None:
    started = datetime.combine(day - timedelta(days=20), time(9))
    facts = GateFacts(day, injured, entries, started, 4, tests)
    gate = (2, 3, CRITERIA, facts, limits)
    same(evaluate_gate(*gate), reference.evaluate_gate(*gate))
    warning = (entries, day, limits, tests)
    same(recent_warning(*warning), reference.recent_warning(*warning))
    same(days_since_flare(*warning), reference.days_since_flare(*warning))


@PROPERTY
@given(pain_entries, thresholds(), load_tests(), today, st.integers(0, 20))
def test_trends_and_the_sparkline_are_the_references(
    entries: list[PainEntry], limits: PainThresholds, tests: LoadTests | None, day: date, days: int
) -> None:
    for window in TrendRange:
        trend = (entries, window, day, limits, tests)
        same(pain_trend(*trend), reference.pain_trend(*trend))
    same(daily_worst(entries, day, days), reference.daily_worst(entries, day, days))


# -- work in step with the history ----------------------------------------------------------

RULES = str(Path(rules.__file__).parent)


def work(call: Callable[[], object]) -> int:
    """The lines of rules/ code that `call` runs, each pass of a loop or a comprehension
    counted: a measure of work that, unlike a clock, is the same on every run."""
    lines = 0

    def count(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return count

    def enter(frame: FrameType, event: str, arg: object) -> Any:
        return count if frame.f_code.co_filename.startswith(RULES) else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        call()
    finally:
        sys.settrace(previous)
    return lines


LONG_AGO = date(2014, 1, 6)  # far enough back that 4,000 records end before today


@dataclass(frozen=True)
class Years:
    """A long history of `records` pain entries, two a day (a morning check-in and an
    evening), with a run every third day: calm throughout, so no flare cuts a search short."""

    records: int

    @property
    def days(self) -> int:
        return self.records // 2

    @property
    def today(self) -> date:
        return LONG_AGO + timedelta(days=self.days - 1)

    @cached_property
    def entries(self) -> list[PainEntry]:
        entries = []
        for offset in range(self.days):
            day = LONG_AGO + timedelta(days=offset)
            weekly = offset % 7 == 0
            entries += [
                PainEntry(
                    at=datetime.combine(day, time(7)),
                    context="morning",
                    rest=1 + offset % 2,
                    load_test=2 + offset % 3 // 2,
                    stiffness_min=5 + offset % 4,
                    sitting_min=30 if weekly else None,
                    chair="hard" if weekly else None,
                    bridge_left=20 if weekly else None,
                    bridge_right=18 if weekly else None,
                ),
                PainEntry(at=datetime.combine(day, time(20)), context="evening", rest=offset % 3),
            ]
        return entries

    @cached_property
    def tests(self) -> LoadTests:
        changes = [
            PhaseChange(
                at=datetime.combine(LONG_AGO + timedelta(days=self.days * part // 4), time(12)),
                from_phase=part,
                to_phase=part + 1,
            )
            for part in (1, 2, 3)
        ]
        return LoadTests(LOAD_TESTS, changes)

    @cached_property
    def runs(self) -> list[RunFacts]:
        return [
            RunFacts(datetime.combine(LONG_AGO + timedelta(days=offset), time(18)), 1, True, 2)
            for offset in range(0, self.days, 3)
        ]


PLANS = [StagePlan(1, 1), StagePlan(2, 1), StagePlan(3, 2)]


def _pain_screen(years: Years, window: TrendRange) -> Callable[[], object]:
    entries, tests = years.entries, years.tests
    return lambda: pain_trend(entries, window, years.today, DEFAULT_LIMITS, tests)


def _run(years: Years, call: Callable[..., object]) -> Callable[[], object]:
    sessions, checks = years.runs, mornings(years.entries, years.tests)
    return lambda: call(sessions, PLANS, checks, years.today)


def _gate(years: Years) -> Callable[[], object]:
    facts = GateFacts(years.today, "left", years.entries, None, 10, years.tests)
    return lambda: evaluate_gate(2, 3, CRITERIA, facts)


def _latest_check_in(years: Years) -> Callable[[], object]:
    entries, tests = years.entries, years.tests
    return lambda: judge(entries[-2], entries[:-2], DEFAULT_LIMITS, tests)


def _all_mornings(years: Years, call: Callable[..., object]) -> Callable[[], object]:
    checks = mornings(years.entries, years.tests)
    return lambda: call(checks, LONG_AGO, years.today)


CALLS: dict[str, Callable[[Years], Callable[[], object]]] = {
    "judged_days": lambda years: _all_mornings(years, judged_days),
    "flare_days": lambda years: _all_mornings(years, flare_days),
    "baseline": lambda years: _all_mornings(
        years, lambda checks, _, day: baseline(checks, day, DEFAULT_LIMITS, "bridge")
    ),
    "judge_morning": lambda years: _all_mornings(
        years, lambda checks, _, day: judge_morning(checks[-1], checks)
    ),
    "progress": lambda years: _run(years, progress),
    "next_run": lambda years: _run(years, next_run),
    "judge_run": lambda years: _run(
        years, lambda sessions, _, checks, day: judge_run(sessions[-2], checks, day)
    ),
    "judge": _latest_check_in,
    "judge_all": lambda years: lambda: judge_all(years.entries, DEFAULT_LIMITS, years.tests),
    "days_since_flare": lambda years: (
        lambda: days_since_flare(years.entries, years.today, DEFAULT_LIMITS, years.tests)
    ),
    "recent_warning": lambda years: (
        lambda: recent_warning(years.entries, years.today, DEFAULT_LIMITS, years.tests)
    ),
    "evaluate_gate": _gate,
    "pain_trend 14 days": lambda years: _pain_screen(years, TrendRange.DAYS_14),
    "pain_trend all time": lambda years: _pain_screen(years, TrendRange.ALL),
    "daily_worst": lambda years: lambda: daily_worst(years.entries, years.today),
    "sitting_trend": lambda years: lambda: sitting_trend(years.entries, LONG_AGO, years.today),
    "bridge_trend": lambda years: (
        lambda: bridge_trend(years.entries, "left", LONG_AGO, years.today)
    ),
    "summarise_day": lambda years: lambda: summarise_day(None, years.entries, [], years.today),
    "rest_day_advice": lambda years: (
        lambda: rest_day_advice([run.at.date() for run in years.runs], years.today)
    ),
}
SIZES = (2_000, 4_000)
HISTORIES = {records: Years(records) for records in SIZES}


@pytest.mark.parametrize("name", CALLS)
def test_twice_the_history_is_at_most_about_twice_the_work(name: str) -> None:
    """Linear work doubles with the history, n log n a little more; quadratic work (a whole
    history read again for each day or run) would be four times as much."""
    small, large = (work(CALLS[name](HISTORIES[records])) for records in SIZES)
    assert small > 0
    assert large <= 2.3 * small, f"{name}: {small} lines at {SIZES[0]}, {large} at {SIZES[1]}"
