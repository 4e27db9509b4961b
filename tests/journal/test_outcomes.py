"""Outcome measures through the journal: recorded and undone like any write, due from the
profile's first day, and built from a form's text with each problem at its field."""

from __future__ import annotations

from datetime import date

import pytest

from content.loader import load_library
from journal.journal import Journal
from journal.outcomes import OutcomeProblems, outcome_measure, parse_outcome, reminder
from store import Home
from tests.conftest import NOW, fixed_clock

SETTINGS = load_library().outcomes


def test_a_measure_is_recorded_and_undone(profiled_home: Home) -> None:
    journal = Journal.open(profiled_home, fixed_clock)
    assert reminder(journal.due_outcomes()) == "VISA-H and sitting test due (week 0)"
    measure = outcome_measure(
        "visa-h", 55, chair=None, day=None, note="", now=NOW, settings=SETTINGS
    )
    change = journal.log_outcome(measure)
    assert change.kind == "added" and change.after == measure
    assert [m for _, m in journal.outcomes()] == [measure]
    assert reminder(journal.due_outcomes()) == "Sitting test due (week 0)"
    journal.undo(change)
    assert journal.outcomes() == []
    assert len(journal.due_outcomes()) == 2


def test_the_report_counts_each_measure_for_its_week(profiled_home: Home) -> None:
    journal = Journal.open(profiled_home, fixed_clock)
    early = outcome_measure(
        "sitting", 25, chair="soft", day=date(2026, 11, 15), note="", now=NOW, settings=SETTINGS
    )
    journal.log_outcome(early)
    report = journal.outcome_report()
    assert [(week, m.kind) for _, m, week in report.taken] == [(0, "sitting")]
    assert [d.kind for d in report.due] == ["visa-h"]
    assert report.next is not None and report.next.week == 4


@pytest.mark.parametrize(
    ("kind", "text", "chair", "problems"),
    [
        ("visa-h", {"value": ""}, None, {"score": "required: a whole number from 0 to 100"}),
        ("visa-h", {"value": "101"}, None, {"score": "a whole number from 0 to 100"}),
        ("visa-h", {"value": "4.5"}, None, {"score": "a whole number from 0 to 100"}),
        ("sitting", {"value": "61"}, "hard", {"sitting_min": "whole minutes from 0 to 60"}),
        ("sitting", {"value": "30"}, None, {"chair": "name the chair"}),
        ("visa-h", {"value": "50", "date": "2026-11-22"}, None, {"date": "in the future"}),
        ("visa-h", {"value": "50", "date": "tomorrow"}, None, {"date": "YYYY-MM-DD"}),
        ("visa-h", {"value": "", "date": "x"}, None, {"score": "required", "date": "YYYY"}),
        ("visa-h", {"value": "50", "note": "\x1b]0;hi\x07"}, None, {"note": "control"}),
    ],
)
def test_a_forms_problems_are_named_by_field(
    kind: str, text: dict[str, str], chair: str | None, problems: dict[str, str]
) -> None:
    with pytest.raises(OutcomeProblems) as caught:
        parse_outcome(kind, text, chair, NOW, SETTINGS)  # type: ignore[arg-type]
    assert set(caught.value.problems) == set(problems)
    for field, words in problems.items():
        assert words in caught.value.problems[field]


def test_a_forms_text_becomes_a_measure() -> None:
    measure = parse_outcome(
        "sitting", {"value": " 35 ", "date": "2026-11-20", "note": " desk chair "}, "hard", NOW,
        SETTINGS,
    )  # fmt: skip
    assert (measure.sitting_min, measure.chair, measure.note) == (35, "hard", "desk chair")
    assert measure.at.isoformat() == "2026-11-20T12:00:00"
