"""Return-to-run progression: how a session went, and which stage comes next and when.

Plain Python with no I/O; `today` is passed in. A session passes when it was completed, pain
during it was green (3 or less) and the next morning's check-in shows no flare. Amber (pain
4-5 during, or the next morning up by 1) repeats the stage; red (pain 6+ during, or a flare
next morning) steps back one stage and rests 48 hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from rules.pain import (
    DEFAULT_LIMITS,
    Morning,
    PainThresholds,
    Response,
    judge_morning,
    latest_per_day,
)

RED_REST = timedelta(hours=48)


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
    reason: str


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
        days = (self.not_before - day).days
        return (
            f"Too soon: the next run is due from {self.not_before:%a %d %b} "
            f"({days} more {'day' if days == 1 else 'days'} of rest). You may still run; "
            "the rest days let the tendon show its response."
        )

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "reason": self.reason,
            "not_before": self.not_before.isoformat(),
        }


def next_morning(
    run: RunFacts, mornings: Sequence[Morning], limits: PainThresholds = DEFAULT_LIMITS
) -> Response | None:
    """The 24-hour response: the check-in on the day after the session, if logged."""
    day = run.at.date() + timedelta(days=1)
    on_day = [m for m in mornings if m.day == day]
    if not on_day:
        return None
    return judge_morning(on_day[-1], mornings, limits).response


def judge_run(
    run: RunFacts,
    mornings: Sequence[Morning],
    today: date,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> RunVerdict:
    """How one session went; the worst finding decides."""
    response = next_morning(run, mornings, limits)
    pain = run.pain_during
    day_after = run.at.date() + timedelta(days=1)
    if pain is not None and pain > limits.amber_max:
        return RunVerdict(Outcome.STEP_BACK, f"pain {pain}/10 during the run")
    if response is Response.FLARE:
        return RunVerdict(Outcome.STEP_BACK, "a flare the next morning")
    if pain is not None and pain > limits.green_max:
        return RunVerdict(Outcome.REPEAT, f"pain {pain}/10 during the run (amber)")
    if response is Response.UP_BY_ONE:
        return RunVerdict(Outcome.REPEAT, "the next morning was up by 1")
    if not run.completed:
        return RunVerdict(Outcome.REPEAT, "the session was stopped early")
    if pain is None:
        return RunVerdict(Outcome.REPEAT, "no pain score for during the run")
    if response is None:
        if today <= day_after:
            return RunVerdict(Outcome.PENDING, f"waiting for the check-in on {day_after:%a %d %b}")
        return RunVerdict(Outcome.REPEAT, f"no morning check-in on {day_after:%a %d %b}")
    return RunVerdict(Outcome.PASS, f"pain {pain}/10 during and a settled next morning")


def next_run(
    runs: Sequence[RunFacts],
    stages: Sequence[StagePlan],
    mornings: Sequence[Morning],
    today: date,
    passes_to_advance: int = 2,
    limits: PainThresholds = DEFAULT_LIMITS,
) -> NextRun:
    """The suggested next session of a program from its sessions so far (oldest first).

    The stage follows what was actually run: a session at another stage (chosen by hand)
    becomes the stage being worked on."""
    if not stages:
        raise ValueError("a program needs at least one stage")
    last = len(stages)
    rest = {plan.stage: plan.rest_days for plan in stages}
    stage, passes, not_before = 1, 0, today
    reason = "No runs yet: the program starts at stage 1."
    complete = False
    for run in sorted(runs, key=lambda r: r.at):
        ran = min(max(run.stage, 1), last)
        if ran != stage:
            stage, passes, complete = ran, 0, False
        verdict = judge_run(run, mornings, today, limits)
        day = run.at.date()
        not_before = day + timedelta(days=rest.get(ran, 1) + 1)
        when = f"{day:%a %d %b}"
        if verdict.outcome is Outcome.PASS:
            passes += 1
            if passes >= passes_to_advance and stage < last:
                stage, passes = stage + 1, 0
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
                after = f"if it is settled, that is pass {passes + 1} of {passes_to_advance}"
            elif ran < last:
                after = f"if it is settled, you move up to stage {ran + 1}"
            else:
                after = "if it is settled, the program is complete"
            reason = f"Stage {ran} on {when}: {verdict.reason}; {after}."
        elif verdict.outcome is Outcome.REPEAT:
            reason = f"Repeat stage {ran}: {verdict.reason} on {when}."
        else:
            stage, passes, complete = max(ran - 1, 1), 0, False
            not_before = max(not_before, (run.at + RED_REST).date())
            reason = (
                f"Back to stage {stage}: {verdict.reason} after the run on {when}. "
                "Rest 48 hours with low-impact work first."
            )
    if mornings:
        # The last check-in of the latest day: a corrected check-in replaces the first.
        latest = latest_per_day(mornings)[-1]
        if latest.day == today and judge_morning(latest, mornings, limits).response is (
            Response.FLARE
        ):
            not_before = max(not_before, today + timedelta(days=1))
            reason += " Today's check-in is a flare: no running today."
    return NextRun(stage, reason, not_before, passes, complete)
