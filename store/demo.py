"""Realistic sample data for trying sitbone out: a runner with a sore sit bone who logs every
day, slowly gets better, moves through the phases and walks and runs back to running.

The story is written so that the app agrees with it. Morning scores only fall, with a point
up now and then, so nothing is a flare but the flares told here; a phase moves on the day its
exit gate holds by the built-in content's numbers (`_GATES`); runs follow the program's
progression in rules/run.py (two passes move up a stage, amber repeats it, a red run or a
flare the next morning steps back, a stage holds in the week after a phase change). store/
imports neither rules/ nor content/: the content is passed in (anything with the attributes
of the protocols below), and tests/store/test_demo.py checks the story against the rules."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar

from store.records import (
    Aggravator,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Profile,
    Record,
    RedFlagChange,
    RunSession,
    RunUnlock,
    Table,
)

DEFAULT_SEED = 7


# -- what the story reads of the content --------------------------------------------------


class DosageContent(Protocol):
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def hold_s(self) -> int | None: ...


class ExerciseContent(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def dosage(self) -> DosageContent: ...
    @property
    def days_per_week(self) -> int: ...
    @property
    def daily_ok(self) -> bool: ...


class PhaseContent(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def exercises(self) -> Sequence[str]: ...


class OutcomeContent(Protocol):
    @property
    def schedule_weeks(self) -> Sequence[int]: ...
    @property
    def sitting_limit_min(self) -> int: ...


class LibraryContent(Protocol):
    @property
    def phases(self) -> Sequence[PhaseContent]: ...
    @property
    def exercises(self) -> Sequence[ExerciseContent]: ...
    @property
    def outcomes(self) -> OutcomeContent: ...


class SegmentContent(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def seconds(self) -> int: ...


class StageContent(Protocol):
    @property
    def stage(self) -> int: ...
    @property
    def rest_days(self) -> int: ...
    def plan(self) -> Sequence[SegmentContent]: ...


class ProgramContent(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def passes_to_advance(self) -> int: ...
    @property
    def hold_after_phase_change_days(self) -> int: ...
    @property
    def stages(self) -> Sequence[StageContent]: ...


# -- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoData:
    """A whole starting data set: the profile and every kind of record, each oldest first."""

    profile: Profile
    pain: tuple[PainEntry, ...] = ()
    phase_changes: tuple[PhaseChange, ...] = ()
    sessions: tuple[ExerciseSession, ...] = ()
    runs: tuple[RunSession, ...] = ()
    unlocks: tuple[RunUnlock, ...] = ()
    red_flags: tuple[RedFlagChange, ...] = ()
    outcomes: tuple[OutcomeMeasure, ...] = ()

    def tables(self) -> dict[Table, tuple[Record, ...]]:
        """The records of each table but the profile's, in the order the app lists tables."""
        return {
            Table.PAIN: self.pain,
            Table.EXERCISE_SESSIONS: self.sessions,
            Table.RUNS: self.runs,
            Table.PHASE_HISTORY: self.phase_changes,
            Table.RUN_UNLOCKS: self.unlocks,
            Table.RED_FLAG_HISTORY: self.red_flags,
            Table.OUTCOMES: self.outcomes,
        }

    @property
    def records(self) -> int:
        """How many records in all, the profile included."""
        return 1 + sum(len(records) for records in self.tables().values())

    def describe(self) -> str:
        """e.g. '1,234 records (456 pain entries, 700 exercise sessions, ... and the profile)'."""
        names = {
            Table.PAIN: ("pain entry", "pain entries"),
            Table.EXERCISE_SESSIONS: ("exercise session", "exercise sessions"),
            Table.RUNS: ("run", "runs"),
            Table.PHASE_HISTORY: ("phase change", "phase changes"),
            Table.RUN_UNLOCKS: ("run unlock", "run unlocks"),
            Table.RED_FLAG_HISTORY: ("red-flag change", "red-flag changes"),
            Table.OUTCOMES: ("outcome measure", "outcome measures"),
        }
        parts = [
            f"{len(records):,} {names[table][len(records) != 1]}"
            for table, records in self.tables().items()
            if records
        ]
        return f"{self.records:,} records ({', '.join(parts)} and the profile)"


