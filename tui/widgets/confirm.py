"""A yes/no question in a small dialog; dismisses with True or False."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.widgets.dialog import Dialog
from tui.widgets.plain import plain


class ConfirmScreen(Dialog[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str | Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            question = self.question
            yield Static(plain(question) if isinstance(question, str) else question)
            yield Static("[b]y[/b] yes    [b]n[/b] no", classes="keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
