"""The `sitbone` command: quick entry and scripts on the same data as the app. The parser,
the dispatch to each group's module, and the one-line report of anything that stops a
command. No textual: with no command the app opens through the launcher handed in."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from cli import (  # every command's module: the parser is built from them all, each time
    completion,
    due,
    files,
    home,
    import_run,
    outcome,
    pain,
    profile,
    program,
    remind,
    report,
    run,
    serve,
    week,
)
from cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    Clock,
    OpenApp,
    Parser,
    UsageError,
)
from journal import __version__


def build_parser() -> argparse.ArgumentParser:

    common = Parser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder holding the data file (default: $SITBONE_HOME or the user data folder)",
    )
    parser = Parser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    home.add_commands(commands, common)
    log = commands.add_parser("log", parents=[common], help="record something done or felt")
    kinds = log.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser, required=True)
    pain.add_commands(commands, kinds, common)
    profile.add_commands(commands, common)
    program.add_commands(commands, kinds, common)
    run.add_commands(commands, kinds, common)
    import_run.add_commands(commands, common)
    outcome.add_commands(commands, common)
    week.add_commands(commands, common)
    due.add_commands(commands, common)
    remind.add_commands(commands, common)
    report.add_commands(commands, common)
    files.add_commands(commands, common)
    serve.add_commands(commands, common)
    completion.add_commands(commands, common)
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


def main(
    argv: Sequence[str] | None = None,
    clock: Clock = datetime.now,
    open_app: OpenApp | None = None,
) -> int:
    """Run one command; `open_app` opens the app (for no command, `--demo` and `run`)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(out), _PrintableStream(err)
    try:
        return _main(argv, clock, open_app)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None, clock: Clock, open_app: OpenApp | None) -> int:
    from store.errors import StoreError

    try:
        args = build_parser().parse_args(argv)
        args.open_app = open_app
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
    except Exception as error:  # the last word: one line, never a traceback
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
    stdout = sys.__stdout__
    if stdout is None:  # no stdout at all (pythonw): no pipe to have broken
        return
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())


def _dispatch(args: argparse.Namespace, clock: Clock) -> int:
    from store import Home

    given = getattr(args, "home", None)
    if given is not None and not given.strip():
        raise UsageError("argument --home: give a folder (it is empty)")
    where = Home.resolve(given)
    if args.demo and args.command:
        raise UsageError("--demo opens the app; it cannot be combined with a command")
    if args.command == "log":
        logs = {"pain": pain.cmd_log_pain, "session": program.cmd_log_session}
        return logs.get(args.kind, run.cmd_log_run)(args, where, clock)
    handlers = {
        None: home.open_app,
        "demo": home.cmd_demo,
        "status": home.cmd_status,
        "check": home.cmd_check,
        "where": home.cmd_where,
        "pain": pain.cmd_pain,
        "profile": profile.cmd_profile,
        "export": files.cmd_export,
        "restore": files.cmd_restore,
        "exercises": program.cmd_exercises,
        "gate": program.cmd_gate,
        "advance": program.cmd_advance,
        "step-back": program.cmd_step_back,
        "run": run.cmd_run,
        "runs": run.cmd_runs,
        "import": import_run.cmd_import,
        "outcome": outcome.cmd_outcome,
        "week": week.cmd_week,
        "report": report.cmd_report,
        "due": due.cmd_due,
        "remind": remind.cmd_remind,
        "serve": serve.cmd_serve,
        "completion": completion.cmd_completion,
    }
    return handlers[args.command](args, where, clock)
