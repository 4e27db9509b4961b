"""Small activity files as watches export them, built in the tests: FIT (a minimal encoder:
header, definition and data messages, CRC), GPX and TCX (XML text). Nothing is downloaded.

The FIT encoder writes what the FIT protocol describes: a 14-byte header, then for each
message kind a definition (its global number and each field's number, size and base type)
and data messages, then the CRC-16 of everything before it."""

from __future__ import annotations

import gzip
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip

# Base types: (number, struct format, size).
ENUM = (0x00, "B", 1)
UINT16 = (0x84, "H", 2)
UINT32 = (0x86, "I", 4)
UINT32Z = (0x8C, "I", 4)

# Global message numbers and their fields: name -> (field number, base type, scale).
FILE_ID = 0
SESSION = 18
LAP = 19
RECORD = 20
ACTIVITY = 34
FIELDS: dict[int, dict[str, tuple[int, tuple[int, str, int], int]]] = {
    FILE_ID: {
        "type": (0, ENUM, 1),
        "manufacturer": (1, UINT16, 1),
        "product": (2, UINT16, 1),
        "serial_number": (3, UINT32Z, 1),
        "time_created": (4, UINT32, 1),
    },
    SESSION: {
        "timestamp": (253, UINT32, 1),
        "start_time": (2, UINT32, 1),
        "sport": (5, ENUM, 1),
        "total_elapsed_time": (7, UINT32, 1000),
        "total_timer_time": (8, UINT32, 1000),
        "total_distance": (9, UINT32, 100),
    },
    LAP: {
        "timestamp": (253, UINT32, 1),
        "start_time": (2, UINT32, 1),
        "total_elapsed_time": (7, UINT32, 1000),
        "total_timer_time": (8, UINT32, 1000),
        "total_distance": (9, UINT32, 100),
        "intensity": (23, ENUM, 1),
        "lap_trigger": (24, ENUM, 1),
    },
    RECORD: {"timestamp": (253, UINT32, 1), "distance": (5, UINT32, 100)},
    ACTIVITY: {
        "timestamp": (253, UINT32, 1),
        "total_timer_time": (0, UINT32, 1000),
        "num_sessions": (1, UINT16, 1),
        "local_timestamp": (5, UINT32, 1),
    },
}
INTENSITY = {"active": 0, "rest": 1, "warmup": 2, "cooldown": 3, "recovery": 4}
START = datetime(2026, 11, 20, 7, 15, tzinfo=UTC)  # the day before the tests' NOW


@dataclass(frozen=True)
class WatchLap:
    """One lap as a watch records it: how long, how far, and (if the watch marks it) whether
    it was active or rest."""

    seconds: float
    metres: float | None
    intensity: str | None = None


def walk_run_laps(repeats: int = 6, run_s: int = 60, walk_s: int = 120) -> list[WatchLap]:
    """Stage-1-like laps: walk 5 min, `repeats` x (run, walk), walk 5 min; walking at
    1.4 m/s, running at 2.4 m/s."""
    laps = [WatchLap(300, 420)]
    for _ in range(repeats):
        laps += [WatchLap(run_s, run_s * 2.4), WatchLap(walk_s, walk_s * 1.4)]
    return [*laps, WatchLap(300, 420)]


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            low = CRC_TABLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ low ^ CRC_TABLE[nibble]
    return crc


def fit_time(at: datetime) -> int:
    return int((at - FIT_EPOCH).total_seconds())


class FitWriter:
    """Messages in, FIT bytes out: each kind defined once, on its own local number."""

    def __init__(self) -> None:
        self._body = bytearray()
        self._local: dict[tuple[int, tuple[str, ...]], int] = {}

    def message(self, number: int, **values: float | int) -> None:
        names = tuple(values)
        key = (number, names)
        if key not in self._local:
            local = len(self._local) % 16
            self._local[key] = local
            fields = FIELDS[number]
            self._body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(names))
            for name in names:
                field, (base, _, size), _ = fields[name]
                self._body += struct.pack("<BBB", field, size, base)
        self._body.append(self._local[key])
        for name, value in values.items():
            _, (_, form, _), scale = FIELDS[number][name]
            self._body += struct.pack("<" + form, round(value * scale))

    def bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self._body), b".FIT")
        header += struct.pack("<H", crc16(header))
        data = header + bytes(self._body)
        return data + struct.pack("<H", crc16(data))


