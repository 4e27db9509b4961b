"""Text with hanging indents: a gate criterion's label and evidence wrap under themselves, not
under its mark. Textual wraps a line back to the left edge, so these lines are wrapped here, at
the widget's width, and again whenever that width changes."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

# Only measures text: nothing is ever printed through it.
_MEASURE = Console(file=io.StringIO(), width=1000, color_system=None)
NARROWEST = 20  # never wrap a body narrower than this, however small the terminal
FALLBACK_WIDTH = 76  # before the first layout, when the width is not known yet


def append_hanging(text: Text, lead: Text, body: Text, indent: int, width: int) -> None:
    """`lead` (`indent` cells wide) then `body` wrapped to the width left, every further line
    indented to start under the body's first."""
    room = max(width - indent, NARROWEST)
    for number, line in enumerate(body.wrap(_MEASURE, room, overflow="fold")):
        text.append_text(lead if number == 0 else Text(" " * indent))
        text.append_text(line)
        text.append("\n")


class HangingText(Static):
    """A Static drawn by `build(width)`, redrawn when its width changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._build: Callable[[int], Text] | None = None
        self._drawn_width = -1

    def show(self, build: Callable[[int], Text]) -> None:
        self._build = build
        self._draw()

    def on_resize(self) -> None:
        if self.content_size.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        if self._build is None:
            return
        width = self.content_size.width
        self._drawn_width = width
        self.update(self._build(width or FALLBACK_WIDTH))
