"""What every main screen shares: the nav bar on top, the footer of keys below."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui.navbar import NavBar

if TYPE_CHECKING:
    from tui.app import SitboneApp


class SitboneScreen(Screen[None]):
    MODE = "dashboard"

    @property
    def sitbone(self) -> SitboneApp:
        return cast("SitboneApp", self.app)

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError
