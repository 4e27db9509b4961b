"""`sitbone restore`: shows what it would restore, asks (or takes --yes), refuses unsound
backups and keeps the replaced file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cli.main import main
from store import Home, Store
from store.backup import list_backups
from store.records import PainEntry
from store.storage import parse_data_file
from tests.conftest import ROOT, Clock

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


class Terminal(io.StringIO):
    """stdin as a person at a terminal: answers the question with `answer`."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """Two days of entries: one backup (of the first day), the current file has both."""
    home = Home(tmp_path / "home")
    day = Clock(NOW - timedelta(days=1))
    Store(home, day).add_pain(PainEntry(at=day.now, rest=2, note="yesterday"))
    day.now = NOW
    Store(home, day).add_pain(PainEntry(at=day.now, rest=3, note="today"))
    return home


def restore(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), "restore", *args], clock)


def notes(home: Home) -> list[str]:
    store = Store(home, clock)
    store.check()
    return [entry.note for _, entry in store.pain_entries()]


def test_without_yes_and_no_terminal_it_shows_the_plan_and_exits_1(
    home: Home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    before = home.data_file.read_bytes()
    assert restore(home) == 1
    out, err = capsys.readouterr()
    (backup,) = list_backups(home.backups_dir)
    assert f"Backup:  {backup}, saved 2026-11-20 09:00" in out
    assert f"Current: {home.data_file}, saved 2026-11-21 09:00" in out
    assert any(line.split() == ["pain", "1", "2"] for line in out.splitlines())
    assert err == "sitbone: nothing restored: add --yes to restore without being asked\n"
    assert home.data_file.read_bytes() == before
    assert not list(home.root.glob("sitbone.json.*-*"))


def test_at_a_terminal_it_asks_and_no_keeps_everything(
    home: Home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = home.data_file.read_bytes()
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    assert restore(home) == 1
    out, _ = capsys.readouterr()
    assert "Restore? [y/N] " in out and out.endswith("Nothing restored.\n")
    assert home.data_file.read_bytes() == before


def test_at_a_terminal_yes_restores_and_keeps_the_replaced_file(
    home: Home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = home.data_file.read_bytes()
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    assert restore(home) == 0
    out, _ = capsys.readouterr()
    kept = home.root / "sitbone.json.replaced-20261121-090000"
    assert f"The previous file is kept as {kept}." in out
    assert kept.read_bytes() == before
    assert notes(home) == ["yesterday"]


def test_yes_restores_without_asking(home: Home, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert restore(home, "--yes") == 0
    assert notes(home) == ["yesterday"]
    assert len(list(home.root.glob("sitbone.json.replaced-*"))) == 1


def test_a_backup_that_does_not_validate_is_refused_with_one_line(
    home: Home, tmp_path: Path, capsys
) -> None:
    (backup,) = list_backups(home.backups_dir)
    payload = json.loads(backup.read_bytes())
    payload["tables"]["pain"]["1"]["rest"] = 99
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload))
    before = home.data_file.read_bytes()
    assert restore(home, str(bad), "--yes") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"sitbone: {bad}: record 1 in 'pain'")
    assert home.data_file.read_bytes() == before


def test_the_newest_sound_backup_is_used_when_the_newest_is_not(
    home: Home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    (good,) = list_backups(home.backups_dir)
    newest = home.backups_dir / "sitbone-2026-11-22.json"
    payload = json.loads(good.read_bytes())
    payload["generation"] = 999  # written later than the good one
    payload["tables"]["pain"]["1"]["rest"] = 99
    newest.write_text(json.dumps(payload))
    assert list_backups(home.backups_dir)[0] == newest
    assert restore(home, "--yes") == 0
    out, _ = capsys.readouterr()
    assert f"The newest backup, {newest}, cannot be restored" in out
    assert f"Restored {good} to {home.data_file}." in out
    assert notes(home) == ["yesterday"]


def test_no_backups_exits_1(tmp_path: Path, capsys) -> None:
    home = Home(tmp_path / "fresh")
    assert restore(home, "--yes") == 1
    _, err = capsys.readouterr()
    assert err == f"sitbone: {home.backups_dir}: no backups to restore\n"


def test_a_missing_backup_argument_is_a_usage_error(home: Home, capsys) -> None:
    assert restore(home, str(home.root / "nope.json")) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_damaged_file_is_kept_as_damaged(home: Home, capsys) -> None:
    home.data_file.write_bytes(b"garbage")
    assert restore(home, "--yes") == 0
    out, _ = capsys.readouterr()
    assert "cannot be read: the file is not valid JSON" in out
    (kept,) = home.root.glob("sitbone.json.damaged-*")
    assert kept.read_bytes() == b"garbage"
    assert notes(home) == ["yesterday"]


def test_real_process_restore_with_yes(home: Home) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--home", str(home.root), "restore", "--yes"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    (kept,) = home.root.glob("sitbone.json.replaced-*")
    assert str(kept) in result.stdout
    restored = parse_data_file(home.data_file, home.data_file.read_bytes()).tables
    assert [doc["note"] for doc in restored["pain"].values()] == ["yesterday"]
