"""Tables that cost the same at five years of records as at one week: a long history is shown
a page at a time, newest first, and a table is refilled only where its rows changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

Cell = str | Text
Row = tuple[str, Sequence[Cell]]  # (record key, cells)
Item = tuple[int, Any]  # (record id, what its row is drawn from)

# Beside a record marked for the physio, in every table that lists it.
MARK = "✚"
# Rows on one page of a history: months of daily records, and still quick to draw.
PAGE_ROWS = 100


@dataclass
class Page:
    """Which page of a newest-first history a table shows (0: the newest)."""

    number: int = 0
    size: int = PAGE_ROWS

    def pages(self, total: int) -> int:
        return max(1, -(-total // self.size))

    def window(self, total: int) -> range:
        """The positions (newest first) shown, after keeping the page within the history."""
        self.number = min(max(self.number, 0), self.pages(total) - 1)
        start = self.number * self.size
        return range(start, min(start + self.size, total))

    def show_position(self, position: int) -> None:
        """Turn to the page holding `position` (newest first)."""
        self.number = max(position, 0) // self.size

    def line(self, total: int, what: str) -> str:
        """Where the page is in the history, and the keys that turn it ('' on one page)."""
        if total <= self.size:
            return ""
        shown = self.window(total)
        keys = []
        if self.number + 1 < self.pages(total):
            keys.append("] older")
        if self.number > 0:
            keys.append("[ newer")
        return (
            f"{what} {shown.start + 1:,}-{shown.stop:,} of {total:,}, newest first"
            f" ({', '.join(keys)})"
        )


def fill_table(table: DataTable[Any], rows: Sequence[Row]) -> int:
    """Show `rows` in order. When the table lists the same records in the same order, only
    the cells that differ are updated; otherwise it is refilled. The number of rows written:
    a press that changes one record writes one row, however long the table."""
    keys = [key for key, _ in rows]
    if keys == [row_key.value for row_key in table.rows]:
        written = 0
        for index, (key, cells) in enumerate(rows):
            old = table.get_row(key)
            if old == list(cells):
                continue
            for column, (was, now) in enumerate(zip(old, cells, strict=True)):
                if was != now:
                    table.update_cell_at(Coordinate(index, column), now, update_width=True)
            written += 1
        return written
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    return len(rows)


def selected_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if the table has rows."""
    if not table.row_count or table.cursor_row < 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def restore_cursor(table: DataTable[Any], key: str | None, row: int) -> None:
    """After a table is refilled: back on record `key` if it is still listed, else on the
    same row (or the last), so a quick `d`, `y` never lands on another entry."""
    if not table.row_count:
        return
    keys = [row_key.value for row_key in table.rows]
    target = keys.index(key) if key in keys else min(max(row, 0), table.row_count - 1)
    if target != table.cursor_row:
        table.move_cursor(row=target, animate=False)


@dataclass
class PagedHistory:
    """A history of records shown in `table` a page at a time, newest first, with `line`
    saying which page it is and the keys that turn it. Only the page's rows are built."""

    table: DataTable[Any]
    line: Static
    what: str  # what the records are called on the line: "Sessions"
    page: Page = field(default_factory=Page)
    items: Sequence[Item] = ()
    _row: Callable[[Item], Row] | None = None

    def show(
        self, items: Sequence[Item], row: Callable[[Item], Row], keep: int | None = None
    ) -> int:
        """Show `items` (oldest first, as the store lists them), each drawn by `row`; the
        cursor stays on record `keep` (turning to its page), else on the record it was on.
        Returns the rows written."""
        self.items, self._row = items, row
        total = len(items)
        if keep is not None:
            for position in range(total):
                if items[total - 1 - position][0] == keep:
                    self.page.show_position(position)
                    break
        table = self.table
        chosen, at = selected_key(table), table.cursor_row
        rows = [row(items[total - 1 - position]) for position in self.page.window(total)]
        written = fill_table(table, rows)
        restore_cursor(table, chosen if keep is None else str(keep), at)
        text = self.page.line(total, self.what)
        self.line.update(text)
        self.line.display = bool(text)
        return written

    def turn(self, pages: int) -> bool:
        """Turn `pages` older (negative: newer); False when there is no such page."""
        before = self.page.number
        self.page.number += pages
        self.page.window(len(self.items))
        if self.page.number == before or self._row is None:
            return False
        self.show(self.items, self._row)
        self.table.move_cursor(row=0, animate=False)
        return True
