"""What the screens see of the app: the journal (every read and every action), the session
under way, and a few app-wide services. A typed interface, so no screen imports the App; the
messages the app sends to the screens live here too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from content.loader import Library
    from content.programs import RunProgram
    from journal.journal import Journal
    from journal.run_session import RunController
    from rules.timer import Event
    from store.changes import Change
    from store.home import Home
    from store.records import ActiveRun

Written = TypeVar("Written")


class Started(Message):
    """Content, data and settings are checked; screens may read the journal."""


class RunTicked(Message):
    """The session under way was brought up to date; `events` are what just happened."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class FileChanged(Message):
    """Another process (the command line, a second terminal) changed the data file."""


class Host(Protocol):
    """The app, as a screen may use it."""

    home: Home
    clock: Callable[[], datetime]
    monotonic: Callable[[], float]
    ready: bool
    sounds: bool
    current_run: RunController | None
    run_request: tuple[str | None, int | None] | None
    changes: list[Change]

    @property
    def journal(self) -> Journal: ...

    @property
    def library(self) -> Library: ...

    def key_for(self, binding_id: str, bindings: Iterable[object] = ()) -> str: ...

    async def write(self, write: Callable[[], Written]) -> Written: ...

    def ask_about_avulsion(self, pain: int | None, phase: int | None = None) -> None: ...

    def ask_how_it_went(self, saved: Change, heading: str) -> None: ...

    def begin_run(
        self, program: RunProgram, stage: int, resume_from: ActiveRun | None = None
    ) -> RunController: ...

    def announce(self, events: list[Event]) -> None: ...

    def action_red_flags(self) -> None: ...

    def open_record(self, table: str, record_id: int) -> None:
        """Show the record on the screen where it is edited, its edit begun."""

    def start(self) -> None:
        """Check content and data again and fill the screens (after a restore)."""
