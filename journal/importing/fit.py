"""FIT activity files (Garmin, Coros, Suunto, Wahoo ...), read with fitdecode. The CRC is
checked and malformed data refused: a damaged file is never half read."""

from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from journal.importing.activity import Activity, Lap, UnusableFile
from store.vocabulary import SegmentKind

# FIT lap intensity -> walk or run ("other" and unknown values tell nothing).
INTENSITY: dict[str, SegmentKind] = {
    "active": "run",
    "interval": "run",
    "rest": "walk",
    "recovery": "walk",
    "warmup": "walk",
    "cooldown": "walk",
}


@dataclass
class _Found:
    """What the messages of a FIT file said, gathered as they are read."""

    file_type: object = None
    sessions: list[tuple[datetime | None, float | None, float | None]] = field(default_factory=list)
    laps: list[tuple[datetime | None, Lap | None]] = field(default_factory=list)
    first_record: datetime | None = None
    last_record: datetime | None = None
    record_metres: float | None = None


def read_fit(data: bytes, fingerprint: str) -> Activity:
    """The activity of a FIT file; UnusableFile when it is damaged or not an activity."""
    found = _messages(data)
    if isinstance(found.file_type, str) and found.file_type != "activity":
        raise UnusableFile(f"a FIT file, but not an activity (a {found.file_type} file)")
    starts = [start for start, _, _ in found.sessions if start is not None]
    lap_starts = [start for start, _ in found.laps if start is not None]
    records = [found.first_record] if found.first_record is not None else []
    candidates = starts or lap_starts or records
    if not candidates:
        raise UnusableFile("a FIT file with no start time (no timestamps)")
    started = min(candidates)
    laps = tuple(lap for _, lap in found.laps if lap is not None)
    if len(laps) != len(found.laps):
        laps = ()  # a lap without its time: the laps cannot be placed
    timers = [seconds for _, seconds, _ in found.sessions]
    if timers and None not in timers:
        seconds = sum(s for s in timers if s is not None)
    elif laps:
        seconds = sum(lap.seconds for lap in laps)
    elif found.first_record and found.last_record:
        seconds = (found.last_record - found.first_record).total_seconds()
    else:
        seconds = 0.0
    distances = [metres for _, _, metres in found.sessions if metres is not None]
    metres = sum(distances) if distances else found.record_metres
    return Activity("FIT", started, seconds, metres, laps, fingerprint)


def _messages(data: bytes) -> _Found:
    import fitdecode  # type: ignore[import-untyped]

    found = _Found()
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    _gather(found, frame)
    except fitdecode.FitCRCError:
        raise UnusableFile("a damaged FIT file (its checksum does not match)") from None
    except fitdecode.FitEOFError:
        raise UnusableFile("a FIT file cut short (truncated)") from None
    # Malformed data can also trip fitdecode's own checks (assertions) or Python's.
    except (fitdecode.FitError, AssertionError, ArithmeticError, LookupError, ValueError,
            TypeError, struct.error):  # fmt: skip
        raise UnusableFile("a damaged FIT file") from None
    return found


def _gather(found: _Found, frame: Any) -> None:
    name = frame.name
    if name == "file_id" and found.file_type is None:
        found.file_type = _value(frame, "type")
    elif name == "session":
        timer = _number(_value(frame, "total_timer_time"))
        if timer is None:
            timer = _number(_value(frame, "total_elapsed_time"))
        metres = _number(_value(frame, "total_distance"))
        found.sessions.append((_time(_value(frame, "start_time")), timer, metres))
    elif name == "lap":
        found.laps.append((_time(_value(frame, "start_time")), _lap(frame)))
    elif name == "record":
        at = _time(_value(frame, "timestamp"))
        if at is not None:
            found.first_record = found.first_record or at
            found.last_record = at
        metres = _number(_value(frame, "distance"))
        if metres is not None:
            found.record_metres = max(metres, found.record_metres or 0.0)


def _lap(frame: Any) -> Lap | None:
    seconds = _number(_value(frame, "total_timer_time"))
    if seconds is None:
        seconds = _number(_value(frame, "total_elapsed_time"))
    if seconds is None:
        return None
    intensity = _value(frame, "intensity")
    marked = INTENSITY.get(intensity) if isinstance(intensity, str) else None
    return Lap(seconds, _number(_value(frame, "total_distance")), marked)


def _value(frame: Any, name: str) -> object:
    value: object = frame.get_value(name, fallback=None)
    return value


def _time(value: object) -> datetime | None:
    # fitdecode leaves a time before 1990 (a count since the device started) as a number.
    return value if isinstance(value, datetime) else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None
