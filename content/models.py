"""The shapes content files must have; a clinician can edit the files, these keep them sound."""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from rules.criteria import Criterion
from rules.outcomes import OutcomeSchedule
from rules.pain import PainThresholds
from rules.text import plain_text

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

DISCLAIMER = (
    "Education, not a diagnosis: this page explains what the sources say about PHT. "
    "It cannot tell what is wrong with you; a physiotherapist or doctor can."
)


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        # Content is shown in a terminal: a control character could rewrite it.
        return plain_text(value)


class LearnPage(Content):
    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    order: int
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    keywords: tuple[Line, ...] = ()
    sources: Annotated[tuple[Line, ...], Field(min_length=1)]
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

    def as_markdown(self) -> str:
        """The page as shown: title, the education notice, the body, then its sources."""
        sources = "\n".join(f"- {source}" for source in self.sources)
        return f"# {self.title}\n\n> {DISCLAIMER}\n\n{self.body}\n\n## Sources\n\n{sources}\n"

    def matches(self, query: str) -> bool:
        """True when every word of `query` starts a word of the title, summary, keywords or body."""
        haystack = " ".join((self.title, self.summary, " ".join(self.keywords), self.body))
        return all(
            re.search(rf"\b{re.escape(word)}", haystack, re.IGNORECASE)
            for word in re.findall(r"\w+", query)
        )


class RedFlag(Content):
    id: Slug
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    title: Line
    detail: Line
    urgency: Literal["emergency", "urgent", "see-clinician"]
    action: Line


class LoadTest(Content):
    """The daily morning load test: 3 reps on the painful side, pain rated 0-10. It moves into
    more hip flexion as phases advance; baselines compare only mornings of the same test."""

    id: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    how: Line


class PhaseInfo(Content):
    number: Annotated[int, Field(ge=1, le=4)]
    name: Line
    aim: Line
    load_test: LoadTest
    # What running to keep in this phase, for a runner who is still running.
    running: Line
    # Exercise ids for this phase, in checklist order (checked against the library on load).
    exercises: tuple[Slug, ...] = ()
    # The exit gate: every criterion must hold to move on. The last phase has none.
    gate: tuple[Annotated[Criterion, Field(discriminator="kind")], ...] = ()

    @model_validator(mode="after")
    def _one_of_each_kind(self) -> PhaseInfo:
        kinds = [criterion.kind for criterion in self.gate]
        repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if repeated:
            raise ValueError(f"a gate may hold each kind of criterion once: {repeated}")
        return self


class Dosage(Content):
    """How much: sets of reps or of timed holds, with tempo, load guidance and rest."""

    sets: Annotated[int, Field(ge=1, le=20)]
    reps: Annotated[int, Field(ge=1, le=100)] | None = None
    hold_s: Annotated[int, Field(ge=1, le=600)] | None = None
    per_side: bool = False
    tempo: Line
    load: Line
    rest_s: Annotated[int, Field(ge=0, le=600)]

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Dosage:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("give either reps or hold_s, not both and not neither")
        return self

    def describe(self) -> str:
        amount = f"{self.reps} reps" if self.reps is not None else f"{self.hold_s} s holds"
        side = " each side" if self.per_side else ""
        return f"{self.sets} x {amount}{side}"


class Exercise(Content):
    id: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    # Phases the exercise belongs to; empty means in the library but in no phase's plan.
    phases: tuple[Annotated[int, Field(ge=1, le=4)], ...]
    dosage: Dosage
    days_per_week: Annotated[int, Field(ge=1, le=7)]
    equipment: tuple[Line, ...] = ()
    how_to: Annotated[tuple[Line, ...], Field(min_length=1)]
    cues: Annotated[tuple[Line, ...], Field(min_length=1)]
    avoid: Annotated[tuple[Line, ...], Field(min_length=1)]
    # Why the exercise is kept out of some phases, or any other caution worth a line.
    caution: str = ""
    sources: Annotated[tuple[Line, ...], Field(min_length=1)]
    # Isometrics may be done daily; other strength work wants a rest day between.
    daily_ok: bool = False