def demo_records(
    weeks: int,
    now: datetime,
    library: LibraryContent,
    program: ProgramContent,
    seed: int = DEFAULT_SEED,
) -> DemoData:
    """`weeks` of heavy daily use up to `now` (nothing later), the same for the same seed and
    `now`: check-ins, exercise sessions, phase changes, a run unlock and walk/run sessions
    of `program`, flares and a red flag a physio cleared, outcome measures on their schedule and
    a few notes marked for the physio."""
    days = weeks * 7
    start = now.date() - timedelta(days=days - 1)
    story = _Story(random.Random(seed), start, days, library, program)
    story.tell()
    # Their own draws, so the rest of the story stays as it was before they were told.
    story.measure(random.Random(f"outcomes-{seed}"), library.outcomes)
    story.mark_for_clinician()
    return story.data(now)


# -- the story's numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Gate:
    """A phase's exit gate as the built-in content sets it (content/phases.yaml): the story
    moves on only when its own numbers meet it."""

    load_max: int  # morning load test at most this ...
    load_days: int  # ... on this many of the last 7 days
    rest_mean: float | None  # mean morning rest over 7 days at most this
    rest_each: int | None  # morning rest at most this on each of the last 7 days
    flare_window: int  # no flare, nor a morning at the absolute limits, in this many days
    training_days: int
    sitting_min: int | None = None  # on a hard chair, in the last 14 days
    symmetry: int | None = None  # injured side's bridge reps as a % of the other's
    bridge_min: int | None = None  # bridge reps on each side
    walk_min: int | None = None  # a brisk walk this long in the phase, pain 2 or less


_GATES = {
    1: _Gate(load_max=3, load_days=5, rest_mean=2, rest_each=None, flare_window=7,
             training_days=6),
    2: _Gate(load_max=2, load_days=5, rest_mean=None, rest_each=2, flare_window=14,
             training_days=8, sitting_min=30, symmetry=80),
    3: _Gate(load_max=2, load_days=5, rest_mean=None, rest_each=1, flare_window=14,
             training_days=8, symmetry=90, bridge_min=20, walk_min=30),
}  # fmt: skip
NOT_TOLERATING = 4  # a morning score this high is at the absolute limit (rules/pain.py)
STIFFNESS_MAX = 30
FLARE_SCORE = 6  # a morning score this high is a flare whatever the baseline
MIN_DAYS_IN_PHASE = 14
RUN_PHASE, LAST_PHASE = 4, 4
# Starting weight (kg), the step added every two weeks and the most lifted, per exercise; the
# rest are body weight or a band.
LOADS = {
    "glute-bridge": (10.0, 2.5, 30.0),
    "machine-leg-curl": (15.0, 2.5, 45.0),
    "squat": (8.0, 2.0, 24.0),
    "step-up": (6.0, 2.0, 16.0),
    "romanian-deadlift": (16.0, 2.0, 40.0),
    "single-leg-romanian-deadlift": (6.0, 2.0, 20.0),
    "good-morning": (10.0, 2.5, 30.0),
    "deadlift": (30.0, 5.0, 80.0),
    "bulgarian-split-squat": (6.0, 2.0, 24.0),
    "lunge": (8.0, 2.0, 20.0),
    "kettlebell-swing": (12.0, 4.0, 24.0),
}
# Red flags told: see-clinician ones (they stop nothing), raised and cleared by a physio.
NERVE = "nerve"
NERVE_EPISODES = ((5, 12), (800, 806))  # days raised and cleared
NERVE_RAISED = "Tingling down the back of the thigh after a long sit."
NERVE_CLEARED = (
    "Physio checked the back and the sciatic nerve: the buttock pain is the tendon; "
    "nerve glides added."
)
UNLOCK_REASON = "Physio cleared easy walk/run alongside the phase 3 work."
FIRST_FLARE = 8
# Notes the runner marks for their physio: a question after the first flares, the first red
# runs, and the first session loading into hip flexion.
MARKED_FLARES, MARKED_RUNS = 2, 3
FLARE_QUESTION = " For my physio: hold the phase for a few days, or carry on as planned?"
RUN_QUESTION = " For my physio: is that the tendon, or something else?"
HIP_FLEXION_NOTE = (
    "First Romanian deadlifts: a pull under the sit bone at the bottom. For my physio: "
    "please check my form, and how deep to go."
)
FLARE_RUN = 3  # the fourth run is too much, unless a flare came lately: sore the next morning


