"""Phase gates against hand-computed cases at the boundaries, and properties of each kind."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from rules.gates import (
    GateFacts,
    State,
    days_since_flare,
    evaluate_gate,
    recent_warning,
    rest_day_advice,
)
from store.records import PainEntry

TODAY = date(2026, 11, 21)


def morning(back: int, rest: int = 1, load: int | None = 2, at: time = time(7, 30)) -> PainEntry:
    day = TODAY - timedelta(days=back)
    return PainEntry(at=datetime.combine(day, at), context="morning", rest=rest, load_test=load)


def facts(entries: list[PainEntry], **changes) -> GateFacts:
    base = {
        "today": TODAY,
        "injured": "left",
        "entries": sorted(entries, key=lambda e: e.at),
        "phase_started": None,
        "training_days": 0,
    }
    return GateFacts(**{**base, **changes})


def judge(criterion, entries: list[PainEntry], **changes):
    [result] = evaluate_gate(1, 2, [criterion], facts(entries, **changes)).criteria
    return result


LOAD_5_OF_7 = LoadTestDays(kind="load_test_days", max=3, days=5, window=7)


def test_load_test_exactly_3_on_exactly_5_of_7_days_is_met() -> None:
    # Two mornings without a test: a day above 3 would be 4 or more, never met (see below).
    entries = [morning(b, load=3) for b in range(5)] + [morning(b, load=None) for b in (5, 6)]
    result = judge(LOAD_5_OF_7, entries)
    assert result.state is State.MET
    assert result.evidence.startswith("5 of 7 days at 3 or less")


def test_load_test_on_4_of_7_days_is_not_met() -> None:
    entries = [morning(b, load=3) for b in range(4)] + [morning(b, load=4) for b in (4, 5, 6)]
    assert judge(LOAD_5_OF_7, entries).state is State.NOT_MET


def test_missing_days_do_not_count_as_good_days() -> None:
    entries = [morning(b, load=1) for b in range(4)]
    result = judge(LOAD_5_OF_7, entries)
    assert result.state is State.NOT_MET
    assert "no test on 15 Nov, 16 Nov, 17 Nov" in result.evidence


def test_day_boundaries_of_the_window() -> None:
    # 23:59 six days back is inside the last 7 days; 00:00 seven days back is not.
    inside = [morning(b, load=2) for b in range(4)] + [morning(6, load=2, at=time(23, 59))]
    assert judge(LOAD_5_OF_7, inside).state is State.MET
    outside = [morning(b, load=2) for b in range(4)] + [morning(7, load=2, at=time(0, 0))]
    assert judge(LOAD_5_OF_7, outside).state is State.NOT_MET


def test_the_latest_check_in_of_a_day_counts() -> None:
    entries = [morning(b, load=2) for b in range(5)] + [morning(0, load=5, at=time(10, 0))]
    assert judge(LOAD_5_OF_7, entries).evidence.startswith("4 of 7")


def test_no_morning_data_is_no_data_never_met() -> None:
    evening = PainEntry(at=datetime(2026, 11, 21, 20), context="evening", rest=0)
    for criterion in (
        LOAD_5_OF_7,
        MeanRest(kind="mean_rest", max=2, window=7),
        RestEachDay(kind="rest_each_day", max=1, window=7),
        NoFlare(kind="no_flare", window=7),
        Sitting(kind="sitting", min=30),
        BridgeSymmetry(kind="bridge_symmetry", percent=80),
        BridgeReps(kind="bridge_reps", min=20),
        BriskWalk(kind="brisk_walk", minutes=30, max=2),
    ):
        assert judge(criterion, [evening]).state is State.NO_DATA, criterion


def test_mean_rest_at_the_boundary() -> None:
    criterion = MeanRest(kind="mean_rest", max=2, window=7)
    assert judge(criterion, [morning(b, rest=2) for b in range(7)]).state is State.MET
    entries = [morning(b, rest=2) for b in range(6)] + [morning(6, rest=3)]
    result = judge(criterion, entries)
    assert result.state is State.NOT_MET and "mean 2.1 over 7" in result.evidence


def test_rest_each_day_needs_every_day() -> None:
    criterion = RestEachDay(kind="rest_each_day", max=1, window=7)
    assert judge(criterion, [morning(b, rest=1) for b in range(7)]).state is State.MET
    gap = judge(criterion, [morning(b, rest=0) for b in range(6)])
    assert gap.state is State.NOT_MET and "no check-in on 15 Nov" in gap.evidence
    high = judge(criterion, [morning(b, rest=2 if b == 3 else 0) for b in range(7)])
    assert high.state is State.NOT_MET and "18 Nov (2)" in high.evidence


def test_flare_inside_and_outside_the_window() -> None:
    criterion = NoFlare(kind="no_flare", window=7)
    settled = [morning(b, rest=1, load=1) for b in range(7, 15)]
    # A load test of 3 on a baseline of 1 is 2 above: a flare.
    inside = judge(criterion, [*settled, morning(6, load=3), *[morning(b) for b in range(6)]])
    assert inside.state is State.NOT_MET
    assert "flare on 15 Nov (load test 3, 2 above baseline 1)" in inside.evidence
    calm = [morning(b, rest=1, load=1) for b in range(7)]
    outside = judge(criterion, [*settled[1:], morning(7, load=3), *calm])
    assert outside.state is State.MET


def test_a_score_of_6_is_a_flare_even_with_fewer_than_7_earlier_mornings() -> None:
    criterion = NoFlare(kind="no_flare", window=14)
    result = judge(criterion, [morning(2, rest=1), morning(1, rest=6, load=None)])
    assert result.state is State.NOT_MET and "rest 6" in result.evidence
    # Two mornings only: a baseline of 1 and a rise of 2 is still a flare.
    two = judge(criterion, [morning(2, rest=1, load=None), morning(1, rest=3, load=None)])
    assert two.state is State.NOT_MET


def test_sessions_count_training_days() -> None:
    criterion = Sessions(kind="sessions", min=6)
    assert judge(criterion, [], training_days=6).state is State.MET
    result = judge(criterion, [], training_days=5)
    assert result.state is State.NOT_MET and result.evidence == "5 training days (6 needed)"


def test_sitting_uses_the_latest_entry_that_records_it() -> None:
    criterion = Sitting(kind="sitting", min=30)
    old = PainEntry(at=datetime(2026, 11, 10, 8), rest=1, sitting_min=45)
    new = PainEntry(at=datetime(2026, 11, 20, 8), rest=1, sitting_min=30, chair="car")
    other = PainEntry(at=datetime(2026, 11, 21, 8), rest=1)
    result = judge(criterion, [old, new, other])
    assert result.state is State.MET and result.evidence == "30 min on 20 Nov, car chair"
    worse = PainEntry(at=datetime(2026, 11, 21, 9), rest=1, sitting_min=29)
    assert judge(criterion, [old, new, worse]).state is State.NOT_MET


@pytest.mark.parametrize(
    ("injured", "left", "right", "state"),
    [
        ("left", 16, 20, State.MET),  # exactly 80%
        ("left", 15, 20, State.NOT_MET),
        ("right", 20, 16, State.MET),
        ("right", 16, 20, State.MET),  # injured side stronger
        ("left", 5, 0, State.NOT_MET),
        ("both", 5, 20, State.MET),  # not applicable
    ],
)
def test_bridge_symmetry(injured: str, left: int, right: int, state: State) -> None:
    criterion = BridgeSymmetry(kind="bridge_symmetry", percent=80)
    entry = PainEntry(at=datetime(2026, 11, 20, 8), rest=1, bridge_left=left, bridge_right=right)
    result = judge(criterion, [entry], injured=injured)
    assert result.state is state
    if injured == "both":
        assert "not applicable: both sides are injured" in result.evidence


def test_bridge_reps_each_side() -> None:
    criterion = BridgeReps(kind="bridge_reps", min=20)
    ok = PainEntry(at=datetime(2026, 11, 20, 8), rest=1, bridge_left=20, bridge_right=22)
    assert judge(criterion, [ok]).state is State.MET
    short = PainEntry(at=datetime(2026, 11, 21, 8), rest=1, bridge_left=19, bridge_right=30)
    assert judge(criterion, [ok, short]).state is State.NOT_MET


def test_brisk_walk_in_this_phase_with_low_pain() -> None:
    criterion = BriskWalk(kind="brisk_walk", minutes=30, max=2)
    walk = PainEntry(at=datetime(2026, 11, 19, 17), rest=1, activity=2, walk_min=30)
    assert judge(criterion, [walk]).state is State.MET
    painful = PainEntry(at=datetime(2026, 11, 19, 17), rest=1, activity=3, walk_min=40)
    assert judge(criterion, [painful]).state is State.NOT_MET
    # A walk before the phase began does not count.
    started = datetime(2026, 11, 20, 0)
    assert judge(criterion, [walk], phase_started=started).state is State.NO_DATA


def test_gate_passes_only_when_every_criterion_is_met() -> None:
    criteria: list[Criterion] = [LOAD_5_OF_7, Sessions(kind="sessions", min=6)]
    entries = [morning(b, load=2) for b in range(7)]
    passed = evaluate_gate(1, 2, criteria, facts(entries, training_days=6))
    assert passed.passed and passed.met == 2
    failed = evaluate_gate(1, 2, criteria, facts(entries, training_days=5))
    assert not failed.passed and [c.id for c in failed.unmet] == ["sessions"]
    document = failed.as_json()
    assert document["phase"] == 1 and document["next_phase"] == 2
    assert document["criteria"][0] == {
        "id": "load-test-days",
        "label": "Morning load test 3/10 or less on at least 5 of the last 7 days",
        "state": "met",
        "evidence": document["criteria"][0]["evidence"],
    }
    assert not evaluate_gate(1, 2, [], facts(entries)).passed


# -- properties --------------------------------------------------------------------------

daily = st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=10, max_size=10)


@settings(max_examples=150, deadline=None, database=None)
@given(loads=daily, limit=st.integers(0, 10), need=st.integers(1, 7))
def test_load_test_days_counts_like_a_person_would(
    loads: list[int | None], limit: int, need: int
) -> None:
    # loads[b]: the load test `b` days back (None: no check-in that day).
    entries = [morning(b, rest=0, load=v) for b, v in enumerate(loads) if v is not None]
    criterion = LoadTestDays(kind="load_test_days", max=limit, days=need, window=7)
    result = judge(criterion, entries)
    window = [v for v in loads[:7] if v is not None]
    if not window:
        assert result.state is State.NO_DATA
    elif max(window) >= 4:
        # A load test of 4 or more is not tolerating, whatever the criterion's own numbers.
        assert result.state is State.NOT_MET and "not tolerating" in result.evidence
    else:
        good = sum(v <= limit for v in window)
        assert result.state is (State.MET if good >= need else State.NOT_MET)


@settings(max_examples=150, deadline=None, database=None)
@given(rests=daily, limit=st.integers(0, 10))
def test_rest_each_day_and_mean_rest_agree_with_the_numbers(
    rests: list[int | None], limit: int
) -> None:
    entries = [morning(b, rest=v, load=None) for b, v in enumerate(rests) if v is not None]
    window = rests[:7]
    each = judge(RestEachDay(kind="rest_each_day", max=limit, window=7), entries)
    average = judge(MeanRest(kind="mean_rest", max=limit, window=7), entries)
    present = [v for v in window if v is not None]
    if not present:
        assert each.state is State.NO_DATA and average.state is State.NO_DATA
        return
    tolerating = max(present) < 4
    every_day = all(v is not None and v <= limit for v in window)
    assert each.state is (State.MET if every_day and tolerating else State.NOT_MET)
    mean_ok = sum(present) / len(present) <= limit and tolerating
    assert average.state is (State.MET if mean_ok else State.NOT_MET)
    # Meeting every day implies meeting the mean.
    if each.state is State.MET:
        assert average.state is State.MET


def test_recent_warning_and_days_since() -> None:
    settled = [morning(b, rest=1, load=1) for b in range(2, 10)]
    assert recent_warning(settled, TODAY) is None
    flare = [*settled, morning(1, rest=1, load=4)]
    notice = recent_warning(flare, TODAY)
    assert notice is not None and "yesterday morning" in notice.advice
    assert "24-48 h" in notice.advice
    assert days_since_flare(flare, TODAY) == 1
    assert days_since_flare(settled, TODAY) is None
    assert recent_warning([*flare, morning(0, rest=1, load=1)], TODAY + timedelta(days=2)) is None


def test_rest_day_advice() -> None:
    yesterday = TODAY - timedelta(days=1)
    assert "yesterday" in (rest_day_advice([yesterday], TODAY) or "")
    assert rest_day_advice([TODAY - timedelta(days=2)], TODAY) is None
    four = [TODAY - timedelta(days=d) for d in (2, 4, 5, 7)]
    assert "4 strength days" in (rest_day_advice(four, TODAY) or "")
    assert rest_day_advice([TODAY], TODAY) is None  # today's own session is not 'yesterday'
