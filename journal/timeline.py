"""Every record on one timeline, newest first: what the History screen lists, filters and
searches. Each item is drawn in words from the same rules as the other screens (a check-in's
zone and response, a run's outcome); a day's exercise sessions are one item. No textual."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from itertools import groupby
from typing import TYPE_CHECKING

from content.programs import clock_text
from journal.entry import measures
from store.records import (
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    RedFlagChange,
    RunUnlock,
    Table,
)

if TYPE_CHECKING:
    from journal.journal import Journal


class Kind(StrEnum):
    """The kinds of item, in the order the filter offers them."""

    CHECK_IN = "check-in"
    PAIN = "pain"
    TRAINING = "training"
    RUN = "run"
    PHASE = "phase"
    UNLOCK = "unlock"
    RED_FLAG = "red flag"
    OUTCOME = "outcome"

    @property
    def plural(self) -> str:
        return {
            Kind.CHECK_IN: "check-ins",
            Kind.PAIN: "other pain entries",
            Kind.TRAINING: "training days",
            Kind.RUN: "runs",
            Kind.PHASE: "phase changes",
            Kind.UNLOCK: "running unlocks",
            Kind.RED_FLAG: "red-flag events",
            Kind.OUTCOME: "outcome measures",
        }[self]


@dataclass(frozen=True)
class TimelineItem:
    """One line of the timeline. `table` and `record_ids` say which records it shows (a
    training day holds several sessions); `detail` is everything said about it, notes and
    reasons in full."""

    at: datetime
    kind: Kind
    table: Table
    record_ids: tuple[int, ...]
    summary: str
    detail: str
    tag: str = ""  # a zone or an outcome, for colour: green, amber, red, pass, repeat...
    for_clinician: bool = False

    @property
    def key(self) -> str:
        """Unique among the timeline's items: the table and the first record."""
        return f"{self.table}:{self.record_ids[0]}"

    def matches(self, words: str) -> bool:
        """Whether every word of `words` is in the item's text (case does not matter)."""
        text = f"{self.kind} {self.summary} {self.detail}".casefold()
        return all(word in text for word in words.casefold().split())


@dataclass(frozen=True)
class Timeline:
    """The items, newest first."""

    items: tuple[TimelineItem, ...]

    def only(self, kind: Kind | None, words: str = "") -> Timeline:
        """The items of `kind` (None: every kind) whose text holds `words`."""
        if kind is None and not words.strip():
            return self
        return Timeline(
            tuple(
                item
                for item in self.items
                if (kind is None or item.kind == kind) and (not words or item.matches(words))
            )
        )

    def position_of(self, day: date) -> int | None:
        """The position of the newest item on or before `day` (None: every item is later)."""
        # Newest first: the items after `day` come before the position wanted.
        end = datetime.combine(day, time.max)
        later = bisect_right([-item.at.timestamp() for item in self.items], -end.timestamp())
        return later if later < len(self.items) else None

    def position_of_key(self, key: str) -> int | None:
        return next((i for i, item in enumerate(self.items) if item.key == key), None)


def build_timeline(journal: Journal) -> Timeline:
    """Every record of the journal as items, newest first."""
    items: list[TimelineItem] = [
        *_pain_items(journal),
        *_training_items(journal, journal.store.exercise_sessions()),
        *_run_items(journal),
        *_phase_items(journal.store.phase_changes(), journal),
        *_unlock_items(journal.store.run_unlocks()),
        *_flag_items(journal.store.red_flag_history(), journal),
        *_outcome_items(journal.outcomes()),
    ]
    # Newest first; within the same minute, in the order of the kinds above, reversed.
    items.sort(key=lambda item: item.at, reverse=True)
    return Timeline(tuple(items))


def _note(text: str) -> str:
    return f"Note: {text}" if text else ""


def _joined(*parts: str) -> str:
    return "  ".join(part for part in parts if part)


def _pain_items(journal: Journal) -> Iterable[TimelineItem]:
    pairs = journal.pain_entries()
    judgements = journal.judge_all([entry for _, entry in pairs])
    for (record_id, entry), judgement in zip(pairs, judgements, strict=True):
        scores = _scores(entry)
        marked = " (for my physio)" if entry.for_clinician else ""
        # The verdict first: a narrow table cuts the end of the line.
        zone = judgement.zone.colour
        if entry.context == "morning":
            response = judgement.response.value if judgement.response else ""
            summary = f"{zone}" + (f", {response}" if response else "") + f": {scores}"
            kind = Kind.CHECK_IN
        else:
            summary = f"{zone}: {entry.context}, {scores}"
            kind = Kind.PAIN
        yield TimelineItem(
            at=entry.at,
            kind=kind,
            table=Table.PAIN,
            record_ids=(record_id,),
            summary=summary,
            detail=_joined(judgement.line, _note(entry.note) + marked),
            tag=judgement.zone.colour,
            for_clinician=entry.for_clinician,
        )


def _scores(entry: PainEntry) -> str:
    parts = [f"rest {entry.rest}"]
    if entry.load_test is not None:
        parts.append(f"load {entry.load_test}")
    if entry.activity is not None:
        parts.append(f"activity {entry.activity}")
    return ", ".join([*parts, *measures(entry)])


