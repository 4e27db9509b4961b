"""Command-line commands for outcome measures: `outcome visa-h SCORE`, `outcome sitting
MINUTES --chair C` and `outcome` (what was taken and what is due). No textual."""

from __future__ import annotations

import argparse
from typing import get_args

from cli.common import EXIT_OK, Clock, Parser, UsageError, json_text, parse_date, text, whole
from store.home import Home

ONLY_THE_TOTAL = (
    "sitbone keeps only the VISA-H total you enter, not the answers: fill the questionnaire "
    "in on paper or with your clinician (its items are not reproduced here, as the terms for "
    "reusing them are unclear)."
)
SCHEDULE = (
    "Both measures are due on a schedule from the day you began with sitbone (weeks 0, 4, 12, "
    "26 and 52 in the built-in content); one taken up to a week early counts."
)
# The front-end's name for each field of a measure.
FLAGS = {
    "score": "SCORE",
    "sitting_min": "MINUTES",
    "chair": "--chair",
    "date": "--date",
    "note": "--note",
}


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    from store.vocabulary import Chair

    outcome = commands.add_parser(
        "outcome",
        parents=[common],
        help="record the VISA-H total or a sitting test; list what was taken and what is due",
        description=f"With no measure: what was taken and what is due. {SCHEDULE} {ONLY_THE_TOTAL}",
    )
    outcome.add_argument("--json", action="store_true", help="print JSON")
    measures = outcome.add_subparsers(dest="measure", metavar="MEASURE", parser_class=Parser)
    visa = measures.add_parser(
        "visa-h",
        parents=[common],
        help="record the VISA-H total, 0-100 (higher is better)",
        description=f"Record the VISA-H total, 0-100 (higher is better). {ONLY_THE_TOTAL}",
    )
    visa.add_argument("score", metavar="SCORE", type=whole(0, 100), help="the total, 0-100")
    sitting = measures.add_parser(
        "sitting",
        parents=[common],
        help="record a sitting test: minutes on a named chair until the familiar pain begins",
        description="Sit on the named chair until the familiar pain begins, or until the "
        "test's limit if it does not (`sitbone outcome` names it: 60 minutes in the built-in "
        "content); record the minutes.",
    )
    sitting.add_argument(
        "minutes", metavar="MINUTES", type=whole(0, 1440), help="minutes until the pain began"
    )
    sitting.add_argument("--chair", choices=get_args(Chair), required=True, help="what you sat on")
    for parser in (visa, sitting):
        parser.add_argument("--date", type=parse_date, help="YYYY-MM-DD (default today)")
        parser.add_argument(
            "--note", type=text(500), default="", help="a note (up to 500 characters)"
        )


def cmd_outcome(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    if args.measure is None:
        report = Journal.open(home, clock).outcome_report()
        print(json_text(report.document()) if args.json else "\n".join(report.lines()))
        return EXIT_OK
    return _record(args, home, clock)


def _record(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from content.loader import load_library
    from journal.journal import Journal
    from journal.outcomes import OutcomeProblems, describe_measure, due_names, outcome_measure

    settings = load_library().outcomes
    now = clock()
    visa = args.measure == "visa-h"
    try:
        # Checked before the file is opened: nothing is written for bad input.
        measure = outcome_measure(
            args.measure, args.score if visa else args.minutes,
            chair=None if visa else args.chair, day=args.date, note=args.note, now=now,
            settings=settings,
        )  # fmt: skip
    except OutcomeProblems as error:
        field, message = next(iter(error.problems.items()))
        raise UsageError(f"argument {FLAGS.get(field, field)}: {message}") from None
    journal = Journal.open(home, clock)
    journal.log_outcome(measure)
    print(f"Recorded: {describe_measure(measure, settings)}, {measure.at:%Y-%m-%d %H:%M}.")
    due = journal.due_outcomes()
    if due:
        print(f"Still due (week {due[0].week}): {due_names(due)}.")
    return EXIT_OK
