"""Command-line commands for the exercise program: exercises, log session, gate, advance,
step-back. No textual; every action goes through journal/."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    Clock,
    Parser,
    UsageError,
    ask_about_avulsion,
    bad_fields,
    json_text,
    parse_date,
    text,
    whole,
)
from store.home import Home

if TYPE_CHECKING:
    from journal.journal import Journal
    from rules.gates import GateResult
    from store.changes import Change
    from store.records import PhaseChange


def add_commands(
    commands: argparse._SubParsersAction[Parser],
    kinds: argparse._SubParsersAction[Parser],
    common: Parser,
) -> None:
    exercises = commands.add_parser(
        "exercises", parents=[common], help="exercise ids and dosage for a phase"
    )
    exercises.add_argument("--phase", type=whole(1, 4), help="1-4 (default: your phase)")
    exercises.add_argument("--json", action="store_true", help="print JSON")

    session = kinds.add_parser("session", parents=[common], help="log an exercise done")
    session.add_argument("exercise", metavar="EXERCISE_ID", help="see `sitbone exercises`")
    session.add_argument("--sets", type=whole(1, 50), required=True, help="sets done, 1-50")
    amount = session.add_mutually_exclusive_group()
    amount.add_argument("--reps", type=whole(1, 500), help="reps per set")
    amount.add_argument("--hold", type=whole(1, 3600), metavar="SECONDS", help="hold per set")
    session.add_argument("--load", type=_load_kg, metavar="KG", help="added load in kg")
    session.add_argument("--pain", type=whole(0, 10), help="pain during, 0-10")
    session.add_argument("--date", type=parse_date, help="YYYY-MM-DD (default today)")
    session.add_argument(
        "--note", type=text(500), default="", metavar="TEXT", help="a note (up to 500 characters)"
    )
    session.add_argument("--for-clinician", action="store_true", help="mark it for your physio")

    gate = commands.add_parser("gate", parents=[common], help="your phase's exit gate")
    gate.add_argument("--json", action="store_true", help="print JSON")
    advance = commands.add_parser(
        "advance", parents=[common], help="move to the next phase (a reason overrides the gate)"
    )
    advance.add_argument(
        "--reason", type=text(500), default="", help="why, e.g. 'my physio cleared me'"
    )
    back = commands.add_parser("step-back", parents=[common], help="go back one phase")
    back.add_argument(
        "--reason", type=text(500), required=True, help="why, e.g. 'flare after hills'"
    )


def _load_kg(raw: str) -> float:
    from journal.entry import parse_decimal

    try:
        value = parse_decimal(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a number of kg") from None
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{raw} is outside 0-1000 kg")
    return value


def _open(home: Home, clock: Clock) -> Journal:
    from journal.journal import Journal

    return Journal.open(home, clock)


def cmd_exercises(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    journal = _open(home, clock)
    library = journal.library
    number = args.phase or journal.program().phase.number
    chosen = library.phase_exercises(number)
    if args.json:
        document = [
            {
                "id": e.id,
                "name": e.name,
                "dosage": e.dosage.describe(),
                **e.dosage.model_dump(),
                "days_per_week": e.days_per_week,
            }
            for e in chosen
        ]
        print(json_text({"phase": number, "exercises": document}))
        return EXIT_OK
    phase = library.phase(number)
    print(f"Phase {number}: {phase.name}")
    width = max((len(e.id) for e in chosen), default=10)
    for e in chosen:
        print(f"  {e.id:<{width}}  {e.dosage.describe()}, {e.days_per_week} days a week")
    return EXIT_OK


def cmd_log_session(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from pydantic import ValidationError

    journal = _open(home, clock)
    exercise = journal.library.exercise(args.exercise)
    if exercise is None:
        raise UsageError(
            f"argument EXERCISE_ID: unknown exercise '{args.exercise}'; "
            "`sitbone exercises` lists them"
        )
    try:
        session = journal.session(
            exercise.id,
            sets=args.sets,
            reps=args.reps,
            hold_s=args.hold,
            load_kg=args.load,
            pain=args.pain,
            at=journal.moment(args.date),
            note=args.note,
            for_clinician=args.for_clinician,
        )
    except ValidationError as error:
        flags = {"at": "--date", "hold_s": "--hold", "load_kg": "--load", "": "session"}
        raise bad_fields(error, flags) from None
    journal.log_session(session)
    amount = (
        f"{session.reps} reps" if session.reps else f"{session.hold_s} s" if session.hold_s else ""
    )
    print(
        f"Logged {exercise.name}: {session.sets} sets"
        + (f" x {amount}" if amount else "")
        + (f", {session.load_kg:g} kg" if session.load_kg is not None else "")
        + (f", pain {session.pain}/10" if session.pain is not None else "")
        + f" (phase {session.phase}, {session.at:%Y-%m-%d})."
        + (" Marked for your physio." if session.for_clinician else "")
    )
    ask_about_avulsion(journal, session.pain, session.phase)
    return EXIT_OK


def _gate_lines(gate: GateResult) -> list[str]:
    return [f"  [{c.state.words:^8}] {c.label}\n              {c.evidence}" for c in gate.criteria]


def cmd_gate(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    state = _open(home, clock).program()
    gate = state.gate
    if args.json:
        document = (
            gate.as_json()
            if gate
            else {"phase": state.phase.number, "next_phase": None, "passed": False, "criteria": []}
        )
        print(json_text(document))
        return EXIT_OK
    if gate is None:
        print(f"Phase {state.phase.number} ({state.phase.name}) is the last; it has no exit gate.")
        return EXIT_OK
    verdict = "passed" if gate.passed else f"{gate.met} of {len(gate.criteria)} met"
    print(f"Gate from phase {gate.phase} to {gate.next_phase}: {verdict}")
    print("\n".join(_gate_lines(gate)))
    return EXIT_OK


def cmd_advance(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    journal = _open(home, clock)
    moved = _move(lambda: journal.advance(args.reason))
    if moved is None:
        return EXIT_PROBLEM
    how = f" (override: {moved.reason})" if moved.overridden else ""
    print(f"Now in phase {moved.to_phase}: {journal.library.phase(moved.to_phase).name}{how}.")
    return EXIT_OK


def cmd_step_back(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    if not args.reason.strip():
        raise UsageError("argument --reason: give a reason for stepping back")
    journal = _open(home, clock)
    moved = _move(lambda: journal.step_back(args.reason))
    if moved is None:
        return EXIT_PROBLEM
    print(f"Back in phase {moved.to_phase}: {journal.library.phase(moved.to_phase).name}.")
    return EXIT_OK


def _move(act: Callable[[], Change]) -> PhaseChange | None:
    """The phase change `act` recorded, or None after saying on stderr why it was refused."""
    from journal.journal import Refused
    from store.records import PhaseChange

    try:
        change = act()
    except Refused as refusal:
        print(f"sitbone: {refusal}", file=sys.stderr)
        return None
    moved = change.after
    assert isinstance(moved, PhaseChange)
    return moved
