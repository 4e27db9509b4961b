"""Errors the store raises; each names the file and the problem in plain words, on one line,
and never quotes what the records hold."""

from __future__ import annotations

import errno
from pathlib import Path


def one_line(text: str) -> str:
    """`text` with any line break or control character escaped, so a message stays one line."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class StoreError(Exception):
    """Anything that stops the store reading or writing: one line naming the file and why."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(one_line(f"{path}: {problem}"))
        self.path = path
        self.problem = problem


class DataFileError(StoreError):
    """The data file cannot be trusted, so it must not be read as data or overwritten."""


class NewerSchemaError(DataFileError):
    """The file was written by a newer sitbone; this version must not touch it."""


class StoreBusyError(StoreError):
    """Another sitbone held the data file's lock for too long, or wrote while a change waited."""

    def __init__(self, path: Path, problem: str, message: str | None = None) -> None:
        super().__init__(path, problem)
        if message is not None:  # a message that names the file itself, in its own words
            self.args = (one_line(message),)


class NoBackupError(StoreError):
    """There is no backup to restore."""


class AlreadyStored(Exception):
    """A record was not added: what is in the file now, read under the write lock, already
    holds it (the message says how)."""


class StaleRecordError(Exception):
    """A record changed (or vanished) since it was read, so a change based on it is refused."""


class StoreFault(StoreError):
    """The file system refused: disk full, read-only home, a folder where a file should be."""

    @classmethod
    def from_os(cls, path: Path, error: OSError, outcome: str | None = None) -> StoreFault:
        """The fault for an OSError, in plain words, then what it meant (e.g. 'nothing was
        written')."""
        problem = plain_os_error(error)
        return cls(path, f"{problem}; {outcome}" if outcome else problem)


_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "is a symbolic link",
    errno.EMFILE: "too many files are open",
    errno.ENFILE: "too many files are open",
    errno.ENOENT: "it does not exist",
    errno.EEXIST: "it already exists",
}


def plain_os_error(error: OSError) -> str:
    """What an OSError means, in a few plain words (no path: the caller names the file)."""
    if error.errno in _PLAIN:
        return _PLAIN[error.errno]
    return one_line(error.strerror or str(error) or type(error).__name__)
