"""History: every record on one timeline, newest first, grouped by day under week headers;
filter by kind, search the notes, jump to a date, and open a record where it is edited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static, TabbedContent, TabPane

from journal.entry import parse_day
from journal.timeline import Kind, Timeline, TimelineItem
from rules.week import week_start
from screens.weekly import WeeklyView
from store.records import Table
from tui.widgets.host import FileChanged, Started
from tui.widgets.plain import cell, plain
from tui.widgets.record_screen import RecordScreen
from tui.widgets.tables import MARK, Page, Row, fill_table, restore_cursor, selected_key

TIMELINE, WEEKLY = "tab-timeline", "tab-weekly"
KINDS: tuple[Kind | None, ...] = (None, *Kind)
TAG_STYLE = {
    "green": "green",
    "amber": "yellow",
    "red": "bold red",
    "pass": "green",
    "repeat": "yellow",
    "step_back": "bold red",
}
# Where each kind of record is edited; the others are kept as they happened.
NOT_EDITED = {
    Table.PHASE_HISTORY: "Phase changes are kept as they happened; change phase on Exercises.",
    Table.RUN_UNLOCKS: "A running unlock is kept as it happened, with its reason.",
    Table.OUTCOMES: "An outcome measure is kept as recorded; o on the Dashboard records one.",
}


class HistoryScreen(RecordScreen):
    MODE = "history"
    TAB_ACTIONS: ClassVar[dict[str, str]] = {
        "filter": TIMELINE,
        "search": TIMELINE,
        "jump": TIMELINE,
        "open": TIMELINE,
        "clear": TIMELINE,
        "weeks": WEEKLY,
    }
    BINDINGS = [
        Binding("t", "tab('tab-timeline')", "Timeline", id="history.timeline"),
        Binding("w", "tab('tab-weekly')", "Weekly", id="history.weekly"),
        Binding("f", "filter", "Filter", id="history.filter"),
        Binding("slash", "search", "Search", id="history.search"),
        Binding("g", "jump", "Go to date", id="history.jump"),
        Binding("enter", "open", "Open", id="history.open"),
        Binding("escape", "clear", "Clear", id="history.clear"),
        Binding("u", "undo", "Undo", id="history.undo"),
        Binding("r", "app.clinician_report", "Report", id="history.report"),
        Binding("plus,equals_sign", "weeks(4)", "More weeks", id="history.more_weeks"),
        Binding("minus", "weeks(-4)", "Fewer weeks", id="history.fewer_weeks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.timeline = Timeline(())
        self.shown = Timeline(())  # after the filter and the search
        self.kind: Kind | None = None
        self.words = ""
        self.page = Page()
        self._rows: dict[str, TimelineItem] = {}
        self._weekly_stale = True
        self._asking_for = ""  # what the question line asks: "search" or "jump"
        self.first_weekday = 0  # Monday, until settings.yaml is read

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="history-tabs", initial=TIMELINE):
            with TabPane("Timeline (t)", id=TIMELINE), Vertical(id="timeline-pane"):
                yield Static("", id="timeline-bar")
                with Horizontal(id="timeline-ask", classes="hidden"):
                    yield Label("", id="ask-label")
                    yield Input(id="ask", compact=True)
                yield Static("", id="ask-problem", classes="problem hidden")
                yield DataTable(id="timeline", cursor_type="row")
                yield Static("", id="timeline-page", classes="page-line")
                yield Static("", id="timeline-detail")
            with TabPane("Weekly (w)", id=WEEKLY):
                yield WeeklyView(id="weekly")

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#timeline", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns("Day", "Time", "Kind", "What")
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.redraw_on_resume(self.reload)

    def on_started(self, _: Started) -> None:
        self.reload()

    def on_file_changed(self, _: FileChanged) -> None:
        self.reload()

    # -- drawing -------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        # Read here, not at each page or filter: settings.yaml is a file.
        self.first_weekday = self._first_weekday()
        self.timeline = self.sitbone.journal.timeline()
        self._weekly_stale = True
        if self.active_tab == WEEKLY:
            self._show_weekly()
        self._refilter(keep_key=None if keep is None else self._key_of_record(keep))

    def _key_of_record(self, record_id: int) -> str | None:
        """The item showing the record the last change touched (any table: the id is looked
        up in the change itself)."""
        changes = self.sitbone.changes
        table = changes[-1].table if changes else None
        for item in self.timeline.items:
            if item.table == table and record_id in item.record_ids:
                return item.key
        return None

    def _refilter(self, keep_key: str | None = None) -> None:
        self.shown = self.timeline.only(self.kind, self.words)
        if keep_key is not None:
            position = self.shown.position_of_key(keep_key)
            if position is not None:
                self.page.show_position(position)
        self._draw(keep_key)

    def _draw(self, keep_key: str | None = None, to_position: int | None = None) -> None:
        table, items = self.table, self.shown.items
        chosen, at = selected_key(table), table.cursor_row
        rows: list[Row] = []
        self._rows = {}
        last_week: date | None = None
        last_day: date | None = None
        first_weekday = self.first_weekday
        target_key = keep_key
        for position in self.page.window(len(items)):
            item = items[position]
            day = item.at.date()
            week = week_start(day, first_weekday)
            if week != last_week:
                span = f"{week:%a %d %b} to {week + timedelta(days=6):%d %b %Y}"
                rows.append(
                    (
                        f"week:{week.isoformat()}:{position}",
                        (Text("Week", "bold"), "", "", Text(span, "bold")),
                    )
                )
                last_week, last_day = week, None
            rows.append(
                (
                    item.key,
                    (
                        f"{day:%a %d %b}" if day != last_day else "",
                        f"{item.at:%H:%M}",
                        cell(item.kind.value, TAG_STYLE.get(item.tag, "")),
                        cell((f"{MARK} " if item.for_clinician else "") + item.summary),
                    ),
                )
            )
            self._rows[item.key] = item
            last_day = day
            if to_position == position:
                target_key = item.key
        fill_table(table, rows)
        restore_cursor(table, target_key or chosen, at)
        if target_key is None and table.row_count and self._selected() is None:
            table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1), animate=False)
        self._bar()
        self._detail()
        self.refresh_bindings()

    def _first_weekday(self) -> int:
        from store.settings import SettingsError

        try:
            return self.sitbone.journal.settings().first_weekday()
        except SettingsError:
            return 0  # the app said so when it opened; Monday until it is fixed

    def _bar(self) -> None:
        total, shown = len(self.timeline.items), len(self.shown.items)
        what = "everything" if self.kind is None else self.kind.plural
        text = Text.assemble(("Showing ", "dim"), (what, "bold"))
        if self.words:
            text.append(" matching ", style="dim")
            text.append_text(plain(f"“{self.words}”", "bold"))
        text.append(f"  {shown:,} of {total:,}" if shown != total else f"  {total:,} items")
        if total == 0:
            text = Text("Nothing logged yet: check-ins, sessions and runs will appear here.")
        elif shown == 0:
            text.append("  (nothing matches: esc clears)", style="dim")
        self.query_one("#timeline-bar", Static).update(text)
        line = self.page.line(shown, "Items")
        page = self.query_one("#timeline-page", Static)
        page.update(line)
        page.display = bool(line)

    def _selected(self) -> TimelineItem | None:
        key = selected_key(self.table)
        return None if key is None else self._rows.get(key)

    @on(DataTable.RowHighlighted, "#timeline")
    def _detail(self) -> None:
        item = self._selected()
        text = Text()
        if item is not None:
            text.append(f"{item.at:%a %d %b %Y %H:%M}  ", style="bold")
            text.append_text(plain(item.detail or item.summary))
        self.query_one("#timeline-detail", Static).update(text)

    # -- the weekly review -------------------------------------------------------------

    def _show_weekly(self) -> None:
        self.query_one(WeeklyView).show(self.sitbone.journal)
        self._weekly_stale = False

    @on(TabbedContent.TabActivated)
    def _draw_when_shown(self) -> None:
        if self.active_tab == WEEKLY and self._weekly_stale:
            self._show_weekly()

    def action_weeks(self, more: int) -> None:
        view = self.query_one(WeeklyView)
        view.weeks = max(4, min(view.weeks + more, 260))
        self._show_weekly()

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "turn":  # the timeline's pages (headers make it no PagedHistory)
            return self.active_tab == TIMELINE and self.page.pages(len(self.shown.items)) > 1
        if not super().check_action(action, parameters):
            return False
        if action == "open":
            return self._selected() is not None and not self._asking()
        if action == "clear":
            return self._asking() or self.kind is not None or bool(self.words)
        return True

    def action_turn(self, pages: int) -> None:
        before = self.page.number
        self.page.number += pages
        self.page.window(len(self.shown.items))
        if self.page.number != before:
            self._draw(to_position=self.page.window(len(self.shown.items)).start)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == TIMELINE:
            self.table.focus()
        else:
            self.query_one(WeeklyView).focus_table()

    def action_filter(self) -> None:
        """The next kind of record (then every kind again)."""
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.page.number = 0
        self._refilter()

    def action_search(self) -> None:
        self._ask("Search:", self.words, "search")

    def action_jump(self) -> None:
        self._ask("Go to date (YYYY-MM-DD):", "", "jump")

    def _asking(self) -> bool:
        return not self.query_one("#timeline-ask").has_class("hidden")

    def _ask(self, label: str, value: str, purpose: str) -> None:
        self.query_one("#ask-label", Label).update(label)
        field = self.query_one("#ask", Input)
        field.value, self._asking_for = value, purpose
        self.query_one("#timeline-ask").remove_class("hidden")
        self._problem("")
        # Once shown: a field still hidden by its style cannot take the focus.
        self.call_after_refresh(field.focus)
        self.refresh_bindings()

    def _problem(self, text: str) -> None:
        problem = self.query_one("#ask-problem", Static)
        problem.update(plain(text))
        problem.set_class(not text, "hidden")

    def _stop_asking(self) -> None:
        self.query_one("#timeline-ask").add_class("hidden")
        self._problem("")
        self.table.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#ask")
    def _search_as_typed(self, event: Input.Changed) -> None:
        if self._asking_for == "search":
            self.words = event.value.strip()
            self.page.number = 0
            self._refilter()

    @on(Input.Submitted, "#ask")
    def _answered(self, event: Input.Submitted) -> None:
        if self._asking_for == "jump":
            self._jump(event.value.strip())
        else:
            self._stop_asking()

    def _jump(self, text: str) -> None:
        today = self.sitbone.clock().date()
        words = {"today": today, "yesterday": today - timedelta(days=1)}
        try:
            day = words.get(text.lower()) or parse_day(text)
        except ValueError as error:
            self._problem(str(error))
            return
        position = self.shown.position_of(day)
        if position is None:
            self._problem(f"Nothing shown on or before {day:%a %d %b %Y}.")
            return
        self._stop_asking()
        self.page.show_position(position)
        self._draw(to_position=position)

    def action_clear(self) -> None:
        """Leave the question; then clear the search and the filter."""
        if self._asking():
            if self._asking_for == "search":
                self.words = ""
                self._refilter()
            self._stop_asking()
            return
        self.kind, self.words = None, ""
        self.page.number = 0
        self._refilter()

    @on(DataTable.RowSelected, "#timeline")
    def _enter_opens(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """The record, where it is edited: the same form and the same undo as there."""
        item = self._selected()
        if item is None:
            return
        if item.table in NOT_EDITED:
            self.notify(NOT_EDITED[item.table])
            return
        self.sitbone.open_record(item.table, item.record_ids[0])
