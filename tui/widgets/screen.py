"""What every main screen shares: the nav bar on top, the footer of keys below."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui.widgets.host import Host
from tui.widgets.navbar import NavBar


class SitboneScreen(Screen[None]):
    MODE = "dashboard"

    @property
    def sitbone(self) -> Host:
        """The app, through the interface screens may use (never the App class itself)."""
        return cast(Host, self.app)

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError
