"""Validation problems named for the person: each field's first problem under the name the
front-end uses (a form's field, a command's flag). One mapper for the forms and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError

from store.problems import FieldProblem, problems

# Where a problem belongs: the front-end's name for the field, or None to use `top`.
Placer = Callable[[FieldProblem], str | None]


def field_messages(
    error: ValidationError,
    names: Mapping[str, str] | None = None,
    place: Placer | None = None,
) -> dict[str, str]:
    """{front-end field: message}, first problem of each field, in the order pydantic gives
    them. `names` renames model fields; `place` decides for problems that need more (a
    message about the record as a whole, a time against a date)."""
    found: dict[str, str] = {}
    for problem in problems(error):
        where = place(problem) if place else None
        if where is None:
            where = (names or {}).get(problem.top, problem.top)
        found.setdefault(where, problem.message)
    return found


def first_field_message(
    error: ValidationError,
    names: Mapping[str, str] | None = None,
    place: Placer | None = None,
) -> tuple[str, str]:
    """The first (field, message) of `field_messages`: for a one-line CLI error."""
    return next(iter(field_messages(error, names, place).items()))


def at_problem_field(problem: FieldProblem) -> str | None:
    """An entry's time: a problem with `at` belongs to the time when it is about the time of
    day ("later than now"), else to the date."""
    if problem.top != "at":
        return None
    return "time" if "time" in problem.message else "date"
