"""Return-to-run progression: how each session is judged, and the next stage and its date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rules.pain import Morning
from rules.run import NextRun, Outcome, RunFacts, StagePlan, judge_run, next_run, progress

DAY = date(2026, 11, 2)  # a Monday
STAGES = [StagePlan(1, 2), StagePlan(2, 2), StagePlan(3, 1)]


def day(offset: int) -> date:
    return DAY + timedelta(days=offset)


def run(
    offset: int = 0,
    stage: int = 1,
    pain: int | None = 2,
    completed: bool = True,
    hour: int = 18,
) -> RunFacts:
    return RunFacts(datetime.combine(day(offset), time(hour)), stage, completed, pain)


def calm(first: int, last: int, rest: int = 1) -> list[Morning]:
    """A check-in with rest `rest` on each day from `first` to `last` (offsets, inclusive)."""
    return [Morning(day(offset), rest, None) for offset in range(first, last + 1)]


def after(offset: int, rest: int | None) -> list[Morning]:
    """A calm week up to the run day, then the next morning's check-in (if any)."""
    return calm(offset - 7, offset) + (
        [] if rest is None else [Morning(day(offset + 1), rest, None)]
    )


# -- one session ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain", "completed", "next_rest", "today", "outcome", "words"),
    [
        (3, True, 1, 1, Outcome.PASS, "pain 3/10 during and a settled next morning"),
        (0, True, 0, 9, Outcome.PASS, "settled"),
        (4, True, 1, 1, Outcome.REPEAT, "pain 4/10 during the run (amber)"),
        (5, True, 1, 1, Outcome.REPEAT, "amber"),
        (6, True, 1, 1, Outcome.STEP_BACK, "pain 6/10 during the run"),
        (10, True, 0, 1, Outcome.STEP_BACK, "pain 10/10"),
        (2, True, 2, 1, Outcome.REPEAT, "the next morning was up by 1"),
        (2, True, 3, 1, Outcome.STEP_BACK, "a flare the next morning"),
        (2, True, 6, 1, Outcome.STEP_BACK, "a flare"),
        (2, False, 1, 1, Outcome.REPEAT, "not completed"),
        (None, True, 1, 1, Outcome.REPEAT, "no pain score"),
        (2, True, None, 0, Outcome.PENDING, "waiting for the check-in on Tue 03 Nov"),
        (2, True, None, 1, Outcome.PENDING, "waiting"),
        (2, True, None, 2, Outcome.REPEAT, "no morning check-in on Tue 03 Nov"),
        # The worst finding decides.
        (4, True, 3, 1, Outcome.STEP_BACK, "a flare"),
        (5, True, 2, 1, Outcome.REPEAT, "amber"),
        (6, False, None, 5, Outcome.STEP_BACK, "pain 6/10"),
        (2, False, 3, 1, Outcome.STEP_BACK, "a flare"),
        (None, False, 2, 1, Outcome.REPEAT, "up by 1"),
    ],
)
def test_judge_run(
    pain: int | None,
    completed: bool,
    next_rest: int | None,
    today: int,
    outcome: Outcome,
    words: str,
) -> None:
    verdict = judge_run(run(pain=pain, completed=completed), after(0, next_rest), day(today))
    assert verdict.outcome is outcome
    assert words in verdict.reason


def test_outcome_labels_and_colours() -> None:
    assert [(o.label, o.colour) for o in Outcome] == [
        ("pass", "green"),
        ("repeat", "amber"),
        ("step back", "red"),
        ("waiting", ""),
    ]


def test_only_the_check_in_the_day_after_counts() -> None:
    session = run(0)
    # The run day's own morning and the morning two days later are not the 24-hour response.
    mornings = [*calm(-7, 0), Morning(day(2), 1, None)]
    assert judge_run(session, mornings, day(3)).outcome is Outcome.REPEAT
    flare_later = [*calm(-7, 1), Morning(day(2), 9, None)]
    assert judge_run(session, flare_later, day(3)).outcome is Outcome.PASS


