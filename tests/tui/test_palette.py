"""The command palette (ctrl+p) by keyboard: every command is offered with the keys that do
the same, follows a remapped key, and does what those keys do, on their screen; commands that
cannot run now are left out or say why."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable

from textual.command import Command, CommandPalette
from textual.widgets import Input, TabbedContent
from textual.worker import Worker

from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.onboarding import OnboardingScreen
from screens.outcome_dialog import OutcomeDialog
from screens.red_flags import RedFlagsScreen
from screens.session_form import SessionForm
from store import Home
from tests.conftest import fixed_clock, until_started, wait_for
from tui.app import SitboneApp
from tui.widgets.navigation import PALETTE, SCREENS


class StillMonotonic:
    """The run timer's clock, standing still: a session started here never moves on."""

    def __call__(self) -> float:
        return 1000.0


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock, monotonic=StillMonotonic())


def notices(app: SitboneApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def settled(pilot, whose: Callable[[Worker[object]], bool]) -> None:
    """Wait for some of the app's workers only: a dialog's worker waits for the dialog."""
    workers = [worker for worker in pilot.app.workers if whose(worker)]
    if workers:  # an empty list would mean every worker
        await pilot.app.workers.wait_for_complete(workers)
    await pilot.pause()


async def offered(pilot, query: str = "") -> dict[str, str]:
    """Open the palette, type `query`, and return what it offers: title -> help text. The
    palette is left open."""
    app = pilot.app
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    palette = app.screen
    palette.query_one(Input).value = query  # as typed, in one go
    await settled(pilot, lambda worker: worker.node is palette)  # the palette's search
    hits = app.screen.query_one("CommandList").options
    return {str(hit.hit.text): str(hit.hit.help) for hit in hits if isinstance(hit, Command)}


async def run_command(pilot, title: str) -> None:
    """Choose the command `title` in the palette, as a person does: type it, press enter."""
    app = pilot.app
    hits = await offered(pilot, title)
    assert title in hits, f"{title} not offered: {sorted(hits)}"
    results = app.screen.query_one("CommandList")
    first = results.get_option_at_index(results.highlighted or 0)
    assert isinstance(first, Command) and str(first.hit.text) == title
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette")
    await settled(pilot, lambda worker: worker.group == "palette")  # the command's own


async def test_every_command_with_its_keys_does_what_they_do(demo_home: Home) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, DashboardScreen)

        # Offered, each with the keys that do the same.
        hits = await offered(pilot)
        expected = {
            "New check-in": "(4, n)",
            "Log a session": "(3, c, l)",
            "Start the suggested run": "(5, space)",
            "Sounds on/off": "(5, m)",
            "Weekly review": "(6, w)",
            "Record an outcome measure": "(1, o)",
            "Edit profile": "(1, e)",
            "Review red flags": "(1, f)",
            "Clinician report": "(6, r)",
            "Help: keys": "(?)",
            **{f"Go to {entry.title}": f"({entry.key})" for entry in SCREENS},
        }
        assert {entry.title for entry in PALETTE} <= set(expected)
        for title, keys in expected.items():
            assert hits.get(title, "").endswith(keys), (title, hits.get(title))
        assert "sitbone export" in hits["Export (JSON)"]
        # Textual's own, said in sitbone's terms.
        assert "kept in settings.yaml" in hits["Theme"]
        assert hits["Quit"].endswith("(q)")
        await pilot.press("escape")

        # Start, on a first visit to Run: the session set there (the suggested stage); then
        # there is nothing to start.
        await run_command(pilot, "Start the suggested run")
        await wait_for(pilot, lambda: app.current_run is not None, "the run to start")
        assert app.current_mode == "run" and app.current_run.timer.started
        assert app.current_run.stage == app.screen.state.next.stage
        assert "Start the suggested run" not in await offered(pilot, "Start")
        await pilot.press("escape")

        # New check-in: the Pain screen's form, focus on rest pain.
        await run_command(pilot, "New check-in")
        assert app.current_mode == "pain"
        assert app.screen.query_one(TabbedContent).active == "tab-check-in"
        assert app.focused is app.screen.query_one("#rest", Input)
        await pilot.press("escape")

        # Log a session: from the Sessions tab too, the checklist's highlighted exercise.
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await run_command(pilot, "Log a session")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionForm), "the session form")
        assert app.current_mode == "exercises"
        form = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not form, "the form to close")
        assert app.screen.query_one(TabbedContent).active == "tab-today"

        # Weekly review: History, on its Weekly tab.
        await run_command(pilot, "Weekly review")
        assert app.current_mode == "history"
        assert app.screen.query_one(TabbedContent).active == "tab-weekly"

        # The Dashboard's dialogs, opened over the Dashboard.
        for title, dialog in (
            ("Record an outcome measure", OutcomeDialog),
            ("Edit profile", OnboardingScreen),
            ("Review red flags", RedFlagsScreen),
        ):
            await run_command(pilot, title)
            await wait_for(pilot, lambda dialog=dialog: isinstance(app.screen, dialog), title)
            assert app.current_mode == "dashboard"
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "Dashboard")

        # Sounds: the Run screen's m, and the choice is kept.
        assert app.sounds
        await run_command(pilot, "Sounds on/off")
        assert app.current_mode == "run" and not app.sounds
        assert "Sounds off (the flash stays)." in notices(app)
        assert "run_sounds: false" in demo_home.settings_file.read_text()

        # The clinician report and the export: written, and where is said.
        await run_command(pilot, "Clinician report")
        report = demo_home.reports_dir / "sitbone-report-2026-11-21.html"
        assert report.exists() and any(str(report) in n for n in notices(app))
        await run_command(pilot, "Export (JSON)")
        export = demo_home.reports_dir / "sitbone-export-2026-11-21.json"
        assert json.loads(export.read_text(encoding="utf-8")) == app.journal.export()
        assert stat.S_IMODE(export.stat().st_mode) == 0o600
        assert any(str(export) in n for n in notices(app))

        # Help, and a screen by name.
        await run_command(pilot, "Help: keys")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await run_command(pilot, "Go to Learn")
        assert app.current_mode == "learn"


