"""The sitbone App: screens as modes, global keys, start-up checks and the command palette."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from store.home import Home
from tui.navigation import SCREENS

if TYPE_CHECKING:
    from content.loader import Library
    from store.changes import Change
    from store.repository import Store

Clock = Callable[[], datetime]


def _lazy_screen(module: str, cls: str) -> Callable[[], Screen]:
    # Screens are imported on first visit, so start-up only pays for the Dashboard.
    return lambda: getattr(importlib.import_module(module), cls)()


class SitboneApp(App[None]):
    class Started(Message):
        """Content, data and settings are checked; screens may read the store."""

    TITLE = "sitbone"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    MODES = {entry.mode: _lazy_screen(entry.module, entry.cls) for entry in SCREENS}
    BINDINGS = [
        *(
            Binding(
                entry.key,
                f"show_screen('{entry.mode}')",
                entry.title,
                show=False,
                id=f"screen.{entry.mode}",
            )
            for entry in SCREENS
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self, home: Home, clock: Clock = datetime.now, library: Library | None = None
    ) -> None:
        super().__init__()
        self.home = home
        self.clock = clock
        self._store: Store | None = None
        self._library = library
        self._keymap: dict[str, str] = {}
        # True once content, data and settings have been checked (see `start`).
        self.ready = False
        # Changes made in this session, newest last: `u` undoes them one by one.
        self.changes: list[Change] = []

    @property
    def library(self) -> Library:
        assert self._library is not None, "content is loaded by start()"
        return self._library

    @property
    def store(self) -> Store:
        assert self._store is not None, "the store is opened by start()"
        return self._store

    def key_for(self, binding_id: str) -> str:
        """The key shown for a binding, after any remapping in settings.yaml."""
        if binding_id in self._keymap:
            return self._keymap[binding_id].split(",")[0].strip()
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return binding.key
        return "?"

    def on_mount(self) -> None:
        # Draw the Dashboard's frame first, then load data and content (pydantic, YAML) once
        # it is on screen: the person sees the app at once, filled a moment later.
        self.switch_mode("dashboard")
        self.call_after_refresh(self.start)

    def start(self) -> None:
        """Check content, data and settings, then fill the Dashboard (and onboard if new)."""
        from content.loader import ContentError, load_library
        from screens.problem import ContentProblemScreen, RecoveryScreen
        from store.errors import DataFileError
        from store.repository import Store
        from store.settings import SettingsError, load_settings

        self.ready = False
        try:
            if self._library is None:
                self._library = load_library()
        except ContentError as error:
            self.push_screen(ContentProblemScreen(error))
            return
        self._store = Store(self.home, self.clock)
        try:
            self.store.check()
        except DataFileError as error:
            self.push_screen(RecoveryScreen(error))
            return
        try:
            self._keymap = load_settings(self.home.settings_file).keymap
            self.set_keymap(self._keymap)
        except SettingsError as error:
            self.notify(f"{error}. Using default keys.", severity="warning", timeout=15)
        self.ready = True
        self.refresh_bindings()
        self.screen.post_message(self.Started())
        if self.store.profile() is None:
            from screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until start-up checks pass and a profile exists, only the current screen is reachable.
        if action == "show_screen":
            return self.ready and not self.onboarding_open
        return True

    @property
    def onboarding_open(self) -> bool:
        from screens.onboarding import OnboardingScreen

        return isinstance(self.screen, OnboardingScreen) and self.screen.first_run

    def action_show_screen(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_edit_profile(self) -> None:
        from screens.onboarding import OnboardingScreen

        if self.ready and not isinstance(self.screen, OnboardingScreen):
            self.push_screen(OnboardingScreen(profile=self.store.profile()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.ready and not self.onboarding_open:
            for entry in SCREENS:
                key = self.key_for(f"screen.{entry.mode}")
                yield SystemCommand(
                    f"Go to {entry.title}",
                    f"Switch to the {entry.title} screen (key {key})",
                    lambda mode=entry.mode: self.action_show_screen(mode),
                )
            yield SystemCommand(
                "Edit profile", "Change injured side, onset date, running", self.action_edit_profile
            )
        yield SystemCommand("Help: keys", "List every key (?)", self.action_help)
        yield from super().get_system_commands(screen)
