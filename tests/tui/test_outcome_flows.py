"""Outcome measures by keyboard: the Dashboard's reminder, the dialog (problems at the field,
the VISA-H then a sitting test on a named chair, cancel), undo, the reminder following the
file and the days; and a picture of the dialog at 80x24."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Label, RadioSet, Static

from screens.dashboard import DashboardScreen
from screens.outcome_dialog import OutcomeDialog
from store import Home, Store
from store.records import OutcomeMeasure
from tests.conftest import NOW, Clock, fixed_clock, until_started, wait_for
from tests.tui.test_snapshots import Camera, run
from tui.app import SitboneApp


def card(app: SitboneApp) -> str:
    widget = app.screen.query_one("#outcomes", Static)
    return str(widget.render()) if widget.display else ""


def problem_at(app: SitboneApp, field: str) -> str:
    label = app.screen.query_one(f"#{field}-error", Label)
    return str(label.render()) if label.has_class("error") else ""


def notices(app: SitboneApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def measures(home: Home) -> list[tuple[str, int | None, str | None]]:
    return [
        (m.kind, m.score if m.kind == "visa-h" else m.sitting_min, m.chair)
        for _, m in Store(home).outcomes()
    ]


async def open_dialog(pilot) -> OutcomeDialog:
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, OutcomeDialog), "the dialog")
    await pilot.pause()
    return pilot.app.screen


async def test_the_reminder_the_dialog_and_undo(profiled_home: Home) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # The profile was made today: week 0 is due.
        assert card(app).startswith("VISA-H and sitting test due (week 0), until Fri 18 Dec")
        assert "press o to record them" in card(app)

        dialog = await open_dialog(pilot)
        assert dialog.query_one("#value", Input).has_focus
        assert not dialog.query_one("#chair-row").display  # the VISA-H has no chair
        assert "keeps only the total" in str(dialog.query_one("#about", Static).render())
        await pilot.press("1", "2", "0", "enter")
        await pilot.pause()
        assert problem_at(app, "value") == "A whole number from 0 to 100 (the VISA-H total)."
        assert isinstance(app.screen, OutcomeDialog) and measures(profiled_home) == []
        app.screen.query_one("#value", Input).value = ""
        await pilot.press("4", "8", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "the Dashboard")
        assert measures(profiled_home) == [("visa-h", 48, None)]
        assert "Saved: VISA-H 48/100. Press u to undo." in notices(app)
        await pilot.pause()
        assert card(app).startswith("Sitting test due (week 0)")
        assert "press o to record it." in card(app)

        # The dialog opens on what is still due: the sitting test, on a chair.
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#kind", RadioSet).pressed_button.id == "kind-sitting"
        assert dialog.query_one("#chair-row").display
        await pilot.press("6", "1", "enter")
        await pilot.pause()
        assert problem_at(app, "value").startswith("Whole minutes from 0 to 60")
        app.screen.query_one("#value", Input).value = "35"
        await pilot.press("tab", "right", "right", "space")  # the chair: hard, soft, car
        await pilot.pause()
        assert dialog.query_one("#chair", RadioSet).pressed_button.id == "chair-car"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "the Dashboard")
        assert measures(profiled_home) == [("visa-h", 48, None), ("sitting", 35, "car")]
        await pilot.pause()
        assert card(app) == ""

        # u undoes the last measure recorded here; the reminder comes back.
        await pilot.press("u")
        await wait_for(pilot, lambda: card(app) != "", "the reminder")
        assert measures(profiled_home) == [("visa-h", 48, None)]
        assert "Undone: the sitting test of Sat 21 Nov is removed." in notices(app)
        assert card(app).startswith("Sitting test due (week 0)")


async def test_a_bad_date_and_cancel_write_nothing(profiled_home: Home) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        dialog = await open_dialog(pilot)
        dialog.query_one("#value", Input).value = "50"
        dialog.query_one("#date", Input).value = "2026-11-22"
        await pilot.press("enter")
        await pilot.pause()
        assert problem_at(app, "date") == "The date is in the future."
        assert dialog.query_one("#date", Input).has_focus
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "the Dashboard")
        assert measures(profiled_home) == []
        assert card(app).startswith("VISA-H and sitting test due (week 0)")
        # Nothing recorded here: u has nothing to undo, and its key is not shown.
        assert app.screen.check_action("undo_outcome", ()) is False


async def test_the_reminder_follows_the_file_and_the_days(profiled_home: Home) -> None:
    clock = Clock(NOW)
    app = SitboneApp(home=profiled_home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # Both taken from the shell: the reminder goes without a keypress.
        store = Store(profiled_home, clock)
        for fields in ({"kind": "visa-h", "score": 50}, {"kind": "sitting", "sitting_min": 20}):
            chair = {"chair": "hard"} if fields["kind"] == "sitting" else {}
            store.add("outcomes", OutcomeMeasure.model_validate({"at": NOW, **fields, **chair}))
        app._check_file()
        await wait_for(pilot, lambda: card(app) == "", "the reminder to go")

        # Four weeks on, week 4 is due; coming back to the Dashboard shows it.
        clock.now = NOW + timedelta(weeks=4)
        await pilot.press("2", "1")
        await wait_for(pilot, lambda: "(week 4)" in card(app), "week 4's reminder")
        assert card(app).startswith("VISA-H and sitting test due (week 4), until Fri 12 Feb")


@pytest.fixture
def camera(snapshot, request: pytest.FixtureRequest) -> Camera:
    return Camera(snapshot, request)


async def test_the_dialog_picture(camera: Camera, profiled_home: Home) -> None:
    async with run(profiled_home, (80, 24)) as pilot:
        await until_started(pilot)
        await camera.take(pilot, "outcome_dialog", "o")
    camera.check()
