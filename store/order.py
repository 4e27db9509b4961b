"""The order of records in time. Times are the person's local wall-clock time, which repeats an
hour when the clocks go back: an entry logged at 01:20 in the second pass of that hour came
after one logged at 01:50 in the first. Within a repeated hour, records keep the order they
were written in (record ids only grow), so the order stays true through daylight saving."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

_STEP = timedelta(minutes=1)
_LONGEST_REPEAT = 180  # minutes: no zone repeats more than this


@lru_cache(maxsize=4096)
def _clocks_change(day: date) -> bool:
    """True on a day whose length is not 24 hours in local time (a daylight-saving change)."""
    midnight = datetime.combine(day, datetime.min.time())
    return (midnight + timedelta(days=1)).timestamp() - midnight.timestamp() != 86400


def repeated(at: datetime) -> bool:
    """True when the local wall time `at` happens twice (the hour the clocks go back)."""
    if not _clocks_change(at.date()):
        return False  # most days: no need to ask the time zone minute by minute
    first, second = at.replace(fold=0), at.replace(fold=1)
    return first.timestamp() < second.timestamp()


def _repeat_start(at: datetime) -> datetime:
    """The first minute of the repeated stretch that holds `at`."""
    start = at.replace(second=0, microsecond=0)
    for _ in range(_LONGEST_REPEAT):
        earlier = start - _STEP
        if not repeated(earlier):
            break
        start = earlier
    return start


def time_order(at: datetime, record_id: int) -> tuple[datetime, int, datetime]:
    """A sort key: by wall time, except that a repeated hour sorts by the order written."""
    if repeated(at):
        return (_repeat_start(at), record_id, at)
    return (at, 0, at)
