"""`sitbone run`, `log run` and `runs`: logging runs done without the timer, the list with
each outcome and the next session, custom programs, bad input, and runs in the export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cli.main import main
from content.programs import load_default_program
from store import Home, Store
from store.records import ActiveRun, PainEntry, PhaseChange, RunSession, RunUnlock, SegmentDone
from tests.conftest import NOW, PHYSIO_PLAN, fixed_clock

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN = load_default_program()


# How `run` opens the app in these tests: nothing, unless the `opened` fixture records it.
OPEN_APP = None


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args], clock=fixed_clock, open_app=OPEN_APP)


def log_run(home: Home, *args: str) -> int:
    return run(home, "log", "run", *args)


def real_process(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--home", str(home.root), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def runs_of(home: Home) -> list[RunSession]:
    return [run for _, run in Store(home, fixed_clock).runs()]


@pytest.fixture
def phase_4_home(profiled_home: Home) -> Home:
    """Running unlocked: the person reached phase 4 a month ago."""
    change = PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate")
    Store(profiled_home, fixed_clock).add("phase_history", change)
    return profiled_home


@pytest.fixture
def physio_home(phase_4_home: Home) -> Home:
    phase_4_home.programs_dir.mkdir(parents=True)
    (phase_4_home.programs_dir / "physio-plan.yaml").write_text(PHYSIO_PLAN, encoding="utf-8")
    return phase_4_home


# -- log run ---------------------------------------------------------------------------------


def test_log_run_completed_stores_every_flag(phase_4_home: Home, capsys) -> None:
    args = ("--stage", "2", "--completed", "--pain", "2", "--effort", "steady")
    more = ("--note", "treadmill, 8 km/h", "--date", "2026-11-19", "--for-clinician")
    assert log_run(phase_4_home, *args, *more) == 0
    [stored] = runs_of(phase_4_home)
    assert stored.model_dump(mode="json") == {
        "at": "2026-11-19T12:00:00", "program": "sitbone", "stage": 2, "completed": True,
        "seconds_done": BUILT_IN.stage(2).total_s(), "pain_during": 2, "effort": "steady",
        "source": "manual", "segments": [], "note": "treadmill, 8 km/h", "for_clinician": True,
    }  # fmt: skip
    assert stored.seconds_done == 34 * 60
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 1
    assert out.startswith(
        "Logged stage 2, completed 34:00, pain 2/10, steady on 2026-11-19 12:00. "
        "Marked for your physio."
    )
    # No check-in the morning after, and today is later: the stage is to be repeated.
    next_line = " Next: stage 2, from Sun 22 Nov: Repeat stage 2: the run on Thu 19 Nov: "
    assert next_line + "no morning check-in" in out


def test_the_mark_for_the_clinician_is_listed_and_left_out_of_the_file_when_not_given(
    phase_4_home: Home, capsys
) -> None:
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", "2026-11-17") == 0
    assert log_run(phase_4_home, "--stage", "1", "--partial", "9", "--for-clinician") == 0
    document = json.loads(phase_4_home.data_file.read_text(encoding="utf-8"))
    plain, marked = document["tables"]["runs"].values()
    assert "for_clinician" not in plain and marked["for_clinician"] is True
    capsys.readouterr()
    assert run(phase_4_home, "runs") == 0
    first, second = capsys.readouterr().out.splitlines()[1:3]
    assert "physio" not in first and second.endswith("  (for my physio)")
    assert run(phase_4_home, "runs", "--json") == 0
    listed = json.loads(capsys.readouterr().out)["runs"]
    assert [item["for_clinician"] for item in listed] == [False, True]


def test_log_run_partial_with_decimal_minutes_and_a_time(phase_4_home: Home, capsys) -> None:
    assert log_run(phase_4_home, "--stage", "1", "--partial", "12.5", "--time", "07:15") == 0
    [stored] = runs_of(phase_4_home)
    assert (stored.at, stored.completed, stored.seconds_done) == (
        datetime(2026, 11, 21, 7, 15),
        False,
        750,
    )
    assert (stored.pain_during, stored.effort, stored.source) == (None, None, "manual")
    out = capsys.readouterr().out
    assert out.startswith("Logged stage 1, partial 12:30 on 2026-11-21 07:15.")
    assert "Repeat stage 1: the run on Sat 21 Nov: the session was not completed" in out


def test_today_without_a_time_is_now_and_a_past_day_is_midday(phase_4_home: Home) -> None:
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", "2026-11-10") == 0
    assert log_run(phase_4_home, "--stage", "1", "--completed") == 0
    assert [run.at for run in runs_of(phase_4_home)] == [
        datetime(2026, 11, 10, 12, 0),
        NOW.replace(second=0, microsecond=0),
    ]


def test_too_soon_warns_on_stderr_and_still_saves(phase_4_home: Home, capsys) -> None:
    yesterday = (NOW - timedelta(days=1)).date().isoformat()
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", yesterday) == 0
    capsys.readouterr()
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--pain", "1") == 0
    out, err = capsys.readouterr()
    # Stage 1 rests 2 days: after Fri 20 Nov, the next run is from Mon 23 Nov.
    assert err.startswith("sitbone: Too soon: the next run is due from Mon 23 Nov (in 2 days).")
    assert err.count("\n") == 1 and "Logged anyway" in err
    assert out.startswith("Logged stage 1")
    assert len(runs_of(phase_4_home)) == 2


def test_a_run_logged_between_earlier_ones_is_judged_on_those_before_it(
    phase_4_home: Home, capsys
) -> None:
    # Runs on the 10th and 20th; one logged for the 16th is not too soon (the 20th is later).
    for day in ("2026-11-10", "2026-11-20"):
        assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", day) == 0
    capsys.readouterr()
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", "2026-11-16") == 0
    assert capsys.readouterr().err == ""
    # ... but one on the 11th is: a day after the run on the 10th.
    assert log_run(phase_4_home, "--stage", "1", "--completed", "--date", "2026-11-11") == 0
    assert "Too soon: the next run is due from Fri 13 Nov" in capsys.readouterr().err
    assert len(runs_of(phase_4_home)) == 4


def test_locked_running_is_noted_on_stderr_and_still_logged(profiled_home: Home, capsys) -> None:
    assert log_run(profiled_home, "--stage", "1", "--completed") == 0
    out, err = capsys.readouterr()
    assert err == (
        "sitbone: note: Running unlocks in phase 4; you are in phase 1. "
        "Logged anyway, as a record of what you did.\n"
    )
    assert out.startswith("Logged stage 1")
    assert len(runs_of(profiled_home)) == 1


def test_an_unlock_before_phase_4_needs_no_note(profiled_home: Home, capsys) -> None:
    unlock = RunUnlock(at=NOW - timedelta(days=1), phase=1, reason="my physio said so")
    Store(profiled_home, fixed_clock).add("run_unlocks", unlock)
    assert log_run(profiled_home, "--stage", "1", "--completed") == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--completed",), "the following arguments are required: --stage"),
        (
            ("--stage", "14", "--completed"),
            "argument --stage: 14 is outside 1-13, the stages of 'sitbone'",
        ),
        (("--stage", "0", "--completed"), "argument --stage: 0 is outside 1-50"),
        (("--stage", "two", "--completed"), "argument --stage: 'two' is not a whole number"),
        (("--stage", "1"), "one of the arguments --completed --partial is required"),
        (
            ("--stage", "1", "--completed", "--partial", "5"),
            "argument --partial: not allowed with argument --completed",
        ),
        (
            ("--stage", "1", "--partial", "abc"),
            "argument --partial: 'abc' is not a number of minutes",
        ),
        (("--stage", "1", "--partial", "0"), "argument --partial: 0 minutes: give more than 0"),
        (
            ("--stage", "1", "--partial", "-3"),
            "argument --partial: '-3' is not a number of minutes",
        ),
        (("--stage", "1", "--partial", "1441"), "at most 1440"),
        (("--stage", "1", "--partial", "nan"), "argument --partial: 'nan' is not a number"),
        (("--stage", "1", "--partial", "inf"), "argument --partial: 'inf' is not a number"),
        (
            ("--stage", "1", "--partial", "0.001"),
            "argument --partial: 0.001 minutes is less than a second",
        ),
        (("--stage", "1", "--completed", "--pain", "11"), "argument --pain: 11 is outside 0-10"),
        (("--stage", "1", "--completed", "--effort", "fast"), "argument --effort: invalid choice"),
        (
            ("--stage", "1", "--completed", "--date", "2026-11-22"),
            "argument --date: the date is in the future",
        ),
        (
            ("--stage", "1", "--completed", "--date", "21/11/2026"),
            "argument --date: '21/11/2026' is not a date",
        ),
        (("--stage", "1", "--completed", "--time", "25:00"), "argument --time"),
        (
            ("--stage", "1", "--completed", "--time", "23:00"),
            "argument --time: 23:00 is later than now",
        ),
        (
            ("--stage", "1", "--completed", "--note", "x" * 501),
            "argument --note: 501 characters; give at most 500",
        ),
        (
            ("--stage", "1", "--completed", "--program", "nope"),
            "argument --program: unknown program 'nope' (known: sitbone)",
        ),
    ],
)
def test_bad_log_run_input_exits_2_and_writes_nothing(
    phase_4_home: Home, capsys, args: tuple[str, ...], message: str
) -> None:
    before = phase_4_home.data_file.read_bytes()
    assert log_run(phase_4_home, *args) == 2
    out, err = capsys.readouterr()
    assert err.startswith("sitbone: ") and message in err and err.count("\n") == 1, err
    assert out == ""
    assert phase_4_home.data_file.read_bytes() == before


def test_bad_input_in_a_real_process(phase_4_home: Home) -> None:
    # The real clock's today (the unknown program and --partial with --completed, refused the
    # same way, are checked in-process above, and an unknown program for `run` below).
    before = phase_4_home.data_file.read_bytes()
    result = real_process(
        phase_4_home, "log", "run", "--stage", "1", "--completed", "--date", "2999-01-01"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("sitbone: ") and "in the future" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert phase_4_home.data_file.read_bytes() == before


def test_log_run_on_an_empty_home_creates_the_file(home: Home, capsys) -> None:
    assert log_run(home, "--stage", "1", "--completed") == 0
    assert len(runs_of(home)) == 1


# -- runs ------------------------------------------------------------------------------------


def morning(day: int, rest: int = 1, load_test: int = 2) -> PainEntry:
    at = datetime(2026, 11, day, 7, 0)
    return PainEntry(at=at, context="morning", rest=rest, load_test=load_test)


def a_run(day: int, pain: int | None, stage: int = 1, completed: bool = True) -> RunSession:
    return RunSession(
        at=datetime(2026, 11, day, 17, 0),
        program="sitbone",
        stage=stage,
        completed=completed,
        seconds_done=BUILT_IN.stage(stage).total_s() if completed else 600,
        pain_during=pain,
        effort="easy",
    )


@pytest.fixture
def history_home(phase_4_home: Home) -> Home:
    """Four runs of stage 1: passed, amber pain, a flare the next morning, and yesterday's,
    whose check-in is still to come."""
    store = Store(phase_4_home, fixed_clock)
    flare_day = 17
    store.add_many(
        "pain",
        [morning(day, load_test=5 if day == flare_day else 2) for day in range(1, 21)],
    )
    store.add_many("runs", [a_run(10, 2), a_run(13, 4), a_run(16, 1), a_run(20, 1)])
    return phase_4_home


def test_runs_text_lists_each_outcome_and_the_next_session(history_home: Home, capsys) -> None:
    assert run(history_home, "runs") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Program: sitbone walk/run, 13 stages (sitbone)"
    assert lines[1:5] == [
        "    1  2026-11-10 17:00  stage 1, completed 28:00, pain 2/10, easy  "
        "pass: pain 2/10 during and a settled next morning",
        "    2  2026-11-13 17:00  stage 1, completed 28:00, pain 4/10, easy  "
        "repeat: pain 4/10 during the run (amber)",
        "    3  2026-11-16 17:00  stage 1, completed 28:00, pain 1/10, easy  "
        "step back: a flare the next morning (load test 5)",
        "    4  2026-11-20 17:00  stage 1, completed 28:00, pain 1/10, easy  "
        "waiting: waiting for the check-in on Sat 21 Nov",
    ]
    assert lines[5] == (
        "Next: stage 1, from Mon 23 Nov: Stage 1 on Fri 20 Nov: waiting for the check-in on "
        "Sat 21 Nov; if it is settled, that is pass 1 of 2."
    )
    assert len(lines) == 6  # unlocked: no line about phase 4


def test_runs_json_shape(history_home: Home, capsys) -> None:
    assert run(history_home, "runs", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["program", "runs", "next"]
    assert document["program"] == "sitbone"
    stored = Store(history_home, fixed_clock).runs()
    assert [r["id"] for r in document["runs"]] == [i for i, _ in stored]
    for (doc_id, session), item in zip(stored, document["runs"], strict=True):
        assert {k: v for k, v in item.items() if not k.startswith("outcome")} == {
            "id": doc_id,
            **session.model_dump(mode="json"),
        }
    assert [(r["outcome"], r["outcome_reason"]) for r in document["runs"]] == [
        ("pass", "pain 2/10 during and a settled next morning"),
        ("repeat", "pain 4/10 during the run (amber)"),
        ("step back", "a flare the next morning (load test 5)"),
        ("waiting", "waiting for the check-in on Sat 21 Nov"),
    ]
    upcoming = document["next"]
    assert {"stage", "reason", "not_before"} <= set(upcoming)
    assert (upcoming["stage"], upcoming["not_before"]) == (1, "2026-11-23")
    assert upcoming["reason"].startswith("Stage 1 on Fri 20 Nov: waiting")
    assert (upcoming["passes"], upcoming["complete"], upcoming["unlocked"]) == (0, False, True)
    assert upcoming["total_s"] == BUILT_IN.stage(1).total_s()
    assert upcoming["plan"] == BUILT_IN.stage(1).describe()


def test_runs_with_none_yet_and_locked(profiled_home: Home, capsys) -> None:
    assert run(profiled_home, "runs") == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "No runs yet.",
        "Next: stage 1, from Sat 21 Nov: No runs yet: the program starts at stage 1.",
        "Running unlocks in phase 4; you are in phase 1.",
    ]
    assert run(profiled_home, "runs", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["runs"] == [] and document["next"]["not_before"] == "2026-11-21"
    assert document["next"]["unlocked"] is False


def test_runs_with_an_unknown_program_exits_2(profiled_home: Home, capsys) -> None:
    assert run(profiled_home, "runs", "--program", "nope") == 2
    assert capsys.readouterr().err == (
        "sitbone: argument --program: unknown program 'nope' (known: sitbone)\n"
    )


# -- custom programs -------------------------------------------------------------------------


def test_a_custom_program_from_the_programs_folder(physio_home: Home, capsys) -> None:
    assert log_run(physio_home, "--program", "physio-plan", "--stage", "1", "--completed") == 0
    [stored] = runs_of(physio_home)
    assert (stored.program, stored.seconds_done) == ("physio-plan", 300 + 6 * 180 + 300)
    assert capsys.readouterr().out.startswith("Logged stage 1, completed 28:00")
    # The latest run's program is now the current one, for the list and the next log.
    assert run(physio_home, "runs", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["program"] == "physio-plan" and len(document["runs"]) == 1
    assert run(physio_home, "runs", "--program", "sitbone", "--json") == 0
    assert json.loads(capsys.readouterr().out)["runs"] == []
    # physio-plan has one stage: stage 2 is refused, by the program's own count.
    before = physio_home.data_file.read_bytes()
    assert log_run(physio_home, "--stage", "2", "--completed") == 2
    assert capsys.readouterr().err == (
        "sitbone: argument --stage: 2 is outside 1-1, the stages of 'physio-plan'\n"
    )
    assert physio_home.data_file.read_bytes() == before


def test_a_bad_custom_file_is_a_warning_and_the_command_works(physio_home: Home, capsys) -> None:
    bad = physio_home.programs_dir / "typo.yaml"
    bad.write_text(PHYSIO_PLAN.replace("physio-plan", "typo").replace("rest_days", "rest_dayz"))
    assert log_run(physio_home, "--program", "physio-plan", "--stage", "1", "--completed") == 0
    out, err = capsys.readouterr()
    assert err == (
        f"sitbone: warning: program file left out: {bad}: stages[0].rest_dayz: "
        "is not a field sitbone knows (check the spelling)\n"
    )
    assert out.startswith("Logged")
    assert run(physio_home, "runs") == 0
    assert "typo.yaml" in capsys.readouterr().err
    # Asking for the program of the bad file: the warning explains the usage error after it.
    before = physio_home.data_file.read_bytes()
    assert run(physio_home, "runs", "--program", "typo") == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "typo.yaml" in err[0]
    assert err[1] == (
        "sitbone: argument --program: unknown program 'typo' (known: sitbone, physio-plan); "
        "1 program file(s) left out, see above"
    )
    assert physio_home.data_file.read_bytes() == before


# -- run (the app on the Run screen) ---------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    calls: list[tuple[object, ...]] = []

    def fake_open_tui(home, clock, run_request=None) -> int:
        calls.append((home, clock, run_request))
        return 0

    monkeypatch.setattr(sys.modules[__name__], "OPEN_APP", fake_open_tui)
    return calls


@pytest.mark.parametrize(
    ("args", "request_"),
    [
        ((), (None, None)),
        (("--stage", "8"), (None, 8)),
        (("--program", "sitbone"), ("sitbone", None)),
        (("--program", "physio-plan", "--stage", "1"), ("physio-plan", 1)),
    ],
)
def test_run_opens_the_app_with_the_request(
    physio_home: Home, opened: list, args: tuple[str, ...], request_: tuple
) -> None:
    assert run(physio_home, "run", *args) == 0
    assert opened == [(physio_home, fixed_clock, request_)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--stage", "14"), "argument --stage: 14 is outside 1-13, the stages of 'sitbone'"),
        (("--program", "physio-plan", "--stage", "2"), "argument --stage: 2 is outside 1-1"),
        (("--stage", "0"), "argument --stage: 0 is outside 1-50"),
        (("--program", "nope"), "unknown program 'nope' (known: sitbone, physio-plan)"),
    ],
)
def test_run_refuses_bad_input_without_opening_the_app(
    physio_home: Home, opened: list, capsys, args: tuple[str, ...], message: str
) -> None:
    assert run(physio_home, "run", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("sitbone: ") and message in err and err.count("\n") == 1
    assert opened == []


def test_run_stage_is_checked_against_the_current_program(physio_home: Home, opened) -> None:
    assert log_run(physio_home, "--program", "physio-plan", "--stage", "1", "--completed") == 0
    assert run(physio_home, "run", "--stage", "2") == 2  # physio-plan is current: one stage
    assert run(physio_home, "run", "--stage", "1") == 0
    assert opened == [(physio_home, fixed_clock, (None, 1))]


def test_run_with_a_damaged_file_still_opens_the_app(home: Home, opened) -> None:
    home.ensure()
    home.data_file.write_text("{not json", encoding="utf-8")
    assert run(home, "run", "--stage", "3") == 0
    assert opened == [(home, fixed_clock, (None, 3))]


def test_run_refuses_an_unknown_program_in_a_real_process(physio_home: Home) -> None:
    result = real_process(physio_home, "run", "--program", "nope")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "sitbone: argument --program: unknown program 'nope' (known: sitbone, physio-plan)\n"
    )


# -- export ----------------------------------------------------------------------------------


def timer_run() -> RunSession:
    segments = (
        SegmentDone(kind="walk", planned_s=300, done_s=300),
        SegmentDone(kind="run", planned_s=60, done_s=45),
    )
    return RunSession(
        at=NOW - timedelta(hours=2), program="sitbone", stage=1, completed=False,
        seconds_done=345, pain_during=3, source="timer", segments=segments,
    )  # fmt: skip


def test_csv_export_writes_segments_as_kind_done_over_planned(
    phase_4_home: Home, tmp_path: Path
) -> None:
    store = Store(phase_4_home, fixed_clock)
    store.add("runs", timer_run())
    progress = ActiveRun(
        started=NOW - timedelta(minutes=10), program="sitbone", stage=1, index=2, kind="walk",
        planned_s=120, position_s=30.5, done=timer_run().segments, saved=NOW,
    )  # fmt: skip
    store.save_active_run(progress)
    out = tmp_path / "csv"
    assert run(phase_4_home, "export", "--format", "csv", "--output", str(out)) == 0
    with (out / "runs.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["segments"] == "walk 300/300;run 45/60"
    assert (row["source"], row["completed"], row["seconds_done"]) == ("timer", "false", "345")
    with (out / "active_run.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["done"] == "walk 300/300;run 45/60" and row["position_s"] == "30.5"


def test_csv_cell_of_other_nested_records() -> None:
    from journal.export_csv import cell

    assert cell([{"a": 1, "b": None}, {"a": 2, "b": True}]) == "a=1,b=;a=2,b=true"
    assert cell(SegmentDone(kind="run", planned_s=60, done_s=0)) == "run 0/60"


def test_json_export_holds_runs_with_their_segments(phase_4_home: Home, capsys) -> None:
    marked = timer_run().model_copy(update={"for_clinician": True})
    Store(phase_4_home, fixed_clock).add("runs", marked)
    assert run(phase_4_home, "export", "--format", "json") == 0
    [exported] = json.loads(capsys.readouterr().out)["runs"]
    assert exported == marked.model_dump(mode="json")
    assert exported["segments"][1] == {"kind": "run", "planned_s": 60, "done_s": 45}


def test_the_run_commands_do_not_import_textual(phase_4_home: Home) -> None:
    code = (
        "import sys\nfrom cli.main import main\n"
        f"main(['--home', {str(phase_4_home.root)!r}, 'log', 'run', '--stage', '1', "
        "'--completed'])\n"
        f"main(['--home', {str(phase_4_home.root)!r}, 'runs', '--json'])\n"
        "import cli.run\nprint('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