def fit_file(
    laps: Sequence[WatchLap],
    start: datetime = START,
    *,
    serial: int = 3_900_123_456,
    with_session: bool = True,
    timer_s: float | None = None,
    file_type: int = 4,
) -> bytes:
    """An activity FIT file: file_id, a record per lap end, the laps, the session and the
    activity, as a watch writes them at the end of a run."""
    fit = FitWriter()
    fit.message(
        FILE_ID,
        type=file_type,
        manufacturer=1,
        product=3113,
        serial_number=serial,
        time_created=fit_time(start),
    )
    at, metres = start, 0.0
    fit.message(RECORD, timestamp=fit_time(at), distance=0)
    for lap in laps:
        lap_start = at
        at += timedelta(seconds=lap.seconds)
        metres += lap.metres or 0
        fit.message(RECORD, timestamp=fit_time(at), distance=metres)
        values: dict[str, float | int] = {
            "timestamp": fit_time(at),
            "start_time": fit_time(lap_start),
            "total_elapsed_time": lap.seconds,
            "total_timer_time": lap.seconds,
        }
        if lap.metres is not None:
            values["total_distance"] = lap.metres
        if lap.intensity is not None:
            values["intensity"] = INTENSITY[lap.intensity]
        fit.message(LAP, **values)
    total = sum(lap.seconds for lap in laps) if timer_s is None else timer_s
    if with_session:
        fit.message(
            SESSION,
            timestamp=fit_time(at),
            start_time=fit_time(start),
            sport=1,
            total_elapsed_time=total,
            total_timer_time=total,
            total_distance=metres,
        )
    fit.message(
        ACTIVITY,
        timestamp=fit_time(at),
        total_timer_time=total,
        num_sessions=1,
        local_timestamp=fit_time(at),
    )
    return fit.bytes()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# -- XML -------------------------------------------------------------------------------------


def gpx_text(
    minutes: int = 30,
    start: datetime = START,
    *,
    metres_per_minute: float = 120.0,
    zone: str = "Z",
) -> str:
    """A GPX track, a point a minute heading north at `metres_per_minute`, as Strava exports."""
    points = [
        (start + timedelta(minutes=minute), minute * metres_per_minute)
        for minute in range(minutes + 1)
    ]
    return gpx_track(points, zone=zone)


def gpx_track(
    points: Sequence[tuple[datetime, float]], *, zone: str = "Z", name: str = "Morning Run"
) -> str:
    """A GPX track through `points`: (when, metres north of the start)."""
    rows = []
    for at, north in points:
        when = at.strftime("%Y-%m-%dT%H:%M:%S") + zone
        lat = 51.5 + north / 111_195
        rows.append(f'<trkpt lat="{lat:.7f}" lon="-0.12"><time>{when}</time></trkpt>')
    joined = "\n      ".join(rows)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><time>{points[0][0]:%Y-%m-%dT%H:%M:%SZ}</time></metadata>
  <trk>
    <name>{name}</name>
    <type>running</type>
    <trkseg>
      {joined}
    </trkseg>
  </trk>
</gpx>
"""


def tcx_text(
    laps: Sequence[WatchLap], start: datetime = START, *, activities: int = 1, unit_id: int = 42
) -> str:
    """A TCX activity with its laps (each with a trackpoint at its start), as Garmin exports."""
    parts, at = [], start
    for lap in laps:
        intensity = "Resting" if lap.intensity in {"rest", "recovery"} else "Active"
        distance = "" if lap.metres is None else f"<DistanceMeters>{lap.metres}</DistanceMeters>"
        parts.append(
            f'<Lap StartTime="{at:%Y-%m-%dT%H:%M:%S.000Z}">'
            f"<TotalTimeSeconds>{lap.seconds}</TotalTimeSeconds>{distance}"
            f"<Calories>10</Calories><Intensity>{intensity}</Intensity>"
            "<TriggerMethod>Manual</TriggerMethod>"
            f"<Track><Trackpoint><Time>{at:%Y-%m-%dT%H:%M:%S.000Z}</Time></Trackpoint></Track>"
            "</Lap>"
        )
        at += timedelta(seconds=lap.seconds)
    activity = (
        f'<Activity Sport="Running"><Id>{start:%Y-%m-%dT%H:%M:%S.000Z}</Id>'
        + "".join(parts)
        + f"<Creator><Name>Forerunner 255</Name><UnitId>{unit_id}</UnitId></Creator></Activity>"
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>{activity * activities}</Activities>
</TrainingCenterDatabase>
"""
