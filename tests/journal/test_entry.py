"""Turning the check-in form's text into a PainEntry, or naming every field that is wrong."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from journal.entry import EntryProblems, default_context, default_time, parse_entry

NOW = datetime(2026, 11, 21, 9, 30, 42)


def form(**fields: str) -> dict[str, str]:
    return {"rest": "2", "date": "2026-11-21", **fields}


def test_blank_optional_fields_are_left_out_and_time_defaults_to_now() -> None:
    entry = parse_entry(form(), [], None, NOW)
    assert entry.at == datetime(2026, 11, 21, 9, 30)
    assert entry.context == "morning" and entry.load_test is None and entry.note == ""


def test_a_past_day_without_a_time_gets_the_morning_time() -> None:
    entry = parse_entry(form(date="2026-11-18"), [], None, NOW)
    assert entry.at == datetime(2026, 11, 18, 8, 0)
    assert default_time(NOW.date(), NOW) == time(9, 30)


def test_every_field_is_carried_over() -> None:
    entry = parse_entry(
        form(
            load_test="3", activity="4", stiffness_min="20", sitting_min="45",
            bridge_left="12", bridge_right="20", walk_min="30", note="  stiff  ",
            time="06:45", context="after-run",
        ),
        ["hills", "long-run"], "soft", NOW, for_clinician=True,
    )  # fmt: skip
    assert entry.model_dump(exclude={"at"}) == {
        "context": "after-run", "rest": 2, "load_test": 3, "activity": 4,
        "stiffness_min": 20, "sitting_min": 45, "chair": "soft",
        "aggravators": ("hills", "long-run"), "note": "stiff", "bridge_left": 12,
        "bridge_right": 20, "walk_min": 30, "for_clinician": True,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({"rest": ""}, {"rest": "required: a whole number from 0 to 10"}),
        ({"rest": "-1", "load_test": "x"}, {"rest": "a whole number from 0 to 10",
                                            "load_test": "a whole number from 0 to 10"}),
        ({"activity": "11"}, {"activity": "a whole number from 0 to 10"}),
        ({"rest": "٣"}, {"rest": "a whole number from 0 to 10"}),  # not an ASCII digit
        ({"walk_min": "1441"}, {"walk_min": "whole minutes from 0 to 1440"}),
        ({"bridge_right": "9"}, {"bridge_left": "give reps for both sides, or neither",
                                 "bridge_right": "give reps for both sides, or neither"}),
        ({"date": "2026-11-22"}, {"date": "the date is in the future"}),
        ({"date": "tomorrow"}, {"date": "a date as YYYY-MM-DD"}),
        ({"time": "9h"}, {"time": "a time as HH:MM"}),
        ({"note": "x" * 2001}, {"note": "at most 2000 characters"}),
    ],
)  # fmt: skip
def test_each_problem_is_named_at_its_field(
    fields: dict[str, str], problems: dict[str, str]
) -> None:
    with pytest.raises(EntryProblems) as raised:
        parse_entry(form(**fields), [], None, NOW)
    assert raised.value.problems == problems


@pytest.mark.parametrize(
    ("at", "context"),
    [(time(5), "morning"), (time(10, 59), "morning"), (time(11), "other"), (time(18), "evening")],
)
def test_default_context_follows_the_time_of_day(at: time, context: str) -> None:
    assert default_context(at) == context


@pytest.mark.parametrize(
    ("fields", "context", "at"),
    [
        # A load test makes a morning check-in, whatever the time typed.
        ({"load_test": "3", "time": "20:15"}, "morning", datetime(2026, 11, 21, 20, 15)),
        ({"time": "20:15"}, "evening", datetime(2026, 11, 21, 20, 15)),
        ({"time": "12:00"}, "other", datetime(2026, 11, 21, 12, 0)),
        ({"date": "2026-11-18"}, "morning", datetime(2026, 11, 18, 8, 0)),
        ({"date": "2026-11-18", "context": "evening"}, "evening", datetime(2026, 11, 18, 20, 0)),
        ({"date": "2026-11-18", "context": "other"}, "other", datetime(2026, 11, 18, 12, 0)),
    ],
)
def test_the_context_follows_the_entry_not_the_clock(
    fields: dict[str, str], context: str, at: datetime
) -> None:
    late = datetime(2026, 11, 21, 21, 30)  # typed in the evening, after each time given
    entry = parse_entry(form(**fields), [], None, late)
    assert (entry.context, entry.at) == (context, at)
