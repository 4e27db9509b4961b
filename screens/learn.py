"""Learn: the list of education pages beside the page being read; `/` filters the list."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from content.models import LearnPage
from rules.text import printable
from tui.widgets.plain import cell, plain
from tui.widgets.screen import SitboneScreen

CONTEXT_CHARS = 40  # shown either side of the first matching word


def match_context(page: LearnPage, query: str) -> Text | None:
    """Where the words of `query` matched on `page`: the part (title, summary, keywords, text)
    and a short line around the first match, every query word in it highlighted."""
    words = re.findall(r"\w+", query)
    if not words:
        return None
    parts = (
        ("the title", page.title),
        ("the summary", page.summary),
        ("the keywords", ", ".join(page.keywords)),
        ("the text", page.body),
    )
    first = re.compile(rf"\b{re.escape(words[0])}", re.IGNORECASE)
    for where, raw in parts:
        flat = " ".join(raw.split())
        found = first.search(flat)
        if found is None:
            continue
        start = max(found.start() - CONTEXT_CHARS, 0)
        end = min(found.end() + CONTEXT_CHARS, len(flat))
        snippet = Text(
            ("…" if start else "") + printable(flat[start:end]) + ("…" if end < len(flat) else "")
        )
        for word in words:
            snippet.highlight_regex(rf"(?i)\b{re.escape(word)}\w*", "bold reverse")
        line = Text(f"Matches in {where}: ", style="bold")
        line.append_text(snippet)
        return line
    return None


class LearnScreen(SitboneScreen):
    MODE = "learn"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="learn.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="learn.clear_filter"),
        Binding("right_square_bracket", "page(1)", "Next page", id="learn.next_page", show=False),
        Binding(
            "left_square_bracket", "page(-1)", "Previous page", id="learn.previous_page", show=False
        ),
        # On the red-flags page: review yours, as from the Dashboard.
        Binding("f", "red_flags", "Review your red flags", id="learn.red_flags"),
    ]
    RED_FLAG_PAGE = "red-flags"

    def __init__(self) -> None:
        super().__init__()
        self.shown: LearnPage | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="learn"):
            with Vertical(id="index"):
                yield Input(placeholder="/ filter pages", id="filter")
                # Under the filter, where the eye is while typing.
                yield Static("", id="no-match")
                yield OptionList(id="pages")
            with VerticalScroll(id="reader", can_focus=True):
                yield Static("", id="match")
                yield Markdown(id="page")

    def on_mount(self) -> None:
        self.show_pages(self.sitbone.library.pages)
        self.query_one("#pages", OptionList).focus()

    def show_pages(self, pages: tuple[LearnPage, ...] | list[LearnPage]) -> None:
        index = self.query_one("#pages", OptionList)
        index.clear_options()
        index.add_options([Option(cell(page.title), id=page.id) for page in pages])
        note = self.query_one("#no-match", Static)
        query = self.query_one("#filter", Input).value.strip()
        note.update(
            plain(f'No page matches "{query}". Esc clears the filter.')
            if not pages and query
            else ""
        )
        note.display = not pages and bool(query)
        if pages:
            index.highlighted = 0
        self._show_match()

    @on(OptionList.OptionHighlighted, "#pages")
    def _on_highlight(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.open_page(event.option.id)

    @on(OptionList.OptionSelected, "#pages")
    def _on_select(self, event: OptionList.OptionSelected) -> None:
        # Enter on a page moves you into it, so the arrow keys scroll the text.
        self.query_one("#reader").focus()

    def open_page(self, page_id: str) -> None:
        page = self.sitbone.library.page(page_id)
        if page is self.shown:
            return
        self.shown = page
        self.refresh_bindings()
        self.query_one("#page", Markdown).update(page.as_markdown())
        self._show_match()
        self.query_one("#reader", VerticalScroll).scroll_home(animate=False)

    def _show_match(self) -> None:
        """Above the page, while filtering: where the words matched on it."""
        box = self.query_one("#match", Static)
        query = self.query_one("#filter", Input).value
        matched = self.shown is not None and self.shown.matches(query)
        context = match_context(self.shown, query) if self.shown and matched else None
        box.update(context or "")
        box.display = context is not None

    @on(Input.Changed, "#filter")
    def _on_filter(self, event: Input.Changed) -> None:
        self.show_pages(self.sitbone.library.search(event.value))

    @on(Input.Submitted, "#filter")
    def _on_filter_done(self) -> None:
        self.query_one("#pages", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "red_flags":
            return self.shown is not None and self.shown.id == self.RED_FLAG_PAGE
        return True

    def action_red_flags(self) -> None:
        self.sitbone.action_red_flags()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one("#pages", OptionList).focus()

    def action_page(self, step: int) -> None:
        index = self.query_one("#pages", OptionList)
        if index.option_count:
            current = index.highlighted or 0
            index.highlighted = max(0, min(index.option_count - 1, current + step))
