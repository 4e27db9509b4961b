"""Return-to-run progression: how a session went, and which stage comes next and when.

Plain Python with no I/O; `today` is passed in. A session passes when it was completed after
the stage's rest days, pain during it was green (3 or less) and the next morning's check-in is
settled and tolerating (below the absolute limits; with no baseline yet, green on its own
numbers). Amber (pain 4-5 during, a next morning up by 1 or not tolerating) or a session too
soon after the last repeats the stage; red (pain 6+ during, a flare or worsening next morning)
steps back one stage and rests 48 hours. A stage does not move up in the week after a phase
change, so running and strength work do not both rise at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    MorningHistory,
    MorningVerdict,
    PainThresholds,
    Response,
    Zone,
    judge_morning,
)

RED_REST = timedelta(hours=48)
HOLD_DAYS = 7  # default: no stage moves up in the week after a phase change
DURING = "during the run"  # a pain finding's words; a step back adds the run's day to them


class Outcome(Enum):
    PASS = ("pass", "green")
    REPEAT = ("repeat", "amber")
    STEP_BACK = ("step back", "red")
    PENDING = ("waiting", "")  # the next morning's check-in is still to come

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def colour(self) -> str:
        return self.value[1]


SEVERITY = (Outcome.PASS, Outcome.PENDING, Outcome.REPEAT, Outcome.STEP_BACK)


@dataclass(frozen=True)
class RunFacts:
    """What progression needs to know about one session."""

    at: datetime
    stage: int
    completed: bool
    pain_during: int | None


@dataclass(frozen=True)
class StagePlan:
    """A stage's rules from the program: rest days before the next session."""

    stage: int
    rest_days: int


@dataclass(frozen=True)
class RunVerdict:
    outcome: Outcome
    reason: str  # every finding that kept it from passing, worst first; or why it passed


@dataclass(frozen=True)
class TooSoon:
    """A session inside the rest window after the one before: `taken` of `needed` rest days."""

    taken: int
    needed: int

    def describe(self) -> str:
        if self.taken < 0:
            return "too soon: the same day as the session before"
        return f"too soon: {self.taken} of {self.needed} rest {_days(self.needed)}"


@dataclass(frozen=True)
class NextRun:
    stage: int
    reason: str
    not_before: date
    passes: int  # passed sessions at this stage so far
    complete: bool = False  # the last stage is passed: the program is done

    def too_soon(self, day: date) -> str | None:
        """A warning when `day` is before the rest is over (the run is still allowed)."""
        if day >= self.not_before:
            return None
        # Counted as days from `day`, not days of rest: on the day of a run, that day is not
        # a rest day, and a stage with no rest days still has the next day as its first.
        days = (self.not_before - day).days
        when = "tomorrow" if days == 1 else f"in {days} days"
        return (
            f"Too soon: the next run is due from {self.not_before:%a %d %b} ({when}). You may "
            "still run, but a session before then cannot pass: the time between sessions "
            "lets the tendon show its response."
        )

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "reason": self.reason,
            "not_before": self.not_before.isoformat(),
        }


@dataclass(frozen=True)
class Progress:
    """Every session's verdict (in the order given) and the suggested next session."""

    verdicts: list[RunVerdict]
    next: NextRun


def _days(count: int) -> str:
    return "day" if count == 1 else "days"


