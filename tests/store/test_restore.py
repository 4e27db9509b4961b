"""Restore: planned and shown first, only sound backups, one atomic replace, the old file kept."""

from __future__ import annotations

import errno
import fcntl
import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from store import DataFileError, Home, Store, StoreBusyError
from store.backup import generation_of, list_backups
from store.errors import NoBackupError
from store.records import PainEntry, Table
from store.storage import parse_data_file
from tests.conftest import Clock

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


def entry(n: int, note: str = "") -> PainEntry:
    return PainEntry(at=datetime(2026, 1, 1, 8, 0) + timedelta(hours=n), rest=n % 11, note=note)


def records_of(path: Path) -> dict:
    return parse_data_file(path, path.read_bytes()).tables


def notes(home: Home) -> list[str]:
    fresh = Store(home, clock)
    fresh.check()
    return [e.note for _, e in fresh.pain_entries()]


def home_with_backups(tmp_path: Path, days: int = 1) -> tuple[Home, list[Path]]:
    """One entry a day for `days` + 1 days: `days` daily backups, newest first."""
    home = Home(tmp_path / "home")
    day = Clock(NOW - timedelta(days=days))
    for n in range(days + 1):
        day.now = NOW - timedelta(days=days - n)
        Store(home, day).add_pain(entry(n, f"day {n}"))
    backups = list_backups(home.backups_dir)
    assert len(backups) == days
    return home, backups


def with_invalid_record(path: Path) -> None:
    """Put a pain score of 99 in the first record, as a hand edit might."""
    payload = json.loads(path.read_bytes())
    first = next(iter(payload["tables"]["pain"]))
    payload["tables"]["pain"][first]["rest"] = 99
    path.write_text(json.dumps(payload))


# -- what is restored, and what is kept -----------------------------------------------------


