"""Trend charts: morning pain with phase changes and runs marked, sitting tolerance, and
bridge symmetry. The plotting library is imported when the chart is first shown, so it costs
start-up nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from rules.advice import LoadTests
from rules.pain import DEFAULT_LIMITS, PainThresholds
from rules.trends import TrendRange, bridge_trend, pain_trend, sitting_trend
from store.records import PainEntry, PhaseChange, RunSession, Side

if TYPE_CHECKING:
    from textual_plot import AxisFormatter, HiResMode, PlotWidget

# Markers differ by shape as well as colour, so the chart reads without colour.
REST_MARK, LOAD_MARK, RUN_MARK, PHASE_MARK = "o", "x", "R", "│"
CHAIR_MARK = {"hard": "H", "soft": "S", "car": "C", None: "o"}
# Pain runs 0-10; runs are marked on a row of their own above it, inside the chart (drawn at the
# chart's upper limit, they fell on its border and never showed).
PAIN_TOP, RUN_Y = 11.0, 10.6
PAIN_TICKS = [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


class TrendView(Enum):
    PAIN = "pain"
    SITTING = "sitting"
    BRIDGE = "bridge"

    def following(self) -> TrendView:
        members = list(TrendView)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True)
class TrendData:
    entries: Sequence[PainEntry]
    phases: Sequence[PhaseChange]
    runs: Sequence[RunSession]
    injured: Side
    today: date
    limits: PainThresholds = DEFAULT_LIMITS
    tests: LoadTests | None = None


class PainTrends(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.window = TrendRange.DAYS_14
        self.view = TrendView.PAIN
        self.data: TrendData | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="trend-heading")
        yield Static("", id="trend-key")
        yield Static("", id="trend-empty")
        yield Static("", id="trend-summary")

    def show(self, data: TrendData) -> None:
        self.data = data
        self.redraw()

    def next_window(self) -> None:
        self.window = self.window.following()
        self.redraw()

    def next_view(self) -> None:
        self.view = self.view.following()
        self.redraw()

    def _plot(self) -> PlotWidget:
        from textual_plot import PlotWidget

        return self.query_one("#trend-plot", PlotWidget)

    async def _mount_plot(self) -> None:
        from textual_plot import PlotWidget

        # Not focusable: the screen's keys choose range and view, not the plot's pan keys.
        plot = PlotWidget(id="trend-plot", allow_pan_and_zoom=False)
        plot.can_focus = False
        await self.mount(plot, after="#trend-empty")
        # The axis title and the key are drawn in #trend-key above the chart: the plot's own
        # title was never cleared when the view changed, and its legend covered the newest
        # days at the top right, where runs are marked.
        plot.margin_top = 0
        self.redraw()

    def redraw(self) -> None:
        if self.data is None:
            return
        if not self.query("#trend-plot"):
            # The plot module loads on the first chart; it draws once it is mounted.
            self.run_worker(self._mount_plot(), exclusive=True, group="trend-plot")
            return
        data = self.data
        views = " ".join(
            f"[reverse]{v.value}[/reverse]" if v is self.view else v.value for v in TrendView
        )
        ranges = " ".join(
            f"[reverse]{r.short}[/reverse]" if r is self.window else r.short for r in TrendRange
        )
        self.query_one("#trend-heading", Static).update(f"v view: {views}   r range: {ranges}")
        earliest = data.entries[0].at.date() if data.entries else None
        first = self.window.first_day(data.today, earliest)
        drawn = {
            TrendView.PAIN: self._draw_pain,
            TrendView.SITTING: self._draw_sitting,
            TrendView.BRIDGE: self._draw_bridge,
        }[self.view](data, first)
        self.query_one("#trend-empty", Static).display = not drawn
        self.query_one("#trend-key", Static).display = drawn
        self._plot().display = drawn

    # -- views -------------------------------------------------------------------------

    def _draw_pain(self, data: TrendData, first: date) -> bool:
        trend = pain_trend(data.entries, self.window, data.today, data.limits, data.tests)
        phases = [c for c in data.phases if first <= c.at.date() <= data.today]
        runs = [r for r in data.runs if first <= r.at.date() <= data.today]
        summary = self.query_one("#trend-summary", Static)
        if not trend.mornings:
            return self._empty(f"No morning check-ins in the last {self.window.label}.")
        plot = self._start(first, data.today)
        plot.set_ylimits(0, PAIN_TOP)
        plot.set_yticks(PAIN_TICKS)
        days = [self._x(m.day, first) for m in trend.mornings]
        rests = [m.rest for m in trend.mornings]
        loads = [
            (self._x(m.day, first), m.load_test) for m in trend.mornings if m.load_test is not None
        ]
        # Lines first, markers over them: a line drawn later would hide the other's markers.
        plot.plot(days, rests, line_style="cyan", hires_mode=_braille())
        key = [("pain 0-10", ""), (f"{REST_MARK} rest", "bold cyan")]
        if loads:
            xs, ys = zip(*loads, strict=True)
            plot.plot(xs, ys, line_style="magenta", hires_mode=_braille())
        plot.scatter(days, rests, marker=REST_MARK, marker_style="bold cyan")
        if loads:
            plot.scatter(xs, ys, marker=LOAD_MARK, marker_style="bold magenta")
            key.append((f"{LOAD_MARK} load test", "bold magenta"))
        for change in phases:
            plot.add_v_line(self._x(change.at.date(), first), line_style="yellow")
        if phases:
            key.append((f"{PHASE_MARK} phase change", "yellow"))
        if runs:
            run_xs = [self._x(r.at.date(), first) for r in runs]
            plot.scatter(run_xs, [RUN_Y] * len(run_xs), marker=RUN_MARK, marker_style="bold green")
            key.append((f"{RUN_MARK} run", "bold green"))
        self._key(key)
        lasts = trend.mornings[-1]
        load = "-" if lasts.load_test is None else f"{lasts.load_test}"
        marks = []
        if phases:
            marks.append(f"{count(len(phases), 'phase change', 'phase changes')}: vertical lines")
        if runs:
            marks.append(f"{count(len(runs), 'run', 'runs')}: {RUN_MARK} at the top")
        flares = (
            "no flare"
            if not trend.flares
            else f"flares on {', '.join(f'{d:%d %b}' for d in trend.flares)}"
        )
        if trend.worsening:
            flares += f"; worsening on {', '.join(f'{d:%d %b}' for d in trend.worsening)}"
        summary.update(
            f"{count(trend.check_ins, 'morning check-in', 'morning check-ins')}; "
            f"latest rest {lasts.rest}, load test {load}; "
            f"{flares}." + (f"\n{'; '.join(marks)}." if marks else "")
        )
        return True

    def _draw_sitting(self, data: TrendData, first: date) -> bool:
        points = sitting_trend(data.entries, first, data.today)
        summary = self.query_one("#trend-summary", Static)
        if not points:
            return self._empty(
                f"No sitting tolerance logged in the last {self.window.label}. "
                "Log it in a check-in: minutes of sitting before pain, and the chair."
            )
        plot = self._start(first, data.today)
        plot.set_ylimits(0, max(p.minutes for p in points) * 1.15 + 1)
        xs = [self._x(p.day, first) for p in points]
        plot.plot(xs, [p.minutes for p in points], line_style="cyan", hires_mode=_braille())
        key = [("minutes of sitting", "")]
        for chair in ("hard", "soft", "car", None):
            chosen = [(x, p.minutes) for x, p in zip(xs, points, strict=True) if p.chair == chair]
            if chosen:
                cx, cy = zip(*chosen, strict=True)
                plot.scatter(cx, cy, marker=CHAIR_MARK[chair], marker_style="bold cyan")
                key.append((f"{CHAIR_MARK[chair]} {chair or 'chair not given'}", "bold cyan"))
        self._key(key)
        latest = points[-1]
        chair = f" on a {latest.chair} chair" if latest.chair else ""
        summary.update(
            f"{count(len(points), 'sitting entry', 'sitting entries')}; "
            f"latest {latest.minutes} min{chair} "
            f"({latest.day:%d %b}); best {max(p.minutes for p in points)} min."
        )
        return True

    def _draw_bridge(self, data: TrendData, first: date) -> bool:
        points = bridge_trend(data.entries, data.injured, first, data.today)
        summary = self.query_one("#trend-summary", Static)
        measured = [p for p in points if p.symmetry is not None]
        if not measured:
            return self._empty(
                f"No single-leg bridge tests logged in the last {self.window.label}. "
                "Log reps to failure for each side in a check-in."
            )
        plot = self._start(first, data.today)
        top = max(110.0, max(p.symmetry or 0 for p in measured) + 10)
        plot.set_ylimits(0, top)
        xs = [self._x(p.day, first) for p in measured]
        ys = [p.symmetry for p in measured if p.symmetry is not None]  # all of them
        plot.plot(xs, ys, line_style="cyan", hires_mode=_braille())
        plot.scatter(xs, ys, marker="o", marker_style="bold cyan")
        self._key([("% of the other side", ""), ("o bridge symmetry", "bold cyan")])
        latest = measured[-1]
        if data.injured == "both":
            how = "both sides injured: the weaker side as a % of the stronger"
        else:
            how = f"injured {data.injured} side as a % of the other"
        summary.update(
            f"Latest {latest.day:%d %b}: left {latest.left}, right {latest.right} reps, "
            f"{latest.symmetry:g}% ({how})."
        )
        return True

    # -- helpers -----------------------------------------------------------------------

    def _empty(self, message: str) -> bool:
        """Say what to log instead of drawing an empty chart; False: nothing drawn."""
        self.query_one("#trend-empty", Static).update(message)
        self.query_one("#trend-summary", Static).update("")
        return False

    def _start(self, first: date, last: date) -> PlotWidget:
        plot = self._plot()
        plot.clear()
        plot.set_xlimits(-0.5, self._x(last, first) + 0.5)
        plot.set_x_formatter(_day_formatter(first))
        plot.set_yticks(None)
        plot.show_legend(is_visible=False)
        return plot

    def _key(self, items: list[tuple[str, str]]) -> None:
        """The axis title, then each marker in its colour: the chart's key, in one line."""
        key = Text()
        for number, (words, style) in enumerate(items):
            if number:
                key.append("   ")
            key.append(words, style=style)
        self.query_one("#trend-key", Static).update(key)

    @staticmethod
    def _x(day: date, first: date) -> float:
        return float((day - first).days)


def _braille() -> HiResMode:
    from textual_plot import HiResMode

    return HiResMode.BRAILLE


def _day_formatter(first: date) -> AxisFormatter:
    """Tick labels as dates ('21 Nov') on whole days; built on demand with the plot module."""
    from textual_plot import AxisFormatter

    class DayFormatter(AxisFormatter):
        def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
            span = max(1, int(max_ - min_))
            step = max(1, -(-span // max(1, min(max_ticks, 6))))
            start = int(min_ + 0.5)
            return [float(day) for day in range(start, int(max_) + 1, step)]

        def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
            return [f"{first + timedelta(days=int(t)):%d %b}" for t in ticks]

    return DayFormatter()
