"""The command line's words and filing: a session logged for an earlier day is filed in the
phase of that day, and counts are in the singular when there is one."""

from __future__ import annotations

from datetime import timedelta

from cli.main import main
from store import Home, Store
from store.records import PainEntry, PhaseChange
from tests.conftest import NOW, fixed_clock


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args], clock=fixed_clock)


def test_a_back_dated_session_gets_the_phase_of_its_day(profiled_home: Home, capsys) -> None:
    store = Store(profiled_home, fixed_clock)
    store.add("phase_history", PhaseChange(at=NOW - timedelta(days=2), from_phase=1, to_phase=2))
    before = (NOW - timedelta(days=5)).date().isoformat()
    after = (NOW - timedelta(days=1)).date().isoformat()
    for day in (before, after):
        assert run(profiled_home, "log", "session", "clamshell", "--sets", "2", "--date", day) == 0
    out = capsys.readouterr().out
    assert "(phase 1, " + before in out and "(phase 2, " + after in out
    assert [s.phase for _, s in Store(profiled_home).exercise_sessions()] == [1, 2]


def test_status_says_1_pain_entry(profiled_home: Home, capsys) -> None:
    Store(profiled_home, fixed_clock).add("pain", PainEntry(at=NOW, context="other", rest=1))
    assert run(profiled_home, "status") == 0
    assert "1 pain entry\n" in capsys.readouterr().out
