"""The weekly review: one row per week, newest first, a small chart of the weeks' morning pain
and training, and the highlighted week in full below. The numbers are rules/week.py's, the
same `sitbone week` and the clinician report show."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from journal.journal import Journal
from rules.run import Outcome
from rules.week import WeekReview
from store.settings import SettingsError
from tui.widgets.plain import cell, plain
from tui.widgets.sparkline import BARS, pain_sparkline
from tui.widgets.tables import Row, fill_table, selected_key

COLUMNS = ("Week", "Ph", "Morn", "Rest", "Load", "Fl/Wo", "Train", "Adh", "Runs", "Sit", "Sym")


def _mean(value: float | None, change: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" + ("" if change is None else f"{change:+.1f}")


def _percent_bar(values: Sequence[int | None]) -> Text:
    """Adherence, a bar per week: full at 100 %, a dot where nothing was planned."""
    line = Text()
    for value in values:
        if value is None:
            line.append("·", style="dim")
        else:
            line.append(BARS[min(round(value / 100 * (len(BARS) - 1)), len(BARS) - 1)])
    return line


def week_row(week: WeekReview) -> Row:
    passed = sum(1 for run in week.runs if run.verdict and run.verdict.outcome is Outcome.PASS)
    runs = f"{len(week.runs)}" + (f" ✓{passed}" if week.runs else "")
    flares = len(week.flare_days)
    flare_style = "bold red" if flares else "yellow" if week.worsening_days else ""
    return (
        week.start.isoformat(),
        (
            f"{week.start:%d %b}",
            str(week.phase),
            f"{week.check_ins}/{week.days}",
            _mean(week.rest_mean, week.rest_change),
            _mean(week.load_test_mean, week.load_test_change),
            Text(f"{flares}/{len(week.worsening_days)}", style=flare_style),
            f"{week.training_days}/{week.planned_days}",
            "-" if week.adherence_pct is None else f"{week.adherence_pct}%",
            runs,
            "-" if week.sitting_min is None else f"{week.sitting_min}m",
            "-" if week.bridge_symmetry_pct is None else f"{week.bridge_symmetry_pct:.0f}%",
        ),
    )


def week_detail(week: WeekReview) -> Text:
    """The week in full, in words."""
    text = Text()
    text.append(f"{week.start:%a %d %b} to {week.end:%a %d %b %Y}", style="bold")
    text.append(f", phase {week.phase}: {week.check_ins} of {week.days} morning check-ins")
    if week.flare_days:
        text.append("; flare " + ", ".join(f"{day:%a %d}" for day in week.flare_days))
    if week.worsening_days:
        text.append("; worsening " + ", ".join(f"{day:%a %d}" for day in week.worsening_days))
    text.append(
        f"; trained {week.training_days} of {week.planned_days} planned days, "
        f"{week.sets_done} of {week.sets_planned} sets"
    )
    for run in week.runs:
        outcome = run.verdict.outcome.label if run.verdict else "not judged"
        text.append(f"; run {run.run.at:%a} stage {run.run.stage}: {outcome}")
        if run.verdict:
            text.append_text(plain(f" ({run.verdict.reason})"))
    if week.sitting_min is not None:
        text.append(f"; sat {week.sitting_min} min ({week.sitting_chair})")
    if week.bridge_left is not None and week.bridge_right is not None:
        text.append(f"; bridge L{week.bridge_left}/R{week.bridge_right}")
    if week.visa_h is not None:
        text.append(f"; VISA-H {week.visa_h}/100")
    return text


class WeeklyView(Vertical):
    """The last `weeks` weeks (+ and - change how many)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = 12
        self.reviews: dict[str, WeekReview] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="weekly-chart")
        yield DataTable(id="weeks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="weekly-detail")

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#weeks", DataTable)

    def focus_table(self) -> None:
        self.table.focus()

    def show(self, journal: Journal) -> None:
        try:
            reviews = journal.weekly_review(self.weeks)
        except SettingsError as error:
            self.query_one("#weekly-chart", Static).update(plain(str(error)))
            return
        newest_first = list(reversed(reviews))
        self.reviews = {week.start.isoformat(): week for week in newest_first}
        fill_table(self.table, [week_row(week) for week in newest_first])
        self._chart(reviews, journal)
        self._detail()

    def _chart(self, reviews: Sequence[WeekReview], journal: Journal) -> None:
        limits = journal.limits
        rest = [None if w.rest_mean is None else round(w.rest_mean) for w in reviews]
        load = [None if w.load_test_mean is None else round(w.load_test_mean) for w in reviews]
        chart = Text.assemble(
            (f"{len(reviews)} weeks, oldest to newest", "dim"),
            "\nRest  ",
            pain_sparkline(rest, limits),
            "   Load  ",
            pain_sparkline(load, limits),
            "   Adherence  ",
            _percent_bar([w.adherence_pct for w in reviews]),
        )
        self.query_one("#weekly-chart", Static).update(chart)

    @on(DataTable.RowHighlighted, "#weeks")
    def _detail(self) -> None:
        key = selected_key(self.table)
        week = self.reviews.get(key) if key else None
        self.query_one("#weekly-detail", Static).update(
            week_detail(week) if week else cell("No weeks to show yet.")
        )
