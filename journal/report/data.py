"""What the clinician report says, gathered from the journal for a period of weeks ending today.
Every verdict, gate, zone and run outcome comes from the rules the screens use; this module
only reads them and keeps what falls in the period. No textual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from journal.program import since
from journal.safety import known_flag, open_flags, opened_on, urgency_words
from rules.advice import mornings_between
from rules.gates import GateResult
from rules.pain import Morning, MorningHistory, PainThresholds, reach
from rules.run import NextRun, Outcome
from rules.trends import BridgePoint, SittingPoint, bridge_trend, sitting_trend
from rules.week import WeekReview, week_start
from store.records import ExerciseSession, OutcomeMeasure, PainEntry, Side

if TYPE_CHECKING:
    from journal.journal import Journal

MAX_WEEKS = 26  # half a year: its weekly table still fits the report's two pages


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # today
    weeks: int

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class OpenFlag:
    title: str
    urgency: str  # in words, e.g. "urgent: see a doctor within days"
    action: str
    since: datetime | None


@dataclass(frozen=True)
class FlagChange:
    at: datetime
    raised: bool  # else cleared
    flags: tuple[str, ...]  # the flags' short names
    reason: str


@dataclass(frozen=True)
class Person:
    side: Side
    onset: date
    weeks_since_onset: int
    running: str  # how the person runs now, from the data (see reports.running_now)


@dataclass(frozen=True)
class PhaseNow:
    number: int
    name: str
    since: date
    day_in_phase: int
    gate: GateResult | None  # None in the last phase
    warning: str | None  # flare or worsening advice of today or yesterday


@dataclass(frozen=True)
class PhaseEvent:
    """A phase change, or running unlocked before phase 4: what moved and why."""

    at: datetime
    kind: str  # "gate passed", "override", "step back" or "running unlocked"
    from_phase: int
    to_phase: int
    reason: str

    @property
    def stepped_back(self) -> bool:
        return self.to_phase < self.from_phase


@dataclass(frozen=True)
class RunMark:
    day: date
    outcome: Outcome | None  # None: its program is no longer available to judge it


@dataclass(frozen=True)
class PainChart:
    """Morning rest pain and load test over the period, with what happened on the way."""

    period: Period
    mornings: list[Morning]  # the latest check-in of each day in the period
    flares: list[date]
    worsening: list[date]
    phases: list[PhaseEvent]  # phase changes in the period
    runs: list[RunMark]
    limits: PainThresholds


@dataclass(frozen=True)
class RunRow:
    at: datetime
    program: str
    stage: int
    seconds_done: int
    completed: bool
    pain: int | None
    effort: str | None
    outcome: Outcome | None
    reason: str  # the Run screen's words for the outcome


@dataclass(frozen=True)
class RunProgress:
    rows: list[RunRow]  # the period's runs, oldest first
    program: str  # the current program's name
    next: NextRun | None  # the suggested next session (None: running is not under way)


@dataclass(frozen=True)
class ClinicianNote:
    at: datetime
    source: str  # e.g. "pain entry (morning)", "exercise: Glute bridge", "run"
    facts: str  # what the record says besides its note, e.g. "rest 3/10, load test 4/10"
    text: str  # the runner's note (may be empty: the record itself was marked)


@dataclass(frozen=True)
class MeasureRow:
    """An outcome measure in the Outcomes screen's words."""

    at: datetime
    kind: str  # "visa-h" or "sitting"
    words: str  # e.g. "VISA-H 62/100", "sitting test: 35 min on a hard chair"
    week: int | None  # the schedule's week it counts for
    note: str


@dataclass(frozen=True)
class ClinicianReport:
    made: datetime
    period: Period
    person: Person | None  # None: no profile yet
    open_flags: list[OpenFlag]
    flag_history: list[FlagChange]  # the whole history, oldest first
    phase: PhaseNow
    timeline: list[PhaseEvent]  # the whole history, oldest first
    chart: PainChart
    weeks: list[WeekReview]  # oldest first
    bridges: list[BridgePoint]
    sitting: list[SittingPoint]  # from pain entries
    outcomes: list[MeasureRow]  # VISA-H and sitting tests: the period's, and each kind's first
    runs: RunProgress
    notes: list[ClinicianNote]  # marked for the clinician, in the period, oldest first


