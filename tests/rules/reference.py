"""The rules as they were before they were made quick over a long history: plain code that
rebuilds what it needs for every verdict (each morning judged against every earlier one, each
run's next morning looked for in the whole history). Slow, and kept only as the reference the
quick rules must agree with (tests/rules/test_long_history.py)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import mean, median

from rules.advice import (
    OFF_MORNING_TEST,
    ZONE_ADVICE,
    Judgement,
    LoadTests,
    as_morning,
    morning_line,
    mornings,
)
from rules.criteria import Criterion
from rules.gates import GateFacts, GateResult, MorningWarning, _judge
from rules.pain import (
    DEFAULT_LIMITS,
    RESPONSE_ORDER,
    Baseline,
    Morning,
    MorningVerdict,
    PainThresholds,
    Response,
    Rise,
    _relative,
    latest_per_day,
    over_limit,
    worst_zone,
)
from rules.run import (
    HOLD_DAYS,
    RED_REST,
    SEVERITY,
    NextRun,
    Outcome,
    Progress,
    RunFacts,
    RunVerdict,
    StagePlan,
    TooSoon,
    _article,
    _findings,
    _hold_end,
    _on_day,
)
from rules.trends import PainTrend, TrendRange
from store.records import PainEntry

# -- pain -----------------------------------------------------------------------------------


def baseline(
    mornings: Sequence[Morning],
    day: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    test: str | None = None,
) -> Baseline:
    return _baseline(latest_per_day(mornings), day, limits, test)


def judge_morning(
    morning: Morning, earlier: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict:
    return _judge_morning(morning, latest_per_day(earlier), limits)


def judged_days(
    mornings: Sequence[Morning],
    first: date,
    last: date,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> list[tuple[Morning, MorningVerdict]]:
    ordered = latest_per_day(mornings)
    chosen = ordered[bisect_left(ordered, first, key=_day) : bisect_right(ordered, last, key=_day)]
    return [(morning, _judge_morning(morning, ordered, limits)) for morning in chosen]


def flare_days(
    mornings: Sequence[Morning], first: date, last: date, limits: PainThresholds = DEFAULT_LIMITS
) -> list[date]:
    return [
        morning.day
        for morning, verdict in judged_days(mornings, first, last, limits)
        if verdict.response is Response.FLARE
    ]


def _day(morning: Morning) -> date:
    return morning.day


def _between(ordered: Sequence[Morning], first: date, before: date) -> Sequence[Morning]:
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


def _judge_morning(
    morning: Morning, ordered: Sequence[Morning], limits: PainThresholds
) -> MorningVerdict:
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


def _worsening(morning: Morning, ordered: Sequence[Morning], limits: PainThresholds) -> Rise | None:
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
        if round(rise.now - rise.before, 6) >= threshold:
            found.append(rise)
    pain = [rise for rise in found if rise.measure != "stiffness"]
    if pain:
        return max(pain, key=lambda rise: rise.now - rise.before)
    return found[0] if found else None


# -- advice ---------------------------------------------------------------------------------


def judge(
    entry: PainEntry,
    history: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> Judgement:
    if entry.context == "morning":
        earlier = [m for m in mornings(history, tests) if m.day < entry.at.date()]
        verdict = judge_morning(as_morning(entry, tests), earlier, limits)
        return Judgement(
            verdict.worst_zone, verdict.response, morning_line(verdict, limits), verdict
        )
    measures = [("Rest", entry.rest)]
    if entry.load_test is not None:
        measures.append(("Load test", entry.load_test))
    if entry.activity is not None:
        measures.append(("Pain during activity", entry.activity))
    name, score = max(measures, key=lambda item: item[1])
    found = worst_zone([score for _, score in measures], limits)
    line = f"{name} {score}/10, {found.colour}: {ZONE_ADVICE[found]}."
    if entry.load_test is not None:
        line += " " + OFF_MORNING_TEST
    return Judgement(found, None, line)


def judge_all(
    entries: Sequence[PainEntry],
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> list[Judgement]:
    days = [entry.at.date() for entry in entries]
    span = timedelta(days=max(limits.baseline_days, 2 * limits.trend_days) + 1)
    judgements = []
    for entry, day in zip(entries, days, strict=True):
        start = bisect_left(days, day - span)
        end = bisect_right(days, day)
        judgements.append(judge(entry, entries[start:end], limits, tests))
    return judgements


# -- gates and trends -------------------------------------------------------------------------


def evaluate_gate(
    phase: int,
    next_phase: int | None,
    criteria: Sequence[Criterion],
    facts: GateFacts,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> GateResult:
    """Each criterion judged on every morning of the history (each judge is today's)."""
    every = latest_per_day(mornings(facts.entries, facts.tests))
    results = tuple(_judge(criterion, facts, every, limits) for criterion in criteria)
    return GateResult(phase, next_phase, results)


def recent_warning(
    entries: Sequence[PainEntry],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> MorningWarning | None:
    every = latest_per_day(mornings(entries, tests))
    judged = judged_days(every, today - timedelta(days=1), today, limits)
    found = [(m, v) for m, v in judged if v.blocking]
    if not found:
        return None
    morning, verdict = found[-1]
    when = "this morning" if morning.day == today else "yesterday morning"
    if verdict.response is Response.FLARE:
        advice = (
            f"Flare {when}: hold or reduce load for 24-48 h (fewer sets, less range or weight) "
            "rather than stopping; see a clinician if high pain lasts several days."
        )
    else:
        trend = verdict.trend.describe() if verdict.trend else "mornings rising"
        advice = (
            f"Worsening {when}: {trend}. Hold or reduce load (fewer sets, less range or "
            "weight) until the mornings settle; see a clinician if it keeps rising."
        )
    return MorningWarning(morning.day, verdict.response, advice)


def days_since_flare(
    entries: Sequence[PainEntry],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> int | None:
    every = latest_per_day(mornings(entries, tests))
    if not every:
        return None
    found = flare_days(every, every[0].day, today, limits)
    return (today - found[-1]).days if found else None


def pain_trend(
    entries: Sequence[PainEntry],
    window: TrendRange,
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    tests: LoadTests | None = None,
) -> PainTrend:
    every = latest_per_day(mornings(entries, tests))
    first = window.first_day(today, every[0].day if every else None)
    shown = [m for m in every if first <= m.day <= today]
    judged = judged_days(every, first, today, limits)
    return PainTrend(
        first,
        today,
        shown,
        [m.day for m, v in judged if v.response is Response.FLARE],
        [m.day for m, v in judged if v.response is Response.WORSENING],
    )


def daily_worst(entries: Sequence[PainEntry], today: date, days: int = 14) -> list[int | None]:
    by_day = {m.day: m for m in latest_per_day(mornings(entries))}
    values: list[int | None] = []
    for offset in range(days - 1, -1, -1):
        morning = by_day.get(today - timedelta(days=offset))
        if morning is None:
            values.append(None)
        else:
            values.append(max(morning.rest, morning.load_test or 0))
    return values


# -- running --------------------------------------------------------------------------------


def next_morning(
    run: RunFacts, mornings: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict | None:
    day = run.at.date() + timedelta(days=1)
    on_day = [m for m in mornings if m.day == day]
    if not on_day:
        return None
    return judge_morning(on_day[-1], mornings, limits)


def judge_run(
    run: RunFacts,
    mornings: Sequence[Morning],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
    too_soon: TooSoon | None = None,
) -> RunVerdict:
    found = _findings(run, next_morning(run, mornings, limits), limits, too_soon)
    day_after = run.at.date() + timedelta(days=1)
    if not found:
        return RunVerdict(
            Outcome.PASS, f"pain {run.pain_during}/10 during and a settled next morning"
        )
    worst = max((outcome for outcome, _ in found), key=SEVERITY.index)
    if worst is Outcome.PENDING and today > day_after:
        worst = Outcome.REPEAT
        found = [
            (Outcome.REPEAT, f"no morning check-in on {day_after:%a %d %b}")
            if outcome is Outcome.PENDING
            else (outcome, why)
            for outcome, why in found
        ]
    ordered = sorted(
        (item for item in found if worst is Outcome.PENDING or item[0] is not Outcome.PENDING),
        key=lambda item: -SEVERITY.index(item[0]),
    )
    return RunVerdict(worst, "; ".join(why for _, why in ordered))


def progress(
    runs: Sequence[RunFacts],
    stages: Sequence[StagePlan],
    mornings: Sequence[Morning],
    today: date,
    passes_to_advance: int = 2,
    limits: PainThresholds = DEFAULT_LIMITS,
    phase_changes: Sequence[date] = (),
    hold_days: int = HOLD_DAYS,
) -> Progress:
    if not stages:
        raise ValueError("a program needs at least one stage")
    last = len(stages)
    rest = {plan.stage: plan.rest_days for plan in stages}
    stage, passes, not_before = 1, 0, today
    reason = "No runs yet: the program starts at stage 1."
    complete = False
    held: date | None = None
    previous: date | None = None
    order = sorted(range(len(runs)), key=lambda i: runs[i].at)
    verdicts: dict[int, RunVerdict] = {}
    for index in order:
        run = runs[index]
        day = run.at.date()
        if held is not None and day >= held:
            stage, passes, held = stage + 1, 0, None
        ran = min(max(run.stage, 1), last)
        if ran != stage:
            stage, passes, complete, held = ran, 0, False, None
        too_soon = None
        if previous is not None and day < not_before:
            too_soon = TooSoon((day - previous).days - 1, (not_before - previous).days - 1)
        verdict = judge_run(run, mornings, today, limits, too_soon)
        verdicts[index] = verdict
        previous = day
        not_before = day + timedelta(days=rest.get(ran, 1) + 1)
        when = f"{day:%a %d %b}"
        if verdict.outcome is Outcome.PASS:
            passes += 1
            if passes >= passes_to_advance and stage < last:
                hold = _hold_end(day, phase_changes, hold_days)
                if hold is not None:
                    held = hold
                    reason = (
                        f"Stage {ran} passed {passes_to_advance} times (last on {when}); "
                        f"moving up waits until {hold:%a %d %b}, {hold_days} days after your "
                        "phase change, so running and strength work do not rise together."
                    )
                else:
                    stage, passes, held = stage + 1, 0, None
                    reason = (
                        f"Stage {ran} passed {passes_to_advance} times (last on {when}): "
                        f"move up to stage {stage}."
                    )
            elif passes >= passes_to_advance:
                complete = True
                reason = (
                    f"Stage {ran} passed {passes_to_advance} times: the program is complete. "
                    "Keep these easy runs; add strides next, then speed, and hills last."
                )
            else:
                reason = (
                    f"Stage {ran} passed on {when} ({passes} of {passes_to_advance}): "
                    "repeat it once more to move up."
                )
        elif verdict.outcome is Outcome.PENDING:
            if passes + 1 < passes_to_advance:
                then = f"if it is settled, that is pass {passes + 1} of {passes_to_advance}"
            elif ran < last:
                then = f"if it is settled, you move up to stage {ran + 1}"
            else:
                then = "if it is settled, the program is complete"
            reason = f"Stage {ran} on {when}: {verdict.reason}; {then}."
        elif verdict.outcome is Outcome.REPEAT:
            reason = f"Repeat stage {ran}: the run on {when}: {verdict.reason}."
        else:
            stage, passes, complete, held = max(ran - 1, 1), 0, False, None
            not_before = max(not_before, (run.at + RED_REST).date())
            reason = (
                f"Back to stage {stage}: {_on_day(verdict.reason, when)}. "
                "Rest 48 hours with low-impact work first."
            )
    if held is not None and today >= held:
        stage, passes = stage + 1, 0
        reason = (
            f"Stage {stage - 1} passed {passes_to_advance} times and the {hold_days} days "
            f"after your phase change are over: move up to stage {stage}."
        )
    if mornings:
        latest = latest_per_day(mornings)[-1]
        if latest.day == today:
            morning = judge_morning(latest, mornings, limits)
            if morning.blocking:
                not_before = max(not_before, today + timedelta(days=1))
                reason += f" Today's check-in is {_article(morning.response)}: no running today."
    upcoming = NextRun(stage, reason, not_before, passes, complete)
    return Progress([verdicts[i] for i in range(len(runs))], upcoming)