def test_the_latest_check_in_of_the_next_morning_counts() -> None:
    corrected = [*calm(-7, 0), Morning(day(1), 7, None), Morning(day(1), 1, None)]
    assert judge_run(run(0), corrected, day(1)).outcome is Outcome.PASS
    worse = [*calm(-7, 0), Morning(day(1), 1, None), Morning(day(1), 7, None)]
    assert judge_run(run(0), worse, day(1)).outcome is Outcome.STEP_BACK


def test_a_load_test_flare_counts_even_with_a_calm_rest_score() -> None:
    mornings = [Morning(day(o), 1, 2) for o in range(-7, 1)] + [Morning(day(1), 1, 4)]
    assert judge_run(run(0), mornings, day(1)).outcome is Outcome.STEP_BACK


def test_a_next_morning_without_a_baseline_is_judged_on_the_score_alone() -> None:
    assert judge_run(run(0), [Morning(day(1), 2, None)], day(1)).outcome is Outcome.PASS
    assert judge_run(run(0), [Morning(day(1), 6, None)], day(1)).outcome is Outcome.STEP_BACK


def test_a_run_late_at_night_is_judged_by_the_next_calendar_morning() -> None:
    late = run(0, hour=23)
    assert judge_run(late, after(0, 1), day(1)).outcome is Outcome.PASS


# -- the next session -------------------------------------------------------------------


def suggest(
    runs: Sequence[RunFacts],
    mornings: Sequence[Morning] = (),
    today: int = 30,
    stages: Sequence[StagePlan] = STAGES,
    passes: int = 2,
) -> NextRun:
    return next_run(runs, stages, mornings, day(today), passes)


def test_no_runs_yet_start_at_stage_1_today() -> None:
    result = suggest([], today=0)
    assert (result.stage, result.passes, result.not_before, result.complete) == (1, 0, DAY, False)
    assert result.too_soon(DAY) is None


def test_one_pass_counts_towards_moving_up_and_sets_the_rest() -> None:
    result = suggest([run(0)], after(0, 1))
    assert (result.stage, result.passes) == (1, 1)
    assert result.not_before == day(3)  # stage 1 rests 2 days: Monday, then Thursday
    assert "(1 of 2)" in result.reason


def test_two_passes_move_up_one_stage() -> None:
    mornings = calm(-7, 5)
    result = suggest([run(0), run(3)], mornings)
    assert (result.stage, result.passes) == (2, 0)
    assert result.not_before == day(6)
    assert "move up to stage 2" in result.reason


def test_passes_need_not_be_back_to_back() -> None:
    mornings = calm(-7, 9)
    result = suggest([run(0), run(3, pain=4), run(6)], mornings)
    assert result.stage == 2


def test_a_repeat_keeps_the_stage_and_its_passes() -> None:
    result = suggest([run(0), run(3, pain=5)], calm(-7, 5))
    assert (result.stage, result.passes) == (1, 1)
    assert result.reason.startswith("Repeat stage 1: the run on Thu 05 Nov: pain 5/10")
    assert result.not_before == day(6)


def test_passing_the_last_stage_completes_the_program() -> None:
    runs = [run(0, stage=3), run(2, stage=3)]
    result = suggest(runs, calm(-7, 4))
    assert result.complete and result.stage == 3
    assert "the program is complete" in result.reason
    assert result.not_before == day(4)  # stage 3 rests 1 day


def test_a_red_session_steps_back_one_stage() -> None:
    result = suggest([run(0, stage=2, pain=7)], calm(-7, 2))
    assert (result.stage, result.passes, result.complete) == (1, 0, False)
    assert result.reason.startswith("Back to stage 1: pain 7/10 during the run")
    assert "Rest 48 hours" in result.reason


