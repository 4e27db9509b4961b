"""GPX tracks (Strava, Coros, Suunto and most apps export them), read with gpxpy. GPX has no
laps: a run from a GPX file is one segment."""

from __future__ import annotations

from datetime import UTC, datetime

from journal.importing.activity import Activity, UnusableFile


def read_gpx(data: bytes, fingerprint: str) -> Activity:
    """The activity of a GPX file (its XML already checked safe); UnusableFile when it has
    no track or no times."""
    import gpxpy
    import gpxpy.gpx

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnusableFile("a GPX file that is not UTF-8 text") from None
    try:
        gpx = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError, TypeError):
        raise UnusableFile("a damaged GPX file") from None
    points = [p for track in gpx.tracks for segment in track.segments for p in segment.points]
    if not points:
        raise UnusableFile("a GPX file with no track (a route or waypoints only?)")
    for point in points:
        if point.time is not None:
            point.time = _utc(point.time)  # one file may mix times with and without a zone
    times = [point.time for point in points if point.time is not None]
    if not times:
        raise UnusableFile("a GPX track without times: sitbone needs when it was run")
    try:
        # Moving time: stretches slower than 1 km/h (standing at a crossing, paused) left out.
        moving = gpx.get_moving_data()
        metres = gpx.length_2d()
    except (ArithmeticError, ValueError, TypeError):  # positions no place on Earth has
        raise UnusableFile("a damaged GPX file") from None
    seconds = moving.moving_time if moving is not None else 0.0
    if seconds <= 0:
        seconds = (max(times) - min(times)).total_seconds()
    return Activity("GPX", min(times), seconds, metres or None, (), fingerprint)


def _utc(at: datetime) -> datetime:
    # GPX times are UTC; one written without a zone is read as UTC too.
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
