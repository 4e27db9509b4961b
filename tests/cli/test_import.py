"""`sitbone import FILE`: runs from a watch's FIT, FIT.gz, GPX and TCX files (built here), logged
like `log run` logs one; a file imported twice, and a file that cannot be used, refused with
one line and nothing written."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cli.main import main
from content.programs import load_default_program
from store import Home, Store
from store.records import PainEntry, PhaseChange, RunSession
from tests.activity_files import (
    START,
    fit_file,
    gpx_text,
    gz,
    tcx_text,
    walk_run_laps,
)
from tests.conftest import NOW, PHYSIO_PLAN, fixed_clock

BUILT_IN = load_default_program()


@pytest.fixture(autouse=True)
def central_european_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's zone is UTC+1 (POSIX "CET-1"): the files' 07:15 UTC is 08:15 here."""
    monkeypatch.setenv("TZ", "CET-1")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def phase_4_home(profiled_home: Home) -> Home:
    change = PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate")
    Store(profiled_home, fixed_clock).add("phase_history", change)
    return profiled_home


def sitbone(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args], clock=fixed_clock)


def runs_of(home: Home) -> list[RunSession]:
    return [run for _, run in Store(home, fixed_clock).runs()]


def written(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def file_state(home: Home) -> bytes | None:
    return home.data_file.read_bytes() if home.data_file.exists() else None


# -- each format -----------------------------------------------------------------------------


def test_a_fit_file_is_logged_as_a_run_with_its_segments(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    path = written(tmp_path / "Morning_Run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path), "--pain", "2", "--effort", "easy") == 0
    [run] = runs_of(phase_4_home)
    assert (run.at, run.program, run.stage, run.completed, run.seconds_done) == (
        datetime(2026, 11, 20, 8, 15), "sitbone", 1, True, 28 * 60,
    )  # fmt: skip
    assert (run.pain_during, run.effort, run.source) == (2, "easy", "import")
    assert [(s.kind, s.planned_s, s.done_s) for s in run.segments][:3] == [
        ("walk", 300, 300), ("run", 60, 60), ("walk", 120, 120),
    ]  # fmt: skip
    assert run.import_id is not None and run.import_id.startswith("sha256:")
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        f"Imported stage 1, completed 28:00, pain 2/10, easy on 2026-11-20 08:15 from {path}: "
        "2.71 km, 13 walk/run segments as the stage plans. Next: stage 1, from Mon 23 Nov: "
        "Stage 1 on Fri 20 Nov: waiting for the check-in on Sat 21 Nov; if it is settled, "
        "that is pass 1 of 2.\n"
    )


def test_a_gzipped_fit_file_is_read_like_the_file(phase_4_home: Home, tmp_path: Path) -> None:
    path = written(tmp_path / "activity_123.fit.gz", gz(fit_file(walk_run_laps())))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    [run] = runs_of(phase_4_home)
    assert (run.at, run.seconds_done, len(run.segments)) == (
        datetime(2026, 11, 20, 8, 15),
        1680,
        13,
    )


def test_a_gpx_file_is_one_segment_and_partial_when_short(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    path = written(tmp_path / "run.gpx", gpx_text(minutes=20))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    [run] = runs_of(phase_4_home)
    assert (run.completed, run.seconds_done) == (False, 1200)
    assert [s.model_dump() for s in run.segments] == [
        {"kind": "run", "planned_s": 1200, "done_s": 1200}
    ]
    out = capsys.readouterr().out
    assert out.startswith(
        "Imported stage 1, partial 20:00 on 2026-11-20 08:15 from "
        f"{path}: 2.40 km, one segment (no walk/run laps). Next: stage 1"
    )
    assert "the session was not completed" in out


def test_a_tcx_file_with_its_own_intervals(phase_4_home: Home, tmp_path: Path, capsys) -> None:
    # Two-minute runs at stage 1: the runner's own plan, kept as done.
    laps = walk_run_laps(repeats=5, run_s=120, walk_s=120)
    path = written(tmp_path / "run.tcx", tcx_text(laps))
    assert sitbone(phase_4_home, "import", str(path), "--stage", "1") == 0
    [run] = runs_of(phase_4_home)
    assert [(s.kind, s.planned_s) for s in run.segments][:3] == [
        ("walk", 300), ("run", 120), ("walk", 120),
    ]  # fmt: skip
    assert run.completed  # 30 minutes moving, the stage plans 28
    assert "11 walk/run segments, not the stage's plan" in capsys.readouterr().out


# -- what the person adds ----------------------------------------------------------------------


def test_without_pain_or_effort_the_run_is_saved_and_the_output_says_how_to_add_them(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path), "--effort", "steady") == 0
    [run] = runs_of(phase_4_home)
    assert (run.pain_during, run.effort) == (None, "steady")
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (
        "No pain score given: add it in the app (Run screen, Runs tab: the run, then e for "
        "Pain/effort). A run without a pain score cannot pass."
    )
    path = written(tmp_path / "later.gpx", gpx_text(start=START + timedelta(hours=3)))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith("No pain score or effort given: add them")
    )
    path = written(tmp_path / "evening.gpx", gpx_text(start=START + timedelta(hours=9)))
    assert sitbone(phase_4_home, "import", str(path), "--pain", "1") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "No effort given: add it in the app (Run screen, Runs tab: the run, then e for "
        "Pain/effort)."
    )


