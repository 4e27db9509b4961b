"""Through the command line: entries filed the way the user meant, every entry judged on all
its scores, the 24-hour response in `status --json`, runs that say why they did not pass, and
red flags that stop advancing and running until a clinician's clearance."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest

from cli.main import main
from store import Home, Store
from store.records import PainEntry, PhaseChange, RunSession
from tests.conftest import NOW, fixed_clock

EVENING = datetime(2026, 11, 21, 19, 30)
YESTERDAY = "2026-11-20"


def at_evening() -> datetime:
    return EVENING


def sitbone(home: Home, *args: str, clock=fixed_clock) -> int:
    return main(["--home", str(home.root), *args], clock=clock)


def only_entry(home: Home) -> PainEntry:
    [(_, entry)] = Store(home).pain_entries()
    return entry


# -- filed the way the user meant ----------------------------------------------------------


def test_an_evening_entry_with_load_test_8_is_red(profiled_home: Home, capsys) -> None:
    args = ("log", "pain", "--rest", "1", "--load-test", "8", "--context", "evening")
    assert sitbone(profiled_home, *args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Stored as: evening, 2026-11-21 09:30."
    assert out[1].startswith("Load test 8/10, red: too much")
    assert "the gates and the 24-hour response read the morning check-in's" in out[1]


def test_a_backfilled_entry_with_a_load_test_is_a_morning_check_in(
    profiled_home: Home, capsys
) -> None:
    args = ("log", "pain", "--date", YESTERDAY, "--rest", "2", "--load-test", "3")
    assert sitbone(profiled_home, *args, clock=at_evening) == 0
    entry = only_entry(profiled_home)
    assert entry.context == "morning" and entry.at == datetime(2026, 11, 20, 8, 0)
    assert capsys.readouterr().out.startswith("Stored as: morning check-in, 2026-11-20 08:00.")


@pytest.mark.parametrize(
    ("args", "context", "at"),
    [
        # A load test makes a morning check-in, whatever the clock says.
        (("--load-test", "2"), "morning", "2026-11-21T19:30"),
        # Without one, the entry's own time decides, not the clock when it is typed.
        (("--time", "07:45"), "morning", "2026-11-21T07:45"),
        (("--time", "13:00"), "other", "2026-11-21T13:00"),
        ((), "evening", "2026-11-21T19:30"),
        (("--date", YESTERDAY), "morning", "2026-11-20T08:00"),
        # A context given picks a fitting time for a past day.
        (("--date", YESTERDAY, "--context", "evening"), "evening", "2026-11-20T20:00"),
        (("--date", YESTERDAY, "--context", "after-run"), "after-run", "2026-11-20T12:00"),
        (("--load-test", "2", "--context", "after-exercise"), "after-exercise", "2026-11-21T19:30"),
    ],
)
def test_context_follows_the_entry_not_the_clock(
    profiled_home: Home, args: tuple[str, ...], context: str, at: str
) -> None:
    assert sitbone(profiled_home, "log", "pain", "--rest", "1", *args, clock=at_evening) == 0
    entry = only_entry(profiled_home)
    assert (entry.context, entry.at.isoformat(timespec="minutes")) == (context, at)


# -- the 24-hour response in status --json ---------------------------------------------------


def mornings(home: Home, scores: list[tuple[int, int]]) -> None:
    """One morning check-in a day, the last one today."""
    first = NOW.date() - timedelta(days=len(scores) - 1)
    Store(home, fixed_clock).add_many(
        "pain",
        [
            PainEntry(
                at=datetime.combine(first + timedelta(days=i), time(7)),
                context="morning",
                rest=rest,
                load_test=load,
            )
            for i, (rest, load) in enumerate(scores)
        ],
    )


def last_check_in(home: Home, capsys) -> dict:
    assert sitbone(home, "status", "--json") == 0
    return json.loads(capsys.readouterr().out)["last_check_in"]


@pytest.mark.parametrize(
    ("scores", "response", "words"),
    [
        ([(1, 2)], "no baseline yet", "no baseline yet"),
        ([(1, 2)] * 8, "settled", "settled"),
        ([(1, 2)] * 7 + [(1, 3)], "up by 1", "1 above your baseline of 2"),
        ([(1, 2)] * 7 + [(1, 4)], "flare", "2 above your baseline of 2: a flare"),
        ([(min(5, 1 + d // 4),) * 2 for d in range(24)], "worsening", "worsening, morning"),
    ],
)
def test_status_json_names_the_response_and_why(
    profiled_home: Home, capsys, scores, response: str, words: str
) -> None:
    mornings(profiled_home, scores)
    check = last_check_in(profiled_home, capsys)
    assert check["response"] == response
    assert words in check["verdict"]
    assert check["load_test_done"] == "bridge-floor"


def test_a_steady_5_reads_not_tolerating_in_status(profiled_home: Home, capsys) -> None:
    mornings(profiled_home, [(1, 5)] * 8)
    check = last_check_in(profiled_home, capsys)
    assert check["response"] == "settled" and check["tolerating"] is False
    assert "but 4 or more: not tolerating the load" in check["verdict"]


# -- runs say why they did not pass -------------------------------------------------------


def test_runs_json_says_a_run_was_too_soon(profiled_home: Home, capsys) -> None:
    store = Store(profiled_home, fixed_clock)
    change = PhaseChange(at=NOW - timedelta(days=40), from_phase=3, to_phase=4, reason="gate")
    store.add("phase_history", change)
    mornings(profiled_home, [(1, 1)] * 14)
    for back in (5, 4):
        run = RunSession(
            at=NOW - timedelta(days=back), program="sitbone", stage=1, completed=True,
            seconds_done=28 * 60, pain_during=1,
        )  # fmt: skip
        store.add("runs", run)
    assert sitbone(profiled_home, "runs", "--json") == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [(r["outcome"], r["outcome_reason"]) for r in runs] == [
        ("pass", "pain 1/10 during and a settled next morning"),
        ("repeat", "too soon: 0 of 2 rest days"),
    ]


# -- red flags that stop things -----------------------------------------------------------


def test_an_open_emergency_flag_refuses_advance_and_running_until_cleared(
    profiled_home: Home, capsys
) -> None:
    assert sitbone(profiled_home, "profile", "--red-flag", "cauda-equina") == 0
    capsys.readouterr()
    assert sitbone(profiled_home, "advance", "--reason", "my physio cleared me") == 1
    err = capsys.readouterr().err
    assert err.startswith("sitbone: Advancing a phase is refused while a red flag is open")
    assert "(emergency)" in err and "emergency department" in err
    assert 'sitbone profile --cleared "REASON"' in err and err.count("\n") == 1
    assert Store(profiled_home).phase_changes() == []
    assert sitbone(profiled_home, "run") == 1
    assert capsys.readouterr().err.startswith("sitbone: Starting a run is refused")

    assert sitbone(profiled_home, "profile", "--cleared", "seen in A&E: nothing found") == 0
    out = capsys.readouterr().out
    assert "Red flags open: none." in out
    assert "cleared: Saddle numbness, bladder or bowel changes" in out
    assert "(reason: seen in A&E: nothing found)" in out
    assert sitbone(profiled_home, "advance", "--reason", "my physio cleared me") == 0


def test_a_see_clinician_flag_shows_but_does_not_block(profiled_home: Home, capsys) -> None:
    assert sitbone(profiled_home, "profile", "--red-flag", "nerve") == 0
    assert "(see a clinician)" in capsys.readouterr().out
    assert sitbone(profiled_home, "advance", "--reason", "physio said so") == 0


def test_profile_created_and_changed_from_the_shell(home: Home, capsys) -> None:
    create = ("profile", "--side", "right", "--since", "2026-09-01", "--running", "yes")
    assert sitbone(home, *create, "--no-red-flags") == 0
    profile = Store(home).profile()
    assert (profile.injured_side, profile.runs_now, profile.red_flags) == ("right", True, ())
    assert "Profile: right side, symptoms since 2026-09-01" in capsys.readouterr().out
    assert sitbone(home, "profile", "--running", "no", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["profile"]["runs_now"] is False
    assert document["profile"]["injured_side"] == "right"
    assert document["open_red_flags"] == [] and document["red_flag_history"] == []
    assert sitbone(home, "profile", "--red-flag", "avulsion", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["open_red_flags"][0]["id"] == "avulsion"
    assert document["open_red_flags"][0]["blocks"] is True
    assert document["red_flag_history"][0]["raised"] == ["avulsion"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--side", "left"), 2, "no profile yet: to create one, also give --since, --running"),
        (("--red-flag", "bogus"), 2, "argument --red-flag: unknown red flag 'bogus' (known: "),
        (("--cleared", " "), 2, "argument --cleared: give the reason"),
        (("--no-red-flags", "--red-flag", "nerve"), 2, "not allowed with argument"),
        (
            ("--side", "left", "--since", "2030-01-01", "--running", "no", "--no-red-flags"),
            2,
            "argument --since: symptoms cannot begin in the future",
        ),
    ],
)
def test_bad_profile_input_exits_2_with_one_line_and_writes_nothing(
    home: Home, capsys, args: tuple[str, ...], code: int, message: str
) -> None:
    assert sitbone(home, "profile", *args) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not home.data_file.exists()


def test_open_flags_close_only_with_a_clearance(profiled_home: Home, capsys) -> None:
    assert sitbone(profiled_home, "profile", "--cleared", "nothing to clear") == 1
    assert "no red flag is open" in capsys.readouterr().err
    assert sitbone(profiled_home, "profile", "--red-flag", "avulsion") == 0
    assert sitbone(profiled_home, "profile", "--no-red-flags") == 1
    assert "they close once a clinician has seen them" in capsys.readouterr().err
    assert Store(profiled_home).profile().red_flags == ("avulsion",)


def test_a_painful_phase_3_session_or_run_asks_about_a_torn_tendon(
    profiled_home: Home, capsys
) -> None:
    change = PhaseChange(at=NOW - timedelta(days=3), from_phase=2, to_phase=3, reason="gate")
    Store(profiled_home, fixed_clock).add("phase_history", change)
    args = ("log", "session", "romanian-deadlift", "--sets", "3", "--reps", "8", "--pain", "6")
    assert sitbone(profiled_home, *args) == 0
    err = capsys.readouterr().err
    assert "Pain 6/10. Did you feel a sudden pop or a sharp pain" in err
    assert "sitbone profile --red-flag avulsion" in err
    assert sitbone(profiled_home, "log", "run", "--stage", "1", "--completed", "--pain", "5") == 0
    assert "sudden pop" not in capsys.readouterr().err


def test_a_flag_id_the_content_does_not_know_is_shown_as_text_not_a_crash(
    profiled_home: Home, capsys
) -> None:
    # A hand edit may leave any text in the profile's flags: it counts as an urgent flag.
    store = Store(profiled_home, fixed_clock)
    profile = store.profile()
    assert profile is not None
    store.save_profile(profile.model_copy(update={"red_flags": ("Not a slug!\x1b[2J",)}))
    assert sitbone(profiled_home, "status") == 0
    out = capsys.readouterr().out
    assert "Red flag 'Not a slug!␛[2J'" in out and "\x1b" not in out
    assert sitbone(profiled_home, "due", "--short") == 1
    assert capsys.readouterr().out.startswith("sitbone: red flag")
