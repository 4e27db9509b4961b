"""The pain-monitoring model: zones, the morning baseline, absolute limits, the weekly trend,
the 24-hour response and flares.

Plain Python with no I/O; the day being judged is passed in. One implementation, used by the
Pain screen, the CLI, the phase gates and the run progression.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from statistics import mean, median


@dataclass(frozen=True)
class PainThresholds:
    """Defaults follow the pain-monitoring model; content/pain_model.yaml may change them."""

    green_max: int = 3
    amber_max: int = 5
    baseline_days: int = 7
    flare_margin: int = 2
    flare_score: int = 6
    # Absolute limits: a morning rest pain or load test at or above `not_tolerating`, or
    # stiffness lasting longer than `stiffness_max_min`, is not tolerating, whatever the baseline.
    not_tolerating: int = 4
    stiffness_max_min: int = 30
    # Worsening: the mean of the last `trend_days` days' mornings is `trend_rise` points (or
    # `stiffness_rise_min` minutes) above the mean of the days before, with at least
    # `trend_min_mornings` check-ins in each.
    trend_days: int = 7
    trend_rise: float = 1.0
    stiffness_rise_min: int = 10
    trend_min_mornings: int = 4


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
    WORSENING = "worsening"
    FLARE = "flare"


# Least to most serious; also the order responses are reported in.
RESPONSE_ORDER = (
    Response.SETTLED,
    Response.NO_BASELINE,
    Response.UP_BY_ONE,
    Response.WORSENING,
    Response.FLARE,
)
# Responses that block passing a run or a gate.
BLOCKING = frozenset({Response.WORSENING, Response.FLARE})


@dataclass(frozen=True)
class Morning:
    """One morning check-in: the day and its scores (load test and stiffness may be missing).
    `test` names the load test done; a baseline compares only mornings of the same test."""

    day: date
    rest: int
    load_test: int | None
    stiffness: int | None = None
    test: str = ""


def zone(score: int, limits: PainThresholds = DEFAULT_LIMITS) -> Zone:
    if not 0 <= score <= 10:
        raise ValueError(f"pain score {score} is outside 0-10")
    if score <= limits.green_max:
        return Zone.GREEN
    if score <= limits.amber_max:
        return Zone.AMBER
    return Zone.RED


def worst_zone(scores: Sequence[int], limits: PainThresholds = DEFAULT_LIMITS) -> Zone:
    return max((zone(score, limits) for score in scores), key=_zone_rank)


@dataclass(frozen=True)
class Baseline:
    rest: float | None
    load_test: float | None
    mornings: int


@dataclass(frozen=True)
class OverLimit:
    """A morning score at or beyond its absolute limit: the tendon is not tolerating."""

    measure: str  # "rest", "load test" or "stiffness"
    score: int
    limit: int

    def describe(self) -> str:
        if self.measure == "stiffness":
            return f"stiffness {self.score} min is over {self.limit} min"
        return f"{self.measure} {self.score} is {self.limit} or more"


@dataclass(frozen=True)
class Rise:
    """A worsening trend: the mean of one measure over the last days against the days before."""

    measure: str  # "rest", "load test" or "stiffness"
    before: float
    now: float
    days: int

    @property
    def amount(self) -> float:
        return round(self.now - self.before, 1)

    def describe(self) -> str:
        unit = " min" if self.measure == "stiffness" else ""
        return (
            f"morning {self.measure} up from a mean of {self.before:.1f}{unit} to "
            f"{self.now:.1f}{unit} over the last {self.days} days (+{self.amount:g}{unit})"
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
    over_limit: tuple[OverLimit, ...] = ()
    trend: Rise | None = None

    @property
    def tolerating(self) -> bool:
        return not self.over_limit

    @property
    def blocking(self) -> bool:
        """A flare or worsening: no run passes and no gate opens on such a morning."""
        return self.response in BLOCKING


def latest_per_day(mornings: Sequence[Morning]) -> list[Morning]:
    """The last check-in of each day, oldest day first (a repeat check-in replaces the first)."""
    latest: dict[date, Morning] = {}
    for morning in mornings:
        latest[morning.day] = morning
    return [latest[day] for day in sorted(latest)]


def baseline(
    mornings: Sequence[Morning],
    day: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    test: str | None = None,
) -> Baseline:
    """Median of the morning scores on the `baseline_days` days before `day` (the latest
    check-in of each day counts); fewer days give a median of what there is. With `test`, the
    load test's median counts only mornings of that test."""
    return _baseline(latest_per_day(mornings), day, limits, test)


