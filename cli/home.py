"""Command-line commands about the home and the day: `status`, `check`, `where`, `demo`, and
opening the app (on your home, or on a throwaway demo home). No textual: the app is opened
through the launcher handed in by `tui.launch`."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, OpenApp, Parser, UsageError, json_text, whole
from store.home import Home

if TYPE_CHECKING:
    from store.demo import DemoData

DEMO_PREFIX = "sitbone-demo-"


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    demo = commands.add_parser("demo", parents=[common], help="fill an empty home with sample data")
    demo.add_argument(
        "--weeks",
        type=whole(1, 260),
        default=10,
        help="weeks of sample data, ending today (1-260, default 10)",
    )
    status = commands.add_parser(
        "status", parents=[common], help="profile, phase and today's summary"
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    commands.add_parser("check", parents=[common], help="exit 0 if the data file is sound, else 1")
    commands.add_parser("where", parents=[common], help="print where sitbone keeps its files")


def open_app(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    """No command: the app, on your home or (with --demo) on a throwaway one."""
    launch: OpenApp | None = getattr(args, "open_app", None)
    if launch is None:
        print("sitbone: the app opens from the `sitbone` command; this entry point has no app")
        return EXIT_PROBLEM
    if not args.demo:
        return launch(home, clock)
    clear_stale_demos(Path(tempfile.gettempdir()))
    # A throwaway home: the demo never touches the person's real data.
    with tempfile.TemporaryDirectory(prefix=DEMO_PREFIX) as folder:
        # Whose demo this is: a later start removes it if this process was killed.
        (Path(folder) / "pid").write_text(str(os.getpid()), encoding="utf-8")
        demo_home = Home(Path(folder) / "home")
        fill_demo(demo_home, 10, clock)
        return launch(demo_home, clock)


def clear_stale_demos(folder: Path) -> list[Path]:
    """Remove demo homes whose process is gone (a killed `--demo` cannot clean up after
    itself); returns what was removed. Only this user's folders are touched."""
    import shutil
    from time import time as time_now

    removed = []
    for demo in folder.glob(f"{DEMO_PREFIX}*"):
        try:
            if not demo.is_dir() or demo.is_symlink() or demo.stat().st_uid != os.getuid():
                continue
            pid = int((demo / "pid").read_text(encoding="utf-8"))
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue  # a live process of someone else's
        except (OSError, ValueError):
            # No pid yet: a demo starting this very moment, or one left by an older version.
            with contextlib.suppress(OSError):
                if time_now() - demo.stat().st_mtime < 60:
                    continue
        shutil.rmtree(demo, ignore_errors=True)
        removed.append(demo)
    return removed


def fill_demo(home: Home, weeks: int, clock: Clock) -> DemoData:
    from journal.journal import Journal, Refused

    try:
        return Journal.open(home, clock).fill_demo(weeks)
    except Refused as refusal:
        raise UsageError(str(refusal)) from None


def cmd_demo(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    demo = fill_demo(home, args.weeks, clock)
    weeks = "1 week" if args.weeks == 1 else f"{args.weeks} weeks"
    print(f"Filled {home.data_file} with {weeks} of sample data: {demo.describe()}.")
    return EXIT_OK


def cmd_status(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    journal = Journal.open(home, clock)
    print(json_text(journal.status()) if args.json else journal.status_text())
    return EXIT_OK


def cmd_check(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.journal import Journal

    # Every record validated, even content an earlier sitbone vouched for: raises when the
    # file cannot be trusted.
    Journal.open(home, clock).check_thoroughly()
    state = "sound" if home.data_file.exists() else "not created yet (nothing logged)"
    print(f"{home.data_file}: {state}")
    return EXIT_OK


def cmd_where(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.reminders import ReminderFiles

    # The reminder's units live in the user's systemd folder, not in the home.
    reminder = ReminderFiles.for_user()
    print(f"home:     {home.root}")
    print(f"data:     {home.data_file}")
    print(f"backups:  {home.backups_dir}")
    print(f"settings: {home.settings_file}")
    print(f"programs: {home.programs_dir}")
    print(f"reports:  {home.reports_dir}")
    print(f"reminder: {reminder.timer}")
    print(f"          {reminder.service}")
    return EXIT_OK
