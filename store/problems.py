"""What a pydantic validation error says, in plain words: each problem's field (a dotted path,
list positions as [n]) and message. One reader for every file loader and every form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class FieldProblem:
    loc: tuple[int | str, ...]  # where, as pydantic gives it
    message: str  # plain words: pydantic's "Value error, " prefix removed
    kind: str  # pydantic's error type, e.g. "extra_forbidden"

    @property
    def top(self) -> str:
        """The top-level field ('' for the record as a whole)."""
        return str(self.loc[0]) if self.loc else ""

    def path(self, skip: Iterable[str] = ()) -> str:
        """e.g. stages[0].segments[1].repeat; `skip` leaves out union tags."""
        hidden = set(skip)
        text = ""
        for part in self.loc:
            if part in hidden:
                continue
            text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
        return text


def problems(error: ValidationError) -> list[FieldProblem]:
    return [
        FieldProblem(
            tuple(item["loc"]), str(item["msg"]).removeprefix("Value error, "), item["type"]
        )
        for item in error.errors()
    ]


def first_problem(error: ValidationError) -> FieldProblem:
    return problems(error)[0]