def _training_items(
    journal: Journal, sessions: Sequence[tuple[int, ExerciseSession]]
) -> Iterable[TimelineItem]:
    known = {exercise.id: exercise.name for exercise in journal.library.exercises}

    def name_of(session: ExerciseSession) -> str:
        return known.get(session.exercise, session.exercise)

    for _, day_pairs in groupby(sessions, key=lambda pair: pair[1].at.date()):
        pairs = list(day_pairs)
        names = []
        for _, session in pairs:
            name = name_of(session)
            amount = f"{session.sets}x{session.reps}" if session.reps else f"{session.sets} sets"
            if session.hold_s:
                amount = f"{session.sets}x{session.hold_s}s"
            pain = f", pain {session.pain}" if session.pain is not None else ""
            names.append(f"{name} {amount}{pain}")
        sets = sum(session.sets for _, session in pairs)
        phases = sorted({session.phase for _, session in pairs})
        notes = [
            f"{name_of(s)}: {s.note}" + (" (for my physio)" if s.for_clinician else "")
            for _, s in pairs
            if s.note
        ]
        count = len(pairs)
        yield TimelineItem(
            at=pairs[-1][1].at,
            kind=Kind.TRAINING,
            table=Table.EXERCISE_SESSIONS,
            record_ids=tuple(record_id for record_id, _ in pairs),
            summary=(
                f"phase {'/'.join(map(str, phases))}: {count} exercise"
                f"{'' if count == 1 else 's'}, {sets} sets"
            ),
            detail=_joined("; ".join(names), *(_note(note) for note in notes)),
            for_clinician=any(s.for_clinician for _, s in pairs),
        )


# How a run came in, in words (a run logged by hand says nothing).
SOURCES = {"timer": "(timed in sitbone)", "import": "(imported from a watch file)"}


def _run_items(journal: Journal) -> Iterable[TimelineItem]:
    runs, programs = journal.runs(), journal.programs
    verdicts = {}
    for program_id in {run.program for _, run in runs}:
        if programs.get(program_id) is not None:
            verdicts.update(journal.running(program_id).verdicts)
    for record_id, run in runs:
        verdict = verdicts.get(record_id)
        done = "completed" if run.completed else "partial"
        summary = f"{verdict.outcome.label}: " if verdict else ""
        summary += f"stage {run.stage}, {done} {clock_text(run.seconds_done)}"
        if run.pain_during is not None:
            summary += f", pain {run.pain_during}"
        if run.effort:
            summary += f", {run.effort}"
        outcome = f"{verdict.outcome.label}: {verdict.reason}" if verdict else ""
        program = programs.get(run.program)
        marked = " (for my physio)" if run.for_clinician else ""
        yield TimelineItem(
            at=run.at,
            kind=Kind.RUN,
            table=Table.RUNS,
            record_ids=(record_id,),
            summary=summary,
            detail=_joined(
                program.name if program else run.program,
                SOURCES.get(run.source, ""),
                outcome,
                _note(run.note) + marked,
            ),
            tag=verdict.outcome.name.lower() if verdict else "",
            for_clinician=run.for_clinician,
        )


def _phase_items(
    changes: Sequence[tuple[int, PhaseChange]], journal: Journal
) -> Iterable[TimelineItem]:
    names = {phase.number: phase.name for phase in journal.library.phases}
    for record_id, change in changes:
        if change.to_phase < change.from_phase:
            how = "stepped back"
        elif change.overridden:
            how = "advanced by override"
        else:
            how = "advanced, gate passed"
        yield TimelineItem(
            at=change.at,
            kind=Kind.PHASE,
            table=Table.PHASE_HISTORY,
            record_ids=(record_id,),
            summary=f"phase {change.from_phase} → {change.to_phase}: {how}",
            detail=_joined(
                f"Now: {names.get(change.to_phase, '')}.",
                f"Reason: {change.reason}" if change.reason else "",
            ),
            tag="red" if how == "stepped back" else "",
        )


def _unlock_items(unlocks: Sequence[tuple[int, RunUnlock]]) -> Iterable[TimelineItem]:
    for record_id, unlock in unlocks:
        yield TimelineItem(
            at=unlock.at,
            kind=Kind.UNLOCK,
            table=Table.RUN_UNLOCKS,
            record_ids=(record_id,),
            summary=f"running unlocked in phase {unlock.phase}",
            detail=f"Reason: {unlock.reason}",
        )


def _flag_items(
    changes: Sequence[tuple[int, RedFlagChange]], journal: Journal
) -> Iterable[TimelineItem]:
    names = {flag.id: flag.short for flag in journal.library.red_flags}
    for record_id, change in changes:
        flags = change.raised or change.cleared
        listed = ", ".join(names.get(flag, flag) for flag in flags)
        if change.raised:
            summary, tag = f"raised: {listed}", "red"
        else:
            summary, tag = f"cleared by a clinician: {listed}", "green"
        yield TimelineItem(
            at=change.at,
            kind=Kind.RED_FLAG,
            table=Table.RED_FLAG_HISTORY,
            record_ids=(record_id,),
            summary=summary,
            detail=f"Reason: {change.reason}" if change.reason else listed,
            tag=tag,
        )


def _outcome_items(measures: Sequence[tuple[int, OutcomeMeasure]]) -> Iterable[TimelineItem]:
    for record_id, measure in measures:
        if measure.kind == "visa-h":
            summary = f"VISA-H {measure.score}/100"
        else:
            summary = f"sitting test: {measure.sitting_min} min on a {measure.chair} chair"
        yield TimelineItem(
            at=measure.at,
            kind=Kind.OUTCOME,
            table=Table.OUTCOMES,
            record_ids=(record_id,),
            summary=summary,
            detail=_note(measure.note),
        )
