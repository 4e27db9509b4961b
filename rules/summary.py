"""What a day looks like at a glance: shared by the Dashboard and `sitbone status`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from store.records import PainEntry, PhaseChange, Profile

FIRST_PHASE = 1


@dataclass(frozen=True)
class DaySummary:
    today: date
    phase: int
    days_since_onset: int | None
    entries_today: int
    last_entry: PainEntry | None


def current_phase(phase_history: Sequence[PhaseChange]) -> int:
    """The phase the person is in: the newest phase change (oldest first), or phase 1."""
    if not phase_history:
        return FIRST_PHASE
    return phase_history[-1].to_phase


def phase_on(phase_history: Sequence[PhaseChange], at: datetime) -> int:
    """The phase the person was in at `at`: the last change made at or before it."""
    phase = FIRST_PHASE
    for change in phase_history:
        if change.at > at:
            break
        phase = change.to_phase
    return phase


def summarise_day(
    profile: Profile | None,
    pain: Sequence[PainEntry],
    phase_history: Sequence[PhaseChange],
    today: date,
) -> DaySummary:
    """`pain` oldest first."""
    onset = (today - profile.symptoms_began).days if profile else None
    todays = [entry for entry in pain if entry.at.date() == today]
    return DaySummary(
        today=today,
        phase=current_phase(phase_history),
        days_since_onset=onset,
        entries_today=len(todays),
        last_entry=pain[-1] if pain else None,
    )
