"""What today still needs, read through the journal at its clock: an open red flag first, the
morning check-in until 11:00, the exercises with sets left (only the daily-safe ones on a rest
day), a run once running is unlocked, an outcome measure on its schedule."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from content.loader import load_library
from journal.due import (
    CheckInDue,
    Due,
    ExerciseLeft,
    ExercisesDue,
    OutcomeDue,
    RedFlagDue,
    RunDue,
    due_json,
)
from journal.journal import Journal
from store import Home, Store
from store.records import (
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Record,
    RunSession,
)
from tests.conftest import NOW, TODAY, Clock

LIBRARY = load_library()
PHASE_1 = LIBRARY.phase_exercises(1)


def due_at(home: Home, at: datetime = NOW) -> Due:
    return Journal.open(home, Clock(at)).due()


def add(home: Home, table: str, *records: Record) -> None:
    store = Store(home, Clock(NOW))
    for record in records:
        store.add(table, record)


def session(exercise: str, sets: int, at: datetime = NOW) -> ExerciseSession:
    return ExerciseSession(at=at, exercise=exercise, phase=1, sets=sets, reps=10)


def check_in(at: datetime) -> PainEntry:
    return PainEntry(at=at, context="morning", rest=1, load_test=2)


@pytest.fixture
def measured_home(profiled_home: Home) -> Home:
    """Both week-0 outcome measures taken: the profile's day has nothing else on the schedule."""
    add(
        profiled_home,
        "outcomes",
        OutcomeMeasure(at=NOW, kind="visa-h", score=60),
        OutcomeMeasure(at=NOW, kind="sitting", sitting_min=30, chair="hard"),
    )
    return profiled_home


@pytest.fixture
def phase_4_home(measured_home: Home) -> Home:
    """Running unlocked: phase 4 since a month ago."""
    change = PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate")
    add(measured_home, "phase_history", change)
    return measured_home


# -- the morning check-in ----------------------------------------------------------------------


def test_the_check_in_is_due_until_eleven(measured_home: Home) -> None:
    due = due_at(measured_home, datetime.combine(TODAY, time(10, 59)))
    item = due.first(CheckInDue)
    assert item == CheckInDue(until=time(11, 0), missed=False)
    assert item in due.pending


def test_after_eleven_the_check_in_is_missed_not_due(measured_home: Home) -> None:
    due = due_at(measured_home, datetime.combine(TODAY, time(11, 0)))
    item = due.first(CheckInDue)
    assert item == CheckInDue(until=time(11, 0), missed=True)
    assert item not in due.pending


def test_a_check_in_today_is_done_and_yesterdays_is_not_todays(measured_home: Home) -> None:
    add(measured_home, "pain", check_in(NOW - timedelta(days=1)))
    assert due_at(measured_home).first(CheckInDue) is not None
    add(measured_home, "pain", check_in(NOW.replace(hour=7)))
    assert due_at(measured_home).first(CheckInDue) is None


def test_an_entry_that_is_not_a_check_in_does_not_count(measured_home: Home) -> None:
    add(measured_home, "pain", PainEntry(at=NOW.replace(hour=7), context="other", rest=1))
    assert due_at(measured_home).first(CheckInDue) is not None


# -- exercises ---------------------------------------------------------------------------------


def test_each_exercise_with_sets_left_is_listed_in_the_phases_order(measured_home: Home) -> None:
    bridge, knee = "isometric-bridge-hold", "isometric-knee-flexion-hold"
    add(measured_home, "exercise_sessions", session(bridge, 2), session(knee, 5))
    item = due_at(measured_home).first(ExercisesDue)
    assert item is not None and item.due and item.rest_day is None
    assert (item.phase, item.planned) == (1, len(PHASE_1))
    assert [left.id for left in item.left] == [e.id for e in PHASE_1 if e.id != knee]
    assert item.left[0] == ExerciseLeft(bridge, "Isometric bridge hold", 2, 5)


def test_all_sets_done_is_said_but_not_due(measured_home: Home) -> None:
    add(measured_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in PHASE_1))
    due = due_at(measured_home)
    item = due.first(ExercisesDue)
    assert item == ExercisesDue(phase=1, planned=len(PHASE_1), left=())
    assert item not in due.pending


def test_on_a_rest_day_only_the_daily_safe_exercises_are_due(measured_home: Home) -> None:
    yesterday = NOW - timedelta(days=1)
    add(measured_home, "exercise_sessions", session("clamshell", 2, at=yesterday))
    item = due_at(measured_home).first(ExercisesDue)
    assert item is not None and item.rest_day is not None
    assert item.rest_day.startswith("Rest day suggested: you did strength work yesterday")
    daily = {e.id for e in PHASE_1 if e.daily_ok}
    assert [left.id for left in item.left] == [e.id for e in PHASE_1 if e.id in daily]
    assert [left.id for left in item.resting] == [e.id for e in PHASE_1 if e.id not in daily]
    assert item.due


