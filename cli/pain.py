"""Command-line commands for pain entries: `log pain` (with the verdict) and `pain` (the list).
No textual."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING, get_args

from cli.common import (
    EXIT_OK,
    Clock,
    Parser,
    bad_fields,
    json_text,
    parse_date,
    parse_time,
    text,
    whole,
)
from store.home import Home

if TYPE_CHECKING:
    from store.problems import FieldProblem


def add_commands(
    commands: argparse._SubParsersAction[Parser],
    kinds: argparse._SubParsersAction[Parser],
    common: Parser,
) -> None:
    from store.vocabulary import Aggravator, Chair, PainContext

    pain = kinds.add_parser("pain", parents=[common], help="log a pain entry and get advice")
    score, minutes, reps = whole(0, 10), whole(0, 1440), whole(0, 500)
    pain.add_argument("--rest", type=score, required=True, help="pain at rest, 0-10")
    pain.add_argument(
        "--load-test", type=score,
        help="the morning load test of your phase (`sitbone status` names it), 0-10",
    )  # fmt: skip
    pain.add_argument("--activity", type=score, help="pain during activity, 0-10")
    pain.add_argument(
        "--context", choices=get_args(PainContext),
        help="default: morning with --load-test, else by the entry's time",
    )  # fmt: skip
    pain.add_argument("--stiffness-min", type=minutes, help="morning stiffness, minutes")
    pain.add_argument("--sitting-min", type=minutes, help="minutes of sitting before pain")
    pain.add_argument("--chair", choices=get_args(Chair), help="the chair for --sitting-min")
    pain.add_argument(
        "--aggravator", action="append", default=[], choices=get_args(Aggravator),
        help="what made it worse (repeatable)",
    )  # fmt: skip
    pain.add_argument(
        "--bridge-left", type=reps,
        help="single-leg bridge reps to failure, left: on your back, heel on a 60 cm box, "
        "knee bent about 20 degrees, arms crossed",
    )  # fmt: skip
    pain.add_argument("--bridge-right", type=reps, help="the same test, right (give both sides)")
    pain.add_argument("--walk-min", type=minutes, help="brisk walk, minutes")
    pain.add_argument("--note", type=text(2000), default="", help="a note (up to 2000 characters)")
    pain.add_argument("--for-clinician", action="store_true", help="mark it for your physio")
    pain.add_argument("--date", type=parse_date, help="YYYY-MM-DD (default today)")
    pain.add_argument("--time", type=parse_time, help="HH:MM (default now)")

    listing = commands.add_parser("pain", parents=[common], help="list pain entries")
    listing.add_argument("--days", type=whole(1, 36500), default=14, help="how many days back (14)")
    listing.add_argument("--json", action="store_true", help="print JSON")


def cmd_log_pain(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from pydantic import ValidationError

    from journal.entry import CONTEXT_NAMES, entry_from
    from journal.journal import Journal

    now = clock()
    values = {
        "rest": args.rest, "load_test": args.load_test, "activity": args.activity,
        "stiffness_min": args.stiffness_min, "sitting_min": args.sitting_min,
        "chair": args.chair, "aggravators": tuple(args.aggravator), "note": args.note,
        "bridge_left": args.bridge_left, "bridge_right": args.bridge_right,
        "walk_min": args.walk_min, "for_clinician": args.for_clinician,
    }  # fmt: skip
    try:
        entry = entry_from(values, args.date or now.date(), args.time, args.context, now)
    except ValidationError as error:
        raise bad_fields(error, place=_flag_of) from None
    journal = Journal.open(home, clock)
    judgement = journal.judge_new(entry)  # against what was there before it
    journal.log_pain(entry)
    print(
        f"Stored as: {CONTEXT_NAMES[entry.context].lower()}, {entry.at:%Y-%m-%d %H:%M}."
        + (" Marked for your physio." if entry.for_clinician else "")
    )
    print(judgement.line)
    return EXIT_OK


def _flag_of(problem: FieldProblem) -> str | None:
    """The flag a pain entry's problem belongs to, where it is not --field-name."""
    from journal.errors import at_problem_field

    if "bridge" in problem.message:
        return "--bridge-left/--bridge-right"
    at = at_problem_field(problem)
    return f"--{at}" if at else None if problem.top else "entry"


def cmd_pain(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal
    from journal.reports import describe_pain

    journal = Journal.open(home, clock)
    first = clock().date() - timedelta(days=args.days - 1)
    entries = list(reversed(journal.pain_entries(since=first)))
    if args.json:
        document = [{"id": i, **e.model_dump(mode="json")} for i, e in entries]
        print(json_text(document))
        return EXIT_OK
    if not entries:
        days = "day" if args.days == 1 else f"{args.days} days"
        print(f"No pain entries in the last {days}.")
    for doc_id, entry in entries:
        print(
            f"{doc_id:>5}  {describe_pain(entry)}"
            + ("  (for my physio)" if entry.for_clinician else "")
        )
    return EXIT_OK
