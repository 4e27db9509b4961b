"""A one-line pain sparkline: one cell per day, height for the score, colour for the zone, and
a dot for a day without a check-in. Textual's Sparkline widget has no gaps or per-cell colour,
and a missed day drawn as 0 would read as a good day."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from rules.pain import DEFAULT_LIMITS, PainThresholds, zone
from screens.zones import ZONE_STYLE

BARS = "▁▂▃▄▅▆▇█"
MISSING = "·"


def pain_sparkline(values: Sequence[int | None], limits: PainThresholds = DEFAULT_LIMITS) -> Text:
    line = Text()
    for value in values:
        if value is None:
            line.append(MISSING, style="dim")
        else:
            line.append(
                BARS[round(value * (len(BARS) - 1) / 10)], style=ZONE_STYLE[zone(value, limits)]
            )
    return line
