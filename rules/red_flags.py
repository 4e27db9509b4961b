"""Red flags that stop things: while an emergency or urgent flag is open, the program does not
move on (no phase advance, no running unlocked or started) until a clinician has seen it.
Plain Python, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# Urgencies that stop advancing and running; "see-clinician" flags are shown but do not.
BLOCKING_URGENCIES = frozenset({"emergency", "urgent"})
URGENCY_WORDS = {"emergency": "emergency", "urgent": "urgent", "see-clinician": "see a clinician"}
AVULSION = "avulsion"
# Exercise sessions in these phases load the tendon in hip flexion, where it can tear.
AVULSION_PHASES = frozenset({3, 4})


class Flag(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def urgency(self) -> str: ...

    @property
    def action(self) -> str: ...


def blocking(flags: Sequence[Flag]) -> list[Flag]:
    return [flag for flag in flags if flag.urgency in BLOCKING_URGENCIES]


def refusal(flags: Sequence[Flag], doing: str, how_to_clear: str) -> str | None:
    """Why `doing` (e.g. "Advancing a phase") is refused while a blocking flag is open, and
    what to do; None when nothing blocks."""
    found = blocking(flags)
    if not found:
        return None
    named = "; ".join(f"{flag.title} ({URGENCY_WORDS[flag.urgency]})" for flag in found)
    actions = " ".join(dict.fromkeys(flag.action for flag in found))
    return (
        f"{doing} is refused while a red flag is open: {named}. {actions} "
        f"Once a clinician has seen you, {how_to_clear}."
    )


def asks_about_avulsion(pain: int | None, red_from: int, phase: int | None = None) -> bool:
    """After a run (phase None), or an exercise session in phase 3 or 4, with pain in the red
    zone: ask once about a sudden pop or sharp pain with bruising."""
    if pain is None or pain < red_from:
        return False
    return phase is None or phase in AVULSION_PHASES
