"""Shared fixtures: a fixed clock and homes in known states; waiting in Pilot tests for a
condition, never for an amount of time."""

from __future__ import annotations

import asyncio
import functools
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from store import Home, Store
from store.demo import DemoData, demo_records
from store.records import Profile

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 21, 9, 30)
# The custom run program the README shows, as a physio might write it.
PHYSIO_PLAN = """\
id: physio-plan
name: My physio's plan
stages:
  - stage: 1
    rest_days: 2
    segments:
      - {kind: walk, seconds: 300}
      - {repeat: 6, segments: [{kind: run, seconds: 60}, {kind: walk, seconds: 120}]}
      - {kind: walk, seconds: 300}
"""

TODAY = NOW.date()


class Clock:
    """A clock the test moves by hand (set `now`)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# How long a Pilot test waits for something before it fails. Only a hang reaches it: the
# answer never depends on how fast the machine is (a busy machine just waits longer).
HANG_S = 60.0

# Properties are judged by their examples, never by the clock: no deadline and no health
# check that times data generation, so a busy machine gives the same answer as an idle one.
settings.register_profile("sitbone", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sitbone")


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home")


@pytest.fixture
def profiled_home(home: Home) -> Home:
    Store(home, fixed_clock).save_profile(
        Profile(
            injured_side="left",
            symptoms_began=date(2026, 9, 1),
            runs_now=False,
            created=NOW,
            updated=NOW,
        )
    )
    return home


@functools.cache
def demo_data(weeks: int = 10) -> DemoData:
    """The sample data `sitbone demo` writes, made at NOW."""
    from content.loader import load_library
    from content.programs import load_default_program

    return demo_records(weeks, NOW, load_library(), load_default_program())


@pytest.fixture
def demo_home(home: Home) -> Home:
    """Ten weeks of heavy use: check-ins, sessions, phase changes, runs (in phase 3, unlocked)."""
    assert Store(home, fixed_clock).fill_if_empty(demo_data())
    return home


@pytest.fixture
def pain_demo_home(home: Home) -> Home:
    """The demo's profile and check-ins only: phase 1, no sessions and no runs."""
    pain_only = DemoData(profile=demo_data().profile, pain=demo_data().pain)
    assert Store(home, fixed_clock).fill_if_empty(pain_only)
    return home


async def wait_for(pilot, done: Callable[[], object], what: str) -> None:
    """Let the app work (pause after pause) until `done()` is true; fail after HANG_S."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + HANG_S
    while not done():
        assert loop.time() < give_up, f"still waiting for {what} after {HANG_S:g} s"
        await pilot.pause()


async def until_started(pilot) -> None:
    """Wait for the app's start-up checks (run just after the first frame) to finish: the
    app is ready, or it shows a screen other than the Dashboard (onboarding, a problem)."""
    from screens.dashboard import DashboardScreen

    app = pilot.app
    await wait_for(
        pilot,
        lambda: app.ready or not isinstance(app.screen, DashboardScreen) or not app.is_running,
        "the app to start",
    )
    await pilot.pause()


# -- the command line ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """What one `sitbone` command did, as a script sees it."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run one command in-process through cli.main.main (what `python -m tui` calls)."""
    from cli.main import main

    def run(*args: str) -> Ran:
        capsys.readouterr()  # nothing printed before belongs to this command
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def real_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run one command as a real process, for what only a process shows (entry point, exit)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- running the suite ---------------------------------------------------------------------

# Slow first: the Pilot tests (each runs the app for seconds) and those that start processes
# (mypy among them), so with pytest-xdist no worker is left with a long test at the end.
SLOW_FIRST = (
    "tests/tui/",
    "tests/store/test_crash.py",
    "tests/test_packaging.py",
    "tests/test_types.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def slow(item: pytest.Item) -> bool:
        return item.nodeid.startswith(SLOW_FIRST)

    items.sort(key=lambda item: not slow(item))  # stable: the order within each part stays


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: two workers a core. A Pilot test spends much of its time waiting for the
    app to go idle (Textual's pilot sleeps between keys), and the other worker runs tests in
    that time (on two cores: 3 workers took 83-90 s, 4 took 71-79 s, 5 up to 104 s).
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides if set."""
    import os

    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses != "auto":
        return None  # pytest-xdist's own answer
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return cores * 2