def test_a_red_session_rests_48_hours_even_where_the_stage_rests_none() -> None:
    stages = [StagePlan(1, 0), StagePlan(2, 0)]
    amber = suggest([run(0, stage=2, pain=4, hour=0)], calm(-7, 2), stages=stages)
    assert amber.not_before == day(1)
    for hour in (0, 23):
        red = suggest([run(0, stage=2, pain=6, hour=hour)], calm(-7, 2), stages=stages)
        assert red.not_before == day(2)
        assert red.not_before >= (datetime.combine(day(0), time(hour)) + timedelta(hours=48)).date()


def test_a_flare_the_next_morning_steps_back_too() -> None:
    result = suggest([run(0, stage=3)], after(0, 3))
    assert result.stage == 2 and "a flare the next morning" in result.reason


def test_a_red_session_at_stage_1_stays_at_stage_1() -> None:
    assert suggest([run(0, pain=9)], calm(-7, 2)).stage == 1


def test_a_step_back_clears_the_passes_and_completion() -> None:
    runs = [run(0, stage=3), run(2, stage=3), run(4, stage=3, pain=8)]
    result = suggest(runs, calm(-7, 6))
    assert (result.stage, result.passes, result.complete) == (2, 0, False)


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        ([], "if it is settled, that is pass 1 of 2"),
        ([run(-3)], "if it is settled, you move up to stage 2"),
        ([run(-5, stage=3), run(-3, stage=3)], None),  # complete already: stays complete
        ([run(-3, stage=3)], "if it is settled, the program is complete"),
    ],
)
def test_a_session_waiting_for_its_next_morning(
    earlier: list[RunFacts], expected: str | None
) -> None:
    stage = earlier[-1].stage if earlier else 1
    result = suggest([*earlier, run(0, stage=stage)], calm(-7, 0), today=0)
    assert "waiting for the check-in on Tue 03 Nov" in result.reason
    if expected:
        assert expected in result.reason
    assert result.passes == len(earlier)  # a pending session is not a pass yet


def test_a_missed_check_in_turns_a_wait_into_a_repeat() -> None:
    waiting = suggest([run(0)], calm(-7, 0), today=1)
    assert waiting.passes == 0 and "waiting" in waiting.reason
    missed = suggest([run(0)], calm(-7, 0), today=2)
    assert (
        missed.passes == 0
        and "Repeat stage 1: the run on Mon 02 Nov: no morning check-in" in missed.reason
    )


def test_a_flare_at_todays_check_in_means_no_running_today() -> None:
    mornings = [*calm(-7, 9), Morning(day(10), 7, None)]
    result = suggest([run(0)], mornings, today=10)
    assert result.not_before == day(11)
    assert "Today's check-in is a flare: no running today." in result.reason
    assert suggest([], mornings, today=10).not_before == day(11)


def test_yesterdays_flare_does_not_hold_today() -> None:
    mornings = [*calm(-7, 9), Morning(day(10), 7, None)]
    assert suggest([], mornings, today=11).not_before == day(11)


def test_a_corrected_check_in_today_replaces_the_first() -> None:
    # A flare typed by mistake, then corrected: the latest check-in of the day counts.
    mornings = [*calm(-7, 9), Morning(day(10), 7, None), Morning(day(10), 1, None)]
    result = suggest([], mornings, today=10)
    assert result.not_before == day(10) and "flare" not in result.reason
    worse = [*calm(-7, 9), Morning(day(10), 1, None), Morning(day(10), 7, None)]
    assert suggest([], worse, today=10).not_before == day(11)


def test_a_session_at_another_stage_becomes_the_stage_worked_on() -> None:
    mornings = calm(-7, 9)
    result = suggest([run(0), run(3, stage=2)], mornings)
    assert (result.stage, result.passes) == (2, 1)  # the stage-1 pass does not carry over
    assert suggest([run(0, stage=9)], mornings).stage == 3  # beyond the program: its last stage
    assert suggest([run(0, stage=0)], mornings).stage == 1


