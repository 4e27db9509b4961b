"""Daily backups of the data file: one copy a day, the newest seven kept."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from store.storage import write_private_file

KEEP = 7
_NAME = re.compile(r"^sitbone-(\d{4}-\d{2}-\d{2})\.json$")


def backup_path(folder: Path, day: date) -> Path:
    return folder / f"sitbone-{day.isoformat()}.json"


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    if not folder.is_dir():
        return []
    found = [path for path in folder.iterdir() if _NAME.match(path.name)]
    return sorted(found, key=lambda path: path.name, reverse=True)


def back_up_daily(data_file: Path, folder: Path, today: date) -> Path | None:
    """Copy the (already validated) data file once per day, then prune old copies."""
    if not data_file.exists():
        return None
    target = backup_path(folder, today)
    if target.exists():
        return None
    folder.mkdir(mode=0o700, exist_ok=True)
    write_private_file(target, data_file.read_text(encoding="utf-8"))
    for old in list_backups(folder)[KEEP:]:
        old.unlink()
    return target


def back_up_before_migration(data_file: Path, folder: Path, version: int, today: date) -> Path:
    """Keep the old-schema file before it is rewritten in the new schema."""
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"sitbone-schema{version}-{today.isoformat()}.json"
    write_private_file(target, data_file.read_text(encoding="utf-8"))
    return target
