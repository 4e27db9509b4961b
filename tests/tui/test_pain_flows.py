"""The Pain screen by keyboard: check-in, problems at fields, edit, delete, undo, charts.

Three apps, one per starting home, each walking through what a person does there; what the
form makes of the typed text is checked without the app in tests/journal/test_entry.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static

from screens.pain import PainScreen
from store import Home, Store
from store.records import PainEntry, PhaseChange, RunSession
from tests.conftest import NOW, fixed_clock, until_started, wait_for
from tui.app import SitboneApp

# (field, what is typed, what the field then says): each refused, nothing saved.
BAD_VALUES = [
    ("rest", "", "Required: a whole number from 0 to 10"),
    ("rest", "11", "A whole number from 0 to 10"),
    ("load_test", "12", "A whole number from 0 to 10"),
    ("stiffness_min", "1441", "Whole minutes from 0 to 1440"),
    ("bridge_left", "12", "Give reps for both sides, or neither"),
    ("date", "2026-11-22", "The date is in the future"),
    ("date", "21/11/2026", "A date as YYYY-MM-DD"),
    ("time", "25:00", "A time as HH:MM"),
]


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


def lines_of(widget: Widget) -> list[str]:
    """The widget as drawn: one string per line of its region."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text for strip in strips]


def problem_at(app: SitboneApp, field: str) -> str:
    label = app.screen.query_one(f"#{field}-error", Label)
    return str(label.render()) if label.has_class("error") else ""


