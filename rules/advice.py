"""One-line verdicts after a pain entry: the reason and what to do, from the pain rules."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    MorningVerdict,
    PainThresholds,
    Response,
    Zone,
    judge_morning,
    zone,
)
from store.records import PainEntry

HOLD = "hold today's load; if it is not back to baseline tomorrow, step back"
FLARE = (
    "a flare: hold or reduce load for 24-48 h rather than stopping; "
    "see a clinician if high pain lasts several days"
)
ZONE_ADVICE = {
    Zone.GREEN: "safe: carry on with your plan",
    Zone.AMBER: "acceptable if it settles by tomorrow morning",
    Zone.RED: "too much: ease off today and check tomorrow morning's response",
}


def as_morning(entry: PainEntry) -> Morning:
    return Morning(day=entry.at.date(), rest=entry.rest, load_test=entry.load_test)


def mornings(entries: Sequence[PainEntry]) -> list[Morning]:
    return [as_morning(entry) for entry in entries if entry.context == "morning"]


def judge_check_in(
    entry: PainEntry, history: Sequence[PainEntry], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict:
    """The 24-hour response of a morning check-in, against the mornings before its day."""
    earlier = [m for m in mornings(history) if m.day < entry.at.date()]
    return judge_morning(as_morning(entry), earlier, limits)


def verdict_line(
    entry: PainEntry, history: Sequence[PainEntry], limits: PainThresholds = DEFAULT_LIMITS
) -> str:
    """The verdict for `entry`, judged against the other entries in `history`."""
    if entry.context == "morning":
        return _morning_line(judge_check_in(entry, history, limits), limits)
    measures = [("Rest", entry.rest)]
    if entry.activity is not None:
        measures.append(("Pain during activity", entry.activity))
    name, score = max(measures, key=lambda item: item[1])
    found = zone(score, limits)
    return f"{name} {score}/10, {found.colour}: {ZONE_ADVICE[found]}."


def _morning_line(verdict: MorningVerdict, limits: PainThresholds) -> str:
    head = (
        f"{verdict.measure.capitalize()} {verdict.score}/10, {zone(verdict.score, limits).colour}"
    )
    base = _number(verdict.base)
    if verdict.response is Response.FLARE:
        if verdict.rise is not None and verdict.rise >= limits.flare_margin:
            return f"{head}, {_number(verdict.rise)} above your baseline of {base}: {FLARE}."
        return f"{head} ({limits.flare_score} or more): {FLARE}."
    if verdict.response is Response.UP_BY_ONE:
        return f"{head}, 1 above your baseline of {base}: {HOLD}."
    if verdict.response is Response.SETTLED:
        return f"{head}, at or below your baseline of {base}: settled; carry on with your plan."
    return (
        f"{head}: no baseline yet (it comes from earlier morning check-ins); "
        f"{ZONE_ADVICE[zone(verdict.score, limits)]}."
    )


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


@dataclass(frozen=True)
class Judgement:
    """How one entry reads: its zone, the 24-hour response (morning check-ins only) and the
    one-line verdict."""

    zone: Zone
    response: Response | None
    line: str


def judge(
    entry: PainEntry, history: Sequence[PainEntry], limits: PainThresholds = DEFAULT_LIMITS
) -> Judgement:
    line = verdict_line(entry, history, limits)
    if entry.context == "morning":
        verdict = judge_check_in(entry, history, limits)
        return Judgement(verdict.worst_zone, verdict.response, line)
    worst = max(entry.rest, entry.activity or 0)
    return Judgement(zone(worst, limits), None, line)


def judge_all(
    entries: Sequence[PainEntry], limits: PainThresholds = DEFAULT_LIMITS
) -> list[Judgement]:
    """Judge every entry (oldest first); each sees only the days its baseline needs, so a long
    history stays quick."""
    days = [entry.at.date() for entry in entries]
    span = timedelta(days=limits.baseline_days + 1)
    judgements = []
    for entry, day in zip(entries, days, strict=True):
        start = bisect_left(days, day - span)
        end = bisect_right(days, day)
        judgements.append(judge(entry, entries[start:end], limits))
    return judgements
