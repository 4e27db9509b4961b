"""Named scenarios: every verdict, gate and run outcome follows the evidence. Absolute limits
beside relative ones, the worsening trend, morning stiffness, rest days that count, every entry
judged on all its scores, and a hold on running after a phase change."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import load_library
from rules.advice import LoadTests, judge, judge_all, mornings
from rules.gates import GateFacts, State, evaluate_gate, recent_warning
from rules.pain import Morning, Response, judge_morning
from rules.run import Outcome, RunFacts, StagePlan, judge_run, progress
from store.records import PainEntry, PhaseChange

LIBRARY = load_library()
LIMITS = LIBRARY.pain_model.thresholds()
TODAY = date(2026, 11, 21)
BUILT_IN = [StagePlan(1, 2), StagePlan(2, 2), StagePlan(3, 2), StagePlan(4, 2), StagePlan(5, 1)]


def check_in(day: date, rest: int, load: int | None = None, **more) -> PainEntry:
    return PainEntry(
        at=datetime.combine(day, time(7, 30)), context="morning", rest=rest, load_test=load, **more
    )


def steady(days: int, rest: int, load: int | None, last: date = TODAY) -> list[PainEntry]:
    return [check_in(last - timedelta(days=back), rest, load) for back in range(days - 1, -1, -1)]


def gate_facts(entries: list[PainEntry], **changes) -> GateFacts:
    base = {
        "today": TODAY,
        "injured": "left",
        "entries": entries,
        "phase_started": None,
        "training_days": 20,
    }
    return GateFacts(**{**base, **changes})


# -- 1. absolute limits ------------------------------------------------------------------


def test_a_steady_morning_load_test_of_5_is_not_tolerating_never_settled_carry_on() -> None:
    entries = steady(10, rest=1, load=5)
    judgement = judge(entries[-1], entries[:-1], LIMITS)
    assert judgement.response is Response.SETTLED  # relative to a baseline of 5 ...
    assert not judgement.tolerating  # ... but 4 or more whatever the baseline
    assert "not tolerating" in judgement.line
    assert "4 or more" in judgement.line and "5/10" in judgement.line
    assert "carry on" not in judgement.line


def test_a_steady_5_never_passes_a_run() -> None:
    checks = mornings(steady(20, rest=1, load=5))
    run = RunFacts(datetime.combine(TODAY - timedelta(days=3), time(18)), 1, True, 1)
    verdict = judge_run(run, checks, TODAY, LIMITS)
    assert verdict.outcome is Outcome.REPEAT
    assert "not tolerating (load test 5 is 4 or more)" in verdict.reason


def test_a_steady_5_never_meets_a_gate() -> None:
    entries = steady(14, rest=1, load=5)
    for phase in LIBRARY.phases[:3]:
        gate = evaluate_gate(phase.number, phase.number + 1, phase.gate, gate_facts(entries))
        assert not gate.passed
        for result in gate.criteria:
            if result.id in ("load-test-days", "mean-rest", "rest-each-day", "no-flare"):
                assert result.state is not State.MET, result


def test_with_no_baseline_a_first_run_passes_only_if_its_next_morning_is_green() -> None:
    run = RunFacts(datetime(2026, 11, 20, 18), 1, True, 2)
    green = [Morning(date(2026, 11, 21), 2, 3)]
    assert judge_run(run, green, TODAY, LIMITS).outcome is Outcome.PASS
    amber = [Morning(date(2026, 11, 21), 2, 4)]
    verdict = judge_run(run, amber, TODAY, LIMITS)
    assert verdict.outcome is Outcome.REPEAT and "not tolerating" in verdict.reason
    stiff = [Morning(date(2026, 11, 21), 1, 1, stiffness=45)]
    verdict = judge_run(run, stiff, TODAY, LIMITS)
    assert verdict.outcome is Outcome.REPEAT and "stiffness 45 min is over 30 min" in verdict.reason


# -- 2. the trend ----------------------------------------------------------------------


def creep(days: int = 24) -> list[PainEntry]:
    """Rest pain and load test rising 1 -> 5, one point every 4 days: never 2 above baseline."""
    first = TODAY - timedelta(days=days - 1)
    return [
        check_in(first + timedelta(days=d), min(5, 1 + d // 4), min(5, 1 + d // 4))
        for d in range(days)
    ]


def test_a_creep_from_1_to_5_over_24_days_is_worsening_by_the_end() -> None:
    entries = creep()
    judgements = judge_all(entries, LIMITS)
    assert Response.FLARE not in {j.response for j in judgements}
    last = judgements[-1]
    assert last.response is Response.WORSENING
    assert "worsening, morning rest up from a mean of" in last.line
    assert "over the last 7 days (+" in last.line
    assert last.verdict is not None and last.verdict.trend is not None
    assert last.verdict.trend.amount >= 1


def test_worsening_blocks_a_run_and_a_gate_like_a_flare() -> None:
    entries = creep()
    run = RunFacts(datetime.combine(TODAY - timedelta(days=1), time(18)), 2, True, 1)
    verdict = judge_run(run, mornings(entries), TODAY, LIMITS)
    assert verdict.outcome is Outcome.STEP_BACK
    assert "worsening the next morning" in verdict.reason
    phase = LIBRARY.phase(1)
    gate = evaluate_gate(1, 2, phase.gate, gate_facts(entries))
    [no_flare] = [c for c in gate.criteria if c.id == "no-flare"]
    assert no_flare.state is State.NOT_MET and "worsening on 21 Nov" in no_flare.evidence
    warning = recent_warning(entries, TODAY, LIMITS)
    assert warning is not None and warning.response is Response.WORSENING
    assert "Worsening this morning" in warning.advice


def test_a_flat_week_after_a_rise_is_no_longer_worsening() -> None:
    entries = [*steady(7, rest=1, load=1, last=TODAY - timedelta(days=14)), *steady(14, 2, 2)]
    assert judge_all(entries, LIMITS)[-1].response is Response.SETTLED


def test_the_trend_needs_enough_mornings_in_both_weeks() -> None:
    sparse = [check_in(TODAY - timedelta(days=back), 1, 1) for back in (13, 12, 11)]
    entries = [*sparse, *steady(7, rest=3, load=3)]
    verdict = judge_morning(mornings(entries[-1:])[0], mornings(entries[:-1]), LIMITS)
    assert verdict.trend is None


def test_morning_stiffness_has_a_limit_and_a_trend() -> None:
    long = check_in(TODAY, 1, 1, stiffness_min=40)
    history = steady(7, rest=1, load=1, last=TODAY - timedelta(days=1))
    judgement = judge(long, history, LIMITS)
    assert not judgement.tolerating and "stiffness 40 min is over 30 min" in judgement.line
    before = [
        check_in(TODAY - timedelta(days=back), 1, 1, stiffness_min=5) for back in range(13, 6, -1)
    ]
    after = [
        check_in(TODAY - timedelta(days=back), 1, 1, stiffness_min=20) for back in range(6, -1, -1)
    ]
    rising = judge_all([*before, *after], LIMITS)[-1]
    assert rising.response is Response.WORSENING
    assert "morning stiffness up from a mean of 5.0 min to 20.0 min" in rising.line


# -- 3. rest days --------------------------------------------------------------------------


def test_ten_daily_runs_with_settled_mornings_reach_at_most_stage_3() -> None:
    start = TODAY - timedelta(days=12)
    checks = [Morning(start + timedelta(days=d), 1, 1) for d in range(-7, 13)]
    runs = [RunFacts(datetime.combine(start, time(18)), 1, True, 1)]
    judged = progress(runs, BUILT_IN, checks, TODAY, 2, LIMITS)
    for d in range(1, 10):
        stage = judged.next.stage
        runs.append(RunFacts(datetime.combine(start + timedelta(days=d), time(18)), stage, True, 1))
        judged = progress(runs, BUILT_IN, checks, TODAY, 2, LIMITS)
    assert judged.next.stage <= 3
    assert "too soon: 0 of 2 rest days" in judged.verdicts[1].reason
    assert all(v.outcome is not Outcome.PASS for v in judged.verdicts[1:])


def test_a_run_one_day_into_a_two_day_rest_cannot_pass_and_says_why() -> None:
    checks = [Morning(TODAY - timedelta(days=d), 1, 1) for d in range(14)]
    first = RunFacts(datetime.combine(TODAY - timedelta(days=5), time(18)), 1, True, 1)
    soon = RunFacts(datetime.combine(TODAY - timedelta(days=3), time(18)), 1, True, 1)
    judged = progress([first, soon], BUILT_IN, checks, TODAY, 2, LIMITS)
    assert judged.verdicts[0].outcome is Outcome.PASS
    assert judged.verdicts[1].outcome is Outcome.REPEAT
    assert judged.verdicts[1].reason == "too soon: 1 of 2 rest days"
    rested = RunFacts(datetime.combine(TODAY - timedelta(days=2), time(18)), 1, True, 1)
    judged = progress([first, rested], BUILT_IN, checks, TODAY, 2, LIMITS)
    assert [v.outcome for v in judged.verdicts] == [Outcome.PASS, Outcome.PASS]


def test_every_finding_is_named_worst_first() -> None:
    checks = [Morning(TODAY - timedelta(days=d), 1, 1) for d in range(1, 14)]
    checks.append(Morning(TODAY, 2, 1))  # up by 1 the morning after
    first = RunFacts(datetime.combine(TODAY - timedelta(days=2), time(18)), 1, True, 1)
    second = RunFacts(datetime.combine(TODAY - timedelta(days=1), time(18)), 1, False, 5)
    judged = progress([first, second], BUILT_IN, checks, TODAY, 2, LIMITS)
    reason = judged.verdicts[1].reason
    assert judged.verdicts[1].outcome is Outcome.REPEAT
    for words in ("pain 5/10 during the run (amber)", "up by 1", "too soon: 0 of 2 rest days"):
        assert words in reason
    assert "the session was not completed" in reason


# -- 4. every entry judged on all its scores -------------------------------------------


def test_an_evening_entry_with_load_test_8_is_red() -> None:
    entry = PainEntry(at=datetime(2026, 11, 21, 20), context="evening", rest=1, load_test=8)
    judgement = judge(entry, [], LIMITS)
    assert judgement.zone.colour == "red"
    assert judgement.line.startswith("Load test 8/10, red: too much")
    assert "the gates and the 24-hour response read the morning check-in's" in judgement.line


def test_any_entry_is_its_worst_score() -> None:
    entry = PainEntry(at=datetime(2026, 11, 21, 14), context="other", rest=1, activity=5)
    assert judge(entry, [], LIMITS).zone.colour == "amber"


# -- 5. load tests by phase ------------------------------------------------------------


def test_a_harder_load_test_after_a_phase_change_is_not_compared_with_the_easier_one() -> None:
    changed = datetime.combine(TODAY - timedelta(days=1), time(12))
    tests = LoadTests(
        {p.number: p.load_test.id for p in LIBRARY.phases},
        [PhaseChange(at=changed, from_phase=1, to_phase=2, reason="gate passed")],
    )
    entries = [*steady(7, rest=1, load=1, last=TODAY - timedelta(days=1)), check_in(TODAY, 1, 3)]
    plain = judge(entries[-1], entries[:-1], LIMITS)
    assert plain.response is Response.FLARE  # 2 above a baseline of the easier test
    tagged = judge(entries[-1], entries[:-1], LIMITS, tests)
    assert tagged.response is Response.NO_BASELINE  # the new test has no baseline yet
    assert tests.on(datetime.combine(TODAY, time(7))) == "bridge-step"
    assert tests.on(datetime.combine(TODAY - timedelta(days=3), time(7))) == "bridge-floor"


def test_each_phase_names_a_load_test_further_into_hip_flexion() -> None:
    ids = [phase.load_test.id for phase in LIBRARY.phases]
    assert ids == ["bridge-floor", "bridge-step", "bridge-box", "arabesque"]
    assert "60 cm" in LIBRARY.phase(3).load_test.how


# -- 6. gates ----------------------------------------------------------------------------


def test_gate_2_has_a_rest_pain_criterion() -> None:
    kinds = [c.kind for c in LIBRARY.phase(2).gate]
    assert "rest_each_day" in kinds or "mean_rest" in kinds


def test_sitting_and_bridge_read_only_the_last_14_days_and_sitting_the_named_chair() -> None:
    gate = {c.kind: c for c in LIBRARY.phase(2).gate}
    sitting, symmetry = gate["sitting"], gate["bridge_symmetry"]
    old = PainEntry(at=datetime(2026, 11, 1, 12), rest=0, sitting_min=60, chair="hard")
    soft = PainEntry(at=datetime(2026, 11, 20, 12), rest=0, sitting_min=60, chair="soft")
    result = evaluate_gate(2, 3, [sitting], gate_facts([old, soft])).criteria[0]
    assert result.state is State.NO_DATA
    assert result.evidence == "no sitting tolerance on a hard chair logged in the last 14 days"
    hard = PainEntry(at=datetime(2026, 11, 19, 12), rest=0, sitting_min=35, chair="hard")
    result = evaluate_gate(2, 3, [sitting], gate_facts([old, hard, soft])).criteria[0]
    assert result.state is State.MET and result.evidence == "35 min on 19 Nov, hard chair"
    bridge = PainEntry(at=datetime(2026, 11, 6, 12), rest=0, bridge_left=20, bridge_right=20)
    result = evaluate_gate(2, 3, [symmetry], gate_facts([bridge])).criteria[0]
    assert result.state is State.NO_DATA and "last 14 days" in result.evidence


# -- 7. a hold on running after a phase change ------------------------------------------


def test_running_holds_its_stage_for_a_week_after_a_phase_change() -> None:
    changed = TODAY - timedelta(days=6)
    checks = [Morning(TODAY - timedelta(days=d), 1, 1) for d in range(20)]
    runs = [
        RunFacts(datetime.combine(TODAY - timedelta(days=d), time(18)), 1, True, 1) for d in (5, 2)
    ]
    held = progress(runs, BUILT_IN, checks, TODAY, 2, LIMITS, [changed])
    assert held.next.stage == 1 and held.next.passes == 2
    assert f"moving up waits until {changed + timedelta(days=7):%a %d %b}" in held.next.reason
    later = progress(runs, BUILT_IN, checks, TODAY + timedelta(days=1), 2, LIMITS, [changed])
    assert later.next.stage == 2 and "are over: move up to stage 2" in later.next.reason
    free = progress(runs, BUILT_IN, checks, TODAY, 2, LIMITS, [])
    assert free.next.stage == 2


def test_once_the_hold_is_over_the_next_run_is_at_the_next_stage() -> None:
    changed = TODAY - timedelta(days=10)
    checks = [Morning(TODAY - timedelta(days=d), 1, 1) for d in range(20)]
    inside = [
        RunFacts(datetime.combine(TODAY - timedelta(days=d), time(18)), 1, True, 1) for d in (9, 6)
    ]
    during = progress(inside, BUILT_IN, checks, TODAY - timedelta(days=4), 2, LIMITS, [changed])
    assert during.next.stage == 1 and "moving up waits until" in during.next.reason
    after = progress(inside, BUILT_IN, checks, TODAY - timedelta(days=3), 2, LIMITS, [changed])
    assert after.next.stage == 2
    then = RunFacts(datetime.combine(TODAY - timedelta(days=2), time(18)), 2, True, 1)
    judged = progress([*inside, then], BUILT_IN, checks, TODAY, 2, LIMITS, [changed])
    assert (judged.next.stage, judged.next.passes) == (2, 1)


# -- properties: a score of 4 or more never passes a run or opens a gate ---------------

score = st.integers(0, 10)
low = st.integers(0, 3)


@settings(max_examples=200, deadline=None, database=None)
@given(
    history=st.lists(st.tuples(low, st.one_of(st.none(), low)), min_size=0, max_size=14),
    rest=score,
    load=st.one_of(st.none(), score),
    pain=low,
)
def test_a_next_morning_with_any_score_of_4_or_more_never_passes_a_run(
    history, rest: int, load: int | None, pain: int
) -> None:
    run_day = TODAY - timedelta(days=1)
    earlier = [
        Morning(run_day - timedelta(days=back), r, lo)
        for back, (r, lo) in enumerate(history, start=0)
    ]
    checks = [*earlier, Morning(TODAY, rest, load)]
    run = RunFacts(datetime.combine(run_day, time(18)), 1, True, pain)
    outcome = progress([run], BUILT_IN, checks, TODAY, 2, LIMITS).verdicts[0].outcome
    if max(rest, load or 0) >= 4:
        assert outcome is not Outcome.PASS


@settings(max_examples=200, deadline=None, database=None)
@given(
    scores=st.lists(st.tuples(low, low), min_size=14, max_size=14),
    bad_day=st.integers(0, 13),
    bad=st.tuples(st.integers(4, 10), st.integers(0, 10)),
    swap=st.booleans(),
    phase=st.sampled_from([1, 2, 3]),
)
def test_a_morning_of_4_or_more_in_the_judged_window_never_opens_a_gate(
    scores, bad_day: int, bad: tuple[int, int], swap: bool, phase: int
) -> None:
    days = list(scores)
    days[bad_day] = bad[::-1] if swap and bad[1] < 4 else bad  # rest or load test at 4+
    entries = [
        check_in(TODAY - timedelta(days=back), rest, load)
        for back, (rest, load) in reversed(list(enumerate(days)))
    ]
    extra = [
        PainEntry(
            at=datetime(2026, 11, 21, 12), rest=0, sitting_min=90, chair="hard",
            bridge_left=40, bridge_right=40, walk_min=40, activity=0,
        )
    ]  # fmt: skip
    info = LIBRARY.phase(phase)
    morning_kinds = ("load_test_days", "mean_rest", "rest_each_day", "no_flare")
    window = max(getattr(c, "window", 0) for c in info.gate if c.kind in morning_kinds)
    gate = evaluate_gate(phase, phase + 1, info.gate, gate_facts([*entries, *extra]))
    if bad_day < window:
        assert not gate.passed
