"""`sitbone exercises`, `log session`, `gate`, `advance` and `step-back`: every command and
every class of bad input; nothing invalid is written."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from cli.main import main
from content.loader import load_library
from store import Home, Store
from store.records import PainEntry
from tests.conftest import NOW, fixed_clock

LIBRARY = load_library()
PHASE_1 = LIBRARY.phase_exercises(1)


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args], clock=fixed_clock)


def good_mornings(home: Home, days: int = 7) -> None:
    Store(home, fixed_clock).add_many(
        "pain",
        [
            PainEntry(at=NOW - timedelta(days=d, hours=2), context="morning", rest=1, load_test=2)
            for d in range(days)
        ],
    )


def log_sessions(home: Home, days: int) -> None:
    exercise = PHASE_1[0].id
    for back in range(1, days + 1):  # earlier days: before any phase change made today
        day = (NOW - timedelta(days=back)).date().isoformat()
        assert (
            run(home, "log", "session", exercise, "--sets", "5", "--hold", "45", "--date", day) == 0
        )


def test_exercises_lists_the_current_phase(profiled_home: Home, capsys) -> None:
    assert run(profiled_home, "exercises") == 0
    out = capsys.readouterr().out
    assert out.startswith("Phase 1: Settle and isometrics")
    assert all(e.id in out for e in PHASE_1) and PHASE_1


def test_exercises_json_for_another_phase(profiled_home: Home, capsys) -> None:
    assert run(profiled_home, "exercises", "--phase", "3", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["phase"] == 3
    assert [e["id"] for e in document["exercises"]] == [e.id for e in LIBRARY.phase_exercises(3)]
    first = document["exercises"][0]
    assert {"sets", "reps", "hold_s", "tempo", "load", "rest_s", "days_per_week"} <= set(first)


def test_log_session_stores_every_flag(profiled_home: Home, capsys) -> None:
    exercise = PHASE_1[0].id
    args = ("--sets", "3", "--reps", "12", "--load", "7.5", "--pain", "2", "--date", "2026-11-19")
    note = ("--note", "[b]pull[/b] at the bottom")
    assert run(profiled_home, "log", "session", exercise, *args, *note, "--for-clinician") == 0
    [(_, session)] = Store(profiled_home).exercise_sessions()
    assert session.model_dump(mode="json") == {
        "at": "2026-11-19T12:00:00", "exercise": exercise, "phase": 1, "sets": 3, "reps": 12,
        "hold_s": None, "load_kg": 7.5, "pain": 2, "note": "[b]pull[/b] at the bottom",
        "for_clinician": True,
    }  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("Logged") and "(phase 1, 2026-11-19). Marked for your physio." in out


def test_a_session_not_marked_for_the_clinician_has_no_mark_in_the_file(
    profiled_home: Home, capsys
) -> None:
    assert run(profiled_home, "log", "session", PHASE_1[0].id, "--sets", "2") == 0
    assert "physio" not in capsys.readouterr().out
    document = json.loads(profiled_home.data_file.read_text(encoding="utf-8"))
    [stored] = document["tables"]["exercise_sessions"].values()
    assert "for_clinician" not in stored
    [(_, session)] = Store(profiled_home).exercise_sessions()
    assert session.for_clinician is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-exercise", "--sets", "3"), "argument EXERCISE_ID: unknown exercise"),
        (("{ex}", "--sets", "-1"), "argument --sets"),
        (("{ex}", "--sets", "0"), "argument --sets"),
        (("{ex}",), "--sets"),
        (("{ex}", "--sets", "2", "--pain", "11"), "argument --pain"),
        (("{ex}", "--sets", "2", "--pain", "two"), "argument --pain"),
        (("{ex}", "--sets", "2", "--date", "2026-11-22"), "argument --date: the date is in the"),
        (("{ex}", "--sets", "2", "--date", "22/11/2026"), "argument --date"),
        (("{ex}", "--sets", "2", "--reps", "5", "--hold", "30"), "not allowed with"),
        (("{ex}", "--sets", "2", "--load", "-3"), "argument --load"),
        (("{ex}", "--sets", "2", "--load", "nan"), "argument --load"),
        (("{ex}", "--sets", "2", "--note", "x" * 501), "argument --note"),
        (("{ex}", "--sets", "2", "--note", "bell\a"), "argument --note"),
    ],
)
def test_bad_session_input_exits_2_and_writes_nothing(
    profiled_home: Home, capsys, args: tuple[str, ...], message: str
) -> None:
    before = profiled_home.data_file.read_bytes()
    filled = [a.replace("{ex}", PHASE_1[0].id) for a in args]
    assert run(profiled_home, "log", "session", *filled) == 2
    err = capsys.readouterr().err
    assert err.startswith("sitbone: ") and message in err and err.count("\n") == 1
    assert profiled_home.data_file.read_bytes() == before


def test_gate_json_shape_and_no_data(profiled_home: Home, capsys) -> None:
    assert run(profiled_home, "gate", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"phase", "next_phase", "passed", "criteria"}
    assert (document["phase"], document["next_phase"], document["passed"]) == (1, 2, False)
    states = {c["id"]: c["state"] for c in document["criteria"]}
    assert states == {
        "load-test-days": "no_data", "mean-rest": "no_data", "no-flare": "no_data",
        "sessions": "not_met",
    }  # fmt: skip
    assert all(set(c) == {"id", "label", "state", "evidence"} for c in document["criteria"])


def test_advance_is_refused_until_the_gate_passes_then_allowed(profiled_home: Home, capsys) -> None:
    good_mornings(profiled_home)
    log_sessions(profiled_home, 5)
    capsys.readouterr()
    assert run(profiled_home, "advance") == 1
    err = capsys.readouterr().err
    assert "has not passed" in err and "5 training days (6 needed)" in err and err.count("\n") == 1
    assert Store(profiled_home).phase_changes() == []

    log_sessions(profiled_home, 6)  # the sixth distinct day
    assert run(profiled_home, "gate") == 0
    assert "passed" in capsys.readouterr().out
    assert run(profiled_home, "advance") == 0
    [(_, change)] = Store(profiled_home).phase_changes()
    assert (change.from_phase, change.to_phase, change.overridden) == (1, 2, False)
    assert change.reason == "gate passed"


def test_advance_with_a_reason_overrides_and_step_back_needs_one(
    profiled_home: Home, capsys
) -> None:
    assert run(profiled_home, "advance", "--reason", "my physio cleared me") == 0
    assert "override" in capsys.readouterr().out
    assert run(profiled_home, "step-back") == 2
    assert "--reason" in capsys.readouterr().err
    assert run(profiled_home, "step-back", "--reason", "  ") == 2
    assert run(profiled_home, "step-back", "--reason", "flare after hills") == 0
    changes = [c for _, c in Store(profiled_home).phase_changes()]
    assert [(c.from_phase, c.to_phase, c.overridden, c.reason) for c in changes] == [
        (1, 2, True, "my physio cleared me"),
        (2, 1, False, "flare after hills"),
    ]
    assert run(profiled_home, "step-back", "--reason", "again") == 1
    assert "already in phase 1" in capsys.readouterr().err


def test_the_last_phase_has_no_gate(profiled_home: Home, capsys) -> None:
    for _ in range(3):
        assert run(profiled_home, "advance", "--reason", "cleared") == 0
    capsys.readouterr()
    assert run(profiled_home, "gate", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {"phase": 4, "next_phase": None, "passed": False, "criteria": []}
    assert run(profiled_home, "advance", "--reason", "more") == 1


def test_sessions_count_only_in_the_current_phase(profiled_home: Home, capsys) -> None:
    log_sessions(profiled_home, 6)
    assert run(profiled_home, "advance", "--reason", "cleared") == 0
    assert run(profiled_home, "step-back", "--reason", "flare") == 0
    capsys.readouterr()
    assert run(profiled_home, "gate", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    sessions = next(c for c in document["criteria"] if c["id"] == "sessions")
    # Back in phase 1 after the step back: the count starts again from that change.
    assert sessions["evidence"] == "0 training days (6 needed)"


def test_export_has_sessions_and_phase_history(profiled_home: Home, capsys) -> None:
    log_sessions(profiled_home, 1)
    assert run(profiled_home, "advance", "--reason", "cleared") == 0
    capsys.readouterr()
    assert run(profiled_home, "export", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["exercise_sessions"][0]["exercise"] == PHASE_1[0].id
    assert document["phase_history"][0]["to_phase"] == 2
