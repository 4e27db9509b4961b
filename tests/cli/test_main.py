"""The `sitbone` command as a script sees it: exit status, stdout and stderr. Commands run
in-process through cli.main.main (what `python -m tui` and the installed command call); one
real process checks that entry point itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from store import Home, Store
from store.records import PainEntry
from tests.conftest import NOW, ROOT, fixed_clock, real_cli
from tui import __version__


def test_version_and_help_from_a_real_process() -> None:
    version = real_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"sitbone {__version__}"
    help_text = real_cli("--help")
    assert help_text.returncode == 0
    for command in ("demo", "status", "export", "check", "where", "restore"):
        assert command in help_text.stdout


def test_version_matches_package_metadata() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in text


def test_where_prints_paths_and_creates_nothing(run_cli, tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = run_cli("--home", str(home), "where")
    assert result.returncode == 0
    assert f"data:     {home / 'sitbone.json'}" in result.stdout
    assert f"reports:  {home / 'reports'}" in result.stdout
    assert not home.exists()


def test_home_from_environment(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITBONE_HOME", str(tmp_path / "env-home"))
    result = run_cli("where")
    assert str(tmp_path / "env-home") in result.stdout


def test_home_option_after_the_command(run_cli, tmp_path: Path) -> None:
    result = run_cli("where", "--home", str(tmp_path / "late"))
    assert str(tmp_path / "late") in result.stdout


def test_demo_fills_empty_home_then_refuses(run_cli, tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    first = run_cli("--home", home, "demo", "--weeks", "2")
    assert first.returncode == 0, first.stderr
    assert "2 weeks" in first.stdout
    before = (tmp_path / "h" / "sitbone.json").read_bytes()
    again = run_cli("--home", home, "demo")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "already holds data" in again.stderr
    assert (tmp_path / "h" / "sitbone.json").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["demo", "--weeks", "x"], "--weeks"),
        (["demo", "--weeks", "0"], "--weeks"),
        (["demo", "--weeks", "500"], "--weeks"),
        (["export"], "--format"),
        (["export", "--format", "xml"], "--format"),
        (["status", "--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
        (["--demo", "status"], "--demo"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    run_cli, tmp_path: Path, args: list[str], names: str
) -> None:
    home = tmp_path / "h"
    result = run_cli("--home", str(home), *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert names in result.stderr
    assert result.stdout == ""
    assert not home.exists(), "nothing may be written on bad input"


def test_status_without_profile(run_cli, tmp_path: Path) -> None:
    result = run_cli("--home", str(tmp_path / "h"), "status")
    assert result.returncode == 0
    assert "No profile yet" in result.stdout


def test_status_text_and_json(demo_home: Home, capsys) -> None:
    assert main(["--home", str(demo_home.root), "status"], clock=fixed_clock) == 0
    text = capsys.readouterr().out
    assert "Profile: right side" in text
    assert "running: stage 1 of the walk/run program" in text
    assert "Phase 3: Load into hip flexion" in text
    assert "Today 2026-11-21" in text
    assert "Last check-in 2026-11-21: " in text
    assert main(["--home", str(demo_home.root), "status", "--json"], clock=fixed_clock) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["profile"]["injured_side"] == "right"
    assert document["phase"]["number"] == 3
    assert document["today"]["date"] == "2026-11-21"
    assert document["today"]["pain_entries"] >= 1
    assert document["last_pain_entry"]["context"] in {"morning", "after-exercise"}
    check = document["last_check_in"]
    assert check["context"] == "morning" and check["at"].startswith("2026-11-21")
    assert check["zone"] in {"green", "amber", "red"}
    assert check["response"] in {"settled", "up by 1", "flare", "no baseline yet"}
    assert check["verdict"].startswith(("Rest", "Load test"))


def test_export_json_to_stdout_and_file(demo_home: Home, tmp_path: Path, capsys) -> None:
    assert main(["--home", str(demo_home.root), "export", "--format", "json"], fixed_clock) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == [
        "schema", "exported_at", "profile", "pain", "exercise_sessions", "runs", "phase_history",
        "run_unlocks", "red_flag_history", "outcomes", "active_run",
    ]  # fmt: skip
    assert document["exported_at"] == "2026-11-21T09:30:00"
    assert len(document["pain"]) > 60
    # Every record of every table, as stored.
    store = Store(demo_home)
    tables = ("pain", "exercise_sessions", "runs", "phase_history", "run_unlocks", "outcomes")
    for table in tables:
        assert document[table] == store.raw_table(table) != [], table
    assert document["active_run"] == []
    target = tmp_path / "out.json"
    args = ["--home", str(demo_home.root), "export", "--format", "json", "--output", str(target)]
    assert main(args, fixed_clock) == 0
    assert json.loads(target.read_text())["pain"] == document["pain"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_export_to_missing_folder_is_a_usage_error(
    run_cli, demo_home: Home, tmp_path: Path
) -> None:
    result = run_cli(
        "--home", str(demo_home.root), "export", "--format", "json",
        "--output", str(tmp_path / "nope" / "x.json"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "--output" in result.stderr


def test_check_sound_and_damaged(run_cli, demo_home: Home) -> None:
    assert run_cli("--home", str(demo_home.root), "check").returncode == 0
    demo_home.data_file.write_text("{not json")
    result = run_cli("--home", str(demo_home.root), "check")
    assert result.returncode == 1
    assert str(demo_home.data_file) in result.stderr
    assert result.stderr.count("\n") == 1
    status = run_cli("--home", str(demo_home.root), "status")
    assert status.returncode == 1


def test_restore_newest_backup_keeps_damaged_file(run_cli, demo_home: Home) -> None:
    # A second write today backs up the first (the demo's).
    Store(demo_home, fixed_clock).add_pain(PainEntry(at=NOW, rest=1))
    backups = sorted(demo_home.backups_dir.iterdir())
    assert backups
    demo_home.data_file.write_text("garbage")
    result = run_cli("--home", str(demo_home.root), "restore", "--yes")
    assert result.returncode == 0, result.stderr
    assert run_cli("--home", str(demo_home.root), "check").returncode == 0
    kept = list(demo_home.root.glob("sitbone.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "garbage"


def test_restore_without_backups(run_cli, tmp_path: Path) -> None:
    result = run_cli("--home", str(tmp_path / "h"), "restore")
    assert result.returncode == 1
    assert "no backups" in result.stderr


def test_restore_refuses_an_invalid_backup(run_cli, demo_home: Home, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    before = demo_home.data_file.read_bytes()
    result = run_cli("--home", str(demo_home.root), "restore", str(bad))
    assert result.returncode == 1
    assert demo_home.data_file.read_bytes() == before
