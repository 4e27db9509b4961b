"""`sitbone log pain` and `sitbone pain`: every flag, every class of bad input, many writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from store import Home, Store
from tests.conftest import fixed_clock

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4


def log(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), "log", "pain", *args], clock=fixed_clock)


def test_every_flag_is_stored(home: Home, capsys) -> None:
    code = log(
        home, "--rest", "2", "--load-test", "3", "--activity", "4", "--context", "after-run",
        "--stiffness-min", "15", "--sitting-min", "40", "--chair", "car",
        "--aggravator", "hills", "--aggravator", "sitting", "--bridge-left", "22",
        "--bridge-right", "18", "--walk-min", "30", "--note", "felt ok",
        "--date", "2026-11-20", "--time", "18:45", "--for-clinician",
    )  # fmt: skip
    assert code == 0
    ((_, entry),) = Store(home).pain_entries()
    assert entry.model_dump(mode="json") == {
        "at": "2026-11-20T18:45:00", "context": "after-run", "rest": 2, "load_test": 3,
        "activity": 4, "stiffness_min": 15, "sitting_min": 40, "chair": "car",
        "aggravators": ["hills", "sitting"], "note": "felt ok", "bridge_left": 22,
        "bridge_right": 18, "walk_min": 30, "for_clinician": True,
    }  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("Stored as: after run, 2026-11-20 18:45. Marked for your physio.\n")
    assert "Pain during activity 4/10, amber" in out


def test_defaults_come_from_the_time_of_day(home: Home) -> None:
    assert log(home, "--rest", "1") == 0
    ((_, entry),) = Store(home).pain_entries()
    assert entry.context == "morning"  # the fixed clock reads 09:30
    assert entry.at.isoformat() == "2026-11-21T09:30:00"


def test_morning_verdict_against_baseline(home: Home, capsys) -> None:
    for day in range(14, 21):
        assert log(home, "--rest", "1", "--load-test", "2", "--date", f"2026-11-{day}") == 0
    capsys.readouterr()
    assert log(home, "--rest", "1", "--load-test", "4", "--context", "morning") == 0
    out = capsys.readouterr().out
    assert out.startswith("Stored as: morning check-in, 2026-11-21 09:30.\n")
    assert "\nLoad test 4/10, amber, 2 above your baseline of 2: a flare" in out
    assert "24-48 h" in out


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--rest", "11"], "--rest"),
        (["--rest", "-1"], "--rest"),
        (["--rest", "two"], "--rest"),
        (["--rest", "1", "--load-test", "12"], "--load-test"),
        (["--rest", "1", "--activity", "x"], "--activity"),
        (["--rest", "1", "--stiffness-min", "1441"], "--stiffness-min"),
        (["--rest", "1", "--sitting-min", "-5"], "--sitting-min"),
        (["--rest", "1", "--walk-min", "2000"], "--walk-min"),
        (["--rest", "1", "--chair", "sofa"], "--chair"),
        (["--rest", "1", "--context", "noon"], "--context"),
        (["--rest", "1", "--aggravator", "jumping"], "--aggravator"),
        (["--rest", "1", "--bridge-left", "20"], "--bridge-left/--bridge-right"),
        (["--rest", "1", "--bridge-right", "20"], "--bridge-left/--bridge-right"),
        (["--rest", "1", "--date", "2026-11-22"], "--date"),
        (["--rest", "1", "--date", "21/11/2026"], "--date"),
        (["--rest", "1", "--time", "25:00"], "--time"),
        (["--rest", "1", "--note", "x" * 2001], "--note"),
        ([], "--rest"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    home: Home, capsys, args: list[str], flag: str
) -> None:
    assert log(home, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and flag in err
    assert not home.data_file.exists()


def test_pain_lists_newest_first_as_text_and_json(demo_home: Home, capsys) -> None:
    assert main(["--home", str(demo_home.root), "pain", "--days", "2"], fixed_clock) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("2026-11-2" in line for line in lines)
    assert lines == sorted(lines, key=lambda line: line.split()[1:3], reverse=True)
    assert main(["--home", str(demo_home.root), "pain", "--json"], fixed_clock) == 0
    document = json.loads(capsys.readouterr().out)
    assert document[0]["at"] >= document[-1]["at"]
    assert {"id", "rest", "load_test", "context"} <= set(document[0])


def test_the_mark_for_the_clinician_is_kept_listed_and_left_out_when_not_given(
    home: Home, capsys
) -> None:
    assert log(home, "--rest", "1", "--note", "fine") == 0
    assert log(home, "--rest", "3", "--note", "ached after the hills", "--for-clinician") == 0
    out = capsys.readouterr().out
    assert out.count("Marked for your physio.") == 1
    plain, marked = json.loads(home.data_file.read_text(encoding="utf-8"))["tables"][
        "pain"
    ].values()
    assert "for_clinician" not in plain and marked["for_clinician"] is True

    assert main(["--home", str(home.root), "pain"], fixed_clock) == 0
    newest, oldest = capsys.readouterr().out.splitlines()
    assert newest.endswith("rest 3/10  (for my physio)") and "physio" not in oldest
    assert main(["--home", str(home.root), "pain", "--json"], fixed_clock) == 0
    document = json.loads(capsys.readouterr().out)
    assert [item["for_clinician"] for item in document] == [True, False]


def test_pain_with_nothing_logged(home: Home, capsys) -> None:
    assert main(["--home", str(home.root), "pain"], fixed_clock) == 0
    assert "No pain entries" in capsys.readouterr().out


def test_many_log_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    # More writers than cores, all started together: they queue on the lock.
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tui",
                "--home",
                str(home),
                "log",
                "pain",
                "--rest",
                "1",
                "--note",
                f"writer {k}",
                "--date",
                "2026-01-01",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WRITERS)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    notes = sorted(entry.note for _, entry in Store(Home(home)).pain_entries())
    assert notes == sorted(f"writer {k}" for k in range(WRITERS))
