"""The records sitbone keeps. Validation lives here, so nothing invalid reaches the file."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

Side = Literal["left", "right", "both"]
PainContext = Literal["morning", "after-exercise", "after-run", "evening", "other"]
Chair = Literal["hard", "soft", "car"]
Aggravator = Literal[
    "sitting", "speed-work", "hills", "stretching", "deep-hip-flexion", "long-run", "other"
]

Score = Annotated[int, Field(ge=0, le=10, strict=True)]
Minutes = Annotated[int, Field(ge=0, le=1440, strict=True)]
Reps = Annotated[int, Field(ge=0, le=500, strict=True)]


def _local(value: datetime) -> datetime:
    # Times are the person's local wall-clock time; mixing in zone-aware ones breaks ordering.
    if value.tzinfo is not None:
        raise ValueError("give a local time without a time zone")
    return value


LocalTime = Annotated[datetime, AfterValidator(_local)]


def _today(info: ValidationInfo) -> date:
    """Validation takes 'today' from the context so tests and the CLI can pass their clock."""
    context = info.context or {}
    today = context.get("today")
    return today if isinstance(today, date) else date.today()


def _not_future(value: datetime, info: ValidationInfo) -> datetime:
    if value.date() > _today(info):
        raise ValueError("the date is in the future")
    return value


# When something happened: local time, never after today.
PastTime = Annotated[datetime, AfterValidator(_local), AfterValidator(_not_future)]


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
        if value > _today(info):
            raise ValueError("symptoms cannot begin in the future")
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


class RunSession(Record):
    """A walk/run session: from the timer, or logged by hand after a watch or treadmill run."""

    at: PastTime
    program: Annotated[str, Field(min_length=1, max_length=60)]
    stage: Annotated[int, Field(ge=1, le=50, strict=True)]
    completed: bool
    seconds_done: Annotated[int, Field(ge=0, le=86400, strict=True)]
    pain_during: Score | None = None


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

    @model_validator(mode="after")
    def _reps_or_hold(self) -> ExerciseSession:
        if self.reps is not None and self.hold_s is not None:
            raise ValueError("give reps or a hold time, not both")
        return self


RECORD_TABLES: dict[str, type[Record] | None] = {
    "profile": Profile,
    "pain": PainEntry,
    "exercise_sessions": ExerciseSession,
    "runs": RunSession,
    "phase_history": PhaseChange,
}
