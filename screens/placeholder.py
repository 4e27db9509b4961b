"""Screens whose features are not built yet: each says honestly what is coming."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tui.widgets.screen import SitboneScreen


class PlaceholderScreen(SitboneScreen):
    PLAN = ""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="placeholder", can_focus=True):
            yield Markdown(self.PLAN)


class HistoryScreen(PlaceholderScreen):
    MODE = "history"
    PLAN = """\
## History: not built yet

This screen does not work yet. When it does, it will show everything you have logged,
pain entries, exercise sessions, runs and phase changes, in one timeline, newest first.

Until then, `sitbone export --format json` prints every record you have.
"""