def test_stage_program_note_and_the_mark_for_the_clinician(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    phase_4_home.programs_dir.mkdir(parents=True)
    (phase_4_home.programs_dir / "physio-plan.yaml").write_text(PHYSIO_PLAN, encoding="utf-8")
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    args = ("--program", "physio-plan", "--stage", "1", "--pain", "1", "--effort", "easy")
    more = ("--note", "park loop, wet grass", "--for-clinician")
    assert sitbone(phase_4_home, "import", str(path), *args, *more) == 0
    [run] = runs_of(phase_4_home)
    assert (run.program, run.note, run.for_clinician) == (
        "physio-plan",
        "park loop, wet grass",
        True,
    )
    assert " Marked for your physio. Next: " in capsys.readouterr().out


def test_the_suggested_stage_is_used_without_stage(phase_4_home: Home, tmp_path: Path) -> None:
    store = Store(phase_4_home, fixed_clock)
    # Two passed sessions at stage 1 (settled mornings after): the program suggests stage 2.
    for days in (20, 16):
        at = NOW - timedelta(days=days)
        run = RunSession(
            at=at, program="sitbone", stage=1, completed=True, seconds_done=1680, pain_during=1
        )
        store.add("runs", run)
        morning = at.replace(hour=7, minute=30) + timedelta(days=1)
        store.add("pain", PainEntry(at=morning, context="morning", rest=1, load_test=1))
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    assert runs_of(phase_4_home)[-1].stage == 2


def test_the_import_id_is_left_out_of_the_file_for_runs_not_imported(
    phase_4_home: Home, tmp_path: Path
) -> None:
    assert sitbone(phase_4_home, "log", "run", "--stage", "1", "--completed") == 0
    path = written(tmp_path / "run.gpx", gpx_text())
    assert sitbone(phase_4_home, "import", str(path)) == 0
    document = json.loads(phase_4_home.data_file.read_text(encoding="utf-8"))
    by_hand, imported = document["tables"]["runs"].values()
    assert "import_id" not in by_hand and by_hand["source"] == "manual"
    assert imported["import_id"].startswith("sha256:") and imported["source"] == "import"


# -- the same warnings as log run ------------------------------------------------------------


def test_too_soon_and_locked_running_are_noted_and_the_run_saved(
    profiled_home: Home, tmp_path: Path, capsys
) -> None:
    assert sitbone(profiled_home, "log", "run", "--stage", "1", "--completed", "--date",
                   "2026-11-19")  == 0  # fmt: skip
    capsys.readouterr()
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(profiled_home, "import", str(path)) == 0
    out, err = capsys.readouterr()
    first, second = err.splitlines()
    assert first.startswith("sitbone: Too soon: the next run is due from Sun 22 Nov")
    assert first.endswith("Logged anyway.")
    assert second == (
        "sitbone: note: Running unlocks in phase 4; you are in phase 1. "
        "Logged anyway, as a record of what you did."
    )
    assert out.startswith("Imported stage 1")
    assert len(runs_of(profiled_home)) == 2


def test_a_run_logged_by_hand_that_day_is_named(phase_4_home: Home, tmp_path: Path, capsys) -> None:
    assert sitbone(phase_4_home, "log", "run", "--stage", "1", "--completed", "--date",
                   "2026-11-20") == 0  # fmt: skip
    capsys.readouterr()
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    assert capsys.readouterr().err.endswith(
        "sitbone: note: run 1 of that day was logged by hand; if one is this run, delete one of "
        "the two (Run screen, Runs tab, d).\n"
    )


def test_an_open_red_flag_is_noted(phase_4_home: Home, tmp_path: Path, capsys) -> None:
    assert sitbone(phase_4_home, "profile", "--red-flag", "cauda-equina") == 0
    capsys.readouterr()
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path), "--pain", "1") == 0
    err = capsys.readouterr().err
    assert "sitbone: note: Starting a run is refused while a red flag is open" in err
    assert err.rstrip().endswith("Logged anyway.")
    assert len(runs_of(phase_4_home)) == 1


