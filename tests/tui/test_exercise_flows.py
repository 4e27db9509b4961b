"""The Exercises screen by keyboard: the day's checklist, gates, advance, step back, edit,
delete and undo. One app per starting home, walking through what a person does there; the
rules behind advance, step back and adding a set are checked without the app in
tests/journal/test_journal.py."""

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


def sessions_of(home: Home, exercise: str) -> list[ExerciseSession]:
    return [s for _, s in Store(home).exercise_sessions() if s.exercise == exercise]


async def test_read_the_gates_log_by_form_and_advance_then_step_back(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercises(pilot)

        # A locked phase's gate shows each criterion's state and evidence as it stands today.
        await pilot.press("g")
        await pilot.pause()
        view = text_of(screen, "#gate-view")
        assert "Phase 1: Settle and isometrics (current)" in view
        assert "[?] no data" in view and "[ ] not met" in view
        assert "Phase 3: Load into hip flexion (locked)" in view
        assert "Single-leg bridge 20 reps or more on each side" in view
        assert "as it stands today" in view and "0 training days (8 needed)" in view
        assert "The last phase: no exit gate." in view

        # Enter logs from the checklist (the planned dosage as it stands) and edits from the
        # sessions.
        await pilot.press("c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm) and app.screen.session is None
        await pilot.press("enter")
        await pilot.pause()
        [(record_id, session)] = Store(profiled_home).exercise_sessions()
        assert session.sets == PHASE_1[0].dosage.sets
        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm) and app.screen.session == session
        await pilot.press("escape")
        await pilot.pause()
        assert Store(profiled_home).exercise_sessions() == [(record_id, session)]

        # Log sets with reps, load and pain (the next exercise); a problem shows at its field
        # and nothing is saved until it is fixed.
        await pilot.press("c", "down", "l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionForm) and form.exercise == PHASE_1[1]
        form.query_one("#pain", Input).value = "12"
        await pilot.press("enter")
        await pilot.pause()
        assert "A whole number from 0 to 10" in str(form.query_one("#pain-error").render())
        assert sessions_of(profiled_home, PHASE_1[1].id) == []
        form.query_one("#pain", Input).value = "2"
        form.query_one("#load", Input).value = "4.5"
        await pilot.press("enter")
        await pilot.pause()
        [logged] = sessions_of(profiled_home, PHASE_1[1].id)
        assert (logged.sets, logged.pain, logged.load_kg) == (PHASE_1[1].dosage.sets, 2, 4.5)

        # Advance with an override reason, then step back; undo takes the step back away.
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
        await pilot.press("u")
        await pilot.pause()
        assert len(Store(profiled_home).phase_changes()) == 1


async def test_progress_on_the_dashboard_then_the_days_checklist_completed_at_60x20(
    pain_demo_home: Home,
) -> None:
    # Every exercise of the day logged but its last set (a set each is added with space below).
    Store(pain_demo_home, fixed_clock).add_many(
        "exercise_sessions",
        [
            ExerciseSession(
                at=NOW - timedelta(hours=1), exercise=e.id, phase=1, sets=e.dosage.sets - 1,
                reps=e.dosage.reps, hold_s=e.dosage.hold_s,
            )
            for e in PHASE_1
        ],
    )  # fmt: skip
    app = make_app(pain_demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        card = str(app.screen.query_one("#phase", Static).render())
        assert f"Today: 0 of {len(PHASE_1)} exercises done" in card
        assert "Gate to phase 2:" in card and "criteria met" in card
        assert "Days since last flare:" in card

        await pilot.resize_terminal(60, 20)
        screen = await open_exercises(pilot)
        checklist, details = screen.query_one("#checklist"), screen.query_one("#details")
        assert screen.region.contains_region(checklist.region)
        assert details.region.y >= checklist.region.bottom  # stacked, not squeezed
        assert checklist.region.height >= 4 and details.region.height >= 3

        # Complete the day's checklist by keyboard: space ticks off a set, down goes on.
        for _ in PHASE_1:
            await pilot.press("space", "down")
        await pilot.pause()
        sessions = [s for _, s in Store(pain_demo_home).exercise_sessions()]
        assert {s.exercise: s.sets for s in sessions} == {e.id: e.dosage.sets for e in PHASE_1}
        assert all(s.phase == 1 for s in sessions)
        assert f"Today: {len(PHASE_1)} of {len(PHASE_1)} exercises done" in text_of(
            screen, "#program-status"
        )
        row = screen.query_one("#checklist", DataTable).get_row_at(0)
        assert str(row[0]).startswith("[x]")


async def test_after_a_flare_the_day_after_strength_work_a_set_is_edited_and_undone(
    profiled_home: Home,
) -> None:
    settled = [
        PainEntry(at=NOW - timedelta(days=d, hours=2), context="morning", rest=1, load_test=1)
        for d in range(1, 9)
    ]
    flare = PainEntry(at=NOW - timedelta(hours=1), context="morning", rest=1, load_test=4)
    store = Store(profiled_home, fixed_clock)
    store.add_many("pain", [*settled, flare])
    strength = next(e for e in PHASE_1 if not e.daily_ok)
    yesterday = ExerciseSession(
        at=NOW - timedelta(days=1), exercise=strength.id, phase=1, sets=2, reps=10
    )
    store.add("exercise_sessions", yesterday)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # After a flare the Dashboard and the screen advise holding load.
        card = str(app.screen.query_one("#phase", Static).render())
        assert "hold or reduce load for 24-48 h" in card
        assert "criterion broken: No flare or worsening in the last 7 days" in card
        screen = await open_exercises(pilot)
        status = text_of(screen, "#program-status")
        assert "Flare this morning: hold or reduce load for 24-48 h" in status
        assert "Gate criterion broken: No flare or worsening in the last 7 days" in status
        # The day after strength work a rest day is suggested, and training is still allowed.
        assert "Rest day suggested" in status
        await pilot.press("space")
        await pilot.pause()
        assert len(Store(profiled_home).exercise_sessions()) == 2

        # Edit, delete and undo today's session (the newest, on top of the list).
        def today() -> list[int]:
            sessions = Store(profiled_home).exercise_sessions()
            return [s.sets for _, s in sessions if s.at.date() == NOW.date()]

        await pilot.press("s")
        await pilot.pause()
        assert screen.query_one("#sessions", DataTable).row_count == 2
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#sets", Input).value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert today() == [4]
        await pilot.press("d", "y")
        await pilot.pause()
        assert today() == []
        await pilot.press("u")
        await pilot.pause()
        assert today() == [4]
        await pilot.press("u")
        await pilot.pause()
        assert today() == [1]
        assert Store(profiled_home).exercise_sessions()[0][1] == yesterday  # left as it was
