"""The `sitbone` command: quick entry and scripts on the same data as the TUI.

This module must not import textual (a test checks it); only `open_tui` loads the app.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn, TextIO

from tui import __version__

Clock = Callable[[], datetime]
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line, not argparse's usage block: scripts and people both read it.
        raise UsageError(message)


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        from tui.entry import parse_whole

        try:
            value = parse_whole(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}-{high}")
        return value

    return parse


def _text(limit: int) -> Callable[[str], str]:
    """Free text (a note, a reason): at most `limit` characters, no control characters."""

    def parse(text: str) -> str:
        from rules.text import control_problem

        problem = control_problem(text)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        if len(text) > limit:
            raise argparse.ArgumentTypeError(f"{len(text)} characters; give at most {limit}")
        return text

    return parse


def json_text(document: object) -> str:
    """JSON for the terminal: the same data, with every control character escaped."""
    from rules.text import escape_json_controls

    return escape_json_controls(json.dumps(document, indent=2, ensure_ascii=False))


def _add_log_pain(kinds: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from typing import get_args

    from store.records import Aggravator, Chair, PainContext

    pain = kinds.add_parser("pain", parents=[common], help="log a pain entry and get advice")
    score, minutes, reps = _whole(0, 10), _whole(0, 1440), _whole(0, 500)
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
    pain.add_argument("--note", type=_text(2000), default="", help="a note (up to 2000 characters)")
    pain.add_argument("--date", type=_parse_date, help="YYYY-MM-DD (default today)")
    pain.add_argument("--time", type=_parse_time, help="HH:MM (default now)")


def _parse_date(text: str) -> date:
    from tui.entry import parse_day

    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parse_time(text: str) -> time:
    from tui.entry import parse_clock

    try:
        return parse_clock(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
        "--weeks", type=_whole(1, 104), default=10, help="weeks of sample data (1-104, default 10)"
    )
    status = commands.add_parser(
        "status", parents=[common], help="profile, phase and today's summary"
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    log = commands.add_parser("log", parents=[common], help="record something done or felt")
    kinds = log.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    _add_log_pain(kinds, common)
    from tui import cli_files, cli_profile, cli_program, cli_run

    cli_profile.add_commands(commands, common)
    cli_program.add_commands(commands, kinds, common)
    cli_run.add_commands(commands, kinds, common)
    pain = commands.add_parser("pain", parents=[common], help="list pain entries")
    pain.add_argument("--days", type=_whole(1, 36500), default=14, help="how many days back (14)")
    pain.add_argument("--json", action="store_true", help="print JSON")
    commands.add_parser("check", parents=[common], help="exit 0 if the data file is sound, else 1")
    commands.add_parser("where", parents=[common], help="print where sitbone keeps its files")
    cli_files.add_commands(commands, common)
    return parser


class _PrintableStream:
    """stdout or stderr for the command line: control characters in anything printed (a note,
    a program's name, a path) are shown as symbols, never sent to the terminal as codes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from rules.text import printable

        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None, clock: Clock = datetime.now) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(out), _PrintableStream(err)  # type: ignore[assignment]
    try:
        return _main(argv, clock)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None, clock: Clock) -> int:
    from store.errors import StoreError

    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args, clock)
    except UsageError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"sitbone: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`sitbone pain | head`): not a fault, nothing to say.
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"sitbone: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEM
    except Exception as error:
        if os.environ.get("SITBONE_DEBUG"):
            raise
        # The type and place only: a message or a traceback could show the person's data.
        tb = error.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        place = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else ""
        print(
            f"sitbone: unexpected error ({type(error).__name__}{place}); nothing more was "
            "written. Set SITBONE_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM


def _silence_stdout() -> None:
    # Python would otherwise report the broken pipe again when it flushes stdout at exit.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())


def _dispatch(args: argparse.Namespace, clock: Clock) -> int:
    from store import Home
    from tui import cli_files, cli_profile, cli_program, cli_run

    given = getattr(args, "home", None)
    if given is not None and not given.strip():
        raise UsageError("argument --home: give a folder (it is empty)")
    home = Home.resolve(given)
    if args.demo and args.command:
        raise UsageError("--demo opens the app; it cannot be combined with a command")
    handlers = {
        None: _cmd_tui,
        "demo": _cmd_demo,
        "status": _cmd_status,
        "profile": cli_profile.cmd_profile,
        "export": cli_files.cmd_export,
        "log": _cmd_log,
        "pain": _cmd_pain,
        "check": _cmd_check,
        "where": _cmd_where,
        "restore": cli_files.cmd_restore,
        "exercises": cli_program.cmd_exercises,
        "gate": cli_program.cmd_gate,
        "advance": cli_program.cmd_advance,
        "step-back": cli_program.cmd_step_back,
        "run": cli_run.cmd_run,
        "runs": cli_run.cmd_runs,
    }
    return handlers[args.command](args, home, clock)


DEMO_PREFIX = "sitbone-demo-"


def _cmd_tui(args: argparse.Namespace, home, clock: Clock) -> int:
    if args.demo:
        clear_stale_demos(Path(tempfile.gettempdir()))
        # A throwaway home: the demo never touches the person's real data.
        with tempfile.TemporaryDirectory(prefix=DEMO_PREFIX) as folder:
            from store import Home

            # Whose demo this is: a later start removes it if this process was killed.
            (Path(folder) / "pid").write_text(str(os.getpid()), encoding="utf-8")
            demo_home = Home(Path(folder) / "home")
            _fill_demo(demo_home, 10, clock)
            return open_tui(demo_home, clock)
    return open_tui(home, clock)


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


def open_tui(home, clock: Clock, run_request: tuple[str | None, int | None] | None = None) -> int:
    """Open the app; `run_request` (program id, stage) opens it on the Run screen with that
    session ready to start (None parts: the suggested program or stage)."""
    from tui.app import SitboneApp

    app = SitboneApp(home=home, clock=clock, run_request=run_request)
    app.run()
    # Non-zero when the app stopped on an error, so scripts and shells can tell.
    return app.return_code or EXIT_OK


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
    weeks = "1 week" if args.weeks == 1 else f"{args.weeks} weeks"
    entries = "1 pain entry" if count == 1 else f"{count} pain entries"
    print(f"Filled {home.data_file} with {weeks} of sample data ({entries}).")
    return EXIT_OK


def _cmd_status(args: argparse.Namespace, home, clock: Clock) -> int:
    from store import Store
    from tui.reports import status_json, status_text

    store = Store(home, clock)
    store.check()
    today = clock().date()
    if args.json:
        print(json_text(status_json(store, today)))
    else:
        print(status_text(store, today))
    return EXIT_OK


def _cmd_log(args: argparse.Namespace, home, clock: Clock) -> int:
    if args.kind == "session":
        from tui.cli_program import cmd_log_session

        return cmd_log_session(args, home, clock)
    if args.kind == "run":
        from tui.cli_run import cmd_log_run

        return cmd_log_run(args, home, clock)
    return _log_pain(args, home, clock)


def _log_pain(args: argparse.Namespace, home, clock: Clock) -> int:
    from pydantic import ValidationError

    from content.loader import load_library
    from rules.advice import judge
    from store import Store
    from store.records import PainEntry
    from tui.entry import CONTEXT_NAMES, default_time, entry_context
    from tui.program import load_tests

    now = clock()
    day = args.date or now.date()
    context = args.context or entry_context(day, args.time, args.load_test, now)
    at_time = args.time or default_time(day, now, context)
    fields = {
        "at": datetime.combine(day, at_time), "context": context, "rest": args.rest,
        "load_test": args.load_test, "activity": args.activity,
        "stiffness_min": args.stiffness_min, "sitting_min": args.sitting_min,
        "chair": args.chair, "aggravators": tuple(args.aggravator), "note": args.note,
        "bridge_left": args.bridge_left, "bridge_right": args.bridge_right,
        "walk_min": args.walk_min,
    }  # fmt: skip
    try:
        entry = PainEntry.model_validate(fields, context={"today": now.date(), "now": now})
    except ValidationError as error:
        raise UsageError(_field_problem(error)) from None
    store = Store(home, clock)
    store.check()
    library = load_library()
    history = [existing for _, existing in store.pain_entries()]
    tests = load_tests(library, [change for _, change in store.phase_changes()])
    store.add_pain(entry)
    print(f"Stored as: {CONTEXT_NAMES[entry.context].lower()}, {entry.at:%Y-%m-%d %H:%M}.")
    print(judge(entry, history, library.pain_model.thresholds(), tests).line)
    return EXIT_OK


def _field_problem(error) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "entry"
    message = str(first["msg"]).removeprefix("Value error, ")
    at_flag = "--time" if "time" in message else "--date"
    flag = {"at": at_flag}.get(field, "--" + field.replace("_", "-"))
    if field == "entry" or "bridge" in message:
        flag = "--bridge-left/--bridge-right" if "bridge" in message else "entry"
    return f"argument {flag}: {message}"


def _cmd_pain(args: argparse.Namespace, home, clock: Clock) -> int:
    from datetime import timedelta

    from store import Store

    store = Store(home, clock)
    store.check()
    first = clock().date() - timedelta(days=args.days - 1)
    entries = [(i, e) for i, e in reversed(store.pain_entries()) if e.at.date() >= first]
    if args.json:
        document = [{"id": i, **e.model_dump(mode="json")} for i, e in entries]
        print(json_text(document))
        return EXIT_OK
    from tui.reports import describe_pain

    if not entries:
        days = "day" if args.days == 1 else f"{args.days} days"
        print(f"No pain entries in the last {days}.")
    for doc_id, entry in entries:
        print(f"{doc_id:>5}  {describe_pain(entry)}")
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