@dataclass(frozen=True)
class _Flare:
    after: str  # what brought it on
    aggravators: tuple[Aggravator, ...]
    note: str
    step_back: bool = False  # the phase steps back (from phase 4) the day after


_CAUSES = (
    _Flare("a long drive", ("sitting",), "Long drive yesterday, sore on waking."),
    _Flare("strides", ("speed-work",), "Tried a few strides yesterday; sore this morning."),
    _Flare("a long flight", ("sitting",), "Long flight yesterday, sat for hours."),
    _Flare("a hilly run", ("hills",), "A hilly route yesterday; the sit bone is angry."),
    _Flare("deep squats", ("deep-hip-flexion",), "Deep squats at the gym yesterday."),
)
RUN_FLARE = _Flare(
    "a long run", ("long-run",), "Ran further than planned yesterday; sore on waking."
)
BUMPS = (3, 2, 1)  # a flare: the first morning's scores this much up, then easing


@dataclass
class _Morning:
    rest: int
    load_test: int
    stiffness: int


@dataclass
class _Running:
    """The walk/run progression as rules/run.py judges it, followed session by session."""

    stage: int = 1
    passes: int = 0
    held: int | None = None  # the day a move up waits for (the week after a phase change)
    not_before: int = 0
    last: int | None = None  # the day of the latest run
    count: int = 0


class _Timed(Protocol):
    @property
    def at(self) -> datetime: ...


M = TypeVar("M", bound=Record)
T = TypeVar("T", bound=_Timed)


