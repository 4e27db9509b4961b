"""For screens that change records: one way to write, report a refusal, and undo, so every
screen behaves the same and shares the app's list of changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.binding import Binding
from textual.widgets import TabbedContent

from journal.journal import Refused
from store.changes import Change
from store.errors import StaleRecordError, StoreError
from store.records import (
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Record,
    RunSession,
    RunUnlock,
)
from tui.widgets.screen import SitboneScreen
from tui.widgets.tables import PagedHistory


class RecordScreen(SitboneScreen):
    """A main screen of tabs whose records can be changed; it redraws in `reload(keep)`."""

    # Actions that belong to one tab (action name: tab id): their keys show only there.
    TAB_ACTIONS: ClassVar[dict[str, str]] = {}
    BINDINGS = [
        # The line under a long history names these keys; the footer has no room for them.
        Binding("right_square_bracket", "turn(1)", "Older", id="history.older", show=False),
        Binding("left_square_bracket", "turn(-1)", "Newer", id="history.newer", show=False),
    ]

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def paged(self) -> PagedHistory | None:
        """The long history shown in the active tab, if it has one."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "turn":
            paged = self.paged()
            return paged is not None and paged.page.pages(len(paged.items)) > 1
        tab = self.TAB_ACTIONS.get(action)
        return tab is None or tab == self.active_tab

    def action_turn(self, pages: int) -> None:
        paged = self.paged()
        if paged is not None and paged.turn(pages):
            self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _keys_follow_tab(self) -> None:
        self.refresh_bindings()

    def reload(self, keep: int | None = None) -> None:
        raise NotImplementedError

    def open_record(self, table: str, record_id: int) -> None:
        """Begin editing record `record_id` of `table` (from History), as this screen's own
        edit key does."""
        self.notify("That record is not edited on this screen.", severity="warning")

    def describe_undo(self, change: Change) -> str:
        """What an undo did, in words: 'your edit of Clamshell on Sat 21 Nov'. The list of
        changes is the app's, so any screen may undo a record of another screen."""
        record = change.before if change.kind == "edited" else change.after or change.before
        what = self.describe_record(record)
        if change.kind == "added":
            return f"{what} is removed"
        if change.kind == "deleted":
            return f"{what} is back"
        return f"your edit of {what}"

    def describe_record(self, record: Record | None) -> str:
        """A record named as a person would: what it is and when."""
        if isinstance(record, ExerciseSession):
            exercise = self.sitbone.library.exercise(record.exercise)
            return f"{exercise.name if exercise else record.exercise} on {record.at:%a %d %b}"
        if isinstance(record, PainEntry):
            return f"the {record.context} entry of {record.at:%a %d %b %H:%M}"
        if isinstance(record, RunSession):
            return f"the run of {record.at:%a %d %b %H:%M} (stage {record.stage})"
        if isinstance(record, PhaseChange):
            return f"the move from phase {record.from_phase} to phase {record.to_phase}"
        if isinstance(record, RunUnlock):
            return f"the running unlock of {record.at:%a %d %b}"
        if isinstance(record, OutcomeMeasure):
            name = "VISA-H" if record.kind == "visa-h" else "sitting test"
            return f"the {name} of {record.at:%a %d %b}"
        return "the last change"

    async def apply_change(self, write: Callable[[], Change]) -> Change | None:
        """Run one store write (waiting, without freezing, while another sitbone writes);
        keep it for undo, or say why nothing was written."""
        try:
            change = await self.sitbone.write(write)
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
        except Refused as refusal:
            self.notify(str(refusal), severity="warning", timeout=10)
            return None
        self.sitbone.changes.append(change)
        self.reload(keep=change.record_id)
        self.refresh_bindings()
        return change

    async def delete_after_asking(
        self, table: str, chosen: tuple[int, Record] | None, question: str
    ) -> None:
        """Ask yes/no, then delete the chosen record (undoable with u)."""
        from tui.widgets.confirm import ConfirmScreen

        if chosen is None:
            return
        record_id, old = chosen
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            journal = self.sitbone.journal
            if await self.apply_change(lambda: journal.delete(table, record_id, old)):
                self.notify("Deleted. Press u to undo.")

    def action_undo(self) -> None:
        changes = self.sitbone.changes
        if not changes:
            self.notify("Nothing to undo.")
            return
        change = changes[-1]
        try:
            self.sitbone.journal.undo(change)
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
