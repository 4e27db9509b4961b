"""The Exercises screen by keyboard: the day's checklist, gates, advance, step back, edit,
delete and undo."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Static

from content.loader import load_library
from screens.exercises import ExercisesScreen
from screens.session_form import SessionForm
from store import Home, Store
from store.records import ExerciseSession, PainEntry
from tests.conftest import NOW, fixed_clock, until_started
from tui.app import SitboneApp

PHASE_1 = load_library().phase_exercises(1)


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


async def open_exercises(pilot) -> ExercisesScreen:
    await until_started(pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExercisesScreen)
    return pilot.app.screen


def text_of(screen: ExercisesScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_complete_a_days_checklist_by_keyboard(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)
        for exercise in PHASE_1:
            await pilot.press(*["space"] * exercise.dosage.sets, "down")
        await pilot.pause()
        sessions = [s for _, s in Store(profiled_home).exercise_sessions()]
        assert {s.exercise: s.sets for s in sessions} == {e.id: e.dosage.sets for e in PHASE_1}
        assert all(s.phase == 1 for s in sessions)
        assert f"Today: {len(PHASE_1)} of {len(PHASE_1)} exercises done" in text_of(
            screen, "#program-status"
        )
        row = screen.query_one("#checklist", DataTable).get_row_at(0)
        assert str(row[0]).startswith("[x]")


async def test_log_sets_with_reps_load_and_pain_and_problems_at_fields(
    profiled_home: Home,
) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercises(pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        form.query_one("#pain", Input).value = "12"
        await pilot.press("enter")
        await pilot.pause()
        assert "A whole number from 0 to 10" in str(form.query_one("#pain-error").render())
        assert Store(profiled_home).exercise_sessions() == []
        form.query_one("#pain", Input).value = "2"
        form.query_one("#load", Input).value = "4.5"
        await pilot.press("enter")
        await pilot.pause()
        [(_, session)] = Store(profiled_home).exercise_sessions()
        assert (session.sets, session.pain, session.load_kg) == (PHASE_1[0].dosage.sets, 2, 4.5)


async def test_read_a_locked_phases_gate(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)
        await pilot.press("g")
        await pilot.pause()
        view = text_of(screen, "#gate-view")
        assert "Phase 1: Settle and isometrics (current)" in view
        assert "[?] no data" in view and "[ ] not met" in view
        assert "Phase 3: Load into hip flexion (locked)" in view
        assert "Single-leg bridge 20 reps or more on each side" in view
        # A locked gate shows each criterion's state and evidence as it stands today.
        assert "as it stands today" in view and "0 training days (8 needed)" in view
        assert "The last phase: no exit gate." in view


async def test_advance_with_an_override_reason_then_step_back(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)
        await pilot.press("g", "a")
        await pilot.pause()
        await pilot.press("enter")  # an empty reason is refused at the field
        await pilot.pause()
        assert "Type a reason" in str(app.screen.query_one("#reason-error").render())
        await pilot.press(*"physio ok", "enter")
        await pilot.pause()
        [(_, change)] = Store(profiled_home).phase_changes()
        assert (change.to_phase, change.overridden, change.reason) == (2, True, "physio ok")
        assert "Phase 2: Build strength (current)" in text_of(screen, "#gate-view")

        await pilot.press("b", *"flare", "enter")
        await pilot.pause()
        changes = [c for _, c in Store(profiled_home).phase_changes()]
        assert [(c.to_phase, c.reason) for c in changes] == [(2, "physio ok"), (1, "flare")]
        # Undo takes the step back away again.
        await pilot.press("u")
        await pilot.pause()
        assert len(Store(profiled_home).phase_changes()) == 1


async def test_edit_delete_and_undo_a_past_session(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)
        await pilot.press("space")
        await pilot.press("s")
        await pilot.pause()
        assert screen.query_one("#sessions", DataTable).row_count == 1
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#sets", Input).value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert [s.sets for _, s in Store(profiled_home).exercise_sessions()] == [4]
        await pilot.press("d", "y")
        await pilot.pause()
        assert Store(profiled_home).exercise_sessions() == []
        await pilot.press("u")
        await pilot.pause()
        assert [s.sets for _, s in Store(profiled_home).exercise_sessions()] == [4]
        await pilot.press("u")
        await pilot.pause()
        assert [s.sets for _, s in Store(profiled_home).exercise_sessions()] == [1]


async def test_dashboard_shows_phase_progress_and_gate(demo_home: Home) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        card = str(app.screen.query_one("#phase", Static).render())
        assert f"Today: 0 of {len(PHASE_1)} exercises done" in card
        assert "Gate to phase 2:" in card and "criteria met" in card
        assert "Days since last flare:" in card


async def test_after_a_flare_the_screen_and_dashboard_advise_holding_load(
    profiled_home: Home,
) -> None:
    settled = [
        PainEntry(at=NOW - timedelta(days=d, hours=2), context="morning", rest=1, load_test=1)
        for d in range(1, 9)
    ]
    flare = PainEntry(at=NOW - timedelta(hours=1), context="morning", rest=1, load_test=4)
    Store(profiled_home, fixed_clock).add_many("pain", [*settled, flare])
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        card = str(app.screen.query_one("#phase", Static).render())
        assert "hold or reduce load for 24-48 h" in card
        assert "criterion broken: No flare or worsening in the last 7 days" in card
        screen = await open_exercises(pilot)
        status = text_of(screen, "#program-status")
        assert "Flare this morning: hold or reduce load for 24-48 h" in status
        assert "Gate criterion broken: No flare or worsening in the last 7 days" in status


async def test_a_rest_day_is_suggested_and_training_is_still_allowed(profiled_home: Home) -> None:
    strength = next(e for e in PHASE_1 if not e.daily_ok)
    yesterday = ExerciseSession(
        at=NOW - timedelta(days=1), exercise=strength.id, phase=1, sets=2, reps=10
    )
    Store(profiled_home, fixed_clock).add("exercise_sessions", yesterday)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)
        assert "Rest day suggested" in text_of(screen, "#program-status")
        await pilot.press("space")
        await pilot.pause()
        assert len(Store(profiled_home).exercise_sessions()) == 2


async def test_exercises_screen_at_60x20(demo_home: Home) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_exercises(pilot)
        checklist, details = screen.query_one("#checklist"), screen.query_one("#details")
        assert screen.region.contains_region(checklist.region)
        assert details.region.y >= checklist.region.bottom  # stacked, not squeezed
        assert checklist.region.height >= 4 and details.region.height >= 3


async def test_enter_logs_from_the_checklist_and_edits_from_the_sessions(
    profiled_home: Home,
) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercises(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm) and app.screen.session is None
        await pilot.press("enter")  # the planned dosage as it stands
        await pilot.pause()
        [(_, session)] = Store(profiled_home).exercise_sessions()
        assert session.sets == PHASE_1[0].dosage.sets
        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm) and app.screen.session == session
        await pilot.press("escape")
        await pilot.pause()
        assert Store(profiled_home).exercise_sessions() == [(1, session)]
