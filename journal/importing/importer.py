"""A run from an activity file, built and checked like any run (not yet saved), and the run
already recorded that it would repeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING

from journal.importing.activity import Activity
from journal.importing.laps import Stretch, stretches
from journal.importing.segments import completed, segments_done
from store.records import RunSession

if TYPE_CHECKING:
    from content.programs import RunProgram
    from journal.journal import Journal

# Two runs starting this close are one: exported twice (FIT and GPX), or timed by sitbone
# while the watch recorded it.
SAME_START = timedelta(minutes=1)


@dataclass(frozen=True)
class ImportedRun:
    run: RunSession
    walk_run: bool  # the laps showed walking and running
    as_planned: bool  # ... following the stage's plan


def imported_run(
    journal: Journal,
    activity: Activity,
    program: RunProgram,
    stage: int,
    *,
    pain: int | None = None,
    effort: str | None = None,
    note: str = "",
    for_clinician: bool = False,
    zone: tzinfo | None = None,
) -> ImportedRun:
    """The run `activity` records, at `stage` of `program` (pydantic's ValidationError names
    the field when it cannot be a run: a start in the future, a day-long time)."""
    now = journal.clock()
    plan = program.stage(stage).plan()
    found = stretches(activity.laps)
    done = found or [Stretch("run", activity.seconds)]
    segments, as_planned = segments_done(done, plan)
    fields = {
        "at": activity.local_start(zone),
        "program": program.id,
        "stage": stage,
        "completed": completed(activity.seconds, plan),
        "seconds_done": round(activity.seconds),
        "pain_during": pain,
        "effort": effort,
        "source": "import",
        "segments": segments,
        "note": note,
        "for_clinician": for_clinician,
        "import_id": activity.fingerprint,
    }
    run = RunSession.model_validate(fields, context={"today": now.date(), "now": now})
    return ImportedRun(run, walk_run=found is not None, as_planned=as_planned)


def earlier_import(journal: Journal, run: RunSession) -> str | None:
    """Why `run` would repeat a run already recorded (the same file, the same activity from
    another file, or the run the timer recorded), or None. A run logged by hand has no exact
    start, so it is never taken for this one (see `logged_by_hand`)."""
    for run_id, other in journal.runs():
        when = f"run {run_id} of {other.at:%Y-%m-%d %H:%M}"
        if other.import_id is not None and other.import_id == run.import_id:
            return f"imported already, as {when}"
        if abs(other.at - run.at) > SAME_START:
            continue
        if other.source == "import":
            return f"the same activity as {when}, imported already from another file"
        if other.source == "timer":
            return f"the timer recorded this run already, as {when}; delete that one to keep this"
    return None


def logged_by_hand(journal: Journal, run: RunSession) -> list[int]:
    """The ids of runs logged by hand on `run`'s day: perhaps this run, logged before."""
    day = run.at.date()
    return [i for i, other in journal.runs() if other.source == "manual" and other.at.date() == day]
