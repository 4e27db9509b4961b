"""Command-line command for the profile and its red flags: show them, create or change the
profile, raise a flag, record a clinician's clearance. No textual."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    Clock,
    Parser,
    UsageError,
    bad_fields,
    json_text,
    parse_date,
    text,
)
from store.home import Home

if TYPE_CHECKING:
    from journal.journal import Journal
    from store.records import Profile

CREATE_NEEDS = ("--side", "--since", "--running", "--no-red-flags or --red-flag ID")


def add_commands(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    profile = commands.add_parser(
        "profile", parents=[common], help="show, create or change your profile and red flags"
    )
    profile.add_argument("--side", choices=["left", "right", "both"], help="the side that hurts")
    profile.add_argument(
        "--since", type=parse_date, metavar="YYYY-MM-DD", help="when the symptoms began"
    )
    profile.add_argument("--running", choices=["yes", "no"], help="are you running at the moment")
    flags = profile.add_mutually_exclusive_group()
    flags.add_argument(
        "--no-red-flags", action="store_true", help="none of the red flags applies to you"
    )
    flags.add_argument(
        "--red-flag", action="append", default=[], metavar="ID",
        help="record a red flag that applies (repeatable; ids: `sitbone profile --json` "
        "or the Learn page on red flags)",
    )  # fmt: skip
    flags.add_argument(
        "--cleared", metavar="REASON", type=text(500),
        help="a clinician has seen the open red flags: close them, keeping date and reason",
    )  # fmt: skip
    profile.add_argument("--json", action="store_true", help="print JSON")


def _changes_asked(args: argparse.Namespace) -> bool:
    return bool(args.side or args.since or args.running or args.no_red_flags or args.red_flag) or (
        args.cleared is not None
    )


def cmd_profile(args: argparse.Namespace, home: Home, clock: Clock) -> int:
    from content.loader import load_library
    from journal.journal import Journal

    library = load_library()
    known = [flag.id for flag in library.red_flags]
    for flag_id in args.red_flag:
        if flag_id not in known:
            raise UsageError(
                f"argument --red-flag: unknown red flag '{flag_id}' (known: {', '.join(known)})"
            )
    if args.cleared is not None and not args.cleared.strip():
        raise UsageError("argument --cleared: give the reason, e.g. 'seen by my GP, no tear'")
    journal = Journal.open(home, clock, library)
    if _changes_asked(args):
        problem = _change(args, journal)
        if problem:
            print(f"sitbone: {problem}", file=sys.stderr)
            return EXIT_PROBLEM
    _show(args, journal)
    return EXIT_OK


def _change(args: argparse.Namespace, journal: Journal) -> str | None:
    """Create or change the profile as asked; the reason it was refused, or None."""
    from pydantic import ValidationError

    from journal.safety import open_flags

    profile = journal.profile()
    if profile is None:
        missing = [
            flag
            for flag, given in zip(
                CREATE_NEEDS,
                (args.side, args.since, args.running, args.no_red_flags or args.red_flag),
                strict=True,
            )
            if not given
        ]
        if args.cleared is not None:
            return "there is no profile yet, so no red flag to clear"
        if missing:
            raise UsageError(f"no profile yet: to create one, also give {', '.join(missing)}")
    try:
        changed = journal.profile_from(
            profile,
            injured_side=args.side or (profile.injured_side if profile else None),
            symptoms_began=args.since or (profile.symptoms_began if profile else None),
            runs_now=(args.running == "yes")
            if args.running
            else (profile.runs_now if profile else None),
        )
    except ValidationError as error:
        flags = {"symptoms_began": "--since", "injured_side": "--side", "runs_now": "--running"}
        raise bad_fields(error, flags) from None
    if args.no_red_flags and changed.red_flags:
        names = "; ".join(flag.title for flag in open_flags(changed, journal.library))
        return (
            f"red flags are open ({names}); they close once a clinician has seen them: "
            'sitbone profile --cleared "REASON"'
        )
    if args.cleared is not None:
        if not changed.red_flags:
            return "no red flag is open, so there is nothing to clear"
        journal.clear_flags(args.cleared, changed)
        return None
    raised = tuple(f for f in dict.fromkeys(args.red_flag) if f not in changed.red_flags)
    # The profile and the flags' history in one write: they never disagree.
    flagged = changed.model_copy(update={"red_flags": (*changed.red_flags, *raised)})
    journal.save_profile(flagged, profile)
    return None


def _show(args: argparse.Namespace, journal: Journal) -> None:
    if args.json:
        print(json_text(journal.profile_document()))
        return
    profile = journal.profile()
    if profile is None:
        print(
            "No profile yet. Create one: sitbone profile --side left|right|both "
            "--since YYYY-MM-DD --running yes|no (--no-red-flags | --red-flag ID ...)"
        )
        return
    print("\n".join(profile_lines(profile, journal)))


def profile_lines(profile: Profile, journal: Journal) -> list[str]:
    from journal.reports import describe_profile
    from journal.safety import CLEAR_HOW, describe_history, open_flags, opened_on, urgency_words

    library = journal.library
    lines = [f"Profile: {describe_profile(profile, journal.today())}."]
    history = journal.red_flag_history()
    flags = open_flags(profile, library)
    if not flags:
        lines.append("Red flags open: none.")
    for flag in flags:
        since = opened_on(history, flag.id)
        when = f" since {since:%Y-%m-%d}" if since else ""
        lines.append(f"RED FLAG open{when} ({urgency_words(flag)}): {flag.title}.")
        lines.append(f"  {flag.action}")
    if any(flag.urgency in ("emergency", "urgent") for flag in flags):
        lines.append(
            "  While it is open, advancing a phase, unlocking running and starting a run are "
            f"refused. Once a clinician has seen you, {CLEAR_HOW}."
        )
    if history:
        lines.append("Red flag history:")
        lines.extend(f"  {describe_history(change, library)}" for change in history)
    return lines
