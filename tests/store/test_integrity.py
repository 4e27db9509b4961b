"""A data file that cannot be trusted is never read as data and never overwritten."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import store.migrations
import store.repository
import store.storage
from store import DataFileError, Home, NewerSchemaError, Store
from store.records import PainEntry, Profile
from tests.conftest import Ran, real_cli

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


PROFILE = Profile(
    injured_side="right",
    symptoms_began=date(2026, 8, 1),
    runs_now=False,
    created=NOW,
    updated=NOW,
)
ENTRY = PainEntry(at=datetime(2026, 11, 20, 7, 30), context="morning", rest=3, note="ok")
PROFILE_DOC = PROFILE.model_dump(mode="json")
CURRENT = store.migrations.SCHEMA_VERSION
NEXT = CURRENT + 1
PAIN_DOC = ENTRY.model_dump(mode="json")


def data_file(
    tables: Any, *, schema: Any = store.migrations.SCHEMA_VERSION, app: Any = "sitbone"
) -> bytes:
    return json.dumps({"app": app, "schema": schema, "tables": tables}).encode()


def sound_bytes() -> bytes:
    return data_file({"profile": {"1": PROFILE_DOC}, "pain": {"1": PAIN_DOC}})


DAMAGED: dict[str, bytes] = {
    "truncated-json": sound_bytes()[: len(sound_bytes()) // 2],
    "empty-file": b"",
    "garbage-bytes": b"\x00\x01\x02 this is not json {{{",
    "non-utf8": sound_bytes().replace(b'"ok"', b'"\xff\xfe caf\xe9"'),
    "json-list": b"[1, 2, 3]",
    "json-string": b'"sitbone"',
    "json-null": b"null",
    "no-app-mark": json.dumps({"schema": CURRENT, "tables": {}}).encode(),
    "wrong-app-mark": data_file({"pain": {"1": PAIN_DOC}}, app="tinydb"),
    "no-schema": json.dumps({"app": "sitbone", "tables": {}}).encode(),
    "schema-zero": data_file({}, schema=0),
    "schema-as-text": data_file({}, schema="1"),
    "schema-as-bool": data_file({}, schema=True),
    "schema-as-float": data_file({}, schema=1.0),
    "no-tables": json.dumps({"app": "sitbone", "schema": CURRENT}).encode(),
    "tables-is-a-list": data_file([]),
    "table-is-a-list": data_file({"pain": [PAIN_DOC]}),
    "record-id-not-a-number": data_file({"pain": {"first": PAIN_DOC}}),
    "record-not-an-object": data_file({"pain": {"1": [1, 2]}}),
    "unknown-table": data_file({"pain": {"1": PAIN_DOC}, "moods": {}}),
    "pain-score-out-of-range": data_file({"pain": {"1": {**PAIN_DOC, "rest": 11}}}),
    "pain-one-sided-bridge": data_file({"pain": {"1": {**PAIN_DOC, "bridge_left": 3}}}),
    "pain-unknown-field": data_file({"pain": {"1": {**PAIN_DOC, "mood": "sad"}}}),
    "pain-missing-field": data_file({"pain": {"1": {"at": PAIN_DOC["at"]}}}),
    "pain-note-too-long": data_file({"pain": {"1": {**PAIN_DOC, "note": "x" * 2001}}}),
    "profile-bad-side": data_file({"profile": {"1": {**PROFILE_DOC, "injured_side": "up"}}}),
    "record-in-a-future-table": data_file({"runs": {"1": {"km": 5}}}),
    "deeply-nested": b"[" * 100_000 + b"]" * 100_000,
    "huge-number": b'{"app": "sitbone", "schema": ' + b"9" * 5000 + b', "tables": {}}',
    "pain-dated-year-1": data_file({"pain": {"1": {**PAIN_DOC, "at": "0001-01-01T00:00:00"}}}),
    "profile-began-1900": data_file(
        {"profile": {"1": {**PROFILE_DOC, "symptoms_began": "1900-01-01"}}}
    ),
    "bad-last-ids": json.dumps(
        {"app": "sitbone", "schema": CURRENT, "last_ids": {"pain": "x"}, "tables": {}}
    ).encode(),
}
NEWER = data_file({}, schema=store.migrations.SCHEMA_VERSION + 1)
ALL_BAD = {**DAMAGED, "newer-schema": NEWER}


def home_with(tmp_path: Path, raw: bytes) -> Home:
    home = Home(tmp_path / "home")
    home.ensure()
    home.data_file.write_bytes(raw)
    return home


def assert_names_file(error: DataFileError, home: Home) -> None:
    assert error.path == home.data_file
    assert str(home.data_file) in str(error)
    assert error.problem
    assert "\n" not in str(error)


# -- the checked files themselves are what the test says they are ------------------------------


def test_the_sound_file_used_here_is_sound(tmp_path: Path) -> None:
    store = Store(home_with(tmp_path, sound_bytes()), clock)
    store.check()
    assert store.profile() == PROFILE
    assert [entry for _, entry in store.pain_entries()] == [ENTRY]


# -- check() -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", DAMAGED.values(), ids=DAMAGED.keys())
def test_check_refuses_a_damaged_file_and_names_it(tmp_path: Path, raw: bytes) -> None:
    home = home_with(tmp_path, raw)
    with pytest.raises(DataFileError) as caught:
        Store(home, clock).check()
    assert not isinstance(caught.value, NewerSchemaError)
    assert_names_file(caught.value, home)


def test_check_refuses_a_newer_schema_with_its_own_error(tmp_path: Path) -> None:
    home = home_with(tmp_path, NEWER)
    with pytest.raises(NewerSchemaError) as caught:
        Store(home, clock).check()
    assert_names_file(caught.value, home)
    assert "newer" in caught.value.problem


def test_a_home_without_a_data_file_is_fine(tmp_path: Path) -> None:
    home = Home(tmp_path / "never-used")
    store = Store(home, clock)
    store.check()
    assert store.is_empty()
    assert store.profile() is None
    assert store.pain_entries() == []
    # Reading creates nothing.
    assert not home.root.exists()


def test_a_file_that_was_damaged_after_a_sound_read_is_caught(tmp_path: Path) -> None:
    home = home_with(tmp_path, sound_bytes())
    store = Store(home, clock)
    store.check()
    home.data_file.write_bytes(DAMAGED["truncated-json"])
    with pytest.raises(DataFileError):
        store.check()
    with pytest.raises(DataFileError):
        store.profile()


# -- writes refuse a damaged file and leave it byte for byte ---------------------------------


WRITES = {
    "save_profile": lambda store: store.save_profile(PROFILE),
    "add_pain": lambda store: store.add_pain(ENTRY),
    "add_many": lambda store: store.add_many("pain", [ENTRY, ENTRY]),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
@pytest.mark.parametrize("raw", ALL_BAD.values(), ids=ALL_BAD.keys())
def test_writes_refuse_a_damaged_file_and_leave_it_unchanged(
    tmp_path: Path, raw: bytes, write: Any
) -> None:
    home = home_with(tmp_path, raw)
    store = Store(home, clock)
    expected = NewerSchemaError if raw is NEWER else DataFileError
    with pytest.raises(expected) as caught:
        write(store)
    assert_names_file(caught.value, home)
    assert home.data_file.read_bytes() == raw
    # Nothing was copied as a "backup" of an untrusted file, and no temp file is left.
    assert not home.backups_dir.exists()
    assert sorted(p.name for p in home.root.iterdir()) == ["sitbone.json", "sitbone.json.lock"]


def test_a_store_that_read_a_sound_file_still_refuses_once_it_is_damaged(tmp_path: Path) -> None:
    home = home_with(tmp_path, sound_bytes())
    store = Store(home, clock)
    assert store.profile() == PROFILE  # the sound content is now cached
    damaged = DAMAGED["pain-score-out-of-range"]
    home.data_file.write_bytes(damaged)
    with pytest.raises(DataFileError):
        store.add_pain(ENTRY)
    assert home.data_file.read_bytes() == damaged


# -- the CLI ---------------------------------------------------------------------------------


def assert_one_line_naming_the_file(result: Ran, home: Home, raw: bytes) -> None:
    """Exit 1, one line on stderr naming the data file, nothing on stdout, file untouched."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(home.data_file) in lines[0]
    assert result.stdout == ""
    assert home.data_file.read_bytes() == raw


