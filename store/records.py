"""The records sitbone keeps. Validation lives here, so nothing invalid reaches the file."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

# Re-exported: the records' choices are part of what this module describes.
from store.vocabulary import Aggravator as Aggravator
from store.vocabulary import Chair as Chair
from store.vocabulary import Effort as Effort
from store.vocabulary import PainContext as PainContext
from store.vocabulary import SegmentKind as SegmentKind
from store.vocabulary import Side as Side

Score = Annotated[int, Field(ge=0, le=10, strict=True)]
Minutes = Annotated[int, Field(ge=0, le=1440, strict=True)]
Reps = Annotated[int, Field(ge=0, le=500, strict=True)]


# Dates sitbone accepts: from 2000 (nothing older is rehab being done now, and year-1 dates
# overflow date arithmetic) to the end of 2099.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def _not_before_2000(day: date) -> None:
    if day < EARLIEST:
        raise ValueError(f"the date is before {EARLIEST.isoformat()}")


def _not_after_2099(day: date) -> None:
    # Checked after "in the future", whose message says more; it matters when reading a file.
    if day > LATEST:
        raise ValueError(f"the date is after {LATEST.isoformat()}")


def _local(value: datetime) -> datetime:
    # Times are the person's local wall-clock time; mixing in zone-aware ones breaks ordering.
    if value.tzinfo is not None:
        raise ValueError("give a local time without a time zone")
    _not_before_2000(value.date())
    return value


def _in_this_century(value: datetime) -> datetime:
    _not_after_2099(value.date())
    return value


LocalTime = Annotated[datetime, AfterValidator(_local), AfterValidator(_in_this_century)]


# The validation context of records read back from the file: they were checked against the
# day they were written, and may lie after today's date now (a clock set back since).
STORED: dict[str, object] = {"stored": True}


def _now(info: ValidationInfo) -> datetime | None:
    """The validation context's "now" (a local datetime), if it has one."""
    now = (info.context or {}).get("now")
    return now if isinstance(now, datetime) and now.tzinfo is None else None


def _today(info: ValidationInfo) -> date:
    """Validation takes 'today' from the context so tests and the CLI can pass their clock:
    its "today" (a date), else the date of its "now", else the system's date. Records read
    back from the file are never in the future."""
    if info.context is STORED:
        return date.max
    context = info.context or {}
    today = context.get("today")
    if isinstance(today, datetime):
        return today.date()
    if isinstance(today, date):
        return today
    now = _now(info)
    return now.date() if now is not None else date.today()


def _not_future(value: datetime, info: ValidationInfo) -> datetime:
    if value.date() > _today(info):
        raise ValueError("the date is in the future")
    now = _now(info)
    if now is not None and value > now:
        raise ValueError("the time is later than now")
    return value


def _past_time(value: datetime, info: ValidationInfo) -> datetime:
    """Local time, from 2000 on, never after today (nor after the context's "now"), before
    2100; in that order, so the message names the first rule broken. One validator, not
    three: thousands of records are read back at start."""
    _local(value)
    if info.context is not STORED:
        _not_future(value, info)
    return _in_this_century(value)


