"""Red flags that stop things, by keyboard: the review from the Dashboard and from Learn, the
Dashboard leading with an open flag, advancing and running refused on screen until a
clinician's clearance (then running unlocked before phase 4 with a reason), the avulsion
question after a painful session, the check-in form showing the context it will store, and a
runner who still runs getting monitored running."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, OptionList, Select, Static

from screens.dashboard import DashboardScreen
from screens.exercises import ExercisesScreen
from screens.learn import LearnScreen
from screens.pain import PainScreen
from screens.red_flags import RedFlagsScreen
from screens.run import RunScreen
from screens.session_form import ReasonScreen, SessionForm
from store import Home, Store
from store.records import PhaseChange, Profile
from tests.conftest import NOW, fixed_clock, until_started
from tui.app import SitboneApp
from tui.widgets.confirm import ConfirmScreen


def make_app(home: Home) -> SitboneApp:
    return SitboneApp(home=home, clock=fixed_clock)


def rendered(app: SitboneApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: SitboneApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_the_review_from_learn_and_the_dashboard_a_flag_stops_things_until_cleared(
    profiled_home: Home,
) -> None:
    # The run started at the end is timed on a clock that stands still.
    app = SitboneApp(home=profiled_home, clock=fixed_clock, monotonic=lambda: 1000.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert not app.screen.query_one("#red-flags").display

        # Learn's red-flag page opens the review (f on another page opens nothing).
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        pages = app.screen.query_one("#pages", OptionList)
        await pilot.press("f")  # not on the red-flags page: nothing opens
        assert isinstance(app.screen, LearnScreen)
        ids = [pages.get_option_at_index(i).id for i in range(pages.option_count)]
        pages.highlighted = ids.index("red-flags")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        await pilot.press("escape", "1")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

        # A flag raised in the review from the Dashboard stops advancing and running.
        await pilot.press("f")
        assert isinstance(app.screen, RedFlagsScreen)
        await pilot.press("home", "down", "space", "ctrl+s")  # the second: a suspected avulsion
        await pilot.pause()
        assert Store(profiled_home).profile().red_flags == ("avulsion",)
        assert "OPEN since 21 Nov 2026 (urgent)" in rendered(app, "#flags-open")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        card = app.screen.query_one("#red-flags")
        assert card.display and "A sudden pop" in str(card.render())

        await pilot.press("3", "g", "a")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
        assert "Advancing a phase is refused while a red flag is open" in notices(app)
        assert Store(profiled_home).phase_changes() == []
        await pilot.press("5", "o")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert "Unlocking running is refused" in notices(app)
        assert "Starting a run is refused" in rendered(app, "#setup-text")

        # ...until a clinician's clearance is recorded, with its reason.
        await pilot.press("1", "f", "c")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # an empty reason is refused at the field
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one("#reason", Input).value = "seen by my GP: no tear"
        await pilot.press("enter")
        await pilot.pause()
        assert Store(profiled_home).profile().red_flags == ()
        history = [change for _, change in Store(profiled_home).red_flag_history()]
        assert [c.raised for c in history] == [("avulsion",), ()]
        assert history[-1].cleared == ("avulsion",)
        assert history[-1].reason == "seen by my GP: no tear"
        assert "None open." in rendered(app, "#flags-open")

        # The check-in form shows the context it will store.
        await pilot.press("escape", "4", "n")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        context = app.screen.query_one("#context", Select)
        assert "Short-lever single-leg bridge" in rendered(app, "#load-test-how")
        # Yesterday evening, typed this morning: the entry's time decides, not the clock.
        app.screen.query_one("#date", Input).value = "2026-11-20"
        app.screen.query_one("#time", Input).value = "19:30"
        await pilot.pause()
        assert context.value == "evening"
        await pilot.press("1", "tab", "3")  # rest 1, then a load test: a morning check-in
        await pilot.pause()
        assert context.value == "morning"
        await pilot.press("enter")
        await pilot.pause()
        [(_, entry)] = Store(profiled_home).pain_entries()
        assert entry.context == "morning" and entry.load_test == 3

        # With no flag open, running before phase 4 is unlocked with a reason.
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert "Running unlocks in phase 4" in rendered(app, "#setup-text")
        await pilot.press("space")
        await pilot.pause()
        assert app.current_run is None
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # an empty reason is refused at the field
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"physio said yes", "enter")
        await pilot.pause()
        assert "Why this stage" in str(screen.query_one("#setup-text", Static).render())
        await pilot.press("space")
        await pilot.pause()
        assert app.current_run is not None
    (_, unlock), *_ = Store(profiled_home).run_unlocks()
    assert unlock.reason == "physio said yes" and unlock.phase == 1


def in_phase(home: Home, phase: int) -> None:
    store = Store(home, fixed_clock)
    for step in range(1, phase):
        at = NOW - timedelta(days=40 - step)
        change = PhaseChange(at=at, from_phase=step, to_phase=step + 1, reason="gate passed")
        store.add("phase_history", change)


async def test_a_painful_phase_3_session_asks_once_about_a_torn_tendon(profiled_home: Home) -> None:
    in_phase(profiled_home, 3)
    app = make_app(profiled_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        await pilot.press("3", "l")
        await pilot.pause()
        assert isinstance(app.screen, SessionForm)
        app.screen.query_one("#pain", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "sudden pop" in str(app.screen.query_one(Static).render())
        await pilot.press("y")
        await pilot.pause()
        assert Store(profiled_home).profile().red_flags == ("avulsion",)
        # Asked once: a second painful set does not ask again while the flag is open.
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#pain", Input).value = "8"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)


async def test_a_runner_who_runs_now_gets_monitored_running(home: Home) -> None:
    Store(home, fixed_clock).save_profile(
        Profile(
            injured_side="left",
            symptoms_began=NOW.date() - timedelta(days=60),
            runs_now=True,
            created=NOW,
            updated=NOW,
        )
    )
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_started(pilot)
        assert "monitored: you run now" in rendered(app, "#today")
        await pilot.press("5")
        await pilot.pause()
        setup = rendered(app, "#setup-text")
        assert "Monitored running" in setup and "Phase 1: If you still run" in setup
        assert "Flat ground, a soft surface if you have one, short quick steps." in setup
        assert app.screen.check_action("start", ()) is True
