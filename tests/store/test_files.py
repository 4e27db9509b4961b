"""The files on disk: private modes, daily backups, restore, temp clean-up and read caching."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import store.migrations
import store.storage
from store import DataFileError, Home, Store, StoreFault
from store.backup import KEEP, list_backups
from store.records import PainEntry, Profile
from store.storage import parse_data_file
from tests.conftest import Clock

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def entry(n: int, note: str = "") -> PainEntry:
    return PainEntry(at=datetime(2026, 1, 1, 8, 0) + timedelta(hours=n), rest=n % 11, note=note)


PROFILE = Profile(
    injured_side="both",
    symptoms_began=date(2026, 6, 1),
    runs_now=True,
    created=NOW,
    updated=NOW,
)


@pytest.fixture
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


# -- modes -------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], indirect=True)
def test_files_are_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    home = Home(tmp_path / "deep" / "folder" / "home")
    day = Clock(NOW)
    Store(home, day).save_profile(PROFILE)
    day.now += timedelta(days=1)
    Store(home, day).add_pain(entry(1))  # the second day's write makes a backup

    assert mode(home.root) == 0o700
    assert mode(home.data_file) == 0o600
    assert mode(home.lock_file) == 0o600
    assert mode(home.backups_dir) == 0o700
    (backup,) = list_backups(home.backups_dir)
    assert mode(backup) == 0o600


def test_a_home_folder_that_already_exists_is_made_private(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    os.chmod(root, 0o755)
    home = Home(root)
    Store(home, clock).add_pain(entry(1))
    assert mode(root) == 0o700
    assert mode(home.data_file) == 0o600


def test_opening_an_existing_home_makes_it_private(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    os.chmod(home.root, 0o755)
    os.chmod(home.data_file, 0o644)
    Store(home, clock).check()  # what the app and the CLI do first
    assert mode(home.root) == 0o700
    assert mode(home.data_file) == 0o600


def test_a_shared_sticky_folder_is_not_narrowed(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Store(Home(shared), clock).add_pain(entry(1))
    assert mode(shared) == 0o1777


def test_a_home_created_by_another_process_meanwhile_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self == home.root and not real_exists(self):
            # Another sitbone creates the folder just after this one looked.
            os.mkdir(self, 0o700)
            return False
        return real_exists(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "exists", exists)
    Store(home, clock).add_pain(entry(1))
    monkeypatch.undo()
    assert len(Store(home, clock).pain_entries()) == 1


def test_a_rewritten_file_stays_private_even_if_it_was_loosened(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    os.chmod(home.data_file, 0o644)
    Store(home, clock).add_pain(entry(2))
    assert mode(home.data_file) == 0o600


# -- daily backups -------------------------------------------------------------------------


def test_ten_days_of_writes_keep_the_seven_newest_daily_backups(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    start = datetime(2026, 11, 25, 8, 0)  # crosses into December
    day = Clock(start)
    for n in range(10):
        day.now = start + timedelta(days=n)
        Store(home, day).add_pain(entry(n, note=f"day {n}"))

    backups = list_backups(home.backups_dir)
    # A backup is taken before the first write of each day from the second day on; the
    # three oldest of those nine have been pruned.
    days = [(start + timedelta(days=n)).date() for n in range(3, 10)]
    assert len(backups) == KEEP == 7
    assert [p.name for p in backups] == [f"sitbone-{d.isoformat()}.json" for d in reversed(days)]
    assert sorted(p.name for p in home.backups_dir.iterdir()) == sorted(p.name for p in backups)
    for path in backups:
        version, tables, _ = parse_data_file(path, path.read_bytes())
        assert version == store.migrations.SCHEMA_VERSION
        # Each holds the file as it was before that day's write: one entry a day so far.
        n = (date.fromisoformat(path.name[len("sitbone-") : -len(".json")]) - start.date()).days
        assert sorted(doc["note"] for doc in tables["pain"].values()) == sorted(
            f"day {i}" for i in range(n)
        )
        restored = Home(tmp_path / f"check-{path.name}")
        restored.ensure()
        restored.data_file.write_bytes(path.read_bytes())
        Store(restored, day).check()
        assert mode(path) == 0o600


def test_one_backup_a_day_holding_the_file_before_the_days_first_write(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    day = Clock(NOW)
    Store(home, day).add_pain(entry(0, "yesterday"))
    assert not home.backups_dir.exists()  # nothing to back up before the first write

    day.now += timedelta(days=1)
    store_ = Store(home, day)
    before = home.data_file.read_bytes()
    for n in range(1, 4):
        store_.add_pain(entry(n, f"today {n}"))
    (backup,) = list_backups(home.backups_dir)
    assert backup.name == f"sitbone-{day.now.date().isoformat()}.json"
    assert backup.read_bytes() == before


def test_failed_writes_make_no_backup(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    day = Clock(NOW)
    Store(home, day).add_pain(entry(0))
    home.data_file.write_bytes(b"{ damaged")
    day.now += timedelta(days=1)
    with pytest.raises(DataFileError):
        Store(home, day).add_pain(entry(1))
    assert list_backups(home.backups_dir) == []


# -- temp files left by a killed writer -----------------------------------------------------


def test_leftover_temp_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(0))
    leftovers = [
        home.root / ".sitbone.json.4242.deadbeef.tmp",
        home.root / ".sitbone.json.99999.0badf00d.tmp",
    ]
    for path in leftovers:
        path.write_text('{"app": "sitbone", "sche')  # a half-written file
    unrelated = [home.root / "notes.tmp", home.root / ".other.json.1.ab.tmp", home.root / "x.txt"]
    for path in unrelated:
        path.write_text("mine")

    reader = Store(home, clock)
    reader.check()  # reading neither minds nor removes them
    assert all(path.exists() for path in leftovers)

    reader.add_pain(entry(1))
    assert not any(path.exists() for path in leftovers)
    assert all(path.read_text() == "mine" for path in unrelated)
    assert len(Store(home, clock).pain_entries()) == 2


def test_leftover_temp_files_in_backups_are_removed_by_the_next_write(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    day = Clock(NOW - timedelta(days=1))
    Store(home, day).add_pain(entry(0))
    home.backups_dir.mkdir()
    leftover = home.backups_dir / ".sitbone-2026-11-21.json.4242.deadbeef.tmp"
    leftover.write_text("half")
    day.now = NOW
    Store(home, day).add_pain(entry(1))
    assert not leftover.exists()


def test_a_failed_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    store_ = Store(home, clock)
    store_.add_pain(entry(0))
    before = home.data_file.read_bytes()

    real_replace = os.replace

    def replace(source: object, target: object) -> None:
        if Path(target) == home.data_file:  # type: ignore[arg-type]
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr("store.storage.os.replace", replace)
    with pytest.raises(StoreFault, match="the disk is full; nothing was written"):
        store_.add_pain(entry(1))
    monkeypatch.undo()
    assert home.data_file.read_bytes() == before
    assert not list(home.root.glob(".sitbone.json.*.tmp"))
    # The failed write did not leave the store believing it had written.
    assert len(store_.pain_entries()) == 1


# -- reads are cached until the file changes ----------------------------------------------


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def spy(path: Path, raw: bytes, *, vouched: bool = False) -> object:
        calls.append(path)
        return parse_data_file(path, raw, vouched=vouched)

    monkeypatch.setattr(store.storage, "parse_data_file", spy)
    return calls


def test_reads_of_an_unchanged_file_parse_it_once(tmp_path: Path, parses: list[Path]) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_many("pain", [entry(0), entry(1)])
    parses.clear()

    reader = Store(home, clock)
    assert len(reader.pain_entries()) == 2
    assert len(reader.pain_entries()) == 2
    assert reader.profile() is None
    assert not reader.is_empty()
    assert parses == [home.data_file]


def test_a_write_by_another_store_is_seen(tmp_path: Path, parses: list[Path]) -> None:
    home = Home(tmp_path / "home")
    first, second = Store(home, clock), Store(home, clock)
    first.add_pain(entry(0, "first"))
    assert [e.note for _, e in first.pain_entries()] == ["first"]

    second.add_pain(entry(1, "second"))
    second.save_profile(PROFILE)
    parses.clear()
    assert [e.note for _, e in first.pain_entries()] == ["first", "second"]
    assert first.profile() == PROFILE
    assert len(parses) == 1  # re-read once, then cached again


def test_a_stores_own_write_needs_no_re_read(tmp_path: Path, parses: list[Path]) -> None:
    home = Home(tmp_path / "home")
    writer = Store(home, clock)
    writer.add_pain(entry(0))
    parses.clear()
    writer.add_pain(entry(1))
    # Writes always read the file again under the lock, but the same bytes as it wrote last
    # are not parsed again...
    assert parses == []
    assert len(writer.pain_entries()) == 2
    assert parses == []  # ...and it knows what it wrote
    Store(home, clock).add_pain(entry(2))  # another writer: new bytes, parsed once
    parses.clear()
    writer.add_pain(entry(3))
    assert parses == [home.data_file]
    assert len(writer.pain_entries()) == 4


def test_check_always_reads_the_file_again(tmp_path: Path, parses: list[Path]) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(0))
    reader = Store(home, clock)
    parses.clear()
    reader.check()
    reader.check()
    assert len(parses) == 1  # read twice; the same bytes need no second parse
    data = home.data_file.read_bytes()
    home.data_file.write_bytes(data.replace(b'"note":""', b'"note":"x"', 1))
    os.utime(home.data_file, ns=(0, 0))  # even with the times the cache last saw changed
    reader.check()
    assert len(parses) == 2
    assert [e.note for _, e in reader.pain_entries()] == ["x"]


def test_a_file_replaced_behind_the_stores_back_is_seen(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    reader = Store(home, clock)
    reader.add_pain(entry(0, "mine"))
    assert len(reader.pain_entries()) == 1
    payload = json.loads(home.data_file.read_bytes())
    payload["tables"]["pain"]["7"] = entry(7, "edited by hand").model_dump(mode="json")
    home.data_file.write_text(json.dumps(payload))  # same inode, new size
    assert [e.note for _, e in reader.pain_entries()] == ["mine", "edited by hand"]
