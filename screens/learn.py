"""Learn: the list of education pages beside the page being read; `/` filters the list."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from content.models import LearnPage
from screens.base import SitboneScreen
from screens.plain import cell


class LearnScreen(SitboneScreen):
    MODE = "learn"
    CSS_PATH = "learn.tcss"
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
                yield OptionList(id="pages")
                yield Static("", id="no-match")
            with VerticalScroll(id="reader", can_focus=True):
                yield Markdown(id="page")

    def on_mount(self) -> None:
        self.show_pages(self.sitbone.library.pages)
        self.query_one("#pages", OptionList).focus()

    def show_pages(self, pages: tuple[LearnPage, ...] | list[LearnPage]) -> None:
        index = self.query_one("#pages", OptionList)
        index.clear_options()
        index.add_options([Option(cell(page.title), id=page.id) for page in pages])
        note = self.query_one("#no-match", Static)
        note.update("" if pages else "No page matches. Esc clears the filter.")
        if pages:
            index.highlighted = 0

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
        self.query_one("#reader", VerticalScroll).scroll_home(animate=False)

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