async def test_keys_shown_follow_the_keymap(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text(
        "keymap:\n  screen.pain: p\n  pain.new: ctrl+n\n  app.help: f1\n"
    )
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        hits = await offered(pilot)
        assert hits["New check-in"].endswith("(p, ^n)")
        assert hits["Go to Pain"].endswith("(p)")
        assert hits["Help: keys"].endswith("(f1)")
        # No command saves a picture of the screen (health data) to the Downloads folder.
        assert "Screenshot" not in hits and "Theme" in hits


async def test_commands_that_cannot_run_now(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # Onboarding: no profile yet, so only help and Textual's own commands.
        assert isinstance(app.screen, OnboardingScreen) and app.screen.first_run
        hits = await offered(pilot)
        assert "Help: keys" in hits and "Theme" in hits
        assert not {entry.title for entry in PALETTE} & set(hits)
        assert not any(title.startswith("Go to") for title in hits)
        await pilot.press("escape")

        # Through onboarding: phase 1, not running.
        await pilot.press("right", "enter", "tab", *"2026-09-01", "enter", "right", "enter", "tab")
        await pilot.press("end", "space", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "Dashboard")

        # Running is locked: the Run screen, and why nothing started.
        await run_command(pilot, "Start the suggested run")
        assert app.current_mode == "run" and app.current_run is None
        assert any("not unlocked" in n for n in notices(app))

        # A dialog open where the command would act: it says so and leaves it be.
        await pilot.press("1", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, OnboardingScreen), "the form")
        await run_command(pilot, "Record an outcome measure")
        assert isinstance(app.screen, OnboardingScreen)
        assert any("A dialog is open there" in n for n in notices(app))
