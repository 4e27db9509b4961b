"""The command line and hostile text: control characters are refused where text comes in, and
never printed raw from what older data or a file holds; JSON stays exact but escaped; markup is
just text. Bad input of every documented kind exits 2 with one line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from cli.home import clear_stale_demos
from cli.main import main
from store import Home, Store
from store.records import PainEntry, PhaseChange, Profile, RunSession
from tests.conftest import NOW, fixed_clock
from tests.hostile import hostile_text, raw_controls


def sitbone(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args], clock=fixed_clock)


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.err.startswith("sitbone: ") and captured.err.count("\n") == 1, captured.err
    return captured.err


# -- refused where it comes in ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("log", "pain", "--rest", "1", "--note", "\x1b]2;owned\x07"),
        ("log", "run", "--stage", "1", "--completed", "--note", "a\x9bb"),
        ("advance", "--reason", "ok\x1b[2J"),
        ("step-back", "--reason", "\u202eevil"),
        ("profile", "--cleared", "seen\x07"),
    ],
)
def test_control_characters_are_refused_at_the_command_line(
    profiled_home: Home, capsys, args: tuple[str, ...]
) -> None:
    before = profiled_home.data_file.read_bytes()
    assert sitbone(profiled_home, *args) == 2
    assert "contains a control character" in one_line_error(capsys)
    assert profiled_home.data_file.read_bytes() == before


def test_markup_is_just_text_in_a_note(profiled_home: Home, capsys) -> None:
    for payload in ("[/]", "[left leg] sore", "[@click=app.quit]x[/]"):
        assert sitbone(profiled_home, "log", "pain", "--rest", "1", "--note", payload) == 0
    notes = [entry.note for _, entry in Store(profiled_home).pain_entries()]
    assert notes == ["[/]", "[left leg] sore", "[@click=app.quit]x[/]"]
    capsys.readouterr()
    assert sitbone(profiled_home, "pain", "--json") == 0
    assert [e["note"] for e in json.loads(capsys.readouterr().out)] == notes[::-1]


# -- never printed raw ------------------------------------------------------------------------


def stored_with_note(home: Home, note: str) -> None:
    """As older data or another writer may hold it: the store itself takes any text."""
    store = Store(home, fixed_clock)
    store.add_pain(PainEntry(at=NOW - timedelta(hours=1), context="morning", rest=1, note=note))
    run = RunSession(
        at=NOW - timedelta(days=1), program="sitbone", stage=1, completed=True,
        seconds_done=60, note=note,
    )  # fmt: skip
    store.add("runs", run)
    store.add(
        "phase_history",
        PhaseChange(at=NOW - timedelta(days=2), from_phase=1, to_phase=2, reason=note),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=hostile_text)
def test_nothing_printed_holds_a_raw_control_character(
    tmp_path_factory: pytest.TempPathFactory, capsys, note: str
) -> None:
    home = Home(tmp_path_factory.mktemp("hostile") / "home")
    Store(home, fixed_clock).save_profile(
        Profile(
            injured_side="left", symptoms_began=NOW.date(), runs_now=False,
            created=NOW, updated=NOW,
        )
    )  # fmt: skip
    stored_with_note(home, note)
    capsys.readouterr()
    for command in (
        ("pain",), ("pain", "--json"), ("runs",), ("runs", "--json"), ("status",),
        ("status", "--json"), ("profile",), ("export", "--format", "json"),
    ):  # fmt: skip
        assert sitbone(home, *command) == 0, command
        out = capsys.readouterr()
        assert raw_controls(out.out) == [], (command, out.out)
        assert raw_controls(out.err) == [], (command, out.err)
        if command[-1] == "--json":
            json.loads(out.out)  # still valid JSON, the same data


def test_json_keeps_the_data_exact_and_escaped(profiled_home: Home, capsys) -> None:
    stored_with_note(profiled_home, "a\x9bb\x1b]2;x\x07")
    capsys.readouterr()
    assert sitbone(profiled_home, "pain", "--json") == 0
    out = capsys.readouterr().out
    assert "\\u009b" in out and "\\u001b" in out
    assert json.loads(out)[0]["note"] == "a\x9bb\x1b]2;x\x07"


def test_a_program_file_with_control_characters_is_left_out_and_named(
    profiled_home: Home, capsys
) -> None:
    folder = profiled_home.programs_dir
    folder.mkdir(parents=True)
    (folder / "bad.yaml").write_text(
        'id: bad\nname: "x\\e]2;owned\\a"\nstages:\n'
        "  - stage: 1\n    segments: [{kind: run, seconds: 60}]\n",
        encoding="utf-8",
    )
    (folder / "brackets.yaml").write_text(
        'id: brackets\nname: "[/] plan"\nstages:\n'
        "  - stage: 1\n    segments: [{kind: run, seconds: 60}]\n",
        encoding="utf-8",
    )
    assert sitbone(profiled_home, "runs", "--program", "brackets") == 0
    captured = capsys.readouterr()
    assert "Program: [/] plan (brackets)" in captured.out
    assert "bad.yaml: name: contains a control character (ESC)" in captured.err
    assert raw_controls(captured.err) == []


# -- strict input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--rest", "1_0"), "--rest"),
        (("--rest", "\u0663"), "--rest"),  # Arabic-Indic three
        (("--rest", "\uff13"), "--rest"),  # full-width three
        (("--rest", "+3"), "--rest"),
        (("--rest", "-0"), "--rest"),
        (("--rest", " 3"), "--rest"),
        (("--rest", "1", "--date", "20260101"), "--date"),
        (("--rest", "1", "--date", "2026-W01-1"), "--date"),
        (("--rest", "1", "--time", "12"), "--time"),
        (("--rest", "1", "--time", "1200"), "--time"),
        (("--rest", "1", "--time", "T12:00"), "--time"),
        (("--rest", "1", "--time", "12:00:59.999999"), "--time"),
        (("--rest", "1", "--time", "12:00+05:00"), "--time"),
        (("--rest", "1", "--time", "23:00"), "--time"),  # later than now
        (("--rest", "1", "--date", "1999-12-31"), "--date"),
    ],
)
def test_only_the_documented_forms_are_accepted(
    profiled_home: Home, capsys, args: tuple[str, ...], flag: str
) -> None:
    before = profiled_home.data_file.read_bytes()
    assert sitbone(profiled_home, "log", "pain", *args) == 2
    assert f"argument {flag}" in one_line_error(capsys)
    assert profiled_home.data_file.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("log", "session", "clamshell", "--sets", "2", "--load", "1e3"), "--load"),
        (("log", "run", "--stage", "1", "--partial", "1_0"), "--partial"),
        (("advance", "--reason", "x" * 501), "501 characters; give at most 500"),
        (("demo", "--weeks", "+3"), "--weeks"),
    ],
)
def test_other_flags_are_strict_too(
    profiled_home: Home, capsys, args: tuple[str, ...], words: str
) -> None:
    assert sitbone(profiled_home, *args) == 2
    assert words in one_line_error(capsys)


def test_an_empty_home_is_refused_not_replaced_by_the_default(capsys) -> None:
    assert main(["--home", "", "status"], clock=fixed_clock) == 2
    assert "argument --home: give a folder" in one_line_error(capsys)


# -- faults: one line, no traceback, never the person's data --------------------------------


def test_an_unexpected_error_is_one_line_without_the_data(
    profiled_home: Home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.journal import Journal

    def broken(*_: object) -> str:
        raise ValueError("rest 9/10, note: private")

    monkeypatch.setattr(Journal, "status_text", broken)
    assert sitbone(profiled_home, "status") == 1
    err = one_line_error(capsys)
    assert "unexpected error (ValueError at test_hostile.py" in err
    assert "private" not in err and "9/10" not in err


def test_an_os_error_is_one_line(profiled_home: Home, capsys, monkeypatch) -> None:
    from journal.journal import Journal

    def refused(*_: object) -> str:
        raise PermissionError(13, "Permission denied", "/somewhere/file")

    monkeypatch.setattr(Journal, "status_text", refused)
    assert sitbone(profiled_home, "status") == 1
    assert one_line_error(capsys) == "sitbone: /somewhere/file: Permission denied\n"


def test_a_closed_pipe_ends_quietly(profiled_home: Home) -> None:
    import subprocess
    import sys

    Store(profiled_home, fixed_clock).add_many(
        "pain",
        [PainEntry(at=NOW - timedelta(minutes=m), rest=1) for m in range(1, 3000)],
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        f"{sys.executable} -m tui --home {profiled_home.root} pain --days 30 | head -n 1",
        shell=True, cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# -- a killed demo leaves nothing for long -----------------------------------------------------


def test_stale_demo_homes_are_cleared(tmp_path: Path) -> None:
    import os
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / "sitbone-demo-stale"
    (stale / "home").mkdir(parents=True)
    (stale / "pid").write_text(str(dead.pid))
    live = tmp_path / "sitbone-demo-live"
    live.mkdir()
    (live / "pid").write_text(str(os.getpid()))
    fresh = tmp_path / "sitbone-demo-starting"
    fresh.mkdir()  # no pid yet: a demo starting this moment
    other = tmp_path / "unrelated"
    other.mkdir()
    assert clear_stale_demos(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and fresh.exists() and other.exists()


def test_a_log_written_before_now_keeps_the_times_a_person_means(profiled_home: Home) -> None:
    assert sitbone(profiled_home, "log", "pain", "--rest", "1", "--time", "09:30") == 0
    [(_, entry)] = Store(profiled_home).pain_entries()
    assert entry.at == datetime(2026, 11, 21, 9, 30)
