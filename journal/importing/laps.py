"""Which laps of a run were walking and which running: the rule that turns a watch's laps
into the walk/run stretches of a session. Plain Python, no I/O.

1. A lap shorter than MIN_LAP_S (the lap button pressed twice) is joined to the lap before
   it; a short first lap, to the lap after it.
2. Pace decides when every lap has a distance. The laps' speeds, sorted, are cut at the
   widest gap between two neighbouring speeds. The cut counts only if that gap is at least
   RUN_OVER_WALK (the runs at least 20% faster than the walks), the laps below it are no
   faster than WALK_MAX_MPS (7.2 km/h: faster is running) and the laps above it no slower
   than RUN_MIN_MPS (5.8 km/h: slower is walking). Laps above the cut are runs.
3. Otherwise the watch's marks decide, when it marked every lap and both kinds occur: FIT
   "active" and "interval" laps and TCX "Active" laps are runs; FIT "rest", "recovery",
   "warmup" and "cooldown" laps and TCX "Resting" laps are walks. Pace comes first: it is
   measured, while a mark is what a workout step was meant to be (and TCX marks a warm-up
   walk "Active"); marks serve a run with no distances, as on a treadmill. Laps from the
   lap button or auto-lap are all "active", which tells nothing.
4. Neighbouring laps of one kind make one stretch. Laps that show no walking and running
   (no distances and no marks, or an even pace) give none: the run is one stretch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from journal.importing.activity import Lap
from store.vocabulary import SegmentKind

MIN_LAP_S = 10.0
RUN_OVER_WALK = 1.2
WALK_MAX_MPS = 2.0
RUN_MIN_MPS = 1.6
# More stretches than any stage plans: the laps are not walk/run intervals.
MAX_STRETCHES = 500


@dataclass(frozen=True)
class Stretch:
    """Walking or running, for `seconds` of timer time: a segment as it was done."""

    kind: SegmentKind
    seconds: float


def stretches(laps: Sequence[Lap]) -> list[Stretch] | None:
    """The walk and run stretches the laps show, in order; None when they show no walk/run
    (the run is then one stretch)."""
    joined = join_short(laps)
    kinds = by_pace(joined) or by_marks(joined)
    if kinds is None:
        return None
    found: list[Stretch] = []
    for lap, kind in zip(joined, kinds, strict=True):
        if found and found[-1].kind == kind:
            found[-1] = Stretch(kind, found[-1].seconds + lap.seconds)
        else:
            found.append(Stretch(kind, lap.seconds))
    return found if len(found) <= MAX_STRETCHES else None


def join_short(laps: Sequence[Lap]) -> list[Lap]:
    """The laps with each one shorter than MIN_LAP_S joined to a neighbour (rule 1)."""
    joined: list[Lap] = []
    early: Lap | None = None  # short laps before the first long one
    for lap in laps:
        if lap.seconds <= 0:
            continue
        if lap.seconds >= MIN_LAP_S:
            joined.append(lap if early is None else _with(lap, early))
            early = None
        elif joined:
            joined[-1] = _with(joined[-1], lap)
        else:
            early = lap if early is None else _with(early, lap)
    if early is not None and not joined:
        joined.append(early)
    return joined


def _with(lap: Lap, extra: Lap) -> Lap:
    """`lap` lengthened by `extra`; it keeps its own mark."""
    metres = None if lap.metres is None or extra.metres is None else lap.metres + extra.metres
    return Lap(lap.seconds + extra.seconds, metres, lap.marked)


def by_marks(laps: Sequence[Lap]) -> list[SegmentKind] | None:
    """Each lap's kind from the watch's marks (rule 3), or None when they do not tell."""
    kinds = [lap.marked for lap in laps if lap.marked is not None]
    if len(kinds) != len(laps) or set(kinds) != {"walk", "run"}:
        return None
    return kinds


def by_pace(laps: Sequence[Lap]) -> list[SegmentKind] | None:
    """Each lap's kind from its speed (rule 2), or None when pace does not tell."""
    speeds = [lap.metres / lap.seconds for lap in laps if lap.metres is not None]
    if len(speeds) != len(laps) or len(speeds) < 2:
        return None
    ordered = sorted(speeds)
    slow, fast = max(pairwise(ordered), key=lambda pair: _ratio(*pair))
    if _ratio(slow, fast) < RUN_OVER_WALK or slow > WALK_MAX_MPS or fast < RUN_MIN_MPS:
        return None
    return ["run" if speed >= fast else "walk" for speed in speeds]


def _ratio(slow: float, fast: float) -> float:
    if slow > 0:
        return fast / slow
    return float("inf") if fast > 0 else 1.0
