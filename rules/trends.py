"""Trend series for the Pain screen's charts and the Dashboard sparkline. Plain Python, no I/O:
today is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from rules.advice import LoadTests, mornings, mornings_between
from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    MorningHistory,
    PainThresholds,
    reach,
)
from store.records import PainEntry, Side


class TrendRange(Enum):
    _value_: tuple[str, int | None]  # (label, days; None: all of them)

    DAYS_14 = ("14 days", 14)
    DAYS_30 = ("30 days", 30)
    DAYS_90 = ("90 days", 90)
    ALL = ("all time", None)

    @property
    def label(self) -> str:
        return self._value_[0]

    @property
    def short(self) -> str:
        return "all" if self.days is None else f"{self.days}d"

    @property
    def days(self) -> int | None:
        return self._value_[1]

    def following(self) -> TrendRange:
        members = list(TrendRange)
        return members[(members.index(self) + 1) % len(members)]

    def first_day(self, today: date, earliest: date | None) -> date:
        """The first day shown: `days` back from today (inclusive), or the first record."""
        if self.days is None:
            return min(earliest or today, today)
        return today - timedelta(days=self.days - 1)


@dataclass(frozen=True)
class PainTrend:
    first: date
    last: date
    mornings: list[Morning]  # latest check-in per day, within the window
    flares: list[date]
    worsening: list[date] = field(default_factory=list)

    @property
    def check_ins(self) -> int:
        return len(self.mornings)


def pain_trend(
    entries: Sequence[PainEntry],
    window: TrendRange,
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> PainTrend:
    """Morning rest and load-test scores in the window; flares and worsening days judged with
    the full history so the first days of a window still have their baseline."""
    if window.days is None:
        history = MorningHistory(mornings(entries, tests), limits)
        first = window.first_day(today, history.days[0].day if history.days else None)
    else:
        # Only the window and the weeks its first days' verdicts look back on.
        first = window.first_day(today, None)
        checks = mornings_between(entries, first - reach(limits), today, tests)
        history = MorningHistory(checks, limits)
    flares, worsening = history.blocking_days(first, today)
    return PainTrend(first, today, history.between(first, today), flares, worsening)


@dataclass(frozen=True)
class SittingPoint:
    day: date
    minutes: int
    chair: str | None


def sitting_trend(entries: Sequence[PainEntry], first: date, last: date) -> list[SittingPoint]:
    return [
        SittingPoint(entry.at.date(), entry.sitting_min, entry.chair)
        for entry in entries
        if entry.sitting_min is not None and first <= entry.at.date() <= last
    ]


def bridge_symmetry(left: int, right: int, injured: Side) -> float | None:
    """The injured side's single-leg bridge reps as a % of the other side's. With both sides
    injured there is no healthy side to compare with: the weaker as a % of the stronger."""
    if injured == "both":
        weaker, stronger = sorted((left, right))
    elif injured == "left":
        weaker, stronger = left, right
    else:
        weaker, stronger = right, left
    if stronger == 0:
        return None
    return round(100 * weaker / stronger, 1)


@dataclass(frozen=True)
class BridgePoint:
    day: date
    left: int
    right: int
    symmetry: float | None


def bridge_trend(
    entries: Sequence[PainEntry], injured: Side, first: date, last: date
) -> list[BridgePoint]:
    points = []
    for entry in entries:
        if entry.bridge_left is None or entry.bridge_right is None:
            continue
        if first <= entry.at.date() <= last:
            symmetry = bridge_symmetry(entry.bridge_left, entry.bridge_right, injured)
            points.append(
                BridgePoint(entry.at.date(), entry.bridge_left, entry.bridge_right, symmetry)
            )
    return points


def daily_worst(entries: Sequence[PainEntry], today: date, days: int = 14) -> list[int | None]:
    """For a sparkline: each of the last `days` days (oldest first), the worse of the morning
    rest and load-test scores, or None for a day without a check-in."""
    first = today - timedelta(days=days - 1)
    by_day = {m.day: m for m in mornings_between(entries, first, today)}
    values: list[int | None] = []
    for offset in range(days - 1, -1, -1):
        morning = by_day.get(today - timedelta(days=offset))
        if morning is None:
            values.append(None)
        else:
            values.append(max(morning.rest, morning.load_test or 0))
    return values
