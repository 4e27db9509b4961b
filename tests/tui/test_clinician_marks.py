"""Marking a record "for my physio" by keyboard, in the three forms that save a note: the pain
check-in, the exercise session and the after-run dialog. Tab reaches the mark, space ticks it,
enter saves; editing shows it again; a record not marked carries no mark in the file."""

from __future__ import annotations

import json
from datetime import timedelta

from textual.widgets import Checkbox, DataTable, Input, Label, Static

from content.loader import load_library
from screens.exercises import ExercisesScreen
from screens.pain import PainScreen
from screens.run import RunScreen
from screens.run_dialogs import RunAfterForm
from screens.session_form import SessionForm
from store import Home, Store
from store.records import PhaseChange, RunSession
from tests.conftest import NOW, fixed_clock, until_started, wait_for
from tui.app import SitboneApp
from tui.widgets.tables import MARK

PHASE_1 = load_library().phase_exercises(1)


def stored(home: Home, table: str) -> list[dict[str, object]]:
    """The records of `table` as the file holds them."""
    document = json.loads(home.data_file.read_text(encoding="utf-8"))
    return list(document["tables"][table].values())


def mark_of(app: SitboneApp) -> Checkbox:
    return app.screen.query_one("#for_clinician", Checkbox)


def text_of(app: SitboneApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_check_in_marked_for_the_physio_then_edited_unmarked(profiled_home: Home) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await until_started(pilot)
        await pilot.press("4", "n", "2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PainScreen)
        # Tab goes from the note to the mark beside it, and on to the save button.
        screen.query_one("#note", Input).focus()
        await pilot.press(*"sore on the hills", "tab")
        await pilot.pause()
        assert app.focused is mark_of(app) and not mark_of(app).value
        assert "For my physio" in str(mark_of(app).label)
        assert mark_of(app).region.right <= screen.query_one("#check-in").region.right
        await pilot.press("space", "enter")  # space ticks; enter saves from the mark too
        await pilot.pause()
        [(record_id, entry)] = Store(profiled_home).pain_entries()
        assert (entry.rest, entry.note, entry.for_clinician) == (2, "sore on the hills", True)
        assert stored(profiled_home, "pain")[0]["for_clinician"] is True
        assert not mark_of(app).value  # a blank form again

        # The history marks it, and says so in words below the table.
        await pilot.press("h")
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert str(table.get_row_at(0)[-1]) == f"{MARK} sore on the hills"
        assert "Morning check-in, Sat 21 Nov 09:30 (for my physio):" in text_of(
            app, "#history-detail"
        )

        # Editing shows the mark; unticked and saved, the file holds no mark at all.
        await pilot.press("e")
        await pilot.pause()
        assert mark_of(app).value
        mark_of(app).focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        [(same_id, entry)] = Store(profiled_home).pain_entries()
        assert same_id == record_id and not entry.for_clinician
        assert "for_clinician" not in stored(profiled_home, "pain")[0]
        assert str(table.get_row_at(0)[-1]) == "sore on the hills"


async def test_an_exercise_session_marked_for_the_physio(profiled_home: Home) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await until_started(pilot)
        await pilot.press("3", "c", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionForm), "the session form")
        form = app.screen
        # Sets, reps, load, pain, the note, then the mark.
        await pilot.press("tab", "tab", "tab", "tab")
        await pilot.press(*"pull at the bottom", "tab")
        await pilot.pause()
        assert app.focused is mark_of(app) and not mark_of(app).value
        assert mark_of(app).region.bottom <= form.query_one("#session-form").region.bottom
        await pilot.press("space", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "the form closed")
        [(_, session)] = Store(profiled_home).exercise_sessions()
        assert session.for_clinician and session.note == "pull at the bottom"
        assert stored(profiled_home, "exercise_sessions")[0]["for_clinician"] is True

        # The sessions list marks it after its name; editing shows the mark, and unticking it
        # leaves no mark in the file.
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[1]) == f"{PHASE_1[0].name} {MARK}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionForm), "the session form")
        assert app.screen.session == session and mark_of(app).value
        mark_of(app).focus()
        await pilot.press("space", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "the form closed")
        [(_, session)] = Store(profiled_home).exercise_sessions()
        assert not session.for_clinician
        assert "for_clinician" not in stored(profiled_home, "exercise_sessions")[0]
        assert str(table.get_row_at(0)[1]) == PHASE_1[0].name


async def test_a_run_marked_for_the_physio_after_it(profiled_home: Home) -> None:
    store = Store(profiled_home, fixed_clock)
    store.add(
        "phase_history",
        PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate passed"),
    )
    run = RunSession(
        at=NOW - timedelta(days=1), program="sitbone", stage=1, completed=True,
        seconds_done=1680, pain_during=2, effort="easy", note="windy",
    )  # fmt: skip
    store.add("runs", run)
    assert "for_clinician" not in stored(profiled_home, "runs")[0]
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await until_started(pilot)
        await pilot.press("5", "r", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, RunAfterForm), "the after-run form")
        form = app.screen
        assert not mark_of(app).value
        # Pain, effort, note, then the mark beside the note.
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        assert app.focused is mark_of(app)
        assert mark_of(app).region.right <= form.query_one("#run-after").region.right
        await pilot.press("space", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the form closed")
        [(_, marked)] = Store(profiled_home).runs()
        assert marked == run.model_copy(update={"for_clinician": True})
        assert stored(profiled_home, "runs")[0]["for_clinician"] is True

        # The runs list marks it; the line below says it in words; editing shows the mark.
        table = app.screen.query_one("#runs", DataTable)
        assert str(table.get_row_at(0)[0]) == f"Fri 20 Nov 09:30 {MARK}"
        assert text_of(app, "#run-verdict").startswith("Fri 20 Nov (for my physio): ")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RunAfterForm), "the after-run form")
        assert mark_of(app).value


async def test_a_session_note_with_a_control_character_is_refused_at_the_field(
    profiled_home: Home,
) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3", "c", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionForm), "the session form")
        form = app.screen
        form.query_one("#note", Input).value = "sore\x1b[31m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = str(form.query_one("#note-error", Label).render())
        assert "control character (ESC)" in problem
        assert app.focused is form.query_one("#note", Input)
        assert Store(profiled_home).exercise_sessions() == []
