"""What today still needs: an open red flag first, then the morning check-in, the exercises
with sets left, a run and an outcome measure. Each item says whether it is due now or only
worth knowing (a check-in missed, a rest day, all sets done, a run from a later day), read
through the journal at the journal's clock. For `sitbone due` and its reminders; no textual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from journal.entry import MORNING_ENDS
from journal.outcomes import due_names
from journal.program import rest_day
from journal.safety import open_flags
from rules.red_flags import blocking

if TYPE_CHECKING:
    from journal.journal import Journal


@dataclass(frozen=True)
class RedFlagDue:
    """An open red flag: due until a clinician has seen it and it is cleared."""

    id: str
    title: str
    urgency: str
    action: str
    blocks: bool  # emergency or urgent: no phase advance and no running meanwhile

    @property
    def due(self) -> bool:
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "urgency": self.urgency,
            "action": self.action,
            "blocks": self.blocks,
        }


@dataclass(frozen=True)
class CheckInDue:
    """Today's morning check-in, not logged yet: due until `until`, missed after it."""

    until: time
    missed: bool

    @property
    def due(self) -> bool:
        return not self.missed

    def as_json(self) -> dict[str, Any]:
        return {"due": self.due, "until": f"{self.until:%H:%M}", "missed": self.missed}


@dataclass(frozen=True)
class ExerciseLeft:
    id: str
    name: str
    sets_done: int  # today
    sets_planned: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "sets_done": self.sets_done,
            "sets_planned": self.sets_planned,
        }


@dataclass(frozen=True)
class ExercisesDue:
    """The phase's checklist today. On a rest day only the daily-safe exercises are due; the
    strength work with sets left waits in `resting`."""

    phase: int
    planned: int  # exercises in the phase's checklist
    left: tuple[ExerciseLeft, ...]
    resting: tuple[ExerciseLeft, ...] = ()
    rest_day: str | None = None  # the Exercises screen's advice, on a day the plan rests

    @property
    def due(self) -> bool:
        return bool(self.left)

    def as_json(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "phase": self.phase,
            "planned": self.planned,
            "left": [item.as_json() for item in self.left],
            "rest_day": self.rest_day,
            "resting": [item.as_json() for item in self.resting],
        }


@dataclass(frozen=True)
class RunDue:
    """The suggested next run, once running is unlocked: due from `not_before`."""

    program: str
    program_name: str
    stage: int
    not_before: date
    reason: str
    today: date

    @property
    def due(self) -> bool:
        return self.not_before <= self.today

    def as_json(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "program": self.program,
            "program_name": self.program_name,
            "stage": self.stage,
            "not_before": self.not_before.isoformat(),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class OutcomeDue:
    """Outcome measures due at a point of the schedule (week `week`, until `until`)."""

    week: int
    until: date
    kinds: tuple[str, ...]  # "visa-h", "sitting"
    names: str  # as in a sentence: "VISA-H and sitting test"

    @property
    def due(self) -> bool:
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "week": self.week,
            "until": self.until.isoformat(),
            "measures": list(self.kinds),
        }


DueItem = RedFlagDue | CheckInDue | ExercisesDue | RunDue | OutcomeDue
Item = TypeVar("Item", RedFlagDue, CheckInDue, ExercisesDue, RunDue, OutcomeDue)


@dataclass(frozen=True)
class Due:
    at: datetime
    profile: bool  # False: nothing is asked before the person has set up
    items: tuple[DueItem, ...]  # most urgent first: red flags, check-in, exercises, run, outcome

    @property
    def pending(self) -> tuple[DueItem, ...]:
        """The items due now, in order."""
        return tuple(item for item in self.items if item.due)

    def first(self, kind: type[Item]) -> Item | None:
        """The item of `kind`, if there is one (each kind but red flags comes once)."""
        return next((item for item in self.items if isinstance(item, kind)), None)


def what_is_due(journal: Journal) -> Due:
    """Everything today asks for at the journal's clock, due now or not (see `Due.pending`)."""
    now = journal.now()
    profile = journal.profile()
    if profile is None:
        return Due(now, profile=False, items=())
    items: list[DueItem] = [
        RedFlagDue(flag.id, flag.title, flag.urgency, flag.action, bool(blocking([flag])))
        for flag in open_flags(profile, journal.library)
    ]
    check_in = _check_in(journal, now)
    if check_in is not None:
        items.append(check_in)
    items.append(_exercises(journal))
    run = _run(journal)
    if run is not None:
        items.append(run)
    measures = journal.due_outcomes()
    if measures:
        point = measures[0].point
        kinds = tuple(measure.kind for measure in measures)
        items.append(OutcomeDue(point.week, point.last, kinds, due_names(measures)))
    return Due(now, profile=True, items=tuple(items))


def _check_in(journal: Journal, now: datetime) -> CheckInDue | None:
    today = now.date()
    entries = journal.pain_entries(since=today)
    if any(e.context == "morning" and e.at.date() == today for _, e in entries):
        return None
    return CheckInDue(until=MORNING_ENDS, missed=now.time() >= MORNING_ENDS)


def _exercises(journal: Journal) -> ExercisesDue:
    state = journal.program()
    checklist = journal.library.phase_exercises(state.phase.number)
    done = state.done_today()
    left = [
        ExerciseLeft(e.id, e.name, done[e.id][1].sets if e.id in done else 0, e.dosage.sets)
        for e in checklist
    ]
    left = [item for item in left if item.sets_done < item.sets_planned]
    advice = rest_day(state, journal.library, state.today)
    if advice is None:
        return ExercisesDue(state.phase.number, len(checklist), tuple(left))
    # The advice rests strength work only: the daily-safe isometrics and stretches go on.
    daily = {e.id for e in checklist if e.daily_ok}
    return ExercisesDue(
        state.phase.number,
        len(checklist),
        left=tuple(item for item in left if item.id in daily),
        resting=tuple(item for item in left if item.id not in daily),
        rest_day=advice,
    )


def _run(journal: Journal) -> RunDue | None:
    """None while running is locked, refused (an open red flag says why) or complete."""
    state = journal.running()
    if not state.unlocked or state.refusal or state.next.complete:
        return None
    upcoming = state.next
    return RunDue(
        state.program.id,
        state.program.name,
        upcoming.stage,
        upcoming.not_before,
        upcoming.reason,
        journal.today(),
    )


def due_json(due: Due) -> dict[str, Any]:
    """The same data by name: each kind under its own key (null when it has nothing to say)."""
    check_in, exercises = due.first(CheckInDue), due.first(ExercisesDue)
    run, outcome = due.first(RunDue), due.first(OutcomeDue)
    return {
        "at": due.at.isoformat(),
        "profile": due.profile,
        "due": bool(due.pending),
        "red_flags": [item.as_json() for item in due.items if isinstance(item, RedFlagDue)],
        "check_in": check_in and check_in.as_json(),
        "exercises": exercises and exercises.as_json(),
        "run": run and run.as_json(),
        "outcome": outcome and outcome.as_json(),
    }
