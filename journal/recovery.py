"""Putting a backup in place when the data file cannot be used: what would be restored (the
newest backup that validates, against the current file) and the restore itself. Used by the
app's recovery screen and by `sitbone restore`; the store does the careful part."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from store.home import Home
from store.repository import Store
from store.restore import RestorePlan

__all__ = ["Recovery", "RestorePlan"]


class Recovery:
    """The restore side of a home whose file the journal could not open."""

    def __init__(self, home: Home, clock: Callable[[], datetime] = datetime.now) -> None:
        self.home = home
        self._store = Store(home, clock)

    def plan(self, source: Path | None = None) -> RestorePlan:
        """What would be restored from `source` (default: the newest sound backup);
        NoBackupError if nothing can be."""
        return self._store.plan_restore(source)

    def has_backups(self) -> bool:
        return bool(self._store.backups())

    def restore(self, plan: RestorePlan) -> Path | None:
        """Put the planned backup in place; where the replaced file was kept, if any."""
        return self._store.restore(plan)
