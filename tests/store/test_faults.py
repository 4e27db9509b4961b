"""When the file system refuses, or a file cannot be trusted: one line (a StoreError) naming the
file and the problem, never an OSError or a traceback, and the data file is left byte for byte."""

from __future__ import annotations

import errno
import fcntl
import json
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import store.repository
import store.storage
from store import DataFileError, Home, Store, StoreBusyError, StoreError, StoreFault
from store.backup import back_up_daily
from store.records import PainEntry, Profile

NOW = datetime(2026, 11, 21, 9, 0)
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def clock() -> datetime:
    return NOW


def tomorrow() -> datetime:
    return NOW + timedelta(days=1)


def entry(n: int = 1, note: str = "") -> PainEntry:
    return PainEntry(at=datetime(2026, 11, 20, 7, 0) + timedelta(minutes=n), rest=n % 11, note=note)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1, "first"))
    back_up_daily(home.data_file, home.backups_dir, NOW.date())  # today's is taken
    return home


def one_line(error: BaseException, *names: Path) -> str:
    """The error is a StoreError of one line naming each of `names`."""
    assert isinstance(error, StoreError)
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    for name in names:
        assert str(name) in message
    return message


def refused(
    home: Home, write: Callable[[], Any], kind: type[StoreError] = StoreFault, *names: Path
) -> str:
    """Run `write`, which must fail with `kind`, leaving the data file and folder as they were."""
    before = home.data_file.read_bytes() if home.data_file.is_file() else None
    with pytest.raises(kind) as caught:
        write()
    after = home.data_file.read_bytes() if home.data_file.is_file() else None
    assert after == before
    assert not list(home.root.glob(".sitbone.json.*.tmp"))
    return one_line(caught.value, *names)


def fail_with(code: int) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


# -- disk full, read-only home -----------------------------------------------------------------


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_is_one_line_and_nothing_is_written(
    home: Home, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    store_ = Store(home, clock)
    monkeypatch.setattr(f"store.storage.os.{call}", fail_with(errno.ENOSPC))
    message = refused(home, lambda: store_.add_pain(entry(2)), StoreFault, home.data_file)
    monkeypatch.undo()
    assert message == f"{home.data_file}: the disk is full; nothing was written"
    assert [e.note for _, e in store_.pain_entries()] == ["first"]


def test_a_full_disk_while_backing_up_is_one_line_and_nothing_is_written(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.storage.os.write", fail_with(errno.ENOSPC))
    backup = home.backups_dir / "sitbone-2026-11-22.json"
    message = refused(home, lambda: Store(home, tomorrow).add_pain(entry(2)), StoreFault, backup)
    assert message.endswith("the disk is full; nothing was written")
    monkeypatch.undo()
    assert not backup.exists()


def test_a_home_where_files_cannot_be_created_is_one_line(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a read-only home (chmod 0500) does to a write, also when the tests run as root.
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("store.storage.os.open", read_only)
    message = refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault)
    monkeypatch.undo()
    assert message == (
        f"{home.data_file}: permission denied: sitbone cannot write in {home.root}; "
        "nothing was written"
    )


@pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions")
def test_a_read_only_home_is_one_line(home: Home) -> None:
    home.root.chmod(0o500)
    try:
        refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault, home.root)
        Store(home, clock).check()  # reading still works
    finally:
        home.root.chmod(0o700)


def test_a_home_that_cannot_be_created_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "new" / "home")
    monkeypatch.setattr(Path, "mkdir", fail_with(errno.EACCES))
    with pytest.raises(StoreFault) as caught:
        Store(home, clock).add_pain(entry(2))
    monkeypatch.undo()
    assert one_line(caught.value) == (
        f"{home.root}: permission denied; the folder cannot be created"
    )


# -- a file or folder where sitbone expects the other ------------------------------------------


def test_a_home_that_is_a_file_is_one_line_for_reads_and_writes(tmp_path: Path) -> None:
    root = tmp_path / "home"
    root.write_text("not a folder")
    home = Home(root)
    for action in (
        Store(home, clock).check,
        Store(home, clock).pain_entries,
        lambda: Store(home, clock).add_pain(entry(2)),
        Store(home, clock).plan_restore,
    ):
        with pytest.raises(StoreFault) as caught:
            action()
        assert str(caught.value) == f"{root}: is a file, not a folder"
    assert root.read_text() == "not a folder"


def test_a_home_inside_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    home = Home(blocker / "home")
    for action in (Store(home, clock).check, lambda: Store(home, clock).add_pain(entry(2))):
        with pytest.raises(StoreFault) as caught:
            action()
        assert str(caught.value) == f"{blocker}: is a file, not a folder"


