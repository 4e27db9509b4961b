"""The walk/run interval timer's arithmetic: plain Python, every time passed in.

Time is a monotonic clock reading in seconds. The timer never counts ticks: each segment has a
deadline, and when a deadline passes the next segment starts *at that deadline*, not at the
moment someone looked. However late or irregular the polling, the position is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal["walk", "run"]
COUNTDOWN = (3, 2, 1)  # seconds before a run segment that get a cue


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    seconds: int


@dataclass(frozen=True)
class Done:
    """A segment behind us: how long it was planned and how long was actually done."""

    kind: SegmentKind
    planned: int
    done: float

    @property
    def skipped(self) -> bool:
        return self.done < self.planned


# What `advance` reports, so the app can ring the bell and flash.
@dataclass(frozen=True)
class SegmentStarted:
    index: int
    segment: Segment


@dataclass(frozen=True)
class Countdown:
    seconds: int  # 3, 2 or 1 before a run segment starts


@dataclass(frozen=True)
class Finished:
    pass


Event = SegmentStarted | Countdown | Finished


@dataclass(frozen=True)
class Checkpoint:
    """Enough to carry on after a crash: where we were, and what was done before."""

    index: int
    position: float
    done: tuple[Done, ...]
    redone: float = 0.0  # time moved in segments restarted with `back`


@dataclass(frozen=True)
class TimerView:
    """Everything the display shows, computed for one instant."""

    index: int
    segment: Segment
    next: Segment | None
    segment_left: float  # seconds
    segment_fraction: float  # 0-1 of this segment done
    elapsed: float  # time moving: pauses left out
    remaining: float  # planned time still ahead (this segment's rest and the later ones)
    session_fraction: float
    running: bool
    started: bool
    finished: bool
    lead_in: float  # seconds until a run that opens the session starts (0 once under way)
    run_in: int | None  # 3, 2 or 1 when a run segment starts within that many seconds


@dataclass
class IntervalTimer:
    """A session of segments. Create it, `start(now)`, then `advance(now)` whenever you like."""

    plan: tuple[Segment, ...]
    index: int = 0
    # Seconds of the current segment done before the current stretch of running.
    banked: float = 0.0
    done: list[Done] = field(default_factory=list)
    # Time moved in a segment before `back` restarted it: still time on your feet.
    redone: float = 0.0
    # When the current stretch of running began (may be in the future during a lead-in);
    # None while paused or before the start.
    resumed_at: float | None = None
    started: bool = False
    finished: bool = False
    # The get-ready seconds before a session that opens with a run, until that run starts.
    lead_in: float = 0.0
    # (run segment index, seconds) pairs already cued, so each cue sounds once.
    _cued: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.plan:
            raise ValueError("a session needs at least one segment")
        if any(segment.seconds <= 0 for segment in self.plan):
            raise ValueError("every segment needs a positive length")
        if not 0 <= self.index < len(self.plan):
            raise ValueError(f"segment {self.index} is outside the plan")
        if not 0 <= self.banked <= self.plan[self.index].seconds:
            raise ValueError("position is outside the segment")

    @classmethod
    def from_checkpoint(cls, plan: Sequence[Segment], checkpoint: Checkpoint) -> IntervalTimer:
        """A timer paused where the checkpoint left it (the time away is not counted)."""
        index = min(checkpoint.index, len(plan) - 1)
        position = min(checkpoint.position, plan[index].seconds) if plan else 0.0
        timer = cls(
            tuple(plan),
            index=index,
            banked=position,
            done=list(checkpoint.done),
            redone=checkpoint.redone,
        )
        timer.started = True
        return timer

    # -- the person's controls ------------------------------------------------------------

    def start(self, now: float, lead_in: float = 0.0) -> None:
        """Begin; `lead_in` seconds of get-ready first (for a session that opens with a run)."""
        if self.started:
            return
        self.started = True
        self.lead_in = lead_in
        self.resumed_at = now + lead_in

    def pause(self, now: float) -> None:
        if self.running:
            self.advance(now)
        if self.running:
            self.banked = self.position(now)
            self.resumed_at = None
            # Re-arm the 3-2-1 still ahead, so it sounds after the pause.
            left = self.plan[self.index].seconds - self.banked
            self._cued = {cue for cue in self._cued if cue[0] != self.index + 1 or cue[1] > left}
            if self.lead_in:
                self._cued = {cue for cue in self._cued if cue[0] != 0}

    def resume(self, now: float) -> None:
        if self.started and not self.finished and self.resumed_at is None:
            # Paused during the get-ready: it starts again, with its countdown.
            self.resumed_at = now + self.lead_in

    def skip(self, now: float) -> list[Event]:
        """Move to the next segment now; this one counts for the time actually done."""
        events = self.advance(now)
        if self.finished:
            return events
        # A cue for the run after this segment is stale: what comes next starts now.
        events = [event for event in events if not isinstance(event, Countdown)]
        return events + self._next(self.position(now), now if self.running else None)

    def back(self, now: float) -> None:
        """Restart the current segment from its beginning."""
        self.advance(now)
        if self.finished:
            return
        self.redone += self.position(now)
        self.banked = 0.0
        if self.running:
            self.resumed_at = now + self.lead_in
        self._cued = {cue for cue in self._cued if cue[0] != self.index + 1}

    def end(self, now: float) -> None:
        """Stop early: the current segment counts for what was done."""
        if self.finished:
            return
        self.advance(now)
        if self.finished:
            return
        position = self.position(now)
        if position > 0:
            segment = self.plan[self.index]
            self.done.append(Done(segment.kind, segment.seconds, position))
        self.resumed_at = None
        self.finished = True

    # -- time passing ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.resumed_at is not None and not self.finished

    def position(self, now: float) -> float:
        """Seconds into the current segment (0 during a lead-in), capped at its length."""
        length = self.plan[self.index].seconds
        if self.resumed_at is None:
            return min(self.banked, length)
        return min(max(self.banked + now - self.resumed_at, self.banked), length)

    def deadline(self) -> float | None:
        """The clock reading at which the current segment ends, while running."""
        if not self.running:
            return None
        assert self.resumed_at is not None
        return self.resumed_at + self.plan[self.index].seconds - self.banked

    def advance(self, now: float) -> list[Event]:
        """Bring the timer up to `now`: pass every deadline behind us, report the cues."""
        events: list[Event] = []
        while self.running:
            deadline = self.deadline()
            assert deadline is not None and self.resumed_at is not None
            if self.lead_in and now >= self.resumed_at:
                # The get-ready is over: the opening run starts now ("go").
                self.lead_in = 0.0
                events.append(SegmentStarted(self.index, self.plan[self.index]))
            upcoming = self._upcoming_run(now)
            if upcoming is not None:
                starts_at = self.resumed_at if upcoming == self.index else deadline
                assert starts_at is not None
                due = [s for s in COUNTDOWN if 0 < starts_at - now <= s]
                fresh = [s for s in due if (upcoming, s) not in self._cued]
                self._cued.update((upcoming, s) for s in due)
                if fresh:
                    # Only the latest cue sounds: a late poll must not ring "3, 2" at once.
                    events.append(Countdown(min(fresh)))
            if now < deadline:
                break
            # The next segment begins exactly at the deadline: no drift, however late we are.
            events.extend(self._next(self.plan[self.index].seconds, deadline))
        return events

    def _upcoming_run(self, now: float) -> int | None:
        """The index of the run segment about to start, if one is next."""
        assert self.resumed_at is not None
        if self.index == 0 and not self.done and self.resumed_at > now:
            return 0 if self.plan[0].kind == "run" else None  # the lead-in before a first run
        following = self.index + 1
        if following < len(self.plan) and self.plan[following].kind == "run":
            return following
        return None

    def _next(self, done: float, start: float | None) -> list[Event]:
        segment = self.plan[self.index]
        self.done.append(Done(segment.kind, segment.seconds, done))
        self.banked = 0.0
        self.lead_in = 0.0
        if self.index + 1 >= len(self.plan):
            self.resumed_at = None
            self.finished = True
            return [Finished()]
        self.index += 1
        self.resumed_at = start
        return [SegmentStarted(self.index, self.plan[self.index])]

    # -- reading it -----------------------------------------------------------------------

    def elapsed(self, now: float) -> float:
        """Time moving so far: the segments behind us, the current position, and any time
        in segments restarted with `back`."""
        behind = sum(item.done for item in self.done) + self.redone
        return behind if self.finished else behind + self.position(now)

    def checkpoint(self, now: float) -> Checkpoint:
        return Checkpoint(self.index, self.position(now), tuple(self.done), self.redone)

    def view(self, now: float) -> TimerView:
        """The display for `now`. Call `advance(now)` first to move past passed deadlines."""
        segment = self.plan[self.index]
        position = 0.0 if self.finished else self.position(now)
        later = sum(s.seconds for s in self.plan[self.index + 1 :])
        remaining = 0.0 if self.finished else segment.seconds - position + later
        total_planned = sum(s.seconds for s in self.plan)
        lead_in = 0.0
        if self.running and self.resumed_at is not None and self.resumed_at > now:
            lead_in = self.resumed_at - now
        run_in: int | None = None
        upcoming = None if not self.running else self._upcoming_run(now)
        if upcoming is not None:
            until = lead_in if upcoming == self.index else segment.seconds - position
            if 0 < until <= COUNTDOWN[0]:
                run_in = min(s for s in COUNTDOWN if until <= s)
        return TimerView(
            index=self.index,
            segment=segment,
            next=self.plan[self.index + 1] if self.index + 1 < len(self.plan) else None,
            segment_left=segment.seconds - position,
            segment_fraction=position / segment.seconds,
            elapsed=self.elapsed(now),
            remaining=remaining,
            session_fraction=1.0 if self.finished else 1 - remaining / total_planned,
            running=self.running,
            started=self.started,
            finished=self.finished,
            lead_in=lead_in,
            run_in=run_in,
        )
