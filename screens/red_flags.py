"""The red flag review: which flags are open and since when, what each means and what to do,
record one that now applies, record that a clinician has seen the open ones, and the history.
Opened from the Dashboard and from Learn's red-flag page."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from journal.safety import (
    describe_history,
    open_flags,
    opened_on,
    urgency_words,
)
from rules.red_flags import blocking
from rules.text import printable
from store.errors import StoreError
from tui.widgets.dialog import Dialog


class RedFlagsScreen(Dialog[None]):
    BINDINGS = [
        Binding("ctrl+s", "record", "Record ticked", id="red_flags.record"),
        Binding("c", "clear", "Clinician has seen them", id="red_flags.clear"),
        Binding("escape", "close", "Close", id="red_flags.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="red-flags"):
            yield Static(Text("Red flags", style="bold"), id="flags-title")
            yield Static(id="flags-keys", classes="keys")
            yield Static(id="flags-open")
            yield Static(
                "Tick (space) any that applies now, then ctrl+s to record it.", classes="hint"
            )
            yield SelectionList[str](id="flag-list")
            yield Static(id="flag-detail")
            yield Static(id="flags-history")

    def on_mount(self) -> None:
        self.refresh_flags()
        self.query_one("#flag-list", SelectionList).focus()

    def refresh_flags(self) -> None:
        app = self.sitbone
        library, journal = app.library, app.journal
        profile = journal.profile()
        history = journal.red_flag_history()
        flags = open_flags(profile, library)
        summary = Text()
        if not flags:
            summary.append("None open.", style="bold")
        for flag in flags:
            since = opened_on(history, flag.id)
            when = f" since {since:%d %b %Y}" if since else ""
            summary.append(f"OPEN{when} ({urgency_words(flag)}): ", style="bold red")
            summary.append(f"{flag.title}.\n  {flag.action}\n")
        if blocking(flags):
            summary.append(
                "While it is open, advancing a phase, unlocking running and starting a run "
                "are refused.",
                style="bold",
            )
        self.query_one("#flags-open", Static).update(summary)
        ticked = set(profile.red_flags) if profile else set()
        listing = self.query_one("#flag-list", SelectionList)
        listing.clear_options()
        listing.add_options(
            [
                Selection(
                    # Urgency first, so a narrow terminal cuts the end of the name instead.
                    Text(
                        ("OPEN, " if flag.id in ticked else "")
                        + f"{urgency_words(flag)}: {flag.short}"
                    ),
                    flag.id,
                    flag.id in ticked,
                    disabled=flag.id in ticked,
                )
                for flag in library.red_flags
            ]
        )
        past = Text("History\n", style="bold")
        past.append(
            printable(
                "\n".join(describe_history(change, library) for change in history)
                or "Nothing recorded yet."
            )
        )
        self.query_one("#flags-history", Static).update(past)
        keys = "space tick   ctrl+s record   esc close"
        if flags:
            keys = "space tick   ctrl+s record   c a clinician has seen them   esc close"
        self.query_one("#flags-keys", Static).update(keys)
        self._detail()
        self.refresh_bindings()

    @on(SelectionList.SelectionHighlighted, "#flag-list")
    def _detail(self) -> None:
        listing = self.query_one("#flag-list", SelectionList)
        index = listing.highlighted
        flags = self.sitbone.library.red_flags
        if index is None or not 0 <= index < len(flags):
            return
        flag = flags[index]
        text = Text(f"{flag.title}. ", style="bold")
        text.append(f"{flag.detail}\nWhat to do: {flag.action}")
        self.query_one("#flag-detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            profile = self.sitbone.journal.profile()
            return bool(profile and profile.red_flags) or None
        return True

    async def action_record(self) -> None:
        app = self.sitbone
        profile = app.journal.profile()
        if profile is None:
            return
        ticked = list(self.query_one("#flag-list", SelectionList).selected)
        new = [flag_id for flag_id in ticked if flag_id not in profile.red_flags]
        if not new:
            self.notify("Nothing new ticked.")
            return
        try:
            await app.write(lambda: app.journal.raise_flags(new))
        except StoreError as error:
            self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
            return
        self.notify("Recorded. Please see a clinician as the flag says.", severity="warning")
        self.refresh_flags()

    @work
    async def action_clear(self) -> None:
        from screens.session_form import ReasonScreen

        app = self.sitbone
        profile = app.journal.profile()
        if profile is None or not profile.red_flags:
            return

        async def clear(reason: str) -> bool:
            try:
                await app.write(lambda: app.journal.clear_flags(reason))
            except StoreError as error:
                self.notify(f"Nothing saved: {error}", severity="error", timeout=10)
                return False
            self.notify("Recorded: the open red flags are closed.")
            self.refresh_flags()
            return True

        await self.app.push_screen_wait(
            ReasonScreen(
                "Record that a clinician has seen the open red flags. They close; the history "
                "keeps them with today's date and your reason. Who saw you, and what did "
                "they say?",
                "e.g. seen by my GP on Monday: no tear, carry on",
                "Type a reason: it is kept with the red flags' history.",
                save=clear,
            )
        )

    def action_close(self) -> None:
        self.dismiss(None)
