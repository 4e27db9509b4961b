"""For screens that change records: one way to write, report a refusal, and undo, so every
screen behaves the same and shares the app's list of changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.widgets import TabbedContent

from screens.base import SitboneScreen
from store.changes import Change
from store.errors import StaleRecordError, StoreError
from store.records import Record


class RecordScreen(SitboneScreen):
    """A main screen of tabs whose records can be changed; it redraws in `reload(keep)`."""

    # Actions that belong to one tab (action name: tab id): their keys show only there.
    TAB_ACTIONS: ClassVar[dict[str, str]] = {}

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.TAB_ACTIONS.get(action)
        return tab is None or tab == self.active_tab

    @on(TabbedContent.TabActivated)
    def _keys_follow_tab(self) -> None:
        self.refresh_bindings()

    def reload(self, keep: int | None = None) -> None:
        raise NotImplementedError

    def describe_undo(self, change: Change) -> str:
        return f"{change.kind} {change.table.replace('_', ' ')} record"

    def apply_change(self, write: Callable[[], Change]) -> Change | None:
        """Run one store write; keep it for undo, or say why nothing was written."""
        try:
            change = write()
        except StaleRecordError:
            self.notify(
                "That record was changed elsewhere since you opened it; nothing was saved. "
                "Reloaded.",
                severity="warning",
                timeout=10,
            )
            self.reload()
            return None
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
            return None
        self.sitbone.changes.append(change)
        self.reload(keep=change.record_id)
        self.refresh_bindings()
        return change

    async def delete_after_asking(
        self, table: str, chosen: tuple[int, Record] | None, question: str
    ) -> None:
        """Ask yes/no, then delete the chosen record (undoable with u)."""
        from screens.confirm import ConfirmScreen

        if chosen is None:
            return
        record_id, old = chosen
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            store = self.sitbone.store
            if self.apply_change(lambda: store.delete(table, record_id, old)):
                self.notify("Deleted. Press u to undo.")

    def action_undo(self) -> None:
        changes = self.sitbone.changes
        if not changes:
            self.notify("Nothing to undo.")
            return
        change = changes[-1]
        try:
            self.sitbone.store.undo(change)
        except StaleRecordError:
            changes.pop()
            self.notify("Cannot undo: that record was changed elsewhere since.", severity="warning")
            self.reload()
            return
        except StoreError as error:
            self.notify(f"Not undone: {error}", severity="error", timeout=10)
            return
        changes.pop()
        self.notify(f"Undone: {self.describe_undo(change)}.")
        self.reload(keep=change.record_id)
