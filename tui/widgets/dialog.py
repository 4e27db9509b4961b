"""What every dialog shares: the host through its typed interface, the closing keys line,
and saving what the dialog produced without losing what was typed when the write fails."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

from textual.screen import ModalScreen
from textual.widgets import Label

from tui.widgets.host import Host

T = TypeVar("T")
R = TypeVar("R")
# Writes what a dialog produced; True once it is saved.
Save = Callable[[T], Awaitable[bool]]


class Dialog(ModalScreen[R]):
    """A dialog over a screen: dismisses with its result (None when cancelled)."""

    @property
    def sitbone(self) -> Host:
        """The app, through the interface screens may use (never the App class itself)."""
        return cast(Host, self.app)

    async def saved(self, save: Save[T] | None, value: T) -> bool:
        """Save `value` through `save` (if the dialog has one). When the write fails, the
        dialog stays open with everything typed and says so at its foot (#save-problem);
        the notification says why."""
        if save is None or await save(value):
            return True
        label = self.query_one("#save-problem", Label)
        label.update(
            "Not saved yet (the message says why). What you typed is kept: enter tries again."
        )
        label.add_class("error")
        return False
