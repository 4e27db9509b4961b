"""`sitbone due`: what today still needs, as a list, one line for a shell prompt or a status
bar, JSON, or a desktop notification. The exit status says whether anything is due, so a
script or a timer can ask without reading the words. No textual; what is due comes from
journal/due.py."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, Clock, Parser, json_text
from store.home import Home

if TYPE_CHECKING:
    from journal.due import Due, DueItem, ExerciseLeft, ExercisesDue

EXIT_DUE = 1
WIDTH = 80
EXIT_STATUS = (
    "Exit status: 0 when nothing is due, 1 when something is (1 too, with a line on stderr, "
    "when the data file cannot be read), 2 for bad arguments."
)
CLEAR = "sitbone profile --cleared REASON"
BLOCKED = "Running and phase advances stop until a clinician has seen you."
LOG_CHECK_IN = "sitbone log pain --rest N --load-test N"
LOG_SESSION = "sitbone log session ID --sets N (ids: sitbone exercises)"
LOG_OUTCOME = {
    "visa-h": "sitbone outcome visa-h SCORE",
    "sitting": "sitbone outcome sitting MINUTES --chair C",
}
NOT_ASKED = (
    "Not due: a morning check-in after 11:00 (it measures how the tendon woke), strength work "
    "on a rest day, a run before the day it is suggested from."
)


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    due = commands.add_parser(
        "due",
        parents=[common],
        help="what today still needs: red flags, check-in, exercises, run, outcome measures",
        description=f"What today still needs, most urgent first. {NOT_ASKED} {EXIT_STATUS}",
    )
    form = due.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument(
        "--short",
        action="store_true",
        help="one line for a prompt or a status bar, e.g. 'sitbone: check-in, 3 exercises, run' "
        "or 'sitbone: nothing due'",
    )
    due.add_argument(
        "--notify",
        action="store_true",
        help="show what is due as a desktop notification (notify-send) instead of printing "
        "it; prints when none can be sent; sends nothing when nothing is due",
    )


def cmd_due(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    due = Journal.open(home, clock).due()
    status = EXIT_DUE if due.pending else EXIT_OK
    if args.notify and due.pending and _notify(due):
        return status
    if args.json:
        from journal.due import due_json

        print(json_text({**due_json(due), "short": short_line(due)}))
    elif args.short:
        print(short_line(due))
    else:
        print("\n".join(due_lines(due)))
    return status


def _notify(due: Due) -> bool:
    from cli.notify import send_notification
    from journal.due import RedFlagDue

    body = "\n".join(_listed(due.pending))
    urgent = any(isinstance(item, RedFlagDue) for item in due.pending)
    return send_notification(short_line(due), body, urgent=urgent)


def short_line(due: Due) -> str:
    """'sitbone: ' and what is due, in the list's order: 'red flag' (or 'N red flags'),
    'check-in', 'N exercises' (or '1 exercise'), 'run', 'outcome'; or 'nothing due', or
    'no profile' before there is one."""
    from journal.due import CheckInDue, ExercisesDue, OutcomeDue, RedFlagDue, RunDue

    if not due.profile:
        return "sitbone: no profile"
    pending = due.pending
    flags = sum(isinstance(item, RedFlagDue) for item in pending)
    parts = [] if not flags else ["red flag" if flags == 1 else f"{flags} red flags"]
    for item in pending:
        if isinstance(item, CheckInDue):
            parts.append("check-in")
        elif isinstance(item, ExercisesDue):
            parts.append(_count(len(item.left), "exercise", "exercises"))
        elif isinstance(item, RunDue):
            parts.append("run")
        elif isinstance(item, OutcomeDue):
            parts.append("outcome")
    return f"sitbone: {', '.join(parts) or 'nothing due'}"


def due_lines(due: Due) -> list[str]:
    """The list, at most 80 columns wide: what is due now, then what is worth knowing."""
    if not due.profile:
        return ["No profile yet, so nothing is due. Run `sitbone` to set up."]
    when = f"{due.at:%a %d %b %H:%M}"
    pending = due.pending
    rest = [item for item in due.items if not item.due]
    lines = [f"Due today ({when}):" if pending else f"Nothing is due today ({when})."]
    lines += _listed(pending)
    if rest:
        lines += ["", "Not due now:"] if pending else []
        lines += _listed(rest)
    return lines


def _listed(items: Sequence[DueItem]) -> list[str]:
    from journal.due import RedFlagDue

    lines = []
    for index, item in enumerate(items):
        lines += _item(item)
        following = items[index + 1] if index + 1 < len(items) else None
        # How to close them, once, after the last flag.
        if isinstance(item, RedFlagDue) and not isinstance(following, RedFlagDue):
            lines += _hint(f"Once a clinician has seen you: {CLEAR}")
    return lines


def _item(item: DueItem) -> list[str]:
    from journal.due import CheckInDue, ExercisesDue, OutcomeDue, RedFlagDue, RunDue
    from rules.red_flags import URGENCY_WORDS

    if isinstance(item, RedFlagDue):
        urgency = URGENCY_WORDS.get(item.urgency, item.urgency)
        lines = _wrapped(f"RED FLAG ({urgency}): {item.title}. {item.action}")
        return lines + (_hint(BLOCKED) if item.blocks else [])
    if isinstance(item, CheckInDue):
        if item.missed:
            return _wrapped(
                "Morning check-in: missed today. It says how the tendon woke, so it is "
                f"taken on waking; log tomorrow's before {item.until:%H:%M}."
            )
        return _wrapped(f"Morning check-in, before {item.until:%H:%M}: {LOG_CHECK_IN}")
    if isinstance(item, ExercisesDue):
        return _exercises(item)
    if isinstance(item, RunDue):
        if item.due:
            head = f"Run, from today: stage {item.stage} of {item.program_name}."
        else:
            head = f"Next run, from {item.not_before:%a %d %b}: stage {item.stage} of "
            head += f"{item.program_name}."
        return _wrapped(f"{head} {item.reason}")
    if isinstance(item, OutcomeDue):
        lines = _wrapped(
            f"Outcome measures, week {item.week} (until {item.until:%a %d %b}): {item.names}."
        )
        return lines + _hint("; ".join(LOG_OUTCOME[kind] for kind in item.kinds))
    raise AssertionError(f"no words for {item!r}")


def _exercises(item: ExercisesDue) -> list[str]:
    lines = []
    if item.left:
        lines += _wrapped(
            f"{_count(len(item.left), 'exercise', 'exercises')} with sets left (phase "
            f"{item.phase}): {_sets(item.left)}."
        )
        lines += _hint(LOG_SESSION)
    if item.rest_day:
        waiting = f" Waiting for a training day: {_sets(item.resting)}." if item.resting else ""
        lines += _wrapped(f"{item.rest_day}{waiting}")
    elif not item.left:
        lines += _wrapped(f"Exercises: all {item.planned} of phase {item.phase} done today.")
    return lines


def _sets(items: tuple[ExerciseLeft, ...]) -> str:
    return ", ".join(f"{i.name} {i.sets_done}/{i.sets_planned}" for i in items)


def _wrapped(text: str) -> list[str]:
    """`text` as a list item: '- ', then lines of at most 80 columns indented 2."""
    return textwrap.wrap(
        text, WIDTH, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False
    )


def _hint(text: str) -> list[str]:
    """A line under an item: what to do, or the command that does it."""
    return textwrap.wrap(
        text, WIDTH, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
    )


def _count(number: int, one: str, many: str) -> str:
    return f"1 {one}" if number == 1 else f"{number} {many}"