class PainZone(Content):
    name: Literal["green", "amber", "red"]
    label: Line
    up_to: Annotated[int, Field(ge=0, le=10)]


class TrendSettings(Content):
    """Worsening: the mean of the last `days` days' mornings against the `days` before."""

    days: Annotated[int, Field(ge=3, le=28)]
    rise: Annotated[float, Field(gt=0, le=10)]
    stiffness_rise_min: Annotated[int, Field(ge=1, le=240)]
    min_mornings: Annotated[int, Field(ge=1, le=28)]

    @model_validator(mode="after")
    def _enough_days(self) -> TrendSettings:
        if self.min_mornings > self.days:
            raise ValueError("min_mornings cannot be more than days")
        return self


class PainModelSettings(Content):
    zones: Annotated[tuple[PainZone, ...], Field(min_length=3, max_length=3)]
    baseline_days: Annotated[int, Field(ge=1, le=28)]
    flare_margin: Annotated[int, Field(ge=1, le=10)]
    flare_score: Annotated[int, Field(ge=1, le=10)]
    not_tolerating: Annotated[int, Field(ge=1, le=10)]
    stiffness_max_min: Annotated[int, Field(ge=0, le=1440)]
    trend: TrendSettings

    @model_validator(mode="after")
    def _zones_in_order(self) -> PainModelSettings:
        names = [zone.name for zone in self.zones]
        bounds = [zone.up_to for zone in self.zones]
        if names != ["green", "amber", "red"]:
            raise ValueError("zones must be green, amber, red in that order")
        if not bounds[0] < bounds[1] < bounds[2] == 10:
            raise ValueError("zone bounds must rise and the red zone must end at 10")
        if self.not_tolerating > self.flare_score:
            raise ValueError("not_tolerating cannot be above flare_score")
        return self

    def thresholds(self) -> PainThresholds:
        return PainThresholds(
            green_max=self.zones[0].up_to,
            amber_max=self.zones[1].up_to,
            baseline_days=self.baseline_days,
            flare_margin=self.flare_margin,
            flare_score=self.flare_score,
            not_tolerating=self.not_tolerating,
            stiffness_max_min=self.stiffness_max_min,
            trend_days=self.trend.days,
            trend_rise=self.trend.rise,
            stiffness_rise_min=self.trend.stiffness_rise_min,
            trend_min_mornings=self.trend.min_mornings,
        )


class OutcomeSettings(Content):
    """The outcome measures' schedule and the sitting test's limit (content/outcomes.yaml)."""

    schedule_weeks: Annotated[
        tuple[Annotated[int, Field(ge=0, le=520)], ...], Field(min_length=1, max_length=20)
    ]
    taken_early_days: Annotated[int, Field(ge=0, le=28)]
    last_open_weeks: Annotated[int, Field(ge=1, le=104)]
    sitting_limit_min: Annotated[int, Field(ge=5, le=240)]

    @model_validator(mode="after")
    def _weeks_rise_from_0(self) -> OutcomeSettings:
        weeks = self.schedule_weeks
        if weeks[0] != 0 or any(a >= b for a, b in itertools.pairwise(weeks)):
            raise ValueError("schedule_weeks must start at 0 and rise")
        # Else a measure taken early could count for a week before the one it was meant for.
        gaps = [7 * (b - a) for a, b in itertools.pairwise(weeks)]
        if gaps and self.taken_early_days >= min(gaps):
            raise ValueError("taken_early_days must be shorter than the gap between two weeks")
        return self

    def schedule(self) -> OutcomeSchedule:
        return OutcomeSchedule(
            weeks=self.schedule_weeks,
            early_days=self.taken_early_days,
            last_open_weeks=self.last_open_weeks,
        )
