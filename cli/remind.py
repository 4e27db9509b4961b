"""`sitbone remind install|remove|status`: a daily reminder run by the system, not by the app,
so it comes with the app closed. A systemd user timer where there is one (it catches up on a
time missed while the computer slept), else the crontab lines to add. No textual."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from cli.common import EXIT_OK, EXIT_PROBLEM, Clock, Parser, UsageError
from store.home import ENV_VAR, Home

# systemctl answers in well under a second; a user manager that does not answer in this time
# will not, and the command must not hang for it.
SYSTEMCTL_TIMEOUT_S = 30


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    remind = commands.add_parser(
        "remind",
        parents=[common],
        help="a daily reminder of what is due, run by systemd or cron",
        description="A reminder the system runs at set times each day: `sitbone due --notify`. "
        "With systemd, a user timer that also runs a time missed while the computer slept; "
        "without it, the crontab lines to add.",
    )
    actions = remind.add_subparsers(
        dest="action", metavar="ACTION", parser_class=Parser, required=True
    )
    install = actions.add_parser(
        "install", parents=[common], help="install the reminder (or print crontab lines)"
    )
    install.add_argument(
        "--at",
        action="append",
        required=True,
        type=_reminder_time,
        metavar="HH:MM",
        help="a time of day; repeat for up to 6 times",
    )
    install.add_argument(
        "--cron",
        action="store_true",
        help="print crontab lines instead of installing a systemd timer",
    )
    actions.add_parser("remove", parents=[common], help="turn off and delete the reminder")
    actions.add_parser("status", parents=[common], help="what reminder is installed")


def _reminder_time(text: str) -> time:
    from journal.reminders import reminder_time

    try:
        return reminder_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def cmd_remind(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    actions = {"install": _install, "remove": _remove, "status": _status}
    return actions[args.action](args, home)


@dataclass(frozen=True)
class Systemctl:
    """`systemctl --user`, as found on PATH."""

    program: str

    @classmethod
    def find(cls) -> Systemctl | None:
        found = shutil.which("systemctl")
        return cls(found) if found else None

    def run(self, *args: str) -> tuple[bool, str]:
        return _run([self.program, "--user", *args])


def _run(argv: Sequence[str]) -> tuple[bool, str]:
    """(True, what it printed), or (False, why it failed, in one line)."""
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=SYSTEMCTL_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return False, f"no answer in {SYSTEMCTL_TIMEOUT_S} s"
    except OSError as error:
        return False, error.strerror or str(error)
    if done.returncode != 0:
        said = next((line.strip() for line in done.stderr.splitlines() if line.strip()), "")
        return False, said or f"exit status {done.returncode}"
    return True, done.stdout


# -- install ---------------------------------------------------------------------------------


def _install(args: argparse.Namespace, home: Home) -> int:
    from journal.reminders import TIMER_UNIT, ReminderFiles, due_command, reminder_times

    try:
        times = reminder_times(args.at)
    except ValueError as error:
        raise UsageError(f"argument --at: {error}") from None
    chosen = getattr(args, "home", None) is not None or bool(os.environ.get(ENV_VAR))
    # The same home as this command, written out in full: the reminder runs from elsewhere.
    command = due_command(_this_sitbone(), home.root if chosen else None)
    systemctl = None if args.cron else Systemctl.find()
    if systemctl is None:
        return _print_cron(times, command, asked=args.cron)

    from journal.reminder_files import NotOurs, write_units

    files = ReminderFiles.for_user()
    try:
        write_units(files, times, command)
    except NotOurs as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except ValueError as error:  # a program path systemd cannot run
        print(f"sitbone: {error}; use --cron", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"Reminder every day at {_times_text(times)}.")
    print(f"Wrote {files.timer}")
    print(f"Wrote {files.service}")
    print(f"It runs: {shlex.join(command)}")
    for step in (("daemon-reload",), ("enable", "--now", TIMER_UNIT)):
        ok, said = systemctl.run(*step)
        if not ok:
            print("To turn it on once your session runs systemd:")
            print("  systemctl --user daemon-reload")
            print(f"  systemctl --user enable --now {TIMER_UNIT}")
            print(
                f"sitbone: `systemctl --user {' '.join(step)}` failed ({said}); the reminder "
                "is written but not on (or use `sitbone remind install --cron`)",
                file=sys.stderr,
            )
            return EXIT_PROBLEM
    print(
        "The timer is on. A time missed while the computer slept or was off runs when it is back."
    )
    _print_timer_state(systemctl)
    return EXIT_OK


def _this_sitbone() -> tuple[str, ...]:
    """How to run this very sitbone from a timer: the installed script, else the interpreter
    with the module."""
    script = Path(sys.argv[0])
    if script.name == "sitbone" and script.is_file():
        return (str(script.resolve()),)
    # -P: the folder the timer starts in is not put on the import path.
    return (sys.executable, "-P", "-m", "tui")


def _print_cron(times: Sequence[time], command: Sequence[str], asked: bool) -> int:
    from journal.reminders import cron_lines

    try:
        lines = cron_lines(times, command)
    except ValueError as error:
        raise UsageError(f"argument --home: {error}") from None
    # Comments and lines only: the output can go straight into `crontab -`.
    print("# sitbone reminder: add these lines to your crontab (crontab -e). Nothing was written.")
    if not asked:
        print("# (No systemctl on PATH, so no systemd timer.)")
    print("# cron does not catch up: a time missed while the computer slept or was off is skipped.")
    for line in lines:
        print(line)
    return EXIT_OK


# -- remove ----------------------------------------------------------------------------------


def _remove(args: argparse.Namespace, home: Home) -> int:
    from journal.reminder_files import read_installed, remove_units
    from journal.reminders import TIMER_UNIT, ReminderFiles

    files = ReminderFiles.for_user()
    systemctl = Systemctl.find()
    failed: list[str] = []
    if read_installed(files).timer_is_ours and systemctl is not None:
        ok, said = systemctl.run("disable", "--now", TIMER_UNIT)
        if not ok:
            failed.append(f"`systemctl --user disable --now {TIMER_UNIT}` failed ({said})")
    removal = remove_units(files)
    if removal.removed and systemctl is not None:
        ok, said = systemctl.run("daemon-reload")
        if not ok:
            failed.append(f"`systemctl --user daemon-reload` failed ({said})")
    for path in removal.removed:
        print(f"Removed {path}")
    for path in removal.left:
        print(f"Left {path}: it was not written by sitbone")
    if not removal.removed:
        print(f"No reminder was installed in {files.folder}; nothing was removed.")
    for problem in failed:
        print(f"{problem}; if a reminder still comes, run: systemctl --user daemon-reload")
    cron = _crontab_reminders()
    if cron:
        print(
            f"Your crontab has {len(cron)} sitbone reminder line(s): remove them with `crontab -e`."
        )
    return EXIT_OK


# -- status ----------------------------------------------------------------------------------


def _status(args: argparse.Namespace, home: Home) -> int:
    from journal.reminder_files import read_installed
    from journal.reminders import ReminderFiles

    installed = read_installed(ReminderFiles.for_user())
    files = installed.files
    if installed.timer_is_ours:
        print(f"Reminder every day at {_times_text(installed.times)} (systemd user timer).")
    for path in installed.ours:
        print(f"  {path}")
    if installed.command is not None:
        print(f"  ExecStart={installed.command}")
    if installed.ours and not installed.timer_is_ours:
        print(f"The timer {files.timer} is missing: run `sitbone remind install` again.")
    for path in installed.others:
        print(f"Not sitbone's: {path}")
    if installed.timer_is_ours:
        systemctl = Systemctl.find()
        if systemctl is None:
            print("  systemd: no systemctl on PATH to ask")
        else:
            _print_timer_state(systemctl)
    elif not installed.ours:
        print(f"No reminder installed in {files.folder}.")
    cron = _crontab_reminders()
    if cron:
        print("In your crontab:")
        for line in cron:
            print(f"  {line}")
    return EXIT_OK


def _print_timer_state(systemctl: Systemctl) -> None:
    from journal.reminders import TIMER_UNIT

    ok, said = systemctl.run("show", TIMER_UNIT, "--property=ActiveState,NextElapseUSecRealtime")
    if not ok:
        print(f"  systemd: did not answer ({said})")
        return
    state = dict(line.partition("=")[::2] for line in said.splitlines() if "=" in line)
    active = state.get("ActiveState") or "unknown"
    upcoming = state.get("NextElapseUSecRealtime", "").strip()
    next_run = f", next run {upcoming}" if upcoming and upcoming != "n/a" else ""
    print(f"  systemd: {active}{next_run}")


def _crontab_reminders() -> list[str]:
    """sitbone's lines in the user's crontab (read, never changed); none without crontab."""
    from journal.reminders import is_cron_reminder

    crontab = shutil.which("crontab")
    if crontab is None:
        return []
    ok, listing = _run([crontab, "-l"])
    return [line for line in listing.splitlines() if is_cron_reminder(line)] if ok else []


def _times_text(times: Sequence[time]) -> str:
    from journal.reminders import clock_text

    texts = [clock_text(at) for at in times]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"
