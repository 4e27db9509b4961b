"""Defaults and parsing for a new pain entry, shared by the CLI and the check-in form.
No textual: the form hands over the text of its fields and shows the problems at them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import TypeVar

from pydantic import ValidationError

from journal.errors import at_problem_field, field_messages
from rules.text import control_problem
from store.problems import FieldProblem
from store.records import PainContext, PainEntry

SCORE_FIELDS = ("rest", "load_test", "activity")
MINUTE_FIELDS = ("stiffness_min", "sitting_min", "walk_min")
REP_FIELDS = ("bridge_left", "bridge_right")
PROBLEMS = {
    **dict.fromkeys(SCORE_FIELDS, "a whole number from 0 to 10"),
    **dict.fromkeys(MINUTE_FIELDS, "whole minutes from 0 to 1440"),
    **dict.fromkeys(REP_FIELDS, "whole reps from 0 to 500"),
    "note": "at most 2000 characters",
}
T = TypeVar("T")

# The documented forms only: Python's own parsers also take "1_0", "٣", "+3", "20260101",
# "2026-W01-1", "12" or "T12:00", none of which a person means here.
_WHOLE = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}")


def parse_whole(text: str) -> int:
    """A whole number written with the digits 0-9 only; ValueError otherwise."""
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"'{text}' is not a whole number")
    return int(text)


def parse_decimal(text: str) -> float:
    """A number like 12 or 12.5 (digits and one point only); ValueError otherwise."""
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"'{text}' is not a number like 12 or 12.5")
    return float(text)


def parse_day(text: str) -> date:
    """A date as YYYY-MM-DD; ValueError otherwise."""
    if not _DAY.fullmatch(text):
        raise ValueError(f"'{text}' is not a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date as YYYY-MM-DD") from None


def parse_clock(text: str) -> time:
    """A time of day as HH:MM; ValueError otherwise."""
    if not _CLOCK.fullmatch(text):
        raise ValueError(f"'{text}' is not a time as HH:MM")
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a time as HH:MM") from None


CONTEXT_NAMES: dict[str, str] = {
    "morning": "Morning check-in",
    "after-exercise": "After exercise",
    "after-run": "After run",
    "evening": "Evening",
    "other": "Other",
}
# An entry for a past day without a time gets one that fits its context.
PAST_DAY_TIMES: dict[str, time] = {"morning": time(8, 0), "evening": time(20, 0)}
PAST_DAY_TIME = time(12, 0)
# Before this an entry is a morning check-in by default; later in the day the scores no
# longer say how the tendon woke, so a missing check-in is missed rather than due.
MORNING_ENDS = time(11, 0)


def default_context(at: time) -> PainContext:
    """By the entry's time: mornings are check-ins, evenings are evening entries, the rest of
    the day is 'other'."""
    if at < MORNING_ENDS:
        return "morning"
    if at >= time(18, 0):
        return "evening"
    return "other"


def default_time(day: date, now: datetime, context: str = "morning") -> time:
    """Now (to the minute) for today; for an earlier day a time that fits the context."""
    if day == now.date():
        return now.time().replace(second=0, microsecond=0)
    return PAST_DAY_TIMES.get(context, PAST_DAY_TIME)


def entry_context(day: date, at: time | None, load_test: int | None, now: datetime) -> PainContext:
    """The context an entry is filed under when none is given: an entry with a load test is a
    morning check-in; otherwise its own time decides (not the clock when it is typed). A past
    day's entry without a time is that day's morning check-in."""
    if load_test is not None:
        return "morning"
    if at is not None:
        return default_context(at)
    if day == now.date():
        return default_context(now.time())
    return "morning"


class EntryProblems(Exception):
    """Problems by field name (the PainEntry field, or 'date' and 'time')."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def parse_entry(
    text: Mapping[str, str],
    aggravators: Sequence[str],
    chair: str | None,
    now: datetime,
    *,
    for_clinician: bool = False,
) -> PainEntry:
    """Build a PainEntry from the form's text fields (and its choices: the aggravators, the
    chair, the mark for the clinician); raise EntryProblems naming each field that is wrong.
    Blank optional fields are left out; rest pain is required."""
    problems: dict[str, str] = {}
    note = text.get("note", "").strip()
    if control_problem(note):
        problems["note"] = f"the note {control_problem(note)}"
    fields: dict[str, object] = {
        "note": note,
        "aggravators": tuple(aggravators),
        "chair": chair or None,
        "for_clinician": for_clinician,
    }
    for name in (*SCORE_FIELDS, *MINUTE_FIELDS, *REP_FIELDS):
        raw = text.get(name, "").strip()
        if not raw:
            if name == "rest":
                problems[name] = "required: " + PROBLEMS[name]
            continue
        if not (raw.isascii() and raw.isdigit()):
            problems[name] = PROBLEMS[name]
            continue
        fields[name] = int(raw)

    day = _parse(text.get("date", "").strip(), parse_day, now.date())
    if day is None:
        problems["date"] = "a date as YYYY-MM-DD"
    at = _parse(text.get("time", "").strip(), parse_clock, None)
    if at is None and text.get("time", "").strip():
        problems["time"] = "a time as HH:MM"
    if problems or day is None:
        raise EntryProblems(problems)
    try:
        return entry_from(fields, day, at, text.get("context") or None, now)
    except ValidationError as error:
        raise EntryProblems(_problems(error)) from None


def entry_from(
    values: Mapping[str, object], day: date, at: time | None, context: str | None, now: datetime
) -> PainEntry:
    """A checked pain entry (pydantic's ValidationError names a bad field): on `day`, at `at`
    or a time that fits its context, filed under `context` or the one its values suggest."""
    load_test = values.get("load_test")
    context = context or entry_context(
        day, at, load_test if isinstance(load_test, int) else None, now
    )
    fields = {
        **values,
        "context": context,
        "at": datetime.combine(day, at or default_time(day, now, context)),
    }
    return PainEntry.model_validate(fields, context={"today": now.date(), "now": now})


def _parse(raw: str, parse: Callable[[str], T], blank: T | None) -> T | None:
    if not raw:
        return blank
    try:
        return parse(raw)
    except ValueError:
        return None


def _problems(error: ValidationError) -> dict[str, str]:
    def place(problem: FieldProblem) -> str | None:
        return "bridge" if "bridge" in problem.message else at_problem_field(problem)

    problems: dict[str, str] = {}
    for field, message in field_messages(error, place=place).items():
        if field == "bridge":
            for side in REP_FIELDS:
                problems.setdefault(side, "give reps for both sides, or neither")
        else:
            problems.setdefault(field, PROBLEMS.get(field, message))
    return problems


def measures(entry: PainEntry) -> list[str]:
    """What an entry records besides its pain scores, in words: stiffness, sitting, the bridge
    test, a brisk walk and what aggravated it (the History and the Pain history say it so)."""
    parts = []
    if entry.stiffness_min is not None:
        parts.append(f"stiffness {entry.stiffness_min} min")
    if entry.sitting_min is not None:
        chair = f" ({entry.chair} chair)" if entry.chair else ""
        parts.append(f"sitting {entry.sitting_min} min{chair}")
    if entry.bridge_left is not None and entry.bridge_right is not None:
        parts.append(f"bridge L {entry.bridge_left} / R {entry.bridge_right}")
    if entry.walk_min is not None:
        parts.append(f"brisk walk {entry.walk_min} min")
    if entry.aggravators:
        parts.append("aggravated by " + ", ".join(a.replace("-", " ") for a in entry.aggravators))
    return parts
