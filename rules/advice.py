"""One-line verdicts after a pain entry: the reason, the numbers and what to do, from the pain
rules. Every entry is judged on all its scores; a morning check-in also on its 24-hour
response, its absolute limits and the trend of the weeks before."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    MorningHistory,
    MorningVerdict,
    PainThresholds,
    Response,
    Zone,
    reach,
    worst_zone,
)
from rules.summary import phase_on
from store.records import PainEntry, PhaseChange

HOLD = "hold today's load; if it is not back to baseline tomorrow, step back"
FLARE = (
    "a flare: hold or reduce load for 24-48 h rather than stopping; "
    "see a clinician if high pain lasts several days"
)
WORSENING = (
    "hold or reduce load (fewer sets, less range or weight) until the mornings settle; "
    "no run passes and no gate opens meanwhile"
)
NOT_TOLERATING = (
    "not tolerating the load: ease today's load (fewer sets, less range or weight); "
    "no run passes and no gate criterion is met on such a morning"
)
ZONE_ADVICE = {
    Zone.GREEN: "safe: carry on with your plan",
    Zone.AMBER: "acceptable if it settles by tomorrow morning",
    Zone.RED: "too much: ease off today and check tomorrow morning's response",
}
OFF_MORNING_TEST = (
    "A load test outside the morning is kept, but the gates and the 24-hour response read "
    "the morning check-in's."
)


@dataclass(frozen=True)
class LoadTests:
    """Which load test each phase uses and when the phase changed: the test a check-in did.
    Baselines and trends compare only mornings of the same test, since a harder test may read
    higher without the tendon being any worse."""

    by_phase: Mapping[int, str]
    changes: Sequence[PhaseChange]  # oldest first

    def on(self, at: datetime) -> str:
        return self.by_phase.get(phase_on(self.changes, at), "")


def as_morning(entry: PainEntry, tests: LoadTests | None = None) -> Morning:
    return Morning(
        day=entry.at.date(),
        rest=entry.rest,
        load_test=entry.load_test,
        stiffness=entry.stiffness_min,
        test=tests.on(entry.at) if tests else "",
    )


def mornings(entries: Sequence[PainEntry], tests: LoadTests | None = None) -> list[Morning]:
    return [as_morning(entry, tests) for entry in entries if entry.context == "morning"]


def mornings_between(
    entries: Sequence[PainEntry], first: date, last: date, tests: LoadTests | None = None
) -> list[Morning]:
    """The morning check-ins from `first` to `last` (inclusive), in the order given: only the
    window's entries are made into mornings, so a rule reading a few weeks of a long history
    does not convert all of it."""
    return [
        as_morning(entry, tests)
        for entry in entries
        if entry.context == "morning" and first <= entry.at.date() <= last
    ]


def judge_check_in(
    entry: PainEntry,
    history: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> MorningVerdict:
    """The 24-hour response of a morning check-in, against the mornings before its day."""
    day = entry.at.date()
    earlier = mornings_between(history, day - reach(limits), day - timedelta(days=1), tests)
    return MorningHistory(earlier, limits).judge(as_morning(entry, tests))


@dataclass(frozen=True)
class Judgement:
    """How one entry reads: its zone (the worst of its scores), the 24-hour response and the
    full verdict (morning check-ins only), and the one-line verdict."""

    zone: Zone
    response: Response | None
    line: str
    verdict: MorningVerdict | None = None

    @property
    def tolerating(self) -> bool:
        return self.verdict is None or self.verdict.tolerating


def judge(
    entry: PainEntry,
    history: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> Judgement:
    """The verdict for `entry`, judged against the other entries in `history`."""
    if entry.context == "morning":
        return _check_in_judgement(judge_check_in(entry, history, limits, tests), limits)
    return _scores_judgement(entry.rest, entry.load_test, entry.activity, limits)


def _check_in_judgement(verdict: MorningVerdict, limits: PainThresholds) -> Judgement:
    return Judgement(verdict.worst_zone, verdict.response, morning_line(verdict, limits), verdict)


def _scores_judgement(
    rest: int, load_test: int | None, activity: int | None, limits: PainThresholds
) -> Judgement:
    """An entry outside the morning check-in: read on its scores alone."""
    measures = [("Rest", rest)]
    if load_test is not None:
        measures.append(("Load test", load_test))
    if activity is not None:
        measures.append(("Pain during activity", activity))
    name, score = max(measures, key=lambda item: item[1])
    found = worst_zone([score for _, score in measures], limits)
    line = f"{name} {score}/10, {found.colour}: {ZONE_ADVICE[found]}."
    if load_test is not None:
        line += " " + OFF_MORNING_TEST
    return Judgement(found, None, line)


def verdict_line(
    entry: PainEntry,
    history: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> str:
    return judge(entry, history, limits, tests).line


def morning_line(verdict: MorningVerdict, limits: PainThresholds = DEFAULT_LIMITS) -> str:
    """One line for a morning check-in: the deciding score, the numbers behind the response
    and what to do."""
    head = f"{verdict.measure.capitalize()} {verdict.score}/10, {verdict.worst_zone.colour}"
    base = _number(verdict.base)
    if verdict.response is Response.FLARE:
        if verdict.rise is not None and verdict.rise >= limits.flare_margin:
            return f"{head}, {_number(verdict.rise)} above your baseline of {base}: {FLARE}."
        return f"{head} ({limits.flare_score} or more): {FLARE}."
    if verdict.response is Response.WORSENING and verdict.trend is not None:
        return f"{head}: worsening, {verdict.trend.describe()}: {WORSENING}."
    relative = {
        Response.UP_BY_ONE: f", 1 above your baseline of {base}",
        Response.SETTLED: f", at or below your baseline of {base}",
    }.get(verdict.response, ": no baseline yet (it comes from earlier morning check-ins)")
    if verdict.over_limit:
        over = " and ".join(
            f"{item.limit} or more" if item.measure == verdict.measure else item.describe()
            for item in verdict.over_limit
        )
        return f"{head}{relative}, but {over}: {NOT_TOLERATING}."
    if verdict.response is Response.UP_BY_ONE:
        return f"{head}{relative}: {HOLD}."
    if verdict.response is Response.SETTLED:
        return f"{head}{relative}: settled; carry on with your plan."
    return f"{head}{relative}; {ZONE_ADVICE[verdict.worst_zone]}."


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def judge_all(
    entries: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> list[Judgement]:
    """Judge every entry (oldest first), each as `judge` would against the entries around it:
    the mornings are made ready once, so each verdict reads only the weeks it needs."""
    checks = [as_morning(entry, tests) if entry.context == "morning" else None for entry in entries]
    history = MorningHistory([morning for morning in checks if morning is not None], limits)
    # Entries outside the morning read on their scores alone: the same scores, the same verdict.
    by_scores: dict[tuple[int, int | None, int | None], Judgement] = {}
    judgements = []
    for entry, morning in zip(entries, checks, strict=True):
        if morning is not None:
            judgements.append(_check_in_judgement(history.judge(morning), limits))
            continue
        scores = (entry.rest, entry.load_test, entry.activity)
        if scores not in by_scores:
            by_scores[scores] = _scores_judgement(*scores, limits)
        judgements.append(by_scores[scores])
    return judgements
