"""Putting a backup in place of the data file.

First a plan: which backup (a named one, or the newest that validates), what it holds against
the current file, and why any newer backup was passed over. The person sees it and says yes.
Then one atomic replace: the current file is first kept aside under a new name (a hard link, or
a copy that is fsynced), then the backup's records are written to a temporary file, fsynced and
renamed over the data file, and the folder is fsynced. Killed at any instant, the data file is
there, holding either the old records or the restored ones.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from store.backup import generation_of, list_backups
from store.errors import (
    DataFileError,
    NewerSchemaError,
    NoBackupError,
    StoreBusyError,
    StoreError,
    StoreFault,
)
from store.records import RECORD_TABLES, Table
from store.storage import (
    DataFile,
    Meta,
    Signature,
    envelope,
    file_signature,
    fsync_folder,
    link_problem,
    read_data_file,
    write_private_bytes,
    write_private_file,
)
from store.validation import validate_tables

if TYPE_CHECKING:
    from store.repository import Store

NOTHING_RESTORED = "nothing was restored"


@dataclass(frozen=True)
class Contents:
    """What a data file (or a backup) holds, in numbers."""

    path: Path
    saved: datetime  # when its data was last saved (from the file; else when it was written)
    counts: dict[Table, int]  # records per table, in RECORD_TABLES order

    @classmethod
    def of(cls, loaded: DataFile) -> Contents:
        saved = loaded.meta.saved or datetime.fromtimestamp(loaded.mtime).replace(microsecond=0)
        counts = {name: len(loaded.tables.get(name, {})) for name in RECORD_TABLES}
        return cls(loaded.path, saved, counts)


@dataclass(frozen=True)
class RestorePlan:
    """What `Store.restore(plan)` would do. It is refused if the data file changes meanwhile."""

    backup: Contents
    target: Path  # the data file
    current: Contents | None  # None: there is no data file, or it cannot be read
    current_problem: str | None  # why the current file cannot be read, if it cannot
    # Whether that is damage (kept as .damaged-...) rather than a newer sitbone's file.
    current_damaged: bool = False
    # Newer backups passed over because they do not validate: (path, problem).
    skipped: tuple[tuple[Path, str], ...] = ()
    _loaded: DataFile | None = field(default=None, repr=False, compare=False)
    _current_signature: Signature | None = field(default=None, repr=False)
    _current_meta: Meta = field(default_factory=Meta, repr=False)

    @property
    def replaces_a_file(self) -> bool:
        return self._current_signature is not None

    @property
    def kept_as(self) -> str:
        """How the current file will be named once kept aside ("sitbone.json.replaced-...")."""
        return f"{self.target.name}.{self.kept_kind}-<date-time>"

    @property
    def kept_kind(self) -> str:
        return "damaged" if self.current_damaged else "replaced"

    def describe(self) -> list[str]:
        """What the restore would do, as lines for a terminal or a screen."""
        lines = [
            f"The newest backup, {path}, cannot be restored: {problem}."
            for path, problem in self.skipped
        ]
        if self.skipped:
            lines.append("Using the newest backup that can be restored.")
        lines.append(f"Backup:  {self.backup.path}, saved {_when(self.backup.saved)}")
        if self.current is not None:
            lines.append(f"Current: {self.target}, saved {_when(self.current.saved)}")
        elif self.current_problem is not None:
            lines.append(f"Current: {self.target} cannot be read: {self.current_problem}")
        else:
            lines.append(f"Current: {self.target} does not exist yet")
        width = max(len(_label(name)) for name in RECORD_TABLES)
        lines.append(f"  {'records':<{width}}  {'backup':>7}  {'current':>7}")
        for name, count in self.backup.counts.items():
            now = "-" if self.current is None else str(self.current.counts.get(name, 0))
            lines.append(f"  {_label(name):<{width}}  {count:>7}  {now:>7}")
        if self.replaces_a_file:
            lines.append(f"The current file will be kept beside it as {self.kept_as}.")
        return lines


def _label(name: str) -> str:
    return name.replace("_", " ")


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def load_sound(path: Path) -> DataFile:
    """A backup read and fully validated; DataFileError (naming it) if it is not sound."""
    loaded = read_data_file(path)
    if loaded is None:
        raise StoreFault(path, "the file does not exist")
    validate_tables(path, loaded.tables)
    return loaded


def plan_restore(store: Store, source: Path | None = None) -> RestorePlan:
    """Plan putting `source` (default: the newest backup that validates) in place of the data
    file. Raises DataFileError for a named backup that is not sound, NoBackupError when there is
    none (or none sound), StoreFault when the file system refuses."""
    target = store.path
    if target.is_symlink():
        raise DataFileError(target, f"{link_problem(target)}; {NOTHING_RESTORED}")
    signature = file_signature(target)
    current: Contents | None = None
    problem: str | None = None
    damaged = False
    current_meta = Meta()
    try:
        loaded_current = read_data_file(target)
        if loaded_current is not None:
            validate_tables(target, loaded_current.tables)
            current = Contents.of(loaded_current)
            current_meta = loaded_current.meta
    except DataFileError as error:
        problem = error.problem
        damaged = not isinstance(error, NewerSchemaError)

    skipped: list[tuple[Path, str]] = []
    if source is not None:
        loaded = load_sound(source)
    else:
        folder = store.home.backups_dir
        candidates = list_backups(folder)
        if not candidates:
            raise NoBackupError(folder, "no backups to restore")
        for candidate in candidates:
            try:
                loaded = load_sound(candidate)
                break
            except StoreError as error:
                skipped.append((candidate, error.problem))
        else:
            raise NoBackupError(
                folder,
                f"no backups that can be restored: all {len(candidates)} are damaged or "
                f"unreadable (the newest: {skipped[0][1]})",
            )
    return RestorePlan(
        backup=Contents.of(loaded),
        target=target,
        current=current,
        current_problem=problem,
        current_damaged=damaged,
        skipped=tuple(skipped),
        _loaded=loaded,
        _current_signature=signature,
        _current_meta=current_meta,
    )


def restore(store: Store, plan: RestorePlan) -> Path | None:
    """Carry out `plan` under the lock; returns where the replaced file is kept (None when there
    was no data file). Refused (StoreBusyError) if the data file changed since the plan."""
    loaded = plan._loaded
    if loaded is None:
        raise ValueError("a RestorePlan comes from Store.plan_restore()")
    target = plan.target
    store.home.ensure()
    with store._locked(NOTHING_RESTORED):
        if file_signature(target) != plan._current_signature:
            raise StoreBusyError(
                target,
                "the file changed since the restore was planned (another sitbone wrote to "
                f"it); {NOTHING_RESTORED}: run restore again to see what it would do now",
            )
        store._clean_temp_files()
        kept = _keep_aside(store, plan) if plan.replaces_a_file else None
        # The restored file counts on from every copy there is, so it and the backups made
        # after it are the newest, and it never hands out an id the replaced file used.
        backups = list_backups(store.home.backups_dir)
        generation = max(
            [plan._current_meta.generation, loaded.meta.generation]
            + [generation_of(path) for path in backups]
        )
        last_ids = dict(plan._current_meta.last_ids)
        for name, top in loaded.meta.last_ids.items():
            last_ids[name] = max(last_ids.get(name, 0), top)
        meta = Meta(generation=generation + 1, last_ids=last_ids, saved=loaded.meta.saved)
        payload = envelope(loaded.version, loaded.raw_tables, meta)
        write_private_file(target, json.dumps(payload, ensure_ascii=False))
        store._storage.invalidate()
    return kept


# A hard link cannot be made here (another file system, no links, too many): copy instead.
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.ENOSYS, errno.EACCES}


def _keep_aside(store: Store, plan: RestorePlan) -> Path:
    """Give the current data file a second name, unique, before it is replaced."""
    target = plan.target
    stem = f"{target.name}.{plan.kept_kind}-{store.clock():%Y%m%d-%H%M%S}"
    for number in range(1, 10_000):
        kept = target.with_name(stem if number == 1 else f"{stem}-{number}")
        if os.path.lexists(kept):
            continue
        try:
            os.link(target, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in _NO_LINK:
                raise StoreFault.from_os(kept, error, NOTHING_RESTORED) from None
            try:
                raw = target.read_bytes()
            except OSError as read_error:
                raise StoreFault.from_os(target, read_error, NOTHING_RESTORED) from None
            write_private_bytes(kept, raw)
        try:
            fsync_folder(target.parent)
        except OSError as error:
            raise StoreFault.from_os(target.parent, error, NOTHING_RESTORED) from None
        return kept
    raise StoreFault(target.parent, f"too many kept files named {stem}-N; {NOTHING_RESTORED}")
