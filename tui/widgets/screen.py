"""What every main screen shares: the nav bar on top, the footer of keys below."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from typing import cast

from textual._context import NoActiveAppError
from textual.app import ComposeResult, ScreenStackError
from textual.screen import Screen
from textual.widgets import Footer

from tui.widgets.host import Host
from tui.widgets.navbar import NavBar


class SitboneScreen(Screen[None]):
    MODE = "dashboard"

    def __init__(self) -> None:
        super().__init__()
        # A new screen is styled from the stylesheet as it stands when it mounts. Textual
        # counts it as having missed every style change so far, and so parses every style
        # sheet again when it is first shown (and again on its next visit): a tenth of a
        # second per screen for nothing. It has missed none.
        with contextlib.suppress(NoActiveAppError):  # built outside an app: nothing missed
            self._css_update_count = self.app._css_update_count

    # The keys the footer last showed: (key, action, enabled) of each active binding.
    _keys_shown: tuple[tuple[str, str, bool], ...] | None = None

    def refresh_bindings(self) -> None:
        """Redraw the footer only when the keys it shows have changed. A press that changes a
        record asks for a refresh in case a key came or went; most do not, and rebuilding the
        footer costs more than the rest of such a press."""
        try:
            shown = tuple(
                (key, active.binding.action, active.enabled)
                for key, active in self.active_bindings.items()
                if active.binding.show
            )
        except ScreenStackError:  # not shown yet: nothing to compare with
            super().refresh_bindings()
            return
        if shown != self._keys_shown:
            self._keys_shown = shown
            super().refresh_bindings()

    @property
    def sitbone(self) -> Host:
        """The app, through the interface screens may use (never the App class itself)."""
        return cast(Host, self.app)

    # What the screen's content was last drawn from (see `drawn_from`).
    _drawn_from: object = None

    def drawn_from(self) -> object:
        """What the content is drawn from: the data file as it stands, the day, and whether a
        run is under way."""
        app = self.sitbone
        return (app.journal.file_token(), app.clock().date(), app.current_run is not None)

    def redraw_on_resume(self, redraw: Callable[[], object]) -> None:
        """Coming back to a screen: it shows at once as it was left; `redraw` runs after that
        first frame, and only when what the screen is drawn from has changed since."""
        if not self.sitbone.ready:
            return
        if self._drawn_from is not None and self._drawn_from == self.drawn_from():
            return

        def draw() -> None:
            first = self._drawn_from is None  # asked twice before drawing: one first draw
            self._drawn_from = self.drawn_from()
            redraw()
            if first:
                # What a first visit sets out (its widgets, the records it parsed) lives as
                # long as the app: the collector need not walk it again in a key press (at
                # five years, a full collection of it is 50-100 ms).
                gc.freeze()

        self.call_after_refresh(draw)

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError
