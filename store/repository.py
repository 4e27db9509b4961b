"""The one way to read and write each kind of record."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from tinydb.table import Table

from store import backup
from store.changes import Change
from store.errors import DataFileError, StaleRecordError, StoreBusyError
from store.home import Home
from store.migrations import SCHEMA_VERSION
from store.records import (
    RECORD_TABLES,
    ActiveRun,
    ExerciseSession,
    PainEntry,
    PhaseChange,
    Profile,
    Record,
    RedFlagChange,
    RunSession,
    RunUnlock,
)
from store.storage import AtomicJSONStorage, parse_data_file, write_private_file

if TYPE_CHECKING:
    from filelock import BaseFileLock

R = TypeVar("R", bound=Record)
Clock = Callable[[], datetime]
LOCK_TIMEOUT_S = 15.0


class Store:
    """Records in the home's data file. Reads are cached; writes lock, re-read and back up."""

    def __init__(self, home: Home, clock: Clock = datetime.now) -> None:
        self.home = home
        self.clock = clock
        self._storage = AtomicJSONStorage(home.data_file)
        self._file_lock: BaseFileLock | None = None

    @property
    def _lock(self) -> BaseFileLock:
        # Created on first write: reads never need it, and filelock is slow to import.
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(str(self.home.lock_file), timeout=LOCK_TIMEOUT_S, mode=0o600)
        return self._file_lock

    @property
    def path(self) -> Path:
        return self.home.data_file

    # -- integrity ---------------------------------------------------------------------

    def check(self) -> None:
        """Raise DataFileError unless the file is absent or every record is valid."""
        self._storage.refresh(force=True)
        self._validate_records()

    def is_empty(self) -> bool:
        return all(not self._raw(name) for name in RECORD_TABLES)

    # -- profile -----------------------------------------------------------------------

    def profile(self) -> Profile | None:
        records = self._all("profile", Profile)
        return records[-1][1] if records else None

    def save_profile(self, profile: Profile) -> None:
        doc = self._to_doc("profile", profile)
        with self._transaction():
            # One write: the table's only record is replaced in place.
            self._table("profile")._update_table(lambda table: _replace_all(table, doc))

    def red_flag_history(self) -> list[tuple[int, RedFlagChange]]:
        """(id, change) pairs, oldest first."""
        return sorted(self._all("red_flag_history", RedFlagChange), key=lambda pair: pair[1].at)

    def save_profile_with_flags(self, profile: Profile, change: RedFlagChange) -> Change:
        """Save the profile and the red-flag change that led to it in one write: the open
        flags and their history never disagree."""
        profile_doc = self._to_doc("profile", profile)
        change_doc = self._to_doc("red_flag_history", change)
        with self._transaction():
            tables = {name: dict(table) for name, table in (self._storage.read() or {}).items()}
            history = tables.setdefault("red_flag_history", {})
            record_id = max((int(key) for key in history), default=0) + 1
            history[str(record_id)] = change_doc
            tables["profile"] = {"1": profile_doc}
            self._storage.write(tables)
        return Change("red_flag_history", record_id, before=None, after=change)

    # -- pain --------------------------------------------------------------------------

    def pain_entries(self) -> list[tuple[int, PainEntry]]:
        """(id, entry) pairs, oldest first."""
        return sorted(self._all("pain", PainEntry), key=lambda pair: pair[1].at)

    def add_pain(self, entry: PainEntry) -> int:
        return self.add_many("pain", [entry])[0]

    # -- phases and runs -----------------------------------------------------------------

    def phase_changes(self) -> list[tuple[int, PhaseChange]]:
        """(id, change) pairs, oldest first."""
        return sorted(self._all("phase_history", PhaseChange), key=lambda pair: pair[1].at)

    def exercise_sessions(self) -> list[tuple[int, ExerciseSession]]:
        """(id, session) pairs, oldest first."""
        return sorted(self._all("exercise_sessions", ExerciseSession), key=lambda pair: pair[1].at)

    def runs(self) -> list[tuple[int, RunSession]]:
        """(id, run) pairs, oldest first."""
        return sorted(self._all("runs", RunSession), key=lambda pair: pair[1].at)

    def run_unlocks(self) -> list[tuple[int, RunUnlock]]:
        """(id, unlock) pairs, oldest first."""
        return sorted(self._all("run_unlocks", RunUnlock), key=lambda pair: pair[1].at)

    # -- the run in progress -------------------------------------------------------------

    def active_run(self) -> ActiveRun | None:
        records = self._all("active_run", ActiveRun)
        return records[-1][1] if records else None

    def save_active_run(self, progress: ActiveRun) -> None:
        doc = self._to_doc("active_run", progress)
        with self._transaction():
            self._table("active_run")._update_table(lambda table: _replace_all(table, doc))

    def clear_active_run(self) -> None:
        with self._transaction():
            self._table("active_run")._update_table(lambda table: table.clear())

    def finish_run(self, run: RunSession) -> Change:
        """Save the session and clear the progress in one write: never both or neither lost."""
        doc = self._to_doc("runs", run)
        with self._transaction():
            tables = {name: dict(table) for name, table in (self._storage.read() or {}).items()}
            runs = tables.setdefault("runs", {})
            record_id = max((int(key) for key in runs), default=0) + 1
            runs[str(record_id)] = doc
            tables["active_run"] = {}
            self._storage.write(tables)
        return Change("runs", record_id, before=None, after=run)

    # -- changes that can be undone --------------------------------------------------------

    def add(self, table_name: str, record: Record) -> Change:
        record_id = self.add_many(table_name, [record])[0]
        return Change(table_name, record_id, before=None, after=record)

    def replace(self, table_name: str, record_id: int, old: Record, new: Record) -> Change:
        """Put `new` in place of record `record_id`, which must still be `old`."""
        return self.apply(Change(table_name, record_id, before=old, after=new))

    def delete(self, table_name: str, record_id: int, old: Record) -> Change:
        """Delete record `record_id`, which must still be `old`."""
        return self.apply(Change(table_name, record_id, before=old, after=None))

    def undo(self, change: Change) -> Change:
        """Reverse `change`, refused if the record has changed since."""
        return self.apply(change.inverse())

    def apply(self, change: Change) -> Change:
        """Move one record from `change.before` to `change.after` in one write. The record
        must still be `before` (None: absent), so nothing written elsewhere is overwritten."""
        doc = None if change.after is None else self._to_doc(change.table, change.after)
        model = RECORD_TABLES[change.table]
        key = str(change.record_id)
        with self._transaction():
            stored = self._raw(change.table).get(key)
            current = (
                None
                if stored is None or model is None
                else self._parse(model, change.table, key, stored)
            )
            if current != change.before:
                raise StaleRecordError(
                    f"record {change.record_id} in '{change.table}' has changed since it was read"
                )
            self._table(change.table)._update_table(
                lambda table: _put(table, change.record_id, doc)
            )
        return change

    # -- generic -------------------------------------------------------------------------

    def add_many(self, table_name: str, records: list[Record]) -> list[int]:
        """Insert several records in one atomic write (all or none)."""
        docs = [self._to_doc(table_name, record) for record in records]
        with self._transaction():
            return self._table(table_name).insert_multiple(docs)

    def fill_if_empty(self, profile: Profile, pain: list[PainEntry]) -> bool:
        """Write a whole starting data set, only if the file holds nothing (checked under the
        same lock, so two fills at once cannot both succeed)."""
        profile_doc = self._to_doc("profile", profile)
        pain_docs = [self._to_doc("pain", entry) for entry in pain]
        with self._transaction():
            if not self.is_empty():
                return False
            # One write for both tables: TinyDB would write once per table.
            tables = {name: {} for name in RECORD_TABLES}
            tables["profile"] = {"1": profile_doc}
            tables["pain"] = {str(i): doc for i, doc in enumerate(pain_docs, start=1)}
            self._storage.write(tables)
            return True

    def raw_table(self, name: str) -> list[dict[str, Any]]:
        """Documents of a table as stored, oldest id first; used by export."""
        return [doc for _, doc in self.raw_items(name)]

    def raw_items(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        """(id, document) pairs of a table as stored, oldest id first."""
        docs = self._raw(name)
        return [(int(key), docs[key]) for key in sorted(docs, key=int)]

    # -- internals -----------------------------------------------------------------------

    def _to_doc(self, table_name: str, record: Record) -> dict[str, Any]:
        """Validate again on the way in: a record built with model_copy/model_construct skips
        validation, and one bad record would make the whole file unreadable."""
        model = RECORD_TABLES.get(table_name)
        if model is None or not isinstance(record, model):
            raise ValueError(f"a {type(record).__name__} cannot be stored in '{table_name}'")
        doc = record.model_dump(mode="json")
        model.model_validate(doc, context={"today": self.clock().date()})
        return doc

    def _raw(self, name: str) -> dict[str, dict]:
        tables = self._storage.read() or {}
        return tables.get(name, {})

    def _all(self, name: str, model: type[R]) -> list[tuple[int, R]]:
        docs = self._raw(name)
        return [(int(k), self._parse(model, name, k, docs[k])) for k in sorted(docs, key=int)]

    def _parse(self, model: type[R], name: str, doc_id: str, doc: dict) -> R:
        try:
            # Stored records were valid when written; dates may be older than 'today'.
            return model.model_validate(doc, context={"today": datetime.max.date()})
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "record"
            raise DataFileError(
                self.path, f"record {doc_id} in '{name}' is invalid: {field}: {first['msg']}"
            ) from None

    def _table(self, name: str) -> Table:
        # A fresh Table each time: TinyDB caches the next id and queries per Table object,
        # which would be stale once another process has written.
        return Table(self._storage, name, cache_size=0)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.home.ensure()
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise StoreBusyError(
                f"another sitbone has held {self.home.lock_file} for {LOCK_TIMEOUT_S:.0f} s"
            ) from None
        try:
            self._clean_temp_files()
            # Always re-read under the lock: another process may have written since.
            self._storage.refresh(force=True)
            self._validate_records()
            today = self.clock().date()
            if self._storage.version_on_disk not in (None, SCHEMA_VERSION):
                backup.back_up_before_migration(
                    self.path, self.home.backups_dir, self._storage.version_on_disk, today
                )
            backup.back_up_daily(self.path, self.home.backups_dir, today)
            try:
                yield
            except BaseException:
                self._storage.invalidate()
                raise
        finally:
            self._lock.release()

    def _validate_records(self) -> None:
        for name, model in RECORD_TABLES.items():
            docs = self._raw(name)
            if model is None:
                if docs:
                    raise DataFileError(
                        self.path, f"table '{name}' holds records this version cannot read"
                    )
                continue
            for doc_id, doc in docs.items():
                self._parse(model, name, doc_id, doc)

    def _clean_temp_files(self) -> None:
        # Left by a writer killed mid-write; safe to remove while we hold the lock.
        for folder in (self.home.root, self.home.backups_dir):
            with contextlib.suppress(FileNotFoundError):
                for entry in os.scandir(folder):
                    if entry.name.startswith(".sitbone") and entry.name.endswith(".tmp"):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(entry.path)

    # -- restore -------------------------------------------------------------------------

    def restore(self, source: Path) -> Path | None:
        """Put a backup in place; the current file, if any, is kept beside it, never deleted."""
        raw = source.read_bytes()
        parse_data_file(source, raw)
        self.home.ensure()
        with self._lock:
            kept: Path | None = None
            if self.path.exists():
                kept = _unused(
                    self.home.root, f"{self.path.name}.damaged-{self.clock():%Y%m%d-%H%M%S}"
                )
                os.replace(self.path, kept)
            write_private_file(self.path, raw.decode("utf-8"))
            self._storage.invalidate()
        return kept


def _unused(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate


def _put(table: dict[int, Any], record_id: int, doc: dict[str, Any] | None) -> None:
    if doc is None:
        table.pop(record_id, None)
    else:
        table[record_id] = doc


def _replace_all(table: dict[int, Any], doc: dict[str, Any]) -> None:
    table.clear()
    table[1] = doc
