"""A run's segments from its stretches, against the stage's plan, and whether the run was
completed. Plain Python, no I/O.

Planned time: when the stretches follow the stage's plan, each segment's planned time is
the plan's. They follow it when they have the plan's kinds in the plan's order (the plan's
neighbouring segments of one kind taken together: walk 2:00 then walk 5:00 is one walk of
7:00), each within MATCH_S or MATCH_SHARE of its planned time, whichever is more; the last
may be shorter, or the stretches stop before the plan does (the run stopped there). A
segment's time done is then at most its planned time: a lap pressed a few seconds late
counts as the whole segment, and the seconds over stay in the run's time. When they do not
follow the plan, each segment's planned time is its time done.

Completed: the run's time moving reaches the stage's planned total less COMPLETE_LEEWAY (a
watch started a little late, auto-pause at a crossing); less than that is partial.
"""

from __future__ import annotations

from collections.abc import Sequence

from journal.importing.laps import Stretch
from rules.timer import Segment
from store.records import SegmentDone

MATCH_S = 30
MATCH_SHARE = 0.25
COMPLETE_LEEWAY = 0.05


def joined_plan(plan: Sequence[Segment]) -> list[Segment]:
    """The plan with neighbouring segments of one kind taken together."""
    joined: list[Segment] = []
    for segment in plan:
        if joined and joined[-1].kind == segment.kind:
            joined[-1] = Segment(segment.kind, joined[-1].seconds + segment.seconds)
        else:
            joined.append(segment)
    return joined


def follows_plan(done: Sequence[Stretch], plan: Sequence[Segment]) -> bool:
    """Whether the stretches follow the plan (see the module's docstring)."""
    planned = joined_plan(plan)
    if not done or len(done) > len(planned):
        return False
    last = len(done) - 1
    for index, (stretch, segment) in enumerate(zip(done, planned, strict=False)):
        leeway = max(MATCH_S, MATCH_SHARE * segment.seconds)
        too_short = index < last and stretch.seconds < segment.seconds - leeway
        if stretch.kind != segment.kind or too_short or stretch.seconds > segment.seconds + leeway:
            return False
    return True


def segments_done(
    done: Sequence[Stretch], plan: Sequence[Segment]
) -> tuple[tuple[SegmentDone, ...], bool]:
    """The run's segments, and whether they follow the plan."""
    if follows_plan(done, plan):
        planned = joined_plan(plan)
        return tuple(
            SegmentDone(
                kind=stretch.kind,
                planned_s=segment.seconds,
                done_s=min(round(stretch.seconds), segment.seconds),
            )
            for stretch, segment in zip(done, planned, strict=False)
        ), True
    return tuple(
        SegmentDone(kind=stretch.kind, planned_s=seconds, done_s=seconds)
        for stretch in done
        if (seconds := round(stretch.seconds)) >= 1
    ), False


def completed(seconds: float, plan: Sequence[Segment]) -> bool:
    """Whether `seconds` moving completes the plan (see the module's docstring)."""
    total = sum(segment.seconds for segment in plan)
    return seconds >= total * (1 - COMPLETE_LEEWAY)