def test_restore_keeps_the_damaged_file_beside_the_restored_one(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    damaged = b'{"app": "sitbone", "schema": 1, "tables": {"pain": {"1": {"rest": 99'
    home.data_file.write_bytes(damaged)

    kept = Store(home, clock).restore(backup)

    assert kept is not None
    assert kept.name == "sitbone.json.damaged-20261121-090000"
    assert kept.read_bytes() == damaged
    assert records_of(home.data_file) == records_of(backup)
    assert (home.data_file.stat().st_mode & 0o777) == 0o600
    assert backup.exists()  # the backup itself is copied, not moved
    assert notes(home) == ["day 0"]


def test_restore_over_a_sound_file_keeps_it_as_replaced(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    before = home.data_file.read_bytes()
    inode = home.data_file.stat().st_ino

    kept = Store(home, clock).restore(backup)

    assert kept is not None and kept.name == "sitbone.json.replaced-20261121-090000"
    assert kept.read_bytes() == before
    assert kept.stat().st_ino == inode  # the same file, linked aside before the replace
    assert not list(home.root.glob("sitbone.json.damaged-*"))
    assert notes(home) == ["day 0"]


def test_restore_on_a_home_without_a_data_file_keeps_nothing(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    home.data_file.unlink()
    assert Store(home, clock).restore(backup) is None
    assert records_of(home.data_file) == records_of(backup)


def test_a_store_that_cached_the_old_file_sees_the_restored_one(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    reader = Store(home, clock)
    assert len(reader.pain_entries()) == 2
    reader.restore(backup)
    assert [e.note for _, e in reader.pain_entries()] == ["day 0"]


def test_two_restores_in_the_same_second_keep_both_old_files(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    store_ = Store(home, clock)
    home.data_file.write_bytes(b"first damaged file")
    first = store_.restore(backup)
    home.data_file.write_bytes(b"second damaged file")
    second = store_.restore(backup)
    assert first is not None and second is not None and first != second
    kept = sorted(p.read_bytes() for p in home.root.glob("sitbone.json.damaged-*"))
    assert kept == [b"first damaged file", b"second damaged file"]


def test_the_replaced_file_is_copied_where_hard_links_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    before = home.data_file.read_bytes()

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("store.restore.os.link", no_links)
    kept = Store(home, clock).restore(backup)
    monkeypatch.undo()
    assert kept is not None and kept.read_bytes() == before
    assert (kept.stat().st_mode & 0o777) == 0o600
    assert notes(home) == ["day 0"]


# -- only sound backups are restored ----------------------------------------------------------


def test_restore_refuses_a_damaged_backup_and_touches_nothing(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    backup.write_bytes(b"\xff not a data file")
    current = home.data_file.read_bytes()
    with pytest.raises(DataFileError) as caught:
        Store(home, clock).restore(backup)
    assert caught.value.path == backup
    assert home.data_file.read_bytes() == current
    assert sorted(p.name for p in home.root.iterdir()) == [
        "backups",
        "sitbone.checked",
        "sitbone.json",
        "sitbone.json.lock",
    ]


def test_restore_refuses_a_backup_whose_records_do_not_validate(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    with_invalid_record(backup)
    current = home.data_file.read_bytes()
    with pytest.raises(DataFileError) as caught:
        Store(home, clock).restore(backup)
    assert caught.value.path == backup
    assert "record 1 in 'pain' is invalid: rest" in str(caught.value)
    assert "99" not in str(caught.value)  # names the field, never quotes the record
    assert home.data_file.read_bytes() == current
    assert not list(home.root.glob("sitbone.json.*-*"))


def test_without_a_named_backup_the_newest_sound_one_is_used(tmp_path: Path) -> None:
    home, backups = home_with_backups(tmp_path, days=3)
    newest, second, _ = backups
    with_invalid_record(newest)
    store_ = Store(home, clock)

    plan = store_.plan_restore()

    assert plan.backup.path == second
    assert [path for path, _ in plan.skipped] == [newest]
    text = "\n".join(plan.describe())
    assert f"The newest backup, {newest}, cannot be restored" in text
    assert "Using the newest backup that can be restored." in text
    store_.restore(plan)
    assert notes(home) == ["day 0", "day 1"]


def test_no_backup_or_no_sound_backup_is_a_one_line_error(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    with pytest.raises(NoBackupError, match="no backups to restore"):
        Store(home, clock).plan_restore()

    home, backups = home_with_backups(tmp_path / "two", days=2)
    for path in backups:
        with_invalid_record(path)
    with pytest.raises(NoBackupError) as caught:
        Store(home, clock).plan_restore()
    assert "all 2 are damaged" in str(caught.value) and "\n" not in str(caught.value)


def test_the_plan_shows_the_backups_time_and_counts_against_the_current_file(
    tmp_path: Path,
) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    plan = Store(home, clock).plan_restore()
    assert plan.backup.path == backup
    assert plan.backup.counts[Table.PAIN] == 1 and plan.current is not None
    assert plan.current.counts[Table.PAIN] == 2
    assert plan.backup.saved == NOW - timedelta(days=1)  # when that data was saved
    lines = plan.describe()
    assert f"Backup:  {backup}, saved 2026-11-20 09:00" in lines
    assert f"Current: {home.data_file}, saved 2026-11-21 09:00" in lines
    assert any(line.split() == ["pain", "1", "2"] for line in lines)
    assert (
        lines[-1] == "The current file will be kept beside it as sitbone.json.replaced-<date-time>."
    )


def test_the_plan_says_when_the_current_file_cannot_be_read(tmp_path: Path) -> None:
    home, _ = home_with_backups(tmp_path)
    home.data_file.write_bytes(b"{ damaged")
    plan = Store(home, clock).plan_restore()
    assert plan.current is None and plan.current_problem is not None
    assert "not valid JSON" in "\n".join(plan.describe())
    assert "sitbone.json.damaged-<date-time>" in plan.describe()[-1]


def test_a_restore_is_refused_if_the_file_changed_since_the_plan(tmp_path: Path) -> None:
    home, _ = home_with_backups(tmp_path)
    plan = Store(home, clock).plan_restore()
    Store(home, clock).add_pain(entry(5, "written meanwhile"))
    after = home.data_file.read_bytes()
    with pytest.raises(StoreBusyError, match="changed since the restore was planned"):
        Store(home, clock).restore(plan)
    assert home.data_file.read_bytes() == after
    assert not list(home.root.glob("sitbone.json.*-*"))


def test_a_symlinked_data_file_is_not_replaced_by_restore(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    real = tmp_path / "elsewhere.json"
    os.replace(home.data_file, real)
    home.data_file.symlink_to(real)
    with pytest.raises(DataFileError, match="symbolic link"):
        Store(home, clock).restore(backup)
    assert home.data_file.is_symlink()


def test_restore_while_another_process_holds_the_lock_is_one_line(tmp_path: Path) -> None:
    home, (backup,) = home_with_backups(tmp_path)
    before = home.data_file.read_bytes()
    # A second open file holding flock is, to the kernel, another sitbone writing.
    fd = os.open(home.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(StoreBusyError) as caught:
            Store(home, clock, lock_timeout=0.05).restore(backup)
    finally:
        os.close(fd)
    message = str(caught.value)
    assert message == (
        f"another sitbone is writing {home.data_file} and did not finish within 0.05 s; "
        "nothing was restored"
    )
    assert home.data_file.read_bytes() == before


# -- which backup is newest: by what the files hold, not by the dates in their names ----------


def test_after_a_clock_jump_to_2030_restore_picks_what_was_written_last(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    day = Clock(datetime(2026, 11, 19, 9, 0))
    Store(home, day).add_pain(entry(0, "before the jump"))
    day.now = datetime(2030, 1, 1, 9, 0)  # the clock jumps...
    Store(home, day).add_pain(entry(1, "during the jump"))
    day.now = datetime(2026, 11, 20, 9, 0)  # ...and is put right
    Store(home, day).add_pain(entry(2, "after"))
    day.now = datetime(2026, 11, 21, 9, 0)
    Store(home, day).add_pain(entry(3, "today"))

    names = [path.name for path in list_backups(home.backups_dir)]
    assert names == [
        "sitbone-2026-11-21.json",
        "sitbone-2026-11-20.json",
        "sitbone-2030-01-01.json",
    ]
    plan = Store(home, day).plan_restore()
    assert plan.backup.path.name == "sitbone-2026-11-21.json"
    assert plan.backup.counts[Table.PAIN] == 3


def test_after_the_clock_is_corrected_new_backups_are_kept_and_old_ones_pruned(
    tmp_path: Path,
) -> None:
    home = Home(tmp_path / "home")
    day = Clock(datetime(2030, 1, 1, 9, 0))
    for n in range(8):  # seven 2030 backups
        day.now = datetime(2030, 1, 1, 9, 0) + timedelta(days=n)
        Store(home, day).add_pain(entry(n))
    assert len(list_backups(home.backups_dir)) == 7
    for n in range(3):  # the clock is right again
        day.now = datetime(2026, 11, 21, 9, 0) + timedelta(days=n)
        Store(home, day).add_pain(entry(10 + n))
        names = [path.name for path in list_backups(home.backups_dir)]
        assert len(names) == 7
        assert names[0] == f"sitbone-{day.now.date().isoformat()}.json"  # never pruned at once
    # The oldest written (2030-01-02 .. 04) went; the 2026 ones and four 2030 ones stay.
    assert names[:3] == [
        "sitbone-2026-11-23.json",
        "sitbone-2026-11-22.json",
        "sitbone-2026-11-21.json",
    ]
    assert names[3:] == [f"sitbone-2030-01-0{d}.json" for d in (8, 7, 6, 5)]


def test_a_restored_file_counts_on_from_every_backup(tmp_path: Path) -> None:
    home, backups = home_with_backups(tmp_path, days=3)
    oldest = backups[-1]
    Store(home, clock).restore(oldest)
    restored = generation_of(home.data_file)
    assert restored > max(generation_of(path) for path in backups)
    # The next day's backup is of the restored data, and is the newest.
    tomorrow = Clock(NOW + timedelta(days=1))
    Store(home, tomorrow).add_pain(entry(9, "after the restore"))
    newest = list_backups(home.backups_dir)[0]
    assert newest.name == "sitbone-2026-11-22.json"
    assert records_of(newest) == records_of(oldest)
