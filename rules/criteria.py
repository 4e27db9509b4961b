"""The kinds of phase-gate criterion and their thresholds. Content files choose the numbers
(content/phases.yaml); rules/gates.py judges them. Plain dataclasses, validated by pydantic
when content loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from annotated_types import Ge, Le

Score = Annotated[int, Ge(0), Le(10)]
Days = Annotated[int, Ge(1), Le(90)]
Percent = Annotated[int, Ge(1), Le(200)]
Chair = Literal["hard", "soft", "car"]
# Tests older than this no longer speak for the tendon today.
RECENT_DAYS = 14


def _last(window: int) -> str:
    return "today" if window == 1 else f"the last {window} days"


@dataclass(frozen=True)
class LoadTestDays:
    """Morning load test <= max on at least `days` of the last `window` days."""

    kind: Literal["load_test_days"]
    max: Score
    days: Days
    window: Days

    @property
    def label(self) -> str:
        return (
            f"Morning load test {self.max}/10 or less on at least {self.days} "
            f"of {_last(self.window)}"
        )


@dataclass(frozen=True)
class MeanRest:
    """Mean of the morning rest scores over the last `window` days <= max."""

    kind: Literal["mean_rest"]
    max: Score
    window: Days

    @property
    def label(self) -> str:
        return f"Mean morning rest pain {self.max}/10 or less over {_last(self.window)}"


@dataclass(frozen=True)
class RestEachDay:
    """Morning rest pain <= max on each of the last `window` days."""

    kind: Literal["rest_each_day"]
    max: Score
    window: Days

    @property
    def label(self) -> str:
        return f"Morning rest pain {self.max}/10 or less on each of {_last(self.window)}"


@dataclass(frozen=True)
class NoFlare:
    """No flare and no worsening trend (the pain model's rules) in the last `window` days."""

    kind: Literal["no_flare"]
    window: Days

    @property
    def label(self) -> str:
        return f"No flare or worsening in {_last(self.window)}"


@dataclass(frozen=True)
class Sessions:
    """At least `min` training days logged in this phase."""

    kind: Literal["sessions"]
    min: Annotated[int, Ge(1), Le(100)]

    @property
    def label(self) -> str:
        return f"At least {self.min} training {'day' if self.min == 1 else 'days'} in this phase"


@dataclass(frozen=True)
class Sitting:
    """Sitting tolerance >= `min` minutes on the latest entry of the last `window` days that
    records it on `chair` (None: any chair)."""

    kind: Literal["sitting"]
    min: Annotated[int, Ge(1), Le(1440)]
    chair: Chair | None = None
    window: Days = RECENT_DAYS

    @property
    def label(self) -> str:
        on = f" on a {self.chair} chair" if self.chair else ""
        return f"Sitting tolerance {self.min} min or more{on} (latest in {_last(self.window)})"


@dataclass(frozen=True)
class BridgeSymmetry:
    """Injured side's single-leg bridge reps >= `percent` % of the other side's, on the latest
    test of the last `window` days."""

    kind: Literal["bridge_symmetry"]
    percent: Percent
    window: Days = RECENT_DAYS

    @property
    def label(self) -> str:
        return (
            f"Injured-side single-leg bridge reps {self.percent}% or more of the other side "
            f"(tested in {_last(self.window)})"
        )


@dataclass(frozen=True)
class BridgeReps:
    """Single-leg bridge reps to failure >= `min` on each side (latest test of the last
    `window` days)."""

    kind: Literal["bridge_reps"]
    min: Annotated[int, Ge(1), Le(500)]
    window: Days = RECENT_DAYS

    @property
    def label(self) -> str:
        return (
            f"Single-leg bridge {self.min} reps or more on each side "
            f"(tested in {_last(self.window)})"
        )


@dataclass(frozen=True)
class BriskWalk:
    """A brisk walk of at least `minutes`, logged in this phase with pain <= max."""

    kind: Literal["brisk_walk"]
    minutes: Annotated[int, Ge(1), Le(600)]
    max: Score

    @property
    def label(self) -> str:
        return f"A brisk {self.minutes}-minute walk logged with pain {self.max}/10 or less"


Criterion = (
    LoadTestDays
    | MeanRest
    | RestEachDay
    | NoFlare
    | Sessions
    | Sitting
    | BridgeSymmetry
    | BridgeReps
    | BriskWalk
)