@pytest.mark.parametrize("raw", ALL_BAD.values(), ids=ALL_BAD.keys())
def test_cli_check_exits_1_with_one_line_naming_the_file(
    run_cli, tmp_path: Path, raw: bytes
) -> None:
    home = home_with(tmp_path, raw)
    result = run_cli("--home", str(home.root), "check")
    assert_one_line_naming_the_file(result, home, raw)


def test_a_real_process_checking_a_damaged_file_exits_1_with_one_line(tmp_path: Path) -> None:
    raw = DAMAGED["garbage-bytes"]
    home = home_with(tmp_path, raw)
    result = real_cli("--home", str(home.root), "check")
    assert_one_line_naming_the_file(result, home, raw)


def test_cli_demo_refuses_a_damaged_file_and_leaves_it(run_cli, tmp_path: Path) -> None:
    raw = DAMAGED["garbage-bytes"]
    home = home_with(tmp_path, raw)
    result = run_cli("--home", str(home.root), "demo", "--weeks", "1")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(home.data_file) in result.stderr
    assert home.data_file.read_bytes() == raw


def test_cli_check_exits_0_on_a_sound_file(run_cli, tmp_path: Path) -> None:
    home = home_with(tmp_path, sound_bytes())
    result = run_cli("--home", str(home.root), "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert str(home.data_file) in result.stdout
    assert "sound" in result.stdout


def test_cli_check_exits_0_when_there_is_no_data_file(run_cli, tmp_path: Path) -> None:
    home = Home(tmp_path / "empty")
    result = run_cli("--home", str(home.root), "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not home.data_file.exists()


# -- migration: a file of today's schema read by the next version of the app -----------


def _to_next_schema(tables: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """A made-up step: today's schema calls the rest score 'pain', the next calls it 'rest'."""
    pain = {
        doc_id: {("rest" if key == "pain" else key): value for key, value in doc.items()}
        for doc_id, doc in tables.get("pain", {}).items()
    }
    return {**tables, "pain": pain}


@pytest.fixture
def next_app(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (store.migrations, store.storage, store.repository):
        monkeypatch.setattr(module, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store.migrations.MIGRATIONS, CURRENT, _to_next_schema)
    # migrate()'s `target` default was bound to SCHEMA_VERSION when the module was loaded.
    monkeypatch.setattr(store.migrations.migrate, "__defaults__", (NEXT,))


def current_file() -> bytes:
    old_doc = {("pain" if key == "rest" else key): value for key, value in PAIN_DOC.items()}
    return data_file({"profile": {"1": PROFILE_DOC}, "pain": {"1": old_doc}}, schema=CURRENT)


def test_a_file_in_the_next_shape_is_refused_by_this_app(tmp_path: Path) -> None:
    # Sanity: without the migration, the old shape is not valid.
    with pytest.raises(DataFileError):
        Store(home_with(tmp_path, current_file()), clock).check()


@pytest.mark.usefixtures("next_app")
def test_next_app_migrates_a_current_file_on_read_without_writing(tmp_path: Path) -> None:
    raw = current_file()
    home = home_with(tmp_path, raw)
    store = Store(home, clock)
    store.check()
    assert [entry for _, entry in store.pain_entries()] == [ENTRY]
    assert store.profile() == PROFILE
    # Reading never rewrites the file.
    assert home.data_file.read_bytes() == raw
    assert not home.backups_dir.exists()


@pytest.mark.usefixtures("next_app")
def test_next_app_writes_the_next_schema_after_backing_up_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = current_file()
    home = home_with(tmp_path, raw)
    second = PainEntry(at=datetime(2026, 11, 21, 8, 0), rest=2, note="after upgrade")
    Store(home, clock).add_pain(second)

    payload = json.loads(home.data_file.read_bytes())
    assert payload["schema"] == NEXT
    assert payload["tables"]["pain"]["1"] == PAIN_DOC  # migrated, not copied as it was
    pre_migration = home.backups_dir / f"sitbone-schema{CURRENT}-2026-11-21.json"
    assert pre_migration.read_bytes() == raw
    assert (pre_migration.stat().st_mode & 0o777) == 0o600

    fresh = Store(home, clock)
    fresh.check()
    assert [entry for _, entry in fresh.pain_entries()] == [ENTRY, second]

    # A later write does not back up again before migrating: there is nothing to migrate.
    Store(home, clock).add_pain(second)
    assert [p.name for p in home.backups_dir.glob("sitbone-schema*")] == [pre_migration.name]

    # And the old app now refuses the upgraded file instead of damaging it.
    monkeypatch.undo()
    written = home.data_file.read_bytes()
    with pytest.raises(NewerSchemaError):
        Store(home, clock).add_pain(ENTRY)
    assert home.data_file.read_bytes() == written


@pytest.mark.usefixtures("next_app")
def test_next_app_refuses_a_file_the_migration_cannot_make_valid(tmp_path: Path) -> None:
    old_doc = {("pain" if key == "rest" else key): value for key, value in PAIN_DOC.items()}
    raw = data_file({"pain": {"1": {**old_doc, "pain": 11}}}, schema=CURRENT)
    home = home_with(tmp_path, raw)
    with pytest.raises(DataFileError):
        Store(home, clock).add_pain(ENTRY)
    assert home.data_file.read_bytes() == raw


def test_a_schema_1_file_gains_its_red_flag_history(tmp_path: Path) -> None:
    flagged = {**PROFILE_DOC, "red_flags": ["avulsion"]}
    raw = json.dumps(
        {"app": "sitbone", "schema": 1, "tables": {"profile": {"1": flagged}, "pain": {}}}
    ).encode()
    store_ = Store(home_with(tmp_path, raw), clock)
    store_.check()
    [(_, change)] = store_.red_flag_history()
    assert change.raised == ("avulsion",) and change.at == PROFILE.updated
    profile = store_.profile()
    assert profile is not None and profile.red_flags == ("avulsion",)


def test_a_schema_2_file_gains_an_empty_outcomes_table_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    raw = json.dumps(
        {"app": "sitbone", "schema": 2, "tables": {"profile": {"1": PROFILE_DOC}, "pain": {}}}
    ).encode()
    home = home_with(tmp_path, raw)
    store_ = Store(home, clock)
    store_.check()
    assert store_.outcomes() == [] and store_.profile() == PROFILE
    store_.add_pain(ENTRY)  # the first write brings the file up to schema 3
    payload = json.loads(home.data_file.read_bytes())
    assert payload["schema"] == 3 and payload["tables"]["outcomes"] == {}
    assert "for_clinician" not in payload["tables"]["pain"]["1"]


# -- known holes (store bugs, see the report) -------------------------------------------


def test_a_file_that_passes_check_can_be_read_and_written(tmp_path: Path) -> None:
    raw = data_file({"pain": {"\u00b2": PAIN_DOC}})
    store = Store(home_with(tmp_path, raw), clock)
    try:
        store.check()
    except DataFileError:
        return  # refusing the file is fine too
    store.pain_entries()
    store.add_pain(ENTRY)


@pytest.mark.parametrize(
    ("table", "record"),
    [
        ("pain", ENTRY.model_copy(update={"rest": 11})),
        ("profile", ENTRY),
        ("moods", ENTRY),
    ],
    ids=["model-copy-bypass", "wrong-table", "unknown-table"],
)
def test_a_write_cannot_produce_a_file_the_store_refuses(
    tmp_path: Path, table: str, record: PainEntry
) -> None:
    home = home_with(tmp_path, sound_bytes())
    store = Store(home, clock)
    with contextlib.suppress(ValueError, DataFileError):  # refusing the write is fine
        store.add_many(table, [record])
    Store(home, clock).check()
