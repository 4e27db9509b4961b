"""Help: every key, read from the bindings themselves so it cannot drift from the app."""

from __future__ import annotations

import importlib

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.navigation import SCREENS

MOVING_AROUND = [
    ("tab, shift+tab", "move between fields and panels"),
    ("arrows, pgup, pgdn", "move in lists, scroll text"),
    ("enter", "choose, open, press the focused button"),
    ("space", "tick an item, pick an option"),
    ("ctrl+p", "command palette: screens and main actions"),
]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "modal.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content.from_markup("[b]Keys[/b]  (escape closes)"))
            yield Static(self._section("Everywhere", self._rows(self.app.BINDINGS)))
            for entry in SCREENS:
                cls = getattr(importlib.import_module(entry.module), entry.cls)
                own = cls.__dict__.get("BINDINGS", [])
                if own:
                    yield Static(self._section(f"{entry.title} screen", self._rows(own)))
            from screens.onboarding import OnboardingScreen
            from screens.red_flags import RedFlagsScreen

            yield Static(self._section("Profile form", self._rows(OnboardingScreen.BINDINGS)))
            yield Static(self._section("Red flag review", self._rows(RedFlagsScreen.BINDINGS)))
            yield Static(self._section("Moving around", MOVING_AROUND))
            yield Static(
                "Keys can be changed in settings.yaml in your sitbone folder "
                "(see `sitbone where`), by the binding id shown in brackets.",
                classes="keys",
            )

    def _rows(self, bindings: list[BindingType]) -> list[tuple[str, str]]:
        keymap: dict[str, str] = getattr(self.app, "_keymap", {})
        rows = []
        for binding in bindings:
            if isinstance(binding, Binding):
                keys = keymap.get(binding.id or "", binding.key).split(",")
                shown = ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys)
                rows.append((shown, f"{binding.description}  ({binding.id})"))
        return rows

    @staticmethod
    def _section(title: str, rows: list[tuple[str, str]]) -> Content:
        # Content.assemble, not markup: keys such as '[' must print as themselves.
        parts: list[str | tuple[str, str]] = [(title, "bold")]
        for keys, what in rows:
            parts.append("\n  ")
            parts.append((f"{keys:<18}", "bold"))
            parts.append(f" {what}")
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
