"""A TinyDB storage that writes atomically and refuses files it cannot trust.

The file is a JSON object {"app": "sitbone", "schema": N, "saved": ..., "generation": G,
"last_ids": {...}, "tables": {...}}. `generation` counts the writes of the file (so backups can
be ordered by what they hold, not by any clock), `last_ids` is the highest id each table ever
used (so an id freed by a delete is never given to another record) and `saved` is the clock
time of the write; files written before these existed simply lack them. Writes go to a
temporary file in the same folder, which is fsynced, renamed over the old file, and then the
folder is fsynced, so a crash at any instant leaves either the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, TypeGuard

import orjson
from tinydb.storages import Storage

from store.errors import DataFileError, NewerSchemaError, StoreFault, one_line, plain_os_error
from store.migrations import SCHEMA_VERSION, Document, Tables, migrate
from store.records import RECORD_TABLES

APP_MARK = "sitbone"
FILE_MODE = 0o600
# Five years of daily check-ins, sessions and runs come to about 4 MB; a file this large is not
# one sitbone wrote in normal use, and parsing it would freeze the app for minutes.
MAX_FILE_MB = 64
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
# (inode, size, mtime): a file replaced or rewritten on disk has another signature.
Signature = tuple[int, int, int]


@dataclass(frozen=True)
class Meta:
    """What the envelope says about the file itself (defaults for files from before it did)."""

    generation: int = 0
    last_ids: Mapping[str, int] = field(default_factory=dict)
    saved: datetime | None = None


class ParsedFile(NamedTuple):
    version: int
    tables: Tables  # as in the file, before any migration
    meta: Meta


@dataclass(frozen=True)
class DataFile:
    """A data file read from disk and checked for shape (its records are not validated here)."""

    path: Path
    version: int
    raw_tables: Tables  # as in the file
    tables: Tables  # migrated to the current schema
    meta: Meta
    signature: Signature
    mtime: float


# -- writing -------------------------------------------------------------------------------


def write_private_file(path: Path, text: str) -> None:
    """Atomically replace `path` with `text`, readable by the owner only. Raises StoreFault."""
    write_private_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, fsync it, rename it over `path`, fsync the folder.
    Any OSError becomes a StoreFault naming `path`; the old file is then left as it was."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    except OSError as error:
        raise _write_fault(path, error) from None
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise _write_fault(path, error) from None
        raise
    try:
        fsync_folder(path.parent)
    except OSError as error:
        raise StoreFault.from_os(
            path, error, "the file was replaced but its folder could not be flushed to disk"
        ) from None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _write_fault(path: Path, error: OSError) -> StoreFault:
    if isinstance(error, NotADirectoryError):
        return StoreFault(first_non_folder(path.parent), "is a file, not a folder")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreFault(
            path,
            f"{plain_os_error(error)}: sitbone cannot write in {path.parent}; nothing was written",
        )
    return StoreFault.from_os(path, error, "nothing was written")


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new link) to disk. File systems that cannot fsync
    a folder say EINVAL; there is nothing more to do there."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def first_non_folder(path: Path) -> Path:
    """The part of `path` that is a file where a folder should be (or `path` itself)."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    return path


# -- reading -------------------------------------------------------------------------------


def link_problem(path: Path) -> str:
    """Why a symbolic link is refused where the data file should be."""
    target = os.readlink(path)
    if not path.exists():
        return (
            f"is a symbolic link to {target}, which does not exist; sitbone keeps its data in "
            "a regular file, not a link, and will not start a new one in its place"
        )
    return (
        f"is a symbolic link to {target}; sitbone keeps its data in a regular file, not a "
        "link: move that file here in place of the link"
    )


def too_big(size: int) -> str:
    return (
        f"the file is {size / (1024 * 1024):.0f} MB, over sitbone's limit of {MAX_FILE_MB} MB "
        "(five years of daily use is about 4 MB); it was not read"
    )