class _Story:
    """The person's days, one after another: what they log, and what the app has told them
    so far (phase, gate, run stage)."""

    def __init__(
        self,
        rng: random.Random,
        start: date,
        days: int,
        library: LibraryContent,
        program: ProgramContent,
    ) -> None:
        self.rng, self.start, self.days, self.program = rng, start, days, program
        self.today = start + timedelta(days=days - 1)
        self.pain: list[PainEntry] = []
        self.changes: list[PhaseChange] = []
        self.sessions: list[ExerciseSession] = []
        self.runs: list[RunSession] = []
        self.unlocks: list[RunUnlock] = []
        self.flags: list[RedFlagChange] = []
        self.outcomes: list[OutcomeMeasure] = []
        by_id = {exercise.id: exercise for exercise in library.exercises}
        self.checklists = {
            phase.number: [by_id[i] for i in phase.exercises if i in by_id]
            for phase in library.phases
        }
        self.stages = {stage.stage: stage for stage in program.stages}
        self.phase, self.phase_day, self.test_day = 1, 0, 0
        self.training: set[int] = set()  # days with a session in this phase
        self.mornings: dict[int, _Morning] = {}
        self.flares: dict[int, _Flare] = self._scheduled_flares()
        self.settled: set[int] = set()  # mornings after a run: no point up
        self.skipped: set[int] = set()  # mornings missed after a run
        self.sitting: list[tuple[int, int]] = []
        self.bridges: list[tuple[int, int, int]] = []
        self.walks: list[tuple[int, int, int]] = []  # day, minutes, pain
        self.first_lift: dict[str, int] = {}
        self.next_strength, self.strength_days = 1, 0
        self.unlocked = False
        self.advances: list[int] = []
        self.running = _Running()

    # -- the days ------------------------------------------------------------------------

    def tell(self) -> None:
        for d in range(self.days):
            self._red_flags(d)
            self._morning(d)
            daily_done = self._daily_work(d)
            self._unlock(d)
            if not self._run(d):
                self._walk(d)
            self._strength(d, daily_done)
            self._evening(d)
            self._phase_change(d)

    def data(self, now: datetime) -> DemoData:
        def upto(records: Sequence[T]) -> tuple[T, ...]:
            return tuple(sorted((r for r in records if _at(r) <= now), key=_at))

        flags = upto(self.flags)
        # A red flag raised but not yet cleared by `now` is left out: the demo has none open.
        if flags and flags[-1].raised:
            flags = flags[:-1]
        created = datetime.combine(self.start, time(7, 0))
        updated = flags[-1].at if flags else created
        profile = _valid(
            Profile,
            {
                "injured_side": "right",
                "symptoms_began": self.start - timedelta(days=30),
                "runs_now": False,
                "created": created,
                "updated": updated,
            },
            self.today,
        )
        return DemoData(
            profile=profile,
            pain=upto(self.pain),
            phase_changes=upto(self.changes),
            sessions=upto(self.sessions),
            runs=upto(self.runs),
            unlocks=upto(self.unlocks),
            red_flags=flags,
            outcomes=upto(self.outcomes),
        )

    # -- outcome measures and notes for the physio ---------------------------------------

    def measure(self, rng: random.Random, content: OutcomeContent) -> None:
        """The VISA-H total and a sitting test at each week of the schedule within the story,
        now and then a day or two early or late, both improving over the months."""
        limit = content.sitting_limit_min
        for week in content.schedule_weeks:
            d = 7 * week + (rng.choice((-2, -1, 0, 0, 0, 1, 2)) if week else rng.randint(0, 1))
            if d >= self.days:
                break
            score = _whole(45 + 40 * (1 - math.exp(-d / 120))) + rng.randint(-2, 2)
            sat = _whole(15 + 45 * (1 - math.exp(-d / 25))) + rng.randint(0, 3)
            visa = {"kind": "visa-h", "score": min(100, score), "at": self._when(d, 18, 5)}
            if week == 0:
                visa["note"] = "Filled in with my physio at the first appointment."
            sitting = {
                "kind": "sitting",
                "sitting_min": min(limit, sat),
                "chair": "hard",
                "at": self._when(d, 19, 30),
                "note": "Desk chair at work, no cushion." if week == 0 else "",
            }
            for fields in (visa, sitting):
                self.outcomes.append(_valid(OutcomeMeasure, fields, self.today))

    def mark_for_clinician(self) -> None:
        """A few notes written for the physio's report (see FLARE_QUESTION and the rest)."""
        flares = [i for i, e in enumerate(self.pain) if e.aggravators and e.note]
        for i in flares[:MARKED_FLARES]:
            entry = self.pain[i]
            self.pain[i] = _marked(entry, entry.note + FLARE_QUESTION, self.today)
        red = [
            i for i, r in enumerate(self.runs) if r.pain_during is not None and r.pain_during > 5
        ]
        for i in red[:MARKED_RUNS]:
            run = self.runs[i]
            self.runs[i] = _marked(run, run.note + RUN_QUESTION, self.today)
        hinge = next(
            (i for i, s in enumerate(self.sessions) if s.exercise == "romanian-deadlift"), None
        )
        if hinge is not None:
            self.sessions[hinge] = _marked(self.sessions[hinge], HIP_FLEXION_NOTE, self.today)

    def _when(self, d: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.start + timedelta(days=d), time(hour)) + timedelta(
            minutes=minute
        )

    # -- scores ----------------------------------------------------------------------------

    def _rest(self, d: int) -> int:
        return _whole(0.2 + 3.8 * math.exp(-d / 21))

    def _load(self, d: int) -> int:
        # A harder test reads a little higher at first (each phase has its own).
        new_test = 1.2 * math.exp(-(d - self.test_day) / 10) if self.test_day else 0.0
        return _whole(0.5 + 4.5 * math.exp(-d / 21) + new_test)

    def _stiffness(self, d: int) -> int:
        return _whole(2 + 30 * math.exp(-d / 18))

    def _bump(self, d: int) -> int:
        for back, bump in enumerate(BUMPS):
            if d - back in self.flares:
                return bump
        return 0

    def _flare_near(self, first: int, last: int) -> bool:
        """A flare (its first morning) on a day from `first` to `last`."""
        return any(first <= start <= last for start in self.flares)

    def _scheduled_flares(self) -> dict[int, _Flare]:
        """An early flare from a long drive, then one every few months of the long run."""
        flares = {FIRST_FLARE: _CAUSES[0]}
        d, told = 150, 0
        while d < self.days:
            cause = _CAUSES[told % len(_CAUSES)]
            # Twice over the years, a flare in phase 4 takes the person back to phase 3.
            flares[d] = _Flare(cause.after, cause.aggravators, cause.note, told in (1, 5))
            told += 1
            d += self.rng.randint(100, 200)
        return flares

    def _morning(self, d: int) -> None:
        rng = self.rng
        weekly = d % 7 == 0
        bump = self._bump(d)
        missed = d in self.skipped or (
            rng.random() < 0.06 and not weekly and not bump and d not in self.settled
        )
        if missed:
            return
        # A point up now and then, never on the morning after a run (it shows that run's
        # response, which the story decides).
        rest_up = 0 if d in self.settled else int(rng.random() < 0.15)
        load_up = 0 if d in self.settled else int(rng.random() < 0.15)
        # Below the flare score, but on a flare's first morning, which reaches it.
        rest = min(FLARE_SCORE - 1, self._rest(d) + rest_up) + bump
        load = min(FLARE_SCORE - 1, self._load(d) + load_up) + bump
        if bump == BUMPS[0]:
            load = max(load, FLARE_SCORE)
        stiffness = self._stiffness(d) + rng.randint(0, 3) + 6 * bump
        self.mornings[d] = _Morning(rest, load, stiffness)
        fields: dict[str, Any] = {
            "at": self._when(d, 7, 5 + rng.randint(0, 35)),
            "context": "morning",
            "rest": rest,
            "load_test": load,
            "stiffness_min": stiffness,
        }
        if weekly:
            grown = 1 - math.exp(-d / 30)
            other = _whole(22 + 8 * grown) + rng.randint(0, 1)
            injured = min(other, _whole(8 + 24 * grown) + rng.randint(-1, 1))
            sitting = min(120, _whole(15 + 45 * (1 - math.exp(-d / 25))) + rng.randint(0, 3))
            fields |= {
                "bridge_left": other,
                "bridge_right": injured,
                "sitting_min": sitting,
                "chair": "hard",
            }
            self.bridges.append((d, other, injured))
            self.sitting.append((d, sitting))
        flare = self.flares.get(d)
        if flare is not None:
            fields |= {"aggravators": flare.aggravators, "note": flare.note}
        self.pain.append(_valid(PainEntry, fields, self.today))

    def _evening(self, d: int) -> None:
        rng = self.rng
        if rng.random() >= 0.55:
            return
        rest = min(10, self._rest(d) + rng.choice((0, 0, 1)) + self._bump(d))
        note = rng.choice(("", "", "", "Long day at the desk; stood up every half hour."))
        fields = {"at": self._when(d, 21, 30 + rng.randint(0, 40)), "context": "evening"}
        self.pain.append(_valid(PainEntry, {**fields, "rest": rest, "note": note}, self.today))

    def _walk(self, d: int) -> None:
        """Brisk walks from phase 2, about twice a week, growing longer."""
        rng = self.rng
        if self.phase < 2 or rng.random() >= 0.3:
            return
        first = self.walks[0][0] if self.walks else d
        minutes = 20 + min(25, (d - first) // 2) + rng.choice((0, 0, 5))
        pain = min(2, max(0, self._rest(d) + rng.choice((-1, 0, 0, 1))))
        self.walks.append((d, minutes, pain))
        fields = {
            "at": self._when(d, 12, 30 + rng.randint(0, 20)),
            "context": "other",
            "rest": self._rest(d),
            "activity": pain,
            "walk_min": minutes,
            "note": "Brisk walk.",
        }
        self.pain.append(_valid(PainEntry, fields, self.today))

    # -- exercise --------------------------------------------------------------------------

    def _daily_work(self, d: int) -> int:
        """The isometrics and stretches that may be done every day, after the check-in; how
        many were done."""
        rng = self.rng
        daily = [e for e in self.checklists.get(self.phase, []) if e.daily_ok]
        # Now and then a day off, but not on a strength day.
        if not daily or (d < self.next_strength and rng.random() >= 0.9):
            return 0
        at, pains = self._when(d, 7, 50), []
        for exercise in daily:
            if rng.random() < 0.92:
                pains.append(self._session(d, at, exercise))
                at += timedelta(minutes=rng.randint(4, 7))
        if pains and rng.random() < 0.5:
            self._after_exercise(d, at, max(pains))
        return len(pains)

    def _after_exercise(self, d: int, at: datetime, pain: int) -> None:
        fields = {
            "at": at + timedelta(minutes=10),
            "context": "after-exercise",
            "rest": self._rest(d) + self._bump(d),
            "activity": pain,
        }
        self.pain.append(_valid(PainEntry, fields, self.today))

    def _strength(self, d: int, daily_done: int) -> None:
        """Strength work with at least a rest day between (3-4 days a week), 6-8 exercises
        with the day's daily ones."""
        rng = self.rng
        if d < self.next_strength:
            return
        self.next_strength = d + 2 + int(rng.random() < 0.2)
        self.strength_days += 1
        checklist = self.checklists.get(self.phase, [])
        # Exercises done about twice a week: all of them every other strength day, one of them
        # in turn on the days between.
        twice = [e for e in checklist if not e.daily_ok and e.days_per_week < 3]
        if twice and self.strength_days % 2:
            twice = [twice[self.strength_days // 2 % len(twice)]]
        chosen = [e for e in checklist if not e.daily_ok and (e.days_per_week >= 3 or e in twice)]
        wanted = max(2, rng.randint(6, 8) - daily_done)
        if len(chosen) > wanted:
            first = self.strength_days % len(chosen)
            keep = {(first + i) % len(chosen) for i in range(wanted)}
            chosen = [e for i, e in enumerate(chosen) if i in keep]
        at = self._when(d, 18, 40 + rng.randint(0, 10))
        pains = []
        for exercise in chosen:
            pains.append(self._session(d, at, exercise))
            at += timedelta(minutes=rng.randint(5, 9))
        if pains and rng.random() < 0.85:
            self._after_exercise(d, at, max(pains))

    def _session(self, d: int, at: datetime, exercise: ExerciseContent) -> int:
        rng = self.rng
        dosage = exercise.dosage
        bump = self._bump(d)
        sets = dosage.sets - int(bump > 0 or rng.random() < 0.08)
        hold = dosage.hold_s
        if hold is not None and dosage.hold_s == 30 and exercise.daily_ok:
            hold += 5 * min(3, (d - self.phase_day) // 14)  # holds build toward 45 s
        load = None
        if exercise.id in LOADS:
            first, step, most = LOADS[exercise.id]
            began = self.first_lift.setdefault(exercise.id, d)
            load = min(most, first + step * ((d - began) // 14 - int(bump > 0)))
            load = max(first, load)
        pain = min(4, max(0, self._rest(d) + rng.choice((-1, 0, 0, 1)) + min(bump, 2)))
        note = ""
        if bump:
            note = "Eased off after the flare: a set less, lighter."
        elif rng.random() < 0.04:
            note = rng.choice(("Felt strong.", "Slow lowering, 3 s down.", "Short on time."))
        fields = {
            "at": at,
            "exercise": exercise.id,
            "phase": self.phase,
            "sets": max(1, sets),
            "reps": dosage.reps,
            "hold_s": hold,
            "load_kg": load,
            "pain": pain,
            "note": note,
        }
        self.sessions.append(_valid(ExerciseSession, fields, self.today))
        self.training.add(d)
        return pain

    # -- phases --------------------------------------------------------------------------

    def _phase_change(self, d: int) -> None:
        at = self._when(d, 20, 30)
        flare = self.flares.get(d - 1)
        if flare is not None and flare.step_back and self.phase == LAST_PHASE:
            reason = f"Flare after {flare.after}: back to phase 3 loading until it settles."
            self._change(at, self.phase - 1, reason)
        elif self.running.last != d and self._gate_holds(d):
            # Not on a run's day: the app holds a stage for a week from the day of a phase
            # change, that run's included.
            self._change(at, self.phase + 1, "gate passed")
            self.advances.append(d)

    def _change(self, at: datetime, to_phase: int, reason: str) -> None:
        fields = {"at": at, "from_phase": self.phase, "to_phase": to_phase, "reason": reason}
        self.changes.append(_valid(PhaseChange, fields, self.today))
        d = (at.date() - self.start).days
        self.phase, self.phase_day, self.test_day = to_phase, d, d + 1
        self.training = set()
        self.unlocked = False

    def _gate_holds(self, d: int) -> bool:
        """The current phase's exit gate on day `d`, by the story's own numbers."""
        gate = _GATES.get(self.phase)
        if gate is None or d - self.phase_day < MIN_DAYS_IN_PHASE:
            return False
        # No flare in the window, nor in the week before it (a weekly trend reads that far).
        if self._flare_near(d - gate.flare_window - 7 - len(BUMPS), d):
            return False
        week = [self.mornings.get(day) for day in range(d - 6, d + 1)]
        present = [m for m in week if m is not None]
        if sum(m.load_test <= gate.load_max for m in present) < gate.load_days:
            return False
        if gate.rest_mean is not None and (
            not present or sum(m.rest for m in present) / len(present) > gate.rest_mean
        ):
            return False
        if gate.rest_each is not None and (
            len(present) < 7 or any(m.rest > gate.rest_each for m in present)
        ):
            return False
        window = [self.mornings.get(day) for day in range(d - gate.flare_window + 1, d + 1)]
        if any(
            m.rest >= NOT_TOLERATING or m.load_test >= NOT_TOLERATING or m.stiffness > STIFFNESS_MAX
            for m in window
            if m is not None
        ):
            return False
        if len(self.training) < gate.training_days:
            return False
        recent = d - 13
        if gate.sitting_min is not None:
            sat = [minutes for day, minutes in self.sitting if day >= recent]
            if not sat or sat[-1] < gate.sitting_min:
                return False
        if gate.symmetry is not None or gate.bridge_min is not None:
            tested = [(other, injured) for day, other, injured in self.bridges if day >= recent]
            if not tested:
                return False
            other, injured = tested[-1]
            if gate.symmetry is not None and round(100 * injured / other, 1) < gate.symmetry:
                return False
            if gate.bridge_min is not None and min(other, injured) < gate.bridge_min:
                return False
        return gate.walk_min is None or any(
            day > self.phase_day and minutes >= gate.walk_min and pain <= 2
            for day, minutes, pain in self.walks
        )

    # -- running -------------------------------------------------------------------------

    def _unlock(self, d: int) -> None:
        """Once settled into phase 3 the first time, a physio clears running before phase 4."""
        if self.phase != RUN_PHASE - 1 or self.unlocked or self.runs:
            return
        if d - self.phase_day < 3 or self._flare_near(d - 10, d + 1):
            return
        self.unlocked = True
        at = self._when(d, 8, 30)
        fields = {"at": at, "phase": self.phase, "reason": UNLOCK_REASON}
        self.unlocks.append(_valid(RunUnlock, fields, self.today))

    def _run(self, d: int) -> bool:
        rng, state = self.rng, self.running
        if not (self.phase >= RUN_PHASE or self.unlocked) or d < state.not_before:
            return False
        # Not while a flare is in the mornings the run will be judged against.
        if self._flare_near(d - 5 - len(BUMPS), d + 1) or rng.random() < 0.2:
            return False
        if state.held is not None and d >= state.held:
            state.stage, state.passes, state.held = state.stage + 1, 0, None
        if state.last is not None and d - state.last >= 14:
            # Back after weeks off: the person chooses a lower stage by hand.
            state.stage = max(1, state.stage - 3)
            state.passes, state.held = 0, None
        outcome = self._outcome(d)
        stage = self.stages[state.stage]
        self.runs.append(self._session_run(d, stage, outcome))
        state.count += 1
        state.last = d
        state.not_before = d + stage.rest_days + 1
        if outcome == "pass":
            self._passed(d)
        elif outcome in ("red", "flare"):
            state.stage, state.passes = max(1, state.stage - 1), 0
            state.held = None
            state.not_before = max(state.not_before, d + 2)
        if outcome == "flare":
            self.flares[d + 1] = RUN_FLARE
        if outcome == "missed":
            self.skipped.add(d + 1)
        else:
            self.settled.add(d + 1)
        return True

    def _outcome(self, d: int) -> str:
        """How the run goes: 'pass', 'amber' or 'partial' or 'missed' (a repeat), 'red' or
        'flare' (a step back)."""
        can_flare = not self._flare_near(d - 40, d + 40) and d + 1 < self.days
        if self.running.count == FLARE_RUN and can_flare:
            return "flare"
        roll = self.rng.random()
        if roll < 0.02 and can_flare:
            return "flare"
        for outcome, below in (("red", 0.04), ("amber", 0.10), ("partial", 0.14)):
            if roll < below:
                return outcome
        if roll < 0.17 and (d + 1) % 7 != 0:
            return "missed"
        return "pass"

    def _passed(self, d: int) -> None:
        state = self.running
        state.passes += 1
        if state.passes < self.program.passes_to_advance:
            return
        if state.stage >= max(self.stages):
            return  # the program is complete: the last stage goes on
        hold = self.program.hold_after_phase_change_days
        ends = [day + hold for day in self.advances if day <= d]
        if ends and d < max(ends):
            state.held = max(ends)
        else:
            state.stage, state.passes, state.held = state.stage + 1, 0, None

    def _session_run(self, d: int, stage: StageContent, outcome: str) -> RunSession:
        rng = self.rng
        plan = stage.plan()
        at = self._when(d, 17, rng.randint(0, 40))
        completed = outcome != "partial"
        segments: list[dict[str, Any]] = []
        for index, segment in enumerate(plan):
            done = segment.seconds
            if not completed and index >= len(plan) // 2:
                done = rng.randint(30, segment.seconds - 1)
            segments.append({"kind": segment.kind, "planned_s": segment.seconds, "done_s": done})
            if done < segment.seconds:
                break
        timer = rng.random() < 0.85
        pain = {"amber": rng.choice((4, 5)), "red": 6}.get(outcome, rng.choice((0, 1, 1, 2, 2, 3)))
        effort = {"amber": "steady", "red": "hard"}.get(outcome)
        note = {
            "partial": "Stopped early: calf tight, walked home.",
            "red": "Sharp pain near the end; eased walking home. No pop, no bruising.",
            "amber": "Achy in the last runs.",
        }.get(outcome, "" if timer else "Treadmill; logged from the watch.")
        seconds = sum(s["done_s"] for s in segments)
        fields = {
            "at": at,
            "program": self.program.id,
            "stage": stage.stage,
            "completed": completed,
            "seconds_done": seconds,
            "pain_during": pain,
            "effort": effort or rng.choice(("easy", "easy", "easy", "steady")),
            "source": "timer" if timer else "manual",
            "segments": segments if timer else (),
            "note": note,
        }
        run = _valid(RunSession, fields, self.today)
        if rng.random() < 0.85:
            after = {
                "at": at + timedelta(seconds=seconds, minutes=15),
                "context": "after-run",
                "rest": self._rest(d),
                "activity": pain,
            }
            self.pain.append(_valid(PainEntry, after, self.today))
        return run

    # -- red flags ------------------------------------------------------------------------

    def _red_flags(self, d: int) -> None:
        for raised, cleared in NERVE_EPISODES:
            if d == raised:
                fields: Mapping[str, Any] = {
                    "at": self._when(d, 20, 15),
                    "raised": (NERVE,),
                    "reason": NERVE_RAISED,
                }
                self.flags.append(_valid(RedFlagChange, fields, self.today))
            elif d == cleared:
                fields = {
                    "at": self._when(d, 20, 15),
                    "cleared": (NERVE,),
                    "reason": NERVE_CLEARED,
                }
                self.flags.append(_valid(RedFlagChange, fields, self.today))


def _whole(value: float) -> int:
    """Rounded half up (round() rounds half to even, which would make scores wobble)."""
    return math.floor(value + 0.5)


def _at(record: _Timed) -> datetime:
    return record.at


def _marked(record: M, note: str, today: date) -> M:
    """`record` with `note`, marked for the clinician's report."""
    fields = {**record.model_dump(), "note": note, "for_clinician": True}
    return _valid(type(record), fields, today)


def _valid(model: type[M], fields: Mapping[str, Any], today: date) -> M:
    # Checked against the story's last day, not the system's: `now` may be any date. Records
    # later than `now` that day are left out at the end.
    return model.model_validate(fields, context={"today": today})
