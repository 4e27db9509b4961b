"""Pictures of each screen at 80x24 (and the small 60x20), compared with approved SVGs."""

from __future__ import annotations

import shutil
from pathlib import Path

from store import Home
from tests.conftest import fixed_clock, until_started
from tui.app import SitboneApp


def shows(snap_compare, home: Home, press: tuple[str, ...] = (), size=(80, 24)) -> bool:
    app = SitboneApp(home=home, clock=fixed_clock)
    return snap_compare(app, press=list(press), run_before=until_started, terminal_size=size)


def test_dashboard(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home)


def test_dashboard_small(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, size=(60, 20))


def test_learn_page(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("2", "down", "enter"))


def test_learn_small(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("2",), size=(60, 20))


def test_help(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("question_mark",))


def test_onboarding(snap_compare, home: Home) -> None:
    assert shows(snap_compare, home)


def test_recovery(snap_compare) -> None:
    # A fixed folder: the screen shows the file's path, which must not vary between runs.
    home = Home(Path("/tmp/sitbone-snapshot-recovery"))
    shutil.rmtree(home.root, ignore_errors=True)
    home.ensure()
    home.data_file.write_text("not json at all")
    try:
        assert shows(snap_compare, home)
    finally:
        shutil.rmtree(home.root, ignore_errors=True)


def test_placeholder(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("6",))


def test_pain_check_in(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("4", "n", "2", "tab", "3"))


def test_pain_history(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("4", "h"))


async def open_trends(pilot) -> None:
    await until_started(pilot)
    await pilot.press("4", "t")
    # The chart module loads and mounts on first use; let it settle before the picture.
    for _ in range(6):
        await pilot.pause()


def test_pain_trends(snap_compare, demo_home: Home) -> None:
    app = SitboneApp(home=demo_home, clock=fixed_clock)
    assert snap_compare(app, run_before=open_trends, terminal_size=(80, 24))


def test_pain_trends_small(snap_compare, demo_home: Home) -> None:
    app = SitboneApp(home=demo_home, clock=fixed_clock)
    assert snap_compare(app, run_before=open_trends, terminal_size=(60, 20))


def test_exercise_checklist(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("3", "space", "down"))


def test_exercise_gate(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("3", "g"))


def test_run_locked(snap_compare, demo_home: Home) -> None:
    assert shows(snap_compare, demo_home, press=("5",))


class _Monotonic:
    now = 500.0

    def __call__(self) -> float:
        return self.now


def _run_app(home: Home) -> tuple[SitboneApp, _Monotonic]:
    from tests.tui.test_run_flows import in_phase_4

    in_phase_4(home)
    clock = _Monotonic()
    return SitboneApp(home=home, clock=fixed_clock, monotonic=clock), clock


def test_run_plan(snap_compare, demo_home: Home) -> None:
    app, _ = _run_app(demo_home)
    assert snap_compare(app, press=["5"], run_before=until_started, terminal_size=(80, 24))


def _running(clock: _Monotonic, seconds: float):
    async def run_before(pilot) -> None:
        await until_started(pilot)
        await pilot.press("5", "space")
        # Seven minutes in, as polled by the app: the second run of stage 1.
        for _ in range(int(seconds * 2)):
            clock.now += 0.5
            pilot.app.poll_run()
        # The flash fades on a real-time timer; take the picture without it.
        pilot.app.screen.remove_class("-flash")
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_run_timer_running(snap_compare, demo_home: Home) -> None:
    app, clock = _run_app(demo_home)
    app.sounds = False
    assert snap_compare(app, run_before=_running(clock, 420.5), terminal_size=(80, 24))


def test_run_timer_small(snap_compare, demo_home: Home) -> None:
    app, clock = _run_app(demo_home)
    assert snap_compare(app, run_before=_running(clock, 420.5), terminal_size=(60, 20))


def _with_open_flag(home: Home) -> None:
    from journal.safety import raise_flags
    from store import Store

    store = Store(home, fixed_clock)
    raise_flags(store, store.profile(), ["avulsion"], fixed_clock())


def test_dashboard_with_an_open_red_flag(snap_compare, demo_home: Home) -> None:
    _with_open_flag(demo_home)
    assert shows(snap_compare, demo_home)


def test_red_flag_review(snap_compare, demo_home: Home) -> None:
    _with_open_flag(demo_home)
    assert shows(snap_compare, demo_home, press=("f",))


def test_red_flag_review_small(snap_compare, demo_home: Home) -> None:
    _with_open_flag(demo_home)
    assert shows(snap_compare, demo_home, press=("f",), size=(60, 20))
