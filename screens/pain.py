"""Pain: the check-in form, the history of entries (edit, delete, undo) and trend charts."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, TabbedContent, TabPane, Tabs

from rules.advice import LoadTests
from screens.pain_form import CheckInForm
from screens.pain_history import PainHistory
from screens.pain_trends import PainTrends, TrendData
from store.records import PainEntry, Table
from tui.widgets.host import FileChanged
from tui.widgets.record_screen import RecordScreen
from tui.widgets.tables import PagedHistory
from tui.widgets.zones import zone_text

CHECK_IN, HISTORY, TRENDS = "tab-check-in", "tab-history", "tab-trends"


class PainScreen(RecordScreen):
    TAB_ACTIONS: ClassVar[dict[str, str]] = {
        "save": CHECK_IN,
        "leave_form": CHECK_IN,
        "edit": HISTORY,
        "delete": HISTORY,
        "range": TRENDS,
        "view": TRENDS,
    }
    MODE = "pain"
    _history_stale = True  # the History tab is filled when it is shown
    BINDINGS = [
        Binding("n", "new", "New check-in", id="pain.new"),
        Binding("h", "tab('tab-history')", "History", id="pain.history"),
        Binding("t", "tab('tab-trends')", "Trends", id="pain.trends"),
        Binding("ctrl+s", "save", "Save", id="pain.save"),
        Binding("escape", "leave_form", "Leave form", id="pain.leave_form"),
        Binding("e", "edit", "Edit", id="pain.edit"),
        Binding("d", "delete", "Delete", id="pain.delete"),
        Binding("u", "undo", "Undo", id="pain.undo"),
        Binding("r", "range", "Range", id="pain.range"),
        Binding("v", "view", "View", id="pain.view"),
    ]

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="pain-tabs", initial=CHECK_IN):
            with TabPane("Check-in (n)", id=CHECK_IN):
                yield CheckInForm(self.sitbone.clock, id="check-in")
            with TabPane("History (h)", id=HISTORY):
                yield PainHistory(id="history")
            with TabPane("Trends (t)", id=TRENDS):
                yield PainTrends(id="trends")

    @property
    def form(self) -> CheckInForm:
        return self.query_one(CheckInForm)

    @property
    def history(self) -> PainHistory:
        return self.query_one(PainHistory)

    def on_mount(self) -> None:
        # Start outside the text fields so the single keys (n, h, t, 1-6) work at once.
        self.query_one(Tabs).focus()

    def on_screen_resume(self) -> None:
        # The CLI may have logged entries while this screen was away.
        self.redraw_on_resume(self.reload)

    def on_file_changed(self, _: FileChanged) -> None:
        # Another process wrote: the history and charts follow; the form keeps what is typed.
        self.reload()
        editing = self.form.editing
        if editing is not None and editing not in self.sitbone.journal.pain_entries():
            self.form.changed_elsewhere()

    def reload(self, keep: int | None = None) -> None:
        journal = self.sitbone.journal
        pairs = journal.pain_entries()
        entries = [entry for _, entry in pairs]
        tests = journal.load_tests()
        self.form.load_test_on = lambda day: self._load_test(tests, day)
        self.form.refresh_load_test()
        # The history and the charts are drawn when their tab is shown, not before.
        self._history_stale = True
        if self.active_tab == HISTORY:
            self._show_history(pairs, keep)
        if self.active_tab == TRENDS:
            self._show_trends(entries)

    def _show_history(
        self, pairs: list[tuple[int, PainEntry]] | None = None, keep: int | None = None
    ) -> None:
        journal = self.sitbone.journal
        if pairs is None:
            pairs = journal.pain_entries()
        self.history.show(pairs, journal.judge_all([entry for _, entry in pairs]), keep=keep)
        self._history_stale = False

    def paged(self) -> PagedHistory | None:
        return self.history.paged if self.active_tab == HISTORY else None

    def _load_test(self, tests: LoadTests, day: date) -> tuple[str, str]:
        """The load test done on `day`: its phase's, by the phase history."""
        library = self.sitbone.library
        test_id = tests.on(datetime.combine(day, time.max))
        found = next(p.load_test for p in library.phases if p.load_test.id == test_id)
        return found.name, found.how

    def _show_trends(self, entries: list[PainEntry] | None = None) -> None:
        # Charts are drawn only when their tab is shown: the plot module loads on first use.
        journal = self.sitbone.journal
        if entries is None:
            entries = [entry for _, entry in journal.pain_entries()]
        profile = journal.profile()
        limits, tests = journal.limits, journal.load_tests()
        self.query_one(PainTrends).show(
            TrendData(
                entries=entries,
                phases=journal.phase_changes(),
                runs=[run for _, run in journal.runs()],
                injured=profile.injured_side if profile else "both",
                today=self.sitbone.clock().date(),
                limits=limits,
                tests=tests,
            )
        )

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in ("edit", "delete") and self.history.selected() is None:
            return None
        return True

    @on(TabbedContent.TabActivated)
    def _draw_when_shown(self) -> None:
        if self.active_tab == TRENDS:
            self._show_trends()
        elif self.active_tab == HISTORY and self._history_stale:
            self._show_history()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == HISTORY:
            self.history.table.focus()

    def action_new(self) -> None:
        self.query_one(TabbedContent).active = CHECK_IN
        self.form.reset()
        self.query_one("#rest", Input).focus()

    def action_save(self) -> None:
        self.form.submit()

    def action_leave_form(self) -> None:
        if self.active_tab != CHECK_IN:
            return
        if self.form.editing is not None:
            self.form.reset()
            self.notify("Edit cancelled; nothing changed.")
        # Out of the text fields, so single keys (h, t, u, 1-6) work again.
        self.query_one(Tabs).focus()

    def action_range(self) -> None:
        self.query_one(PainTrends).next_window()

    def action_view(self) -> None:
        self.query_one(PainTrends).next_view()

    def action_edit(self) -> None:
        chosen = self.history.selected()
        if chosen is not None:
            self._edit(chosen)

    def _edit(self, chosen: tuple[int, PainEntry]) -> None:
        self.query_one(TabbedContent).active = CHECK_IN
        self.form.edit(*chosen)
        self.query_one("#rest", Input).focus()

    def open_record(self, table: str, record_id: int) -> None:
        found = dict(self.sitbone.journal.pain_entries()).get(record_id)
        if found is None:
            self.notify("That entry is no longer there.", severity="warning")
            return
        self._edit((record_id, found))

    @work
    async def action_delete(self) -> None:
        from tui.widgets.confirm import ConfirmScreen

        chosen = self.history.selected()
        if chosen is None:
            return
        record_id, entry = chosen
        question = f"Delete the {entry.context} entry of {entry.at:%a %d %b %H:%M}?"
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        journal = self.sitbone.journal
        if await self.apply_change(lambda: journal.delete(Table.PAIN, record_id, entry)):
            self.notify("Deleted. Press u to undo.")

    # -- saving ------------------------------------------------------------------------

    @on(CheckInForm.Submitted)
    def _submitted(self, event: CheckInForm.Submitted) -> None:
        self._save(event.entry, event.editing)

    @work
    async def _save(self, entry: PainEntry, editing: tuple[int, PainEntry] | None) -> None:
        # A worker, so the screen keeps answering keys while a write waits for the lock.
        journal = self.sitbone.journal
        if editing is None:
            change = await self.apply_change(lambda: journal.log_pain(entry))
        else:
            record_id, old = editing
            change = await self.apply_change(
                lambda: journal.edit(Table.PAIN, record_id, old, entry)
            )
        if change is None:
            return  # the form keeps what was typed; the notification says why
        others = [e for i, e in journal.pain_entries() if i != change.record_id]
        judgement = journal.judge(entry, others)
        line = judgement.line
        self.form.reset()
        if editing is None:
            verdict = zone_text(judgement.zone)
            verdict.append(f"  Saved. {line}", style="")
            self.form.show_verdict(verdict)
            self.form.scroll_home(animate=False)
            self.query_one(Tabs).focus()
        else:
            self.notify(f"Saved. {line}", timeout=8)
            self.action_tab(HISTORY)
