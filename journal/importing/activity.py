"""What sitbone reads from an activity file, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from store.vocabulary import SegmentKind


class UnusableFile(Exception):
    """A file that cannot be imported: the message says why, in one line, without quoting
    what the file holds."""


@dataclass(frozen=True)
class Lap:
    """One lap: its timer time (pauses left out), its distance if the file has one, and
    walk or run when the watch marked it (FIT intensity, TCX Intensity)."""

    seconds: float
    metres: float | None = None
    marked: SegmentKind | None = None


@dataclass(frozen=True)
class Activity:
    """A run as the file records it. `started` is zone-aware: files keep UTC."""

    kind: str  # the format: "FIT", "GPX" or "TCX"
    started: datetime
    seconds: float  # time moving: the timer time, pauses left out
    metres: float | None
    laps: tuple[Lap, ...]
    fingerprint: str  # "sha256:" and the hex digest of the file's (unzipped) bytes

    def local_start(self, zone: tzinfo | None = None) -> datetime:
        """The start as sitbone stores times: wall-clock time without tzinfo, in `zone`
        (default: this computer's time zone)."""
        aware = self.started if self.started.tzinfo else self.started.replace(tzinfo=UTC)
        return aware.astimezone(zone).replace(tzinfo=None, microsecond=0)