def file_signature(path: Path) -> Signature | None:
    """The signature of what is at `path` now (not following a link); None if nothing is."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise StoreFault(first_non_folder(path.parent), "is a file, not a folder") from None
    except OSError as error:
        raise StoreFault.from_os(path, error, "it cannot be read") from None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class RawFile(NamedTuple):
    raw: bytes
    signature: Signature
    mtime: float


def read_data_file(path: Path) -> DataFile | None:
    """Read and check the file at `path`; None when there is none. Raises DataFileError for a
    file that cannot be trusted (damaged, too big, a link) and StoreFault when the file system
    refuses (not readable, a folder where the file should be)."""
    read = read_raw_file(path)
    return None if read is None else load_data_file(path, read)


def load_data_file(path: Path, read: RawFile, *, vouched: bool = False) -> DataFile:
    """The data file whose bytes are `read`, checked for shape and migrated (`vouched`: these
    bytes were validated before, so their records' ids are not looked at one by one)."""
    version, tables, meta = parse_data_file(path, read.raw, vouched=vouched)
    return DataFile(
        path=path,
        version=version,
        raw_tables=tables,
        tables=migrate(tables, version),
        meta=meta,
        signature=read.signature,
        mtime=read.mtime,
    )


def read_raw_file(path: Path) -> RawFile | None:
    """The bytes of the file at `path` (None when there is none), refused as read_data_file
    refuses: a link, a folder, a file too big."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise StoreFault(first_non_folder(path.parent), "is a file, not a folder") from None
    except OSError as error:
        if error.errno == errno.ELOOP and path.is_symlink():
            raise DataFileError(path, link_problem(path)) from None
        raise StoreFault.from_os(path, error, "it cannot be read") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise StoreFault(path, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise StoreFault(path, "is not a regular file")
        if st.st_size > MAX_FILE_BYTES:
            raise DataFileError(path, too_big(st.st_size))
        raw = _read_at_most(fd, MAX_FILE_BYTES)
        if raw is None:
            raise DataFileError(path, too_big(MAX_FILE_BYTES + 1))
    except OSError as error:
        raise StoreFault.from_os(path, error, "it cannot be read") from None
    finally:
        os.close(fd)
    return RawFile(raw, (st.st_ino, st.st_size, st.st_mtime_ns), st.st_mtime)


def _read_at_most(fd: int, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1 << 20):
        total += len(chunk)
        if total > limit:
            return None  # it grew past the limit since it was measured
        chunks.append(chunk)
    return b"".join(chunks)


def parse_data_file(path: Path, raw: bytes, *, vouched: bool = False) -> ParsedFile:
    """Check the file's shape and version; returns (schema version, tables, meta)."""
    if len(raw) > MAX_FILE_BYTES:
        raise DataFileError(path, too_big(len(raw)))
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        payload = _parse_slowly(path, raw)
    return _check_payload(path, payload, vouched=vouched)


def _parse_slowly(path: Path, raw: bytes) -> object:
    """The standard library's reading of what orjson refused: it names the line and column,
    and it reads what orjson does not (NaN, very long numbers), which validation then judges."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataFileError(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DataFileError(
            path, f"the file is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise DataFileError(path, "the file is nested too deeply to be a sitbone file") from None
    except ValueError:  # e.g. a number with more digits than Python converts
        raise DataFileError(path, "the file holds a value sitbone cannot read") from None


def _check_payload(path: Path, payload: object, *, vouched: bool) -> ParsedFile:
    if not isinstance(payload, dict) or payload.get("app") != APP_MARK:
        raise DataFileError(path, "the file is not a sitbone data file")
    version = payload.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 10**6:
        raise DataFileError(path, "the schema version is not a version sitbone knows")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            path,
            f"the file was written by a newer sitbone (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}); upgrade sitbone to open it",
        )
    tables = payload.get("tables")
    if not isinstance(tables, dict):
        raise DataFileError(path, "the file has no 'tables' object")
    for name, table in tables.items():
        if name not in RECORD_TABLES and version == SCHEMA_VERSION:
            raise DataFileError(path, f"unknown table '{_short(name)}'")
        if not isinstance(table, dict):
            raise DataFileError(path, f"table '{_short(name)}' is not an object")
        if vouched:
            continue  # thousands of ids, each checked when these bytes were validated
        for doc_id, doc in table.items():
            if not _record_id(doc_id) or not isinstance(doc, dict):
                raise DataFileError(
                    path, f"table '{_short(name)}' has a malformed record '{_short(doc_id)}'"
                )
    return ParsedFile(version, tables, _parse_meta(path, payload))


def _record_id(text: str) -> bool:
    """A record id as sitbone writes it: 1 to 18 ASCII digits, no leading zero. (String tests,
    not a regular expression: a file holds thousands of ids.)"""
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit() and text[0] != "0"


def _short(text: str) -> str:
    return one_line(text if len(text) <= 40 else text[:40] + "...")


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**18


def _parse_meta(path: Path, payload: Document) -> Meta:
    generation = payload.get("generation", 0)
    if not _whole(generation):
        raise DataFileError(path, "the file's 'generation' is not a whole number")
    last_ids = payload.get("last_ids", {})
    if not isinstance(last_ids, dict) or not all(_whole(v) for v in last_ids.values()):
        raise DataFileError(path, "the file's 'last_ids' is not a table of whole numbers")
    saved_text = payload.get("saved")
    saved: datetime | None = None
    if saved_text is not None:
        try:
            saved = datetime.fromisoformat(saved_text)
        except (TypeError, ValueError):
            raise DataFileError(path, "the file's 'saved' is not a date and time") from None
    return Meta(generation=generation, last_ids=dict(last_ids), saved=saved)


def envelope(version: int, tables: Tables, meta: Meta) -> Document:
    """The JSON object of a data file (meta first, so it can be found near the start)."""
    return {
        "app": APP_MARK,
        "schema": version,
        "saved": None if meta.saved is None else meta.saved.isoformat(timespec="seconds"),
        "generation": meta.generation,
        "last_ids": {str(name): top for name, top in sorted(meta.last_ids.items()) if top},
        # Keys as plain strings (here and above): a Table is a str subclass, which orjson
        # does not take as a key.
        "tables": {str(name): table for name, table in tables.items()},
    }


class AtomicJSONStorage(Storage):
    """Reads are cached until the file changes on disk; writes are atomic and private.

    The bytes last read or written are kept: a file re-read under the lock that holds the same
    bytes is not parsed again, and `content` counts the times the tables changed, so what is
    derived from them (parsed records, sorted lists) can be kept until it does."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], datetime] = datetime.now,
        vouched_for: Callable[[bytes], bool] = lambda raw: False,
    ) -> None:
        self.path = path
        self.clock = clock
        self.vouched_for = vouched_for
        self._signature: Signature | None = None
        self._raw: bytes | None = None
        self._tables: Tables | None = None
        self.version_on_disk: int | None = None
        self.meta = Meta()
        self.content = 0
        # The highest id of each table, for the content counted `_tops_of`.
        self._tops: dict[str, int] = {}
        self._tops_of = -1

    def signature(self) -> Signature | None:
        return file_signature(self.path)

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the file if it changed (or always, when `force`); raises StoreError."""
        signature = self.signature()
        if not force and signature is not None and signature == self._signature:
            return
        read = None if signature is None else read_raw_file(self.path)
        if read is None:
            self._forget()
            self._signature, self.version_on_disk, self.meta = None, None, Meta()
            return
        if read.raw == self._raw and self._tables is not None:
            self._signature = read.signature  # the same bytes: nothing to parse again
            return
        loaded = load_data_file(self.path, read, vouched=self.vouched_for(read.raw))
        self.version_on_disk = loaded.version
        self._set(loaded.tables, read.raw)
        self.meta = loaded.meta
        self._signature = loaded.signature

    def _set(self, tables: Tables | None, raw: bytes | None) -> None:
        self._tables, self._raw = tables, raw
        self.content += 1

    def _forget(self) -> None:
        if self._tables is not None or self._raw is not None:
            self._set(None, None)

    @property
    def raw(self) -> bytes | None:
        """The bytes of the file as last read or written."""
        return self._raw

    def invalidate(self) -> None:
        self._signature = None
        self._forget()

    def read(self) -> Tables | None:
        self.refresh()
        return self._tables

    def next_id(self, name: str, table: Mapping[str, Document]) -> int:
        """The id for a new record in table `name` (`table`, as it is to be written): above
        every id it holds or ever held."""
        return max(self._top(name, table), self.meta.last_ids.get(name, 0)) + 1

    def _top(self, name: str, table: Mapping[str, Document]) -> int:
        """The highest id in `table`. Only the ids it holds beyond those of the table as last
        read or written are looked at: one write adds one id, whatever the history."""
        known = (self._tables or {}).get(name)
        if known is None:
            return max(map(int, table), default=0)
        if self._tops_of != self.content:
            self._tops, self._tops_of = {}, self.content
        top = self._tops.get(name)
        if top is None:
            top = self._tops[name] = max(map(int, known), default=0)
        if len(table) == len(known) and table.keys() == known.keys():
            return top
        added = table.keys() - known.keys()
        return max(top, max(map(int, added), default=0))

    def write(self, data: Tables) -> None:
        last_ids = dict(self.meta.last_ids)
        tops = {name: self._top(name, table) for name, table in data.items()}
        for name, top in tops.items():
            last_ids[name] = max(last_ids.get(name, 0), top)
        meta = Meta(
            generation=self.meta.generation + 1,
            last_ids=last_ids,
            saved=self.clock().replace(microsecond=0),
        )
        raw = encode(envelope(SCHEMA_VERSION, data, meta))
        if len(raw) > MAX_FILE_BYTES:
            raise StoreFault(
                self.path,
                f"the data would grow past sitbone's limit of {MAX_FILE_MB} MB; "
                "nothing was written",
            )
        try:
            write_private_bytes(self.path, raw)
        except BaseException:
            self.invalidate()
            raise
        self._set(data, raw)
        self._tops, self._tops_of = tops, self.content
        self.version_on_disk = SCHEMA_VERSION
        self.meta = meta
        try:
            self._signature = self.signature()
        except StoreFault:
            self._signature = None

    def close(self) -> None:
        self.invalidate()


def encode(document: Document) -> bytes:
    """A data file's bytes. orjson writes the whole file in a few milliseconds at five years of
    records (the standard library takes ten times as long); text it cannot encode (a lone
    surrogate) fails as the standard library fails."""
    try:
        return orjson.dumps(document)
    except orjson.JSONEncodeError:
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
