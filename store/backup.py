"""Daily backups of the data file: one copy a day, the newest seven kept.

A backup is named by the day it was taken (for people), but which is newest is decided by what
it holds: the data file counts its writes (its "generation"), and a copy holds the count of the
file it copied. So a clock that jumps to 2030 and back neither makes the 2030 copy "newest"
forever nor gets each new copy pruned at once. Copies from before the count existed come after
every copy that has it, ordered by when they were written (mtime).
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path

from store.errors import StoreFault
from store.storage import write_private_bytes

KEEP = 7
_NAME = re.compile(r"^sitbone-(\d{4}-\d{2}-\d{2})\.json$")
_GENERATION = re.compile(rb'"generation":\s*(\d{1,18})\s*[,}]')
_HEAD = 4096  # the envelope's meta comes before its tables, within the first few hundred bytes


def backup_path(folder: Path, day: date) -> Path:
    return folder / f"sitbone-{day.isoformat()}.json"


def generation_of(path: Path) -> int:
    """The write count a copy holds (0 when it has none or cannot be read). Read from the head
    of the file only: it orders copies, and restore validates the whole file anyway."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return 0
    match = _GENERATION.search(head.split(b'"tables"', 1)[0])
    return int(match.group(1)) if match else 0


def list_backups(folder: Path) -> list[Path]:
    """Daily backups (regular files only), newest first: by the generation they hold, then by
    when they were written, then by name."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise StoreFault.from_os(folder, error, "the backups cannot be listed") from None
    found: list[tuple[int, int, str, Path]] = []
    for entry in entries:
        if not _NAME.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            path = Path(entry.path)
            found.append((generation_of(path), st.st_mtime_ns, entry.name, path))
    found.sort(reverse=True)
    return [path for *_, path in found]


def ensure_folder(folder: Path) -> None:
    """The backups folder, created private; StoreFault if it cannot be."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not folder.is_dir():  # a link to a folder (on another disk, say) is fine
            raise StoreFault(
                folder, "is a file, not a folder; sitbone keeps its backups there"
            ) from None
        return
    except OSError as error:
        raise StoreFault.from_os(folder, error, "nothing was saved") from None
    os.chmod(folder, 0o700)


def back_up_daily(data_file: Path, folder: Path, today: date) -> Path | None:
    """Copy the (already validated) data file once per day, then prune old copies: the newest
    KEEP by what they hold, never the one just written. Raises StoreFault when the copy cannot
    be made (the write it precedes is then not made either)."""
    if not data_file.exists():
        return None
    ensure_folder(folder)
    target = backup_path(folder, today)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StoreFault.from_os(target, error, "nothing was saved") from None
    else:
        if stat.S_ISREG(st.st_mode):
            return None  # today's copy is made
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise StoreFault(
            target, f"is {what}; sitbone writes today's backup there; nothing was saved"
        )
    write_private_bytes(target, _read(data_file))
    newest_first = [target, *(path for path in list_backups(folder) if path != target)]
    for old in newest_first[KEEP:]:
        try:
            old.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreFault.from_os(old, error, "the old backup cannot be removed") from None
    return target


def back_up_before_migration(data_file: Path, folder: Path, version: int, today: date) -> Path:
    """Keep the old-schema file before it is rewritten in the new schema."""
    ensure_folder(folder)
    target = folder / f"sitbone-schema{version}-{today.isoformat()}.json"
    write_private_bytes(target, _read(data_file))
    return target


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise StoreFault.from_os(path, error, "it cannot be read to back it up") from None