# When something happened: local time, from 2000 on, never after today (nor after "now", when
# the validation context gives it).
PastTime = Annotated[datetime, AfterValidator(_past_time)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Profile(Record):
    injured_side: Side
    symptoms_began: date
    runs_now: bool
    # Ids of the red flags the person said apply; empty means they confirmed none does.
    red_flags: tuple[str, ...] = ()
    created: LocalTime
    updated: LocalTime

    @field_validator("symptoms_began")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        _not_before_2000(value)
        if value > _today(info):
            raise ValueError("symptoms cannot begin in the future")
        _not_after_2099(value)
        return value


class PainEntry(Record):
    at: PastTime
    context: PainContext = "other"
    rest: Score
    load_test: Score | None = None
    activity: Score | None = None
    stiffness_min: Minutes | None = None
    sitting_min: Minutes | None = None
    chair: Chair | None = None
    aggravators: tuple[Aggravator, ...] = ()
    note: Annotated[str, Field(max_length=2000)] = ""
    bridge_left: Reps | None = None
    bridge_right: Reps | None = None
    walk_min: Minutes | None = None
    for_clinician: bool = False  # the runner marked it for their physio's report

    @model_validator(mode="after")
    def _bridge_both_sides(self) -> PainEntry:
        if (self.bridge_left is None) != (self.bridge_right is None):
            raise ValueError("bridge reps need both sides (bridge_left and bridge_right)")
        return self


Phase = Annotated[int, Field(ge=1, le=4, strict=True)]


class PhaseChange(Record):
    """A deliberate move between phases, with the reason (an override or a step back)."""

    at: PastTime
    from_phase: Phase
    to_phase: Phase
    reason: Annotated[str, Field(max_length=500)] = ""
    overridden: bool = False


ProgramId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Stage = Annotated[int, Field(ge=1, le=50, strict=True)]
Seconds = Annotated[int, Field(ge=0, le=86400, strict=True)]


class SegmentDone(Record):
    """One segment of a walk/run session: planned and actually done (less when skipped)."""

    kind: SegmentKind
    planned_s: Annotated[int, Field(ge=1, le=86400, strict=True)]
    done_s: Seconds

    @model_validator(mode="after")
    def _not_over_plan(self) -> SegmentDone:
        if self.done_s > self.planned_s:
            raise ValueError("done_s cannot exceed planned_s")
        return self


class RunSession(Record):
    """A walk/run session: from the timer, or logged by hand after a watch or treadmill run."""

    at: PastTime  # when it began
    program: ProgramId
    stage: Stage
    completed: bool
    seconds_done: Seconds  # time moving, pauses left out
    pain_during: Score | None = None
    # "easy": could talk in full sentences (the target); "steady": a few words; "hard": none.
    effort: Effort | None = None
    source: Literal["timer", "manual", "import"] = "manual"
    # Segments done, in order, from the timer or a watch's laps (a run logged by hand has none).
    segments: tuple[SegmentDone, ...] = ()
    note: Annotated[str, Field(max_length=500)] = ""
    for_clinician: bool = False
    # The SHA-256 of an imported activity file, so the same file is not imported twice.
    import_id: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] | None = None

    @model_serializer(mode="wrap")
    def _import_id_only_when_imported(
        self, handler: SerializerFunctionWrapHandler
    ) -> dict[str, object]:
        # Most runs are not imported: they don't carry the key (in the file or any document).
        document: dict[str, object] = handler(self)
        if document.get("import_id", "") is None:
            del document["import_id"]
        return document


class ActiveRun(Record):
    """The timer's progress, saved as it runs so a dropped connection loses at most 30 s."""

    started: PastTime
    program: ProgramId
    stage: Stage
    index: Annotated[int, Field(ge=0, le=10000, strict=True)]  # the current segment
    # The current segment, kept here so the run can be saved even if its program is gone.
    kind: SegmentKind
    planned_s: Annotated[int, Field(ge=1, le=86400, strict=True)]
    position_s: Annotated[float, Field(ge=0, le=86400, allow_inf_nan=False)]  # into it
    done: tuple[SegmentDone, ...] = ()  # the segments before it
    # Seconds moved in segments restarted from their beginning (they still count as done).
    redone_s: Annotated[float, Field(ge=0, le=86400, allow_inf_nan=False)] = 0.0
    saved: LocalTime

    @model_validator(mode="after")
    def _within_segment(self) -> ActiveRun:
        if self.position_s > self.planned_s:
            raise ValueError("position_s cannot exceed planned_s")
        return self

    def seconds_done(self) -> float:
        return sum(segment.done_s for segment in self.done) + self.position_s + self.redone_s

    def as_partial(self) -> RunSession:
        """The session as stopped here: what was done, saved as not completed."""
        current = (
            (SegmentDone(kind=self.kind, planned_s=self.planned_s, done_s=round(self.position_s)),)
            if self.position_s >= 1
            else ()
        )
        fields = {
            "at": self.started,
            "program": self.program,
            "stage": self.stage,
            "completed": False,
            "seconds_done": round(self.seconds_done()),
            "source": "timer",
            "segments": (*self.done, *current),
        }
        # Checked against the day it was last saved, not the wall clock: it ran then.
        return RunSession.model_validate(fields, context={"today": self.saved.date()})


