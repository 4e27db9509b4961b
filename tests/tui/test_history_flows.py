"""The History screen by keyboard: the timeline grouped by week and day, the filter, the search,
going to a date, opening a record where it is edited, and undo from History."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Static

from journal.journal import Journal
from journal.timeline import Kind
from screens.exercises import ExercisesScreen
from screens.history import HistoryScreen
from screens.pain import PainScreen
from screens.session_form import SessionForm
from store import Home, Store
from tests.conftest import NOW, fixed_clock, until_started, wait_for
from tui.app import SitboneApp


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


async def open_history(pilot) -> HistoryScreen:
    await until_started(pilot)
    await pilot.press("6")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HistoryScreen), "History")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.table.row_count > 0, "the timeline")
    return screen


def rows(screen: HistoryScreen) -> list[list[str]]:
    table = screen.table
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def bar(screen: HistoryScreen) -> str:
    return str(screen.query_one("#timeline-bar", Static).render())


def item_rows(screen: HistoryScreen) -> list[list[str]]:
    return [row for row in rows(screen) if row[0] != "Week"]


async def test_every_record_on_one_timeline_under_week_headers(demo_home: Home) -> None:
    timeline = Journal.open(demo_home, fixed_clock).timeline()
    kinds = {item.kind for item in timeline.items}
    assert kinds >= {Kind.CHECK_IN, Kind.PAIN, Kind.TRAINING, Kind.RUN, Kind.PHASE, Kind.UNLOCK}
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert f"Showing everything  {len(timeline.items)} items" in bar(screen)
        shown = rows(screen)
        # Newest first, a header for each week (Monday to Sunday), the day once per day.
        assert shown[0][0] == "Week" and shown[0][3] == "Mon 16 Nov to 22 Nov 2026"
        newest = timeline.items[0]
        assert shown[1][:2] == [f"{newest.at:%a %d %b}", f"{newest.at:%H:%M}"]
        days = [row[0] for row in item_rows(screen) if row[0]]
        assert len(days) == len(set(days))
        headers = [row[3] for row in shown if row[0] == "Week"]
        assert headers[1] == "Mon 09 Nov to 15 Nov 2026"
        assert "Items 1-100 of" in str(screen.query_one("#timeline-page", Static).render())
        # The highlighted item's detail, notes and reasons in full, below the table.
        detail = str(screen.query_one("#timeline-detail", Static).render())
        assert detail.startswith(f"{newest.at:%a %d %b %Y %H:%M}")

        # r writes the clinician report and says where.
        await pilot.press("r")
        await pilot.pause()
        written = demo_home.reports_dir / "sitbone-report-2026-11-21.html"
        assert written.is_file() and "<svg" in written.read_text(encoding="utf-8")
        messages = [str(n.message) for n in app._notifications]
        assert any(f"written to {written}" in message for message in messages)


async def test_filter_search_and_go_to_a_date(demo_home: Home) -> None:
    timeline = Journal.open(demo_home, fixed_clock).timeline()
    found = timeline.only(None, "DRIVE sore").items
    assert found and all("drive" in item.detail.lower() for item in found)
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f")  # check-ins
        await pilot.pause()
        assert "Showing check-ins" in bar(screen)
        assert {row[2] for row in item_rows(screen)} == {"check-in"}
        await pilot.press("f", "f", "f")  # other pain, training days, runs
        await pilot.pause()
        assert "Showing runs  6 of" in bar(screen)
        assert {row[2] for row in item_rows(screen)} == {"run"}
        await pilot.press("escape")  # every kind again
        await pilot.pause()
        assert "Showing everything" in bar(screen)

        # Search as you type: every word must be found (notes, names, verdicts).
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the search field")
        await pilot.press(*"DRIVE sore")
        await pilot.pause()
        assert f"matching “DRIVE sore”  {len(found)} of" in bar(screen)
        assert "Long drive yesterday, sore on waking" in str(
            screen.query_one("#timeline-detail", Static).render()
        )
        await pilot.press("escape")  # leaves the search and clears it
        await pilot.pause()
        assert "matching" not in bar(screen) and app.focused is screen.table

        # Go to a date: the newest item on or before it is selected, its page shown.
        target = (NOW - timedelta(days=40)).date()
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the date field")
        await pilot.press(*"2026-13-01", "enter")
        await pilot.pause()
        problem = screen.query_one("#ask-problem", Static)
        assert "'2026-13-01' is not a date as YYYY-MM-DD" in str(problem.render())
        field = screen.query_one("#ask", Input)
        field.value = ""
        await pilot.press(*target.isoformat(), "enter")
        await pilot.pause()
        chosen = screen._selected()
        assert chosen is not None and chosen.at.date() <= target
        later = [item for item in screen.shown.items if item.at.date() <= target]
        assert chosen == later[0]
        assert app.focused is screen.table

        # Phase changes are kept as they happened: enter says so and stays.
        await pilot.press("f", "f", "f", "f", "f")  # check-ins ... phase changes
        await pilot.pause()
        assert "Showing phase changes" in bar(screen)
        assert all(row[3].startswith("phase ") for row in item_rows(screen))
        await pilot.press("enter")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("kept as they happened" in m for m in messages)
        assert isinstance(app.screen, HistoryScreen)


async def test_a_check_in_opened_from_history_is_edited_and_undone_there(
    demo_home: Home,
) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f")  # check-ins only: the newest is selected
        await pilot.pause()
        item = screen._selected()
        assert item is not None and item.kind == Kind.CHECK_IN
        record_id = item.record_ids[0]
        before = dict(Store(demo_home).pain_entries())[record_id]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PainScreen), "the Pain screen")
        pain = app.screen
        await wait_for(pilot, lambda: pain.form.editing is not None, "the entry in the form")
        assert pain.form.editing == (record_id, before)
        rest = pain.query_one("#rest", Input)
        rest.value = str((before.rest + 1) % 11)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: dict(Store(demo_home).pain_entries())[record_id].rest != before.rest,
            "the edit to be saved",
        )

        # Back on History: the change shows, and u undoes it there.
        await pilot.press("6")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "History")
        await wait_for(
            pilot,
            lambda: f"rest {(before.rest + 1) % 11}" in str(screen.table.get_row_at(1)[3]),
            "the edited check-in",
        )
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: dict(Store(demo_home).pain_entries())[record_id] == before,
            "the undo",
        )
        await wait_for(
            pilot, lambda: f"rest {before.rest}," in str(screen.table.get_row_at(1)[3]), "redraw"
        )


async def test_a_training_day_opens_its_session_in_the_session_form(demo_home: Home) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f", "f", "f")  # training days
        await pilot.pause()
        item = screen._selected()
        assert item is not None and item.kind == Kind.TRAINING and len(item.record_ids) > 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionForm), "the session form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExercisesScreen), "Exercises")
        exercises = app.screen
        chosen = exercises.selected_session()
        assert chosen is not None and chosen[0] == item.record_ids[0]
        assert exercises.active_tab == "tab-sessions"


async def test_an_empty_history_says_what_will_appear(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "History")
        screen = app.screen
        await wait_for(pilot, lambda: "Nothing logged yet" in bar(screen), "the empty line")
        assert screen.table.row_count == 0


async def test_a_long_history_is_paged(home: Home) -> None:
    from content.loader import load_library
    from content.programs import load_default_program
    from store.demo import demo_records

    data = demo_records(52, NOW, load_library(), load_default_program())
    Store(home, fixed_clock).fill_if_empty(data)
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        total = len(screen.shown.items)
        assert total > 300
        assert len(item_rows(screen)) == 100
        await pilot.press("right_square_bracket")
        await pilot.pause()
        line = str(screen.query_one("#timeline-page", Static).render())
        assert line.startswith(f"Items 101-200 of {total:,}")
        assert screen._selected() == screen.shown.items[100]
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the date field")
        first = screen.shown.items[-1].at.date()
        await pilot.press(*first.isoformat(), "enter")
        await pilot.pause()
        chosen = screen._selected()
        assert chosen is not None and chosen.at.date() == first
        line = str(screen.query_one("#timeline-page", Static).render())
        assert f"of {total:,}, newest first ([ newer)" in line  # the last page


async def test_the_weekly_review_shows_the_weeks_newest_first(demo_home: Home) -> None:
    from screens.weekly import week_row

    reviews = Journal.open(demo_home, fixed_clock).weekly_review(12)
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("w")
        table = screen.query_one("#weeks", DataTable)
        await wait_for(pilot, lambda: table.row_count == len(reviews), "the weeks")
        newest = reviews[-1]
        assert [str(c) for c in table.get_row_at(0)] == [str(c) for c in week_row(newest)[1]]
        assert table.get_row_at(0)[0] == f"{newest.start:%d %b}"
        detail = str(screen.query_one("#weekly-detail", Static).render())
        assert detail.startswith(f"{newest.start:%a %d %b} to {newest.end:%a %d %b %Y}")
        assert f"{newest.check_ins} of {newest.days} morning check-ins" in detail
        chart = str(screen.query_one("#weekly-chart", Static).render())
        assert f"{len(reviews)} weeks, oldest to newest" in chart and "Rest" in chart
        # The filter keys belong to the timeline; + and - to the weeks.
        enabled = {key for key, active in screen.active_bindings.items() if active.enabled}
        assert "f" not in enabled and "minus" in enabled
        await pilot.press("minus")
        await wait_for(pilot, lambda: table.row_count == 8, "eight weeks")
        await pilot.press("t")
        await pilot.pause()
        assert screen.active_tab == "tab-timeline" and app.focused is screen.table


async def test_the_weeks_begin_on_the_day_settings_name(demo_home: Home) -> None:
    demo_home.settings_file.write_text("week_starts: sunday\n")
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert rows(screen)[0][3].startswith("Sun 15 Nov to 21 Nov 2026")
        await pilot.press("w")
        table = screen.query_one("#weeks", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0, "the weeks")
        assert table.get_row_at(0)[0] == "15 Nov"
