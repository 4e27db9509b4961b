"""The report as Markdown, to paste into an email: pipe tables, and the chart as a table of
each week's morning scores day by day. Every piece of text is escaped, so a note cannot turn
into emphasis, a heading, a table cell or a link."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from journal.report.data import PainChart
from journal.report.layout import Block, Chart, Document, Facts, Lines, Section, Table
from rules.pain import Morning
from rules.text import one_line

# Characters that start Markdown constructs wherever they stand (emphasis, code, links,
# images, raw HTML, entities, table cells, strikethrough, headings).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~!&])")
# What an email client would make a link of: a scheme's "://", "www.", an address's "@".
_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=/)")
_WWW = re.compile(r"(?i)(?<![A-Za-z0-9])(www)\.")


def render_markdown(document: Document) -> str:
    parts = [f"# {_text(document.title)}", "", _text(document.subtitle)]
    for section in document.sections:
        parts += ["", *_section(section)]
    parts += ["", "---", ""]
    parts += [f"*{_text(line)}*" for line in document.footer]
    return "\n".join(parts) + "\n"


def _section(section: Section) -> list[str]:
    lines = [f"## {_text(section.title)}"]
    for block in section.blocks:
        lines += ["", *_block(block)]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Facts):
        return [f"- **{_text(label)}:** {_text(value)}" for label, value in block.pairs]
    if isinstance(block, Lines):
        # A paragraph each: lines run together in Markdown otherwise.
        shown = [f"**{_text(line)}**" if block.alert else _text(line) for line in block.lines]
        return [part for line in shown for part in ("", line)][1:]
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Chart)
    return _table(chart_table(block.chart))


def _table(table: Table) -> list[str]:
    lines = [
        "| " + " | ".join(_text(column) for column in table.columns) + " |",
        "|" + "|".join(" --- " for _ in table.columns) + "|",
    ]
    lines += ["| " + " | ".join(_text(cell) for cell in row) + " |" for row in table.rows]
    if table.left_off:
        lines += ["", f"*{_text(table.left_off)}*"]
    return lines


def chart_table(chart: PainChart) -> Table:
    """The chart in words: each week's morning scores day by day ('.' for no check-in) and
    what happened in it."""
    by_day = {morning.day: morning for morning in chart.mornings}
    rows = []
    start = chart.period.first
    while start <= chart.period.last:
        end = min(start + timedelta(days=6), chart.period.last)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        rows.append(
            (
                start.isoformat(),
                _scores(days, by_day, lambda m: m.rest),
                _scores(days, by_day, lambda m: m.load_test),
                _events(chart, start, end),
            )
        )
        start = end + timedelta(days=1)
    return Table(
        ("Week of", "Rest, day by day", "Load test, day by day", "Marked"),
        tuple(rows),
        (1, 1.6, 1.6, 4),
    )


def _scores(
    days: list[date], by_day: dict[date, Morning], score: Callable[[Morning], int | None]
) -> str:
    shown = []
    for day in days:
        morning = by_day.get(day)
        value = score(morning) if morning is not None else None
        shown.append("." if value is None else str(value))
    return " ".join(shown)


def _events(chart: PainChart, first: date, last: date) -> str:
    def within(day: date) -> bool:
        return first <= day <= last

    events = [f"flare {day:%d %b}" for day in chart.flares if within(day)]
    events += [f"worsening {day:%d %b}" for day in chart.worsening if within(day)]
    events += [
        f"{'back to' if event.stepped_back else 'to'} phase {event.to_phase} {event.at:%d %b}"
        for event in chart.phases
        if within(event.at.date())
    ]
    runs = [run for run in chart.runs if within(run.day)]
    if runs:
        outcomes = ", ".join(
            f"{run.day:%d %b} {run.outcome.label if run.outcome else 'not judged'}" for run in runs
        )
        events.append(f"runs: {outcomes}")
    return "; ".join(events) or "-"


def _text(text: str) -> str:
    """Text that stays text in Markdown: one line, control characters shown as symbols,
    markup characters escaped, link-makers broken up."""
    line = _SPECIAL.sub(r"\\\1", one_line(text))
    line = _SCHEME.sub(r"\\:", line)
    line = _WWW.sub(r"\1\\.", line)
    return line.replace("@", "\\@")
