"""`sitbone outcome`: recording the VISA-H total and a sitting test, bad input refused at the
field with nothing written, and the list of what was taken and what is due."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from cli.main import main
from store import Home, Store
from tests.conftest import Ran, fixed_clock


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """One command in-process on the tests' fixed clock (Saturday 21 November 2026, 09:30)."""

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = main(list(args), clock=fixed_clock)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def outcome(run_cli: Callable[..., Ran], home: Home, *args: str) -> Ran:
    return run_cli("--home", str(home.root), "outcome", *args)


def test_the_visa_h_total_is_stored_with_its_date_and_note(
    run_cli: Callable[..., Ran], profiled_home: Home
) -> None:
    ran = outcome(
        run_cli, profiled_home, "visa-h", "62", "--date", "2026-11-18", "--note", "with my physio"
    )
    assert ran.returncode == 0, ran.stderr
    ((_, measure),) = Store(profiled_home).outcomes()
    assert measure.model_dump(mode="json") == {
        "at": "2026-11-18T12:00:00", "kind": "visa-h", "score": 62, "sitting_min": None,
        "chair": None, "note": "with my physio",
    }  # fmt: skip
    # Up to a week before the profile's first day counts for week 0: only the sitting test is
    # still due.
    assert ran.stdout == (
        "Recorded: VISA-H 62/100, 2026-11-18 12:00.\nStill due (week 0): sitting test.\n"
    )


def test_a_sitting_test_names_its_chair_and_stops_at_the_limit(
    run_cli: Callable[..., Ran], profiled_home: Home
) -> None:
    ran = outcome(run_cli, profiled_home, "sitting", "60", "--chair", "car")
    assert ran.returncode == 0, ran.stderr
    ((_, measure),) = Store(profiled_home).outcomes()
    assert (measure.kind, measure.sitting_min, measure.chair) == ("sitting", 60, "car")
    assert measure.at.isoformat() == "2026-11-21T09:30:00"
    assert ran.stdout.startswith(
        "Recorded: sitting test: 60 min on a car seat (the limit: no pain), 2026-11-21 09:30.\n"
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("visa-h", "101"), "argument SCORE: 101 is outside 0-100"),
        (("visa-h", "-3"), "SCORE"),
        (("visa-h", "6o"), "argument SCORE: '6o' is not a whole number"),
        (("visa-h",), "SCORE"),
        (("sitting", "61", "--chair", "hard"), "argument MINUTES: whole minutes from 0 to 60"),
        (("sitting", "30"), "--chair"),
        (("sitting", "30", "--chair", "sofa"), "argument --chair"),
        (("visa-h", "50", "--date", "2026-11-22"), "argument --date: the date is in the future"),
        (("visa-h", "50", "--date", "1999-12-31"), "argument --date: the date is before 2000"),
        (("visa-h", "50", "--date", "21/11/2026"), "argument --date"),
        (("visa-h", "50", "--note", "x" * 501), "argument --note"),
        (("visa-h", "50", "--note", "a\x1b[2Jb"), "argument --note: contains a control"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    run_cli: Callable[..., Ran], home: Home, args: tuple[str, ...], field: str
) -> None:
    ran = outcome(run_cli, home, *args)
    assert ran.returncode == 2
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and ran.stderr.startswith("sitbone: ")
    assert field in ran.stderr
    assert not home.data_file.exists()


def test_the_list_shows_what_was_taken_and_what_is_due(
    run_cli: Callable[..., Ran], profiled_home: Home
) -> None:
    before = outcome(run_cli, profiled_home)
    assert before.returncode == 0
    assert "Due now (week 0, until Fri 18 Dec): VISA-H and sitting test." in before.stdout
    assert "None taken yet." in before.stdout
    outcome(run_cli, profiled_home, "visa-h", "48")
    outcome(run_cli, profiled_home, "sitting", "20", "--chair", "hard")
    after = outcome(run_cli, profiled_home).stdout.splitlines()
    assert "Nothing is due now." in after
    assert "Next: week 4, from Sat 19 Dec 2026." in after
    assert after[-2:] == [
        "    2  2026-11-21  week 0    sitting test: 20 min on a hard chair",
        "    1  2026-11-21  week 0    VISA-H 48/100",
    ]


def test_the_list_as_json(run_cli: Callable[..., Ran], profiled_home: Home) -> None:
    outcome(run_cli, profiled_home, "visa-h", "48", "--note", "ok")
    document = json.loads(outcome(run_cli, profiled_home, "--json").stdout)
    assert document["start"] == "2026-11-21"
    assert document["schedule_weeks"] == [0, 4, 12, 26, 52]
    assert document["due"] == [
        {"kind": "sitting", "week": 0, "from": "2026-11-21", "until": "2026-12-18"}
    ]
    assert document["next"] == {"week": 4, "from": "2026-12-19"}
    [taken] = document["taken"]
    assert taken | {"id": 0} == {
        "id": 0, "week": 0, "at": "2026-11-21T09:30:00", "kind": "visa-h", "score": 48,
        "sitting_min": None, "chair": None, "note": "ok",
    }  # fmt: skip


def test_without_a_profile_nothing_is_due(run_cli: Callable[..., Ran], home: Home) -> None:
    ran = outcome(run_cli, home)
    assert ran.returncode == 0
    assert "from the day you create a profile" in ran.stdout
    assert "Due now" not in ran.stdout


@pytest.mark.parametrize("argv", [["outcome", "--help"], ["outcome", "visa-h", "--help"]])
def test_the_help_says_only_the_total_is_kept(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    from cli.main import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)
    shown = " ".join(capsys.readouterr().out.split())
    assert "keeps only the VISA-H total you enter, not the answers" in shown
    assert "on paper or with your clinician" in shown
