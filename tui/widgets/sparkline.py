"""A one-line pain sparkline: one cell per day, height for the score, colour for the zone, and
a dot for a day without a check-in. Textual's Sparkline widget has no gaps or per-cell colour,
and a missed day drawn as 0 would read as a good day."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from rules.pain import DEFAULT_LIMITS, PainThresholds, zone
from tui.widgets.zones import ZONE_STYLE

BARS = "▁▂▃▄▅▆▇█"
# The bar for each score 0-10. Eight heights for eleven scores: the low end gets one height
# each, so the 0-3 of a good fortnight does not read as a flat line, and the higher scores
# share (their zone colour tells them apart as well).
BAR_FOR_SCORE = (0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 7)
MISSING = "·"


def pain_sparkline(values: Sequence[int | None], limits: PainThresholds = DEFAULT_LIMITS) -> Text:
    line = Text()
    for value in values:
        if value is None:
            line.append(MISSING, style="dim")
        else:
            bar = BARS[BAR_FOR_SCORE[min(max(value, 0), 10)]]
            line.append(bar, style=ZONE_STYLE[zone(value, limits)])
    return line