def test_a_rest_day_with_the_daily_work_done_is_not_due(measured_home: Home) -> None:
    yesterday = NOW - timedelta(days=1)
    add(measured_home, "exercise_sessions", session("clamshell", 2, at=yesterday))
    daily = [e for e in PHASE_1 if e.daily_ok]
    add(measured_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in daily))
    due = due_at(measured_home)
    item = due.first(ExercisesDue)
    assert item is not None and item.rest_day and item.resting and not item.left
    assert item not in due.pending


# -- running -----------------------------------------------------------------------------------


def test_no_run_before_running_is_unlocked(measured_home: Home) -> None:
    assert due_at(measured_home).first(RunDue) is None


def test_the_first_run_is_due_from_today_once_unlocked(phase_4_home: Home) -> None:
    due = due_at(phase_4_home)
    item = due.first(RunDue)
    assert item is not None and item.due and item in due.pending
    assert (item.program, item.stage, item.not_before) == ("sitbone", 1, TODAY)
    assert item.program_name and item.reason


def test_after_todays_run_the_next_is_due_on_a_later_day(phase_4_home: Home) -> None:
    run = RunSession(
        at=NOW - timedelta(hours=1), program="sitbone", stage=1, completed=True,
        seconds_done=1800, pain_during=1, source="manual",
    )  # fmt: skip
    add(phase_4_home, "runs", run)
    due = due_at(phase_4_home)
    item = due.first(RunDue)
    assert item is not None and not item.due and item not in due.pending
    assert item.not_before > TODAY


# -- outcome measures and red flags ------------------------------------------------------------


def test_an_outcome_measure_is_due_until_it_is_taken(profiled_home: Home) -> None:
    item = due_at(profiled_home).first(OutcomeDue)
    assert item is not None and item.due
    assert (item.week, item.kinds, item.names) == (
        0, ("visa-h", "sitting"), "VISA-H and sitting test"
    )  # fmt: skip
    assert item.until > TODAY
    add(profiled_home, "outcomes", OutcomeMeasure(at=NOW, kind="visa-h", score=60))
    item = due_at(profiled_home).first(OutcomeDue)
    assert item is not None and item.kinds == ("sitting",)
    add(
        profiled_home,
        "outcomes",
        OutcomeMeasure(at=NOW, kind="sitting", sitting_min=30, chair="hard"),
    )
    assert due_at(profiled_home).first(OutcomeDue) is None


def test_an_open_red_flag_comes_first_and_stops_the_run(phase_4_home: Home) -> None:
    journal = Journal.open(phase_4_home, Clock(NOW))
    journal.raise_flags(["avulsion"])
    due = journal.due()
    first = due.items[0]
    assert isinstance(first, RedFlagDue) and first.due and first.blocks
    assert (first.id, first.urgency) == ("avulsion", "urgent")
    assert first.action.startswith("See a doctor within days")
    # Running is refused while it is open: the flag says why, no run is suggested.
    assert due.first(RunDue) is None


def test_before_a_profile_nothing_is_asked(home: Home) -> None:
    due = due_at(home)
    assert due == Due(NOW, profile=False, items=())
    assert due.pending == ()


def test_the_order_is_flag_check_in_exercises_run_outcome(profiled_home: Home) -> None:
    change = PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate")
    add(profiled_home, "phase_history", change)
    journal = Journal.open(profiled_home, Clock(NOW))
    journal.raise_flags(["nerve"])  # see a clinician: running is not stopped
    due = journal.due()
    kinds = [type(item) for item in due.items]
    assert kinds == [RedFlagDue, CheckInDue, ExercisesDue, RunDue, OutcomeDue]
    assert due.pending == due.items


# -- JSON --------------------------------------------------------------------------------------


def test_the_json_names_each_kind(profiled_home: Home) -> None:
    add(profiled_home, "exercise_sessions", session("isometric-bridge-hold", 2))
    document = due_json(due_at(profiled_home))
    assert set(document) == {
        "at", "profile", "due", "red_flags", "check_in", "exercises", "run", "outcome",
    }  # fmt: skip
    assert document["at"] == "2026-11-21T09:30:00"
    assert document["profile"] is True and document["due"] is True
    assert document["red_flags"] == [] and document["run"] is None
    assert document["check_in"] == {"due": True, "until": "11:00", "missed": False}
    exercises = document["exercises"]
    assert exercises["due"] is True and exercises["rest_day"] is None
    assert exercises["left"][0] == {
        "id": "isometric-bridge-hold", "name": "Isometric bridge hold", "sets_done": 2,
        "sets_planned": 5,
    }  # fmt: skip
    assert document["outcome"]["measures"] == ["visa-h", "sitting"]
    assert document["outcome"]["week"] == 0
