"""Help: every key, read from the bindings themselves so it cannot drift from the app."""

from __future__ import annotations

import importlib

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.widgets.dialog import Dialog
from tui.widgets.navigation import DIALOGS, SCREENS
from tui.widgets.tables import MARK

MOVING_AROUND = [
    ("tab, shift+tab", "move between fields and panels"),
    ("arrows, pgup, pgdn", "move in lists, scroll text"),
    ("enter", "choose, open, press the focused button"),
    ("space", "tick an item, pick an option"),
    ("ctrl+p", "command palette: screens, main actions with their keys, theme"),
]


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content.from_markup("[b]Keys[/b]  (escape closes)"))
            yield Static(self._section("Everywhere", self._rows(self.app.BINDINGS)))
            # Screens and dialogs by name, as the app opens them: help imports none of them.
            # Each lists its own keys; those it shares with others are listed once, apart.
            places = [(f"{entry.title} screen", entry.module, entry.cls) for entry in SCREENS]
            every: list[BindingType] = []
            for title, module, name in (*places, *DIALOGS):
                own = getattr(importlib.import_module(module), name).__dict__.get("BINDINGS", [])
                every += own
                if own:
                    yield Static(self._section(title, self._rows(own)))
            yield Static(self._section("Moving around", MOVING_AROUND))
            report, sounds = (
                self.sitbone.key_for(binding_id, every)
                for binding_id in ("history.report", "run.sounds")
            )
            yield Static(
                f"{MARK} in a table marks a record for your physio; the clinician report "
                f"({report} on History, or `sitbone report`) lists it.",
                classes="keys",
            )
            yield Static(
                "Keys can be changed in settings.yaml in your sitbone folder "
                "(see `sitbone where`), by the binding id shown in brackets. The theme "
                f"(palette: Theme) and the run sounds ({sounds} on Run) are kept there too.",
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
