"""The weekly review: each week's morning check-ins, pain means and their change, flare and
worsening days, training against the phase's plan, runs, sitting tolerance, bridge reps and the
VISA-H total.

Plain Python with no I/O; today is passed in. Flares and worsening are rules.pain's verdicts,
the same the Pain screen and the gates give; run outcomes are rules.run's, passed in already
judged. Every week is worked out in one pass over the history, so a review of five years costs
little more than reading them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import mean

from rules.advice import LoadTests, mornings_between
from rules.pain import DEFAULT_LIMITS, Morning, MorningHistory, PainThresholds, reach
from rules.run import RunVerdict
from rules.summary import FIRST_PHASE
from rules.trends import bridge_symmetry
from store.records import (
    Chair,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    RunSession,
    Side,
)

WEEK = 7
DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlannedExercise:
    """An exercise of a phase's plan, with the dosage the review counts against."""

    id: str
    days_per_week: int
    sets: int


@dataclass(frozen=True)
class WeekRun:
    """A run of the week, with the verdict the Run screen shows (None: its program is no
    longer available, so it cannot be judged)."""

    id: int
    run: RunSession
    verdict: RunVerdict | None


@dataclass(frozen=True)
class RehabHistory:
    """What a review reads, each kind oldest first. `began` is the journal's first day: no day
    before it is counted. `plan` gives each phase's exercises."""

    began: date
    entries: Sequence[PainEntry] = ()
    sessions: Sequence[ExerciseSession] = ()
    runs: Sequence[WeekRun] = ()
    outcomes: Sequence[OutcomeMeasure] = ()
    changes: Sequence[PhaseChange] = ()
    plan: Mapping[int, Sequence[PlannedExercise]] = field(default_factory=dict)
    injured: Side = "both"  # for bridge symmetry: the injured side against the other


