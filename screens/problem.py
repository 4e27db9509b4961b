"""Shown instead of a traceback when the data file or a content file cannot be trusted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from content import ContentError
from screens.confirm import ConfirmScreen
from store import DataFileError, Home
from store.backup import list_backups


class RecoveryScreen(Screen[None]):
    CSS_PATH = "problem.tcss"
    BINDINGS = [
        Binding("r", "restore", "Restore newest backup", id="recovery.restore"),
        Binding("q", "app.quit", "Quit", id="recovery.quit"),
    ]

    def __init__(self, error: DataFileError) -> None:
        super().__init__()
        self.error = error

    @property
    def home(self) -> Home:
        return self.app.home  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        backups = list_backups(self.home.backups_dir)
        newest = backups[0] if backups else None
        if newest:
            how = (
                f"Newest backup: {newest}\n\n"
                "Press [b]r[/b] to restore it here, or from a shell run:\n"
                f"  sitbone --home {self.home.root} restore {newest}\n"
                "Either way your current file is kept beside it (renamed .damaged-...), "
                "never deleted."
            )
        else:
            how = (
                f"There is no backup in {self.home.backups_dir}.\n"
                "Fix the file by hand, or move it aside to start afresh."
            )
        with VerticalScroll(id="problem"):
            yield Static("[b]sitbone cannot open your data file[/b]", classes="headline")
            yield Static(f"File: {self.error.path}\nProblem: {self.error.problem}")
            yield Static(
                "sitbone has not changed the file and will not write to it while it is like this.",
                classes="calm",
            )
            yield Static(how)
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return bool(list_backups(self.home.backups_dir))
        return True

    def action_restore(self) -> None:
        newest = list_backups(self.home.backups_dir)[0]

        def restore(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                kept = self.app.store.restore(newest)  # type: ignore[attr-defined]
            except DataFileError as error:
                self.notify(f"That backup cannot be used: {error.problem}", severity="error")
                return
            self.notify(
                f"Restored {newest.name}." + (f" Old file kept as {kept.name}." if kept else "")
            )
            self.app.pop_screen()
            self.app.start()  # type: ignore[attr-defined]

        self.app.push_screen(
            ConfirmScreen(f"Restore {newest.name}? The current file is kept beside it."), restore
        )


class ContentProblemScreen(Screen[None]):
    CSS_PATH = "problem.tcss"
    BINDINGS = [Binding("q", "app.quit", "Quit", id="content_problem.quit")]

    def __init__(self, error: ContentError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problem"):
            yield Static("[b]A content file is not valid[/b]", classes="headline")
            yield Static(
                f"File: {self.error.path}\nField: {self.error.field}\nProblem: {self.error.problem}"
            )
            yield Static(
                "Your data is untouched. Fix the file (or reinstall sitbone) and start again.",
                classes="calm",
            )
        yield Footer()
