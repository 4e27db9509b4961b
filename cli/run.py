"""Command-line commands for the return to running: run (the app on the Run screen), log run
(a session done without the timer) and runs (the sessions and the suggested next one).
No textual; every action goes through journal/."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    Clock,
    OpenApp,
    Parser,
    UsageError,
    ask_about_avulsion,
    bad_fields,
    json_text,
    parse_date,
    parse_time,
    text,
    whole,
)
from store.home import Home

if TYPE_CHECKING:
    from content.programs import ProgramCatalog, RunProgram
    from journal.journal import Journal
    from journal.running import RunState
    from rules.run import NextRun
    from store.records import RunSession

MAX_MINUTES = 1440
# The pydantic field of RunSession each flag fills, for naming the flag in an error.
FLAGS = {
    "at": "--date",
    "program": "--program",
    "stage": "--stage",
    "seconds_done": "--partial",
    "pain_during": "--pain",
    "effort": "--effort",
    "note": "--note",
}


def add_commands(
    commands: argparse._SubParsersAction[Parser],
    kinds: argparse._SubParsersAction[Parser],
    common: Parser,
) -> None:
    stage = whole(1, 50)
    run = commands.add_parser(
        "run", parents=[common], help="open the app on the Run screen with a session ready"
    )
    run.add_argument("--program", metavar="ID", help="program id (default: your current one)")
    run.add_argument(
        "--stage", type=stage, metavar="N", help="stage number (default: the suggested one)"
    )

    log = kinds.add_parser(
        "run", parents=[common], help="log a walk/run session done without the timer"
    )
    log.add_argument(
        "--stage", type=stage, metavar="N", required=True, help="the stage run (1 to the last)"
    )
    log.add_argument("--program", metavar="ID", help="program id (default: your current one)")
    how = log.add_mutually_exclusive_group(required=True)
    how.add_argument("--completed", action="store_true", help="the whole session was done")
    how.add_argument(
        "--partial", type=_minutes, metavar="MINUTES", help="stopped after MINUTES (e.g. 12.5)"
    )
    log.add_argument("--pain", type=whole(0, 10), metavar="N", help="pain during, 0-10")
    log.add_argument("--effort", choices=["easy", "steady", "hard"], help="how hard it felt")
    log.add_argument(
        "--note", type=text(500), default="", metavar="TEXT", help="a note (up to 500 characters)"
    )
    log.add_argument("--date", type=parse_date, help="YYYY-MM-DD (default today)")
    log.add_argument(
        "--time", type=parse_time, help="HH:MM it began (default: now; 12:00 for a past day)"
    )
    log.add_argument("--for-clinician", action="store_true", help="mark it for your physio")

    runs = commands.add_parser(
        "runs", parents=[common], help="walk/run sessions and the suggested next one"
    )
    runs.add_argument("--program", metavar="ID", help="program id (default: your current one)")
    runs.add_argument("--json", action="store_true", help="print JSON")


def _minutes(raw: str) -> float:
    from journal.entry import parse_decimal

    try:
        value = parse_decimal(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a number of minutes") from None
    if not 0 < value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            f"{raw} minutes: give more than 0 and at most {MAX_MINUTES}"
        )
    if round(value * 60) < 1:
        raise argparse.ArgumentTypeError(f"{raw} minutes is less than a second")
    return value


# -- shared ------------------------------------------------------------------------------


def _catalog(home: Home) -> ProgramCatalog:
    """The programs; each custom file left out is named on stderr (the command goes on)."""
    from content.programs import load_catalog

    catalog = load_catalog(home.programs_dir)
    for problem in catalog.problems:
        print(f"sitbone: warning: program file left out: {problem}", file=sys.stderr)
    return catalog


def _chosen(catalog: ProgramCatalog, program_id: str | None) -> RunProgram | None:
    """The program named by --program (None when not given); an unknown id is a usage error."""
    if program_id is None:
        return None
    program = catalog.get(program_id)
    if program is None:
        known = ", ".join(p.id for p in catalog.programs)
        left_out = (
            f"; {len(catalog.problems)} program file(s) left out, see above"
            if catalog.problems
            else ""
        )
        raise UsageError(
            f"argument --program: unknown program '{program_id}' (known: {known}){left_out}"
        )
    return program


def _check_stage(program: RunProgram, stage: int | None) -> None:
    count = len(program.stages)
    if stage is not None and not 1 <= stage <= count:
        raise UsageError(
            f"argument --stage: {stage} is outside 1-{count}, the stages of '{program.id}'"
        )


def _open(home: Home, clock: Clock, catalog: ProgramCatalog) -> Journal:
    from journal.journal import Journal

    return Journal.open(home, clock, programs=catalog)


def _next_line(upcoming: NextRun) -> str:
    return f"Next: stage {upcoming.stage}, from {upcoming.not_before:%a %d %b}: {upcoming.reason}"


def _locked_line(state: RunState) -> str:
    from journal.running import RUN_PHASE

    return f"Running unlocks in phase {RUN_PHASE}; you are in phase {state.phase}."


# -- run -----------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from store import DataFileError

    catalog = _catalog(home)
    program = _chosen(catalog, args.program)
    journal: Journal | None
    try:
        journal = _open(home, clock, catalog)
    except DataFileError:
        # The app opens on its recovery screen; the stage is checked against the default.
        journal = None
    if program is None and args.stage is not None:
        program = journal.current_program() if journal else catalog.default
    if program is not None:
        _check_stage(program, args.stage)
    refusal = journal.refusal("Starting a run") if journal else None
    if refusal:
        print(f"sitbone: {refusal}", file=sys.stderr)
        return EXIT_PROBLEM
    launch: OpenApp | None = getattr(args, "open_app", None)
    if launch is None:
        print("sitbone: the app opens from the `sitbone` command", file=sys.stderr)
        return EXIT_PROBLEM
    return launch(home, clock, run_request=(args.program, args.stage))


# -- log run -------------------------------------------------------------------------------


def cmd_log_run(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from pydantic import ValidationError

    from journal.running import describe_run

    now = clock()
    catalog = _catalog(home)
    chosen = _chosen(catalog, args.program)
    journal = _open(home, clock, catalog)
    program = chosen or journal.current_program()
    _check_stage(program, args.stage)
    day = args.date or now.date()
    at = journal.moment(day) if args.time is None else datetime.combine(day, args.time)
    if at > now and day == now.date():
        raise UsageError(f"argument --time: {args.time:%H:%M} is later than now")
    try:
        run = journal.run_done(
            program,
            args.stage,
            at=at,
            minutes=None if args.completed else args.partial,
            pain=args.pain,
            effort=args.effort,
            note=args.note,
            for_clinician=args.for_clinician,
        )
    except ValidationError as error:
        raise bad_fields(error, {**FLAGS, "": "run"}) from None

    before = journal.running(program.id)
    log_with_advice(journal, run, before)
    after = journal.running(program.id)
    marked = " Marked for your physio." if run.for_clinician else ""
    print(
        f"Logged {describe_run(run)} on {run.at:%Y-%m-%d %H:%M}.{marked} {_next_line(after.next)}"
    )
    ask_about_avulsion(journal, run.pain_during, None)
    return EXIT_OK


# -- runs ----------------------------------------------------------------------------------


def cmd_runs(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from journal.running import describe_run

    catalog = _catalog(home)
    chosen = _chosen(catalog, args.program)
    journal = _open(home, clock, catalog)
    program = chosen or journal.current_program()
    state = journal.running(program.id)
    if args.json:
        print(json_text(runs_json(state)))
        return EXIT_OK
    print(f"Program: {program.name} ({program.id})")
    if not state.runs:
        print("No runs yet.")
    for run_id, run in state.runs:
        verdict = state.verdicts[run_id]
        print(
            f"{run_id:>5}  {run.at:%Y-%m-%d %H:%M}  {describe_run(run)}  "
            f"{verdict.outcome.label}: {verdict.reason}"
            + ("  (for my physio)" if run.for_clinician else "")
        )
    print(_next_line(state.next))
    if not state.unlocked:
        print(_locked_line(state))
    return EXIT_OK


def runs_json(state: RunState) -> dict[str, Any]:
    upcoming = state.next
    stage = state.program.stage(upcoming.stage)
    return {
        "program": state.program.id,
        "runs": [
            {
                "id": run_id,
                **run.model_dump(mode="json"),
                "outcome": state.verdicts[run_id].outcome.label,
                "outcome_reason": state.verdicts[run_id].reason,
            }
            for run_id, run in state.runs
        ],
        "next": {
            **upcoming.as_json(),
            "passes": upcoming.passes,
            "complete": upcoming.complete,
            "plan": stage.describe(),
            "total_s": stage.total_s(),
            "unlocked": state.unlocked,
        },
    }


def log_with_advice(
    journal: Journal,
    run: RunSession,
    before: RunState,
    unless: Callable[[], str | None] | None = None,
) -> None:
    """Log `run`, then say on stderr what the program would have advised against: too soon,
    running not unlocked, a red flag open. Advice, not refusals: the run happened, and the
    record says so. `unless` as for Journal.log_run."""
    warning = journal.too_soon(run, before)
    journal.log_run(run, unless)
    if warning:
        print(f"sitbone: {warning} Logged anyway.", file=sys.stderr)
    if not before.unlocked:
        print(
            f"sitbone: note: {_locked_line(before)} Logged anyway, as a record of what you did.",
            file=sys.stderr,
        )
    if before.refusal:
        print(f"sitbone: note: {before.refusal} Logged anyway.", file=sys.stderr)