def test_a_painful_run_asks_about_a_torn_tendon(phase_4_home: Home, tmp_path: Path, capsys) -> None:
    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path), "--pain", "7", "--effort", "hard") == 0
    assert "sitbone profile --red-flag avulsion" in capsys.readouterr().err


# -- duplicates --------------------------------------------------------------------------------


def test_a_file_imported_twice_is_refused_and_nothing_is_written(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    data = fit_file(walk_run_laps())
    path = written(tmp_path / "run.fit", data)
    assert sitbone(phase_4_home, "import", str(path)) == 0
    before = file_state(phase_4_home)
    capsys.readouterr()
    # Again, and gzipped: the same activity bytes.
    for again in (path, written(tmp_path / "run.fit.gz", gz(data))):
        assert sitbone(phase_4_home, "import", str(again), "--pain", "1") == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            f"sitbone: {again}: imported already, as run 1 of 2026-11-20 08:15; "
            "nothing was written\n"
        )
    assert file_state(phase_4_home) == before


def test_the_same_file_imported_twice_at_once_is_recorded_once(
    phase_4_home: Home, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journal.importing.importer as importer

    path = written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    check = importer.earlier_import
    calls: list[str | None] = []

    def another_sitbone_imports_it_meanwhile(journal, run):  # type: ignore[no-untyped-def]
        found = check(journal, run)
        if not calls:  # the first look finds nothing; then the other import is written
            Store(phase_4_home, fixed_clock).add("runs", run)
        calls.append(found)
        return found

    monkeypatch.setattr(importer, "earlier_import", another_sitbone_imports_it_meanwhile)
    assert sitbone(phase_4_home, "import", str(path), "--pain", "1") == 2
    assert "imported already, as run 1 of 2026-11-20 08:15; nothing was written" in (
        capsys.readouterr().err
    )
    assert calls[0] is None and calls[-1] is not None  # asked again under the write lock
    assert len(Store(phase_4_home).runs()) == 1


def test_the_same_run_from_another_format_is_refused(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    assert (
        sitbone(phase_4_home, "import", str(written(tmp_path / "a.fit", fit_file(walk_run_laps()))))
        == 0
    )
    before = file_state(phase_4_home)
    capsys.readouterr()
    assert sitbone(phase_4_home, "import", str(written(tmp_path / "a.gpx", gpx_text()))) == 2
    assert "the same activity as run 1 of 2026-11-20 08:15, imported already from another file" in (
        capsys.readouterr().err
    )
    assert file_state(phase_4_home) == before


def test_a_run_the_timer_recorded_is_not_imported_again(
    phase_4_home: Home, tmp_path: Path, capsys
) -> None:
    timed = RunSession(
        at=datetime(2026, 11, 20, 8, 15, 20), program="sitbone", stage=1, completed=True,
        seconds_done=1680, source="timer",
    )  # fmt: skip
    Store(phase_4_home, fixed_clock).add("runs", timed)
    before = file_state(phase_4_home)
    assert (
        sitbone(phase_4_home, "import", str(written(tmp_path / "a.fit", fit_file(walk_run_laps()))))
        == 2
    )
    assert capsys.readouterr().err.endswith(
        "the timer recorded this run already, as run 1 of 2026-11-20 08:15; delete that one to "
        "keep this; nothing was written\n"
    )
    assert file_state(phase_4_home) == before


# -- files that cannot be used ------------------------------------------------------------------


def damaged_fit() -> bytes:
    data = bytearray(fit_file(walk_run_laps()))
    data[60] ^= 0x55
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("run.fit", damaged_fit(), "a damaged FIT file (its checksum does not match)"),
        ("run.fit", fit_file(walk_run_laps())[:300], "a FIT file cut short (truncated)"),
        ("run.fit.gz", gz(fit_file(walk_run_laps()))[:200], "a damaged or truncated gzip file"),
        ("run.fit", b"", "the file is empty"),
        ("run.csv", b"date,km\n2026-11-20,5\n", "not a FIT, GPX or TCX file"),
        ("route.gpx", '<gpx version="1.1"><rte/></gpx>', "a GPX file with no track"),
        (
            "run.gpx",
            '<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="1"/></trkseg></trk></gpx>',
            "a GPX track without times",
        ),
        (
            "bomb.gpx",
            '<!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx version="1.1">&a;</gpx>',
            "XML with a document type declaration: refused",
        ),
        ("run.tcx", tcx_text(walk_run_laps(), activities=3), "a TCX file with 3 activities"),
        ("later.gpx", gpx_text(start=START + timedelta(days=2)), "its start time: the date is in"),
        (
            "old.gpx",
            gpx_text(start=datetime(1999, 6, 1, 7, 0)),
            "its start time: the date is before",
        ),
    ],
)
def test_a_file_that_cannot_be_used_is_one_line_exit_2_and_writes_nothing(
    phase_4_home: Home, tmp_path: Path, capsys, name: str, data: bytes | str, message: str
) -> None:
    assert sitbone(phase_4_home, "log", "run", "--stage", "1", "--completed", "--date",
                   "2026-11-10") == 0  # fmt: skip
    before = file_state(phase_4_home)
    capsys.readouterr()
    path = written(tmp_path / name, data)
    assert sitbone(phase_4_home, "import", str(path), "--pain", "1") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"sitbone: {path}: {message}")
    assert err.endswith("; nothing was written\n") and err.count("\n") == 1
    assert file_state(phase_4_home) == before


