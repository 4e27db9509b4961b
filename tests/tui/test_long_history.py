"""Years of records by keyboard: long histories are shown a page at a time, newest first, and
a key press touches only what it changes (counted, never timed)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from screens.exercises import ExercisesScreen
from screens.pain import PainScreen
from store import Home, Store
from store.records import ExerciseSession, PainEntry, Table
from tests.conftest import NOW, fixed_clock, until_started, wait_for
from tui.app import SitboneApp

SESSIONS = 250
ENTRIES = 130


@pytest.fixture
def long_home(profiled_home: Home) -> Home:
    store = Store(profiled_home, fixed_clock)
    first = NOW - timedelta(days=SESSIONS)
    store.add_many(
        Table.EXERCISE_SESSIONS,
        [
            ExerciseSession(
                at=first + timedelta(days=n), exercise="isometric-bridge", phase=1, sets=3
            )
            for n in range(SESSIONS)
        ],
    )
    store.add_many(
        Table.PAIN,
        [
            PainEntry(at=NOW - timedelta(days=ENTRIES - n), rest=n % 4, note=f"entry {n}")
            for n in range(ENTRIES)
        ],
    )
    return profiled_home


def page_line(screen: object, selector: str) -> str:
    line = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(line.render()) if line.display else ""


async def test_a_long_history_turns_page_by_page(long_home: Home) -> None:
    app = SitboneApp(home=long_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "Exercises")
        screen = app.screen
        table = screen.query_one("#sessions", DataTable)
        await wait_for(pilot, lambda: table.row_count == 100, "the newest 100 sessions")
        assert page_line(screen, "#sessions-page") == (
            "Sessions 1-100 of 250, newest first (] older)"
        )
        newest = table.get_row_at(0)[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.row_count == 100 and table.cursor_row == 0
        assert page_line(screen, "#sessions-page") == (
            "Sessions 101-200 of 250, newest first (] older, [ newer)"
        )
        await pilot.press("right_square_bracket", "right_square_bracket")  # no page 4
        await pilot.pause()
        assert table.row_count == 50
        assert page_line(screen, "#sessions-page").startswith("Sessions 201-250 of 250")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert table.get_row_at(0)[0] == newest

        # The Pain history pages the same way; one page needs no line at all.
        await pilot.press("4", "h")
        await wait_for(pilot, lambda: isinstance(app.screen, PainScreen), "Pain")
        history = app.screen.query_one("#history-table", DataTable)
        await wait_for(pilot, lambda: history.row_count == 100, "the newest 100 entries")
        assert page_line(app.screen, "#history-page").startswith("Entries 1-100 of 130")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert history.row_count == 30
        assert "entry 0" in str(history.get_row_at(29)[-1])


async def test_a_set_ticked_writes_one_row_and_leaves_the_hidden_history_alone(
    long_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: Counter[str] = Counter()
    add_row, update_cell_at = DataTable.add_row, DataTable.update_cell_at

    def counting_add(self: DataTable, *cells: object, **kwargs: object) -> object:
        written[f"{self.id} add"] += 1
        return add_row(self, *cells, **kwargs)  # type: ignore[arg-type]

    def counting_update(self: DataTable, at: Coordinate, *args: object, **kwargs: object) -> None:
        written[f"{self.id} row {at.row}"] += 1
        update_cell_at(self, at, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DataTable, "add_row", counting_add)
    monkeypatch.setattr(DataTable, "update_cell_at", counting_update)
    app = SitboneApp(home=long_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "Exercises")
        screen = app.screen
        await wait_for(pilot, lambda: written["checklist add"] > 0, "the checklist")
        assert written["sessions add"] == 0  # its tab is not shown: not filled
        written.clear()
        await pilot.press("space")
        await wait_for(pilot, lambda: written, "the set to be shown")
        await pilot.pause()
        # One set of the highlighted exercise: its row, and nothing else, is written.
        assert set(written) == {"checklist row 0"}
        assert "1/" in str(screen.query_one("#checklist", DataTable).get_row_at(0)[0])
        written.clear()
        await pilot.press("s")  # the Sessions tab fills when shown, a page only
        await wait_for(pilot, lambda: written["sessions add"] == 100, "the newest page")


async def test_switching_screens_never_parses_the_style_sheets_again(
    long_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.css.stylesheet import Stylesheet

    reparsed: list[str] = []
    reparse = Stylesheet.reparse

    def counting(self: Stylesheet) -> None:
        reparsed.append(type(pilot.app.screen).__name__)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    app = SitboneApp(home=long_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        for key in "234561234561":  # every screen: a first visit, then a return
            await pilot.press(key)
            await pilot.pause()
        assert reparsed == []  # every style was parsed once, at start


async def test_what_a_first_visit_sets_out_is_left_out_of_later_collections(
    long_home: Home,
) -> None:
    import gc

    app = SitboneApp(home=long_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # The screens drawn from the records, then the Dashboard's first redraw on return.
        for key in "34561":
            before = gc.get_freeze_count()
            await pilot.press(key)
            await wait_for(
                pilot, lambda at=before: gc.get_freeze_count() > at, f"screen {key} frozen"
            )
        # A revisit with nothing changed freezes nothing more (garbage made later stays
        # collectable).
        frozen = gc.get_freeze_count()
        await pilot.press("4", "1")
        await pilot.pause()
        assert gc.get_freeze_count() - frozen < 1_000
    gc.unfreeze()


async def test_the_app_vouches_for_what_it_wrote_by_the_time_it_closes(long_home: Home) -> None:
    from store.checked import CheckedMark

    app = SitboneApp(home=long_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "Exercises")
        before = long_home.data_file.read_bytes()
        await pilot.press("space")
        await wait_for(pilot, lambda: long_home.data_file.read_bytes() != before, "the set")
    assert CheckedMark(long_home.checked_file).holds(long_home.data_file.read_bytes())
