"""Help (?) lists every key: each binding with an id, anywhere in screens/ and tui/, with the
key a remapping in settings.yaml gives it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import screens
import tui
from screens.help import HelpScreen
from store import Home
from tests.conftest import fixed_clock, until_started, wait_for
from tui.app import SitboneApp


def every_binding() -> dict[str, Binding]:
    """Each binding with an id, of every class defined in screens/ and tui/, by id."""
    found: dict[str, Binding] = {}
    for package in (screens, tui):
        for module_info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module_info.name.endswith(".__main__"):
                continue  # it runs the app
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                for binding in cls.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        found[binding.id] = binding
    return found


def test_every_binding_is_found() -> None:
    found = every_binding()
    # A few from each kind of place: app, screen, shared screen, dialog, widget.
    assert {"app.help", "pain.new", "history.older", "run_after.save", "confirm.yes"} <= set(found)
    assert len(found) > 90


async def test_help_lists_every_key(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text("keymap:\n  pain.new: ctrl+n\n  end_run.save: v\n")
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        shown = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        missing = [binding_id for binding_id in every_binding() if f"({binding_id})" not in shown]
        assert not missing
        lines = shown.splitlines()
        assert any(line.split() == ["^n", "New", "check-in", "(pain.new)"] for line in lines)
        assert any(line.split() == ["v", "Save", "partial", "(end_run.save)"] for line in lines)
