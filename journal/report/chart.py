"""The morning-pain chart as a scene of shapes in millimetres: the HTML copy writes it as SVG,
the PDF copy draws it. One drawing, so both copies show the same marks. No textual."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from journal.report.data import PainChart
from rules.pain import Morning
from rules.run import Outcome

WIDTH, HEIGHT = 186.0, 66.0
LEFT, RIGHT, TOP, BOTTOM = 9.0, 3.0, 8.0, 16.0
# A line is broken over a gap longer than this: a week without check-ins is not a trend.
JOIN_DAYS = 3

Colour = tuple[int, int, int]
REST: Colour = (31, 78, 156)
LOAD: Colour = (200, 95, 20)
GRID: Colour = (190, 190, 190)
TEXT: Colour = (60, 60, 60)
ZONES: tuple[Colour, Colour, Colour] = ((226, 242, 226), (252, 240, 214), (250, 224, 224))
FLARE: Colour = (200, 30, 30)
WORSENING: Colour = (215, 150, 0)
OUTCOME_COLOURS: dict[Outcome | None, Colour] = {
    Outcome.PASS: (40, 140, 60),
    Outcome.REPEAT: (215, 150, 0),
    Outcome.STEP_BACK: (200, 30, 30),
    Outcome.PENDING: (150, 150, 150),
    None: (150, 150, 150),
}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Colour


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    colour: Colour
    width: float = 0.35
    dashed: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: Colour


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    size: float  # points
    colour: Colour = TEXT
    anchor: str = "start"  # "start", "middle" or "end", as SVG names them


Shape = Rect | Polyline | Dot | Label


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    title: str  # what the chart shows, in words (for a screen reader)


def scene(chart: PainChart, height: float = HEIGHT) -> Scene:
    """The chart `height` mm high (a smaller print takes a lower chart)."""
    first, last = chart.period.first, chart.period.last
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(score: float) -> float:
        return TOP + plot_h * (1 - score / 10)

    limits = chart.limits
    shapes: list[Shape] = []
    # Zone bands: a score on a band's edge belongs to the lower band.
    edges = (-0.5, limits.green_max + 0.5, limits.amber_max + 0.5, 10.5)
    for fill, low, high in zip(ZONES, edges, edges[1:], strict=False):
        top, bottom = y(min(high, 10)), y(max(low, 0))
        shapes.append(Rect(LEFT, top, plot_w, bottom - top, fill))
    for score in (0, 5, 10):
        shapes.append(Polyline(((LEFT, y(score)), (LEFT + plot_w, y(score))), GRID, 0.15))
        shapes.append(Label(LEFT - 1.5, y(score) + 1, str(score), 6, anchor="end"))
    shapes += _ticks(first, last, x, TOP + plot_h)
    for event in chart.phases:
        at = x(event.at.date())
        shapes.append(Polyline(((at, TOP), (at, TOP + plot_h)), TEXT, 0.25, dashed=True))
        words = f"P{event.to_phase}" + (" (back)" if event.stepped_back else "")
        shapes.append(Label(at + 0.8, TOP + 3, words, 6))
    shapes += _lines(chart.mornings, lambda m: m.rest, REST, False, x, y)
    shapes += _lines(chart.mornings, lambda m: m.load_test, LOAD, True, x, y)
    for day in chart.flares:
        shapes.append(Dot(x(day), TOP - 3, 1.0, FLARE))
    for day in chart.worsening:
        shapes.append(Dot(x(day), TOP - 3, 0.8, WORSENING))
    runs_y = TOP + plot_h + 6.5
    for run in chart.runs:
        shapes.append(Dot(x(run.day), runs_y, 0.9, OUTCOME_COLOURS[run.outcome]))
    shapes.append(Label(LEFT - 1.5, runs_y + 0.8, "runs", 5.5, anchor="end"))
    shapes += _legend(height - 2)
    title = (
        f"Morning rest pain and load test, 0-10, from {first:%d %b %Y} to {last:%d %b %Y}, "
        "with flares, phase changes and runs marked"
    )
    return Scene(WIDTH, height, tuple(shapes), title)


def _ticks(first: date, last: date, x: Callable[[date], float], base: float) -> list[Shape]:
    """A date under the axis every week (every few weeks over a long period)."""
    weeks = (last - first).days // 7 + 1
    step = 7 * max(1, -(-weeks // 13))
    shapes: list[Shape] = []
    day = first
    while day <= last:
        at = x(day)
        shapes.append(Polyline(((at, base), (at, base + 1)), TEXT, 0.15))
        shapes.append(Label(at, base + 3.5, f"{day:%d %b}", 5.5, anchor="middle"))
        day += timedelta(days=step)
    return shapes


def _lines(
    mornings: list[Morning],
    score: Callable[[Morning], int | None],
    colour: Colour,
    dashed: bool,
    x: Callable[[date], float],
    y: Callable[[float], float],
) -> list[Shape]:
    """One measure's line, broken over long gaps, with a dot on each day it was scored."""
    shapes: list[Shape] = []
    run: list[tuple[float, float]] = []
    previous: date | None = None
    for morning in mornings:
        value = score(morning)
        if value is None:
            continue
        if previous is not None and (morning.day - previous).days > JOIN_DAYS:
            if len(run) > 1:
                shapes.append(Polyline(tuple(run), colour, 0.4, dashed))
            run = []
        point = (x(morning.day), y(value))
        run.append(point)
        shapes.append(Dot(*point, 0.45, colour))
        previous = morning.day
    if len(run) > 1:
        shapes.append(Polyline(tuple(run), colour, 0.4, dashed))
    return shapes


def _legend(baseline: float) -> list[Shape]:
    items: list[tuple[str, Colour, str]] = [
        ("rest pain", REST, "line"),
        ("load test", LOAD, "dashed"),
        ("flare", FLARE, "dot"),
        ("worsening", WORSENING, "dot"),
        ("run: pass", OUTCOME_COLOURS[Outcome.PASS], "dot"),
        ("repeat", OUTCOME_COLOURS[Outcome.REPEAT], "dot"),
        ("step back", OUTCOME_COLOURS[Outcome.STEP_BACK], "dot"),
        ("waiting", OUTCOME_COLOURS[Outcome.PENDING], "dot"),
        ("Pn: phase change", TEXT, "none"),
    ]
    shapes: list[Shape] = []
    at = LEFT
    for words, colour, mark in items:
        if mark == "dot":
            shapes.append(Dot(at + 1, baseline - 0.8, 0.9, colour))
            at += 2.5
        elif mark != "none":
            shapes.append(
                Polyline(
                    ((at, baseline - 0.8), (at + 5, baseline - 0.8)), colour, 0.4, mark == "dashed"
                )
            )
            at += 6
        shapes.append(Label(at, baseline, words, 5.5))
        at += 1.6 * len(words) + 3
    return shapes
