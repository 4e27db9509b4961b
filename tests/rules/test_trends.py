"""Trend series, bridge symmetry, the sparkline values and judging a whole history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.advice import judge_all, verdict_line
from rules.pain import Morning, flare_days, is_flare
from rules.trends import (
    TrendRange,
    bridge_symmetry,
    bridge_trend,
    daily_worst,
    pain_trend,
    sitting_trend,
)
from store.records import PainEntry

TODAY = date(2026, 11, 21)
scores = st.integers(0, 10)


@st.composite
def histories(draw: st.DrawFn) -> list[PainEntry]:
    """Entries over up to 60 days, some days missing, some with two check-ins, oldest first."""
    entries = []
    for back in sorted(draw(st.sets(st.integers(0, 60), max_size=40)), reverse=True):
        day = TODAY - timedelta(days=back)
        for hour in sorted(draw(st.sets(st.sampled_from([7, 8, 19]), min_size=1, max_size=2))):
            entries.append(
                PainEntry(
                    at=datetime.combine(day, time(hour)),
                    context="morning" if hour < 11 else "after-exercise",
                    rest=draw(scores),
                    load_test=draw(st.none() | scores),
                    activity=draw(st.none() | scores),
                )
            )
    return entries


@settings(max_examples=60, deadline=None, database=None)
@given(histories())
def test_judging_a_whole_history_matches_judging_each_entry_alone(
    entries: list[PainEntry],
) -> None:
    # judge_all only looks at the days a baseline needs; it must agree with the full history.
    for entry, judgement in zip(entries, judge_all(entries), strict=True):
        assert judgement.line == verdict_line(entry, entries)


@settings(max_examples=60, deadline=None, database=None)
@given(histories(), st.sampled_from(list(TrendRange)))
def test_pain_trend_keeps_one_check_in_per_day_inside_the_window(
    entries: list[PainEntry], window: TrendRange
) -> None:
    trend = pain_trend(entries, window, TODAY)
    days = [m.day for m in trend.mornings]
    assert days == sorted(set(days))
    assert all(trend.first <= day <= TODAY for day in days)
    expected = {
        e.at.date() for e in entries if e.context == "morning" and e.at.date() >= trend.first
    }
    assert set(days) == expected
    if window.days is not None:
        assert (TODAY - trend.first).days == window.days - 1
    # The latest check-in of a day is the one shown.
    for morning in trend.mornings:
        last = [e for e in entries if e.context == "morning" and e.at.date() == morning.day][-1]
        assert (morning.rest, morning.load_test) == (last.rest, last.load_test)
    assert set(trend.flares) <= set(days)


def test_flare_days_judge_each_day_against_the_days_before_it() -> None:
    mornings = [Morning(TODAY - timedelta(days=d), 1, 1) for d in range(9, 0, -1)]
    mornings.append(Morning(TODAY, 3, 1))  # 2 above a baseline of 1: a flare
    assert flare_days(mornings, TODAY - timedelta(days=30), TODAY) == [TODAY]
    assert flare_days(mornings, TODAY - timedelta(days=30), TODAY - timedelta(days=1)) == []
    assert is_flare(mornings[-1], mornings)


@settings(max_examples=80, deadline=None, database=None)
@given(histories(), st.integers(1, 30))
def test_daily_worst_has_one_value_per_day_and_gaps_for_missed_days(
    entries: list[PainEntry], days: int
) -> None:
    values = daily_worst(entries, TODAY, days)
    assert len(values) == days
    for offset, value in enumerate(values):
        day = TODAY - timedelta(days=days - 1 - offset)
        checks = [e for e in entries if e.context == "morning" and e.at.date() == day]
        if not checks:
            assert value is None
        else:
            assert value == max(checks[-1].rest, checks[-1].load_test or 0)


@pytest.mark.parametrize(
    ("left", "right", "injured", "expected"),
    [
        (16, 20, "left", 80.0),
        (20, 16, "right", 80.0),
        (20, 16, "left", 125.0),
        (18, 20, "both", 90.0),
        (20, 18, "both", 90.0),
        (5, 0, "left", None),
        (0, 0, "both", None),
    ],
)
def test_bridge_symmetry(left: int, right: int, injured: str, expected: float | None) -> None:
    assert bridge_symmetry(left, right, injured) == expected  # type: ignore[arg-type]


@given(st.integers(0, 500), st.integers(0, 500))
def test_both_sides_injured_symmetry_never_exceeds_100(left: int, right: int) -> None:
    value = bridge_symmetry(left, right, "both")
    assert value is None or 0 <= value <= 100


def test_sitting_and_bridge_trends_keep_entries_in_the_window() -> None:
    old = PainEntry(at=datetime(2026, 10, 1, 8), rest=1, sitting_min=10, chair="hard")
    new = PainEntry(
        at=datetime(2026, 11, 20, 8), rest=1, sitting_min=35, chair="car",
        bridge_left=18, bridge_right=24,
    )  # fmt: skip
    first = TODAY - timedelta(days=13)
    assert [(p.minutes, p.chair) for p in sitting_trend([old, new], first, TODAY)] == [(35, "car")]
    [point] = bridge_trend([old, new], "left", first, TODAY)
    assert (point.left, point.right, point.symmetry) == (18, 24, 75.0)


def test_all_time_starts_at_the_first_record() -> None:
    assert TrendRange.ALL.first_day(TODAY, date(2026, 3, 1)) == date(2026, 3, 1)
    assert TrendRange.ALL.first_day(TODAY, None) == TODAY
    assert TrendRange.DAYS_14.following() is TrendRange.DAYS_30
    assert TrendRange.ALL.following() is TrendRange.DAYS_14