def test_a_data_file_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    home.data_file.mkdir()
    for action in (Store(home, clock).check, lambda: Store(home, clock).add_pain(entry(2))):
        with pytest.raises(StoreFault) as caught:
            action()
        assert str(caught.value) == f"{home.data_file}: is a folder, not a file"


def test_a_lock_file_that_is_a_folder_is_one_line(home: Home) -> None:
    home.lock_file.unlink()
    home.lock_file.mkdir()
    message = refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault)
    assert message == (
        f"{home.lock_file}: is a folder; sitbone needs a file there for its lock; nothing was saved"
    )


def test_a_lock_file_that_cannot_be_written_is_one_line(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What chmod 0400 does for anyone but root.
    monkeypatch.setattr("store.repository.os.access", lambda *args, **kwargs: False)
    message = refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault)
    assert message.startswith(f"{home.lock_file}: is not writable for you")


def test_a_lock_that_fails_to_open_is_one_line(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr(FileLock, "acquire", fail_with(errno.EACCES))
    message = refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault)
    assert message == f"{home.lock_file}: permission denied; nothing was saved"


@pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions")
def test_a_read_only_lock_file_is_one_line(home: Home) -> None:
    home.lock_file.chmod(0o400)
    refused(home, lambda: Store(home, clock).add_pain(entry(2)), StoreFault, home.lock_file)


def test_backups_that_is_a_file_is_one_line(home: Home) -> None:
    for path in home.backups_dir.iterdir():
        path.unlink()
    home.backups_dir.rmdir()
    home.backups_dir.write_text("not a folder")
    message = refused(home, lambda: Store(home, tomorrow).add_pain(entry(2)), StoreFault)
    assert (
        message == f"{home.backups_dir}: is a file, not a folder; sitbone keeps its backups there"
    )


def test_a_backup_that_is_a_folder_is_one_line(home: Home) -> None:
    target = home.backups_dir / "sitbone-2026-11-22.json"
    target.mkdir()
    message = refused(home, lambda: Store(home, tomorrow).add_pain(entry(2)), StoreFault)
    assert message.startswith(f"{target}: is a folder;")


# -- the lock held by another sitbone -----------------------------------------------------------


