"""Errors the store raises; each names the file and the problem in plain words."""

from pathlib import Path


class DataFileError(Exception):
    """The data file cannot be trusted, so it must not be read as data or overwritten."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NewerSchemaError(DataFileError):
    """The file was written by a newer sitbone; this version must not touch it."""


class StoreBusyError(Exception):
    """Another sitbone held the data file's lock for too long."""


class StaleRecordError(Exception):
    """A record changed (or vanished) since it was read, so a change based on it is refused."""
