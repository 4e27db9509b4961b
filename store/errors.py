"""Errors the store raises; each names the file and the problem in plain words."""

from pathlib import Path


class StoreError(Exception):
    """Anything that stops the store reading or writing: one line naming the file and why."""


class DataFileError(StoreError):
    """The data file cannot be trusted, so it must not be read as data or overwritten."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NewerSchemaError(DataFileError):
    """The file was written by a newer sitbone; this version must not touch it."""


class StoreBusyError(StoreError):
    """Another sitbone held the data file's lock for too long."""


class StaleRecordError(Exception):
    """A record changed (or vanished) since it was read, so a change based on it is refused."""


class StoreFault(StoreError):
    """The file system refused: disk full, read-only home, a folder where a file should be."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
