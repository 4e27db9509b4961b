"""Writing, reading and removing the reminder's unit files. Only files that start with sitbone's
marker are ever replaced or deleted: a unit of the same name someone else wrote is left alone."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from journal.reminders import (
    ReminderFiles,
    is_sitbone_unit,
    service_command,
    service_text,
    timer_text,
    timer_times,
)
from store.errors import StoreFault

# A unit file is a few hundred bytes; anything much larger is not one sitbone wrote.
_MAX_UNIT_BYTES = 64 * 1024


class NotOurs(Exception):
    """A file where a reminder unit goes was not written by sitbone."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} was not written by sitbone; it is left as it is")
        self.path = path


@dataclass(frozen=True)
class Installed:
    """What is in the units folder under the reminder's names."""

    files: ReminderFiles
    ours: tuple[Path, ...] = ()
    others: tuple[Path, ...] = ()
    times: tuple[time, ...] = ()
    command: str | None = None

    @property
    def timer_is_ours(self) -> bool:
        return self.files.timer in self.ours


def read_installed(files: ReminderFiles) -> Installed:
    ours: list[Path] = []
    others: list[Path] = []
    texts: dict[Path, str] = {}
    for path in (files.timer, files.service):
        text = _read_unit(path)
        if text is None:
            continue
        if is_sitbone_unit(text):
            ours.append(path)
            texts[path] = text
        else:
            others.append(path)
    return Installed(
        files,
        tuple(ours),
        tuple(others),
        timer_times(texts.get(files.timer, "")),
        service_command(texts[files.service]) if files.service in texts else None,
    )


def write_units(files: ReminderFiles, times: Sequence[time], command: Sequence[str]) -> None:
    """Write (or replace) the timer and the service, each atomically. Raises NotOurs before
    writing anything if either name is taken by a unit sitbone did not write, and StoreFault
    when the folder refuses."""
    from store.storage import write_private_file

    timer, service = timer_text(times), service_text(command)
    installed = read_installed(files)
    if installed.others:
        raise NotOurs(installed.others[0])
    try:
        files.folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreFault.from_os(files.folder, error, "nothing was written") from None
    # The service first: a timer never points at a service that is not there yet.
    write_private_file(files.service, service)
    write_private_file(files.timer, timer)


@dataclass(frozen=True)
class Removal:
    removed: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)  # not sitbone's


def remove_units(files: ReminderFiles) -> Removal:
    """Delete sitbone's units and the timer's enable link if it still points at them; leave
    anything else. Raises StoreFault when a file cannot be deleted."""
    installed = read_installed(files)
    removal = Removal(left=list(installed.others))
    if installed.timer_is_ours and _links_to(files.enabled_link, files.timer):
        # Left behind when `systemctl --user disable` could not run.
        _delete(files.enabled_link)
    for path in installed.ours:
        _delete(path)
        removal.removed.append(path)
    return removal


def _read_unit(path: Path) -> str | None:
    try:
        with path.open("rb") as unit:
            data = unit.read(_MAX_UNIT_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise StoreFault.from_os(path, error) from None
    return data.decode("utf-8", errors="replace")


def _links_to(link: Path, target: Path) -> bool:
    with contextlib.suppress(OSError):
        if link.is_symlink():
            pointed = Path(os.readlink(link))
            return os.path.abspath(link.parent / pointed) == os.path.abspath(target)
    return False


def _delete(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise StoreFault.from_os(path, error, "it was not deleted") from None
