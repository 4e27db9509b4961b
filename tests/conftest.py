"""Shared fixtures: a fixed clock and homes in known states."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

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


async def until_started(pilot) -> None:
    """Wait for the app's start-up checks (run just after the first frame) to finish."""
    from screens.dashboard import DashboardScreen

    app = pilot.app
    for _ in range(100):
        if app.ready or not isinstance(app.screen, DashboardScreen):
            break
        await pilot.pause()
    await pilot.pause()