@dataclass(frozen=True)
class WeekReview:
    """One week, from `start` to `end` (seven days); `days` of them are counted: those from
    the journal's first day up to today, so 7 but for the first and the current week.

    Pain: the latest morning check-in of each counted day; means and changes to one decimal,
    a change against the week before (None when either week has no score, or, for the load
    test, when the two weeks did different load tests: a harder test may read higher with the
    tendon no worse).

    Training is counted against the plan of the phase on each day (the phase the day ended
    in). An exercise with `days_per_week` d is due d/7 of a day on each day its phase plans
    it, so a full week in one phase is due d days.
    - `training_days`: counted days with any exercise logged; `planned_days`: the days a
      person following the plan trains (each day's most frequent exercise, d/7 a day,
      summed and rounded up).
    - `adherence_pct`: per planned exercise, the days it was done on days it was planned,
      counted up to the days it was due; their total over the total due, as a whole percent
      (None with nothing due). More of one exercise never makes up for another missed.
    - `sets_planned`: each exercise's planned sets on each day it was due (sets x d/7 a
      planned day), summed and rounded; `sets_done`: every set logged of a planned exercise
      on a day it was planned, extra days included (so it can pass the plan; exercises
      outside the plan do not count).

    Sitting: the most minutes of the week (pain entries and sitting tests) and that chair.
    Bridge: the week's latest single-leg bridge test, symmetry as the gates read it: the
    injured side as a % of the other (the weaker of the two when both are injured). VISA-H:
    the week's latest total."""

    start: date
    end: date
    days: int
    phase: int
    check_ins: int
    rest_mean: float | None
    rest_change: float | None
    load_test_mean: float | None
    load_test_change: float | None
    flare_days: tuple[date, ...]
    worsening_days: tuple[date, ...]
    training_days: int
    planned_days: int
    adherence_pct: int | None
    sets_done: int
    sets_planned: int
    runs: tuple[WeekRun, ...]
    sitting_min: int | None
    sitting_chair: Chair | None
    bridge_left: int | None
    bridge_right: int | None
    bridge_symmetry_pct: float | None
    visa_h: int | None


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`, weeks beginning on `first_weekday`
    (Monday 0, as date.weekday() numbers it)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % WEEK)


def review_weeks(
    history: RehabHistory,
    today: date,
    weeks: int,
    first_weekday: int = 0,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> list[WeekReview]:
    """The reviews of the last `weeks` weeks up to the one holding today, oldest first;
    weeks that end before the journal's first day are left out (the current week never is).
    `tests` says which load test each morning did, as for the other pain rules."""
    if weeks < 1:
        raise ValueError("a review needs at least one week")
    began = min(history.began, today)
    current = week_start(today, first_weekday)
    # One week more than asked for: the oldest week's changes compare against it.
    first = current - timedelta(weeks=weeks)
    count = weeks + 1
    lowest = max(first, began)  # the first day counted

    checks = MorningHistory(
        mornings_between(history.entries, lowest - reach(limits), today, tests), limits
    )
    flares, worsening = checks.blocking_days(lowest, today)
    training = _Training(history, lowest, today)
    found = [_Found() for _ in range(count)]

    def week_of(day: date) -> _Found | None:
        """What the week of `day` holds (week 0 is the extra one); None outside the counted
        days."""
        return found[(day - first).days // WEEK] if lowest <= day <= today else None

    _gather(history, flares, worsening, week_of)
    reviews: list[WeekReview] = []
    before: list[Morning] = []
    for number in range(count):
        start = first + timedelta(weeks=number)
        end = start + timedelta(days=WEEK - 1)
        counted_from, counted_to = max(start, lowest), min(end, today)
        days = max((counted_to - counted_from).days + 1, 0)
        week = checks.between(counted_from, counted_to) if days else []
        if number > 0 and days:
            reviews.append(
                _review(
                    start,
                    end,
                    days,
                    _Pain(week, before),
                    training.week(counted_from, counted_to),
                    training.phase_on(counted_to),
                    found[number],
                    history.injured,
                )
            )
        before = week
    return reviews


# -- internals ------------------------------------------------------------------------------


@dataclass
class _Found:
    """The records one week holds, gathered in one pass over each kind."""

    flares: list[date] = field(default_factory=list)
    worsening: list[date] = field(default_factory=list)
    runs: list[WeekRun] = field(default_factory=list)
    bridges: list[PainEntry] = field(default_factory=list)
    sittings: list[tuple[datetime, int, Chair | None]] = field(default_factory=list)
    visa_h: list[OutcomeMeasure] = field(default_factory=list)


def _gather(
    history: RehabHistory,
    flares: list[date],
    worsening: list[date],
    week_of: Callable[[date], _Found | None],
) -> None:
    """Put each day judged and each record of the counted days in its week."""
    for day in flares:
        week = week_of(day)
        if week is not None:
            week.flares.append(day)
    for day in worsening:
        week = week_of(day)
        if week is not None:
            week.worsening.append(day)
    for item in history.runs:
        week = week_of(item.run.at.date())
        if week is not None:
            week.runs.append(item)
    for entry in history.entries:
        week = week_of(entry.at.date())
        if week is None:
            continue
        if entry.bridge_left is not None and entry.bridge_right is not None:
            week.bridges.append(entry)
        if entry.sitting_min is not None:
            week.sittings.append((entry.at, entry.sitting_min, entry.chair))
    for outcome in history.outcomes:
        week = week_of(outcome.at.date())
        if week is None:
            continue
        if outcome.kind == "sitting" and outcome.sitting_min is not None:
            week.sittings.append((outcome.at, outcome.sitting_min, outcome.chair))
        if outcome.kind == "visa-h" and outcome.score is not None:
            week.visa_h.append(outcome)


@dataclass(frozen=True)
class _Pain:
    """A week's mornings (the latest check-in of each counted day) and the week before's."""

    week: Sequence[Morning]
    before: Sequence[Morning]


@dataclass
class _TrainingWeek:
    """A week's training, in sevenths of a day (an exercise of d days a week is due d
    sevenths each day), so that sums are exact."""

    training_days: int = 0
    planned_sevenths: int = 0  # the plan's most frequent exercise, summed over the days
    due: dict[str, int] = field(default_factory=dict)  # exercise -> sevenths due
    done: dict[str, int] = field(default_factory=dict)  # exercise -> days done when due
    sets_done: int = 0
    sets_planned_sevenths: int = 0

    @property
    def adherence_pct(self) -> int | None:
        total = sum(self.due.values())
        if total == 0:
            return None
        kept = sum(min(WEEK * self.done.get(name, 0), due) for name, due in self.due.items())
        return round(100 * kept / total)


class _Training:
    """Each counted day's phase and sessions, read once, for every week's training."""

    def __init__(self, history: RehabHistory, first: date, last: date) -> None:
        self.plan = history.plan
        self.first = first
        # The sets of each exercise on each day (several sessions of one exercise add up).
        self.sets: dict[date, dict[str, int]] = defaultdict(dict)
        for session in history.sessions:
            day = session.at.date()
            if first <= day <= last:
                on_day = self.sets[day]
                on_day[session.exercise] = on_day.get(session.exercise, 0) + session.sets
        # The phase each day ended in, from the changes in time order.
        changes = sorted(history.changes, key=lambda change: change.at)
        self.phases: list[int] = []
        phase, next_change = FIRST_PHASE, 0
        day = first
        while day <= last:
            end_of_day = datetime.combine(day, time.max)
            while next_change < len(changes) and changes[next_change].at <= end_of_day:
                phase = changes[next_change].to_phase
                next_change += 1
            self.phases.append(phase)
            day += DAY

    def phase_on(self, day: date) -> int:
        """The phase `day` (a counted day) ended in."""
        return self.phases[(day - self.first).days]

    def week(self, first: date, last: date) -> _TrainingWeek:
        done = _TrainingWeek()
        day = first
        while day <= last:
            logged = self.sets.get(day, {})
            done.training_days += bool(logged)
            planned = self.plan.get(self.phase_on(day), ())
            if planned:
                done.planned_sevenths += max(exercise.days_per_week for exercise in planned)
            for exercise in planned:
                due = exercise.days_per_week
                done.due[exercise.id] = done.due.get(exercise.id, 0) + due
                done.sets_planned_sevenths += exercise.sets * due
                if exercise.id in logged:
                    done.done[exercise.id] = done.done.get(exercise.id, 0) + 1
                    done.sets_done += logged[exercise.id]
            day += DAY
        return done


def _review(
    start: date,
    end: date,
    days: int,
    pain: _Pain,
    training: _TrainingWeek,
    phase: int,
    found: _Found,
    injured: Side,
) -> WeekReview:
    week, before = pain.week, pain.before
    rest, rest_before = _mean(m.rest for m in week), _mean(m.rest for m in before)
    load, load_before = _load_test_mean(week), _load_test_mean(before)
    same_test = _one_test(week) is not None and _one_test(week) == _one_test(before)
    bridge = max(found.bridges, key=lambda entry: entry.at, default=None)
    # The most minutes; of equal times, the latest.
    sitting = max(found.sittings, key=lambda item: (item[1], item[0]), default=None)
    visa_h = max(found.visa_h, key=lambda outcome: outcome.at, default=None)
    left = bridge.bridge_left if bridge else None
    right = bridge.bridge_right if bridge else None
    return WeekReview(
        start=start,
        end=end,
        days=days,
        phase=phase,
        check_ins=len(week),
        rest_mean=_tenth(rest),
        rest_change=_change(rest, rest_before),
        load_test_mean=_tenth(load),
        load_test_change=_change(load, load_before) if same_test else None,
        flare_days=tuple(found.flares),
        worsening_days=tuple(found.worsening),
        training_days=training.training_days,
        planned_days=-(-training.planned_sevenths // WEEK),
        adherence_pct=training.adherence_pct,
        sets_done=training.sets_done,
        sets_planned=round(training.sets_planned_sevenths / WEEK),
        runs=tuple(sorted(found.runs, key=lambda item: item.run.at)),
        sitting_min=sitting[1] if sitting else None,
        sitting_chair=sitting[2] if sitting else None,
        bridge_left=left,
        bridge_right=right,
        bridge_symmetry_pct=(
            None if left is None or right is None else bridge_symmetry(left, right, injured)
        ),
        visa_h=visa_h.score if visa_h else None,
    )


def _mean(scores: Iterable[int]) -> float | None:
    found = list(scores)
    return mean(found) if found else None


def _load_test_mean(week: Sequence[Morning]) -> float | None:
    return _mean(m.load_test for m in week if m.load_test is not None)


def _one_test(week: Sequence[Morning]) -> str | None:
    """The load test of the week's mornings, if they all did the same one."""
    done = {m.test for m in week if m.load_test is not None}
    return done.pop() if len(done) == 1 else None


def _tenth(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(float(now - before), 1)
