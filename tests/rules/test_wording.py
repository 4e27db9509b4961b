"""How the rules say things: no repeated words, no '1 days', no 'sessions' for days, rest days
counted from the day in hand, and the same words for the same facts everywhere."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from rules.criteria import MeanRest, Sessions
from rules.gates import GateFacts, evaluate_gate
from rules.pain import Morning
from rules.run import NextRun, RunFacts, StagePlan, TooSoon, progress
from store.records import PainEntry

FRIDAY = date(2026, 11, 27)


def calm_week(last: date) -> list[Morning]:
    return [Morning(last - timedelta(days=back), 1, 1) for back in range(7)]


def test_a_step_back_names_the_run_once() -> None:
    ran = RunFacts(datetime.combine(FRIDAY, time(18)), 2, True, 7)
    judged = progress([ran], [StagePlan(1, 2), StagePlan(2, 2)], calm_week(FRIDAY), FRIDAY)
    assert judged.next.reason == (
        "Back to stage 1: pain 7/10 during the run on Fri 27 Nov. "
        "Rest 48 hours with low-impact work first."
    )


def test_a_step_back_for_the_morning_after_says_which_run() -> None:
    ran = RunFacts(datetime.combine(FRIDAY, time(18)), 2, True, 1)
    flare = [*calm_week(FRIDAY), Morning(FRIDAY + timedelta(days=1), 6, 6)]
    judged = progress([ran], [StagePlan(1, 2), StagePlan(2, 2)], flare, FRIDAY + timedelta(1))
    reason = judged.next.reason
    assert reason.startswith("Back to stage 1: a flare the next morning")
    assert "after the run on Fri 27 Nov." in reason and reason.count("the run") == 1


def test_too_soon_counts_days_from_today_and_knows_a_stage_without_rest() -> None:
    # A stage with no rest days: run on Friday, the next may be on Saturday.
    upcoming = NextRun(1, "why", FRIDAY + timedelta(days=1), 0)
    assert "due from Sat 28 Nov (tomorrow)" in (upcoming.too_soon(FRIDAY) or "")
    assert "rest" not in (upcoming.too_soon(FRIDAY) or "").split("(")[1].split(")")[0]
    assert upcoming.too_soon(FRIDAY + timedelta(days=1)) is None
    assert TooSoon(-1, 0).describe() == "too soon: the same day as the session before"
    assert TooSoon(1, 2).describe() == "too soon: 1 of 2 rest days"
    assert TooSoon(0, 1).describe() == "too soon: 0 of 1 rest day"


def test_gate_words_count_training_days_and_check_ins_in_the_singular_too() -> None:
    assert Sessions("sessions", 6).label == "At least 6 training days in this phase"
    one = PainEntry(at=datetime.combine(FRIDAY, time(7)), context="morning", rest=1)
    facts = GateFacts(FRIDAY, "left", [one], None, training_days=1)
    gate = evaluate_gate(1, 2, [Sessions("sessions", 6), MeanRest("mean_rest", 2, 7)], facts)
    sessions, mean = gate.criteria
    assert sessions.evidence == "1 training day (6 needed)"
    assert mean.evidence == "mean 1.0 over 1 morning check-in"
