"""The application: one reader and one writer for both front-ends. The command line and the
screens ask it for what to show and ask it to do things; it builds the records, applies the
rules that allow or refuse an action, writes through the store and returns the change (for
undo). It also knows when another process changed the file underneath it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from content.loader import Library, load_library
from content.models import Exercise
from content.programs import ProgramCatalog, RunProgram, load_catalog
from journal.entry import PAST_DAY_TIME
from journal.outcomes import OutcomeReport, due_today, outcome_report
from journal.program import ProgramState, done_on, load_tests, program_state
from journal.reports import day_summary, export_json, running_now, status_json, status_text
from journal.run_session import RunController
from journal.running import RunState, current_program, run_state, too_soon
from journal.safety import (
    avulsion_question,
    clear_flags,
    open_flags,
    profile_json,
    raise_flags,
    refused,
)
from rules.advice import Judgement, LoadTests, judge, judge_all
from rules.outcomes import DueMeasure
from rules.pain import PainThresholds, reach
from rules.summary import DaySummary, current_phase, phase_on
from store.changes import Change
from store.home import Home
from store.records import (
    ActiveRun,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Profile,
    Record,
    RedFlagChange,
    RunSession,
    RunUnlock,
)
from store.repository import Store
from store.settings import Settings, load_settings
from store.storage import write_private_file

if TYPE_CHECKING:  # loaded when first asked for: start-up needs none of them
    from journal.due import Due
    from journal.timeline import Timeline
    from rules.week import WeekReview
    from store.demo import DemoData

Clock = Callable[[], datetime]
FIRST_PHASE, LAST_PHASE = 1, 4
MAX_SETS = 50


class Refused(Exception):
    """An action the rules do not allow now; the message says why and what to do."""


T = TypeVar("T")


@dataclass
class Journal:
    home: Home
    clock: Clock
    store: Store
    library: Library
    _programs: ProgramCatalog | None = field(default=None, repr=False)
    # Answers worked out from the whole history, while the file and the day stay the same:
    # several cards and screens ask for them in one redraw.
    _known: dict[tuple[object, ...], tuple[object, object]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def open(
        cls,
        home: Home,
        clock: Clock = datetime.now,
        library: Library | None = None,
        lock_timeout: float | None = None,
        programs: ProgramCatalog | None = None,
    ) -> Journal:
        """The journal of `home`, its data checked (DataFileError, StoreFault if it cannot be
        trusted) and its content loaded (ContentError). `programs` is the run catalog when the
        caller has read it already (the command line reads it first, to name bad files)."""
        store = Store(home, clock) if lock_timeout is None else Store(home, clock, lock_timeout)
        journal = cls(home, clock, store, library or load_library(), programs)
        store.check()
        return journal

    def mark_later(self) -> None:
        """Leave the mark of checked content (see Store.leave_mark) only when asked to by
        settle(), not at each write: for the app, which has moments between key presses."""
        self.store.marks_later = True

    def settle(self) -> None:
        """Do what was put off for later: vouch for what was last written."""
        self.store.leave_mark()

    def check_thoroughly(self) -> None:
        """Validate every record of the file (DataFileError if one is not valid), trusting
        nothing remembered from earlier reads."""
        self.store.check(thorough=True)

    # -- time and settings ------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def today(self) -> date:
        return self.clock().date()

    @property
    def limits(self) -> PainThresholds:
        return self.library.pain_model.thresholds()

    @property
    def programs(self) -> ProgramCatalog:
        """Run programs: the built-in one and the custom files in the home's programs/."""
        if self._programs is None:
            self._programs = load_catalog(self.home.programs_dir)
        return self._programs

    def reload_programs(self) -> ProgramCatalog:
        self._programs = None
        return self.programs

    # -- reading ----------------------------------------------------------------------------

    def profile(self) -> Profile | None:
        return self.store.profile()

    def pain_entries(self, since: date | None = None) -> list[tuple[int, PainEntry]]:
        """(id, entry) pairs, oldest first; with `since`, of that day and later only."""
        return self.store.pain_entries(since)

    def phase_changes(self) -> list[PhaseChange]:
        return [change for _, change in self.store.phase_changes()]

    def runs(self) -> list[tuple[int, RunSession]]:
        return self.store.runs()

    def red_flag_history(self) -> list[RedFlagChange]:
        return [change for _, change in self.store.red_flag_history()]

    def outcomes(self) -> list[tuple[int, OutcomeMeasure]]:
        return self.store.outcomes()

    def due_outcomes(self) -> list[DueMeasure]:
        """The outcome measures due today, each with its week (rules/outcomes.py says when)."""
        measures = [measure for _, measure in self.outcomes()]
        return due_today(self.profile(), measures, self.today(), self.library.outcomes)

    def outcome_report(self) -> OutcomeReport:
        """The measures taken, what is due today and the next point of the schedule."""
        return outcome_report(self.profile(), self.outcomes(), self.today(), self.library.outcomes)

    def settings(self) -> Settings:
        """settings.yaml as it is now (defaults when there is none); SettingsError when it
        cannot be read."""
        return load_settings(self.home.settings_file)

    def day_summary(self) -> DaySummary:
        return day_summary(self.store, self.today())

    def running_words(self, profile: Profile) -> str:
        """How the person runs, from the data: the stage of recent runs, or the profile."""
        return running_now(profile, self.runs(), self.today())

    def load_tests(self) -> LoadTests:
        return load_tests(self.library, self.phase_changes())

    def program(self) -> ProgramState:
        """Where the person stands in the exercise program today."""
        today = self.today()
        return self._worked_out(
            ("program", today), lambda: program_state(self.store, self.library, today)
        )

    def running(self, program_id: str | None = None) -> RunState:
        """Where the person stands in the return to running today."""
        today, programs = self.today(), self.programs
        return self._worked_out(
            ("running", today, program_id, id(programs)),
            lambda: run_state(self.store, self.library, programs, today, program_id),
        )

    def weekly_review(self, weeks: int) -> list[WeekReview]:
        """The last `weeks` weeks' reviews, oldest first (see journal.week.weekly_review)."""
        from journal.week import weekly_review

        # The settings and the run programs are not in the data file: part of the question.
        start = self.settings().first_weekday()
        question = ("week", self.today(), weeks, start, id(self.programs))
        return self._worked_out(question, lambda: weekly_review(self, weeks))

    def due(self) -> Due:
        """What today still needs, now (see journal.due.what_is_due)."""
        from journal.due import what_is_due

        return what_is_due(self)

    def timeline(self) -> Timeline:
        """Every record on one timeline, newest first (the History screen)."""
        from journal.timeline import build_timeline

        return self._worked_out(("timeline", self.today()), lambda: build_timeline(self))

    def _worked_out(self, question: tuple[object, ...], work: Callable[[], T]) -> T:
        """The answer to `question`, worked out again only when the file has changed."""
        content = self.store.content()
        known = self._known.get(question)
        if known is not None and known[0] == content:
            return known[1]  # type: ignore[return-value]  # stored by this method as a T
        answer = work()
        self._known[question] = (content, answer)
        return answer

    def current_program(self) -> RunProgram:
        """The program of the latest run, or the default one."""
        return current_program(self.runs(), self.programs)

    def too_soon(self, run: RunSession, state: RunState) -> str | None:
        """The warning for `run` when the program would not have suggested it on its day."""
        return too_soon(self.store, self.library, state, run, self.today())

    def status(self) -> dict[str, Any]:
        """Profile, phase and today's summary, as a document."""
        return status_json(self.store, self.today())

    def status_text(self) -> str:
        return status_text(self.store, self.today())

    def profile_document(self) -> dict[str, Any]:
        """The profile, its open red flags and their history, as a document."""
        return profile_json(self.store, self.library)

    def export(self) -> dict[str, Any]:
        """Every record, as one document (the JSON export)."""
        return export_json(self.store, self.clock())

    def export_to_reports(self) -> Path:
        """The JSON export (as `sitbone export --format json` prints it) written into the
        reports folder, beside the clinician reports; where it went. StoreError when it
        cannot be written."""
        from journal.report.write import make_reports_folder
        from rules.text import json_text

        folder = make_reports_folder(self.home, "nothing was exported")
        target = folder / f"sitbone-export-{self.today().isoformat()}.json"
        write_private_file(target, json_text(self.export()) + "\n")
        return target

    def export_to(self, target: Path, text: str) -> None:
        """Write an export `text` to `target` in one atomic replace, readable by the user only."""
        write_private_file(target, text)

    def export_csv(self, folder: Path) -> Iterator[Path]:
        """One CSV file per kind of record into `folder`, yielding each once it is in place."""
        from journal.export_csv import write_csv_export  # only an export pays for it

        return write_csv_export(self, folder)

    def judge(self, entry: PainEntry, others: list[PainEntry]) -> Judgement:
        return judge(entry, others, self.limits, self.load_tests())

    def judge_new(self, entry: PainEntry) -> Judgement:
        """The verdict for `entry`, not yet stored, against the stored entries it reads back
        to (its baseline and trend weeks), without reading the rest of the history."""
        since = entry.at.date() - reach(self.limits) - timedelta(days=1)
        return self.judge(entry, [e for _, e in self.store.pain_entries(since=since)])

    def judge_all(self, entries: list[PainEntry]) -> list[Judgement]:
        return judge_all(entries, self.limits, self.load_tests())

    def refusal(self, doing: str) -> str | None:
        """Why `doing` is refused while an emergency or urgent red flag is open, or None."""
        return refused(self.store, self.library, doing)

    def avulsion_question(self, pain: int | None, phase: int | None = None) -> str | None:
        """After a painful run or a phase-3/4 session: the question about a torn tendon."""
        return avulsion_question(self.store, self.library, pain, phase)

    def file_token(self) -> tuple[int, int, int] | None:
        """The data file as it stands (changed time, size, inode): a different token means
        someone wrote it. None while there is no file."""
        try:
            stat = os.stat(self.home.data_file)
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def open_flags(self) -> list[str]:
        return [flag.id for flag in open_flags(self.profile(), self.library)]

    # -- records from what a person typed (pydantic's ValidationError names the field) -----

    def moment(self, day: date | None = None) -> datetime:
        """When a record for `day` happened: now (to the minute) for today, else the day at
        midday (an earlier day without a time)."""
        now = self.clock()
        if day is None or day == now.date():
            return now.replace(second=0, microsecond=0)
        return datetime.combine(day, PAST_DAY_TIME)

    def session(
        self,
        exercise: str,
        *,
        sets: int | None,
        reps: int | None = None,
        hold_s: int | None = None,
        load_kg: float | None = None,
        pain: int | None = None,
        at: datetime | None = None,
        phase: int | None = None,
        note: str = "",
        for_clinician: bool = False,
    ) -> ExerciseSession:
        """A checked exercise session (not yet saved). Without a phase it belongs to the
        phase of its day, so a session logged late counts at the gate where it was done."""
        now = self.clock()
        at = at or self.moment()
        if phase is None:
            phase = phase_on(self.phase_changes(), at)
        fields = {
            "at": at,
            "exercise": exercise,
            "phase": phase,
            "sets": sets,
            "reps": reps,
            "hold_s": hold_s,
            "load_kg": load_kg,
            "pain": pain,
            "note": note,
            "for_clinician": for_clinician,
        }
        return ExerciseSession.model_validate(fields, context={"today": now.date(), "now": now})

    def profile_from(
        self,
        before: Profile | None,
        *,
        injured_side: str | None,
        symptoms_began: date | None,
        runs_now: bool | None,
        red_flags: tuple[str, ...] | list[str] | None = None,
    ) -> Profile:
        """A checked profile (not yet saved): `before` with the answers given."""
        now = self.clock().replace(microsecond=0)
        fields = {
            "injured_side": injured_side,
            "symptoms_began": symptoms_began,
            "runs_now": runs_now,
            "red_flags": (before.red_flags if before else ()) if red_flags is None else red_flags,
            "created": before.created if before else now,
            "updated": now,
        }
        return Profile.model_validate(fields, context={"today": now.date()})

    def run_done(
        self,
        program: RunProgram,
        stage: int,
        *,
        at: datetime,
        minutes: float | None,
        pain: int | None = None,
        effort: str | None = None,
        note: str = "",
        for_clinician: bool = False,
    ) -> RunSession:
        """A checked run done without the timer (not yet saved): the whole stage, or stopped
        after `minutes`."""
        now = self.clock()
        done = round(minutes * 60) if minutes is not None else program.stage(stage).total_s()
        fields = {
            "at": at,
            "program": program.id,
            "stage": stage,
            "completed": minutes is None,
            "seconds_done": done,
            "pain_during": pain,
            "effort": effort,
            "source": "manual",
            "segments": (),
            "note": note,
            "for_clinician": for_clinician,
        }
        return RunSession.model_validate(fields, context={"today": now.date(), "now": now})

    def after_run(
        self,
        run: RunSession,
        *,
        pain: int | None,
        effort: str | None,
        note: str,
        for_clinician: bool | None = None,
    ) -> RunSession:
        """`run` with the runner's answers after it (checked, not yet saved); its mark for
        the clinician stays as it was unless `for_clinician` is given."""
        fields = {**run.model_dump(), "pain_during": pain, "effort": effort, "note": note}
        if for_clinician is not None:
            fields["for_clinician"] = for_clinician
        return RunSession.model_validate(fields, context={"today": run.at.date()})

    # -- writing ----------------------------------------------------------------------------

    def log_pain(self, entry: PainEntry) -> Change:
        return self.store.add("pain", entry)

    def log_outcome(self, measure: OutcomeMeasure) -> Change:
        return self.store.add("outcomes", measure)

    def edit(self, table: str, record_id: int, old: Record, new: Record) -> Change:
        """Put `new` in place of record `record_id`, which must still be `old`."""
        return self.store.replace(table, record_id, old, new)

    def delete(self, table: str, record_id: int, old: Record) -> Change:
        return self.store.delete(table, record_id, old)

    def undo(self, change: Change) -> Change:
        return self.store.undo(change)

    def add_set(self, exercise: Exercise) -> Change:
        """One more set of `exercise` today, at its planned reps or hold."""
        # Today's sessions and the phase only: no gate needs judging for one more set.
        found = done_on(self.store.exercise_sessions(), self.today()).get(exercise.id)
        if found is None:
            session = ExerciseSession(
                at=self.clock().replace(second=0, microsecond=0),
                exercise=exercise.id,
                phase=current_phase(self.phase_changes()),
                sets=1,
                reps=exercise.dosage.reps,
                hold_s=exercise.dosage.hold_s,
            )
            return self.store.add("exercise_sessions", session)
        record_id, old = found
        if old.sets >= MAX_SETS:
            raise Refused(f"{MAX_SETS} sets is the most one session can hold.")
        new = old.model_copy(update={"sets": old.sets + 1})
        return self.store.replace("exercise_sessions", record_id, old, new)

    def log_session(self, session: ExerciseSession) -> Change:
        return self.store.add("exercise_sessions", session)

    def advance(self, reason: str = "") -> Change:
        """Move to the next phase: with the gate passed, or with a reason (an override).
        Refused in the last phase, while a red flag is open, or with unmet criteria and no
        reason."""
        state = self.program()
        gate = state.gate
        if gate is None:
            raise Refused(f"phase {state.phase.number} is the last phase")
        refusal = self.refusal("Advancing a phase")
        if refusal:
            raise Refused(refusal)
        reason = reason.strip()
        if not gate.passed and not reason:
            unmet = "; ".join(f"{c.label} ({c.state.words}: {c.evidence})" for c in gate.unmet)
            raise Refused(
                f"the gate to phase {gate.next_phase} has not passed: {unmet}. To move on "
                "anyway, give a reason (e.g. 'my physio cleared me')."
            )
        change = PhaseChange(
            at=self.now(),
            from_phase=gate.phase,
            to_phase=gate.next_phase or gate.phase,
            reason=reason or "gate passed",
            overridden=not gate.passed,
        )
        return self.store.add("phase_history", change)

    def step_back(self, reason: str) -> Change:
        number = self.program().phase.number
        if number == FIRST_PHASE:
            raise Refused("already in phase 1; there is no phase before it")
        change = PhaseChange(
            at=self.now(), from_phase=number, to_phase=number - 1, reason=reason.strip()
        )
        return self.store.add("phase_history", change)

    def unlock_running(self, reason: str) -> Change:
        """Run before phase 4, with the reason kept (it holds until the phase changes)."""
        state = self.running()
        if state.unlocked:
            raise Refused("running is unlocked already")
        refusal = self.refusal("Unlocking running")
        if refusal:
            raise Refused(refusal)
        unlock = RunUnlock(at=self.now(), phase=state.phase, reason=reason.strip())
        return self.store.add("run_unlocks", unlock)

    def log_run(self, run: RunSession, unless: Callable[[], str | None] | None = None) -> Change:
        """Record `run`; `unless` as for Store.add (a duplicate found under the write lock
        raises AlreadyStored)."""
        return self.store.add("runs", run, unless)

    def run_controller(
        self,
        program: RunProgram,
        stage: int,
        monotonic: Callable[[], float],
        resume_from: ActiveRun | None = None,
    ) -> RunController:
        """A walk/run session to time: it saves its progress and its end through the store."""
        return RunController(
            self.store, program, stage, self.clock, monotonic, resume_from=resume_from
        )

    def interrupted_run(self) -> ActiveRun | None:
        """A session a dropped connection or a quit left under way, if any."""
        return self.store.active_run()

    def save_interrupted(self) -> Change | None:
        """Keep the interrupted session as a partial one (and clear its progress)."""
        progress = self.store.active_run()
        return None if progress is None else self.store.finish_run(progress.as_partial())

    def discard_interrupted(self) -> None:
        self.store.clear_active_run()

    def save_profile(self, profile: Profile, before: Profile | None) -> None:
        """Save the profile; flags it opens that were not open `before` go into the history
        in the same write."""
        was = set(before.red_flags) if before else set()
        raised = tuple(flag for flag in profile.red_flags if flag not in was)
        if raised:
            self.store.save_profile_with_flags(
                profile, RedFlagChange(at=profile.updated, raised=raised)
            )
        else:
            self.store.save_profile(profile)

    def raise_flags(self, ids: list[str]) -> Change | None:
        profile = self.profile()
        if profile is None:
            raise Refused("there is no profile yet")
        return raise_flags(self.store, profile, ids, self.clock())

    def fill_demo(self, weeks: int) -> DemoData:
        """`weeks` of sample data, only into an empty file: what was written."""
        from store.demo import demo_records

        demo = demo_records(weeks, self.clock(), self.library, self.programs.default)
        if not self.store.fill_if_empty(demo):
            raise Refused(
                f"{self.home.data_file} already holds data; demo only fills an empty home"
            )
        return demo

    def clear_flags(self, reason: str, profile: Profile | None = None) -> Change:
        """Close the open flags (of `profile`, saved with them, or of the stored profile)."""
        profile = profile or self.profile()
        if profile is None or not profile.red_flags:
            raise Refused("no red flag is open, so there is nothing to clear")
        return clear_flags(self.store, profile, reason, self.clock())
