"""`sitbone week`: the review as a table within 80 columns, newest week first; the same data as
JSON; bad input and a bad settings file each one line."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from cli.main import main
from journal.journal import Journal
from journal.week import week_json
from store import Home
from tests.cli.test_hostile import stored_with_note
from tests.conftest import NOW, Clock, fixed_clock
from tests.hostile import raw_controls


def week(home: Home, *args: str, clock: Clock | None = None) -> int:
    return main(["--home", str(home.root), "week", *args], clock=clock or fixed_clock)


def test_the_table_is_newest_first_within_80_columns(demo_home: Home, capsys) -> None:
    assert week(demo_home) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("Weekly review, weeks from Monday, newest first")
    starts = [line.split()[0] for line in lines if line[:4] == "2026" and line[4] == "-"]
    assert starts[:4] == ["2026-11-16", "2026-11-09", "2026-11-02", "2026-10-26"]
    assert "Flare days: Tue 2026-11-03, Wed 2026-11-04." in out
    assert "Runs" in lines


def test_runs_have_the_words_of_sitbone_runs(demo_home: Home, capsys) -> None:
    assert week(demo_home) == 0
    out = capsys.readouterr().out
    state = Journal.open(demo_home, fixed_clock).running()
    latest_id, latest = state.runs[-1]
    verdict = state.verdicts[latest_id]
    assert f"{verdict.outcome.label}: {verdict.reason}" in out
    assert f"{latest.at:%Y-%m-%d %a} stage {latest.stage}" in out


def test_five_years_of_weeks_stay_within_80_columns(demo_home: Home, capsys) -> None:
    assert week(demo_home, "--weeks", "260") == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "The journal began in the week of 2026-09-07: 11 weeks so far." in lines


def test_json_is_the_same_review_newest_first(demo_home: Home, capsys) -> None:
    assert week(demo_home, "--weeks", "6", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    reviews = Journal.open(demo_home, fixed_clock).weekly_review(6)
    assert document == {
        "week_starts": "monday",
        "weeks": [week_json(review) for review in reversed(reviews)],
    }


def test_the_current_week_grows_with_the_clock(profiled_home: Home, capsys) -> None:
    clock = Clock(NOW + timedelta(days=2))  # Monday 23 November
    assert week(profiled_home, "--json", clock=clock) == 0
    first = json.loads(capsys.readouterr().out)["weeks"]
    clock.now += timedelta(days=1)
    assert week(profiled_home, "--json", clock=clock) == 0
    second = json.loads(capsys.readouterr().out)["weeks"]
    # The profile was made on Saturday 21: its week counts Saturday and Sunday.
    assert [(w["start"], w["days"]) for w in first] == [("2026-11-23", 1), ("2026-11-16", 2)]
    assert [(w["start"], w["days"]) for w in second] == [("2026-11-23", 2), ("2026-11-16", 2)]


def test_an_empty_home_has_one_week_of_one_day(home: Home, capsys) -> None:
    assert week(home) == 0
    out = capsys.readouterr().out
    assert "this week counts 1 day so far" in out
    assert "No runs in these weeks." in out
    assert not home.data_file.exists()  # reading writes nothing


def test_the_week_starts_on_the_settings_day(demo_home: Home, capsys) -> None:
    demo_home.settings_file.write_text("week_starts: saturday\n", encoding="utf-8")
    assert week(demo_home, "--json", "--weeks", "1") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["week_starts"] == "saturday"
    assert [(w["start"], w["days"]) for w in document["weeks"]] == [("2026-11-21", 1)]


def test_a_bad_settings_file_is_one_line(demo_home: Home, capsys) -> None:
    demo_home.settings_file.write_text("week_starts: someday\n", encoding="utf-8")
    assert week(demo_home) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sitbone: ") and captured.err.count("\n") == 1
    assert "week_starts" in captured.err


@pytest.mark.parametrize(
    ("value", "problem"),
    [("0", "outside 1-260"), ("261", "outside 1-260"), ("four", ""), ("-1", ""), ("", "")],
)
def test_bad_weeks_exit_2_with_one_line(run_cli, home: Home, value: str, problem: str) -> None:
    result = run_cli("--home", str(home.root), "week", "--weeks", value)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("sitbone: argument --weeks: ")
    assert result.stderr.count("\n") == 1 and problem in result.stderr


def test_nothing_printed_holds_a_raw_control_character(profiled_home: Home, capsys) -> None:
    stored_with_note(profiled_home, "\x1b]2;owned\x07\x9b31m")
    for args in ((), ("--json",)):
        capsys.readouterr()
        assert week(profiled_home, *args) == 0
        out = capsys.readouterr().out
        assert raw_controls(out) == []
    assert json.loads(out)["weeks"][0]["runs"][0]["note"] == "\x1b]2;owned\x07\x9b31m"
