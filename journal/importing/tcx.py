"""TCX activities (Garmin Connect, Strava, Polar export them): the standard library's XML
tree, the file already parsed safely (see journal.importing.reading)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from journal.importing.activity import Activity, Lap, UnusableFile
from store.vocabulary import SegmentKind

INTENSITY: dict[str, SegmentKind] = {"Active": "run", "Resting": "walk"}


def read_tcx(root: Element, fingerprint: str) -> Activity:
    """The activity of a TCX file; UnusableFile when it holds none, or more than one."""
    activities = [
        activity
        for holder in _children(root, "Activities")
        for activity in _children(holder, "Activity")
    ]
    if not activities:
        raise UnusableFile("a TCX file with no activity (a course or a workout?)")
    if len(activities) > 1:
        raise UnusableFile(f"a TCX file with {len(activities)} activities: import one at a time")
    activity = activities[0]
    lap_elements = _children(activity, "Lap")
    starts = [_time(lap.get("StartTime")) for lap in lap_elements]
    started = _time(_text(activity, "Id")) or next((s for s in starts if s is not None), None)
    if started is None:
        started = min(_track_times(activity), default=None)
    if started is None:
        raise UnusableFile("a TCX activity with no start time")
    laps = [_lap(lap) for lap in lap_elements]
    known = tuple(lap for lap in laps if lap is not None)
    if known and len(known) == len(laps):
        seconds = sum(lap.seconds for lap in known)
    else:
        known = ()  # a lap without its time: the laps cannot be placed
        times = _track_times(activity)
        seconds = (max(times) - min(times)).total_seconds() if times else 0.0
    distances = [lap.metres for lap in known if lap.metres is not None]
    metres = sum(distances) if distances and len(distances) == len(known) else None
    return Activity("TCX", started, seconds, metres, known, fingerprint)


def _lap(lap: Element) -> Lap | None:
    seconds = _number(_text(lap, "TotalTimeSeconds"))
    if seconds is None:
        return None
    intensity = _text(lap, "Intensity")
    marked = INTENSITY.get(intensity) if intensity is not None else None
    return Lap(seconds, _number(_text(lap, "DistanceMeters")), marked)


def _track_times(activity: Element) -> list[datetime]:
    points = (point for point in activity.iter() if _name(point) == "Trackpoint")
    return [at for point in points if (at := _time(_text(point, "Time"))) is not None]


def _name(element: Element) -> str:
    """The tag without its namespace: TCX files use the v2 namespace, or a prefix for it."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if _name(child) == name]


def _text(parent: Element, name: str) -> str | None:
    found = _children(parent, name)
    return (found[0].text or "").strip() if found else None


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and value >= 0 else None
