"""`sitbone completion bash|zsh|fish`: a shell completion script made from the real parser
by shtab, so it names every command, option and choice the parser has and never drifts.
shtab is imported only here: no other command pays for it."""

from __future__ import annotations

import argparse
import sys

from cli.common import EXIT_OK, Clock, Parser
from store.home import Home

SHELLS = ("bash", "zsh", "fish")

# What each path argument completes to, by metavar (or by dest, upper-cased, when it has
# none): a new `--output FILE` or `import FILE` gets file completion with no change here.
FOLDER_METAVARS = frozenset({"DIR"})
FILE_METAVARS = frozenset({"FILE", "PATH", "BACKUP"})


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    completion = commands.add_parser(
        "completion",
        parents=[common],
        help="print a shell completion script (bash, zsh or fish)",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def cmd_completion(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    sys.stdout.write(script(args.shell))
    return EXIT_OK


def script(shell: str) -> str:
    """The completion script for `shell`, from the parser `sitbone` runs."""
    import shtab

    from cli.main import build_parser

    parser = build_parser()
    _mark_paths(parser, shtab.DIRECTORY, shtab.FILE)
    text: str = shtab.complete(parser, shell=shell)
    return text if text.endswith("\n") else text + "\n"


def _mark_paths(parser: argparse.ArgumentParser, folder: object, file: object) -> None:
    """Give every path argument of `parser` and its subcommands shtab's completer."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_paths(sub, folder, file)
            continue
        if action.nargs == 0 or action.choices:
            continue
        name = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
        if name in FOLDER_METAVARS:
            action.complete = folder  # type: ignore[attr-defined]
        elif name in FILE_METAVARS:
            action.complete = file  # type: ignore[attr-defined]
