"""The `sitbone` command: quick entry and scripts on the same data as the TUI.

This module must not import textual (a test checks it); only `open_tui` loads the app.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from tui import __version__

Clock = Callable[[], datetime]
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line, not argparse's usage block: scripts and people both read it.
        raise UsageError(message)


def _positive_weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= 104:
        raise argparse.ArgumentTypeError(f"{value} is outside 1-104")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder holding the data file (default: $SITBONE_HOME or the user data folder)",
    )
    parser = _Parser(
        prog="sitbone",
        description="Rehab companion for proximal hamstring tendinopathy. "
        "With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sitbone {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a throwaway home filled with sample data",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", parents=[common], help="fill an empty home with sample data")
    demo.add_argument(
        "--weeks", type=_positive_weeks, default=10, help="weeks of sample data (1-104, default 10)"
    )
    status = commands.add_parser(
        "status", parents=[common], help="profile, phase and today's summary"
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    export = commands.add_parser("export", parents=[common], help="every record as JSON")
    export.add_argument("--format", choices=["json"], required=True, help="output format")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    commands.add_parser("check", parents=[common], help="exit 0 if the data file is sound, else 1")
    commands.add_parser("where", parents=[common], help="print where sitbone keeps its files")
    restore = commands.add_parser(
        "restore", parents=[common], help="restore a backup (the current file is kept aside)"
    )
    restore.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="backup file (default: the newest)"
    )
    return parser


def main(argv: Sequence[str] | None = None, clock: Clock = datetime.now) -> int:
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args, clock)
    except UsageError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, clock: Clock) -> int:
    from store import DataFileError, Home, StoreBusyError

    home = Home.resolve(getattr(args, "home", None))
    if args.demo and args.command:
        raise UsageError("--demo opens the app; it cannot be combined with a command")
    handlers = {
        None: _cmd_tui,
        "demo": _cmd_demo,
        "status": _cmd_status,
        "export": _cmd_export,
        "check": _cmd_check,
        "where": _cmd_where,
        "restore": _cmd_restore,
    }
    try:
        return handlers[args.command](args, home, clock)
    except (DataFileError, StoreBusyError) as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM


def _cmd_tui(args: argparse.Namespace, home, clock: Clock) -> int:
    if args.demo:
        # A throwaway home: the demo never touches the person's real data.
        with tempfile.TemporaryDirectory(prefix="sitbone-demo-") as folder:
            from store import Home

            demo_home = Home(Path(folder) / "home")
            _fill_demo(demo_home, 10, clock)
            return open_tui(demo_home, clock)
    return open_tui(home, clock)


def open_tui(home, clock: Clock) -> int:
    from tui.app import SitboneApp

    SitboneApp(home=home, clock=clock).run()
    return EXIT_OK


def _fill_demo(home, weeks: int, clock: Clock) -> int:
    from store import Store
    from store.demo import demo_records

    store = Store(home, clock)
    store.check()
    profile, entries = demo_records(weeks, clock())
    if not store.fill_if_empty(profile, entries):
        raise UsageError(f"{home.data_file} already holds data; demo only fills an empty home")
    return len(entries)


def _cmd_demo(args: argparse.Namespace, home, clock: Clock) -> int:
    count = _fill_demo(home, args.weeks, clock)
    print(f"Filled {home.data_file} with {args.weeks} weeks of sample data ({count} pain entries).")
    return EXIT_OK


def _cmd_status(args: argparse.Namespace, home, clock: Clock) -> int:
    from store import Store
    from tui.reports import status_json, status_text

    store = Store(home, clock)
    store.check()
    today = clock().date()
    if args.json:
        print(json.dumps(status_json(store, today), indent=2))
    else:
        print(status_text(store, today))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, home, clock: Clock) -> int:
    from store import Store
    from store.storage import write_private_file
    from tui.reports import export_json

    store = Store(home, clock)
    store.check()
    text = json.dumps(export_json(store, clock()), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UsageError(f"argument --output: '{args.output}' is a folder, not a file")
    if not target.parent.is_dir():
        raise UsageError(f"argument --output: folder '{target.parent}' does not exist")
    write_private_file(target, text)
    print(f"Exported to {target}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, home, clock: Clock) -> int:
    from store import Store

    Store(home, clock).check()
    state = "sound" if home.data_file.exists() else "not created yet (nothing logged)"
    print(f"{home.data_file}: {state}")
    return EXIT_OK


def _cmd_where(args: argparse.Namespace, home, clock: Clock) -> int:
    print(f"home:     {home.root}")
    print(f"data:     {home.data_file}")
    print(f"backups:  {home.backups_dir}")
    print(f"settings: {home.settings_file}")
    print(f"programs: {home.programs_dir}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, home, clock: Clock) -> int:
    from store import Store
    from store.backup import list_backups

    if args.backup:
        source = Path(args.backup).expanduser()
        if not source.is_file():
            raise UsageError(f"argument BACKUP: '{args.backup}' is not a file")
    else:
        backups = list_backups(home.backups_dir)
        if not backups:
            print(f"sitbone: no backups in {home.backups_dir}", file=sys.stderr)
            return EXIT_PROBLEM
        source = backups[0]
    kept = Store(home, clock).restore(source)
    print(f"Restored {source} to {home.data_file}.")
    if kept:
        print(f"The previous file is kept as {kept}.")
    return EXIT_OK
