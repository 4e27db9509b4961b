"""The open app follows the file: an entry written by another process shows on the screen in
view without a keypress, and a form being edited is not overwritten."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input

from screens.pain import PainScreen
from store import Home, Store
from store.records import PainEntry
from tests.conftest import NOW, fixed_clock, until_started
from tui.app import SitboneApp


def elsewhere(home: Home, rest: int, note: str) -> None:
    """Another sitbone (the command line, a second terminal) writes the file."""
    entry = PainEntry(at=NOW - timedelta(minutes=5), context="other", rest=rest, note=note)
    Store(home, fixed_clock).add_pain(entry)


async def test_entries_written_elsewhere_appear_and_its_own_writes_are_known(
    profiled_home: Home,
) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        today = str(app.screen.query_one("#today").render())
        assert "0 pain entries today" in today
        elsewhere(profiled_home, 2, "from the shell")
        assert app._watcher is not None  # the watch runs; under test it is called by hand
        app._check_file()  # what the once-a-second watch does
        await pilot.pause()
        assert "1 pain entry today" in str(app.screen.query_one("#today").render())

        await pilot.press("4", "h")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        table = app.screen.query_one("#history-table", DataTable)
        assert table.row_count == 1
        # Editing the entry when another process changes it: the form keeps what is typed
        # and says the entry changed; saving will not overwrite it.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#rest", Input).value = "7"
        store = Store(profiled_home, fixed_clock)
        [(record_id, old)] = store.pain_entries()
        store.replace("pain", record_id, old, old.model_copy(update={"rest": 4}))
        app._check_file()
        await pilot.pause()
        assert app.screen.query_one("#rest", Input).value == "7"
        assert "changed elsewhere" in str(app.screen.query_one("#form-title").render())
        await pilot.press("enter")
        await pilot.pause()
        [(_, kept)] = Store(profiled_home).pain_entries()
        assert kept.rest == 4  # the other writer's change stands

        # The app does not redraw for its own writes: it knows the file it wrote.
        await pilot.press("escape", "n", "1", "enter")
        await pilot.pause()
        assert len(Store(profiled_home).pain_entries()) == 2
        seen = app._seen
        assert seen == app.journal.file_token()  # its own write is already known
