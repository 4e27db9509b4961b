"""Tables are named by store.records.Table; their names in the file are the file format, and
a plain name ("pain") still names the same table."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from store import Change, Home, Store
from store.records import RECORD_TABLES, PainEntry, Table, table_named

NOW = datetime(2026, 11, 21, 9, 0)
ENTRY = PainEntry(at=NOW, context="morning", rest=2)


def clock() -> datetime:
    return NOW


def test_the_names_are_the_file_format() -> None:
    # Changing any of these would make every existing data file unreadable.
    assert [str(table) for table in Table] == [
        "profile",
        "pain",
        "exercise_sessions",
        "runs",
        "phase_history",
        "active_run",
        "run_unlocks",
        "red_flag_history",
        "outcomes",
    ]
    assert list(RECORD_TABLES) == list(Table)
    assert Table.PAIN == "pain" and f"{Table.RUNS}" == "runs"


def test_a_table_or_its_name_names_the_same_table(home: Home) -> None:
    store = Store(home, clock)
    by_table = store.add(Table.PAIN, ENTRY)
    by_name = store.add("pain", ENTRY)
    assert by_table.table is Table.PAIN and by_name.table is Table.PAIN
    assert store.raw_table(Table.PAIN) == store.raw_table("pain")
    assert [i for i, _ in store.pain_entries()] == [by_table.record_id, by_name.record_id]
    store.delete("pain", by_table.record_id, ENTRY)
    store.replace(Table.PAIN, by_name.record_id, ENTRY, ENTRY.model_copy(update={"rest": 3}))
    assert [e.rest for _, e in store.pain_entries()] == [3]


def test_the_file_holds_the_plain_names(home: Home) -> None:
    Store(home, clock).add(Table.PAIN, ENTRY)
    tables = json.loads(home.data_file.read_text(encoding="utf-8"))["tables"]
    assert list(tables) == ["pain"] and type(next(iter(tables))) is str


def test_a_name_that_is_no_table_is_refused_before_any_write(home: Home) -> None:
    store = Store(home, clock)
    store.add(Table.PAIN, ENTRY)
    before = home.data_file.read_bytes()
    with pytest.raises(ValueError, match="no table 'moods'"):
        store.add("moods", ENTRY)
    with pytest.raises(ValueError, match="no table 'moods'"):
        store.add_many("moods", [])
    with pytest.raises(ValueError, match="no table 'moods'"):
        store.delete("moods", 1, ENTRY)
    with pytest.raises(ValueError, match="no table 'moods'"):
        Change("moods", 1, before=None, after=ENTRY)  # type: ignore[arg-type]  # on purpose
    assert home.data_file.read_bytes() == before
    # Reading a name that is no table finds nothing, as export expects.
    assert store.raw_table("moods") == []


def test_table_named() -> None:
    assert table_named("runs") is Table.RUNS
    assert table_named(Table.RUNS) is Table.RUNS
    with pytest.raises(ValueError, match="sitbone has no table 'Pain'"):
        table_named("Pain")


def test_an_add_refused_under_the_lock_writes_nothing(tmp_path) -> None:
    from store.errors import AlreadyStored

    home = Home(tmp_path / "home")
    store = Store(home, clock)
    store.add_pain(ENTRY)
    before = home.data_file.read_bytes()
    asked: list[int] = []

    def already(found: str) -> str:
        asked.append(len(store.pain_entries()))  # read as the file stands under the lock
        return found

    with pytest.raises(AlreadyStored, match="the same entry"):
        store.add("pain", ENTRY, unless=lambda: already("the same entry"))
    assert home.data_file.read_bytes() == before and asked == [1]
    store.add("pain", ENTRY, unless=lambda: None)
    assert len(store.pain_entries()) == 2
