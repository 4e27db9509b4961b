"""What every command shares: exit codes, the one-line usage error, argument parsers for the
documented forms, JSON for the terminal, and how the app is opened (handed in by the app's
launcher, so the command line never imports the app)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NoReturn, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import ValidationError

    from journal.errors import Placer
    from journal.journal import Journal
    from store.home import Home

Clock = Callable[[], datetime]
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
RunRequest = tuple[str | None, int | None]  # (program id, stage) to open the Run screen with


class OpenApp(Protocol):
    """Opens the terminal app on a home; returns its exit status."""

    def __call__(self, home: Home, clock: Clock, run_request: RunRequest | None = None) -> int: ...


class UsageError(Exception):
    """Bad input from the command line: exit 2 with one line on stderr."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line, not argparse's usage block: scripts and people both read it.
        raise UsageError(message)


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high`, digits 0-9 only."""

    def parse(text: str) -> int:
        from journal.entry import parse_whole

        try:
            value = parse_whole(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}-{high}")
        return value

    return parse


def text(limit: int) -> Callable[[str], str]:
    """An argument type: free text (a note, a reason), at most `limit` characters, no control
    characters."""

    def parse(raw: str) -> str:
        from rules.text import control_problem

        problem = control_problem(raw)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        if len(raw) > limit:
            raise argparse.ArgumentTypeError(f"{len(raw)} characters; give at most {limit}")
        return raw

    return parse


def parse_date(raw: str) -> date:
    """An argument type: YYYY-MM-DD."""
    from journal.entry import parse_day

    try:
        return parse_day(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_time(raw: str) -> time:
    """An argument type: HH:MM."""
    from journal.entry import parse_clock

    try:
        return parse_clock(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def json_text(document: object) -> str:
    """JSON for the terminal: the same data, with every control character escaped."""
    from rules.text import json_text as escaped

    return escaped(document)


def ask_about_avulsion(journal: Journal, pain: int | None, phase: int | None) -> None:
    """After a painful session or run: the command line cannot ask back, so it says what to
    do if the answer is yes."""
    import sys

    question = journal.avulsion_question(pain, phase)
    if question:
        print(
            f"sitbone: {question} If so, record it: sitbone profile --red-flag avulsion",
            file=sys.stderr,
        )


def bad_fields(
    error: ValidationError,
    flags: Mapping[str, str] | None = None,
    place: Placer | None = None,
) -> UsageError:
    """The first problem of a record built from the arguments, as a usage error naming the
    flag: `flags` maps model fields to flags (default: --field-name)."""
    from journal.errors import first_field_message

    field, message = first_field_message(error, flags, place)
    # A flag given by `flags` or `place` stands; a field name becomes its flag.
    whole = field.startswith("--") or field in WHOLE_RECORD
    flag = field if whole else "--" + field.replace("_", "-")
    return UsageError(f"argument {flag}: {message}")


# What a problem with the whole record is named (no one flag to blame).
WHOLE_RECORD = ("entry", "run", "session", "profile")
