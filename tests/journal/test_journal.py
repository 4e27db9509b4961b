"""The application layer, tested directly (no screen, no command line): every action the
front-ends share, what it records, and what it refuses and why."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from journal.errors import field_messages
from journal.journal import MAX_SETS, Journal, Refused
from store import Home
from store.records import PainEntry, PhaseChange, RedFlagChange, RunSession, Table
from tests.conftest import NOW, TODAY, fixed_clock


@pytest.fixture
def journal(profiled_home: Home) -> Journal:
    return Journal.open(profiled_home, fixed_clock)


def morning(day: date, rest: int = 1, load_test: int = 2) -> PainEntry:
    return PainEntry(
        at=datetime.combine(day, time(7, 30)), context="morning", rest=rest, load_test=load_test
    )


# -- phases -------------------------------------------------------------------------------


def test_advance_with_the_gate_unmet_and_no_reason_is_refused_naming_what_is_unmet(
    journal: Journal,
) -> None:
    with pytest.raises(Refused, match="has not passed") as refusal:
        journal.advance()
    assert "give a reason" in str(refusal.value)
    assert journal.phase_changes() == []


def test_advance_with_a_reason_is_an_override_kept_with_its_reason(journal: Journal) -> None:
    change = journal.advance("  my physio cleared me  ")
    moved = change.after
    assert isinstance(moved, PhaseChange)
    assert (moved.from_phase, moved.to_phase) == (1, 2)
    assert moved.overridden and moved.reason == "my physio cleared me"
    assert journal.program().phase.number == 2


def test_an_open_urgent_red_flag_refuses_advancing_even_with_a_reason(journal: Journal) -> None:
    journal.raise_flags(["avulsion"])
    with pytest.raises(Refused, match="clinician"):
        journal.advance("I feel fine")
    journal.clear_flags("seen by my GP, no tear")
    assert journal.advance("I feel fine").after is not None


def test_the_last_phase_has_no_advance_and_the_first_no_step_back(journal: Journal) -> None:
    with pytest.raises(Refused, match="already in phase 1"):
        journal.step_back("flare")
    for _ in range(3):
        journal.advance("cleared")
    assert journal.program().phase.number == 4
    with pytest.raises(Refused, match="last phase"):
        journal.advance("more")
    back = journal.step_back(" flare after hills ").after
    assert isinstance(back, PhaseChange)
    assert (back.to_phase, back.reason) == (3, "flare after hills")


# -- exercise sessions --------------------------------------------------------------------


def test_add_set_starts_a_session_at_the_planned_dose_then_counts_sets(journal: Journal) -> None:
    exercise = journal.library.phase_exercises(1)[0]
    journal.add_set(exercise)
    journal.add_set(exercise)
    found = journal.program().done_today()[exercise.id][1]
    assert found.sets == 2 and found.phase == 1
    assert (found.reps, found.hold_s) == (exercise.dosage.reps, exercise.dosage.hold_s)


def test_add_set_stops_at_the_most_a_session_holds(journal: Journal) -> None:
    exercise = journal.library.phase_exercises(1)[0]
    journal.log_session(journal.session(exercise.id, sets=MAX_SETS, reps=5))
    with pytest.raises(Refused, match=f"{MAX_SETS} sets"):
        journal.add_set(exercise)


def test_a_session_for_an_earlier_day_is_at_midday_in_the_phase_of_that_day(
    journal: Journal,
) -> None:
    journal.advance("cleared")  # phase 2 from today
    yesterday = TODAY - timedelta(days=1)
    earlier = journal.session("glute-bridge", sets=3, reps=10, at=journal.moment(yesterday))
    today = journal.session("glute-bridge", sets=3, reps=10)
    assert earlier.at == datetime.combine(yesterday, time(12, 0)) and earlier.phase == 1
    assert today.at == NOW.replace(second=0) and today.phase == 2


def test_a_bad_session_names_its_field_and_nothing_is_written(journal: Journal) -> None:
    with pytest.raises(ValidationError) as error:
        journal.session("glute-bridge", sets=0, reps=10)
    assert "sets" in field_messages(error.value)
    assert journal.store.raw_table(Table.EXERCISE_SESSIONS) == []


# -- runs ---------------------------------------------------------------------------------


def test_a_run_done_whole_takes_the_stage_time_and_a_partial_one_its_minutes(
    journal: Journal,
) -> None:
    program = journal.current_program()
    whole = journal.run_done(program, 1, at=journal.moment(), minutes=None)
    partial = journal.run_done(program, 1, at=journal.moment(), minutes=12.5, pain=2)
    assert whole.completed and whole.seconds_done == program.stage(1).total_s()
    assert not partial.completed and partial.seconds_done == 750 and partial.pain_during == 2


def test_the_answers_after_a_run_are_checked(journal: Journal) -> None:
    run = journal.run_done(journal.current_program(), 1, at=journal.moment(), minutes=None)
    amended = journal.after_run(run, pain=3, effort="easy", note="windy")
    assert (amended.pain_during, amended.effort, amended.note) == (3, "easy", "windy")
    with pytest.raises(ValidationError) as error:
        journal.after_run(run, pain=11, effort=None, note="")
    assert list(field_messages(error.value)) == ["pain_during"]


def test_unlocking_running_keeps_the_reason_and_happens_once(journal: Journal) -> None:
    assert not journal.running().unlocked
    journal.unlock_running("physio: easy running allowed")
    state = journal.running()
    assert state.unlocked and state.unlock and state.unlock.reason.startswith("physio")
    with pytest.raises(Refused, match="unlocked already"):
        journal.unlock_running("again")


def test_a_run_logged_on_a_rest_day_is_warned_about(journal: Journal) -> None:
    journal.unlock_running("physio")
    program = journal.current_program()
    first = journal.run_done(program, 1, at=NOW - timedelta(hours=2), minutes=None, pain=0)
    journal.log_run(first)
    again = journal.run_done(program, 1, at=journal.moment(), minutes=None)
    assert journal.too_soon(again, journal.running(program.id))


# -- profile and red flags ----------------------------------------------------------------


def test_a_profile_keeps_when_it_was_created_and_refuses_a_future_onset(journal: Journal) -> None:
    before = journal.profile()
    assert before is not None
    changed = journal.profile_from(
        before, injured_side="right", symptoms_began=before.symptoms_began, runs_now=True
    )
    assert changed.created == before.created and changed.injured_side == "right"
    with pytest.raises(ValidationError) as error:
        journal.profile_from(
            before, injured_side="left", symptoms_began=TODAY + timedelta(days=1), runs_now=False
        )
    assert list(field_messages(error.value)) == ["symptoms_began"]


def test_saving_a_profile_with_a_new_flag_writes_its_history_in_the_same_change(
    journal: Journal,
) -> None:
    before = journal.profile()
    assert before is not None
    flagged = before.model_copy(update={"red_flags": ("nerve",)})
    journal.save_profile(flagged, before)
    assert journal.open_flags() == ["nerve"]
    assert journal.red_flag_history() == [RedFlagChange(at=flagged.updated, raised=("nerve",))]


def test_clearing_needs_an_open_flag(journal: Journal) -> None:
    with pytest.raises(Refused, match="nothing to clear"):
        journal.clear_flags("seen")


# -- pain, undo, other writers ------------------------------------------------------------


def test_undo_takes_back_the_last_change(journal: Journal) -> None:
    change = journal.log_pain(morning(TODAY))
    assert len(journal.pain_entries()) == 1
    journal.undo(change)
    assert journal.pain_entries() == []


def test_a_write_by_another_process_is_seen_and_changes_the_file_token(
    profiled_home: Home,
) -> None:
    mine = Journal.open(profiled_home, fixed_clock)
    other = Journal.open(profiled_home, fixed_clock)
    token = mine.file_token()
    other.log_pain(morning(TODAY, rest=4))
    assert mine.file_token() != token
    assert [entry.rest for _, entry in mine.pain_entries()] == [4]


def test_the_demo_fills_only_an_empty_home(home: Home) -> None:
    journal = Journal.open(home, fixed_clock)
    filled = journal.fill_demo(2)
    assert len(journal.pain_entries()) == len(filled.pain) > 0
    assert len(journal.store.exercise_sessions()) == len(filled.sessions) > 0
    with pytest.raises(Refused, match="already holds data"):
        journal.fill_demo(2)


def test_moment_is_now_for_today_and_midday_for_an_earlier_day(journal: Journal) -> None:
    assert journal.moment() == NOW.replace(second=0, microsecond=0)
    assert journal.moment(TODAY) == journal.moment()
    assert journal.moment(date(2026, 11, 1)) == datetime(2026, 11, 1, 12, 0)


def test_a_logged_run_is_kept_whole(journal: Journal) -> None:
    run = journal.run_done(journal.current_program(), 2, at=journal.moment(), minutes=5.0)
    journal.log_run(run)
    [(_, stored)] = journal.runs()
    assert stored == run and isinstance(stored, RunSession)


# -- at any history -------------------------------------------------------------------------


@settings(max_examples=30)
@given(
    scores=st.lists(st.integers(0, 10), min_size=0, max_size=60),
    rest=st.integers(0, 10),
    load_test=st.integers(0, 10),
)
def test_a_new_check_in_is_judged_on_its_window_as_on_the_whole_history(
    tmp_path_factory: pytest.TempPathFactory, scores: list[int], rest: int, load_test: int
) -> None:
    home = Home(tmp_path_factory.mktemp("judge") / "home")
    journal = Journal.open(home, fixed_clock)
    first = TODAY - timedelta(days=len(scores))
    journal.store.add_many(
        Table.PAIN,
        [morning(first + timedelta(days=n), s, (s + n) % 11) for n, s in enumerate(scores)],
    )
    new = PainEntry(
        at=datetime.combine(TODAY, time(7, 0)), context="morning", rest=rest, load_test=load_test
    )
    everything = [entry for _, entry in journal.pain_entries()]
    assert journal.judge_new(new) == journal.judge(new, everything)
