"""Outcome measures for both front-ends: a measure built from what a person typed (problems
named by field), what is due today, and the measures taken, as lines and as a document.
Only the VISA-H total is kept: the questionnaire is filled in on paper or with a clinician.
No textual."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from content.models import OutcomeSettings
from journal.entry import PAST_DAY_TIME, parse_day, parse_whole
from journal.errors import field_messages
from rules.outcomes import (
    OUTCOME_NAMES,
    DueMeasure,
    SchedulePoint,
    due_outcomes,
    next_point,
    week_of,
)
from rules.text import control_problem
from store.records import OutcomeKind, OutcomeMeasure, Profile

# The fields a front-end shows problems at: the value typed (a score or minutes), the chair,
# the date and the note.
VALUE_FIELD: dict[str, str] = {"visa-h": "score", "sitting": "sitting_min"}
NOTE_LIMIT = 500
CHAIR_WORDS = {"hard": "a hard chair", "soft": "a soft chair", "car": "a car seat"}


class OutcomeProblems(Exception):
    """Problems by field: 'score', 'sitting_min', 'chair', 'date', 'note'."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def value_problem(kind: str, settings: OutcomeSettings) -> str:
    """What the value of a `kind` measure must be, in words."""
    if kind == "visa-h":
        return "a whole number from 0 to 100 (the VISA-H total)"
    limit = settings.sitting_limit_min
    return f"whole minutes from 0 to {limit} (the test stops at {limit})"


def outcome_measure(
    kind: OutcomeKind,
    value: int | None,
    *,
    chair: str | None,
    day: date | None,
    note: str,
    now: datetime,
    settings: OutcomeSettings,
) -> OutcomeMeasure:
    """A checked measure (not yet saved) taken on `day` (now for today, midday for an earlier
    day); OutcomeProblems names each field that is wrong."""
    problems: dict[str, str] = {}
    field = VALUE_FIELD[kind]
    top = 100 if kind == "visa-h" else settings.sitting_limit_min
    if value is None:
        problems[field] = "required: " + value_problem(kind, settings)
    elif not 0 <= value <= top:
        problems[field] = value_problem(kind, settings)
    if kind == "sitting" and chair is None:
        problems["chair"] = "name the chair: hard, soft or car"
    note = note.strip()
    if control_problem(note):
        problems["note"] = f"the note {control_problem(note)}"
    elif len(note) > NOTE_LIMIT:
        problems["note"] = f"the note has {len(note)} characters; give at most {NOTE_LIMIT}"
    if problems:
        raise OutcomeProblems(problems)
    day = day or now.date()
    at = now.replace(second=0, microsecond=0) if day == now.date() else None
    fields: dict[str, object] = {
        "at": at or datetime.combine(day, PAST_DAY_TIME),
        "kind": kind,
        field: value,
        "chair": chair if kind == "sitting" else None,
        "note": note,
    }
    try:
        return OutcomeMeasure.model_validate(fields, context={"today": now.date(), "now": now})
    except ValidationError as error:
        found = field_messages(error, {"at": "date"})
        raise OutcomeProblems({k or field: v for k, v in found.items()}) from None


def parse_outcome(
    kind: OutcomeKind,
    text: Mapping[str, str],
    chair: str | None,
    now: datetime,
    settings: OutcomeSettings,
) -> OutcomeMeasure:
    """A measure from a form's text: 'value' (the score or the minutes), 'date' (blank:
    today) and 'note'; OutcomeProblems names each field that is wrong."""
    problems: dict[str, str] = {}
    field = VALUE_FIELD[kind]
    value: int | None = None
    raw = text.get("value", "").strip()
    if raw:
        try:
            value = parse_whole(raw)
        except ValueError:
            problems[field] = value_problem(kind, settings)
    day: date | None = None
    raw_day = text.get("date", "").strip()
    if raw_day:
        try:
            day = parse_day(raw_day)
        except ValueError:
            problems["date"] = "a date as YYYY-MM-DD"
    try:
        measure = outcome_measure(
            kind, value, chair=chair, day=day, note=text.get("note", ""), now=now,
            settings=settings,
        )  # fmt: skip
    except OutcomeProblems as error:
        raise OutcomeProblems({**error.problems, **problems}) from None
    if problems:
        raise OutcomeProblems(problems)
    return measure


# -- what is due and what was taken ------------------------------------------------------


