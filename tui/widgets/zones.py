"""How a pain zone looks: a symbol and the word, coloured, so it reads with or without colour."""

from __future__ import annotations

from rich.text import Text

from rules.pain import Zone

ZONE_STYLE = {Zone.GREEN: "bold green", Zone.AMBER: "bold yellow", Zone.RED: "bold red"}


def zone_text(found: Zone) -> Text:
    return Text(f"● {found.colour}", style=ZONE_STYLE[found])
