"""Phase gates: each criterion judged as met, not met or no data, with the numbers and dates
it used. Plain Python, no I/O; today is passed in. The flare rule is rules.pain's, the same
one the Pain screen uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from statistics import mean
from typing import Any

from rules.advice import LoadTests, mornings, mornings_between
from rules.criteria import (
    BridgeReps,
    BridgeSymmetry,
    BriskWalk,
    Criterion,
    LoadTestDays,
    MeanRest,
    NoFlare,
    RestEachDay,
    Sessions,
    Sitting,
)
from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    MorningHistory,
    PainThresholds,
    Response,
    judged_days,
    latest_per_day,
    over_limit,
    reach,
)
from rules.trends import bridge_symmetry
from store.records import PainEntry, Side


class State(Enum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    @property
    def words(self) -> str:
        return {"met": "met", "not_met": "not met", "no_data": "no data"}[self.value]


@dataclass(frozen=True)
class GateFacts:
    """What a gate is judged on. `entries` oldest first; `training_days` are the days with an
    exercise session logged in the current phase."""

    today: date
    injured: Side
    entries: Sequence[PainEntry]
    phase_started: datetime | None
    training_days: int
    tests: LoadTests | None = None  # which load test each morning did


@dataclass(frozen=True)
class CriterionResult:
    id: str
    label: str
    state: State
    evidence: str

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "label": self.label,
            "state": self.state.value,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class GateResult:
    phase: int
    next_phase: int | None
    criteria: tuple[CriterionResult, ...]

    @property
    def passed(self) -> bool:
        return bool(self.criteria) and all(c.state is State.MET for c in self.criteria)

    @property
    def met(self) -> int:
        return sum(c.state is State.MET for c in self.criteria)

    @property
    def unmet(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.state is not State.MET]

    def as_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "next_phase": self.next_phase,
            "passed": self.passed,
            "criteria": [c.as_json() for c in self.criteria],
        }


# The criteria judged on the morning check-ins of their last `window` days.
_ON_MORNINGS = (LoadTestDays, MeanRest, RestEachDay, NoFlare)


def evaluate_gate(
    phase: int,
    next_phase: int | None,
    criteria: Sequence[Criterion],
    facts: GateFacts,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> GateResult:
    # Only the days the criteria read: their windows, and the weeks before that a verdict on
    # a window's first day looks back on.
    longest = max((c.window for c in criteria if isinstance(c, _ON_MORNINGS)), default=1)
    first = facts.today - timedelta(days=longest - 1) - reach(limits)
    every = latest_per_day(mornings_between(facts.entries, first, facts.today, facts.tests))
    results = tuple(_judge(criterion, facts, every, limits) for criterion in criteria)
    return GateResult(phase, next_phase, results)


def criterion_id(criterion: Criterion) -> str:
    return criterion.kind.replace("_", "-")


# -- each kind -------------------------------------------------------------------------


def _judge(
    criterion: Criterion, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> CriterionResult:
    state, evidence = _JUDGES[type(criterion)](criterion, facts, every, limits)
    return CriterionResult(criterion_id(criterion), criterion.label, state, evidence)


def _window(today: date, days: int) -> list[date]:
    """The last `days` days, today included, oldest first."""
    return [today - timedelta(days=back) for back in range(days - 1, -1, -1)]


def _day(day: date) -> str:
    return f"{day:%d %b}"


def _in_window(every: list[Morning], days: list[date]) -> dict[date, Morning]:
    wanted = set(days)
    return {m.day: m for m in every if m.day in wanted}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _last_days(window: int) -> str:
    return "today" if window == 1 else f"the last {window} days"


def _no_check_in(window: int) -> tuple[State, str]:
    return State.NO_DATA, f"no morning check-in in {_last_days(window)}"


def _load_test_days(
    c: LoadTestDays, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    days = _window(facts.today, c.window)
    found = {d: m.load_test for d, m in _in_window(every, days).items() if m.load_test is not None}
    if not found:
        return State.NO_DATA, f"no morning load test in {_last_days(c.window)}"
    good = sum(score <= c.max for score in found.values())
    scores = ", ".join(f"{_day(d)}: {found[d]}" for d in sorted(found))
    missing = [d for d in days if d not in found]
    gaps = f"; no test on {', '.join(_day(d) for d in missing)}" if missing else ""
    evidence = f"{good} of {_count(c.window, 'day', 'days')} at {c.max} or less ({scores}{gaps})"
    return _unless_not_tolerating(
        State.MET if good >= c.days else State.NOT_MET, evidence, every, days, limits
    )


def _mean_rest(
    c: MeanRest, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    found = _in_window(every, _window(facts.today, c.window))
    if not found:
        return _no_check_in(c.window)
    average = mean(m.rest for m in found.values())
    state = State.MET if average <= c.max else State.NOT_MET
    evidence = (
        f"mean {average:.1f} over {_count(len(found), 'morning check-in', 'morning check-ins')}"
    )
    return _unless_not_tolerating(state, evidence, every, _window(facts.today, c.window), limits)


def _rest_each_day(
    c: RestEachDay, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    days = _window(facts.today, c.window)
    found = _in_window(every, days)
    if not found:
        return _no_check_in(c.window)
    high = [d for d in days if d in found and found[d].rest > c.max]
    missing = [d for d in days if d not in found]
    parts = []
    if high:
        parts.append("above on " + ", ".join(f"{_day(d)} ({found[d].rest})" for d in high))
    if missing:
        parts.append("no check-in on " + ", ".join(_day(d) for d in missing))
    if not parts:
        return _unless_not_tolerating(
            State.MET,
            f"{'the day' if c.window == 1 else f'all {c.window} days'} at {c.max} or less",
            every,
            days,
            limits,
        )
    return State.NOT_MET, "; ".join(parts)


def _no_flare(
    c: NoFlare, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    days = _window(facts.today, c.window)
    judged = judged_days(every, days[0], facts.today, limits)
    if not judged:
        return _no_check_in(c.window)
    flares = [(m, v) for m, v in judged if v.response is Response.FLARE]
    worse = [(m, v) for m, v in judged if v.response is Response.WORSENING]
    if not flares and not worse:
        return _unless_not_tolerating(
            State.MET,
            "no flare or worsening in "
            + _count(len(judged), "morning check-in", "morning check-ins"),
            every, days, limits,
        )  # fmt: skip
    parts = []
    if flares:
        morning, verdict = flares[-1]
        if verdict.rise is not None and verdict.rise >= limits.flare_margin:
            base = f"{verdict.base:g}" if verdict.base is not None else "-"
            why = f"{verdict.measure} {verdict.score}, {verdict.rise:g} above baseline {base}"
        else:
            why = f"{verdict.measure} {verdict.score}"
        parts.append(f"flare on {_day(morning.day)} ({why})")
    if worse:
        morning, verdict = worse[-1]
        why = verdict.trend.describe() if verdict.trend else "mornings rising"
        parts.append(f"worsening on {_day(morning.day)} ({why})")
    return State.NOT_MET, "; ".join(parts)


def _unless_not_tolerating(
    state: State, evidence: str, every: list[Morning], days: list[date], limits: PainThresholds
) -> tuple[State, str]:
    """No criterion is met by a window holding a morning at the absolute limit: a steady 5/10
    is not tolerating, whatever the mean or the baseline says."""
    found = _in_window(every, days)
    over = [(d, over_limit(found[d], limits)) for d in sorted(found)]
    over = [(d, items) for d, items in over if items]
    if not over:
        return state, evidence
    which = ", ".join(
        f"{_day(d)} ({' and '.join(item.describe() for item in items)})" for d, items in over
    )
    return State.NOT_MET, f"{evidence}; not tolerating on {which}"


def _sessions(
    c: Sessions, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    state = State.MET if facts.training_days >= c.min else State.NOT_MET
    return state, f"{_count(facts.training_days, 'training day', 'training days')} ({c.min} needed)"


def _latest(
    entries: Sequence[PainEntry], has: Callable[[PainEntry], bool], today: date, window: int
) -> PainEntry | None:
    """The newest entry of the last `window` days (today included) for which `has` holds."""
    first = today - timedelta(days=window - 1)
    return next((e for e in reversed(entries) if first <= e.at.date() <= today and has(e)), None)


def _sitting(
    c: Sitting, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    entry = _latest(
        facts.entries,
        lambda e: e.sitting_min is not None and (c.chair is None or e.chair == c.chair),
        facts.today,
        c.window,
    )
    if entry is None or entry.sitting_min is None:
        on = f" on a {c.chair} chair" if c.chair else ""
        return State.NO_DATA, f"no sitting tolerance{on} logged in {_last_days(c.window)}"
    chair = f", {entry.chair} chair" if entry.chair else ""
    state = State.MET if entry.sitting_min >= c.min else State.NOT_MET
    return state, f"{entry.sitting_min} min on {_day(entry.at.date())}{chair}"


def _bridge_entry(facts: GateFacts, window: int) -> PainEntry | None:
    return _latest(facts.entries, lambda e: e.bridge_left is not None, facts.today, window)


def _no_bridge(window: int) -> tuple[State, str]:
    return State.NO_DATA, f"no single-leg bridge test logged in {_last_days(window)}"


def _bridge_symmetry(
    c: BridgeSymmetry, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    if facts.injured == "both":
        return State.MET, "not applicable: both sides are injured, so no healthy side to compare"
    entry = _bridge_entry(facts, c.window)
    if entry is None or entry.bridge_left is None or entry.bridge_right is None:
        return _no_bridge(c.window)
    value = bridge_symmetry(entry.bridge_left, entry.bridge_right, facts.injured)
    reps = f"left {entry.bridge_left}, right {entry.bridge_right} on {_day(entry.at.date())}"
    if value is None:
        return State.NOT_MET, f"{reps}: the other side has 0 reps"
    state = State.MET if value >= c.percent else State.NOT_MET
    return state, f"{reps}: {value:g}%"


def _bridge_reps(
    c: BridgeReps, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    entry = _bridge_entry(facts, c.window)
    if entry is None or entry.bridge_left is None or entry.bridge_right is None:
        return _no_bridge(c.window)
    fewest = min(entry.bridge_left, entry.bridge_right)
    state = State.MET if fewest >= c.min else State.NOT_MET
    reps = f"left {entry.bridge_left}, right {entry.bridge_right} on {_day(entry.at.date())}"
    return state, reps


def _brisk_walk(
    c: BriskWalk, facts: GateFacts, every: list[Morning], limits: PainThresholds
) -> tuple[State, str]:
    start = facts.phase_started
    walks = [
        e for e in facts.entries
        if e.walk_min is not None and (start is None or e.at >= start)
    ]  # fmt: skip
    if not walks:
        return State.NO_DATA, "no brisk walk logged in this phase"

    def pain(entry: PainEntry) -> int:
        return entry.activity if entry.activity is not None else entry.rest

    good = [w for w in walks if (w.walk_min or 0) >= c.minutes and pain(w) <= c.max]
    if good:
        walk = good[-1]
        return State.MET, f"{walk.walk_min} min on {_day(walk.at.date())}, pain {pain(walk)}"
    longest = max(walks, key=lambda w: (w.walk_min or 0, -pain(w)))
    return (
        State.NOT_MET,
        f"longest {longest.walk_min} min on {_day(longest.at.date())}, pain {pain(longest)}",
    )


_JUDGES: dict[type, Any] = {
    LoadTestDays: _load_test_days,
    MeanRest: _mean_rest,
    RestEachDay: _rest_each_day,
    NoFlare: _no_flare,
    Sessions: _sessions,
    Sitting: _sitting,
    BridgeSymmetry: _bridge_symmetry,
    BridgeReps: _bridge_reps,
    BriskWalk: _brisk_walk,
}


# -- flare advice and rest days ----------------------------------------------------------


@dataclass(frozen=True)
class MorningWarning:
    day: date
    response: Response  # a flare or worsening
    advice: str


def recent_warning(
    entries: Sequence[PainEntry],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> MorningWarning | None:
    """A flare or a worsening trend at today's or yesterday's check-in: hold or reduce load."""
    yesterday = today - timedelta(days=1)
    checks = mornings_between(entries, yesterday - reach(limits), today, tests)
    judged = judged_days(checks, yesterday, today, limits)
    found = [(m, v) for m, v in judged if v.blocking]
    if not found:
        return None
    morning, verdict = found[-1]
    when = "this morning" if morning.day == today else "yesterday morning"
    if verdict.response is Response.FLARE:
        advice = (
            f"Flare {when}: hold or reduce load for 24-48 h (fewer sets, less range or weight) "
            "rather than stopping; see a clinician if high pain lasts several days."
        )
    else:
        trend = verdict.trend.describe() if verdict.trend else "mornings rising"
        advice = (
            f"Worsening {when}: {trend}. Hold or reduce load (fewer sets, less range or "
            "weight) until the mornings settle; see a clinician if it keeps rising."
        )
    return MorningWarning(morning.day, verdict.response, advice)


def days_since_flare(
    entries: Sequence[PainEntry],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> int | None:
    # Read newest first: the latest flare is found without judging the years before it.
    found = MorningHistory(mornings(entries, tests), limits).last_flare(today)
    return None if found is None else (today - found).days


def rest_day_advice(strength_days: Sequence[date], today: date) -> str | None:
    """Strength work 3-4 days a week with a rest day between. `strength_days`: days with a
    session of exercises that are not daily-safe isometrics. None: a training day."""
    done = {day for day in strength_days if day < today}
    if today - timedelta(days=1) in done:
        return (
            "Rest day suggested: you did strength work yesterday, and the tendon adapts on "
            "the days between. Isometrics are fine; you can still train if you choose."
        )
    week = [day for day in done if today - timedelta(days=7) <= day]
    if len(week) >= 4:
        return (
            f"Rest day suggested: {len(week)} strength days in the last 7 already "
            "(3-4 a week is the aim). You can still train if you choose."
        )
    return None
