"""Return-to-run programs: the built-in one (content/run_program.yaml) and custom ones, YAML
files in the home's programs/ folder. Each is validated; a bad custom file is reported by name
and field and left out, so the rest still load. No textual."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from rules.run import StagePlan
from rules.text import plain_text
from rules.timer import Segment
from store.problems import FieldProblem, first_problem

CONTENT_DIR = Path(__file__).parent
DEFAULT_FILE = "run_program.yaml"
MAX_SESSION_S = 4 * 3600

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ProgramError(Exception):
    """A program file that cannot be used: names the file and the field."""

    def __init__(self, path: Path, field: str, problem: str) -> None:
        super().__init__(f"{path}: {field}: {problem}")
        self.path, self.field, self.problem = path, field, problem


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        # A program's name and notes are drawn in the terminal: no control characters.
        return plain_text(value)


class SegmentSpec(_Spec):
    """One walk or run: `seconds` or `minutes` (one of them)."""

    kind: Literal["walk", "run"]
    seconds: Annotated[int, Field(ge=1, le=MAX_SESSION_S, strict=True)] | None = None
    minutes: Annotated[float, Field(gt=0, le=MAX_SESSION_S / 60)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_a_block(cls, data: Any) -> Any:
        # Otherwise a nested block is reported as a segment missing its `kind`.
        if isinstance(data, dict) and "repeat" in data:
            raise ValueError("a repeat block cannot hold another repeat block")
        return data

    @model_validator(mode="after")
    def _one_length(self) -> SegmentSpec:
        if (self.seconds is None) == (self.minutes is None):
            raise ValueError("give seconds or minutes, one of them")
        if self.minutes is not None and (self.minutes * 60) != int(self.minutes * 60):
            raise ValueError("minutes must come to whole seconds")
        return self

    @property
    def length(self) -> int:
        return self.seconds if self.seconds is not None else int((self.minutes or 0) * 60)


class RepeatSpec(_Spec):
    """`repeat` times the segments in order, e.g. 6 x (run 1 min / walk 2 min)."""

    repeat: Annotated[int, Field(ge=1, le=50, strict=True)]
    segments: Annotated[tuple[SegmentSpec, ...], Field(min_length=1)]


def _which(value: Any) -> str:
    return "block" if isinstance(value, dict) and "repeat" in value else "single"


Step = Annotated[
    Annotated[SegmentSpec, Tag("single")] | Annotated[RepeatSpec, Tag("block")],
    Discriminator(_which),
]


class ProgramStage(_Spec):
    stage: Annotated[int, Field(ge=1, le=50, strict=True)]
    # Whole days of rest before the next session (2 means: run Monday, next on Thursday).
    rest_days: Annotated[int, Field(ge=0, le=14, strict=True)] = 1
    segments: Annotated[tuple[Step, ...], Field(min_length=1)]
    note: str = ""

    @model_validator(mode="after")
    def _sound(self) -> ProgramStage:
        plan = self.plan()
        if not any(segment.kind == "run" for segment in plan):
            raise ValueError("a stage needs at least one run segment")
        if sum(segment.seconds for segment in plan) > MAX_SESSION_S:
            raise ValueError("a session may last at most 4 hours")
        return self

    def plan(self) -> tuple[Segment, ...]:
        """The session as the timer runs it: repeats unrolled."""
        out: list[Segment] = []
        for step in self.segments:
            if isinstance(step, RepeatSpec):
                for _ in range(step.repeat):
                    out.extend(Segment(s.kind, s.length) for s in step.segments)
            else:
                out.append(Segment(step.kind, step.length))
        return tuple(out)

    def total_s(self) -> int:
        return sum(segment.seconds for segment in self.plan())

    def describe(self) -> str:
        """e.g. 'walk 5:00 · 6 x (run 1:00 / walk 2:00) · walk 5:00'."""
        parts: list[str] = []
        for step in self.segments:
            if isinstance(step, RepeatSpec):
                inner = " / ".join(f"{s.kind} {clock_text(s.length)}" for s in step.segments)
                parts.append(f"{step.repeat} x ({inner})")
            else:
                parts.append(f"{step.kind} {clock_text(step.length)}")
        return " · ".join(parts)


class RunProgram(_Spec):
    id: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    description: str = ""
    effort: Line = "easy: you could talk in full sentences"
    # Shown with every stage: how to run, whatever the stage.
    every_stage: Line = "Flat ground, a soft surface if you have one, short quick steps."
    # Passed sessions at a stage before the next stage.
    passes_to_advance: Annotated[int, Field(ge=1, le=10, strict=True)] = 2
    # Days after moving up a phase during which no stage moves up (passes still count), so
    # running and strength work do not rise together; 0 turns the hold off.
    hold_after_phase_change_days: Annotated[int, Field(ge=0, le=28, strict=True)] = 7
    stages: Annotated[tuple[ProgramStage, ...], Field(min_length=1, max_length=50)]
    after: str = ""  # what comes once the last stage is passed
    sources: tuple[Line, ...] = ()

    @field_validator("stages")
    @classmethod
    def _numbered(cls, stages: tuple[ProgramStage, ...]) -> tuple[ProgramStage, ...]:
        # A field validator, so the problem is reported at `stages`, not the whole file.
        numbers = [stage.stage for stage in stages]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"stages must be numbered 1, 2, 3 ... in order (found {numbers})")
        return stages

    def stage(self, number: int) -> ProgramStage:
        return self.stages[min(max(number, 1), len(self.stages)) - 1]

    def stage_plans(self) -> list[StagePlan]:
        return [StagePlan(stage.stage, stage.rest_days) for stage in self.stages]


@dataclass(frozen=True)
class ProgramCatalog:
    """The programs to choose from (built-in first) and the custom files left out, by reason."""

    programs: tuple[RunProgram, ...]
    problems: tuple[str, ...] = ()

    def get(self, program_id: str) -> RunProgram | None:
        return next((p for p in self.programs if p.id == program_id), None)

    @property
    def default(self) -> RunProgram:
        return self.programs[0]


def clock_text(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss from an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def load_program_file(path: Path) -> RunProgram:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProgramError(path, "file", f"cannot be read ({error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        problem = getattr(error, "problem", error)
        raise ProgramError(path, where, f"not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise ProgramError(path, "file", "must be a mapping with id, name and stages")
    try:
        return RunProgram.model_validate(data)
    except ValidationError as error:
        first = first_problem(error)
        # Without the union's tags: stages[0].segments[1].repeat
        field = first.path(skip=("single", "block")) or "file"
        raise ProgramError(path, field, _message(first)) from None


def _message(problem: FieldProblem) -> str:
    if problem.kind == "extra_forbidden":
        return "is not a field sitbone knows (check the spelling)"
    if problem.kind in ("union_tag_invalid", "model_attributes_type"):
        return "must be a segment {kind, seconds} or a block {repeat, segments}"
    return problem.message


def load_default_program(root: Path = CONTENT_DIR) -> RunProgram:
    return load_program_file(root / DEFAULT_FILE)


def load_catalog(folder: Path | None, root: Path = CONTENT_DIR) -> ProgramCatalog:
    """The built-in program, then every valid *.yaml / *.yml in `folder` (by file name).
    A bad built-in program raises; a bad custom one is listed in `problems`."""
    built_in = load_default_program(root)
    programs, problems = [built_in], []
    if folder is not None and folder.is_dir():
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        for path in files:
            try:
                program = load_program_file(path)
            except ProgramError as error:
                problems.append(str(error))
                continue
            taken = next((p for p in programs if p.id == program.id), None)
            if taken is not None:
                problems.append(f"{path}: id: '{program.id}' is already used by '{taken.name}'")
                continue
            programs.append(program)
    return ProgramCatalog(tuple(programs), tuple(problems))