def start_of(profile: Profile | None) -> date | None:
    """The schedule's start: the day the runner began with sitbone (the profile's creation)."""
    return profile.created.date() if profile is not None else None


def due_today(
    profile: Profile | None,
    measures: Sequence[OutcomeMeasure],
    today: date,
    settings: OutcomeSettings,
) -> list[DueMeasure]:
    """The measures due today (none before there is a profile)."""
    start = start_of(profile)
    if start is None:
        return []
    return due_outcomes(start, measures, today, settings.schedule())


def due_names(due: Sequence[DueMeasure]) -> str:
    """The measures as named in a sentence: 'VISA-H and sitting test', 'sitting test'."""
    names = [OUTCOME_NAMES[d.kind] for d in due]
    return " and ".join(name if name.isupper() else name.lower() for name in names)


def reminder(due: Sequence[DueMeasure]) -> str | None:
    """'VISA-H and sitting test due (week 4)', or None when nothing is due."""
    if not due:
        return None
    names = due_names(due)
    return f"{names[:1].upper()}{names[1:]} due (week {due[0].week})"


def describe_measure(measure: OutcomeMeasure, settings: OutcomeSettings) -> str:
    """'VISA-H 62/100', or 'sitting test: 35 min on a hard chair' (saying so at the limit)."""
    if measure.kind == "visa-h":
        return f"VISA-H {measure.score}/100"
    reached = " (the limit: no pain)" if measure.sitting_min == settings.sitting_limit_min else ""
    seat = CHAIR_WORDS.get(measure.chair or "", "a chair")
    return f"sitting test: {measure.sitting_min} min on {seat}{reached}"


@dataclass(frozen=True)
class OutcomeReport:
    """The schedule as it stands today: the measures taken (id, measure, the week each counts
    for), what is due, and the next point."""

    start: date | None
    taken: list[tuple[int, OutcomeMeasure, int | None]]
    due: list[DueMeasure]
    next: SchedulePoint | None
    settings: OutcomeSettings

    def lines(self) -> list[str]:
        weeks = self.settings.schedule_weeks
        listed = ", ".join(str(w) for w in weeks[:-1]) + f" and {weeks[-1]}"
        if self.start is None:
            head = f"Outcome measures: weeks {listed} from the day you create a profile."
        else:
            head = f"Outcome measures: weeks {listed} from {self.start:%a %d %b %Y} (you began)."
        limit = self.settings.sitting_limit_min
        lines = [head, f"The sitting test stops at {limit} minutes if the pain has not begun."]
        if self.due:
            point = self.due[0].point
            lines.append(
                f"Due now (week {point.week}, until {point.last:%a %d %b}): {due_names(self.due)}."
            )
        elif self.start is not None:
            lines.append("Nothing is due now.")
        if self.next is not None:
            lines.append(f"Next: week {self.next.week}, from {self.next.first:%a %d %b %Y}.")
        if not self.taken:
            lines.append("None taken yet.")
        for record_id, measure, week in reversed(self.taken):
            counted = f"week {week:<3}" if week is not None else "        "
            note = f"  ({measure.note})" if measure.note else ""
            lines.append(
                f"{record_id:>5}  {measure.at:%Y-%m-%d}  {counted}  "
                f"{describe_measure(measure, self.settings)}{note}"
            )
        return lines

    def document(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "schedule_weeks": list(self.settings.schedule_weeks),
            "sitting_limit_min": self.settings.sitting_limit_min,
            "due": [
                {
                    "kind": d.kind,
                    "week": d.week,
                    "from": d.point.first.isoformat(),
                    "until": d.point.last.isoformat(),
                }
                for d in self.due
            ],
            "next": None
            if self.next is None
            else {"week": self.next.week, "from": self.next.first.isoformat()},
            "taken": [
                {"id": record_id, "week": week, **measure.model_dump(mode="json")}
                for record_id, measure, week in self.taken
            ],
        }


def outcome_report(
    profile: Profile | None,
    measures: Sequence[tuple[int, OutcomeMeasure]],
    today: date,
    settings: OutcomeSettings,
) -> OutcomeReport:
    start = start_of(profile)
    schedule = settings.schedule()
    taken = [(i, m, week_of(start, m.at.date(), schedule) if start else None) for i, m in measures]
    return OutcomeReport(
        start=start,
        taken=taken,
        due=due_today(profile, [m for _, m in measures], today, settings),
        next=next_point(start, today, schedule) if start else None,
        settings=settings,
    )
