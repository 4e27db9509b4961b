"""Edit, delete and undo: each change is one write, refused if the record moved underneath."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Home, StaleRecordError, Store
from store.demo import DemoData
from store.records import PainEntry, PhaseChange, Profile, RedFlagChange, RunSession, Table

NOW = datetime(2026, 11, 21, 9, 0)


def clock() -> datetime:
    return NOW


def entry(rest: int, hours_ago: int = 0) -> PainEntry:
    return PainEntry(at=NOW - timedelta(hours=hours_ago), context="morning", rest=rest)


def test_add_edit_delete_and_undo_each(home: Home) -> None:
    store = Store(home, clock)
    added = store.add(Table.PAIN, entry(2))
    assert added.kind == "added" and store.pain_entries() == [(added.record_id, entry(2))]

    edited = store.replace(Table.PAIN, added.record_id, entry(2), entry(5))
    assert edited.kind == "edited" and store.pain_entries()[0][1].rest == 5
    store.undo(edited)
    assert store.pain_entries()[0][1].rest == 2

    deleted = store.delete(Table.PAIN, added.record_id, entry(2))
    assert deleted.kind == "deleted" and store.pain_entries() == []
    store.undo(deleted)
    # Undoing a delete puts the record back under its old id.
    assert store.pain_entries() == [(added.record_id, entry(2))]

    store.undo(added)
    assert store.pain_entries() == []


def test_a_change_from_another_process_is_never_overwritten(home: Home) -> None:
    mine, theirs = Store(home, clock), Store(home, clock)
    added = mine.add(Table.PAIN, entry(2))
    theirs.replace(Table.PAIN, added.record_id, entry(2), entry(7))
    with pytest.raises(StaleRecordError):
        mine.replace(Table.PAIN, added.record_id, entry(2), entry(3))
    with pytest.raises(StaleRecordError):
        mine.undo(added)
    with pytest.raises(StaleRecordError):
        mine.delete(Table.PAIN, added.record_id, entry(2))
    assert theirs.pain_entries()[0][1].rest == 7


def test_ids_are_never_reused_so_undo_of_a_delete_survives_an_add(home: Home) -> None:
    store = Store(home, clock)
    ids = [store.add(Table.PAIN, entry(rest)).record_id for rest in (1, 2, 3)]
    assert ids == [1, 2, 3]
    deleted = store.delete(Table.PAIN, 3, entry(3))
    # Another process adds after the delete: the newest id stays taken.
    assert Store(home, clock).add(Table.PAIN, entry(4)).record_id == 4
    store.undo(deleted)
    assert [(i, e.rest) for i, e in store.pain_entries()] == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_the_highest_id_survives_deleting_everything_and_old_files(home: Home) -> None:
    store = Store(home, clock)
    store.add_many(Table.PAIN, [entry(1), entry(2)])
    store.delete(Table.PAIN, 2, entry(2))
    store.delete(Table.PAIN, 1, entry(1))
    assert store.add_many(Table.PAIN, [entry(5), entry(6)]) == [3, 4]
    # A file from before the high-water mark existed: its highest id is the mark.
    payload = json.loads(home.data_file.read_bytes())
    del payload["last_ids"]
    home.data_file.write_text(json.dumps(payload))
    assert Store(home, clock).add(Table.PAIN, entry(7)).record_id == 5


def test_every_add_path_counts_from_the_high_water_mark(home: Home) -> None:
    store = Store(home, clock)
    run = RunSession(at=NOW, program="sitbone", stage=1, completed=True, seconds_done=60)
    first = store.finish_run(run)
    store.delete(Table.RUNS, first.record_id, run)
    assert store.finish_run(run).record_id == first.record_id + 1

    profile = Profile(
        injured_side="left", symptoms_began=date(2026, 9, 1), runs_now=False,
        created=NOW, updated=NOW,
    )  # fmt: skip
    raised = RedFlagChange(at=NOW, raised=("night-pain",))
    flag = store.save_profile_with_flags(profile, raised)
    store.delete(Table.RED_FLAG_HISTORY, flag.record_id, raised)
    again = store.save_profile_with_flags(profile, raised)
    assert again.record_id == flag.record_id + 1

    other = Store(Home(home.root.parent / "other"), clock)
    other.add_many(Table.PAIN, [entry(1), entry(2)])
    other.delete(Table.PAIN, 2, entry(2))
    other.delete(Table.PAIN, 1, entry(1))
    other.clear_active_run()
    assert other.fill_if_empty(DemoData(profile=profile, pain=(entry(3),)))
    assert [i for i, _ in other.pain_entries()] == [3]


def test_an_invalid_replacement_is_refused_before_any_write(home: Home) -> None:
    store = Store(home, clock)
    added = store.add(Table.PAIN, entry(2))
    before = home.data_file.read_bytes()
    bad = entry(2).model_copy(update={"rest": 11})  # model_copy skips validation
    with pytest.raises(ValueError):
        store.replace(Table.PAIN, added.record_id, entry(2), bad)
    assert home.data_file.read_bytes() == before


def test_phase_changes_and_runs_are_read_oldest_first(home: Home) -> None:
    store = Store(home, clock)
    later = PhaseChange(at=NOW, from_phase=1, to_phase=2, reason="gate passed")
    earlier = PhaseChange(at=NOW - timedelta(days=3), from_phase=2, to_phase=1, reason="flare")
    store.add(Table.PHASE_HISTORY, later)
    store.add(Table.PHASE_HISTORY, earlier)
    assert [c for _, c in store.phase_changes()] == [earlier, later]
    run = RunSession(at=NOW, program="default", stage=1, completed=True, seconds_done=1680)
    store.add(Table.RUNS, run)
    assert store.runs() == [(1, run)]


operations = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "delete"]), st.integers(0, 10), st.integers(0, 99)),
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_undoing_every_change_in_reverse_restores_the_start(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int]]
) -> None:
    store = Store(Home(tmp_path_factory.mktemp("changes") / "home"), clock)
    store.add_many(Table.PAIN, [entry(1, 5), entry(3, 4)])
    start = store.pain_entries()
    done = []
    for kind, rest, pick in ops:
        current = store.pain_entries()
        if kind == "add" or not current:
            done.append(store.add(Table.PAIN, entry(rest, pick % 48)))
            continue
        record_id, old = current[pick % len(current)]
        if kind == "edit":
            new = old.model_copy(update={"rest": rest})
            done.append(store.replace(Table.PAIN, record_id, old, new))
        else:
            done.append(store.delete(Table.PAIN, record_id, old))
    for change in reversed(done):
        store.undo(change)
    assert store.pain_entries() == start
