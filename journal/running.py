"""The person's place in the return to running, read from the store and the programs: which
program, the sessions so far and how each went, the suggested next session, and whether
running is unlocked. Shared by the CLI, the Run screen and the Dashboard; no textual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from content.loader import Library
from content.programs import ProgramCatalog, RunProgram, clock_text
from journal.program import load_tests
from journal.safety import refused
from rules.advice import mornings
from rules.run import NextRun, RunFacts, RunVerdict, next_run, progress
from rules.summary import current_phase
from store.records import PhaseChange, RunSession, RunUnlock
from store.repository import Store

RUN_PHASE = 4


@dataclass(frozen=True)
class RunState:
    program: RunProgram
    runs: list[tuple[int, RunSession]]  # this program's sessions, oldest first
    verdicts: dict[int, RunVerdict]  # by run id
    next: NextRun
    phase: int
    unlock: RunUnlock | None  # the override in force before phase 4, if any
    # The person runs now: running is monitored from day one rather than stopped.
    runs_now: bool = False
    # Why no run may start (an open red flag), if so.
    refusal: str | None = None

    @property
    def unlocked(self) -> bool:
        return self.phase >= RUN_PHASE or self.unlock is not None or self.runs_now

    @property
    def monitored(self) -> bool:
        """Running before phase 4 because the person runs now, not by an override."""
        return self.phase < RUN_PHASE and self.unlock is None and self.runs_now


def describe_run(run: RunSession) -> str:
    """e.g. 'stage 2, completed 34:00, pain 2/10, easy'."""
    parts = [
        f"stage {run.stage}",
        f"{'completed' if run.completed else 'partial'} {clock_text(run.seconds_done)}",
    ]
    if run.pain_during is not None:
        parts.append(f"pain {run.pain_during}/10")
    if run.effort is not None:
        parts.append(run.effort)
    return ", ".join(parts)


def facts(run: RunSession) -> RunFacts:
    return RunFacts(run.at, run.stage, run.completed, run.pain_during)


def current_program(all_runs: list[tuple[int, RunSession]], catalog: ProgramCatalog) -> RunProgram:
    """The program of the latest run, if it is still available; else the built-in one."""
    for _, run in reversed(all_runs):
        program = catalog.get(run.program)
        if program is not None:
            return program
    return catalog.default


def unlock_in_force(store: Store, phase: int) -> RunUnlock | None:
    """An override given in the current phase (a phase change, even a step back, ends it)."""
    changes = [change for _, change in store.phase_changes()]
    started = changes[-1].at if changes else None
    for _, unlock in reversed(store.run_unlocks()):
        if unlock.phase == phase and (started is None or unlock.at >= started):
            return unlock
    return None


def advances(changes: list[PhaseChange]) -> list[date]:
    """The days the phase moved up: running holds its stage for a while after each."""
    return [change.at.date() for change in changes if change.to_phase > change.from_phase]


def run_state(
    store: Store,
    library: Library,
    catalog: ProgramCatalog,
    today: date,
    program_id: str | None = None,
) -> RunState:
    all_runs = store.runs()
    program = (catalog.get(program_id) if program_id else None) or current_program(
        all_runs, catalog
    )
    runs = [(i, run) for i, run in all_runs if run.program == program.id]
    limits = library.pain_model.thresholds()
    changes = [change for _, change in store.phase_changes()]
    morning_list = mornings(
        [entry for _, entry in store.pain_entries()], load_tests(library, changes)
    )
    judged = progress(
        [facts(run) for _, run in runs],
        program.stage_plans(),
        morning_list,
        today,
        program.passes_to_advance,
        limits,
        advances(changes),
        program.hold_after_phase_change_days,
    )
    verdicts = {i: verdict for (i, _), verdict in zip(runs, judged.verdicts, strict=True)}
    phase = current_phase(changes)
    unlock = None if phase >= RUN_PHASE else unlock_in_force(store, phase)
    profile = store.profile()
    return RunState(
        program,
        runs,
        verdicts,
        judged.next,
        phase,
        unlock,
        runs_now=bool(profile and profile.runs_now),
        refusal=refused(store, library, "Starting a run"),
    )


def too_soon(
    store: Store, library: Library, state: RunState, run: RunSession, today: date
) -> str | None:
    """The too-soon warning for `run`: the program's suggestion as it stood on the run's day,
    from the runs and morning check-ins up to it. For a run logged today after the others it
    is `state.next`; a run logged for an earlier day is judged on what came before it only."""
    day = run.at.date()
    latest = all(existing.at <= run.at for _, existing in state.runs)
    if latest and day == today:
        return state.next.too_soon(day)
    earlier = [facts(existing) for _, existing in state.runs if existing.at <= run.at]
    changes = [change for _, change in store.phase_changes()]
    tests = load_tests(library, changes)
    checks = [m for m in mornings([e for _, e in store.pain_entries()], tests) if m.day <= day]
    upcoming = next_run(
        earlier,
        state.program.stage_plans(),
        checks,
        day,
        state.program.passes_to_advance,
        library.pain_model.thresholds(),
        advances(changes),
        state.program.hold_after_phase_change_days,
    )
    return upcoming.too_soon(day)