def clinician_report(journal: Journal, weeks: int) -> ClinicianReport:
    """The report of the last `weeks` weeks (1 to MAX_WEEKS, else ValueError), ending with the
    week holding today; weeks begin as the settings say (SettingsError if they cannot be
    read), so the chart and the weekly table cover the same days."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"a report covers 1 to {MAX_WEEKS} weeks, not {weeks}")
    today = journal.today()
    reviews = journal.weekly_review(weeks)
    # The weeks reviewed: fewer than asked while the journal is younger.
    first = week_start(today, journal.settings().first_weekday()) - timedelta(weeks=weeks - 1)
    period = Period(max([first, *(week.start for week in reviews[:1])]), today, len(reviews))
    limits = journal.limits
    # The period's entries and the weeks before it that its first verdicts read.
    entries = [entry for _, entry in journal.pain_entries(since=period.first - reach(limits))]
    profile = journal.profile()
    injured: Side = profile.injured_side if profile else "both"
    timeline = _timeline(journal)
    runs = _runs(journal, period)
    return ClinicianReport(
        made=journal.now(),
        period=period,
        person=_person(journal, today),
        open_flags=_open_flags(journal),
        flag_history=_flag_history(journal),
        phase=_phase_now(journal),
        timeline=timeline,
        chart=_chart(journal, entries, period, timeline, runs.rows),
        weeks=reviews,
        bridges=bridge_trend(entries, injured, period.first, period.last),
        sitting=sitting_trend(entries, period.first, period.last),
        outcomes=_outcomes(journal, period),
        runs=runs,
        notes=_notes(journal, entries, period),
    )


def _person(journal: Journal, today: date) -> Person | None:
    from journal.reports import running_now

    profile = journal.profile()
    if profile is None:
        return None
    return Person(
        side=profile.injured_side,
        onset=profile.symptoms_began,
        weeks_since_onset=(today - profile.symptoms_began).days // 7,
        running=running_now(profile, journal.runs(), today),
    )


def _open_flags(journal: Journal) -> list[OpenFlag]:
    history = journal.red_flag_history()
    return [
        OpenFlag(flag.title, urgency_words(flag), flag.action, opened_on(history, flag.id))
        for flag in open_flags(journal.profile(), journal.library)
    ]


def _flag_history(journal: Journal) -> list[FlagChange]:
    changes = []
    for change in journal.red_flag_history():
        ids = change.raised or change.cleared
        names = tuple(known_flag(journal.library, flag_id).short for flag_id in ids)
        changes.append(FlagChange(change.at, bool(change.raised), names, change.reason))
    return changes


def _phase_now(journal: Journal) -> PhaseNow:
    state = journal.program()
    return PhaseNow(
        number=state.phase.number,
        name=state.phase.name,
        since=state.since,
        day_in_phase=state.day_in_phase,
        gate=state.gate,
        warning=state.flare_advice(journal.limits),
    )


def _timeline(journal: Journal) -> list[PhaseEvent]:
    events = []
    for change in journal.phase_changes():
        kind = (
            "step back"
            if change.to_phase < change.from_phase
            else "override"
            if change.overridden
            else "gate passed"
        )
        events.append(
            PhaseEvent(change.at, kind, change.from_phase, change.to_phase, change.reason)
        )
    # Running before phase 4 is an override too (the journal has no reader of its own for it).
    for _, unlock in journal.store.run_unlocks():
        events.append(
            PhaseEvent(unlock.at, "running unlocked", unlock.phase, unlock.phase, unlock.reason)
        )
    return sorted(events, key=lambda event: event.at)


def _chart(
    journal: Journal,
    entries: list[PainEntry],
    period: Period,
    timeline: list[PhaseEvent],
    runs: list[RunRow],
) -> PainChart:
    limits = journal.limits
    # As the Pain screen's trend: verdicts read the weeks before the period's first day.
    checks = mornings_between(
        entries, period.first - reach(limits), period.last, journal.load_tests()
    )
    history = MorningHistory(checks, limits)
    flares, worsening = history.blocking_days(period.first, period.last)
    return PainChart(
        period=period,
        mornings=history.between(period.first, period.last),
        flares=flares,
        worsening=worsening,
        phases=[
            event
            for event in timeline
            if event.kind != "running unlocked" and period.holds(event.at.date())
        ],
        runs=[RunMark(row.at.date(), row.outcome) for row in runs],
        limits=limits,
    )


def _runs(journal: Journal, period: Period) -> RunProgress:
    start = datetime.combine(period.first, time.min)
    chosen = [(i, run) for i, run in journal.runs() if run.at >= start]
    verdicts = {}
    names = {}
    for program_id in {run.program for _, run in chosen}:
        program = journal.programs.get(program_id)
        if program is not None:
            verdicts.update(journal.running(program_id).verdicts)
            names[program_id] = program.name
    rows = []
    for record_id, run in chosen:
        verdict = verdicts.get(record_id)
        rows.append(
            RunRow(
                at=run.at,
                program=names.get(run.program, run.program),
                stage=run.stage,
                seconds_done=run.seconds_done,
                completed=run.completed,
                pain=run.pain_during,
                effort=run.effort,
                outcome=verdict.outcome if verdict else None,
                reason=verdict.reason if verdict else "its program is no longer available",
            )
        )
    state = journal.running()
    under_way = bool(state.runs) or state.unlocked
    return RunProgress(rows, state.program.name, state.next if under_way else None)


def _outcomes(journal: Journal, period: Period) -> list[MeasureRow]:
    """The period's measures, and the first of each kind if before it (the baseline)."""
    from journal.outcomes import describe_measure, outcome_report

    settings = journal.library.outcomes
    taken = outcome_report(journal.profile(), journal.outcomes(), period.last, settings).taken
    firsts: dict[str, OutcomeMeasure] = {}
    for _, measure, _ in taken:
        firsts.setdefault(measure.kind, measure)
    return sorted(
        (
            MeasureRow(
                measure.at, measure.kind, describe_measure(measure, settings), week, measure.note
            )
            for _, measure, week in taken
            if period.holds(measure.at.date()) or firsts[measure.kind] is measure
        ),
        key=lambda row: row.at,
    )


