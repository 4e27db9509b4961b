"""Fixes from a review of daily use, by keyboard: the cursor stays on its record, enter on a
run, small terminals (notifications, wrapping, columns, indents), hidden keys, quitting, wording,
the Dashboard's cards, Learn's filter, the limits of text fields and a form's problems shown
after the profile form was opened. Few apps, many checks each: the suite stays quick. (The
trend chart's marks and titles are checked with the other charts in test_pain_flows.py.)"""

from __future__ import annotations

from datetime import timedelta

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static
from textual.widgets._toast import Toast

from screens.exercises import ExercisesScreen
from screens.onboarding import OnboardingScreen
from screens.pain import PainScreen
from screens.run import RunScreen, rest_after
from screens.run_dialogs import ResumeRunScreen, RunAfterForm
from screens.session_form import ReasonScreen
from store import Home, Store
from store.records import (
    ActiveRun,
    ExerciseSession,
    PainEntry,
    RunSession,
    SegmentDone,
)
from tests.conftest import NOW, fixed_clock, until_started
from tests.tui.test_run_flows import Rig, in_phase_4
from tui.app import SitboneApp
from tui.widgets.confirm import ConfirmScreen
from tui.widgets.sparkline import pain_sparkline

MARKS = ("  [x]", "  [ ]", "  [?]")
BROKEN_PROGRAM = (
    "id: broken\nname: Broken\nstages:\n  - stage: 1\n    segments:\n"
    "      - {kind: jog, seconds: 60}\n"
)


def lines_of(widget: Widget) -> list[str]:
    """The widget as drawn: one string per line of its region."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text for strip in strips]


def text_of(app: SitboneApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: SitboneApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def cursor_key(table: DataTable) -> str | None:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def toasts_cover(app: SitboneApp, region: Region) -> bool:
    return any(toast.region.overlaps(region) for toast in app.screen.query(Toast))


def mornings_then(load_test: int) -> list[PainEntry]:
    """Eight settled mornings, then this morning's load test: 4 or more is a flare."""
    settled = [
        PainEntry(at=NOW - timedelta(days=d, hours=2), context="morning", rest=1, load_test=1)
        for d in range(1, 9)
    ]
    today = PainEntry(at=NOW - timedelta(hours=1), context="morning", rest=1, load_test=load_test)
    return [*settled, today]


def seed_records(home: Home) -> None:
    """Three of everything that has a table, so there is a middle row to stand on."""
    store = Store(home, fixed_clock)
    for back in (1, 2, 3):
        at = NOW - timedelta(days=back)
        store.add("pain", PainEntry(at=at.replace(hour=7), context="morning", rest=1, load_test=1))
        store.add(
            "exercise_sessions",
            ExerciseSession(at=at, exercise="clamshell", phase=1, sets=2, reps=15),
        )
        store.add(
            "runs",
            RunSession(
                at=at, program="sitbone", stage=1, completed=True, seconds_done=1680, pain_during=1
            ),
        )


# -- 21, 22, 26 (undo): the cursor stays, enter edits a run, undo says what it undid ---------


