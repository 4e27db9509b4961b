"""The pain-monitoring rules: zones, baseline, 24-hour response and flares."""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import load_pain_model
from rules.pain import (
    Morning,
    PainThresholds,
    Response,
    Zone,
    baseline,
    is_flare,
    judge_morning,
    zone,
)

DAY = date(2026, 11, 21)
scores = st.integers(0, 10)


def mornings_before(day: date, rests: list[int], loads: list[int | None] | None = None):
    loads = loads if loads is not None else [None] * len(rests)
    return [
        Morning(day - timedelta(days=offset), rest, load)
        for offset, (rest, load) in enumerate(zip(rests, loads, strict=True), start=1)
    ]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, Zone.GREEN),
        (3, Zone.GREEN),
        (4, Zone.AMBER),
        (5, Zone.AMBER),
        (6, Zone.RED),
        (10, Zone.RED),
    ],
)
def test_zone_boundaries(score: int, expected: Zone) -> None:
    assert zone(score) is expected


@given(scores)
def test_zones_cover_every_score_in_order(score: int) -> None:
    result = zone(score)
    assert (result is Zone.GREEN) == (score <= 3)
    assert (result is Zone.RED) == (score >= 6)


@pytest.mark.parametrize("score", [-1, 11])
def test_scores_outside_the_scale_are_refused(score: int) -> None:
    with pytest.raises(ValueError):
        zone(score)


def test_default_thresholds_match_the_content_file() -> None:
    assert load_pain_model().thresholds() == PainThresholds()


@given(st.lists(scores, min_size=1, max_size=14))
def test_baseline_is_the_median_of_at_most_the_previous_seven_days(rests: list[int]) -> None:
    history = mornings_before(DAY, rests)
    result = baseline(history, DAY)
    assert result.mornings == min(len(rests), 7)
    assert result.rest == median(rests[:7])
    assert result.load_test is None


def test_baseline_ignores_the_day_itself_and_takes_the_days_latest_check_in() -> None:
    history = [
        Morning(DAY, 9, 9),
        Morning(DAY - timedelta(days=1), 5, 5),
        Morning(DAY - timedelta(days=1), 1, 1),
    ]
    result = baseline(history, DAY)
    assert (result.rest, result.load_test, result.mornings) == (1, 1, 1)


def test_no_earlier_mornings_means_no_baseline_but_six_is_still_a_flare() -> None:
    assert judge_morning(Morning(DAY, 2, 3), []).response is Response.NO_BASELINE
    assert judge_morning(Morning(DAY, 2, 6), []).response is Response.FLARE


@given(base=st.integers(0, 5), today=st.integers(0, 5), days=st.integers(1, 7))
def test_response_against_a_steady_baseline(base: int, today: int, days: int) -> None:
    """With fewer than 7 earlier mornings the rule still works on what there is."""
    history = mornings_before(DAY, [base] * days, [base] * days)
    verdict = judge_morning(Morning(DAY, today, today), history)
    if today - base >= 2:
        assert verdict.response is Response.FLARE
    elif today - base == 1:
        assert verdict.response is Response.UP_BY_ONE
    else:
        assert verdict.response is Response.SETTLED
    assert verdict.base == base


@given(rest=scores, load=scores, history=st.lists(st.tuples(scores, scores), max_size=10))
def test_any_score_of_six_or_more_is_a_flare(rest, load, history) -> None:
    earlier = mornings_before(DAY, [r for r, _ in history], [lo for _, lo in history])
    if max(rest, load) >= 6:
        assert is_flare(Morning(DAY, rest, load), earlier)


def test_the_worse_measure_decides_and_is_named() -> None:
    history = mornings_before(DAY, [1] * 7, [2] * 7)
    verdict = judge_morning(Morning(DAY, 1, 4), history)
    assert verdict.response is Response.FLARE
    assert (verdict.measure, verdict.score, verdict.base, verdict.rise) == ("load test", 4, 2, 2)
    assert verdict.worst_zone is Zone.AMBER


def test_mornings_older_than_the_window_do_not_count() -> None:
    old = [Morning(DAY - timedelta(days=8), 0, 0)]
    assert judge_morning(Morning(DAY, 5, 5), old).response is Response.NO_BASELINE
