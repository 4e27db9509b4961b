"""The store at any history: what a write or a read costs is counted in the work it does, never
timed. A write parses and validates only what changed; a file read again whole (another
process wrote it) validates only the documents that differ; content validated before, by this
sitbone or another, is trusted by its fingerprint; the listings stay in step with the file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import store.storage
import store.validation
from store import DataFileError, Home, Store
from store.records import ExerciseSession, PainEntry, Table

NOW = datetime(2026, 11, 21, 9, 0)
START = datetime(2026, 1, 1, 7, 0)


def clock() -> datetime:
    return NOW


def pain(n: int, note: str = "") -> PainEntry:
    return PainEntry(at=START + timedelta(hours=5 * n), rest=n % 11, note=note)


def session(n: int) -> ExerciseSession:
    return ExerciseSession(
        at=START + timedelta(hours=3 * n), exercise="isometric-bridge", phase=1, sets=1 + n % 5
    )


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The table of every record validated with pydantic on its way out of the file."""
    calls: list[str] = []
    original = store.validation.parse_record

    def spy(path: Path, model: type, name: str, doc_id: str, doc: dict[str, object]) -> object:
        calls.append(name)
        return original(path, model, name, doc_id, doc)

    monkeypatch.setattr(store.validation, "parse_record", spy)
    return calls


@pytest.fixture
def full(tmp_path: Path) -> Home:
    """A home with 300 pain entries and 300 sessions."""
    home = Home(tmp_path / "home")
    writer = Store(home, clock)
    writer.add_many(Table.PAIN, [pain(n) for n in range(300)])
    writer.add_many(Table.EXERCISE_SESSIONS, [session(n) for n in range(300)])
    return home


def test_a_write_validates_only_its_own_record(full: Home, parsed: list[str]) -> None:
    reader = Store(full, clock)
    reader.check()  # content this sitbone wrote: trusted by its mark, nothing parsed
    assert parsed == []
    assert len(reader.exercise_sessions()) == 300
    parsed.clear()
    for n in range(300, 305):
        reader.add(Table.EXERCISE_SESSIONS, session(n))
        assert len(reader.exercise_sessions()) == n + 1
    # Each write re-read the file under the lock (its own bytes: nothing to parse) and each
    # listing parsed the one new session only.
    assert parsed == [Table.EXERCISE_SESSIONS] * 5


def test_a_file_written_elsewhere_validates_only_what_differs(
    full: Home, parsed: list[str]
) -> None:
    mine = Store(full, clock)
    assert len(mine.pain_entries()) == 300
    Store(full, clock).add_pain(pain(400, "from the command line"))
    parsed.clear()
    entries = mine.pain_entries()
    assert entries[-1][1].note == "from the command line"
    assert parsed == [Table.PAIN]  # the other 300 documents are equal to those parsed


def test_content_vouched_for_is_not_validated_again_but_any_other_is(
    full: Home, parsed: list[str]
) -> None:
    Store(full, clock).check()
    assert parsed == []  # the writer left a mark for exactly these bytes
    raw = full.data_file.read_bytes()
    full.data_file.write_bytes(raw.replace(b'"rest":3', b'"rest":33', 1))
    with pytest.raises(DataFileError, match=r"record .* in 'pain' is invalid: rest"):
        Store(full, clock).check()  # other bytes: every record validated, the bad one found
    full.data_file.write_bytes(raw)
    parsed.clear()
    Store(full, clock).check(thorough=True)  # `sitbone check`: trusts no mark
    assert len(parsed) == 600


def test_a_thorough_check_looks_at_every_id_a_mark_vouches_for(full: Home) -> None:
    from store.checked import CheckedMark

    raw = full.data_file.read_bytes().replace(b'"1":{', b'"01":{', 1)
    full.data_file.write_bytes(raw)
    with pytest.raises(DataFileError, match="malformed record '01'"):
        Store(full, clock).check()  # bytes no mark vouches for: every id looked at
    CheckedMark(full.checked_file).record(raw)  # as if a sitbone had validated these bytes
    Store(full, clock).check()  # trusted: the ids are not looked at one by one
    with pytest.raises(DataFileError, match="malformed record '01'"):
        Store(full, clock).check(thorough=True)