def _notes(journal: Journal, entries: list[PainEntry], period: Period) -> list[ClinicianNote]:
    from journal.reports import describe_pain
    from journal.running import describe_run

    start = datetime.combine(period.first, time.min)
    notes = [
        ClinicianNote(
            entry.at, f"pain entry ({entry.context})", _after_time(describe_pain(entry)), entry.note
        )
        for entry in entries
        if entry.for_clinician and entry.at >= start
    ]
    for _, session in since(journal.program().sessions, start):
        if session.for_clinician and session.at >= start:
            exercise = journal.library.exercise(session.exercise)
            name = exercise.name if exercise else session.exercise
            notes.append(
                ClinicianNote(session.at, f"exercise: {name}", _session(session), session.note)
            )
    for _, run in journal.runs():
        if run.for_clinician and run.at >= start:
            notes.append(ClinicianNote(run.at, "run", describe_run(run), run.note))
    return sorted(notes, key=lambda note: note.at)


def _after_time(described: str) -> str:
    """describe_pain's words without its leading date, time and context (shown apart)."""
    return described.split(", ", 1)[1] if ", " in described else described


def _session(session: ExerciseSession) -> str:
    amount = f" x {session.reps} reps" if session.reps else ""
    amount = f" x {session.hold_s} s" if session.hold_s else amount
    parts = [f"phase {session.phase}, {session.sets} sets{amount}"]
    if session.load_kg is not None:
        parts.append(f"{session.load_kg:g} kg")
    if session.pain is not None:
        parts.append(f"pain {session.pain}/10")
    return ", ".join(parts)
