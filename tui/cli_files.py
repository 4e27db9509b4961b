"""Command-line commands for sitbone's files: export (JSON or CSV) and restore (a backup put
in place). No textual."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from store.home import Home
from tui.cli import EXIT_OK, EXIT_PROBLEM, Clock, UsageError


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export", parents=[common], help="every record as JSON, or as one CSV file per kind"
    )
    export.add_argument("--format", choices=["json", "csv"], required=True, help="output format")
    export.add_argument(
        "--output",
        metavar="PATH",
        help="json: a FILE (default: stdout); csv: a DIR, created if missing "
        "(default: ./sitbone-export-YYYY-MM-DD)",
    )
    restore = commands.add_parser(
        "restore", parents=[common], help="restore a backup (the current file is kept aside)"
    )
    restore.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="backup file (default: the newest)"
    )


def cmd_export(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    if args.format == "csv":
        return _export_csv(args, home, clock)
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


def _export_csv(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from store import Store
    from tui.export_csv import ExportWriteError, write_csv_export

    if args.output is None:
        folder = Path(f"sitbone-export-{clock().date().isoformat()}")
    else:
        folder = Path(args.output).expanduser()
        # Checked before reading the data: bad input exits 2 whatever state the file is in.
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"argument --output: '{args.output}' is a file, not a folder")
    store = Store(home, clock)
    store.check()
    try:
        for path in write_csv_export(store, folder):
            print(path)
    except ExportWriteError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, home: Home, clock: Clock) -> int:
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
