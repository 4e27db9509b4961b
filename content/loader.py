"""Load and validate every content file; a bad file gives one message naming file and field."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from content.models import (
    Exercise,
    LearnPage,
    OutcomeSettings,
    PainModelSettings,
    PhaseInfo,
    RedFlag,
)
from store.problems import first_problem

CONTENT_DIR = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    def __init__(self, path: Path, field: str, problem: str) -> None:
        super().__init__(f"{path}: {field}: {problem}")
        self.path, self.field, self.problem = path, field, problem


@dataclass(frozen=True)
class Library:
    pages: tuple[LearnPage, ...]
    red_flags: tuple[RedFlag, ...]
    phases: tuple[PhaseInfo, ...]
    pain_model: PainModelSettings
    outcomes: OutcomeSettings
    exercises: tuple[Exercise, ...] = ()

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def phase_exercises(self, number: int) -> list[Exercise]:
        """The phase's checklist, in the order its phase lists them."""
        by_id = {exercise.id: exercise for exercise in self.exercises}
        return [by_id[exercise_id] for exercise_id in self.phase(number).exercises]

    def page(self, page_id: str) -> LearnPage:
        return next(page for page in self.pages if page.id == page_id)

    def search(self, query: str) -> list[LearnPage]:
        return [page for page in self.pages if page.matches(query)]

    def phase(self, number: int) -> PhaseInfo:
        return next(phase for phase in self.phases if phase.number == number)


@lru_cache(maxsize=8)
def load_library(root: Path = CONTENT_DIR) -> Library:
    """Every content file, validated. Content does not change while sitbone runs, and the
    Library is immutable, so a process reads and checks it once."""
    return _load_library(root)


def _load_library(root: Path) -> Library:
    pages = tuple(
        sorted(
            (load_page(path) for path in sorted((root / "learn").glob("*.md"))),
            key=lambda page: page.order,
        )
    )
    _unique(root / "learn", [page.id for page in pages], "id")
    red_flags = tuple(_load_list(root / "red_flags.yaml", RedFlag))
    phases, exercises = load_program(root)
    pain_model = load_pain_model(root)
    _within_limits(root / "phases.yaml", phases, pain_model)
    return Library(
        pages=pages,
        red_flags=red_flags,
        phases=phases,
        pain_model=pain_model,
        outcomes=load_outcomes(root),
        exercises=exercises,
    )


def _within_limits(path: Path, phases: tuple[PhaseInfo, ...], model: PainModelSettings) -> None:
    """A gate may not ask for morning scores the pain model calls not tolerating: such a
    criterion could never be met."""
    for phase in phases:
        for criterion in phase.gate:
            top = getattr(criterion, "max", None)
            if criterion.kind != "brisk_walk" and top is not None and top >= model.not_tolerating:
                raise ContentError(
                    path, f"phase {phase.number}: gate: {criterion.kind}.max",
                    f"{top} is at the pain model's not-tolerating limit "
                    f"({model.not_tolerating}); use {model.not_tolerating - 1} or less",
                )  # fmt: skip


def load_exercises(root: Path = CONTENT_DIR) -> tuple[Exercise, ...]:
    path = root / "exercises.yaml"
    exercises = tuple(_load_list(path, Exercise))
    _unique(path, [exercise.id for exercise in exercises], "id")
    return exercises


def load_program(root: Path = CONTENT_DIR) -> tuple[tuple[PhaseInfo, ...], tuple[Exercise, ...]]:
    """Phases and the exercise library, checked against each other: every exercise a phase
    lists exists and names that phase."""
    phases, exercises = load_phases(root), load_exercises(root)
    by_id = {exercise.id: exercise for exercise in exercises}
    for phase in phases:
        for exercise_id in phase.exercises:
            exercise = by_id.get(exercise_id)
            if exercise is None:
                raise ContentError(
                    root / "phases.yaml", f"phase {phase.number}: exercises",
                    f"'{exercise_id}' is not in exercises.yaml",
                )  # fmt: skip
            if phase.number not in exercise.phases:
                raise ContentError(
                    root / "exercises.yaml", f"{exercise_id}: phases",
                    f"phase {phase.number} lists it, but its phases do not include {phase.number}",
                )  # fmt: skip
    if phases[-1].gate:
        raise ContentError(root / "phases.yaml", "phase 4: gate", "the last phase has no exit gate")
    for phase in phases[:-1]:
        if not phase.gate:
            raise ContentError(
                root / "phases.yaml", f"phase {phase.number}: gate", "needs at least one criterion"
            )
    return phases, exercises


def load_pain_model(root: Path = CONTENT_DIR) -> PainModelSettings:
    path = root / "pain_model.yaml"
    return _validate(path, PainModelSettings, _yaml(path, path.read_text(encoding="utf-8")))


def load_outcomes(root: Path = CONTENT_DIR) -> OutcomeSettings:
    path = root / "outcomes.yaml"
    return _validate(path, OutcomeSettings, _yaml(path, path.read_text(encoding="utf-8")))


def load_phases(root: Path = CONTENT_DIR) -> tuple[PhaseInfo, ...]:
    phases = tuple(_load_list(root / "phases.yaml", PhaseInfo))
    if [phase.number for phase in phases] != [1, 2, 3, 4]:
        raise ContentError(root / "phases.yaml", "number", "phases must be 1, 2, 3 and 4 in order")
    return phases


def load_page(path: Path) -> LearnPage:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ContentError(path, "front matter", "the file must start with a '---' line")
    head, separator, body = text[4:].partition("\n---\n")
    if not separator:
        raise ContentError(path, "front matter", "no closing '---' line")
    meta = _yaml(path, head)
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter", "must be a mapping of fields")
    page = _validate(path, LearnPage, {**meta, "body": body})
    if page.id != path.stem:
        raise ContentError(path, "id", f"'{page.id}' must equal the file name '{path.stem}'")
    return page


def _load_list(path: Path, model: type[M]) -> list[M]:
    data = _yaml(path, path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise ContentError(path, "file", "must be a non-empty list")
    items = [_validate(path, model, item, prefix=f"[{index}]") for index, item in enumerate(data)]
    _unique(path, [getattr(item, "id", getattr(item, "number", None)) for item in items], "id")
    return items


def _yaml(path: Path, text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        raise ContentError(
            path, where, f"not valid YAML ({getattr(error, 'problem', error)})"
        ) from None


def _validate(path: Path, model: type[M], data: Any, prefix: str = "") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = first_problem(error)
        field = prefix + first.path()
        raise ContentError(path, field or "file", first.message) from None


def _unique(path: Path, keys: list[Any], field: str) -> None:
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise ContentError(path, field, f"'{key}' appears more than once")
        seen.add(key)
