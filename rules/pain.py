"""The pain-monitoring model: zones, the morning baseline, the 24-hour response and flares.

Plain Python with no I/O; the day being judged is passed in. One implementation, used by the
Pain screen, the CLI and the phase gates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from statistics import median


@dataclass(frozen=True)
class PainThresholds:
    """Defaults follow the pain-monitoring model; content/pain_model.yaml may change them."""

    green_max: int = 3
    amber_max: int = 5
    baseline_days: int = 7
    flare_margin: int = 2
    flare_score: int = 6


DEFAULT_LIMITS = PainThresholds()


class Zone(Enum):
    GREEN = ("green", "safe")
    AMBER = ("amber", "acceptable")
    RED = ("red", "too much")

    @property
    def colour(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


class Response(Enum):
    """How the tendon answered yesterday's load, judged by this morning's scores."""

    NO_BASELINE = "no baseline yet"
    SETTLED = "settled"
    UP_BY_ONE = "up by 1"
    FLARE = "flare"


@dataclass(frozen=True)
class Morning:
    """One morning check-in: the day and its scores (load test may be missing)."""

    day: date
    rest: int
    load_test: int | None


def zone(score: int, limits: PainThresholds = DEFAULT_LIMITS) -> Zone:
    if not 0 <= score <= 10:
        raise ValueError(f"pain score {score} is outside 0-10")
    if score <= limits.green_max:
        return Zone.GREEN
    if score <= limits.amber_max:
        return Zone.AMBER
    return Zone.RED


@dataclass(frozen=True)
class Baseline:
    rest: float | None
    load_test: float | None
    mornings: int


def baseline(
    mornings: Sequence[Morning], day: date, limits: PainThresholds = DEFAULT_LIMITS
) -> Baseline:
    """Median of the morning scores on the `baseline_days` days before `day` (the latest
    check-in of each day counts); fewer days give a median of what there is."""
    first = day - timedelta(days=limits.baseline_days)
    latest = [m for m in latest_per_day(mornings) if first <= m.day < day]
    rests = [m.rest for m in latest]
    loads = [m.load_test for m in latest if m.load_test is not None]
    return Baseline(
        rest=median(rests) if rests else None,
        load_test=median(loads) if loads else None,
        mornings=len(latest),
    )


@dataclass(frozen=True)
class MorningVerdict:
    response: Response
    worst_zone: Zone
    # The score that decided the response, its name, and how far above baseline it was.
    measure: str
    score: int
    base: float | None
    rise: float | None


def judge_morning(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict:
    """The 24-hour response of a morning check-in against the person's own baseline."""
    base = baseline(earlier, morning.day, limits)
    candidates: list[tuple[str, int, float | None]] = [("rest", morning.rest, base.rest)]
    if morning.load_test is not None:
        candidates.append(("load test", morning.load_test, base.load_test))

    def severity(item: tuple[str, int, float | None]) -> tuple[int, int]:
        _, score, reference = item
        return (_response_rank(_response(score, reference, limits)), score)

    name, score, reference = max(candidates, key=severity)
    worst_zone = max((zone(s, limits) for _, s, _ in candidates), key=_zone_rank)
    return MorningVerdict(
        response=_response(score, reference, limits),
        worst_zone=worst_zone,
        measure=name,
        score=score,
        base=reference,
        rise=None if reference is None else score - reference,
    )


def is_flare(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> bool:
    return judge_morning(morning, earlier, limits).response is Response.FLARE


def _response(score: int, reference: float | None, limits: PainThresholds) -> Response:
    if score >= limits.flare_score:
        return Response.FLARE
    if reference is None:
        return Response.NO_BASELINE
    if score - reference >= limits.flare_margin:
        return Response.FLARE
    if score - reference >= 1:
        return Response.UP_BY_ONE
    return Response.SETTLED


def _response_rank(response: Response) -> int:
    return [Response.SETTLED, Response.NO_BASELINE, Response.UP_BY_ONE, Response.FLARE].index(
        response
    )


def _zone_rank(value: Zone) -> int:
    return [Zone.GREEN, Zone.AMBER, Zone.RED].index(value)


def latest_per_day(mornings: Sequence[Morning]) -> list[Morning]:
    """The last check-in of each day, oldest day first (a repeat check-in replaces the first)."""
    latest: dict[date, Morning] = {}
    for morning in mornings:
        latest[morning.day] = morning
    return [latest[day] for day in sorted(latest)]


def flare_days(
    mornings: Sequence[Morning], first: date, last: date, limits: PainThresholds = DEFAULT_LIMITS
) -> list[date]:
    """Days from `first` to `last` (inclusive) whose check-in was a flare, each judged against
    the mornings before it."""
    ordered = latest_per_day(mornings)
    return [
        morning.day
        for morning in ordered
        if first <= morning.day <= last and is_flare(morning, ordered, limits)
    ]
