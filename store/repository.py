"""The one way to read and write each kind of record."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from store import backup
from store.changes import Change
from store.checked import CheckedMark
from store.errors import AlreadyStored, StaleRecordError, StoreBusyError, StoreFault
from store.home import Home
from store.listing import Listing, by_id, by_time
from store.migrations import SCHEMA_VERSION, Document, Tables
from store.order import time_order
from store.records import (
    RECORD_TABLES,
    ActiveRun,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Profile,
    Record,
    RedFlagChange,
    RunSession,
    RunUnlock,
    Table,
    table_named,
)
from store.storage import AtomicJSONStorage
from store.validation import ParsedRecords

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from store.demo import DemoData
    from store.restore import RestorePlan

R = TypeVar("R", bound=Record)
# The records that happen at a time (`at`), listed oldest first.
Timed = TypeVar(
    "Timed",
    PainEntry,
    PhaseChange,
    ExerciseSession,
    RunSession,
    RunUnlock,
    RedFlagChange,
    OutcomeMeasure,
)
Clock = Callable[[], datetime]
LOCK_TIMEOUT_S = 15.0
NOTHING_SAVED = "nothing was saved"


class Store:
    """Records in the home's data file. Reads are cached; writes lock, re-read and back up.

    Every failure is a StoreError naming the file: DataFileError when the file cannot be
    trusted, StoreFault when the file system refuses, StoreBusyError when another sitbone
    holds the lock longer than `lock_timeout` seconds."""

    def __init__(
        self, home: Home, clock: Clock = datetime.now, lock_timeout: float = LOCK_TIMEOUT_S
    ) -> None:
        self.home = home
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._mark = CheckedMark(home.checked_file)
        self._storage = AtomicJSONStorage(home.data_file, clock, vouched_for=self._mark.holds)
        self._records = ParsedRecords(home.data_file)
        self._validated = -1  # the storage's content last known valid
        # Whether what this store last wrote still lacks its mark (see leave_mark), and
        # whether marks wait for leave_mark() rather than being left at each write.
        self._unmarked = False
        self.marks_later = False
        # Each table's records as the accessors return them: (table, in time order).
        self._lists: dict[tuple[Table, bool], Listing] = {}
        self._file_lock: BaseFileLock | None = None

    @property
    def _lock(self) -> BaseFileLock:
        # Created on first write: reads never need it, and filelock is slow to import.
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(
                str(self.home.lock_file), timeout=self.lock_timeout, mode=0o600
            )
        return self._file_lock

    @property
    def path(self) -> Path:
        return self.home.data_file

    def wait_until_free(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds until no other process holds the write lock; True
        when it is free. Safe to call from another thread: it uses a lock object of its own
        and takes the lock only for an instant."""
        from filelock import FileLock, Timeout

        if not self.home.lock_file.exists():
            return True
        probe = FileLock(str(self.home.lock_file), timeout=timeout, mode=0o600)
        try:
            with probe:
                return True
        except Timeout:
            return False
        except OSError:
            return True  # the write itself will name the problem with the lock file

    def lock_is_free(self) -> bool:
        """Whether a write could take the lock at once (another sitbone may hold it)."""
        return self.wait_until_free(0)

    # -- integrity ---------------------------------------------------------------------

    def check(self, *, thorough: bool = False) -> None:
        """Raise DataFileError unless the file is absent or every record is valid (and
        StoreFault if it cannot be read). Makes an existing home folder private. Content
        validated before (see store/checked.py) is trusted unless `thorough`."""
        self.home.make_private()
        if thorough:  # every id and record looked at again, whatever was read before
            self._mark.forget()
            self._storage.invalidate()
            self._validated = -1
        self._storage.refresh(force=True)
        self._validate_records()

    def content(self) -> int:
        """A number that changes whenever the file's content does (written here or read
        again after another process wrote it); what is worked out from the records can be
        kept while it stays the same."""
        self._storage.refresh()
        return self._storage.content

    def leave_mark(self) -> None:
        """Vouch for the content this store last wrote (store/checked.py), so another sitbone
        need not validate it again. Done at each write, or, with `marks_later`, when the
        caller has a moment: the app, between key presses, so a press does not pay for
        hashing the whole file."""
        raw = self._storage.raw
        if self._unmarked and raw is not None and self._validated == self._storage.content:
            self._mark.record(raw)
        self._unmarked = False

    def is_empty(self) -> bool:
        return all(not self._raw(name) for name in RECORD_TABLES)

    # -- profile -----------------------------------------------------------------------

    def profile(self) -> Profile | None:
        records = self._all(Table.PROFILE, Profile)
        return records[-1][1] if records else None

    def save_profile(self, profile: Profile) -> None:
        doc = self._to_doc(Table.PROFILE, profile)
        with self._transaction():
            # One write: the table's only record is replaced in place.
            tables = self._tables()
            tables[Table.PROFILE] = {"1": doc}
            self._storage.write(tables)

    def red_flag_history(self) -> list[tuple[int, RedFlagChange]]:
        """(id, change) pairs, oldest first."""
        return self._in_time_order(Table.RED_FLAG_HISTORY, RedFlagChange)

    def save_profile_with_flags(self, profile: Profile, change: RedFlagChange) -> Change:
        """Save the profile and the red-flag change that led to it in one write: the open
        flags and their history never disagree."""
        profile_doc = self._to_doc(Table.PROFILE, profile)
        change_doc = self._to_doc(Table.RED_FLAG_HISTORY, change)
        with self._transaction():
            tables = self._tables(Table.RED_FLAG_HISTORY)
            history = tables[Table.RED_FLAG_HISTORY]
            record_id = self._storage.next_id(Table.RED_FLAG_HISTORY, history)
            history[str(record_id)] = change_doc
            tables[Table.PROFILE] = {"1": profile_doc}
            self._storage.write(tables)
        return Change(Table.RED_FLAG_HISTORY, record_id, before=None, after=change)

    # -- pain --------------------------------------------------------------------------

    def pain_entries(self, since: date | None = None) -> list[tuple[int, PainEntry]]:
        """(id, entry) pairs, oldest first; with `since`, only those of that day and later
        (the others are not even parsed: a recent window costs the same at any history)."""
        if since is None:
            return self._in_time_order(Table.PAIN, PainEntry)
        return self._recent(Table.PAIN, PainEntry, since)

    def add_pain(self, entry: PainEntry) -> int:
        return self.add_many(Table.PAIN, [entry])[0]

    # -- phases and runs -----------------------------------------------------------------

    def phase_changes(self) -> list[tuple[int, PhaseChange]]:
        """(id, change) pairs, oldest first."""
        return self._in_time_order(Table.PHASE_HISTORY, PhaseChange)

    def exercise_sessions(self) -> list[tuple[int, ExerciseSession]]:
        """(id, session) pairs, oldest first."""
        return self._in_time_order(Table.EXERCISE_SESSIONS, ExerciseSession)

    def runs(self) -> list[tuple[int, RunSession]]:
        """(id, run) pairs, oldest first."""
        return self._in_time_order(Table.RUNS, RunSession)

    def run_unlocks(self) -> list[tuple[int, RunUnlock]]:
        """(id, unlock) pairs, oldest first."""
        return self._in_time_order(Table.RUN_UNLOCKS, RunUnlock)

    def outcomes(self) -> list[tuple[int, OutcomeMeasure]]:
        """(id, measure) pairs, oldest first."""
        return self._in_time_order(Table.OUTCOMES, OutcomeMeasure)

    # -- the run in progress -------------------------------------------------------------

    def active_run(self) -> ActiveRun | None:
        records = self._all(Table.ACTIVE_RUN, ActiveRun)
        return records[-1][1] if records else None

    def save_active_run(self, progress: ActiveRun) -> None:
        doc = self._to_doc(Table.ACTIVE_RUN, progress)
        with self._transaction():
            tables = self._tables()
            tables[Table.ACTIVE_RUN] = {"1": doc}
            self._storage.write(tables)

    def clear_active_run(self) -> None:
        with self._transaction():
            tables = self._tables()
            tables[Table.ACTIVE_RUN] = {}
            self._storage.write(tables)

    def finish_run(self, run: RunSession) -> Change:
        """Save the session and clear the progress in one write: never both or neither lost."""
        doc = self._to_doc(Table.RUNS, run)
        with self._transaction():
            tables = self._tables(Table.RUNS)
            runs = tables[Table.RUNS]
            record_id = self._storage.next_id(Table.RUNS, runs)
            runs[str(record_id)] = doc
            tables[Table.ACTIVE_RUN] = {}
            self._storage.write(tables)
        return Change(Table.RUNS, record_id, before=None, after=run)

    # -- changes that can be undone --------------------------------------------------------

    # Tables are named by Table; their names in the file ("pain") work as well.

    def add(
        self, table_name: str, record: Record, unless: Callable[[], str | None] | None = None
    ) -> Change:
        """Add `record`; with `unless`, asked under the write lock once the file is read
        again, a reason it gives stops the write (AlreadyStored): two sitbones adding the
        same thing at once cannot both succeed."""
        table = table_named(table_name)
        record_id = self.add_many(table, [record], unless)[0]
        return Change(table, record_id, before=None, after=record)

    def replace(self, table_name: str, record_id: int, old: Record, new: Record) -> Change:
        """Put `new` in place of record `record_id`, which must still be `old`."""
        return self.apply(Change(table_named(table_name), record_id, before=old, after=new))

    def delete(self, table_name: str, record_id: int, old: Record) -> Change:
        """Delete record `record_id`, which must still be `old`."""
        return self.apply(Change(table_named(table_name), record_id, before=old, after=None))

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
            tables = self._tables(change.table)
            table = tables[change.table]
            if doc is None:
                table.pop(key, None)
            else:
                table[key] = doc
            self._storage.write(tables)
        return change

    # -- generic -------------------------------------------------------------------------

    def add_many(
        self,
        table_name: str,
        records: Sequence[Record],
        unless: Callable[[], str | None] | None = None,
    ) -> list[int]:
        """Insert several records in one atomic write (all or none); `unless` as for add."""
        name = table_named(table_name)
        docs = [self._to_doc(name, record) for record in records]
        with self._transaction():
            reason = unless() if unless is not None else None
            if reason:
                raise AlreadyStored(reason)
            tables = self._tables(name)
            table = tables[name]
            # Ids are never reused: a deleted record's id stays taken (see next_id).
            first = self._storage.next_id(name, table)
            ids = list(range(first, first + len(docs)))
            for record_id, doc in zip(ids, docs, strict=True):
                table[str(record_id)] = doc
            self._storage.write(tables)
            return ids

    def fill_if_empty(self, demo: DemoData) -> bool:
        """Write a whole starting data set (the profile and every table of `demo`), only if
        the file holds nothing (checked under the same lock, so two fills at once cannot both
        succeed)."""
        profile_doc = self._to_doc(Table.PROFILE, demo.profile)
        docs = {
            table: [self._to_doc(table, record) for record in records]
            for table, records in demo.tables().items()
        }
        with self._transaction():
            if not self.is_empty():
                return False
            # One write for every table: TinyDB would write once per table.
            tables: Tables = {name: {} for name in RECORD_TABLES}
            tables[Table.PROFILE] = {"1": profile_doc}
            for table, table_docs in docs.items():
                first = self._storage.next_id(table, {})
                tables[table] = {str(i): doc for i, doc in enumerate(table_docs, start=first)}
            self._storage.write(tables)
            return True

    def raw_table(self, name: str) -> list[Document]:
        """Documents of a table as stored, oldest id first; used by export. A name that is no
        table of the file has none."""
        return [doc for _, doc in self.raw_items(name)]

    def raw_items(self, name: str) -> list[tuple[int, Document]]:
        """(id, document) pairs of a table as stored, oldest id first."""
        docs = self._raw(name)
        return [(int(key), docs[key]) for key in sorted(docs, key=int)]

    # -- internals -----------------------------------------------------------------------

    def _to_doc(self, table: Table, record: Record) -> Document:
        """Validate again on the way in: a record built with model_copy/model_construct skips
        validation, and one bad record would make the whole file unreadable."""
        model = RECORD_TABLES.get(table)
        if model is None or not isinstance(record, model):
            raise ValueError(f"a {type(record).__name__} cannot be stored in '{table}'")
        doc = record.model_dump(mode="json")
        if doc.get("for_clinician") is False:
            del doc["for_clinician"]  # few records are marked: the rest don't carry the key
        now = self.clock()
        model.model_validate(doc, context={"today": now.date(), "now": now})
        return doc

    def _in_time_order(self, name: Table, model: type[Timed]) -> list[tuple[int, Timed]]:
        """(id, record) pairs, oldest first: by time, true through daylight saving."""
        return self._listed(name, model, in_time_order=True)

    def _recent(self, name: Table, model: type[Timed], since: date) -> list[tuple[int, Timed]]:
        """`_in_time_order` for the records of day `since` and later, found by the date that
        begins each document's time (a document without one is parsed, and judged, anyway)."""
        first = since.isoformat()
        docs = self._raw(name)
        pairs = [
            (int(k), self._records.record(model, name, k, doc))
            for k, doc in docs.items()
            if not isinstance(at := doc.get("at"), str) or at[:10] >= first
        ]
        recent = [(i, r) for i, r in pairs if r.at.date() >= since]
        return sorted(recent, key=lambda pair: time_order(pair[1].at, pair[0]))

    def _listed(
        self, name: Table, model: type[R], *, in_time_order: bool = False
    ) -> list[tuple[int, R]]:
        """The table's records (a new list each time; the records are frozen), in id order
        or in time order, kept in step with the file by a Listing."""
        listing = self._lists.get((name, in_time_order))
        if listing is None:
            listing = self._lists[(name, in_time_order)] = Listing(
                by_time if in_time_order else by_id
            )
        pairs = listing.update(
            self._raw(name), lambda k, doc: self._records.record(model, name, k, doc)
        )
        return list(pairs)  # type: ignore[arg-type]  # the table's model is `model`

    def _raw(self, name: str) -> dict[str, Document]:
        tables = self._storage.read() or {}
        return tables.get(name, {})

    def _tables(self, *changing: str) -> Tables:
        """The tables to change and write: a new mapping, holding copies of the tables named
        in `changing` (those the write adds to or edits) and the others as they are. Tables
        left alone stay the very same objects, so what was worked out from them (parsed
        records, sorted listings) is known to hold still."""
        current = self._storage.read() or {}
        tables = dict(current)
        for name in changing:
            tables[name] = dict(current.get(name, {}))
        return tables

    def _all(self, name: Table, model: type[R]) -> list[tuple[int, R]]:
        return self._listed(name, model)

    def _parse(self, model: type[R], name: Table, doc_id: str, doc: Document) -> R:
        # Stored records were valid when written; dates may be later than 'today'.
        return self._records.record(model, name, doc_id, doc)

    @contextlib.contextmanager
    def _locked(self, nothing: str = NOTHING_SAVED) -> Iterator[None]:
        """Hold the cross-process lock; StoreBusyError after `lock_timeout` seconds, StoreFault
        when the lock file cannot be used. `nothing` says what did not happen then."""
        from filelock import Timeout

        lock_file = self.home.lock_file
        try:
            st = os.lstat(lock_file)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreFault.from_os(lock_file, error, nothing) from None
        else:
            if not stat.S_ISREG(st.st_mode):
                what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
                raise StoreFault(
                    lock_file, f"is {what}; sitbone needs a file there for its lock; {nothing}"
                )
            if not os.access(lock_file, os.R_OK | os.W_OK):
                raise StoreFault(
                    lock_file, f"is not writable for you; sitbone needs it for its lock; {nothing}"
                )
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreBusyError(
                self.path,
                f"another sitbone is writing it and did not finish within "
                f"{self.lock_timeout:g} s; {nothing}",
                f"another sitbone is writing {self.path} and did not finish within "
                f"{self.lock_timeout:g} s; {nothing}",
            ) from None
        except OSError as error:
            refused = error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            if refused and not os.path.lexists(lock_file):
                raise StoreFault.from_os(
                    self.home.root, error, f"sitbone cannot create its lock file here; {nothing}"
                ) from None
            raise StoreFault.from_os(lock_file, error, nothing) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.home.ensure()
        with self._locked():
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
            before = self._storage.content
            try:
                yield
            except BaseException:
                self._storage.invalidate()
                raise
            if self._storage.content != before and self._storage.raw is not None:
                # Written: the records kept were valid, the new ones validated on the way in.
                self._validated = self._storage.content
                self._unmarked = True
                if not self.marks_later:
                    self.leave_mark()

    def _validate_records(self) -> None:
        """Raise DataFileError unless every record of the file is valid: at once when this
        content was validated before (here, or by another sitbone: the mark), else each
        document that was not parsed already."""
        tables = self._storage.read() or {}
        content, raw = self._storage.content, self._storage.raw
        if content == self._validated:
            return
        if raw is None or not self._mark.holds(raw):
            self._records.validate(tables)
            if raw is not None:
                self._mark.record(raw)
        self._validated = content

    def _clean_temp_files(self) -> None:
        # Left by a writer killed mid-write; safe to remove while we hold the lock.
        for folder in (self.home.root, self.home.backups_dir):
            with contextlib.suppress(OSError):
                for entry in os.scandir(folder):
                    if entry.name.startswith(".sitbone") and entry.name.endswith(".tmp"):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    # -- backups and restore ---------------------------------------------------------------

    def backups(self) -> list[Path]:
        """The daily backups, newest first (by what they hold, not the dates in their names)."""
        return backup.list_backups(self.home.backups_dir)

    def plan_restore(self, source: Path | None = None) -> RestorePlan:
        """What restoring `source` (default: the newest backup that validates) would do; see
        RestorePlan.describe(). Raises DataFileError for a named backup that is not sound."""
        from store.restore import plan_restore

        return plan_restore(self, source)

    def restore(self, what: RestorePlan | Path | None = None) -> Path | None:
        """Put a backup in place: a plan from plan_restore(), or a backup file (planned here),
        or the newest sound backup. The current file, if any, is kept beside it, never
        deleted; returns where (None if there was none)."""
        from store.restore import RestorePlan, restore

        plan = what if isinstance(what, RestorePlan) else self.plan_restore(what)
        return restore(self, plan)
