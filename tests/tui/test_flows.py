"""Keyboard flows, driven with Pilot the way a person uses the app. One app per starting home
and settings: the first run by keyboard and then a tour of every screen; the first run's
problems and a red flag; odd settings and no colour at both terminal sizes; remapped keys;
the screens shown when the data file or the content cannot be used."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Markdown, OptionList, RadioSet, SelectionList

from content import ContentError
from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.learn import LearnScreen
from screens.onboarding import OnboardingScreen
from screens.problem import ContentProblemScreen, RecoveryScreen
from store import Home, Store
from tests.conftest import fixed_clock, until_started
from tui.app import SitboneApp
from tui.widgets.navbar import NavBar
from tui.widgets.navigation import SCREENS


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


def error_text(app: SitboneApp, field: str) -> str:
    label = app.screen.query_one(f"#{field}-error")
    return str(label.render()) if label.has_class("shown") else ""


def nav_text(app: SitboneApp) -> str:
    return str(app.screen.query_one(NavBar).render())


async def test_first_run_by_keyboard_then_every_screen(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        # Onboarding by keyboard saves the profile.
        await until_started(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        # Side: the radio set has focus; move to "Right" and pick it.
        await pilot.press("right", "enter", "tab")
        await pilot.press(*"2026-09-01", "enter")
        await pilot.press("right", "enter", "tab")
        # Red flags: the last line is "none applies".
        await pilot.press("end", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        profile = Store(home).profile()
        assert profile is not None
        assert (profile.injured_side, profile.symptoms_began) == ("right", date(2026, 9, 1))
        assert profile.runs_now is False and profile.red_flags == ()
        assert "Right side" in str(app.screen.query_one("#profile").render())

        # All six screens by key.
        for entry in SCREENS:
            await pilot.press(entry.key)
            await pilot.pause()
            assert app.current_mode == entry.mode
            assert app.screen.query_one(NavBar).active == entry.mode
            assert f"{entry.key} {entry.title}" in nav_text(app)
        await pilot.press("1")
        assert isinstance(app.screen, DashboardScreen)

        # Help lists every key and closes.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query("Static"))
        for binding in (*SitboneApp.BINDINGS, *LearnScreen.BINDINGS, *DashboardScreen.BINDINGS):
            assert binding.id in shown
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)

        # The command palette switches screens.
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Go to Learn"  # as typed, in one go
        await app.workers.wait_for_complete()  # the palette's search for it
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "learn"

        # Learn: filter and read a page.
        screen = app.screen
        assert isinstance(screen, LearnScreen)
        pages = screen.query_one("#pages", OptionList)
        assert pages.option_count == len(app.library.pages)
        await pilot.press("slash", *"shockwave")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        # Digits typed in the filter stay in the filter.
        await pilot.press("3")
        assert app.current_mode == "learn"
        await pilot.press("backspace", "enter")
        assert app.focused is pages
        titles = [pages.get_option_at_index(i).id for i in range(pages.option_count)]
        assert "treatments" in titles
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is screen.query_one("#reader")
        assert screen.shown is not None
        source = screen.query_one("#page", Markdown).source
        assert source.startswith(f"# {screen.shown.title}")
        assert "Education, not a diagnosis" in source and "## Sources" in source
        await pilot.press("pagedown")
        await pilot.press("escape")
        assert pages.option_count == len(app.library.pages)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.shown == app.library.pages[1]
        # A filter with no match says so.
        await pilot.press("slash")
        screen.query_one("#filter", Input).value = "xylophone"
        await pilot.pause()
        assert "No page matches" in str(screen.query_one("#no-match").render())
        await pilot.press("escape")

        # Edit the profile from the Dashboard: escape keeps it, ctrl+s saves the change.
        await pilot.press("1", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OnboardingScreen) and not form.first_run
        assert form.query_one("#onset", Input).value == "2026-09-01"
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#runs-yes").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        profile = Store(home).profile()
        assert profile.runs_now is True and profile.injured_side == "right"
        assert "running now" in str(app.screen.query_one("#profile").render())


async def test_first_run_problems_at_fields_then_a_red_flag(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # Errors show at their fields and nothing is written.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose the side" in error_text(app, "side")
        assert "YYYY-MM-DD" in error_text(app, "onset")
        assert "yes or no" in error_text(app, "runs")
        assert "None of these" in error_text(app, "flags")
        assert isinstance(app.focused, RadioSet)
        # A future onset date is refused at its field.
        app.screen.query_one("#onset", Input).value = "2027-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "future" in error_text(app, "onset")
        assert isinstance(app.screen, OnboardingScreen)
        assert not home.data_file.exists()

        # Screen keys are blocked until onboarding is done.
        app.screen.query_one("#side", RadioSet).blur()
        await pilot.press("2", "6")
        assert isinstance(app.screen, OnboardingScreen)
        assert not home.data_file.exists()

        # A red flag advises a clinician and still lets you continue.
        screen = app.screen
        screen.query_one("#side-both").value = True
        screen.query_one("#onset", Input).value = "2026-10-01"
        screen.query_one("#runs-yes").value = True
        flags = screen.query_one("#flags", SelectionList)
        flags.focus()
        await pilot.press("home", "space")
        await pilot.pause()
        advice = screen.query_one("#flag-advice")
        assert advice.has_class("shown")
        assert "see a clinician" in str(advice.render())
        await pilot.press("end", "space", "ctrl+s")
        await pilot.pause()
        assert "untick" in error_text(app, "flags")
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert Store(home).profile().red_flags == ("cauda-equina",)
        [(_, change)] = Store(home).red_flag_history()
        assert change.raised == ("cauda-equina",)
        assert "Red flags open: 1" in str(app.screen.query_one("#profile").render())
        card = str(app.screen.query_one("#red-flags").render())
        assert "emergency" in card and "advancing a phase" in card


async def test_bad_settings_and_no_colour_at_both_sizes(
    demo_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_home.settings_file.write_text("keymap: [1, 2]\n")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # Bad settings warn and keep the default keys.
        assert any("settings.yaml" in n.message for n in app._notifications)
        # Without colour the active screen is still marked.
        assert app.no_color
        nav = app.screen.query_one(NavBar).render()
        active = [span for span in nav.spans if "reverse" in str(span.style)]
        assert len(active) == 1
        assert nav.plain[active[0].start : active[0].end].strip() == "1 Dashboard"

        # Everything needed is on screen, at 80x24 and at 60x20.
        for width, height in ((80, 24), (60, 20)):
            if (width, height) != (80, 24):
                await pilot.resize_terminal(width, height)
                await pilot.press("1")
                await pilot.pause()
            assert all(f"{entry.key} " in nav_text(app) for entry in SCREENS)
            footer = app.screen.query_one("Footer")
            assert footer.region.bottom == height
            await pilot.press("2")
            await pilot.pause()
            assert app.current_mode == "learn"
            reader = app.screen.query_one("#reader")
            assert reader.region.width >= 30, width
            assert app.screen.query_one("#pages").region.width >= 18, width

            if width == 80:
                # The pain history's zones read without colour: a dot and a word.
                await pilot.press("4", "h")
                await pilot.pause()
                table = app.screen.query_one("#history-table", DataTable)
                zones = {str(table.get_row_at(i)[5]) for i in range(table.row_count)}
                assert zones <= {"● green", "● amber", "● red"} and len(zones) >= 2


async def test_keys_remapped_in_settings(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text("keymap:\n  screen.learn: l\n")
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert " l Learn " in nav_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.current_mode == "learn"
        assert " l Learn " in nav_text(app)


async def test_recovery_screen_for_a_damaged_file(profiled_home: Home) -> None:
    Store(profiled_home, fixed_clock).save_profile(Store(profiled_home).profile())
    profiled_home.data_file.write_text('{"app": "sitbone", "schema": 1, "tables": [')
    damaged = profiled_home.data_file.read_bytes()
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert str(profiled_home.data_file) in text and "not valid JSON" in text
        assert "sitbone-2026-11-21.json" in text and "restore" in text
        await pilot.press("2")
        assert isinstance(app.screen, RecoveryScreen)
        assert profiled_home.data_file.read_bytes() == damaged
        await pilot.press("r", "y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert Store(profiled_home).profile() is not None
    kept = list(profiled_home.root.glob("sitbone.json.damaged-*"))
    assert [path.read_bytes() for path in kept] == [damaged]


async def test_recovery_screen_for_a_newer_file_without_backup(home: Home) -> None:
    home.ensure()
    home.data_file.write_text('{"app": "sitbone", "schema": 99, "tables": {}}')
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "newer sitbone" in text and "no backup" in text
        await pilot.press("r")
        assert isinstance(app.screen, RecoveryScreen)
    assert home.data_file.read_text() == '{"app": "sitbone", "schema": 99, "tables": {}}'


async def test_content_problem_screen(profiled_home: Home, monkeypatch, tmp_path) -> None:
    def broken():
        raise ContentError(tmp_path / "learn" / "x.md", "sources", "Field required")

    monkeypatch.setattr("journal.journal.load_library", broken)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert isinstance(app.screen, ContentProblemScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "x.md" in text and "sources" in text
