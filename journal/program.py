"""The person's place in the program, read from the store and the content: current phase,
when it began, the exit gate judged today, rest-day advice. Shared by the CLI and the
Exercises screen; no textual."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from content.loader import Library
from content.models import Exercise, PhaseInfo
from rules.advice import LoadTests
from rules.gates import (
    GateFacts,
    GateResult,
    State,
    evaluate_gate,
    recent_warning,
    rest_day_advice,
)
from rules.pain import PainThresholds
from rules.summary import current_phase
from store.records import ExerciseSession, PainEntry, PhaseChange
from store.repository import Store

LAST_PHASE = 4


@dataclass(frozen=True)
class ProgramState:
    today: date
    phase: PhaseInfo
    started: datetime | None  # None: phase 1 from the start
    since: date  # the phase's first day (for phase 1 without a change: the profile's)
    entries: list[PainEntry]
    sessions: list[tuple[int, ExerciseSession]]  # every session, oldest first
    changes: list[PhaseChange]
    gate: GateResult | None  # None in the last phase
    tests: LoadTests  # which load test each morning did
    # Later phases' gates judged on today's data, as a preview (their sessions start at 0).
    previews: dict[int, GateResult] = field(default_factory=dict)

    @property
    def day_in_phase(self) -> int:
        """1 on the phase's first day."""
        return (self.today - self.since).days + 1

    def done_today(self) -> dict[str, tuple[int, ExerciseSession]]:
        """Today's session of each exercise (the latest, if several), by exercise id."""
        return done_on(self.sessions, self.today)

    def progress(self, checklist: list[Exercise]) -> tuple[int, int]:
        """(exercises with all their planned sets done today, exercises in the checklist)."""
        done = self.done_today()
        finished = sum(e.id in done and done[e.id][1].sets >= e.dosage.sets for e in checklist)
        return finished, len(checklist)

    def flare_advice(self, limits: PainThresholds) -> str | None:
        """After a flare or worsening today or yesterday: hold or reduce load, naming the
        broken criterion."""
        flare = recent_warning(self.entries, self.today, limits, self.tests)
        if flare is None:
            return None
        broken = [
            c.label
            for c in (self.gate.criteria if self.gate else ())
            if c.id == "no-flare" and c.state is State.NOT_MET
        ]
        return flare.advice + (f" Gate criterion broken: {broken[0]}." if broken else "")

    def phase_sessions(self) -> list[tuple[int, ExerciseSession]]:
        sessions = self.sessions if self.started is None else since(self.sessions, self.started)
        number, started = self.phase.number, self.started
        return [
            (i, s)
            for i, s in sessions
            if s.phase == number and (started is None or s.at >= started)
        ]


def done_on(
    sessions: list[tuple[int, ExerciseSession]], day: date
) -> dict[str, tuple[int, ExerciseSession]]:
    """The session of each exercise on `day` (the latest, if several), by exercise id."""
    start = datetime.combine(day, time.min)
    return {s.exercise: (i, s) for i, s in since(sessions, start) if s.at.date() == day}


# Records are listed in time order, true through daylight saving: in the hour a clock falls
# back, a later record may show an earlier time. A search starts this much earlier.
REPEATED_HOUR = timedelta(hours=2)


def since(
    sessions: list[tuple[int, ExerciseSession]], moment: datetime
) -> list[tuple[int, ExerciseSession]]:
    """The tail of `sessions` (oldest first) that holds every session at or after `moment`
    (and a few just before it): found by bisection, so a day's work is found as quickly at
    five years of sessions as at one week."""
    start = bisect_left(sessions, moment - REPEATED_HOUR, key=lambda pair: pair[1].at)
    return sessions[start:]


def training_days(sessions: list[tuple[int, ExerciseSession]]) -> int:
    return len({s.at.date() for _, s in sessions})


def load_tests(library: Library, changes: list[PhaseChange]) -> LoadTests:
    """Which load test each morning did: its phase's, by the phase history."""
    return LoadTests({phase.number: phase.load_test.id for phase in library.phases}, changes)


def program_state(store: Store, library: Library, today: date) -> ProgramState:
    changes = [change for _, change in store.phase_changes()]
    number = current_phase(changes)
    started = changes[-1].at if changes else None
    phase = library.phase(number)
    entries = [entry for _, entry in store.pain_entries()]
    sessions = store.exercise_sessions()
    profile = store.profile()
    since = started.date() if started else profile.created.date() if profile else today
    tests = load_tests(library, changes)
    state = ProgramState(
        today, phase, started, since, entries, sessions, changes, gate=None, tests=tests
    )
    if number >= LAST_PHASE:
        return state
    facts = GateFacts(
        today=today,
        injured=profile.injured_side if profile else "both",
        entries=entries,
        phase_started=started,
        training_days=training_days(state.phase_sessions()),
        tests=tests,
    )
    limits = library.pain_model.thresholds()
    gate = evaluate_gate(number, number + 1, phase.gate, facts, limits)
    # Nothing logged yet counts for a later phase: no sessions, no walks.
    ahead = replace(facts, training_days=0, phase_started=datetime.combine(today, time.max))
    previews = {
        later.number: evaluate_gate(later.number, later.number + 1, later.gate, ahead, limits)
        for later in library.phases
        if later.number > number and later.gate
    }
    return replace(state, gate=gate, previews=previews)


def rest_day(state: ProgramState, library: Library, today: date) -> str | None:
    """Rest-day advice for today, unless the phase's checklist is all daily-safe work."""
    checklist = library.phase_exercises(state.phase.number)
    if checklist and all(exercise.daily_ok for exercise in checklist):
        return None
    strength = {e.id for e in library.exercises if not e.daily_ok}
    # The advice looks back a week at most.
    week = since(state.sessions, datetime.combine(today - timedelta(days=8), time.min))
    days = [s.at.date() for _, s in week if s.exercise in strength]
    return rest_day_advice(days, today)
