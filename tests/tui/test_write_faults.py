"""When a write cannot happen, nothing typed is lost: the form keeps it and says why, and a
second sitbone holding the lock makes the app wait without freezing, saying so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from screens.exercises import ExercisesScreen
from screens.pain import PainScreen
from screens.session_form import SessionForm
from store import Home, Store, StoreFault
from store.repository import Store as StoreClass
from tests.conftest import fixed_clock, until_started
from tui.app import SitboneApp

HOLD_LOCK = """
import sys
from pathlib import Path
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.readline()  # held until the test says so
lock.release()
"""


def notices(app: SitboneApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: StoreClass, *args: object, **kwargs: object) -> None:
        raise StoreFault(self.path, "the disk is full; nothing was written")

    for name in ("add", "add_many", "replace"):
        monkeypatch.setattr(StoreClass, name, refuse)


async def test_a_failed_check_in_keeps_what_was_typed(profiled_home: Home, full_disk) -> None:
    before = profiled_home.data_file.read_bytes()
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("4", "n", "3", "tab", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        assert app.screen.query_one("#rest", Input).value == "3"
        assert app.screen.query_one("#load_test", Input).value == "2"
        assert "Nothing saved" in notices(app) and "the disk is full" in notices(app)
    assert profiled_home.data_file.read_bytes() == before


async def test_a_failed_session_keeps_its_form_open(profiled_home: Home, full_disk) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3", "l")
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
    assert Store(profiled_home).exercise_sessions() == []


async def test_the_app_waits_for_another_writer_without_freezing(profiled_home: Home) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(profiled_home.lock_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        app = SitboneApp(home=profiled_home, clock=fixed_clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_started(pilot)
            await pilot.press("4", "n", "1", "enter")
            for _ in range(50):
                await pilot.pause()
                if "waiting for it to finish" in notices(app):
                    break
            assert "waiting for it to finish" in notices(app)
            assert Store(profiled_home).pain_entries() == []
            # The app still answers keys while it waits.
            await pilot.press("escape", "h")
            await pilot.pause()
            assert app.screen.query_one("#pain-tabs").active == "tab-history"
            assert holder.stdin is not None
            holder.stdin.write("go\n")
            holder.stdin.flush()
            for _ in range(200):
                await pilot.pause(0.05)
                if Store(profiled_home).pain_entries():
                    break
            [(_, entry)] = Store(profiled_home).pain_entries()
            assert entry.rest == 1
    finally:
        holder.kill()
        holder.wait()
