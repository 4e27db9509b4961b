"""The weekly review through the journal: the weeks the settings begin, the plan from the
content, flares as the Pain screen judges them, runs as the Run screen judges them."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime, time, timedelta

import pytest

from journal.journal import Journal
from journal.week import week_json, weekly_review
from rules.pain import Response
from rules.summary import phase_on
from rules.week import WeekReview
from store import Home
from store.records import OutcomeMeasure, PainEntry, RunSession
from tests.conftest import NOW, TODAY, fixed_clock

MONDAY = date(2026, 11, 16)  # the Monday of TODAY's week


def test_the_last_weeks_oldest_first_ending_with_this_one(demo_home: Home) -> None:
    reviews = weekly_review(Journal.open(demo_home, fixed_clock), 4)
    assert [review.start for review in reviews] == [
        MONDAY - timedelta(weeks=back) for back in (3, 2, 1, 0)
    ]
    assert [review.days for review in reviews] == [7, 7, 7, 6]


def test_flares_and_worsening_are_the_days_the_pain_screen_flags(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    reviews = weekly_review(journal, 10)
    entries = [entry for _, entry in journal.pain_entries()]
    flagged: dict[Response, set[date]] = {Response.FLARE: set(), Response.WORSENING: set()}
    for entry, judgement in zip(entries, journal.judge_all(entries), strict=True):
        if judgement.response in flagged:
            flagged[judgement.response].add(entry.at.date())
    first = reviews[0].start
    assert {day for r in reviews for day in r.flare_days} == {
        day for day in flagged[Response.FLARE] if day >= first
    }
    assert {day for r in reviews for day in r.worsening_days} == {
        day for day in flagged[Response.WORSENING] if day >= first
    }
    assert any(review.flare_days for review in reviews)  # the demo has some


def test_runs_carry_the_run_screens_verdicts(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    state = journal.running()
    runs = [item for review in weekly_review(journal, 10) for item in review.runs]
    assert runs
    assert [(item.id, item.run, item.verdict) for item in runs] == [
        (run_id, run, state.verdicts[run_id]) for run_id, run in state.runs
    ]


def test_a_run_of_a_program_no_longer_there_has_no_verdict(profiled_home: Home) -> None:
    journal = Journal.open(profiled_home, fixed_clock)
    gone = RunSession(
        at=NOW - timedelta(hours=2), program="removed-plan", stage=1, completed=True,
        seconds_done=600,
    )  # fmt: skip
    journal.log_run(gone)
    (review,) = weekly_review(journal, 1)
    (item,) = review.runs
    assert (item.run, item.verdict) == (gone, None)


def test_phases_and_the_plan_come_from_the_history_and_the_content(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    changes = journal.phase_changes()
    for review in weekly_review(journal, 10):
        last = min(review.end, TODAY)
        assert review.phase == phase_on(changes, datetime.combine(last, time.max))
    # A whole week in phase 1: the plan's sets at each exercise's days a week.
    first = next(r for r in weekly_review(journal, 10) if r.days == 7 and r.phase == 1)
    plan = journal.library.phase_exercises(1)
    assert phase_on(changes, datetime.combine(first.start, time.min)) == 1
    assert first.sets_planned == sum(e.dosage.sets * e.days_per_week for e in plan)
    assert first.planned_days == max(e.days_per_week for e in plan)


def test_weeks_begin_on_the_day_the_settings_name(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    monday_weeks = journal.weekly_review(3)
    demo_home.settings_file.write_text("week_starts: sunday\n", encoding="utf-8")
    reviews = journal.weekly_review(3)  # the settings are read again, not remembered
    assert reviews != monday_weeks
    assert [review.start for review in reviews] == [
        date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15)
    ]  # fmt: skip
    assert reviews[-1].days == 7  # Sunday 15 to Saturday 21, today


def test_a_new_journal_has_one_week_from_its_first_day(profiled_home: Home) -> None:
    (review,) = weekly_review(Journal.open(profiled_home, fixed_clock), 8)
    assert (review.start, review.days, review.check_ins, review.phase) == (MONDAY, 1, 0, 1)
    assert (review.rest_mean, review.adherence_pct, review.training_days) == (None, 0, 0)


def test_an_entry_logged_for_an_earlier_day_opens_the_journal_earlier(profiled_home: Home) -> None:
    journal = Journal.open(profiled_home, fixed_clock)
    earlier = PainEntry(at=datetime(2026, 11, 4, 7), context="morning", rest=2, load_test=3)
    journal.log_pain(earlier)
    reviews = weekly_review(journal, 8)
    assert [(review.start, review.days) for review in reviews] == [
        (date(2026, 11, 2), 5), (date(2026, 11, 9), 7), (MONDAY, 6)
    ]  # fmt: skip
    assert reviews[0].check_ins == 1


def test_sitting_tests_and_visa_h_come_from_the_outcomes(profiled_home: Home) -> None:
    journal = Journal.open(profiled_home, fixed_clock)
    journal.store.add(
        "outcomes", OutcomeMeasure(at=NOW, kind="sitting", sitting_min=35, chair="car")
    )
    journal.store.add("outcomes", OutcomeMeasure(at=NOW, kind="visa-h", score=62))
    journal.log_pain(PainEntry(at=NOW, rest=1, sitting_min=20, chair="hard"))
    (review,) = journal.weekly_review(2)
    assert (review.sitting_min, review.sitting_chair, review.visa_h) == (35, "car", 62)


@pytest.mark.parametrize("weeks", [0, 261])
def test_weeks_outside_1_to_260_are_refused(profiled_home: Home, weeks: int) -> None:
    with pytest.raises(ValueError, match="outside 1-260"):
        weekly_review(Journal.open(profiled_home, fixed_clock), weeks)


def test_a_week_as_a_document(demo_home: Home) -> None:
    reviews = weekly_review(Journal.open(demo_home, fixed_clock), 4)
    documents = [week_json(review) for review in reviews]
    assert json.loads(json.dumps(documents)) == documents
    assert list(documents[0]) == [field.name for field in fields(WeekReview)]
    with_runs = next(doc for doc in documents if doc["runs"])
    assert {"id", "at", "stage", "completed", "outcome", "outcome_reason"} <= set(
        with_runs["runs"][0]
    )
    assert with_runs["runs"][0]["outcome"] in {"pass", "repeat", "step back", "waiting"}
    assert documents[-1]["start"] == MONDAY.isoformat()
