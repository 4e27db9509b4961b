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
from itertools import accumulate
from statistics import median


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
    return max((zone(score, limits) for score in scores), key=_ZONE_RANK.__getitem__)


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


def reach(limits: PainThresholds = DEFAULT_LIMITS) -> timedelta:
    """How far back a morning's verdict reads: its baseline days or its two trend weeks."""
    return timedelta(days=max(limits.baseline_days, 2 * limits.trend_days - 1, 0))


def baseline(
    mornings: Sequence[Morning],
    day: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    test: str | None = None,
) -> Baseline:
    """Median of the morning scores on the `baseline_days` days before `day` (the latest
    check-in of each day counts); fewer days give a median of what there is. With `test`, the
    load test's median counts only mornings of that test."""
    return MorningHistory(_within(mornings, day - reach(limits), day), limits).baseline(day, test)


def judge_morning(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict:
    """The 24-hour response of a morning check-in against the person's own baseline and the
    trend of the weeks before; `earlier` may hold any mornings (later days are ignored)."""
    days = _within(earlier, morning.day - reach(limits), morning.day)
    return MorningHistory(days, limits).judge(morning)


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
    days = _within(mornings, first - reach(limits), last + timedelta(days=1))
    return MorningHistory(days, limits).judged(first, last)


def flare_days(
    mornings: Sequence[Morning], first: date, last: date, limits: PainThresholds = DEFAULT_LIMITS
) -> list[date]:
    """Days from `first` to `last` (inclusive) whose check-in was a flare."""
    days = _within(mornings, first - reach(limits), last + timedelta(days=1))
    history = MorningHistory(days, limits)
    return [morning.day for morning in history.between(first, last) if history.flare(morning)]


class MorningHistory:
    """Morning check-ins made ready for many verdicts: the latest of each day, oldest first,
    with each measure's running totals, so that a verdict finds its baseline days and trend
    weeks by bisection and their means by subtraction, however long the history. Build it
    once for the verdicts one call needs; it keeps nothing between calls."""

    def __init__(
        self, mornings: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
    ) -> None:
        self.limits = limits
        self.days = latest_per_day(mornings)
        self._dates = [morning.day for morning in self.days]
        self._rest = _Series([morning.rest for morning in self.days])
        self._stiffness = _Series([morning.stiffness for morning in self.days])
        # Load tests by the test done (None: any test), each made when first asked for.
        self._loads: dict[str | None, _Series] = {}
        # How far back from a morning's day its baseline and its two trend weeks begin.
        self._baseline_days = timedelta(days=limits.baseline_days)
        self._recent_week = timedelta(days=limits.trend_days - 1)
        self._both_weeks = timedelta(days=2 * limits.trend_days - 1)

    def between(self, first: date, last: date) -> list[Morning]:
        """The check-ins of the days from `first` to `last` (inclusive)."""
        return self.days[bisect_left(self._dates, first) : bisect_right(self._dates, last)]

    def baseline(self, day: date, test: str | None = None) -> Baseline:
        """`baseline` of `day`, from the days before it."""
        end = bisect_left(self._dates, day)
        start = min(end, bisect_left(self._dates, day - self._baseline_days))
        rests = self._rest.scores(start, end)
        loads = self._load_tests(test).scores(start, end)
        return Baseline(
            rest=median(rests) if rests else None,
            load_test=median(loads) if loads else None,
            mornings=end - start,
        )

    def judge(self, morning: Morning) -> MorningVerdict:
        """`judge_morning`, against the days before the morning's."""
        limits = self.limits
        base = self.baseline(morning.day, morning.test)
        candidates: list[tuple[str, int, float | None]] = [("rest", morning.rest, base.rest)]
        if morning.load_test is not None:
            candidates.append(("load test", morning.load_test, base.load_test))
        over = over_limit(morning, limits)
        over_names = {item.measure for item in over}

        def severity(item: tuple[str, int, float | None]) -> tuple[int, bool, int]:
            name, score, reference = item
            rank = _RANK[_relative(score, reference, limits)]
            return (rank, name in over_names, score)

        name, score, reference = max(candidates, key=severity)
        response = _relative(score, reference, limits)
        trend = self._worsening(morning)
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

    def judged(self, first: date, last: date) -> list[tuple[Morning, MorningVerdict]]:
        """`judged_days` from `first` to `last` (inclusive)."""
        return [(morning, self.judge(morning)) for morning in self.between(first, last)]

    def flare(self, morning: Morning) -> bool:
        """Whether `judge` calls the morning a flare, without working out its trend: a flare
        comes from a score against its baseline alone (a trend only makes it worsening)."""
        base = self.baseline(morning.day, morning.test)
        if _relative(morning.rest, base.rest, self.limits) is Response.FLARE:
            return True
        return (
            morning.load_test is not None
            and _relative(morning.load_test, base.load_test, self.limits) is Response.FLARE
        )

    def blocking_days(self, first: date, last: date) -> tuple[list[date], list[date]]:
        """The days from `first` to `last` whose check-in `judge` calls a flare, and those it
        calls worsening, without the rest of each verdict (a flare outranks a trend)."""
        flares: list[date] = []
        worsening: list[date] = []
        for morning in self.between(first, last):
            if self.flare(morning):
                flares.append(morning.day)
            elif self._worsening(morning) is not None:
                worsening.append(morning.day)
        return flares, worsening

    def last_flare(self, last: date) -> date | None:
        """The latest day up to `last` whose check-in was a flare: read newest first, so a
        recent flare is found without judging the years before it."""
        for index in range(bisect_right(self._dates, last) - 1, -1, -1):
            if self.flare(self.days[index]):
                return self.days[index].day
        return None

    def _load_tests(self, test: str | None) -> _Series:
        series = self._loads.get(test)
        if series is None:
            series = _Series(
                [m.load_test if test is None or m.test == test else None for m in self.days]
            )
            self._loads[test] = series
        return series

    def _worsening(self, morning: Morning) -> Rise | None:
        """The largest rise of a weekly mean that reaches its threshold, if any: pain first
        (rest or the same load test), then stiffness. The morning itself ends the recent week."""
        limits = self.limits
        day = morning.day
        # The earlier week's days, then the recent week's up to the morning (none if no span).
        start = bisect_left(self._dates, day - self._both_weeks)
        middle = max(start, bisect_left(self._dates, day - self._recent_week))
        end = max(middle, bisect_left(self._dates, day))
        measures = (
            ("rest", self._rest, morning.rest, limits.trend_rise),
            ("load test", self._load_tests(morning.test), morning.load_test, limits.trend_rise),
            ("stiffness", self._stiffness, morning.stiffness, limits.stiffness_rise_min),
        )
        found: list[Rise] = []
        for name, series, today, threshold in measures:
            then_total, then_count, now_total, now_count = series.weeks(start, middle, end)
            if today is not None:
                now_total, now_count = now_total + today, now_count + 1
            if min(now_count, then_count) < limits.trend_min_mornings:
                continue
            before, now = _mean(then_total, then_count), _mean(now_total, now_count)
            # Rounded so that a rise of exactly the threshold is not lost to float error.
            if round(now - before, 6) >= threshold:
                found.append(Rise(name, before, now, limits.trend_days))
        if not found:
            return None
        pain = [rise for rise in found if rise.measure != "stiffness"]
        if pain:
            return max(pain, key=lambda rise: rise.now - rise.before)
        return found[0]


# -- internals ------------------------------------------------------------------------------


class _Series:
    """One measure's score on each day of a history (None: not recorded that day), with
    running totals and counts, so that a window's mean takes two subtractions."""

    def __init__(self, values: list[int | None]) -> None:
        self.values = values
        self.totals = list(accumulate((0 if v is None else v for v in values), initial=0))
        self.counts = list(accumulate((v is not None for v in values), initial=0))

    def scores(self, start: int, end: int) -> list[int]:
        """The scores recorded on the days from index `start` up to `end`."""
        return [v for v in self.values[start:end] if v is not None]

    def weeks(self, start: int, middle: int, end: int) -> tuple[int, int, int, int]:
        """The sum and the number of the scores on the days from index `start` up to
        `middle`, then from `middle` up to `end`: two weeks' means in one look."""
        totals, counts = self.totals, self.counts
        return (
            totals[middle] - totals[start],
            counts[middle] - counts[start],
            totals[end] - totals[middle],
            counts[end] - counts[middle],
        )


def _within(mornings: Sequence[Morning], first: date, before: date) -> list[Morning]:
    """The mornings from `first` up to `before`, in the order given: one cheap pass, so the
    weeks a verdict reads are taken from a long history without sorting all of it."""
    return [morning for morning in mornings if first <= morning.day < before]


def _mean(total: int, count: int) -> float:
    """statistics.mean of `count` whole scores adding up to `total`, without the exact
    fractions that cost more than the rest of a verdict: the same value and the same type
    (an int when the mean is whole)."""
    whole, remainder = divmod(total, count)
    return whole if remainder == 0 else total / count


def over_limit(morning: Morning, limits: PainThresholds) -> tuple[OverLimit, ...]:
    found = []
    if morning.rest >= limits.not_tolerating:
        found.append(OverLimit("rest", morning.rest, limits.not_tolerating))
    if morning.load_test is not None and morning.load_test >= limits.not_tolerating:
        found.append(OverLimit("load test", morning.load_test, limits.not_tolerating))
    if morning.stiffness is not None and morning.stiffness > limits.stiffness_max_min:
        found.append(OverLimit("stiffness", morning.stiffness, limits.stiffness_max_min))
    return tuple(found)


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


_ZONE_RANK = {Zone.GREEN: 0, Zone.AMBER: 1, Zone.RED: 2}
# Each response's place in RESPONSE_ORDER, least serious first.
_RANK = {response: rank for rank, response in enumerate(RESPONSE_ORDER)}