def text_of(app: SitboneApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: SitboneApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_pain(pilot) -> PainScreen:
    await until_started(pilot)
    await pilot.press("4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PainScreen)
    return pilot.app.screen


async def show_trends(pilot, screen: PainScreen) -> None:
    """Open the Trends tab and wait until the chart (loaded on first use) has drawn."""

    def drawn() -> bool:
        return bool(screen.query("#trend-plot")) and bool(
            text_of(pilot.app, "#trend-summary") or text_of(pilot.app, "#trend-empty")
        )

    await pilot.press("t")
    await wait_for(pilot, drawn, "the trend chart")
    await pilot.pause()


async def test_a_first_check_in_its_problems_undo_and_every_field(profiled_home: Home) -> None:
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pain(pilot)

        # No data yet: the trends say what to log.
        await show_trends(pilot, screen)
        assert "No morning check-ins in the last 14 days" in text_of(app, "#trend-empty")
        assert not screen.query_one("#trend-plot").display
        await pilot.press("v", "v")
        await pilot.pause()
        assert "single-leg bridge" in text_of(app, "#trend-empty")

        # A bad value shows at its field and nothing is saved; the cursor goes to the field
        # to fix and the form keeps what was typed.
        before = profiled_home.data_file.read_bytes()
        await pilot.press("n")
        for field, typed, expected in BAD_VALUES:
            screen.form.reset()  # a blank form, as n gives (the cursor stays in the form)
            if field != "rest":
                screen.query_one("#rest", Input).value = "2"
            screen.query_one(f"#{field}", Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert expected in problem_at(app, field), (field, typed)
            assert app.focused is screen.query_one(f"#{field}", Input), field
            assert screen.query_one(f"#{field}", Input).value == typed
            assert not screen.query_one("#verdict").has_class("shown")
        assert profiled_home.data_file.read_bytes() == before

        # The morning check-in by keyboard: n, two digits with a tab between, enter.
        await pilot.press("escape", "n", "2", "tab", "3", "enter")
        await pilot.pause()
        [(_, entry)] = Store(profiled_home).pain_entries()
        assert (entry.rest, entry.load_test, entry.context) == (2, 3, "morning")
        assert entry.at == NOW.replace(second=0)
        verdict = text_of(app, "#verdict")
        assert "Saved." in verdict and "Load test 3/10, green" in verdict
        assert "no baseline yet" in verdict
        # The form is blank again and the keys work: h opens the history with the entry.
        assert screen.query_one("#rest", Input).value == ""
        await pilot.press("h")
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 1

        # Meanwhile the CLI (another process) edits the same entry: undo refuses to
        # overwrite it.
        other = Store(profiled_home, fixed_clock)
        [(record_id, entry)] = other.pain_entries()
        other.replace("pain", record_id, entry, entry.model_copy(update={"rest": 5}))
        await pilot.press("u")
        await pilot.pause()
        assert [e.rest for _, e in other.pain_entries()] == [5]
        assert any("changed elsewhere" in message for message in notices(app))

        # Every field of a check-in is stored.
        await pilot.press("n")
        values = {
            "#rest": "1", "#load_test": "2", "#activity": "4", "#stiffness_min": "15",
            "#sitting_min": "40", "#bridge_left": "18", "#bridge_right": "25", "#walk_min": "30",
            "#note": "hills yesterday", "#time": "07:05",
        }  # fmt: skip
        for selector, value in values.items():
            screen.query_one(selector, Input).value = value
        screen.query_one("#chair").value = "car"
        screen.query_one("#aggravators").select("hills")
        screen.query_one("#for_clinician").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = [e for _, e in Store(profiled_home).pain_entries() if e.rest == 1]
        assert entry.model_dump() == {
            "at": datetime(2026, 11, 21, 7, 5), "context": "morning", "rest": 1,
            "load_test": 2, "activity": 4, "stiffness_min": 15, "sitting_min": 40,
            "chair": "car", "aggravators": ("hills",), "note": "hills yesterday",
            "bridge_left": 18, "bridge_right": 25, "walk_min": 30, "for_clinician": True,
        }  # fmt: skip


async def test_escape_edit_delete_and_undo_from_the_history(profiled_home: Home) -> None:
    store = Store(profiled_home, fixed_clock)
    store.add_many(
        "pain",
        [
            PainEntry(at=NOW - timedelta(days=1), context="morning", rest=1, load_test=2),
            PainEntry(at=NOW, context="morning", rest=2, load_test=3, note="first"),
        ],
    )
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pain(pilot)

        # Escape cancels an edit without saving.
        before = profiled_home.data_file.read_bytes()
        await pilot.press("h", "e")
        await pilot.pause()
        screen.query_one("#rest", Input).value = "9"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.form.editing is None
        assert screen.query_one("#rest", Input).value == ""
        assert profiled_home.data_file.read_bytes() == before

        await pilot.press("h")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.get_row_at(0)[0].startswith("Sat 21 Nov")  # newest first

        # Edit the newest entry: its values come into the form.
        await pilot.press("e")
        await pilot.pause()
        rest = screen.query_one("#rest", Input)
        assert app.focused is rest and rest.value == "2"
        assert "Editing the entry of Sat 21 Nov 09:30" in text_of(app, "#form-title")
        rest.value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert [e.rest for _, e in store.pain_entries()] == [1, 4]
        assert screen.query_one("#pain-tabs").active == "tab-history"

        # Delete asks first; n keeps it, y deletes.
        await pilot.press("d", "n")
        await pilot.pause()
        assert len(store.pain_entries()) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [e.rest for _, e in store.pain_entries()] == [1]

        # Undo the delete, then the edit.
        await pilot.press("u")
        await pilot.pause()
        assert [e.rest for _, e in store.pain_entries()] == [1, 4]
        await pilot.press("u")
        await pilot.pause()
        assert [(e.rest, e.note) for _, e in store.pain_entries()] == [(1, ""), (2, "first")]
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in message for message in notices(app))


def check_in_days(home: Home, days: int) -> int:
    first = NOW.date() - timedelta(days=days - 1)
    return len(
        {
            entry.at.date()
            for _, entry in Store(home).pain_entries()
            if entry.context == "morning" and entry.at.date() >= first
        }
    )


def add_marks(home: Home) -> None:
    store = Store(home, fixed_clock)
    store.add("phase_history", PhaseChange(at=NOW - timedelta(days=5), from_phase=1, to_phase=2))
    store.add(
        "runs",
        RunSession(
            at=NOW - timedelta(days=2), program="default", stage=1, completed=True,
            seconds_done=1680,
        ),
    )  # fmt: skip


async def test_the_last_check_in_and_the_charts_at_both_sizes(pain_demo_home: Home) -> None:
    add_marks(pain_demo_home)
    app = make_app(pain_demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # The Dashboard shows the last check-in and its sparkline.
        card = text_of(app, "#check-in")
        assert "green (safe)" in card or "amber" in card or "red" in card
        assert "Last 14 days" in card
        assert app.screen.query_one("#check-in").border_title.startswith("Last check-in")

        screen = await open_pain(pilot)
        # The trend chart shows runs (R, on a row above 10) and changes its title cleanly.
        await show_trends(pilot, screen)
        plot = screen.query_one("#trend-plot")
        assert any("R" in line for line in lines_of(plot.query_one("#plot")))
        assert text_of(app, "#trend-key").startswith("pain 0-10")
        await pilot.press("v")
        await pilot.pause()
        assert text_of(app, "#trend-key").startswith("minutes of sitting")
        drawn = [line for canvas in plot.query("*") for line in lines_of(canvas)]
        assert not any("pain" in line or "pmin" in line for line in drawn)
        await pilot.press("v", "v")  # back to pain
        await pilot.pause()

        # The trend chart fits and changes range and view, at 80x24 and at 60x20.
        for size in ((80, 24), (60, 20)):
            if size != (80, 24):
                await pilot.resize_terminal(*size)
                await pilot.press("r", "v")  # from "all" back to 14 days, bridge to pain
                await pilot.pause()
            plot = screen.query_one("#trend-plot")
            assert plot.display and plot.region.height >= 8, size
            assert screen.region.contains_region(plot.region), size
            summary = text_of(app, "#trend-summary")
            assert f"{check_in_days(pain_demo_home, 14)} morning check-ins" in summary, size
            assert "1 phase change:" in summary and "1 run:" in summary
            await pilot.press("r")
            await pilot.pause()
            thirty = f"{check_in_days(pain_demo_home, 30)} morning check-ins"
            assert thirty in text_of(app, "#trend-summary")
            await pilot.press("r", "r")
            await pilot.pause()
            every = f"{check_in_days(pain_demo_home, 10_000)} morning check-ins"
            assert every in text_of(app, "#trend-summary")
            await pilot.press("v")
            await pilot.pause()
            assert "sitting entries" in text_of(app, "#trend-summary")
            await pilot.press("v")
            await pilot.pause()
            assert "% (injured right side as a % of the other)" in text_of(app, "#trend-summary")