def test_a_bad_file_on_a_new_home_creates_no_data_file(home: Home, tmp_path: Path) -> None:
    path = written(tmp_path / "run.fit", damaged_fit())
    assert sitbone(home, "import", str(path)) == 2
    assert not home.data_file.exists()


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_file_that_cannot_be_read_is_exit_1(
    phase_4_home: Home, tmp_path: Path, capsys, kind: str
) -> None:
    path = tmp_path / "run.fit"
    if kind == "folder":
        path.mkdir()
    before = file_state(phase_4_home)
    assert sitbone(phase_4_home, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"sitbone: {path}: ") and err.count("\n") == 1
    assert file_state(phase_4_home) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: FILE"),
        (("",), "argument FILE: give a file (it is empty)"),
        (
            ("run.fit", "--stage", "14"),
            "argument --stage: 14 is outside 1-13, the stages of 'sitbone'",
        ),
        (("run.fit", "--pain", "11"), "argument --pain: 11 is outside 0-10"),
        (("run.fit", "--effort", "easyish"), "argument --effort: invalid choice: 'easyish'"),
        (("run.fit", "--program", "nope"), "argument --program: unknown program 'nope'"),
        (("run.fit", "--note", "\x1b[2J"), "argument --note: "),
    ],
)
def test_bad_arguments_are_exit_2_naming_the_argument(
    phase_4_home: Home, tmp_path: Path, monkeypatch, capsys, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    written(tmp_path / "run.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", *args) == 2
    assert capsys.readouterr().err.startswith(f"sitbone: {message}")
    assert runs_of(phase_4_home) == []


def test_a_file_name_is_printed_as_text(phase_4_home: Home, tmp_path: Path, capsys) -> None:
    path = written(tmp_path / "run\x1b]2;owned\x07.fit", fit_file(walk_run_laps()))
    assert sitbone(phase_4_home, "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "run␛]2;owned␇.fit" in out
