"""The weekly review: the week split, each measure on hand-made weeks, properties on generated
histories, the same answers as a plain week-by-week reference, and work in step with the
history."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from itertools import pairwise
from statistics import mean
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.advice import LoadTests, judge_all, mornings
from rules.pain import Morning, PainThresholds, Response, judge_morning
from rules.run import Outcome, RunVerdict
from rules.summary import phase_on
from rules.trends import bridge_symmetry
from rules.week import (
    PlannedExercise,
    RehabHistory,
    WeekReview,
    WeekRun,
    review_weeks,
    week_start,
)
from store.records import (
    STORED,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    RunSession,
)
from tests.rules.test_long_history import thresholds, work

TODAY = date(2026, 11, 21)  # a Saturday
MONDAY = date(2026, 11, 16)
PLAN = {
    1: (PlannedExercise("iso-hold", 7, 2), PlannedExercise("bridge", 3, 3)),
    2: (PlannedExercise("bridge", 3, 3), PlannedExercise("curl", 2, 4)),
    3: (PlannedExercise("curl", 2, 4),),
    4: (),
}
TESTS = {1: "bridge", 2: "bridge", 3: "slider", 4: "hop"}
PROPERTY = settings(max_examples=20, database=None)


def at(day: date, hour: int = 7, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def pain(when: datetime, rest: int = 1, **fields: Any) -> PainEntry:
    # Read as stored records are: a record may lie after the day judged (a clock set back).
    return PainEntry.model_validate({"at": when, "rest": rest, **fields}, context=STORED)


def morning(day: date, rest: int, load_test: int | None = None, **fields: Any) -> PainEntry:
    return pain(at(day), rest, context="morning", load_test=load_test, **fields)


def session(day: date, exercise: str, sets: int = 1, hour: int = 18) -> ExerciseSession:
    return ExerciseSession.model_validate(
        {"at": at(day, hour), "exercise": exercise, "phase": 1, "sets": sets}, context=STORED
    )


def change(when: datetime, before: int, after: int) -> PhaseChange:
    return PhaseChange.model_validate(
        {"at": when, "from_phase": before, "to_phase": after}, context=STORED
    )


def run(when: datetime, run_id: int = 1, verdict: RunVerdict | None = None) -> WeekRun:
    record = RunSession.model_validate(
        {"at": when, "program": "p", "stage": 1, "completed": True, "seconds_done": 60},
        context=STORED,
    )
    return WeekRun(run_id, record, verdict)


def outcome(when: datetime, kind: str, **fields: Any) -> OutcomeMeasure:
    return OutcomeMeasure.model_validate({"at": when, "kind": kind, **fields}, context=STORED)


def only_week(history: RehabHistory, today: date = TODAY, **options: Any) -> WeekReview:
    (review,) = review_weeks(history, today, 1, **options)
    return review


# -- the week split -------------------------------------------------------------------------


@pytest.mark.parametrize("first_weekday", range(7))
def test_a_week_starts_on_its_first_weekday_and_holds_the_day(first_weekday: int) -> None:
    for offset in range(14):
        day = MONDAY + timedelta(days=offset)
        start = week_start(day, first_weekday)
        assert start.weekday() == first_weekday
        assert start <= day < start + timedelta(days=7)


def test_the_current_week_counts_the_days_so_far() -> None:
    (review,) = review_weeks(RehabHistory(began=date(2026, 1, 1)), TODAY, 1)
    assert (review.start, review.end, review.days) == (MONDAY, date(2026, 11, 22), 6)
    sunday_weeks = review_weeks(RehabHistory(began=date(2026, 1, 1)), TODAY, 1, first_weekday=6)
    assert (sunday_weeks[0].start, sunday_weeks[0].days) == (date(2026, 11, 15), 7)


def test_weeks_before_the_journal_began_are_left_out() -> None:
    reviews = review_weeks(RehabHistory(began=date(2026, 11, 12)), TODAY, 10)
    assert [(r.start, r.days) for r in reviews] == [(date(2026, 11, 9), 4), (MONDAY, 6)]
    # A first day after today (a clock set back) still leaves this week.
    (review,) = review_weeks(RehabHistory(began=date(2026, 12, 25)), TODAY, 3)
    assert (review.start, review.days) == (MONDAY, 1)


def test_at_least_one_week() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        review_weeks(RehabHistory(began=TODAY), TODAY, 0)


# -- pain -----------------------------------------------------------------------------------


def test_check_ins_and_means_take_each_days_last_morning() -> None:
    last_week = [morning(date(2026, 11, 9) + timedelta(days=n), 2, 2) for n in range(7)]
    this_week = [
        morning(MONDAY, 1, 3),
        pain(at(MONDAY, 8), 3, context="morning", load_test=5),  # replaces the first
        pain(at(MONDAY, 19), 9, context="evening"),  # not a morning
        morning(MONDAY + timedelta(days=2), 4, None),
    ]
    before, now = review_weeks(
        RehabHistory(MONDAY - timedelta(days=7), last_week + this_week), TODAY, 2
    )
    assert (before.check_ins, before.rest_mean, before.rest_change) == (7, 2.0, None)
    assert (now.check_ins, now.days) == (2, 6)
    assert (now.rest_mean, now.rest_change) == (3.5, 1.5)
    assert (now.load_test_mean, now.load_test_change) == (5.0, 3.0)


def test_no_load_test_change_across_a_change_of_test() -> None:
    days = [date(2026, 11, 9) + timedelta(days=n) for n in range(13)]
    entries = [morning(day, 1, 2 + (day >= MONDAY)) for day in days]
    same = LoadTests(TESTS, [])
    harder = LoadTests(TESTS, [change(at(MONDAY, 6), 2, 3)])
    history = RehabHistory(days[0], entries, changes=harder.changes)
    assert review_weeks(history, TODAY, 2, tests=same)[1].load_test_change == 1.0
    week = review_weeks(history, TODAY, 2, tests=harder)[1]
    assert (week.load_test_mean, week.load_test_change, week.rest_change) == (3.0, None, 0.0)


def test_flare_and_worsening_days_are_the_pain_rules_verdicts() -> None:
    quiet = [morning(date(2026, 11, 2) + timedelta(days=n), 1, 1) for n in range(14)]
    rising = [morning(MONDAY + timedelta(days=n), 2, 2) for n in range(3)]
    flare = [morning(MONDAY + timedelta(days=3), 7, 2)]
    entries = quiet + rising + flare + [morning(TODAY, 3, 2)]
    review = only_week(RehabHistory(date(2026, 11, 2), entries))
    judged = {
        entry.at.date(): judgement.response
        for entry, judgement in zip(entries, judge_all(entries), strict=True)
    }
    assert review.flare_days == (MONDAY + timedelta(days=3),)
    assert review.worsening_days == tuple(
        day for day, response in sorted(judged.items())
        if day >= MONDAY and response is Response.WORSENING
    )  # fmt: skip
    assert review.worsening_days  # the test shows both
    assert judged[MONDAY + timedelta(days=3)] is Response.FLARE


# -- training -------------------------------------------------------------------------------


def full_week(*done: tuple[str, Sequence[int], int]) -> list[ExerciseSession]:
    """Sessions of each (exercise, weekday offsets, sets) in the week of 9 November."""
    first = date(2026, 11, 9)
    return [
        session(first + timedelta(days=offset), name, sets)
        for name, offsets, sets in done
        for offset in offsets
    ]


def training(sessions: list[ExerciseSession], changes: Sequence[PhaseChange] = ()) -> WeekReview:
    history = RehabHistory(date(2026, 11, 1), sessions=sessions, changes=changes, plan=PLAN)
    return review_weeks(history, TODAY, 2)[0]


def test_the_plan_kept_is_100_percent() -> None:
    week = training(full_week(("iso-hold", range(7), 2), ("bridge", (0, 2, 4), 3)))
    assert (week.training_days, week.planned_days) == (7, 7)
    assert week.adherence_pct == 100
    assert (week.sets_done, week.sets_planned) == (23, 23)


def test_more_of_one_exercise_does_not_make_up_for_another() -> None:
    week = training(full_week(("bridge", range(7), 3)))
    # Bridge due 3 days of 3, iso-hold 0 of 7: 3 of 10 days.
    assert week.adherence_pct == 30
    assert (week.training_days, week.sets_done, week.sets_planned) == (7, 21, 23)


def test_sessions_outside_the_plan_count_as_training_days_only() -> None:
    week = training(full_week(("curl", (1, 3), 4), ("bridge", (0,), 1), ("bridge", (0,), 2)))
    assert week.training_days == 3
    assert (week.sets_done, week.adherence_pct) == (3, 10)  # one bridge day of ten due


def test_a_phase_change_splits_the_plan_by_day() -> None:
    # Phase 3 from Thursday evening: Mon-Wed plan phase 1, Thu-Sun phase 3 (curl only).
    changes = [change(at(date(2026, 11, 12), 20), 1, 3)]
    week = training(full_week(("iso-hold", range(3), 2), ("curl", (3, 5), 4)), changes)
    assert week.phase == 3
    # Due: iso-hold 3 x 7/7, bridge 3 x 3/7, curl 4 x 2/7 = 3 + 9/7 + 8/7 days.
    assert week.planned_days == math.ceil(Fraction(3 * 7 + 4 * 2, 7))
    assert week.adherence_pct == round(100 * (3 + Fraction(8, 7)) / (3 + Fraction(17, 7)))
    assert week.sets_planned == round(Fraction(3 * 14 + 3 * 9 + 4 * 8, 7))
    assert week.sets_done == 3 * 2 + 2 * 4


def test_a_week_part_done_is_planned_in_part() -> None:
    history = RehabHistory(MONDAY, sessions=[session(MONDAY, "bridge", 3)], plan=PLAN)
    week = only_week(history, MONDAY + timedelta(days=2))
    assert (week.days, week.planned_days) == (3, 3)
    assert week.sets_planned == round(Fraction(3 * (2 * 7 + 3 * 3), 7))
    assert week.adherence_pct == round(100 * 1 / (3 + Fraction(9, 7)))


def test_no_plan_no_adherence() -> None:
    week = only_week(RehabHistory(MONDAY, changes=[change(at(MONDAY, 6), 3, 4)], plan=PLAN))
    assert (week.phase, week.planned_days, week.adherence_pct, week.sets_planned) == (4, 0, None, 0)


# -- runs and measures ----------------------------------------------------------------------


def test_runs_of_the_counted_days_in_time_order() -> None:
    passed = RunVerdict(Outcome.PASS, "pain 1/10 during and a settled next morning")
    runs = [run(at(TODAY, 17), 2, passed), run(at(MONDAY, 17), 1), run(at(TODAY + timedelta(1)), 3)]
    review = only_week(RehabHistory(MONDAY, runs=runs))
    assert [(item.id, item.verdict) for item in review.runs] == [(1, None), (2, passed)]


def test_sitting_is_the_weeks_best_with_its_chair() -> None:
    entries = [
        pain(at(MONDAY, 12), sitting_min=40, chair="soft"),
        pain(at(MONDAY, 13), sitting_min=30, chair="hard"),
    ]
    tests = [outcome(at(TODAY, 10), "sitting", sitting_min=40, chair="hard")]
    review = only_week(RehabHistory(MONDAY, entries, outcomes=tests))
    assert (review.sitting_min, review.sitting_chair) == (40, "hard")  # of equal times, the latest
    none = only_week(RehabHistory(MONDAY, [pain(at(MONDAY, 12), sitting_min=5)]))
    assert (none.sitting_min, none.sitting_chair) == (5, None)


def test_bridge_is_the_weeks_latest_test_and_visa_h_the_latest_total() -> None:
    entries = [
        pain(at(MONDAY, 12), bridge_left=30, bridge_right=10),
        pain(at(TODAY, 8), bridge_left=18, bridge_right=24),
    ]
    scores = [outcome(at(MONDAY), "visa-h", score=55), outcome(at(TODAY), "visa-h", score=61)]
    review = only_week(RehabHistory(MONDAY, entries, outcomes=scores))
    assert (review.bridge_left, review.bridge_right, review.bridge_symmetry_pct) == (18, 24, 75.0)
    assert review.visa_h == 61
    empty = only_week(RehabHistory(MONDAY))
    assert (empty.bridge_symmetry_pct, empty.visa_h, empty.sitting_min) == (None, None, None)
    # As the gates read it: the injured side against the other, even when it is the stronger.
    right = only_week(RehabHistory(MONDAY, entries, injured="right"))
    assert right.bridge_symmetry_pct == 133.3
    left = only_week(RehabHistory(MONDAY, entries, injured="left"))
    assert left.bridge_symmetry_pct == 75.0


# -- generated histories --------------------------------------------------------------------

SPAN = 80  # days of history before the latest "today"
EXERCISES = ("iso-hold", "bridge", "curl", "other")


@dataclass(frozen=True)
class Case:
    history: RehabHistory
    today: date
    weeks: int
    first_weekday: int
    limits: PainThresholds
    tests: LoadTests | None

    def reviews(self) -> list[WeekReview]:
        return review_weeks(
            self.history, self.today, self.weeks, self.first_weekday, self.limits, self.tests
        )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    today = TODAY - timedelta(days=draw(st.integers(0, 6)))
    first = today - timedelta(days=SPAN)
    began = first + timedelta(days=draw(st.integers(0, SPAN + 3)))

    def when(extra: int = 2) -> datetime:
        # Some records fall before the first day or after today: they must count for nothing.
        day = first + timedelta(days=draw(st.integers(-3, SPAN + extra)))
        return at(day, draw(st.integers(5, 22)), draw(st.sampled_from([0, 30])))

    # Pain follows a course, drifting over weeks with a point or so of noise and now and
    # then a spike: so that baselines settle and both flares and worsening weeks happen.
    base, drift = draw(st.integers(0, 4)), draw(st.integers(-2, 6))
    gaps = draw(st.integers(0, 4))  # how often a day has no entry
    entries = []
    for offset in range(-3, SPAN + 3):
        if draw(st.integers(0, 9)) < gaps:
            continue
        day = first + timedelta(days=offset)
        level = base + drift * offset // 20 + draw(st.sampled_from([-1, 0, 0, 0, 0, 1, 1, 3]))
        score = min(max(level, 0), 10)
        extra: dict[str, Any] = {}
        if draw(st.integers(0, 5)) == 0:
            extra = {"sitting_min": draw(st.integers(0, 90)), "chair": draw(st.none() | chairs)}
        if draw(st.integers(0, 5)) == 0:
            extra |= {"bridge_left": draw(reps), "bridge_right": draw(reps)}
        entries.append(
            pain(
                at(day, draw(st.integers(6, 20))),
                score,
                context=draw(st.sampled_from(["morning", "morning", "morning", "evening"])),
                load_test=draw(st.sampled_from([None, min(score + 1, 10), min(score + 1, 10)])),
                stiffness_min=draw(st.none() | st.integers(0, 45)),
                **extra,
            )
        )
    entries.sort(key=lambda entry: entry.at)
    sessions = sorted(
        (
            session(when().date(), draw(st.sampled_from(EXERCISES)), draw(st.integers(1, 5)))
            for _ in range(draw(st.integers(0, 150)))
        ),
        key=lambda item: item.at,
    )
    changes, phase = [], 1
    for moment in sorted(when() for _ in range(draw(st.integers(0, 4)))):
        after = draw(st.integers(1, 4))
        changes.append(change(moment, phase, after))
        phase = after
    verdicts = st.none() | st.builds(RunVerdict, st.sampled_from(list(Outcome)), st.just("why"))
    runs = sorted(
        (run(when(), number, draw(verdicts)) for number in range(draw(st.integers(0, 12)))),
        key=lambda item: item.run.at,
    )
    measures = [
        outcome(when(), "sitting", sitting_min=draw(st.integers(0, 90)), chair=draw(chairs))
        if draw(st.booleans())
        else outcome(when(), "visa-h", score=draw(st.integers(0, 100)))
        for _ in range(draw(st.integers(0, 8)))
    ]
    measures.sort(key=lambda item: item.at)
    history = RehabHistory(began, entries, sessions, runs, measures, changes, PLAN)
    return Case(
        history,
        today,
        draw(st.integers(1, 14)),
        draw(st.integers(0, 6)),
        draw(thresholds()),
        draw(st.none() | st.just(LoadTests(TESTS, changes))),
    )


chairs = st.sampled_from(["hard", "soft", "car"])
reps = st.integers(0, 40)


@PROPERTY
@given(cases())
def test_the_weeks_cover_each_counted_day_once(case: Case) -> None:
    reviews = case.reviews()
    current = week_start(case.today, case.first_weekday)
    assert reviews[-1].start == current
    assert 1 <= len(reviews) <= case.weeks
    counted_from = max(
        current - timedelta(weeks=case.weeks - 1), min(case.history.began, case.today)
    )
    assert sum(review.days for review in reviews) == (case.today - counted_from).days + 1
    for earlier, later in pairwise(reviews):
        assert later.start == earlier.end + timedelta(days=1)
    for review in reviews:
        assert review.start.weekday() == case.first_weekday
        assert review.end == review.start + timedelta(days=6)
        assert 1 <= review.days <= 7


@PROPERTY
@given(cases())
def test_counts_stay_within_their_bounds(case: Case) -> None:
    for review in case.reviews():
        assert 0 <= review.check_ins <= review.days
        assert review.training_days <= review.days
        assert review.planned_days <= review.days
        assert review.adherence_pct is None or 0 <= review.adherence_pct <= 100
        assert len(review.flare_days) + len(review.worsening_days) <= review.check_ins
        assert not set(review.flare_days) & set(review.worsening_days)
        assert review.sets_done >= 0 and review.sets_planned >= 0
        for day in review.flare_days + review.worsening_days:
            assert review.start <= day <= min(review.end, case.today)
        assert review.bridge_symmetry_pct is None or 0 <= review.bridge_symmetry_pct <= 100


@PROPERTY
@given(cases())
def test_the_review_is_the_week_by_week_reference(case: Case) -> None:
    assert case.reviews() == reference_reviews(case)


@PROPERTY
@given(cases(), st.integers(1, 14))
def test_more_weeks_only_add_older_ones(case: Case, more: int) -> None:
    wider = review_weeks(
        case.history, case.today, case.weeks + more, case.first_weekday, case.limits, case.tests
    )
    reviews = case.reviews()
    assert wider[len(wider) - len(reviews) :] == reviews


# -- the reference: each week worked out alone from the whole history --------------------


def reference_reviews(case: Case) -> list[WeekReview]:
    history, today = case.history, case.today
    began = min(history.began, today)
    current = week_start(today, case.first_weekday)
    every = mornings(history.entries, case.tests)
    reviews = []
    for back in range(case.weeks - 1, -1, -1):
        start = current - timedelta(weeks=back)
        days = counted(start, began, today)
        if days:
            before = counted(start - timedelta(weeks=1), began, today)
            reviews.append(reference_week(case, start, days, before, every))
    return reviews


def counted(start: date, began: date, today: date) -> list[date]:
    week = (start + timedelta(days=n) for n in range(7))
    return [day for day in week if began <= day <= today]


def last_mornings(every: list[Morning], days: list[date]) -> list[Morning]:
    return [
        [m for m in every if m.day == day][-1] for day in days if any(m.day == day for m in every)
    ]


def reference_week(
    case: Case, start: date, days: list[date], before: list[date], every: list[Morning]
) -> WeekReview:
    history = case.history
    week, earlier = last_mornings(every, days), last_mornings(every, before)
    verdicts = {m.day: judge_morning(m, every, case.limits).response for m in week}

    def average(scores: list[int]) -> float | None:
        return round(float(mean(scores)), 1) if scores else None

    def change(now: list[int], then: list[int]) -> float | None:
        return round(float(mean(now) - mean(then)), 1) if now and then else None

    rests, rests_before = [m.rest for m in week], [m.rest for m in earlier]
    loads = [m.load_test for m in week if m.load_test is not None]
    loads_before = [m.load_test for m in earlier if m.load_test is not None]
    tests_now = {m.test for m in week if m.load_test is not None}
    tests_then = {m.test for m in earlier if m.load_test is not None}

    due: dict[str, Fraction] = {}
    kept: dict[str, int] = {}
    planned_days, sets_planned, sets_done, trained = Fraction(0), Fraction(0), 0, 0
    for day in days:
        plan = history.plan.get(phase_on(history.changes, datetime.combine(day, time.max)), ())
        logged = [s for s in history.sessions if s.at.date() == day]
        trained += bool(logged)
        planned_days += Fraction(max((e.days_per_week for e in plan), default=0), 7)
        for exercise in plan:
            share = Fraction(exercise.days_per_week, 7)
            due[exercise.id] = due.get(exercise.id, Fraction(0)) + share
            sets_planned += exercise.sets * share
            mine = [s.sets for s in logged if s.exercise == exercise.id]
            kept[exercise.id] = kept.get(exercise.id, 0) + bool(mine)
            sets_done += sum(mine)
    total_due = sum(due.values(), Fraction(0))
    adherence = (
        round(100 * sum(min(kept[e], due[e]) for e in due) / total_due) if total_due else None
    )

    def inside(moment: datetime) -> bool:
        return moment.date() in days

    bridges = [e for e in history.entries if inside(e.at) and e.bridge_left is not None]
    bridge = max(bridges, key=lambda e: e.at, default=None)
    sittings = [
        (e.at, e.sitting_min, e.chair)
        for e in history.entries
        if inside(e.at) and e.sitting_min is not None
    ] + [
        (o.at, o.sitting_min, o.chair)
        for o in history.outcomes
        if inside(o.at) and o.kind == "sitting"
    ]
    sitting = max(sittings, key=lambda item: (item[1], item[0]), default=None)
    visa = max(
        (o for o in history.outcomes if inside(o.at) and o.kind == "visa-h"),
        key=lambda o: o.at,
        default=None,
    )
    left = bridge.bridge_left if bridge else None
    right = bridge.bridge_right if bridge else None
    return WeekReview(
        start=start,
        end=start + timedelta(days=6),
        days=len(days),
        phase=phase_on(history.changes, datetime.combine(days[-1], time.max)),
        check_ins=len(week),
        rest_mean=average(rests),
        rest_change=change(rests, rests_before),
        load_test_mean=average(loads),
        load_test_change=(
            change(loads, loads_before) if len(tests_now) == 1 and tests_now == tests_then else None
        ),
        flare_days=tuple(d for d, r in sorted(verdicts.items()) if r is Response.FLARE),
        worsening_days=tuple(d for d, r in sorted(verdicts.items()) if r is Response.WORSENING),
        training_days=trained,
        planned_days=math.ceil(planned_days),
        adherence_pct=adherence,
        sets_done=sets_done,
        sets_planned=round(sets_planned),
        runs=tuple(sorted((r for r in history.runs if inside(r.run.at)), key=lambda r: r.run.at)),
        sitting_min=sitting[1] if sitting else None,
        sitting_chair=sitting[2] if sitting else None,
        bridge_left=left,
        bridge_right=right,
        bridge_symmetry_pct=(
            None if left is None or right is None else bridge_symmetry(left, right, "both")
        ),
        visa_h=visa.score if visa else None,
    )


# -- work in step with the history ----------------------------------------------------------


def long_history(days: int) -> RehabHistory:
    """`days` of heavy use ending on TODAY: a check-in, an evening entry, two exercises a day,
    a run every third day, a weekly sitting test and a phase change every 90 days."""
    first = TODAY - timedelta(days=days - 1)
    entries, sessions, runs, measures, changes = [], [], [], [], []
    for offset in range(days):
        day = first + timedelta(days=offset)
        entries += [
            morning(day, 1 + offset % 2, 2, stiffness_min=5, bridge_left=20, bridge_right=18),
            pain(at(day, 20), offset % 3, context="evening", sitting_min=30, chair="hard"),
        ]
        sessions += [session(day, "iso-hold", 2), session(day, "bridge", 3, hour=19)]
        if offset % 3 == 0:
            runs.append(run(at(day, 17), offset))
        if offset % 7 == 0:
            measures.append(outcome(at(day, 12), "sitting", sitting_min=40, chair="soft"))
        if offset % 90 == 89:
            changes.append(change(at(day, 12), 1 + len(changes) % 2, 2 - len(changes) % 2))
    return RehabHistory(first, entries, sessions, runs, measures, changes, PLAN)


def test_twice_the_history_is_at_most_about_twice_the_work() -> None:
    """Every week of a history reviewed: work grows with the records, not records x weeks."""
    small, large = long_history(52 * 7), long_history(104 * 7)
    costs = [
        work(lambda h=history, w=weeks: review_weeks(h, TODAY, w, tests=LoadTests(TESTS, [])))
        for history, weeks in ((small, 52), (large, 104))
    ]
    assert costs[1] <= 2.2 * costs[0], costs
