"""The order of the writes that makes them survive a crash or power loss: the new file's bytes
are fsynced before it is renamed over the old one, and the folder is fsynced after the rename.
A restore links the old file aside (and fsyncs the folder) before anything replaces it. These
tests fail if an fsync is removed or moved."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from store import Home, Store
from store.backup import list_backups
from store.records import PainEntry

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


def entry(n: int) -> PainEntry:
    return PainEntry(at=datetime(2026, 11, 20, 7, 0) + timedelta(minutes=n), rest=1)


class Recorder:
    """Records fsync, replace and link calls, naming each fsync's file by the path it was
    opened with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, ...]] = []
        self.paths: dict[int, str] = {}
        real_open, real_fsync = os.open, os.fsync
        real_replace, real_link = os.replace, os.link

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            fd = real_open(path, flags, *args, **kwargs)
            self.paths[fd] = os.fspath(path)
            return fd

        def fsync(fd: int) -> None:
            self.events.append(("fsync", self.paths.get(fd, f"fd {fd}")))
            real_fsync(fd)

        def replace(source: Any, target: Any, **kwargs: Any) -> None:
            self.events.append(("replace", os.fspath(source), os.fspath(target)))
            real_replace(source, target, **kwargs)

        def link(source: Any, target: Any, **kwargs: Any) -> None:
            self.events.append(("link", os.fspath(source), os.fspath(target)))
            real_link(source, target, **kwargs)

        for name, fake in (("open", open_), ("fsync", fsync), ("replace", replace)):
            monkeypatch.setattr(os, name, fake)
        monkeypatch.setattr(os, "link", link)

    def index(self, event: tuple[str, ...]) -> int:
        assert event in self.events, (event, self.events)
        return self.events.index(event)

    def replace_of(self, target: Path) -> tuple[str, str, str]:
        found = [e for e in self.events if e[0] == "replace" and e[2] == str(target)]
        assert len(found) == 1, self.events
        return found[0]  # type: ignore[return-value]


def assert_atomic_write(recorder: Recorder, target: Path) -> int:
    """fsync(temp) < replace(temp, target) < fsync(folder); returns the replace's index."""
    _, temp, _ = replaced = recorder.replace_of(target)
    at = recorder.index(replaced)
    assert Path(temp).parent == target.parent and Path(temp).name.endswith(".tmp")
    assert recorder.index(("fsync", temp)) < at, "the new file must be on disk before the rename"
    after = recorder.events[at + 1 :]
    assert ("fsync", str(target.parent)) in after, "the rename must be flushed to disk"
    return at


def test_a_data_write_fsyncs_the_file_then_renames_then_fsyncs_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    recorder = Recorder(monkeypatch)
    Store(home, clock).add_pain(entry(2))
    monkeypatch.undo()
    assert_atomic_write(recorder, home.data_file)


def test_a_backup_is_written_the_same_way_before_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    Store(home, clock).add_pain(entry(1))
    recorder = Recorder(monkeypatch)
    Store(home, lambda: NOW + timedelta(days=1)).add_pain(entry(2))
    monkeypatch.undo()
    (backup,) = list_backups(home.backups_dir)
    assert assert_atomic_write(recorder, backup) < assert_atomic_write(recorder, home.data_file)


def test_a_restore_links_the_old_file_aside_before_replacing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home")
    Store(home, lambda: NOW - timedelta(days=1)).add_pain(entry(1))
    Store(home, clock).add_pain(entry(2))
    (backup,) = list_backups(home.backups_dir)
    recorder = Recorder(monkeypatch)
    kept = Store(home, clock).restore(backup)
    monkeypatch.undo()
    assert kept is not None
    linked = recorder.index(("link", str(home.data_file), str(kept)))
    replaced = assert_atomic_write(recorder, home.data_file)
    folder_syncs = [
        i for i, e in enumerate(recorder.events) if e == ("fsync", str(home.root)) and i < replaced
    ]
    assert any(linked < i for i in folder_syncs), "the kept name must be on disk first"
    assert linked < replaced
