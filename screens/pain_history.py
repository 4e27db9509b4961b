"""Pain history: every entry newest first, its zone in colour and in words, and the selected
entry's verdict and note below the table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from journal.entry import CONTEXT_NAMES, measures
from rules.advice import Judgement
from rules.pain import BLOCKING, Response
from store.records import PainEntry
from tui.widgets.plain import cell, plain
from tui.widgets.tables import MARK, Item, PagedHistory, Row
from tui.widgets.zones import zone_text

CONTEXT_SHORT = {
    "morning": "morning",
    "after-exercise": "after ex.",
    "after-run": "after run",
    "evening": "evening",
    "other": "other",
}
RESPONSE_WORDS = {
    Response.NO_BASELINE: "no base",
    Response.SETTLED: "settled",
    Response.UP_BY_ONE: "up 1",
    Response.WORSENING: "WORSE",
    Response.FLARE: "FLARE",
}


# Below this table width, the columns that matter most fit on 60 columns: the date loses its
# weekday and the context moves to the line below the table.
NARROW_BELOW = 72
# (label, key, width: that of the widest value; None for the note, as wide as it needs).
# Widths are given, not measured from the rows: a table measures its columns only when
# idle, so columns rebuilt on a resize would otherwise stay at their labels' widths.
COLUMNS = (
    ("When", "when", 16),  # "Sat 28 Nov 07:31"; narrow: "28 Nov 07:31"
    ("Context", "context", 9),
    ("Rest", "rest", 4),
    ("Load", "load", 4),
    ("Act.", "activity", 4),
    ("Zone", "zone", 7),
    ("24 h", "response", 10),  # "settled 4+"
    ("Note", "note", None),  # MARK first when the entry is marked for the physio
)
NARROW_WHEN = 12
# A record marked for the clinician, in its row (the line below the table says it in words):
# in a cell it shares, so a table without marked records keeps its width.


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


class PainHistory(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[int, tuple[PainEntry, Judgement]] = {}
        self.narrow: bool | None = None  # the columns drawn: None before the first
        self._shown: tuple[Sequence[tuple[int, PainEntry]], Sequence[Judgement]] = ((), ())
        self.paged: PagedHistory | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-page", classes="page-line")
        yield Static("", id="history-detail")

    def on_mount(self) -> None:
        self.paged = PagedHistory(self.table, self.query_one("#history-page", Static), "Entries")

    def on_resize(self) -> None:
        if self.size.width and (self.size.width < NARROW_BELOW) != self.narrow:
            self.show(*self._shown)

    def _columns(self) -> bool:
        """Set the columns for the width; True when narrow."""
        narrow = bool(self.size.width) and self.size.width < NARROW_BELOW
        if narrow != self.narrow:
            table = self.table
            table.clear(columns=True)
            for label, key, width in COLUMNS:
                if narrow and key == "when":
                    width = NARROW_WHEN
                if not (narrow and key == "context"):
                    table.add_column(label, key=key, width=width)
            self.narrow = narrow
        return narrow

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#history-table", DataTable)

    def show(
        self,
        entries: Sequence[tuple[int, PainEntry]],
        judgements: Sequence[Judgement],
        keep: int | None = None,
    ) -> None:
        """`entries` oldest first, as the store gives them; shown newest first, a page at a
        time. The cursor stays on record `keep`, else on the record it was on, when it is
        still there."""
        self._shown = (entries, judgements)
        narrow = self._columns()
        self.rows = {
            record_id: (entry, judgement)
            for (record_id, entry), judgement in zip(entries, judgements, strict=True)
        }

        def row(item: Item) -> Row:
            record_id, (entry, judgement) = item
            response = "" if judgement.response is None else RESPONSE_WORDS[judgement.response]
            if not judgement.tolerating and judgement.response not in (None, *BLOCKING):
                # At the absolute limit, whatever the baseline: marked in words, not colour.
                response += " 4+"
            return (
                str(record_id),
                (
                    f"{entry.at:%d %b %H:%M}" if narrow else f"{entry.at:%a %d %b %H:%M}",
                    *([] if narrow else [CONTEXT_SHORT[entry.context]]),
                    str(entry.rest),
                    _score(entry.load_test),
                    _score(entry.activity),
                    zone_text(judgement.zone),
                    response,
                    _note_cell(entry),
                ),
            )

        if self.paged is not None:
            self.paged.show(list(self.rows.items()), row, keep)
        self._describe()

    def selected(self) -> tuple[int, PainEntry] | None:
        table = self.table
        if not self.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return None
        record_id = int(key)
        return record_id, self.rows[record_id][0]

    @on(DataTable.RowHighlighted)
    def _describe(self) -> None:
        detail = self.query_one("#history-detail", Static)
        chosen = self.selected()
        if chosen is None:
            detail.update("No pain entries yet. Press n for a new check-in.")
            return
        entry, judgement = self.rows[chosen[0]]
        extras = _extras(entry)
        marked = " (for my physio)" if entry.for_clinician else ""
        lines = [
            f"{CONTEXT_NAMES[entry.context]}, {entry.at:%a %d %b %H:%M}{marked}: {judgement.line}"
        ]
        if extras:
            lines.append(extras)
        if entry.note:
            lines.append(f"Note: {entry.note}")
        detail.update(plain("\n".join(lines)))


def _note_cell(entry: PainEntry) -> Text:
    note = entry.note.splitlines()[0][:40] if entry.note else ""
    return cell(f"{MARK} {note}".rstrip() if entry.for_clinician else note)


def _extras(entry: PainEntry) -> str:
    return "; ".join(measures(entry))