def test_sessions_are_taken_in_time_order() -> None:
    runs = [run(3, pain=7), run(0)]
    assert suggest(runs, calm(-7, 5)) == suggest(list(reversed(runs)), calm(-7, 5))
    assert suggest(runs, calm(-7, 5)).passes == 0  # the red session came last


def test_one_pass_is_enough_when_the_program_says_so() -> None:
    assert suggest([run(0)], after(0, 1), passes=1).stage == 2


def test_a_program_needs_stages() -> None:
    with pytest.raises(ValueError):
        suggest([], stages=[])


def test_too_soon_warns_until_the_rest_is_over() -> None:
    result = NextRun(2, "reason", day(3), 0)
    warning = result.too_soon(day(1))
    assert warning is not None
    assert "due from Thu 05 Nov (in 2 days)" in warning
    assert "(tomorrow)" in (result.too_soon(day(2)) or "")
    assert "You may still run" in warning
    assert result.too_soon(day(3)) is None
    assert result.too_soon(day(9)) is None


def test_next_run_as_json() -> None:
    assert NextRun(2, "why", day(3), 1).as_json() == {
        "stage": 2,
        "reason": "why",
        "not_before": "2026-11-05",
    }


# -- properties -------------------------------------------------------------------------

START = date(2026, 1, 5)
# Mostly calm mornings, now and then worse, so that every outcome turns up.
morning_rests = st.sampled_from([1] * 12 + [0, 2, 3, 6])
pains = st.sampled_from([None, 0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6, 8])
completions = st.sampled_from([True, True, True, False])


@st.composite
def programs(draw: st.DrawFn) -> tuple[list[StagePlan], int]:
    count = draw(st.integers(1, 6))
    rests = draw(st.lists(st.integers(0, 3), min_size=count, max_size=count))
    stages = [StagePlan(number, rest) for number, rest in enumerate(rests, start=1)]
    return stages, draw(st.integers(1, 3))


@st.composite
def mornings_until(draw: st.DrawFn, last: date) -> list[Morning]:
    found: list[Morning] = []
    current = START - timedelta(days=7)
    while current <= last:
        if draw(st.integers(0, 9)) < 9:  # some mornings are not logged
            found.append(Morning(current, draw(morning_rests), None))
        current += timedelta(days=1)
    return found


@st.composite
def sessions(draw: st.DrawFn, top: int) -> list[RunFacts]:
    """Sessions at any stage (chosen by hand too), 0-4 days apart."""
    runs: list[RunFacts] = []
    current = START
    for _ in range(draw(st.integers(0, 10))):
        current += timedelta(days=draw(st.integers(0, 4)))
        at = datetime.combine(current, time(draw(st.integers(0, 23))))
        stage = draw(st.integers(1, top + 1))
        runs.append(RunFacts(at, stage, draw(completions), draw(pains)))
    return sorted(runs, key=lambda r: r.at)


@st.composite
def histories(draw: st.DrawFn):
    stages, passes = draw(programs())
    runs = draw(sessions(len(stages)))
    last = runs[-1].at.date() if runs else START
    mornings = draw(mornings_until(last + timedelta(days=2)))
    today = last + timedelta(days=draw(st.integers(0, 3)))
    return stages, passes, runs, mornings, today


def clamp(stage: int, stages: Sequence[StagePlan]) -> int:
    return min(max(stage, 1), len(stages))


PROPERTY = settings(max_examples=150, deadline=None, database=None)


