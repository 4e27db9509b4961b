"""The bar at the top of every screen: the app's name and the six screens, the active one marked."""

from __future__ import annotations

from typing import cast

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.widgets.host import Host
from tui.widgets.navigation import SCREENS


class NavBar(Widget):
    active: reactive[str] = reactive("dashboard")

    def __init__(self, active: str) -> None:
        super().__init__()
        self.set_reactive(NavBar.active, active)

    def render(self) -> Content:
        host = cast(Host, self.app)  # the App, through the interface widgets may use
        keys = {entry.mode: host.key_for(f"screen.{entry.mode}") for entry in SCREENS}
        full = len(" sitbone ") + sum(len(e.title) + len(keys[e.mode]) + 3 for e in SCREENS)
        parts = ["[b] sitbone [/b]"]
        for entry in SCREENS:
            label = entry.title if self.size.width >= full else entry.short
            chunk = f" {keys[entry.mode]} {label} "
            if entry.mode == self.active:
                # Reverse video marks the active screen even with NO_COLOR.
                parts.append(f"[reverse b]{chunk}[/]")
            else:
                parts.append(f"[@click=app.show_screen('{entry.mode}')]{chunk}[/]")
        return Content.from_markup("".join(parts))
