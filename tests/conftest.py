"""Shared fixtures: a fixed clock and homes in known states; waiting in Pilot tests for a
condition, never for an amount of time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from store import Home, Store
from store.demo import demo_records
from store.records import Profile

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
# How long a Pilot test waits for something before it fails. Only a hang reaches it: the
# answer never depends on how fast the machine is (a busy machine just waits longer).
HANG_S = 60.0

# Properties are judged by their examples, never by the clock: no deadline and no health
# check that times data generation, so a busy machine gives the same answer as an idle one.
settings.register_profile(
    "sitbone",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
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


@pytest.fixture
def demo_home(home: Home) -> Home:
    store = Store(home, fixed_clock)
    profile, entries = demo_records(10, NOW)
    store.save_profile(profile)
    store.add_many("pain", list(entries))
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