@PROPERTY
@given(histories())
def test_every_prefix_of_a_history_obeys_the_rules(history) -> None:
    stages, passes, runs, mornings, today = history
    previous = next_run([], stages, mornings, today, passes)
    outcomes = [v.outcome for v in progress(runs, stages, mornings, today, passes).verdicts]
    for k, session in enumerate(runs, start=1):
        result = next_run(runs[:k], stages, mornings, today, passes)
        ran = clamp(session.stage, stages)
        verdict = outcomes[k - 1]
        block = [r for r in runs[:k] if clamp(r.stage, stages) == ran]

        assert 1 <= result.stage <= len(stages)
        assert result.stage <= ran + 1, "more than one stage up in one session"
        assert result.not_before >= session.at.date() + timedelta(days=1)
        assert result.complete or result.passes < passes
        if verdict is Outcome.STEP_BACK:
            assert result.stage == max(ran - 1, 1) and result.passes == 0
            assert result.not_before >= (session.at + timedelta(hours=48)).date()
        if result.stage > ran:
            # Only a pass moves up, and only the passes_to_advance-th at that stage since it
            # was last left or stepped back from.
            assert verdict is Outcome.PASS
            trailing: list[Outcome] = []
            for index in range(k - 1, -1, -1):
                earlier = runs[index]
                if clamp(earlier.stage, stages) != ran:
                    break
                outcome = outcomes[index]
                if outcome is Outcome.STEP_BACK:
                    break
                trailing.append(outcome)
            assert trailing.count(Outcome.PASS) >= passes
            assert len(block) >= passes
        if verdict in (Outcome.PENDING, Outcome.REPEAT) and ran == previous.stage:
            # Waiting or repeating: neither a pass nor a step, the stage and passes hold.
            assert (result.stage, result.passes) == (previous.stage, previous.passes)
        previous = result


@PROPERTY
@given(programs(), st.data())
def test_following_the_suggestion_moves_at_most_one_stage_a_session(program, data) -> None:
    stages, passes = program
    choices = data.draw(st.lists(st.tuples(st.integers(0, 4), completions, pains), max_size=12))
    last = START + timedelta(days=4 * len(choices))
    mornings = data.draw(mornings_until(last + timedelta(days=1)))
    today = last + timedelta(days=1)
    runs: list[RunFacts] = []
    current = START
    suggestion = next_run(runs, stages, mornings, today, passes)
    for gap, completed, pain in choices:
        current += timedelta(days=gap)
        runs.append(RunFacts(datetime.combine(current, time(7)), suggestion.stage, completed, pain))
        result = next_run(runs, stages, mornings, today, passes)
        assert abs(result.stage - suggestion.stage) <= 1
        outcome = judge_run(runs[-1], mornings, today).outcome
        if outcome is Outcome.STEP_BACK:
            assert result.stage <= suggestion.stage
        if result.stage > suggestion.stage:
            assert outcome is Outcome.PASS and suggestion.passes + 1 >= passes
        suggestion = result


@PROPERTY
@given(histories(), st.sampled_from([Outcome.PASS, Outcome.STEP_BACK]), st.data())
def test_a_pass_never_lowers_the_stage_and_a_step_back_never_raises_it(
    history, outcome: Outcome, data
) -> None:
    stages, passes, runs, mornings, today = history
    # A new session after everything so far and after any rest (at most 3 days, or 48 hours
    # after a step back), judged the day after it.
    rested = [r.at.date() + timedelta(days=4) for r in runs]
    new_day = max([today, *(m.day for m in mornings), *rested]) + timedelta(days=1)
    judged_on = new_day + timedelta(days=1)
    before = next_run(runs, stages, mornings, judged_on, passes)
    if outcome is Outcome.PASS:
        pain = data.draw(st.integers(0, 3))
        next_morning = [Morning(judged_on, 0, None)]
    else:
        pain = data.draw(st.integers(6, 10))
        next_morning = []
    session = RunFacts(datetime.combine(new_day, time(18)), before.stage, True, pain)
    all_mornings = [*mornings, *next_morning]
    # A calm next morning may still close a worsening week (a spike of 6 days before): skip.
    assume(judge_run(session, all_mornings, judged_on).outcome is outcome)
    result = next_run([*runs, session], stages, all_mornings, judged_on, passes)
    if outcome is Outcome.PASS:
        assert result.stage >= before.stage
        assert result.stage > before.stage or result.passes > before.passes or result.complete
    else:
        assert result.stage <= before.stage and result.passes == 0
