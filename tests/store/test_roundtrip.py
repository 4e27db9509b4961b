"""Property tests: valid records round-trip exactly; invalid ones never reach the file."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store import Home, Store
from store.records import Aggravator, Chair, PainContext, PainEntry, Profile, Side

NOW = datetime(2026, 11, 21, 9, 0)
TODAY = NOW.date()
CONTEXT = {"today": TODAY}
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    database=None,  # keep no example database in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def clock() -> datetime:
    return NOW


def fresh_home(factory: pytest.TempPathFactory) -> Home:
    # A new folder per example: function-scoped fixtures are not reset between examples.
    return Home(factory.mktemp("roundtrip") / "home")


# -- strategies built from the field constraints in store/records.py -------------------

scores = st.integers(0, 10)
minutes = st.integers(0, 1440)
reps = st.integers(0, 500)
# Any text the model accepts: arbitrary code points (no lone surrogates) and the 2000 limit.
texts = st.one_of(
    st.text(max_size=60),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(1990, 2000)),
)


EARLIEST = datetime(2000, 1, 1)  # no record is dated before 2000, none after 2099
LATEST = datetime(2099, 12, 31, 23, 59, 59)


def datetimes_up_to(moment: datetime) -> st.SearchStrategy[datetime]:
    """Local (naive) datetimes, as the app writes them, from 2000 up to `moment`."""
    return st.datetimes(min_value=EARLIEST, max_value=moment)


def any_datetimes() -> st.SearchStrategy[datetime]:
    return st.datetimes(min_value=EARLIEST, max_value=LATEST)


@st.composite
def profile_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "injured_side": draw(st.sampled_from(get_args(Side))),
        "symptoms_began": draw(st.dates(min_value=EARLIEST.date(), max_value=TODAY)),
        "runs_now": draw(st.booleans()),
        "red_flags": tuple(draw(st.lists(st.text(max_size=30), max_size=5))),
        "created": draw(any_datetimes()),
        "updated": draw(any_datetimes()),
    }


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def pain_fields(draw: st.DrawFn) -> dict[str, Any]:
    bridge = draw(optional(st.tuples(reps, reps)))
    fields: dict[str, Any] = {
        "at": draw(datetimes_up_to(NOW)),
        "context": draw(st.sampled_from(get_args(PainContext))),
        "rest": draw(scores),
        "load_test": draw(optional(scores)),
        "activity": draw(optional(scores)),
        "stiffness_min": draw(optional(minutes)),
        "sitting_min": draw(optional(minutes)),
        "chair": draw(optional(st.sampled_from(get_args(Chair)))),
        "aggravators": tuple(draw(st.lists(st.sampled_from(get_args(Aggravator)), max_size=8))),
        "note": draw(texts),
        "bridge_left": bridge[0] if bridge else None,
        "bridge_right": bridge[1] if bridge else None,
        "walk_min": draw(optional(minutes)),
    }
    # Defaults must round-trip too: sometimes leave optional fields out altogether.
    for name in draw(st.sets(st.sampled_from(["context", "load_test", "note", "walk_min"]))):
        del fields[name]
    return fields


profiles = profile_fields().map(lambda f: Profile.model_validate(f, context=CONTEXT))


def pain_entries() -> st.SearchStrategy[PainEntry]:
    return pain_fields().map(lambda f: PainEntry.model_validate(f, context=CONTEXT))


pain_logs = st.lists(pain_entries(), max_size=12)


# -- valid records round-trip -----------------------------------------------------------


@EXAMPLES
@given(profile=profiles, entries=pain_logs)
def test_profile_and_pain_round_trip_through_a_fresh_store(
    tmp_path_factory: pytest.TempPathFactory, profile: Profile, entries: list[PainEntry]
) -> None:
    home = fresh_home(tmp_path_factory)
    writer = Store(home, clock)
    writer.save_profile(profile)
    ids = writer.add_many("pain", list(entries)) if entries else []

    reader = Store(home, clock)
    reader.check()
    written = dict(zip(ids, entries, strict=True))
    assert len(written) == len(entries)
    read_back = dict(reader.pain_entries())
    assert read_back == written
    loaded = reader.profile()
    assert loaded == profile
    # Exactly: equal datetimes keep their UTC offsets too, and every field its JSON form.
    assert loaded is not None
    assert loaded.model_dump(mode="json") == profile.model_dump(mode="json")
    for doc_id, entry in read_back.items():
        assert entry.model_dump(mode="json") == written[doc_id].model_dump(mode="json")
        assert entry.at.utcoffset() == written[doc_id].at.utcoffset()


@EXAMPLES
@given(batches=st.lists(st.lists(pain_entries(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_entries_added_one_batch_at_a_time_all_survive(
    tmp_path_factory: pytest.TempPathFactory, batches: list[list[PainEntry]]
) -> None:
    home = fresh_home(tmp_path_factory)
    expected: dict[int, PainEntry] = {}
    for batch in batches:
        # A new Store per batch, as separate CLI runs would do.
        ids = Store(home, clock).add_many("pain", list(batch))
        expected.update(zip(ids, batch, strict=True))
    assert len(expected) == sum(len(batch) for batch in batches)
    assert dict(Store(home, clock).pain_entries()) == expected


@EXAMPLES
@given(first=profiles, second=profiles)
def test_saving_a_profile_replaces_the_previous_one(
    tmp_path_factory: pytest.TempPathFactory, first: Profile, second: Profile
) -> None:
    home = fresh_home(tmp_path_factory)
    Store(home, clock).save_profile(first)
    Store(home, clock).save_profile(second)
    store = Store(home, clock)
    assert store.profile() == second
    assert len(store.raw_table("profile")) == 1


# -- invalid values are rejected by the model, so the file never changes ------------------

bad_scores = st.one_of(
    st.integers(max_value=-1),
    st.integers(min_value=11),
    st.booleans(),
    st.floats(0, 10),
    st.sampled_from(["3", "ten"]),
)
bad_minutes = st.one_of(st.integers(max_value=-1), st.integers(min_value=1441))
long_notes = st.builds(lambda c, n: c * n, st.characters(), st.integers(2001, 2100))
future_datetimes = st.datetimes(min_value=datetime.combine(TODAY + timedelta(days=1), time.min))
# Today, but later than the store's clock says it is now.
later_today = st.datetimes(
    min_value=NOW + timedelta(microseconds=1), max_value=datetime.combine(TODAY, time.max)
)
too_early = st.datetimes(max_value=EARLIEST - timedelta(microseconds=1))


@st.composite
def invalid_pain_fields(draw: st.DrawFn) -> dict[str, Any]:
    fields = draw(pain_fields())
    kinds = ["score", "minutes", "note", "bridge", "future", "later-today", "unknown-field"]
    kind = draw(st.sampled_from(kinds))
    if kind == "score":
        fields[draw(st.sampled_from(["rest", "load_test", "activity"]))] = draw(bad_scores)
    elif kind == "minutes":
        field = draw(st.sampled_from(["stiffness_min", "sitting_min", "walk_min"]))
        fields[field] = draw(bad_minutes)
    elif kind == "note":
        fields["note"] = draw(long_notes)
    elif kind == "bridge":
        present, absent = draw(st.permutations(["bridge_left", "bridge_right"]))
        fields[present], fields[absent] = draw(reps), None
    elif kind == "future":
        fields["at"] = draw(future_datetimes)
    elif kind == "later-today":
        fields["at"] = draw(later_today)  # valid for "today", refused by the store's "now"
    else:
        fields["pain_level"] = draw(scores)
    return fields


@st.composite
def invalid_profile_fields(draw: st.DrawFn) -> dict[str, Any]:
    fields = draw(profile_fields())
    kind = draw(st.sampled_from(["future", "before-2000", "side", "runs"]))
    if kind == "future":
        fields["symptoms_began"] = draw(st.dates(min_value=TODAY + timedelta(days=1)))
    elif kind == "before-2000":
        fields["symptoms_began"] = draw(st.dates(max_value=date(1999, 12, 31)))
    elif kind == "side":
        fields["injured_side"] = draw(
            st.text(string.ascii_letters, max_size=6).filter(lambda s: s not in get_args(Side))
        )
    else:
        fields["runs_now"] = draw(st.sampled_from(["maybe", 7, None]))
    return fields


def seeded_home(factory: pytest.TempPathFactory) -> tuple[Store, bytes]:
    home = fresh_home(factory)
    store = Store(home, clock)
    store.save_profile(
        Profile(
            injured_side="left",
            symptoms_began=date(2026, 9, 1),
            runs_now=True,
            created=NOW,
            updated=NOW,
        )
    )
    store.add_pain(PainEntry(at=NOW, rest=2, note="before"))
    return store, home.data_file.read_bytes()


@EXAMPLES
@given(fields=invalid_pain_fields())
def test_invalid_pain_entry_is_rejected_and_the_file_is_unchanged(
    tmp_path_factory: pytest.TempPathFactory, fields: dict[str, Any]
) -> None:
    store, before = seeded_home(tmp_path_factory)
    with pytest.raises(ValidationError):
        store.add_pain(PainEntry.model_validate(fields, context=CONTEXT))
    assert store.path.read_bytes() == before
    assert [e.note for _, e in Store(store.home, clock).pain_entries()] == ["before"]


@EXAMPLES
@given(fields=invalid_profile_fields())
def test_invalid_profile_is_rejected_and_the_file_is_unchanged(
    tmp_path_factory: pytest.TempPathFactory, fields: dict[str, Any]
) -> None:
    store, before = seeded_home(tmp_path_factory)
    with pytest.raises(ValidationError):
        store.save_profile(Profile.model_validate(fields, context=CONTEXT))
    assert store.path.read_bytes() == before


@EXAMPLES
@given(at=too_early)
def test_a_time_before_2000_is_refused(at: datetime) -> None:
    with pytest.raises(ValidationError, match="before 2000-01-01"):
        PainEntry.model_validate({"at": at, "rest": 1}, context=CONTEXT)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rest", -1),
        ("rest", 11),
        ("load_test", 11),
        ("activity", -1),
        ("stiffness_min", -1),
        ("sitting_min", 1441),
        ("walk_min", 1441),
        ("note", "x" * 2001),
        ("bridge_left", 10),
        ("bridge_right", 10),
        ("at", datetime(2026, 11, 22, 0, 0)),
    ],
)
def test_each_boundary_is_rejected(field: str, value: Any) -> None:
    fields: dict[str, Any] = {"at": NOW, "rest": 3, field: value}
    with pytest.raises(ValidationError):
        PainEntry.model_validate(fields, context=CONTEXT)


@pytest.mark.parametrize(
    "fields",
    [
        {"rest": 0, "stiffness_min": 0, "sitting_min": 1440, "walk_min": 1440},
        {"rest": 10, "load_test": 10, "activity": 0, "note": "x" * 2000},
        {"rest": 5, "bridge_left": 0, "bridge_right": 500},
    ],
)
def test_each_boundary_itself_is_accepted(fields: dict[str, Any]) -> None:
    entry = PainEntry.model_validate(
        {"at": datetime.combine(TODAY, time.max), **fields}, context=CONTEXT
    )
    assert entry.rest == fields["rest"]


def test_future_is_judged_by_the_context_today_not_the_system_clock() -> None:
    tomorrow = datetime.combine(TODAY + timedelta(days=1), time(8, 0))
    with pytest.raises(ValidationError):
        PainEntry.model_validate({"at": tomorrow, "rest": 1}, context=CONTEXT)
    later = {"today": TODAY + timedelta(days=1)}
    assert PainEntry.model_validate({"at": tomorrow, "rest": 1}, context=later).at == tomorrow


def test_times_with_a_time_zone_are_refused_so_a_log_always_sorts() -> None:
    with pytest.raises(ValidationError, match="without a time zone"):
        PainEntry(at=datetime(2026, 1, 2, 8, 0, tzinfo=UTC), rest=2)
    with pytest.raises(ValidationError, match="without a time zone"):
        Profile(
            injured_side="left",
            symptoms_began=date(2026, 1, 1),
            runs_now=False,
            created=datetime(2026, 1, 2, tzinfo=UTC),
            updated=datetime(2026, 1, 2),
        )