def judge_morning(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict:
    """The 24-hour response of a morning check-in against the person's own baseline and the
    trend of the weeks before; `earlier` may hold any mornings (later days are ignored)."""
    return _judge(morning, latest_per_day(earlier), limits)


def is_flare(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> bool:
    return judge_morning(morning, earlier, limits).response is Response.FLARE


def judged_days(
    mornings: Sequence[Morning],
    first: date,
    last: date,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> list[tuple[Morning, MorningVerdict]]:
    """Each day's check-in from `first` to `last` (inclusive) with its verdict, each judged
    against the mornings before it."""
    ordered = latest_per_day(mornings)
    chosen = ordered[bisect_left(ordered, first, key=_day) : bisect_right(ordered, last, key=_day)]
    return [(morning, _judge(morning, ordered, limits)) for morning in chosen]


def flare_days(
    mornings: Sequence[Morning], first: date, last: date, limits: PainThresholds = DEFAULT_LIMITS
) -> list[date]:
    """Days from `first` to `last` (inclusive) whose check-in was a flare."""
    return [
        morning.day
        for morning, verdict in judged_days(mornings, first, last, limits)
        if verdict.response is Response.FLARE
    ]


# -- internals ------------------------------------------------------------------------------


def _day(morning: Morning) -> date:
    return morning.day


def _between(ordered: Sequence[Morning], first: date, before: date) -> Sequence[Morning]:
    """The mornings of `ordered` (latest per day, oldest first) from `first` up to `before`;
    found by bisection, so judging every day of a long history stays quick."""
    return ordered[bisect_left(ordered, first, key=_day) : bisect_left(ordered, before, key=_day)]


def _baseline(
    ordered: Sequence[Morning], day: date, limits: PainThresholds, test: str | None
) -> Baseline:
    latest = _between(ordered, day - timedelta(days=limits.baseline_days), day)
    rests = [m.rest for m in latest]
    loads = [
        m.load_test for m in latest if m.load_test is not None and (test is None or m.test == test)
    ]
    return Baseline(
        rest=median(rests) if rests else None,
        load_test=median(loads) if loads else None,
        mornings=len(latest),
    )


def _judge(morning: Morning, ordered: Sequence[Morning], limits: PainThresholds) -> MorningVerdict:
    base = _baseline(ordered, morning.day, limits, morning.test)
    candidates: list[tuple[str, int, float | None]] = [("rest", morning.rest, base.rest)]
    if morning.load_test is not None:
        candidates.append(("load test", morning.load_test, base.load_test))
    over = over_limit(morning, limits)
    over_names = {item.measure for item in over}

    def severity(item: tuple[str, int, float | None]) -> tuple[int, bool, int]:
        name, score, reference = item
        rank = RESPONSE_ORDER.index(_relative(score, reference, limits))
        return (rank, name in over_names, score)

    name, score, reference = max(candidates, key=severity)
    response = _relative(score, reference, limits)
    trend = _worsening(morning, ordered, limits)
    if trend is not None and response is not Response.FLARE:
        response = Response.WORSENING
    return MorningVerdict(
        response=response,
        worst_zone=worst_zone([s for _, s, _ in candidates], limits),
        measure=name,
        score=score,
        base=reference,
        rise=None if reference is None else score - reference,
        over_limit=over,
        trend=trend,
    )


def over_limit(morning: Morning, limits: PainThresholds) -> tuple[OverLimit, ...]:
    found = []
    if morning.rest >= limits.not_tolerating:
        found.append(OverLimit("rest", morning.rest, limits.not_tolerating))
    if morning.load_test is not None and morning.load_test >= limits.not_tolerating:
        found.append(OverLimit("load test", morning.load_test, limits.not_tolerating))
    if morning.stiffness is not None and morning.stiffness > limits.stiffness_max_min:
        found.append(OverLimit("stiffness", morning.stiffness, limits.stiffness_max_min))
    return tuple(found)


def _worsening(morning: Morning, ordered: Sequence[Morning], limits: PainThresholds) -> Rise | None:
    """The largest rise of a weekly mean that reaches its threshold, if any: pain first (rest
    or the same load test), then stiffness."""
    span = limits.trend_days
    recent_start = morning.day - timedelta(days=span - 1)
    recent = [*_between(ordered, recent_start, morning.day), morning]
    before = _between(ordered, recent_start - timedelta(days=span), recent_start)
    found: list[Rise] = []
    measures = (
        ("rest", lambda m: m.rest, limits.trend_rise),
        (
            "load test",
            lambda m: m.load_test if m.test == morning.test else None,
            limits.trend_rise,
        ),
        ("stiffness", lambda m: m.stiffness, limits.stiffness_rise_min),
    )
    for name, read, threshold in measures:
        now = [v for v in map(read, recent) if v is not None]
        then = [v for v in map(read, before) if v is not None]
        if min(len(now), len(then)) < limits.trend_min_mornings:
            continue
        rise = Rise(name, mean(then), mean(now), span)
        # Rounded so that a rise of exactly the threshold is not lost to float error.
        if round(rise.now - rise.before, 6) >= threshold:
            found.append(rise)
    pain = [rise for rise in found if rise.measure != "stiffness"]
    if pain:
        return max(pain, key=lambda rise: rise.now - rise.before)
    return found[0] if found else None


def _relative(score: int, reference: float | None, limits: PainThresholds) -> Response:
    if score >= limits.flare_score:
        return Response.FLARE
    if reference is None:
        return Response.NO_BASELINE
    if score - reference >= limits.flare_margin:
        return Response.FLARE
    if score - reference >= 1:
        return Response.UP_BY_ONE
    return Response.SETTLED


def _zone_rank(value: Zone) -> int:
    return [Zone.GREEN, Zone.AMBER, Zone.RED].index(value)
