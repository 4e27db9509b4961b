"""`sitbone week`: the weekly review as a table, newest week first, or as JSON. No textual;
the review comes from journal/week.py, the same one the app and the report show."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, Parser, json_text, whole
from store.home import Home

if TYPE_CHECKING:
    from rules.week import WeekReview

WIDTH = 80
DEFAULT_WEEKS = 4

# (heading, width, alignment) of each column: numbers to the right, words to the left.
PAIN_COLUMNS = (
    ("Week of", 10, "<"),
    ("Ph", 2, ">"),
    ("Mornings", 8, ">"),
    ("Rest", 4, ">"),
    ("+/-", 4, ">"),
    ("Load", 4, ">"),
    ("+/-", 4, ">"),
    ("Flare", 5, ">"),
    ("Worse", 5, ">"),
    ("Trained", 7, ">"),
    ("Adhered", 7, ">"),
    ("Sets", 8, ">"),
)
MEASURE_COLUMNS = (
    ("Week of", 10, "<"),
    ("Sitting, best", 18, "<"),
    ("Bridge L/R", 10, ">"),
    ("Symmetry", 8, ">"),
    ("VISA-H", 6, ">"),
)
PAIN_KEY = (
    "Mornings: check-ins of the days counted. Rest, Load: mean morning rest pain and load "
    "test (0-10); +/-: the change from the week before (- when the load test changed with "
    "the phase). Flare, Worse: days judged a flare or worsening. Trained: days trained of "
    "the days the plan trains. Adhered: the plan's exercise-days done. Sets: done of planned."
)
MEASURE_KEY = "Symmetry: the injured side's bridge reps as a % of the other side's."


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    week = commands.add_parser(
        "week",
        parents=[common],
        help="the weekly review: check-ins, pain, flares, training, runs, measures",
        description="The weekly review, newest week first (the current week so far at the "
        "top). Weeks begin on the day set by week_starts in settings.yaml (Monday).",
    )
    week.add_argument(
        "--weeks",
        type=whole(1, 260),
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"how many weeks, ending with this one (1-260, default {DEFAULT_WEEKS})",
    )
    week.add_argument("--json", action="store_true", help="print JSON, newest week first")


def cmd_week(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal
    from journal.week import week_json
    from store.settings import SettingsError

    journal = Journal.open(home, clock)
    try:
        week_starts = journal.settings().week_starts
        reviews = list(reversed(journal.weekly_review(args.weeks)))
    except SettingsError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.json:
        document = {
            "week_starts": week_starts,
            "weeks": [week_json(review) for review in reviews],
        }
        print(json_text(document))
        return EXIT_OK
    print(review_text(reviews, args.weeks, week_starts))
    return EXIT_OK


def review_text(reviews: Sequence[WeekReview], asked: int, week_starts: str) -> str:
    """The review as text at most 80 columns wide; `reviews` newest first."""
    lines = [
        f"Weekly review, weeks from {week_starts.capitalize()}, newest first; this week "
        f"counts {_days(reviews[0].days)} so far."
    ]
    if len(reviews) < asked:
        weeks = "1 week" if len(reviews) == 1 else f"{len(reviews)} weeks"
        lines.append(f"The journal began in the week of {reviews[-1].start}: {weeks} so far.")
    lines += ["", *_table(PAIN_COLUMNS, [_pain_row(review) for review in reviews])]
    lines += _wrapped(PAIN_KEY, hanging="")
    lines += _blocking(reviews)
    lines += ["", *_table(MEASURE_COLUMNS, [_measure_row(review) for review in reviews])]
    lines += _wrapped(MEASURE_KEY, hanging="")
    lines += ["", *_runs(reviews)]
    return "\n".join(lines)


def _table(columns: Sequence[tuple[str, int, str]], rows: list[list[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        aligned = (
            f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, columns, strict=True)
        )
        return " ".join(aligned).rstrip()

    return [line([heading for heading, _, _ in columns]), *(line(row) for row in rows)]


def _pain_row(review: WeekReview) -> list[str]:
    return [
        str(review.start),
        str(review.phase),
        f"{review.check_ins}/{review.days}",
        _number(review.rest_mean),
        _signed(review.rest_change),
        _number(review.load_test_mean),
        _signed(review.load_test_change),
        str(len(review.flare_days)),
        str(len(review.worsening_days)),
        f"{review.training_days}/{review.planned_days}",
        "-" if review.adherence_pct is None else f"{review.adherence_pct}%",
        f"{review.sets_done}/{review.sets_planned}",
    ]


def _measure_row(review: WeekReview) -> list[str]:
    sitting = "-"
    if review.sitting_min is not None:
        chair = f", {review.sitting_chair} chair" if review.sitting_chair else ""
        sitting = f"{review.sitting_min} min{chair}"
    bridge, symmetry = "-", "-"
    if review.bridge_left is not None and review.bridge_right is not None:
        bridge = f"{review.bridge_left}/{review.bridge_right}"
    if review.bridge_symmetry_pct is not None:
        symmetry = f"{review.bridge_symmetry_pct:g}%"
    visa = "-" if review.visa_h is None else str(review.visa_h)
    return [str(review.start), sitting, bridge, symmetry, visa]


def _blocking(reviews: Sequence[WeekReview]) -> list[str]:
    """The flare and worsening days by date, oldest first, when there are any."""
    lines = []
    for name, days in (
        ("Flare days", [day for review in reviews for day in review.flare_days]),
        ("Worsening days", [day for review in reviews for day in review.worsening_days]),
    ):
        if days:
            listed = ", ".join(f"{day:%a} {day}" for day in sorted(days))
            lines += _wrapped(f"{name}: {listed}.", hanging="")
    return lines


def _runs(reviews: Sequence[WeekReview]) -> list[str]:
    """Each run, newest first, with its outcome and why: the Run screen's words."""
    from journal.running import describe_run

    runs = [item for review in reviews for item in reversed(review.runs)]
    if not runs:
        return ["No runs in these weeks."]
    lines = ["Runs"]
    for item in runs:
        lines += _wrapped(f"{item.run.at:%Y-%m-%d %a} {describe_run(item.run)}", "  ")
        if item.verdict is None:
            why = f"not judged: program {item.run.program} is no longer available"
        else:
            why = f"{item.verdict.outcome.label}: {item.verdict.reason}"
        lines += _wrapped(why, "    ")
    return lines


def _wrapped(text: str, indent: str = "", hanging: str = "  ") -> list[str]:
    """`text` in lines of at most 80 columns; lines after the first indented by `hanging`
    more."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hanging,
        break_on_hyphens=False,
    )


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    return "0.0" if value == 0 else f"{value:+.1f}"
