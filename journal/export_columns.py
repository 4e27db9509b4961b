"""The columns a person reads in the CSV export, written after the stored ones: the date and
time apart, names from the content and the run programs, and the app's own judgements (the
pain zone and 24-hour response, a run's outcome). No textual.

Each table's values are worked out once for the whole table, by the same rules the screens
use (`Journal.judge_all`, `Journal.running`), and looked up by record id as rows are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from journal.safety import known_flag
from rules.advice import Judgement
from rules.run import RunVerdict
from store.records import (
    ExerciseSession,
    PainEntry,
    PhaseChange,
    RedFlagChange,
    RunSession,
    RunUnlock,
    Table,
)

if TYPE_CHECKING:
    from journal.journal import Journal

Cells = list[object]
WHEN = ("date", "time")


@dataclass(frozen=True)
class ReadableColumns:
    """A table's added columns, and their values by record id."""

    names: tuple[str, ...]
    by_id: dict[int, Cells] = field(default_factory=dict)

    def cells(self, record_id: int) -> Cells:
        # A record written between reading its table and reading the records gets blanks.
        return self.by_id.get(record_id, [None] * len(self.names))


def when(at: datetime) -> Cells:
    return [at.date(), f"{at:%H:%M}"]


def phase_change_kind(change: PhaseChange) -> str:
    """'step back' to an earlier phase, 'override' past an unmet gate, else 'advance'."""
    if change.to_phase < change.from_phase:
        return "step back"
    return "override" if change.overridden else "advance"


def minutes(seconds: int) -> float | int:
    """Minutes to a tenth, whole ones without a decimal: 2040 s is 34, 2045 s is 34.1."""
    tenths = round(seconds / 60, 1)
    return int(tenths) if tenths.is_integer() else tenths


def pain_columns(journal: Journal) -> ReadableColumns:
    pairs = journal.pain_entries()
    judgements = journal.judge_all([entry for _, entry in pairs])

    def row(entry: PainEntry, judged: Judgement) -> Cells:
        response = judged.response.value if judged.response is not None else None
        return [*when(entry.at), judged.zone.colour, response, judged.line]

    return ReadableColumns(
        (*WHEN, "zone", "response", "verdict"),
        {
            record_id: row(entry, judged)
            for (record_id, entry), judged in zip(pairs, judgements, strict=True)
        },
    )


def session_columns(journal: Journal) -> ReadableColumns:
    exercises = {exercise.id: exercise.name for exercise in journal.library.exercises}
    phases = phase_names(journal)

    def row(session: ExerciseSession) -> Cells:
        return [*when(session.at), exercises.get(session.exercise), phases.get(session.phase)]

    return ReadableColumns(
        (*WHEN, "exercise_name", "phase_name"),
        {record_id: row(session) for record_id, session in journal.store.exercise_sessions()},
    )


def run_columns(journal: Journal) -> ReadableColumns:
    runs = journal.runs()
    catalog = journal.programs
    # The Run screen judges a program's sessions together; a program no longer in the
    # catalog has no stages to judge by, so its runs get no outcome.
    verdicts: dict[int, RunVerdict] = {}
    for program_id in dict.fromkeys(run.program for _, run in runs):
        if catalog.get(program_id) is not None:
            verdicts.update(journal.running(program_id).verdicts)

    def row(record_id: int, run: RunSession) -> Cells:
        program = catalog.get(run.program)
        verdict = verdicts.get(record_id)
        return [
            *when(run.at),
            program.name if program is not None else None,
            verdict.outcome.label if verdict is not None else None,
            verdict.reason if verdict is not None else None,
            minutes(run.seconds_done),
        ]

    return ReadableColumns(
        (*WHEN, "program_name", "outcome", "outcome_reason", "minutes"),
        {record_id: row(record_id, run) for record_id, run in runs},
    )


def phase_change_columns(journal: Journal) -> ReadableColumns:
    phases = phase_names(journal)

    def row(change: PhaseChange) -> Cells:
        return [
            *when(change.at),
            phases.get(change.from_phase),
            phases.get(change.to_phase),
            phase_change_kind(change),
        ]

    return ReadableColumns(
        (*WHEN, "from_phase_name", "to_phase_name", "kind"),
        {record_id: row(change) for record_id, change in journal.store.phase_changes()},
    )


def run_unlock_columns(journal: Journal) -> ReadableColumns:
    phases = phase_names(journal)

    def row(unlock: RunUnlock) -> Cells:
        return [*when(unlock.at), phases.get(unlock.phase)]

    return ReadableColumns(
        (*WHEN, "phase_name"),
        {record_id: row(unlock) for record_id, unlock in journal.store.run_unlocks()},
    )


def red_flag_columns(journal: Journal) -> ReadableColumns:
    def names(ids: tuple[str, ...]) -> list[str]:
        # The short name the app lists flags by; a flag the content dropped keeps its id.
        return [known_flag(journal.library, flag_id).short for flag_id in ids]

    def row(change: RedFlagChange) -> Cells:
        return [*when(change.at), names(change.raised), names(change.cleared)]

    return ReadableColumns(
        (*WHEN, "raised_names", "cleared_names"),
        {record_id: row(change) for record_id, change in journal.store.red_flag_history()},
    )


def outcome_columns(journal: Journal) -> ReadableColumns:
    return ReadableColumns(
        WHEN, {record_id: when(measure.at) for record_id, measure in journal.outcomes()}
    )


def phase_names(journal: Journal) -> dict[int, str]:
    return {phase.number: phase.name for phase in journal.library.phases}


READABLE_COLUMNS: dict[Table, Callable[[Journal], ReadableColumns]] = {
    Table.PAIN: pain_columns,
    Table.EXERCISE_SESSIONS: session_columns,
    Table.RUNS: run_columns,
    Table.PHASE_HISTORY: phase_change_columns,
    Table.RUN_UNLOCKS: run_unlock_columns,
    Table.RED_FLAG_HISTORY: red_flag_columns,
    Table.OUTCOMES: outcome_columns,
}


def readable_columns(journal: Journal, kind: Table) -> ReadableColumns:
    """The added columns of table `kind` (none for a table without any)."""
    build = READABLE_COLUMNS.get(kind)
    return build(journal) if build is not None else ReadableColumns(())
