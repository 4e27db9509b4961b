"""A TinyDB storage that writes atomically and refuses files it cannot trust.

The file is a JSON object {"app": "sitbone", "schema": N, "tables": {...}}. Writes go to a
temporary file in the same folder, are flushed and fsynced, then renamed over the old file,
so a crash at any instant leaves either the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.errors import DataFileError, NewerSchemaError
from store.migrations import SCHEMA_VERSION, Tables, migrate
from store.records import RECORD_TABLES

APP_MARK = "sitbone"
_DOC_ID = re.compile(r"[1-9][0-9]*")
FILE_MODE = 0o600


def write_private_file(path: Path, text: str) -> None:
    """Atomically replace `path` with `text`, readable by the owner only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk too.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def parse_data_file(path: Path, raw: bytes) -> tuple[int, Tables]:
    """Check the file's shape and version; returns (schema version, tables)."""
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataFileError(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DataFileError(
            path, f"the file is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    if not isinstance(payload, dict) or payload.get("app") != APP_MARK:
        raise DataFileError(path, "the file is not a sitbone data file")
    version = payload.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(path, f"the schema version {version!r} is not a version sitbone knows")
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
            raise DataFileError(path, f"unknown table '{name}'")
        if not isinstance(table, dict):
            raise DataFileError(path, f"table '{name}' is not an object")
        for doc_id, doc in table.items():
            if not _DOC_ID.fullmatch(doc_id) or not isinstance(doc, dict):
                raise DataFileError(path, f"table '{name}' has a malformed record '{doc_id}'")
    return version, tables


class AtomicJSONStorage(Storage):
    """Reads are cached until the file changes on disk; writes are atomic and private."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._signature: tuple[int, int, int] | None = None
        self._tables: Tables | None = None
        self.version_on_disk: int | None = None

    def _stat_signature(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the file if it changed (or always, when `force`); raises DataFileError."""
        signature = self._stat_signature()
        if not force and signature is not None and signature == self._signature:
            return
        if signature is None:
            self._signature, self._tables, self.version_on_disk = None, None, None
            return
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._signature, self._tables, self.version_on_disk = None, None, None
            return
        except OSError as error:
            raise DataFileError(self.path, f"the file cannot be read ({error.strerror})") from None
        version, tables = parse_data_file(self.path, raw)
        self.version_on_disk = version
        self._tables = migrate(tables, version)
        self._signature = signature

    def invalidate(self) -> None:
        self._signature, self._tables = None, None

    def read(self) -> dict[str, dict[str, Any]] | None:
        self.refresh()
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = {"app": APP_MARK, "schema": SCHEMA_VERSION, "tables": data}
        try:
            write_private_file(self.path, json.dumps(payload, ensure_ascii=False))
        except BaseException:
            self.invalidate()
            raise
        self._tables = data
        self.version_on_disk = SCHEMA_VERSION
        self._signature = self._stat_signature()

    def close(self) -> None:
        self.invalidate()
