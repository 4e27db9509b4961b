"""A walk/run session under way: the interval timer, its program and stage, and saving its
progress so a dropped connection loses at most 30 seconds. No textual: the app polls it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from content.programs import RunProgram
from rules.timer import (
    Checkpoint,
    Done,
    Event,
    Finished,
    IntervalTimer,
    SegmentStarted,
    TimerView,
)
from store.changes import Change
from store.records import ActiveRun, RunSession, SegmentDone
from store.repository import Store

SAVE_EVERY_S = 30.0
LEAD_IN_S = 3.0  # get-ready seconds before a session that opens with a run

Wall = Callable[[], datetime]
Monotonic = Callable[[], float]


class RunController:
    """Owns the timer; every change of segment, pause and 30 s of running is saved."""

    def __init__(
        self,
        store: Store,
        program: RunProgram,
        stage: int,
        wall: Wall,
        monotonic: Monotonic,
        resume_from: ActiveRun | None = None,
    ) -> None:
        self.store, self.program, self.wall, self.monotonic = store, program, wall, monotonic
        self.stage = program.stage(stage).stage
        plan = program.stage(stage).plan()
        if resume_from is None:
            self.timer = IntervalTimer(plan)
            self.started_at: datetime | None = None
        else:
            done = tuple(Done(s.kind, s.planned_s, s.done_s) for s in resume_from.done)
            checkpoint = Checkpoint(
                resume_from.index, resume_from.position_s, done, resume_from.redone_s
            )
            self.timer = IntervalTimer.from_checkpoint(plan, checkpoint)
            self.started_at = resume_from.started
        self._last_save = monotonic()
        # The saved session once it has ended (its change can be undone or amended).
        self.saved: Change | None = None
        self.discarded = False

    # -- controls ----------------------------------------------------------------------

    def start(self) -> None:
        if self.timer.started:
            return
        lead_in = LEAD_IN_S if self.timer.plan[0].kind == "run" else 0.0
        self.started_at = self.wall().replace(microsecond=0)
        self.timer.start(self.monotonic(), lead_in=lead_in)
        self.save_progress()

    def toggle(self) -> list[Event]:
        """Space: start, pause or resume."""
        if not self.timer.started:
            self.start()
            return []
        now = self.monotonic()
        if self.timer.running:
            events = self.timer.advance(now)
            self.timer.pause(now)
        else:
            events = []
            self.timer.resume(now)
        return self._after(events, force_save=True)

    def skip(self) -> list[Event]:
        return self._after(self.timer.skip(self.monotonic()), force_save=True)

    def back(self) -> list[Event]:
        now = self.monotonic()
        events = self.timer.advance(now)
        self.timer.back(now)
        return self._after(events, force_save=True)

    def end(self, keep: bool) -> Change | None:
        """Stop early: keep it as a partial session, or discard it (nothing saved)."""
        if self.saved is not None:
            return self.saved  # it finished and was saved already: never a second record
        self.timer.end(self.monotonic())
        if keep and self.started_at is not None:
            self.saved = self.store.finish_run(self.record(completed=False))
        else:
            self.store.clear_active_run()
            self.discarded = True
        return self.saved

    # -- time passing ------------------------------------------------------------------

    def poll(self) -> list[Event]:
        """Bring the timer up to now; save on a new segment, every 30 s, and at the end."""
        if not self.timer.running:
            return []
        return self._after(self.timer.advance(self.monotonic()))

    def _after(self, events: list[Event], force_save: bool = False) -> list[Event]:
        if any(isinstance(event, Finished) for event in events):
            # Saved the moment it ends, before anything is asked. A run segment skipped
            # means the stage was not done in full: it counts as partial.
            skipped = any(d.kind == "run" and d.skipped for d in self.timer.done)
            self.saved = self.store.finish_run(self.record(completed=not skipped))
            return events
        changed = any(isinstance(event, SegmentStarted) for event in events)
        if force_save or changed or self.monotonic() - self._last_save >= SAVE_EVERY_S:
            self.save_progress()
        return events

    def save_progress(self) -> None:
        if self.timer.finished or self.started_at is None:
            return
        now = self.monotonic()
        segment = self.timer.plan[self.timer.index]
        started, wall = self._moment()
        self.store.save_active_run(
            ActiveRun.model_validate(
                {
                    "started": started,
                    "program": self.program.id,
                    "stage": self.stage,
                    "index": self.timer.index,
                    "kind": segment.kind,
                    "planned_s": segment.seconds,
                    "position_s": round(self.timer.position(now), 3),
                    "done": [_segment_done(item) for item in self.timer.done],
                    "redone_s": round(self.timer.redone, 3),
                    "saved": wall,
                },
                context={"today": wall.date(), "now": wall},
            )
        )
        self._last_save = now

    def _moment(self) -> tuple[datetime, datetime]:
        """(start, now) by the wall clock, for saving. The timer runs on the monotonic clock;
        if the wall clock steps back during a run (past midnight, say), the start is taken as
        now at the latest, so the session is saved whatever the wall clock does."""
        assert self.started_at is not None, "a session is saved once started"
        wall = self.wall().replace(microsecond=0)
        return min(self.started_at, wall), wall

    # -- reading -----------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.timer.finished

    @property
    def active(self) -> bool:
        """Started and not yet ended: the app keeps polling it."""
        return self.timer.started and not self.timer.finished

    def view(self) -> TimerView:
        return self.timer.view(self.monotonic())

    def record(self, completed: bool) -> RunSession:
        started, wall = self._moment()
        done = [_segment_done(item) for item in self.timer.done]
        return RunSession.model_validate(
            {
                "at": started,
                "program": self.program.id,
                "stage": self.stage,
                "completed": completed,
                "seconds_done": round(self.timer.elapsed(self.monotonic())),
                "source": "timer",
                "segments": done,
            },
            context={"today": wall.date(), "now": wall},
        )


def _segment_done(item: Done) -> SegmentDone:
    return SegmentDone(
        kind=item.kind, planned_s=item.planned, done_s=min(round(item.done), item.planned)
    )