def test_a_mark_made_by_other_record_models_is_not_trusted(
    full: Home, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.checked

    monkeypatch.setattr(store.checked, "models_fingerprint", lambda: b"another sitbone")
    Store(full, clock).check()
    assert len(parsed) == 600


def test_a_lost_or_damaged_mark_costs_one_validation_only(full: Home, parsed: list[str]) -> None:
    full.checked_file.write_text("not a mark")
    Store(full, clock).check()
    assert len(parsed) == 600
    parsed.clear()
    full.checked_file.unlink()
    Store(full, clock).check()
    Store(full, clock).check()
    assert len(parsed) == 600  # validated once, then vouched for again


def test_recent_entries_are_found_without_parsing_the_rest(full: Home, parsed: list[str]) -> None:
    reader = Store(full, clock)
    since = (START + timedelta(hours=5 * 290)).date()
    recent = reader.pain_entries(since=since)
    assert recent == [pair for pair in reader.pain_entries() if pair[1].at.date() >= since]
    assert parsed.count(Table.PAIN) <= 300 + 15  # the window, then the whole list once
    parsed.clear()
    assert reader.pain_entries(since=date(2099, 1, 1)) == []
    assert parsed == []


def test_a_write_encodes_the_file_once_with_orjson(
    full: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> str:
        raise AssertionError("the standard library's encoder was used")

    monkeypatch.setattr(store.storage.json, "dumps", refused)
    Store(full, clock).add_pain(pain(500))
    assert full.data_file.read_bytes().startswith(b'{"app":"sitbone"')


# -- the listings stay in step with the file, whatever the changes ------------------------------

Step = tuple[str, int]  # ("add" | "edit" | "delete" | "other", n)


@settings(max_examples=40)  # each step is a real, flushed write
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "edit", "delete", "other"]), st.integers(0, 200)),
        max_size=15,
    )
)
def test_listings_match_a_fresh_read_after_any_changes(tmp_path_factory, steps: list[Step]) -> None:
    home = Home(tmp_path_factory.mktemp("listing") / "home")
    mine = Store(home, clock)
    mine.add_many(Table.PAIN, [pain(n) for n in range(0, 40, 3)])
    mine.pain_entries()  # listed once: what follows is kept in step, not rebuilt
    for kind, n in steps:
        entries = mine.pain_entries()
        if kind == "add" or not entries:
            mine.add(Table.PAIN, pain(n, f"added {n}"))
        elif kind == "edit":
            record_id, old = entries[n % len(entries)]
            mine.replace(Table.PAIN, record_id, old, pain(n, "edited"))
        elif kind == "delete":
            record_id, old = entries[n % len(entries)]
            mine.delete(Table.PAIN, record_id, old)
        else:  # another process: the whole file is read again
            Store(home, clock).add(Table.PAIN, pain(n, "elsewhere"))
        fresh = Store(home, clock)
        assert mine.pain_entries() == fresh.pain_entries()
        assert mine.raw_items(Table.PAIN) == fresh.raw_items(Table.PAIN)


def test_the_app_leaves_its_mark_between_presses_not_at_each_write(full: Home) -> None:
    from store.checked import CheckedMark

    mark = CheckedMark(full.checked_file)
    app_store = Store(full, clock)
    app_store.marks_later = True
    app_store.add_pain(pain(600))
    assert not mark.holds(full.data_file.read_bytes())  # the press did not hash the file
    app_store.leave_mark()
    assert mark.holds(full.data_file.read_bytes())
    Store(full, clock).add_pain(pain(601))  # a command: marks as it writes
    assert mark.holds(full.data_file.read_bytes())
    app_store.leave_mark()  # nothing of its own to vouch for: the command's mark stays
    assert mark.holds(full.data_file.read_bytes())


def test_writes_share_the_tables_they_leave_alone(full: Home) -> None:
    store = Store(full, clock)
    sessions = store.raw_items(Table.EXERCISE_SESSIONS)
    before = store._raw(Table.EXERCISE_SESSIONS)
    store.add_pain(pain(700))
    assert store._raw(Table.EXERCISE_SESSIONS) is before  # not copied, nothing re-listed
    assert store.raw_items(Table.EXERCISE_SESSIONS) == sessions
