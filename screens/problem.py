"""Shown instead of a traceback when the data file or a content file cannot be trusted."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from content import ContentError
from journal.recovery import Recovery
from store import Home, StoreError
from store.errors import NoBackupError
from tui.widgets.confirm import ConfirmScreen
from tui.widgets.host import Host

if TYPE_CHECKING:
    from journal.recovery import RestorePlan


class RecoveryScreen(Screen[None]):
    """The data file cannot be used: what is wrong, and the backup that would be restored (the
    newest that validates), with what it holds against the current file. Paths and problems
    are file names and messages, never markup: they are drawn as plain Text."""

    BINDINGS = [
        Binding("r", "restore", "Restore backup", id="recovery.restore"),
        Binding("q", "app.quit", "Quit", id="recovery.quit"),
    ]

    def __init__(self, error: StoreError, recovery: Recovery) -> None:
        super().__init__()
        self.error = error
        self.recovery = recovery
        self.plan: RestorePlan | None = None
        self.no_plan: str = ""
        self.has_backups = True

    @property
    def home(self) -> Home:
        return self.recovery.home

    def _make_plan(self) -> None:
        self.plan, self.no_plan, self.has_backups = None, "", True
        try:
            self.plan = self.recovery.plan()
        except NoBackupError as error:
            self.no_plan = str(error)
            with contextlib.suppress(StoreError):
                self.has_backups = self.recovery.has_backups()
        except StoreError as error:
            self.no_plan = str(error)

    def _how(self) -> Text:
        plan = self.plan
        if plan is None:
            afresh = "\nFix the file by hand, or move it aside to start afresh."
            if not self.has_backups:
                return Text.assemble(f"There is no backup in {self.home.backups_dir}.", afresh)
            return Text.assemble("No backup can be restored: ", self.no_plan, afresh)
        return Text.assemble(
            "\n".join(plan.describe()),
            "\n\nPress ",
            ("r", "bold"),
            " to restore it here, or from a shell run:\n",
            f"  sitbone --home {self.home.root} restore {plan.backup.path}\n",
            "Either way your current file is kept beside it, never deleted.",
        )

    def compose(self) -> ComposeResult:
        self._make_plan()
        with VerticalScroll(id="problem"):
            yield Static(Text("sitbone cannot open your data file", "bold"), classes="headline")
            yield Static(
                Text.assemble("File: ", str(self.error.path), "\nProblem: ", self.error.problem)
            )
            yield Static(
                "sitbone has not changed the file and will not write to it while it is like this.",
                classes="calm",
                markup=False,
            )
            yield Static(self._how(), id="restore-plan")
        yield Footer()

    def _show_plan(self) -> None:
        self._make_plan()
        self.query_one("#restore-plan", Static).update(self._how())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.plan is not None
        return True

    def action_restore(self) -> None:
        plan = self.plan
        if plan is None:
            return

        def restore(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                kept = self.recovery.restore(plan)
            except StoreError as error:
                self.notify(f"Nothing restored: {error}", severity="error", markup=False)
                self._show_plan()  # what would be restored now
                return
            kept_note = f" The old file is kept as {kept.name}." if kept else ""
            self.notify(f"Restored {plan.backup.path.name}.{kept_note}", markup=False)
            self.app.pop_screen()
            cast(Host, self.app).start()

        question = Text.assemble(
            f"Restore {plan.backup.path.name} (saved {plan.backup.saved:%Y-%m-%d %H:%M})? "
            "The current file is kept beside it."
        )
        self.app.push_screen(ConfirmScreen(question), restore)


class ContentProblemScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="content_problem.quit")]

    def __init__(self, error: ContentError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problem"):
            yield Static(Text("A content file is not valid", "bold"), classes="headline")
            yield Static(
                Text.assemble(
                    "File: ",
                    str(self.error.path),
                    "\nField: ",
                    str(self.error.field),
                    "\nProblem: ",
                    str(self.error.problem),
                )
            )
            yield Static(
                "Your data is untouched. Fix the file (or reinstall sitbone) and start again.",
                classes="calm",
            )
        yield Footer()
