"""`sitbone import FILE`: a run recorded by a watch (FIT, GPX or TCX, gzipped or not), logged
like `sitbone log run` logs one: the same checks, warnings, output and judging. The file is
read whole before the data file is opened, so a file that cannot be used writes nothing.
No textual; every action goes through journal/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import (
    EXIT_OK,
    Clock,
    Parser,
    UsageError,
    ask_about_avulsion,
    bad_fields,
    text,
    whole,
)
from store.home import Home

if TYPE_CHECKING:
    from pydantic import ValidationError

    from journal.importing.activity import Activity
    from journal.importing.importer import ImportedRun

# What the file gives a run, named for the person when the file's value cannot be stored.
FROM_FILE = {"at": "its start time", "seconds_done": "its time moving", "segments": "its laps"}
FLAGS = {
    "stage": "--stage",
    "program": "--program",
    "pain_during": "--pain",
    "effort": "--effort",
    "note": "--note",
}


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    command = commands.add_parser(
        "import",
        parents=[common],
        help="record a run from a watch's file (.fit, .gpx, .tcx, each also .gz)",
    )
    command.add_argument("file", metavar="FILE", help="the activity file")
    command.add_argument(
        "--stage", type=whole(1, 50), metavar="N", help="the stage run (default: the suggested one)"
    )
    command.add_argument("--program", metavar="ID", help="program id (default: your current one)")
    command.add_argument("--pain", type=whole(0, 10), metavar="N", help="pain during, 0-10")
    command.add_argument("--effort", choices=["easy", "steady", "hard"], help="how hard it felt")
    command.add_argument(
        "--note", type=text(500), default="", metavar="TEXT", help="a note (up to 500 characters)"
    )
    command.add_argument("--for-clinician", action="store_true", help="mark it for your physio")


def cmd_import(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from pydantic import ValidationError

    from cli.run import _catalog, _check_stage, _chosen, _next_line, _open, log_with_advice
    from journal.importing.importer import earlier_import, imported_run, logged_by_hand
    from journal.running import describe_run
    from store.errors import AlreadyStored

    activity = _activity(args.file)
    catalog = _catalog(home)
    chosen = _chosen(catalog, args.program)
    journal = _open(home, clock, catalog)
    program = chosen or journal.current_program()
    before = journal.running(program.id)
    stage = args.stage if args.stage is not None else before.next.stage
    _check_stage(program, stage)
    try:
        imported = imported_run(
            journal,
            activity,
            program,
            stage,
            pain=args.pain,
            effort=args.effort,
            note=args.note,
            for_clinician=args.for_clinician,
        )
    except ValidationError as error:
        raise _bad_run(args.file, error) from None
    run = imported.run
    repeated = earlier_import(journal, run)
    if repeated:
        raise UsageError(f"{args.file}: {repeated}; nothing was written")
    by_hand = logged_by_hand(journal, run)

    try:
        # As `log run` does; the check is asked again under the write lock, so the same
        # file imported twice at once is still recorded once.
        log_with_advice(journal, run, before, unless=lambda: earlier_import(journal, run))
    except AlreadyStored as again:
        raise UsageError(f"{args.file}: {again}; nothing was written") from None
    if by_hand:
        ids = ", ".join(str(i) for i in by_hand)
        runs = f"runs {ids} of that day were" if len(by_hand) > 1 else f"run {ids} of that day was"
        print(
            f"sitbone: note: {runs} logged by hand; if one is this run, delete one of the two "
            "(Run screen, Runs tab, d).",
            file=sys.stderr,
        )
    after = journal.running(program.id)
    marked = " Marked for your physio." if run.for_clinician else ""
    print(
        f"Imported {describe_run(run)} on {run.at:%Y-%m-%d %H:%M} from {args.file}: "
        f"{_what_was_read(activity, imported)}.{marked} {_next_line(after.next)}"
    )
    missing = _missing_answers(run.pain_during, run.effort)
    if missing:
        print(
            f"No {missing} given: add {'them' if ' or ' in missing else 'it'} in the app (Run "
            "screen, Runs tab: the run, then e for Pain/effort)."
            + (" A run without a pain score cannot pass." if run.pain_during is None else "")
        )
    ask_about_avulsion(journal, run.pain_during, None)
    return EXIT_OK


def _activity(raw: str) -> Activity:
    """The activity in the file; a file that cannot be used is a one-line usage error (exit
    2); one that cannot be read is an OSError (exit 1)."""
    from journal.importing.activity import UnusableFile
    from journal.importing.reading import read_activity

    if not raw.strip():
        raise UsageError("argument FILE: give a file (it is empty)")
    try:
        return read_activity(Path(raw))
    except UnusableFile as error:
        raise UsageError(f"{raw}: {error}; nothing was written") from None


def _bad_run(raw: str, error: ValidationError) -> UsageError:
    """A value from the file that no run may hold is the file's problem; one from a flag is
    named by its flag."""
    from journal.errors import first_field_message

    field, message = first_field_message(error)
    if field in FROM_FILE:
        return UsageError(f"{raw}: {FROM_FILE[field]}: {message}; nothing was written")
    return bad_fields(error, {**FLAGS, "": "run"})


def _what_was_read(activity: Activity, imported: ImportedRun) -> str:
    """e.g. '4.20 km, 14 walk/run segments as the stage plans'."""
    distance = f"{activity.metres / 1000:.2f} km, " if activity.metres else ""
    count = len(imported.run.segments)
    if not imported.walk_run:
        return f"{distance}one segment (no walk/run laps)"
    plan = " as the stage plans" if imported.as_planned else ", not the stage's plan"
    return f"{distance}{count} walk/run segments{plan}"


def _missing_answers(pain: int | None, effort: str | None) -> str:
    """'pain score', 'effort', 'pain score or effort', or '' when both were given."""
    missing = [name for name, value in (("pain score", pain), ("effort", effort)) if value is None]
    return " or ".join(missing)
