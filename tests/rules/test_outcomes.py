"""When outcome measures are due: the weeks of the schedule, a measure taken early, the last
week's end, and properties over any start, any day and any measures taken."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.outcomes import (
    OUTCOME_KINDS,
    OutcomeSchedule,
    current_point,
    due_outcomes,
    next_point,
    schedule_points,
    week_of,
)
from store.records import OutcomeKind, OutcomeMeasure

START = date(2026, 1, 5)
SCHEDULE = OutcomeSchedule()
LAST_DAY = START + timedelta(weeks=52 + 26, days=-1)


def taken(kind: OutcomeKind, day: date) -> OutcomeMeasure:
    fields = {"score": 60} if kind == "visa-h" else {"sitting_min": 30, "chair": "hard"}
    return OutcomeMeasure.model_validate(
        {"at": datetime.combine(day, time(18)), "kind": kind, **fields},
        context={"today": date(2099, 1, 1)},
    )


def due(today: date, *measures: OutcomeMeasure) -> list[tuple[str, int]]:
    return [(d.kind, d.week) for d in due_outcomes(START, list(measures), today, SCHEDULE)]


def day(week: int, plus: int = 0) -> date:
    return START + timedelta(weeks=week, days=plus)


# -- examples ----------------------------------------------------------------------------


def test_both_are_due_on_the_first_day_and_each_week_of_the_schedule() -> None:
    for week in (0, 4, 12, 26, 52):
        assert due(day(week)) == [("visa-h", week), ("sitting", week)]


def test_nothing_is_due_before_the_start_nor_after_the_last_week_ends() -> None:
    assert due(day(0, -1)) == []
    assert due(LAST_DAY) == [("visa-h", 52), ("sitting", 52)]
    assert due(LAST_DAY + timedelta(days=1)) == []


def test_a_measure_taken_clears_its_kind_until_the_next_week() -> None:
    visa = taken("visa-h", day(4, 2))
    assert due(day(4, 2), visa) == [("sitting", 4)]
    assert due(day(12, -1), visa) == [("sitting", 4)]  # the last day of week 4's window
    assert due(day(12), visa) == [("visa-h", 12), ("sitting", 12)]


def test_a_missed_week_is_not_due_once_the_next_arrives() -> None:
    assert due(day(11, 6)) == [("visa-h", 4), ("sitting", 4)]
    assert due(day(12)) == [("visa-h", 12), ("sitting", 12)]


def test_up_to_seven_days_early_counts_for_the_week() -> None:
    assert due(day(4), taken("visa-h", day(4, -7))) == [("sitting", 4)]
    assert due(day(4), taken("visa-h", day(4, -8))) == [("visa-h", 4), ("sitting", 4)]


def test_the_week_a_measure_counts_for() -> None:
    assert week_of(START, day(0)) == 0
    assert week_of(START, day(4, -3)) == 4  # early for week 4 (and late for week 0)
    assert week_of(START, day(4, 10)) == 4
    assert week_of(START, day(0, -8)) is None
    assert week_of(START, LAST_DAY + timedelta(days=1)) is None


def test_current_and_next_points() -> None:
    point = current_point(START, day(5), SCHEDULE)
    assert point is not None and (point.week, point.first, point.last) == (4, day(4), day(12, -1))
    upcoming = next_point(START, day(5), SCHEDULE)
    assert upcoming is not None and upcoming.week == 12
    assert next_point(START, day(52), SCHEDULE) is None
    assert current_point(START, day(0, -1), SCHEDULE) is None


def test_a_schedule_from_content() -> None:
    from content.loader import load_library

    assert load_library().outcomes.schedule() == SCHEDULE


# -- properties ----------------------------------------------------------------------------

days = st.integers(-30, 7 * 90)
kinds = st.sampled_from(OUTCOME_KINDS)
measures = st.lists(st.tuples(kinds, days), max_size=12)


def _measures(drawn: list[tuple[OutcomeKind, int]]) -> list[OutcomeMeasure]:
    return [taken(kind, START + timedelta(days=offset)) for kind, offset in drawn]


@given(offset=days, drawn=measures)
def test_what_is_due_names_the_week_whose_days_hold_today(
    offset: int, drawn: list[tuple[OutcomeKind, int]]
) -> None:
    today = START + timedelta(days=offset)
    found = due_outcomes(START, _measures(drawn), today, SCHEDULE)
    assert [d.kind for d in found] == [k for k in OUTCOME_KINDS if k in {d.kind for d in found}]
    for item in found:
        assert item.week in SCHEDULE.weeks
        assert item.point.first <= today <= item.point.last
    if not START <= today <= LAST_DAY:
        assert found == []


@given(offset=days, drawn=measures, kind=kinds)
def test_a_measure_taken_today_is_never_due_today(
    offset: int, drawn: list[tuple[OutcomeKind, int]], kind: OutcomeKind
) -> None:
    today = START + timedelta(days=offset)
    before = due_outcomes(START, _measures(drawn), today, SCHEDULE)
    after = due_outcomes(START, [*_measures(drawn), taken(kind, today)], today, SCHEDULE)
    assert kind not in {d.kind for d in after}
    # Taking one kind changes nothing about the other.
    assert [d for d in before if d.kind != kind] == after


@given(offset=days, drawn=measures, later=st.integers(1, 400), kind=kinds)
def test_a_measure_taken_after_today_does_not_count_yet(
    offset: int, drawn: list[tuple[OutcomeKind, int]], later: int, kind: OutcomeKind
) -> None:
    today = START + timedelta(days=offset)
    future = taken(kind, today + timedelta(days=later))
    before = due_outcomes(START, _measures(drawn), today, SCHEDULE)
    assert due_outcomes(START, [*_measures(drawn), future], today, SCHEDULE) == before


@given(
    weeks=st.lists(st.integers(1, 200), min_size=0, max_size=6, unique=True),
    early=st.integers(0, 6),
    last_open=st.integers(1, 60),
)
def test_the_points_tile_the_days_from_the_start(
    weeks: list[int], early: int, last_open: int
) -> None:
    schedule = OutcomeSchedule((0, *sorted(weeks)), early, last_open)
    points = schedule_points(START, schedule)
    assert points[0].first == START
    for before, after in itertools.pairwise(points):
        assert before.last + timedelta(days=1) == after.first
    assert points[-1].last == points[-1].first + timedelta(weeks=last_open, days=-1)