async def test_the_cursor_stays_on_its_record_and_undo_names_it(profiled_home: Home) -> None:
    seed_records(profiled_home)
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)

        # Exercises, Sessions: down to the middle row, d, n: still there, not on the first.
        await pilot.press("3", "s", "down")
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        chosen = cursor_key(table)
        await pilot.press("d", "n")
        await pilot.pause()
        assert (table.cursor_row, cursor_key(table)) == (1, chosen)
        # An edit, then its undo, in words.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#sets", Input).value = "3"
        await pilot.press("enter")
        await pilot.pause()
        assert cursor_key(table) == chosen
        await pilot.press("u")
        await pilot.pause()
        assert "Undone: your edit of Clamshell on Thu 19 Nov." in notices(app)
        assert cursor_key(table) == chosen

        # Pain, History: the same; and a new entry from elsewhere keeps it on its record.
        await pilot.press("4", "h", "down")
        await pilot.pause()
        history = app.screen.query_one("#history-table", DataTable)
        chosen = cursor_key(history)
        await pilot.press("d", "n")
        await pilot.pause()
        assert (history.cursor_row, cursor_key(history)) == (1, chosen)
        Store(profiled_home, fixed_clock).add("pain", PainEntry(at=NOW, context="other", rest=2))
        await pilot.press("1", "4")
        await pilot.pause()
        assert (history.cursor_row, cursor_key(history)) == (2, chosen)

        # Run, Runs: the same; enter opens pain and effort, as e does.
        await pilot.press("5", "r", "down")
        await pilot.pause()
        runs = app.screen.query_one("#runs", DataTable)
        chosen = cursor_key(runs)
        await pilot.press("d", "n")
        await pilot.pause()
        assert (runs.cursor_row, cursor_key(runs)) == (1, chosen)
        newer = RunSession(at=NOW, program="sitbone", stage=1, completed=False, seconds_done=60)
        Store(profiled_home, fixed_clock).add("runs", newer)
        await pilot.press("1", "5")
        await pilot.pause()
        assert (runs.cursor_row, cursor_key(runs)) == (2, chosen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunAfterForm)
        assert app.screen.run == dict(Store(profiled_home).runs())[int(chosen)]
        # A note at its limit says so at the field (it takes no more characters).
        note = app.screen.query_one("#note", Input)
        note.value = "x" * 500
        await pilot.pause()
        assert "limit of 500 characters" in str(app.screen.query_one("#note-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)


# -- 23: small terminals -------------------------------------------------------------------


async def test_a_60x20_terminal_keeps_key_lines_readable_and_nothing_cut(
    profiled_home: Home,
) -> None:
    store = Store(profiled_home, fixed_clock)
    # A flare this morning: the Exercises header then carries the longest advice.
    store.add_many(
        "pain",
        mornings_then(load_test=5),
    )
    store.save_active_run(
        ActiveRun(
            started=NOW - timedelta(minutes=20), program="sitbone", stage=3, index=1, kind="run",
            planned_s=120, position_s=30.0,
            done=(SegmentDone(kind="walk", planned_s=300, done_s=300),),
            saved=NOW - timedelta(minutes=14),
        )
    )  # fmt: skip
    profiled_home.programs_dir.mkdir()
    (profiled_home.programs_dir / "broken.yaml").write_text(BROKEN_PROGRAM)
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await until_started(pilot)
        await pilot.pause()
        # The interrupted-run dialog, with the warning about the broken program showing.
        assert isinstance(app.screen, ResumeRunScreen)
        assert "broken.yaml" in notices(app)
        keys = app.screen.query_one(".keys")
        assert app.screen.query(Toast) and not toasts_cover(app, keys.region)
        await pilot.press("escape")
        await pilot.pause()

        # Exercises: the header wraps in full, the flare advice and the rest day included.
        await pilot.press("3")
        await pilot.pause()
        status = app.screen.query_one("#program-status", Static)
        needed = status.get_content_height(app.size, app.size, status.content_size.width)
        assert status.content_size.height == needed
        assert "Gate criterion broken" in "".join(lines_of(status))

        # Pain: every label has a gap before its field; the history shows its 24 h column.
        await pilot.press("4", "n")
        await pilot.pause()
        for label in app.screen.query("#check-in .row Label.name").results(Label):
            assert label.region.width > len(str(label.render())), str(label.render())
        await pilot.press("escape", "h")
        await pilot.pause()
        history = app.screen.query_one("#history-table", DataTable)
        widths = {c.key.value: c.get_render_width(history) for c in history.columns.values()}
        keys_before = list(widths)[: list(widths).index("response") + 1]
        assert sum(widths[k] for k in keys_before) <= history.scrollable_content_region.width
        assert "Morning check-in, Sat 21 Nov" in text_of(app, "#history-detail")

        # At 80 columns, wrapped gate criteria stay indented under their label, on the
        # Exercises Gates tab and on the Run screen's locked view.
        await pilot.resize_terminal(80, 24)
        for keys, selector in ((("3", "g"), "#gate-view"), (("5",), "#setup-text")):
            await pilot.press(*keys)
            await pilot.pause()
            drawn = lines_of(app.screen.query_one(selector, Static))
            marks = [n for n, line in enumerate(drawn) if line.startswith(MARKS)]
            assert marks
            for start in marks:
                # The label and evidence run until the next mark, a blank or other text.
                for line in drawn[start + 1 :]:
                    if not line.strip() or line.startswith(("  [", "  a ", "Phase", "If ")):
                        break
                    assert line.startswith(" " * 15), line


async def test_in_phase_4_the_run_timer_at_60x20_and_the_gate_tab(profiled_home: Home) -> None:
    in_phase_4(profiled_home)
    profiled_home.programs_dir.mkdir()
    (profiled_home.programs_dir / "broken.yaml").write_text(BROKEN_PROGRAM)
    rig = Rig(profiled_home)
    async with rig.app.run_test(size=(60, 20), notifications=True) as pilot:
        # The run timer at 60x20 keeps its times clear of notifications.
        await until_started(pilot)
        await pilot.press("5", "space")
        await rig.tick(pilot, 10)
        await pilot.press("m", "m", "m")  # three more notifications on top of the warning
        await pilot.pause()
        times = rig.app.screen.query_one("#live-times", Static)
        shown = lines_of(times)
        assert shown[0].startswith("Elapsed 0:10") and shown[1].startswith("Remaining ")
        for number, line in enumerate(shown):
            words = Region(times.region.x, times.region.y + number, len(line.rstrip()), 1)
            assert not toasts_cover(rig.app, words), line
        assert len(rig.app.screen.query(Toast)) == 4

        # In phase 4 the gate tab hides advance.
        await pilot.press("3", "g")
        await pilot.pause()
        screen = rig.app.screen
        assert isinstance(screen, ExercisesScreen)
        actions = {binding.action for _, binding, *_ in screen.active_bindings.values()}
        assert "advance" not in actions and "step_back" in actions
        # Stepping back asks for a reason; one at the limit says so at the field.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(rig.app.screen, ReasonScreen)
        rig.app.screen.query_one("#reason", Input).value = "r" * 500
        await pilot.pause()
        assert "limit of 500 characters" in str(rig.app.screen.query_one("#reason-error").render())
        await pilot.press("escape")


# -- 24: the sparkline ---------------------------------------------------------------------


def test_the_sparkline_tells_low_scores_apart() -> None:
    assert len(set(pain_sparkline([0, 1, 2, 3]).plain)) == 4
    assert pain_sparkline([10, None]).plain == "█·"


# -- 25, 26, 27: Learn's filter, field limits, quitting, the Dashboard's words and cards ------


async def test_learn_filter_field_limits_and_the_dashboard_of_a_new_person(
    profiled_home: Home,
) -> None:
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        # The profile form, opened and closed first: its styles must not hide the pain
        # form's problems later on.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        await pilot.press("escape")

        # Learn's filter says what matched, and when nothing does.
        await pilot.press("2", "slash")
        search = app.screen.query_one("#filter", Input)
        search.value = "zzq"
        await pilot.pause()
        assert text_of(app, "#no-match").startswith('No page matches "zzq"')
        assert app.screen.query_one("#no-match").display
        search.value = "sciatic"
        await pilot.pause()
        assert not app.screen.query_one("#no-match").display
        match = text_of(app, "#match")
        assert match.startswith("Matches in ") and "sciatic" in match.lower()

        # The pain note at its limit says so at the field.
        await pilot.press("escape", "4", "n")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        app.screen.query_one("#note", Input).value = "n" * 2000
        await pilot.pause()
        assert "limit of 2000 characters" in text_of(app, "#note-error")
        assert app.screen.query_one("#note-error").display
        # A check-in without its rest score: the problem shows at its field, drawn.
        app.screen.query_one("#note", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#rest-error", Label)
        assert error.has_class("error") and error.display
        assert "Required" in str(error.render())
        assert error.region.height >= 1  # drawn, not hidden by another screen's style
        assert Store(profiled_home).pain_entries() == []

        # The Dashboard of a new person: Start here, not running now; q quits at once.
        await pilot.press("escape", "1")
        await pilot.pause()
        assert app.screen.query_one("#next").display  # no check-ins yet: Start here shows
        assert "not running now" in text_of(app, "#profile")
        await pilot.press("q")  # no run under way: no question
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and not app.is_running


async def test_dashboard_words_flare_running_and_cards(profiled_home: Home) -> None:
    store = Store(profiled_home, fixed_clock)
    store.add_many(
        "pain",
        mornings_then(load_test=4),
    )
    store.add(
        "runs",
        RunSession(
            at=NOW - timedelta(days=3), program="sitbone", stage=2, completed=True,
            seconds_done=1680,
        ),
    )  # fmt: skip
    app = SitboneApp(home=profiled_home, clock=fixed_clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await until_started(pilot)
        card = text_of(app, "#check-in")
        assert card.startswith("● amber  FLARE") and "(acceptable)" not in card
        assert "running: stage 2 of the walk/run program" in text_of(app, "#profile")
        assert not app.screen.query_one("#next").display  # 9 check-ins: it has done its job
        assert "1 pain entry today" in text_of(app, "#today")
        # Cards are as tall as their words: no empty lines inside a border.
        for card in app.screen.query(".card"):
            if card.display:
                inside = lines_of(card)[1:-1]
                assert all(line.strip("│ ") for line in inside), card.id


def test_a_stage_without_rest_days_says_so() -> None:
    assert rest_after(0) == "No rest day needed after: the next session may be the next day."
    assert rest_after(1) == "Rest 1 day after."
    assert rest_after(2) == "Rest 2 days after."