def test_a_busy_lock_says_what_happened_after_the_stores_timeout(home: Home) -> None:
    fd = os.open(home.lock_file, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another sitbone, mid-write
        message = refused(
            home, lambda: Store(home, clock, lock_timeout=0.05).add_pain(entry(2)), StoreBusyError
        )
    finally:
        os.close(fd)
    assert message == (
        f"another sitbone is writing {home.data_file} and did not finish within 0.05 s; "
        "nothing was saved"
    )
    assert Store(home, clock).lock_timeout == 15.0


# -- files that cannot be trusted ----------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 5_000])
def test_deeply_nested_json_is_a_data_file_error_not_a_recursion_error(
    tmp_path: Path, depth: int
) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    home.data_file.write_text("[" * depth + "]" * depth)
    for action in (Store(home, clock).check, Store(home, clock).pain_entries):
        with pytest.raises(DataFileError) as caught:
            action()
        one_line(caught.value, home.data_file)
    nested = '{"app": "sitbone", "schema": 2, "tables": {"pain": {"1": {"note": %s}}}}'
    home.data_file.write_text(nested % ("[" * depth + "]" * depth))
    with pytest.raises(DataFileError):
        Store(home, clock).check()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    with home.data_file.open("wb") as handle:  # sparse: no disk space, no time
        handle.truncate(store.storage.MAX_FILE_BYTES + 1)
    parsed: list[Path] = []
    monkeypatch.setattr(store.storage, "parse_data_file", lambda path, raw: parsed.append(path))
    for action in (Store(home, clock).check, lambda: Store(home, clock).add_pain(entry(2))):
        with pytest.raises(DataFileError) as caught:
            action()
        assert str(caught.value) == (
            f"{home.data_file}: the file is 64 MB, over sitbone's limit of 64 MB "
            "(five years of daily use is about 4 MB); it was not read"
        )
    assert parsed == []


def test_a_write_that_would_pass_the_size_limit_is_refused(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = home.data_file.stat().st_size
    monkeypatch.setattr(store.storage, "MAX_FILE_BYTES", size + 100)
    message = refused(home, lambda: Store(home, clock).add_pain(entry(2, "x" * 200)))
    assert message.endswith("nothing was written")


def test_messages_never_quote_what_a_record_holds(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    doc = {"at": "2026-11-20T07:00:00", "rest": 42, "note": "private words"}
    home.data_file.write_text(
        json.dumps({"app": "sitbone", "schema": 2, "tables": {"pain": {"7": doc}}})
    )
    with pytest.raises(DataFileError) as caught:
        Store(home, clock).check()
    message = one_line(caught.value, home.data_file)
    assert "record 7 in 'pain' is invalid: rest" in message
    # The path is named first; it may hold any digits (pytest numbers its folders).
    said = message.removeprefix(f"{home.data_file}:")
    assert "42" not in said and "private" not in said


# -- symbolic links: refused, for reads and writes alike -------------------------------------------


def test_a_symlinked_data_file_is_refused_and_its_target_left_alone(tmp_path: Path) -> None:
    real = Home(tmp_path / "real")
    Store(real, clock).add_pain(entry(1, "in the target"))
    target_bytes = real.data_file.read_bytes()
    home = Home(tmp_path / "home")
    home.ensure()
    home.data_file.symlink_to(real.data_file)
    expected = (
        f"{home.data_file}: is a symbolic link to {real.data_file}; sitbone keeps its data in "
        "a regular file, not a link: move that file here in place of the link"
    )
    for action in (
        Store(home, clock).check,
        Store(home, clock).pain_entries,
        lambda: Store(home, clock).add_pain(entry(2)),
    ):
        with pytest.raises(DataFileError) as caught:
            action()
        assert str(caught.value) == expected
    assert home.data_file.is_symlink() and real.data_file.read_bytes() == target_bytes


def test_a_dangling_symlink_is_refused_not_taken_for_a_new_file(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    home.ensure()
    gone = tmp_path / "unmounted" / "sitbone.json"
    home.data_file.symlink_to(gone)
    for action in (
        Store(home, clock).check,
        Store(home, clock).pain_entries,
        Store(home, clock).is_empty,
        lambda: Store(home, clock).add_pain(entry(2)),
    ):
        with pytest.raises(DataFileError, match="which does not exist") as caught:
            action()
        one_line(caught.value, home.data_file, gone)
    assert home.data_file.is_symlink() and not gone.exists()


# -- dates: from 2000, never later than now --------------------------------------------------------


def test_a_record_dated_year_1_makes_the_file_not_sound(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    payload = json.loads(home.data_file.read_bytes())
    payload["tables"]["pain"]["1"]["at"] = "0001-01-01T00:00:00"
    home.data_file.write_text(json.dumps(payload))
    with pytest.raises(DataFileError) as caught:
        Store(home, clock).check()
    assert str(caught.value) == (
        f"{home.data_file}: record 1 in 'pain' is invalid: at: the date is before 2000-01-01"
    )


@pytest.mark.parametrize("year", [1, 1900, 1999])
def test_dates_before_2000_are_refused_for_entries_and_onset(year: int) -> None:
    with pytest.raises(ValidationError, match="before 2000-01-01"):
        PainEntry(at=datetime(year, 6, 1, 8, 0), rest=1)
    with pytest.raises(ValidationError, match="before 2000-01-01"):
        Profile(
            injured_side="left",
            symptoms_began=date(year, 6, 1),
            runs_now=False,
            created=NOW,
            updated=NOW,
        )


def test_a_time_later_today_is_refused_with_now_and_by_the_store(home: Home) -> None:
    later = {"at": NOW + timedelta(minutes=1), "rest": 1}
    with pytest.raises(ValidationError, match="the time is later than now"):
        PainEntry.model_validate(later, context={"today": NOW.date(), "now": NOW})
    with pytest.raises(ValidationError, match="the time is later than now"):
        PainEntry.model_validate(later, context={"now": NOW})
    with pytest.raises(ValidationError, match="the date is in the future"):
        PainEntry.model_validate({**later, "at": NOW + timedelta(days=1)}, context={"now": NOW})
    # "today" alone still judges the date only, as before.
    assert PainEntry.model_validate(later, context={"today": NOW.date()}).rest == 1
    before = home.data_file.read_bytes()
    with pytest.raises(ValidationError, match="the time is later than now"):
        Store(home, clock).add_pain(PainEntry.model_validate(later, context={"today": NOW.date()}))
    assert home.data_file.read_bytes() == before
    assert Store(home, clock).add_pain(PainEntry(at=NOW, rest=1)) == 2  # now itself is fine


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 256 KB file system (tmpfs), where mounting is allowed; else the test is skipped."""
    import shutil
    import subprocess

    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if not AS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_a_really_full_disk_is_one_line_and_nothing_is_written(tiny_disk: Path) -> None:
    home = Home(tiny_disk / "home")
    Store(home, clock).add_pain(entry(1, "first"))
    Store(home, clock).add_pain(entry(2, "second"))  # today's backup is taken now
    with (tiny_disk / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    message = refused(home, lambda: Store(home, clock).add_pain(entry(3, "y" * 2000)))
    assert message == f"{home.data_file}: the disk is full; nothing was written"
    (tiny_disk / "filler").unlink()
    assert [e.note for _, e in Store(home, clock).pain_entries()] == ["first", "second"]