def next_morning(
    run: RunFacts, mornings: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> MorningVerdict | None:
    """The 24-hour response: the check-in on the day after the session, if logged."""
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
    """How one session went: the worst finding decides, and every finding is named."""
    return _verdict(run, next_morning(run, mornings, limits), today, limits, too_soon)


def _next_morning(run: RunFacts, history: MorningHistory) -> MorningVerdict | None:
    """`next_morning` from a history built once for all the runs."""
    day = run.at.date() + timedelta(days=1)
    on_day = history.between(day, day)
    return history.judge(on_day[0]) if on_day else None


def _verdict(
    run: RunFacts,
    morning: MorningVerdict | None,
    today: date,
    limits: PainThresholds,
    too_soon: TooSoon | None,
) -> RunVerdict:
    found = _findings(run, morning, limits, too_soon)
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
    # Waiting for the morning matters only while nothing else has decided the outcome.
    ordered = sorted(
        (item for item in found if worst is Outcome.PENDING or item[0] is not Outcome.PENDING),
        key=lambda item: -SEVERITY.index(item[0]),
    )
    return RunVerdict(worst, "; ".join(why for _, why in ordered))


def _findings(
    run: RunFacts,
    morning: MorningVerdict | None,
    limits: PainThresholds,
    too_soon: TooSoon | None,
) -> list[tuple[Outcome, str]]:
    """Everything that keeps a session from passing, each with the outcome it calls for."""
    found: list[tuple[Outcome, str]] = []
    pain = run.pain_during
    if pain is not None and pain > limits.amber_max:
        found.append((Outcome.STEP_BACK, f"pain {pain}/10 {DURING}"))
    elif pain is not None and pain > limits.green_max:
        found.append((Outcome.REPEAT, f"pain {pain}/10 {DURING} (amber)"))
    if morning is not None:
        found.extend(_morning_findings(morning, limits))
    if too_soon is not None:
        found.append((Outcome.REPEAT, too_soon.describe()))
    if not run.completed:
        found.append((Outcome.REPEAT, "the session was not completed"))
    if pain is None:
        found.append((Outcome.REPEAT, "no pain score for during the run"))
    if morning is None:
        day_after = run.at.date() + timedelta(days=1)
        found.append((Outcome.PENDING, f"waiting for the check-in on {day_after:%a %d %b}"))
    return found


def _morning_findings(morning: MorningVerdict, limits: PainThresholds) -> list[tuple[Outcome, str]]:
    scores = f"{morning.measure} {morning.score}"
    if morning.response is Response.FLARE:
        return [(Outcome.STEP_BACK, f"a flare the next morning ({scores})")]
    if morning.response is Response.WORSENING and morning.trend is not None:
        return [(Outcome.STEP_BACK, f"worsening the next morning ({morning.trend.describe()})")]
    found: list[tuple[Outcome, str]] = []
    if morning.response is Response.UP_BY_ONE:
        base = f"{morning.base:g}" if morning.base is not None else "-"
        found.append((Outcome.REPEAT, f"the next morning was up by 1 ({scores}, baseline {base})"))
    if morning.over_limit:
        over = " and ".join(item.describe() for item in morning.over_limit)
        found.append((Outcome.REPEAT, f"the next morning was not tolerating ({over})"))
    elif morning.response is Response.NO_BASELINE and morning.worst_zone is not Zone.GREEN:
        found.append(
            (
                Outcome.REPEAT,
                f"no baseline yet and the next morning was {morning.worst_zone.colour} ({scores})",
            )
        )
    return found


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
    """Judge a program's sessions in time order and suggest the next one.

    The stage follows what was actually run: a session at another stage (chosen by hand)
    becomes the stage being worked on. A session before the previous one's rest is over
    cannot pass. `phase_changes` are the days the phase moved up: for `hold_days` after each
    the stage holds (passes still count)."""
    if not stages:
        raise ValueError("a program needs at least one stage")
    last = len(stages)
    rest = {plan.stage: plan.rest_days for plan in stages}
    stage, passes, not_before = 1, 0, today
    reason = "No runs yet: the program starts at stage 1."
    complete = False
    held: date | None = None  # a move up waiting for the hold after a phase change to end
    previous: date | None = None
    order = sorted(range(len(runs)), key=lambda i: runs[i].at)
    # Built once: each run's next morning is then found and judged by bisection.
    history = MorningHistory(mornings, limits)
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
        verdict = _verdict(run, _next_morning(run, history), today, limits, too_soon)
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
    if history.days:
        # The last check-in of the latest day: a corrected check-in replaces the first.
        latest = history.days[-1]
        if latest.day == today:
            morning = history.judge(latest)
            if morning.blocking:
                not_before = max(not_before, today + timedelta(days=1))
                reason += f" Today's check-in is {_article(morning.response)}: no running today."
    upcoming = NextRun(stage, reason, not_before, passes, complete)
    return Progress([verdicts[i] for i in range(len(runs))], upcoming)


def _on_day(reason: str, when: str) -> str:
    """Findings tied to the run's day: 'pain 7/10 during the run on Fri 27 Nov', or, with no
    pain finding to carry it, 'a flare the next morning (...) after the run on Fri 27 Nov'."""
    if DURING in reason:
        return reason.replace(DURING, f"{DURING} on {when}", 1)
    return f"{reason} after the run on {when}"


def _article(response: Response) -> str:
    return "a flare" if response is Response.FLARE else "worsening"


def _hold_end(day: date, phase_changes: Sequence[date], hold_days: int) -> date | None:
    """The end of the hold covering `day`: `hold_days` after the latest phase change."""
    ends = [change + timedelta(days=hold_days) for change in phase_changes if change <= day]
    latest = max(ends, default=None)
    return latest if latest is not None and day < latest else None


def next_run(
    runs: Sequence[RunFacts],
    stages: Sequence[StagePlan],
    mornings: Sequence[Morning],
    today: date,
    passes_to_advance: int = 2,
    limits: PainThresholds = DEFAULT_LIMITS,
    phase_changes: Sequence[date] = (),
    hold_days: int = HOLD_DAYS,
) -> NextRun:
    """The suggested next session of a program from its sessions so far."""
    return progress(
        runs, stages, mornings, today, passes_to_advance, limits, phase_changes, hold_days
    ).next