class RunUnlock(Record):
    """A deliberate choice to run before phase 4, with the reason; it holds until the phase
    changes."""

    at: PastTime
    phase: Phase
    reason: Annotated[str, Field(min_length=1, max_length=500)]


FlagId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]


class RedFlagChange(Record):
    """A change to the open red flags: flags raised, or flags a clinician has seen (cleared,
    with the reason). The profile holds the flags open now; these keep the history."""

    at: PastTime
    raised: tuple[FlagId, ...] = ()
    cleared: tuple[FlagId, ...] = ()
    reason: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _one_kind(self) -> RedFlagChange:
        if bool(self.raised) == bool(self.cleared):
            raise ValueError("a change raises flags or clears them, one of the two")
        if self.cleared and not self.reason.strip():
            raise ValueError("clearing red flags needs a reason")
        return self


class ExerciseSession(Record):
    """One exercise done: sets of reps or of timed holds, optional load and pain during.
    A day's sessions together make that day's training (what the phase gates count)."""

    at: PastTime
    exercise: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    phase: Phase
    sets: Annotated[int, Field(ge=1, le=50, strict=True)]
    reps: Annotated[int, Field(ge=1, le=500, strict=True)] | None = None
    hold_s: Annotated[int, Field(ge=1, le=3600, strict=True)] | None = None
    load_kg: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = None
    pain: Score | None = None
    note: Annotated[str, Field(max_length=500)] = ""
    for_clinician: bool = False

    @model_validator(mode="after")
    def _reps_or_hold(self) -> ExerciseSession:
        if self.reps is not None and self.hold_s is not None:
            raise ValueError("give reps or a hold time, not both")
        return self


OutcomeKind = Literal["visa-h", "sitting"]


class OutcomeMeasure(Record):
    """An outcome measure taken on its schedule: the VISA-H total (0-100, higher is better;
    only the total is kept, the items stay on the paper) or a sitting-tolerance test (minutes
    on a named chair until the pain begins, up to the test's limit)."""

    at: PastTime
    kind: OutcomeKind
    score: Annotated[int, Field(ge=0, le=100, strict=True)] | None = None
    sitting_min: Minutes | None = None
    chair: Chair | None = None
    note: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _fits_kind(self) -> OutcomeMeasure:
        if self.kind == "visa-h" and (self.score is None or self.sitting_min is not None):
            raise ValueError("a VISA-H measure is a score from 0 to 100, and only that")
        if self.kind == "sitting" and (
            self.sitting_min is None or self.chair is None or self.score is not None
        ):
            raise ValueError("a sitting test is minutes on a named chair (hard, soft or car)")
        return self


class Table(StrEnum):
    """The tables of the data file. The values are the names in the file (its format): a
    Table is a str, so `Table.PAIN == "pain"` and either can name a table."""

    PROFILE = "profile"
    PAIN = "pain"
    EXERCISE_SESSIONS = "exercise_sessions"
    RUNS = "runs"
    PHASE_HISTORY = "phase_history"
    ACTIVE_RUN = "active_run"
    RUN_UNLOCKS = "run_unlocks"
    RED_FLAG_HISTORY = "red_flag_history"
    OUTCOMES = "outcomes"


def table_named(name: str) -> Table:
    """The table called `name` (a Table, or its name in the file); ValueError for a name that
    is no table of sitbone's."""
    try:
        return Table(name)
    except ValueError:
        raise ValueError(f"sitbone has no table '{name}'") from None


# The model of each table's records, in the order tables are shown and exported (None: a table
# this version keeps but cannot read).
RECORD_TABLES: dict[Table, type[Record] | None] = {
    Table.PROFILE: Profile,
    Table.PAIN: PainEntry,
    Table.EXERCISE_SESSIONS: ExerciseSession,
    Table.RUNS: RunSession,
    Table.PHASE_HISTORY: PhaseChange,
    Table.ACTIVE_RUN: ActiveRun,
    Table.RUN_UNLOCKS: RunUnlock,
    Table.RED_FLAG_HISTORY: RedFlagChange,
    Table.OUTCOMES: OutcomeMeasure,
}
