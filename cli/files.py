"""Command-line commands for sitbone's files: export (JSON or CSV) and restore (a backup put
in place). No textual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, Parser, UsageError, json_text
from store.home import Home


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    export = commands.add_parser(
        "export", parents=[common], help="every record as JSON, or as one CSV file per kind"
    )
    export.add_argument("--format", choices=["json", "csv"], required=True, help="output format")
    export.add_argument(
        "--output",
        metavar="PATH",
        help="json: a FILE (default: stdout); csv: a DIR, created if missing "
        "(default: ./sitbone-export-YYYY-MM-DD); never one of sitbone's own files",
    )
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="put a backup in place of the data file (the current file is kept beside it); "
        "shows what it would restore and asks first",
    )
    restore.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="backup file (default: the newest backup that is sound)",
    )
    restore.add_argument(
        "--yes", action="store_true", help="restore without asking (needed when not in a terminal)"
    )


def _problem(error: Exception) -> int:
    print(f"sitbone: {error}", file=sys.stderr)
    return EXIT_PROBLEM


def _refuse_own(home: Home, path: Path, shown: str, *, folder: bool) -> None:
    """Exit 2 when an export would write over (or into) one of sitbone's own files."""
    what = home.owns(path)
    if what is None and folder and home.holds(path):
        what = "inside sitbone's home folder"
    if what is not None:
        raise UsageError(
            f"argument --output: '{shown}' is {what} ({home.root}); export somewhere else"
        )


def cmd_export(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from store import StoreError

    try:
        if args.format == "csv":
            return _export_csv(args, home, clock)
        return _export_json(args, home, clock)
    except StoreError as error:
        return _problem(error)


def _export_json(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    target = None
    if args.output is not None:
        target = Path(args.output).expanduser()
        # Checked before reading the data: bad input exits 2 whatever state the file is in.
        _refuse_own(home, target, args.output, folder=False)
        if target.is_dir():
            raise UsageError(f"argument --output: '{args.output}' is a folder, not a file")
        if not target.parent.is_dir():
            raise UsageError(f"argument --output: folder '{target.parent}' does not exist")
    journal = Journal.open(home, clock)
    # Escaped control characters: the same data, and safe to print to a terminal.
    text = json_text(journal.export()) + "\n"
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    journal.export_to(target, text)
    print(f"Exported to {target}")
    return EXIT_OK


def _export_csv(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    if args.output is None:
        folder = Path(f"sitbone-export-{clock().date().isoformat()}")
        shown = str(folder)
    else:
        folder = Path(args.output).expanduser()
        shown = args.output
    # Checked before reading the data: bad input exits 2 whatever state the file is in.
    _refuse_own(home, folder, shown, folder=True)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"argument --output: '{shown}' is a file, not a folder")
    for path in Journal.open(home, clock).export_csv(folder):
        print(path)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    """Show what would be restored, ask (or take --yes), then restore in one atomic replace."""
    from journal.recovery import Recovery
    from store import StoreError

    source = None
    if args.backup:
        source = Path(args.backup).expanduser()
        if not source.is_file():
            raise UsageError(f"argument BACKUP: '{args.backup}' is not a file")
    recovery = Recovery(home, clock)
    try:
        plan = recovery.plan(source)
        for line in plan.describe():
            print(line)
        if not args.yes:
            if not _interactive():
                print(
                    "sitbone: nothing restored: add --yes to restore without being asked",
                    file=sys.stderr,
                )
                return EXIT_PROBLEM
            if not _confirmed("Restore? [y/N] "):
                print("Nothing restored.")
                return EXIT_PROBLEM
        kept = recovery.restore(plan)
    except StoreError as error:
        return _problem(error)
    print(f"Restored {plan.backup.path} to {home.data_file}.")
    if kept:
        print(f"The previous file is kept as {kept}.")
    return EXIT_OK


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


def _confirmed(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        print()
        return False
    return answer.strip().lower() in {"y", "yes"}
