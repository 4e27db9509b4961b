"""When a write cannot happen, nothing typed is lost: the form keeps it and says why, and a
second sitbone holding the lock makes the app wait without freezing, saying so."""

from __future__ import annotations

import fcntl
import os

import pytest
from textual.widgets import Input, Label

from screens.exercises import ExercisesScreen
from screens.pain import PainScreen
from screens.session_form import SessionForm
from store import Home, Store, StoreFault
from store.repository import Store as StoreClass
from tests.conftest import fixed_clock, until_started, wait_for
from tui.app import SitboneApp


def notices(app: SitboneApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: StoreClass, *args: object, **kwargs: object) -> None:
        raise StoreFault(self.path, "the disk is full; nothing was written")

    for name in ("add", "add_many", "replace"):
        monkeypatch.setattr(StoreClass, name, refuse)


async def test_a_failed_check_in_and_a_failed_session_keep_what_was_typed(
    profiled_home: Home, full_disk
) -> None:
    before = profiled_home.data_file.read_bytes()
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # A check-in: the form keeps the scores and the notification says why.
        await pilot.press("4", "n", "3", "tab", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        assert app.screen.query_one("#rest", Input).value == "3"
        assert app.screen.query_one("#load_test", Input).value == "2"
        assert "Nothing saved" in notices(app) and "the disk is full" in notices(app)

        # An exercise session: its form stays open with what was typed.
        await pilot.press("escape", "3", "l")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm)
        app.screen.query_one("#pain", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm), "the form closed and lost what was typed"
        assert app.screen.query_one("#pain", Input).value == "2"
        problem = app.screen.query_one("#save-problem", Label)
        assert problem.has_class("error") and "Not saved yet" in str(problem.render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
    assert profiled_home.data_file.read_bytes() == before
    assert Store(profiled_home).exercise_sessions() == []


async def test_the_app_waits_for_another_writer_without_freezing(profiled_home: Home) -> None:
    # A second open file holding flock on the lock file is, to the kernel, another sitbone
    # in the middle of a write; it lets go when the test says so.
    holder = os.open(profiled_home.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        app = SitboneApp(home=profiled_home, clock=fixed_clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_started(pilot)
            await pilot.press("4", "n", "1", "enter")
            await wait_for(pilot, lambda: "waiting for it to finish" in notices(app), "the notice")
            assert Store(profiled_home).pain_entries() == []
            # The app still answers keys while it waits.
            await pilot.press("escape", "h")
            await pilot.pause()
            assert app.screen.query_one("#pain-tabs").active == "tab-history"
            fcntl.flock(holder, fcntl.LOCK_UN)
            # The lock is let go; the app's wait ends and the check-in is written.
            await wait_for(pilot, lambda: Store(profiled_home).pain_entries(), "the write")
            [(_, entry)] = Store(profiled_home).pain_entries()
            assert entry.rest == 1
    finally:
        os.close(holder)
