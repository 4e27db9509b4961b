"""Choices made in the app stay: the theme (the palette's Theme) and the run sounds (m on Run)
are written to settings.yaml, the rest of the file kept, and read at the next start. A
settings.yaml that cannot be used is never written over, and an unknown theme is reported."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from store import Home
from tests.conftest import fixed_clock, until_started, wait_for
from tui.app import SitboneApp

WRITTEN_BY_HAND = """\
# My sitbone settings
keymap:
  screen.learn: l   # l for Learn
week_starts: sunday # the first day of the week
run_sounds: true
"""


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


def notices(app: SitboneApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def choose_theme(pilot, name: str) -> None:
    """The palette's Theme command, then the theme by name, as a person types them."""
    app = pilot.app
    for typed in ("Theme", name):
        if not isinstance(app.screen, CommandPalette):
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        palette = app.screen
        palette.query_one(Input).value = typed
        searches = [worker for worker in app.workers if worker.node is palette]
        if searches:
            await app.workers.wait_for_complete(searches)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda palette=palette: app.screen is not palette, "the choice")
    await wait_for(pilot, lambda: app.theme == name, f"the theme {name}")
    await pilot.pause()


async def test_theme_and_sounds_stay_from_one_run_to_the_next(profiled_home: Home) -> None:
    profiled_home.settings_file.write_text(WRITTEN_BY_HAND)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert app.sounds and app.theme == "textual-dark"
        # Starting writes nothing.
        assert profiled_home.settings_file.read_text() == WRITTEN_BY_HAND
        await choose_theme(pilot, "nord")
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert not app.sounds

    # The two choices are in the file; what was written by hand is kept, comments too.
    text = profiled_home.settings_file.read_text()
    assert "theme: nord" in text and "run_sounds: false" in text
    for line in (
        "# My sitbone settings",
        "  screen.learn: l   # l for Learn",
        "week_starts: sunday",
    ):
        assert line in text

    again = make_app(profiled_home)
    async with again.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert again.theme == "nord" and not again.sounds
        assert " l Learn " in str(again.screen.query_one("NavBar").render())
        assert not notices(again)
        # Back on, and kept.
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert again.sounds
    assert "run_sounds: true" in profiled_home.settings_file.read_text()


async def test_settings_that_cannot_be_used_are_never_written_over(profiled_home: Home) -> None:
    invalid = "keymap: [1, 2]   # not a mapping\ntheme: nord\n"
    profiled_home.settings_file.write_text(invalid)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert any("settings.yaml" in n and "default" in n for n in notices(app))
        assert app.theme == "textual-dark" and app.sounds  # the defaults
        await choose_theme(pilot, "gruvbox")
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert not app.sounds
        left = [n for n in notices(app) if "settings.yaml was left as it is" in n]
        assert len(left) == 2 and "gruvbox" in left[0] and "Sounds off" in left[1]
        assert all("for this session only" in n and "keymap" in n for n in left)
    assert profiled_home.settings_file.read_text() == invalid


async def test_an_unknown_theme_is_reported_and_the_default_used(profiled_home: Home) -> None:
    written = "theme: no-such-theme\nrun_sounds: false\n"
    profiled_home.settings_file.write_text(written)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert app.theme == "textual-dark" and not app.sounds
        [notice] = notices(app)
        assert str(profiled_home.settings_file) in notice
        assert "theme: no theme is named 'no-such-theme'" in notice
        assert "Using the default theme." in notice
    assert profiled_home.settings_file.read_text() == written
