"""When the outcome measures (the VISA-H total and the sitting-tolerance test) are due. Plain
Python, no I/O: the start, the measures taken and today are passed in.

The schedule counts weeks from the start (the day the runner began with sitbone). A measure
is *due* from its point's day until it is taken or the next point's day arrives; a measure
taken up to `early_days` before a point's day counts for that point, so a VISA-H filled in
with the physio a few days early is not asked for again. The last point has no next one: it
stays due for `last_open_weeks`, then nothing more is asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import get_args

from store.records import OutcomeKind, OutcomeMeasure

OUTCOME_KINDS: tuple[OutcomeKind, ...] = get_args(OutcomeKind)
OUTCOME_NAMES: dict[str, str] = {"visa-h": "VISA-H", "sitting": "Sitting test"}


@dataclass(frozen=True)
class OutcomeSchedule:
    weeks: tuple[int, ...] = (0, 4, 12, 26, 52)  # rising, from 0
    early_days: int = 7  # a measure taken this many days before a point counts for it
    last_open_weeks: int = 26  # how long the last point stays due

    def day_of(self, start: date, week: int) -> date:
        return start + timedelta(weeks=week)


@dataclass(frozen=True)
class SchedulePoint:
    """A point of the schedule and the days it is due on (`first` to `last`, inclusive)."""

    week: int
    first: date
    last: date


@dataclass(frozen=True)
class DueMeasure:
    kind: OutcomeKind
    point: SchedulePoint

    @property
    def week(self) -> int:
        return self.point.week

    @property
    def name(self) -> str:
        return OUTCOME_NAMES[self.kind]


def schedule_points(start: date, schedule: OutcomeSchedule) -> list[SchedulePoint]:
    """Every point, with the days it may be due on."""
    days = [schedule.day_of(start, week) for week in schedule.weeks]
    ends = [*days[1:], days[-1] + timedelta(weeks=schedule.last_open_weeks)]
    return [
        SchedulePoint(week, first, end - timedelta(days=1))
        for week, first, end in zip(schedule.weeks, days, ends, strict=True)
    ]


def current_point(start: date, today: date, schedule: OutcomeSchedule) -> SchedulePoint | None:
    """The point whose days hold `today`, or None (before the start, after the last)."""
    return next((p for p in schedule_points(start, schedule) if p.first <= today <= p.last), None)


def next_point(start: date, today: date, schedule: OutcomeSchedule) -> SchedulePoint | None:
    """The first point after `today`, or None when the schedule is over."""
    return next((p for p in schedule_points(start, schedule) if p.first > today), None)


def counts_for(point: SchedulePoint, day: date, schedule: OutcomeSchedule) -> bool:
    """Whether a measure taken on `day` counts for `point`."""
    return point.first - timedelta(days=schedule.early_days) <= day <= point.last


def due_outcomes(
    start: date,
    taken: Sequence[OutcomeMeasure],
    today: date,
    schedule: OutcomeSchedule | None = None,
) -> list[DueMeasure]:
    """The measures due on `today` (see the module's docstring), in the order of
    OUTCOME_KINDS; each names its week."""
    schedule = schedule or OutcomeSchedule()
    point = current_point(start, today, schedule)
    if point is None:
        return []
    done = {
        m.kind for m in taken if m.at.date() <= today and counts_for(point, m.at.date(), schedule)
    }
    return [DueMeasure(kind, point) for kind in OUTCOME_KINDS if kind not in done]


def week_of(start: date, day: date, schedule: OutcomeSchedule | None = None) -> int | None:
    """The week of the point a measure taken on `day` counts for (the later one, where a
    measure taken early could count for two), or None when it counts for none."""
    schedule = schedule or OutcomeSchedule()
    weeks = [p.week for p in schedule_points(start, schedule) if counts_for(p, day, schedule)]
    return weeks[-1] if weeks else None
