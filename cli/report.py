"""`sitbone report`: the clinician report (HTML, Markdown or PDF) of the last weeks, written to
a file; prints where. No textual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, Parser, UsageError, whole
from store.home import Home

DEFAULT_WEEKS = 12
MAX_WEEKS = 26  # journal.report.data.MAX_WEEKS (not imported: the parser stays light)


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    report = commands.add_parser(
        "report",
        parents=[common],
        help="a one- or two-page report for your physio (HTML, Markdown or PDF)",
        description="The clinician report of the last weeks: phase and gate, red flags, the "
        "morning pain chart, the weekly review, runs, outcome measures and the notes you "
        "marked for your physio. Weeks begin on week_starts in settings.yaml.",
    )
    report.add_argument(
        "--weeks",
        type=whole(1, MAX_WEEKS),
        default=DEFAULT_WEEKS,
        metavar="N",
        help=f"how many weeks, ending with this one (1-{MAX_WEEKS}, default {DEFAULT_WEEKS})",
    )
    report.add_argument(
        "--format", choices=["html", "md", "pdf"], default="html", help="default: html"
    )
    report.add_argument(
        "--output",
        metavar="FILE",
        help="where to write it (a folder: the default name inside it); default: "
        "reports/sitbone-report-YYYY-MM-DD.EXT in sitbone's home",
    )


def cmd_report(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal
    from journal.report import ReportPathError, write_report
    from store.errors import StoreFault
    from store.settings import SettingsError

    output = None
    if args.output is not None:
        if not args.output.strip():
            raise UsageError("argument --output: give a file (it is empty)")
        output = Path(args.output)
    journal = Journal.open(home, clock)
    try:
        written = write_report(journal, args.weeks, args.format, output)
    except (ReportPathError, StoreFault) as error:
        # Where the report was to go cannot take it: bad input, as the person can fix it.
        raise UsageError(f"argument --output: {error}" if output else str(error)) from None
    except SettingsError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"Report written to {written}")
    return EXIT_OK
