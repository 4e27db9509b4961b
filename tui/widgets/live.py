"""The session under way in one line: for the Dashboard's Today card and the Run screen."""

from __future__ import annotations

from content.programs import clock_text
from rules.timer import TimerView

KIND_WORD = {"walk": "WALK", "run": "RUN"}


def live_summary(view: TimerView, total: int) -> str:
    """One line for the Dashboard and the nav: what the session is doing right now."""
    if view.lead_in > 0:
        return f"GET READY: RUN in {int(view.lead_in) + 1}"
    state = "" if view.running else " (paused)"
    return (
        f"{KIND_WORD[view.segment.kind]} {clock_text(view.segment_left + 0.999)} left, "
        f"segment {view.index + 1} of {total}{state}, elapsed {clock_text(view.elapsed)}"
    )
