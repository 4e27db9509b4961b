"""Keyboard flows, driven with Pilot the way a person uses the app."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Markdown, OptionList, RadioSet, SelectionList

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


async def test_onboarding_by_keyboard_saves_profile(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
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


async def test_onboarding_shows_errors_at_fields_and_writes_nothing(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
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


async def test_screen_keys_are_blocked_until_onboarding_is_done(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        app.screen.query_one("#side", RadioSet).blur()
        await pilot.press("2", "6")
        assert isinstance(app.screen, OnboardingScreen)


async def test_red_flag_advises_a_clinician_and_still_lets_you_continue(home: Home) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
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


async def test_switching_all_six_screens_by_key(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        for entry in SCREENS:
            await pilot.press(entry.key)
            await pilot.pause()
            assert app.current_mode == entry.mode
            assert app.screen.query_one(NavBar).active == entry.mode
            assert f"{entry.key} {entry.title}" in str(app.screen.query_one(NavBar).render())
        await pilot.press("1")
        assert isinstance(app.screen, DashboardScreen)


async def test_placeholders_say_honestly_what_is_not_built(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        for key in "6":
            await pilot.press(key)
            await pilot.pause()
            text = app.screen.query_one(Markdown).source
            assert "not built yet" in text


async def test_help_lists_every_key_and_closes(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query("Static"))
        for binding in (*SitboneApp.BINDINGS, *LearnScreen.BINDINGS, *DashboardScreen.BINDINGS):
            assert binding.id in shown
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_learn_filter_and_read_a_page(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("2")
        await pilot.pause()
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


async def test_learn_filter_with_no_match_says_so(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("2", "slash", *"xylophone")
        await pilot.pause()
        assert "No page matches" in str(app.screen.query_one("#no-match").render())


async def test_edit_profile_from_dashboard(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("e")
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
        profile = Store(profiled_home).profile()
        assert profile.runs_now is True and profile.injured_side == "left"
        assert "running now" in str(app.screen.query_one("#profile").render())


async def test_command_palette_switches_screens(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to Learn")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "learn"


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


async def test_keys_remapped_in_settings(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text("keymap:\n  screen.learn: l\n")
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert app.current_mode == "learn"
        assert " l Learn " in str(app.screen.query_one(NavBar).render())


async def test_bad_settings_warn_and_keep_default_keys(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text("keymap: [1, 2]\n")
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert any("settings.yaml" in n.message for n in app._notifications)
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "learn"


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_everything_needed_is_on_screen(demo_home: Home, size: tuple[int, int]) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=size) as pilot:
        await until_started(pilot)
        nav = str(app.screen.query_one(NavBar).render())
        assert all(f"{entry.key} " in nav for entry in SCREENS)
        footer = app.screen.query_one("Footer")
        assert footer.region.bottom == size[1]
        await pilot.press("2")
        await pilot.pause()
        reader = app.screen.query_one("#reader")
        assert reader.region.width >= 30
        assert app.screen.query_one("#pages").region.width >= 18


async def test_no_color_still_marks_the_active_screen(demo_home: Home, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert app.no_color
        nav = app.screen.query_one(NavBar).render()
        active = [span for span in nav.spans if "reverse" in str(span.style)]
        assert len(active) == 1
        assert nav.plain[active[0].start : active[0].end].strip() == "1 Dashboard"
