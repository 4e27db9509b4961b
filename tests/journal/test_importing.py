"""Runs from a watch, below the command line: the laps-to-segments rule (with its properties),
the plan and the completed rule, each format read from files built here, the refusals, and
the run the journal builds, duplicates included."""

from __future__ import annotations

import contextlib
import gzip
import struct
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from content.programs import load_default_program
from journal.importing import reading
from journal.importing.activity import Activity, Lap, UnusableFile
from journal.importing.importer import earlier_import, imported_run, logged_by_hand
from journal.importing.laps import MIN_LAP_S, Stretch, stretches
from journal.importing.reading import activity_from, read_activity
from journal.importing.segments import completed, follows_plan, joined_plan, segments_done
from journal.journal import Journal
from rules.timer import Segment
from store import Home
from store.records import RunSession
from tests.activity_files import (
    START,
    WatchLap,
    crc16,
    fit_file,
    gpx_text,
    gpx_track,
    gz,
    tcx_text,
    walk_run_laps,
)
from tests.conftest import fixed_clock

BUILT_IN = load_default_program()
STAGE_1 = BUILT_IN.stage(1).plan()  # walk 5, 6 x (run 1, walk 2), walk 5: 28 minutes
PARIS_WINTER = timezone(timedelta(hours=1))


def laps_of(watch_laps: list[WatchLap]) -> list[Lap]:
    return [Lap(lap.seconds, lap.metres) for lap in watch_laps]


def kinds(found: list[Stretch] | None) -> list[str] | None:
    return None if found is None else [stretch.kind for stretch in found]


# -- laps to stretches -----------------------------------------------------------------------


def test_walk_and_run_laps_by_pace_become_alternating_stretches() -> None:
    found = stretches(laps_of(walk_run_laps(repeats=2)))
    assert found == [
        Stretch("walk", 300), Stretch("run", 60), Stretch("walk", 120), Stretch("run", 60),
        Stretch("walk", 420),  # the last walk of the repeats and the cool-down, together
    ]  # fmt: skip


def test_a_double_pressed_lap_joins_the_lap_before_and_a_short_first_lap_the_one_after() -> None:
    laps = [Lap(3, 4), Lap(300, 420), Lap(60, 150), Lap(4, 6), Lap(120, 170), Lap(2, 3)]
    found = stretches(laps)
    assert found == [Stretch("walk", 303), Stretch("run", 64), Stretch("walk", 122)]


def test_an_even_pace_is_one_stretch() -> None:
    # Auto-lap every kilometre of a steady run: no walking in it.
    assert stretches([Lap(360, 1000), Lap(352, 1000), Lap(371, 1000), Lap(90, 240)]) is None


def test_a_slow_hill_kilometre_in_a_run_is_not_a_walk() -> None:
    # 2.2 m/s is 27% slower than the rest, but faster than anyone walks.
    assert stretches([Lap(360, 1000), Lap(455, 1000), Lap(350, 1000)]) is None


def test_a_walk_of_two_paces_is_not_a_walk_run() -> None:
    # 1.0 and 1.5 m/s: the faster is still walking.
    assert stretches([Lap(300, 300), Lap(300, 450), Lap(300, 300)]) is None


def test_marks_decide_when_there_are_no_distances() -> None:
    # A treadmill workout: warm-up, run and recovery steps marked, no distances.
    laps = [Lap(300, None, "walk"), Lap(60, None, "run"), Lap(120, None, "walk")]
    assert kinds(stretches(laps)) == ["walk", "run", "walk"]


def test_marks_of_one_kind_tell_nothing() -> None:
    # Lap-button laps are all "active" in FIT: no walk/run without distances.
    assert stretches([Lap(300, None, "run"), Lap(60, None, "run")]) is None
    assert stretches([Lap(300, None, "walk"), Lap(60, None)]) is None


def test_pace_comes_before_marks() -> None:
    # TCX marks a warm-up walk "Active": its pace says walk.
    laps = [Lap(300, 420, "run"), Lap(60, 144, "run"), Lap(120, 168, "walk")]
    assert kinds(stretches(laps)) == ["walk", "run", "walk"]


def test_no_laps_and_one_lap_are_one_stretch() -> None:
    assert stretches([]) is None
    assert stretches([Lap(1800, 4000)]) is None


walking = st.floats(min_value=1.2, max_value=1.5)  # 4.3-5.4 km/h
running = st.floats(min_value=2.0, max_value=2.5)  # 7.2-9.0 km/h
lap_seconds = st.floats(min_value=MIN_LAP_S, max_value=900)


@st.composite
def walk_run_session(draw: st.DrawFn) -> tuple[list[Lap], list[str]]:
    """Laps of any order of walking and running (both present), at walking and running
    speeds that vary lap to lap."""
    lap_kinds = draw(st.lists(st.sampled_from(["walk", "run"]), min_size=2, max_size=40))
    if len(set(lap_kinds)) < 2:
        lap_kinds[draw(st.integers(0, len(lap_kinds) - 1))] = (
            "run" if lap_kinds[0] == "walk" else "walk"
        )
    laps = []
    for kind in lap_kinds:
        seconds = draw(lap_seconds)
        speed = draw(running if kind == "run" else walking)
        laps.append(Lap(seconds, seconds * speed))
    return laps, lap_kinds


@given(walk_run_session())
def test_walking_and_running_laps_are_told_apart_whatever_their_order(
    session: tuple[list[Lap], list[str]],
) -> None:
    laps, lap_kinds = session
    found = stretches(laps)
    assert found is not None
    expected = [kind for i, kind in enumerate(lap_kinds) if i == 0 or kind != lap_kinds[i - 1]]
    assert kinds(found) == expected
    assert sum(s.seconds for s in found) == pytest.approx(sum(lap.seconds for lap in laps))


@given(
    st.lists(
        st.builds(
            Lap,
            st.floats(min_value=0, max_value=3600),
            st.none() | st.floats(min_value=0, max_value=20_000),
            st.none() | st.sampled_from(["walk", "run"]),
        ),
        max_size=30,
    )
)
def test_any_laps_give_alternating_stretches_keeping_the_time(laps: list[Lap]) -> None:
    found = stretches(laps)
    if found is None:
        return
    assert {s.kind for s in found} == {"walk", "run"}
    assert all(a.kind != b.kind for a, b in pairwise(found))
    assert sum(s.seconds for s in found) == pytest.approx(sum(lap.seconds for lap in laps))


@given(st.lists(st.floats(min_value=30, max_value=900), min_size=1, max_size=30), running)
def test_laps_at_one_pace_are_never_split(seconds: list[float], speed: float) -> None:
    assert stretches([Lap(s, s * speed) for s in seconds]) is None


# -- the plan and completed ------------------------------------------------------------------


def test_stretches_following_the_plan_take_its_planned_times() -> None:
    done = stretches(laps_of(walk_run_laps()))
    assert done is not None
    segments, as_planned = segments_done(done, STAGE_1)
    assert as_planned
    assert [(s.kind, s.planned_s, s.done_s) for s in segments] == [
        (p.kind, p.seconds, p.seconds) for p in joined_plan(STAGE_1)
    ]
    assert joined_plan(STAGE_1)[-1] == Segment("walk", 420)


def test_a_lap_pressed_late_counts_as_the_whole_segment() -> None:
    done = [Stretch("walk", 304), Stretch("run", 66), Stretch("walk", 118)]
    segments, as_planned = segments_done(done, STAGE_1)
    assert as_planned
    assert [(s.planned_s, s.done_s) for s in segments] == [(300, 300), (60, 60), (120, 118)]


def test_a_run_stopped_early_follows_the_plan_as_far_as_it_went() -> None:
    done = [Stretch("walk", 300), Stretch("run", 60), Stretch("walk", 120), Stretch("run", 25)]
    segments, as_planned = segments_done(done, STAGE_1)
    assert as_planned and segments[-1].model_dump() == {
        "kind": "run",
        "planned_s": 60,
        "done_s": 25,
    }


def test_other_intervals_plan_what_was_done() -> None:
    # Three-minute runs at stage 1: the runner's own intervals, kept as they were.
    done = [Stretch("walk", 300), Stretch("run", 180), Stretch("walk", 120.4)]
    segments, as_planned = segments_done(done, STAGE_1)
    assert not as_planned
    assert [(s.kind, s.planned_s, s.done_s) for s in segments] == [
        ("walk", 300, 300), ("run", 180, 180), ("walk", 120, 120),
    ]  # fmt: skip
    assert not follows_plan([Stretch("run", 1680)], STAGE_1)
    assert not follows_plan([], STAGE_1)


def test_completed_is_the_planned_total_less_five_percent() -> None:
    total = 28 * 60
    assert completed(total * 0.95, STAGE_1)
    assert completed(total + 600, STAGE_1)
    assert not completed(total * 0.95 - 1, STAGE_1)


# -- reading each format ---------------------------------------------------------------------


def test_a_fit_file_gives_its_start_timer_time_distance_and_laps() -> None:
    laps = [WatchLap(300, 420, "warmup"), WatchLap(60, 150, "active"), WatchLap(120, 170, "rest")]
    activity = activity_from(fit_file(laps, timer_s=479.5))
    assert (activity.kind, activity.started) == ("FIT", START)
    assert (activity.seconds, activity.metres) == (479.5, 740)
    assert activity.laps == (Lap(300, 420, "walk"), Lap(60, 150, "run"), Lap(120, 170, "walk"))
    assert activity.fingerprint.startswith("sha256:") and len(activity.fingerprint) == 71


def test_a_fit_file_without_a_session_takes_its_time_from_the_laps() -> None:
    activity = activity_from(fit_file(walk_run_laps(), with_session=False))
    assert (activity.started, activity.seconds) == (START, 28 * 60)
    assert activity.metres == pytest.approx(2712)  # the records' last distance


def test_a_fit_file_that_is_no_activity_is_refused() -> None:
    with pytest.raises(UnusableFile, match=r"not an activity \(a course file\)"):
        activity_from(fit_file(walk_run_laps(), file_type=6))


def test_a_fit_file_with_a_wrong_checksum_is_refused() -> None:
    data = bytearray(fit_file(walk_run_laps()))
    data[40] ^= 0xFF
    with pytest.raises(UnusableFile, match="checksum does not match"):
        activity_from(bytes(data))


def test_a_fit_file_cut_anywhere_is_refused_never_half_read() -> None:
    data = fit_file(walk_run_laps(repeats=1))
    for length in range(12, len(data)):
        with pytest.raises(UnusableFile):
            activity_from(data[:length])


FIT_RUN = fit_file(walk_run_laps(repeats=2))


def with_checksums(body: bytes) -> bytes:
    """A FIT file around `body`, its header and file checksums right: only the messages can
    be wrong."""
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    data = header + struct.pack("<H", crc16(header)) + body
    return data + struct.pack("<H", crc16(data))


@given(
    st.lists(st.tuples(st.integers(0, len(FIT_RUN) - 17), st.integers(0, 255)), min_size=1),
    st.integers(0, len(FIT_RUN) - 16),
)
def test_damaged_fit_messages_are_read_or_refused_never_a_crash(
    changes: list[tuple[int, int]], length: int
) -> None:
    body = bytearray(FIT_RUN[14:-2])
    for at, value in changes:
        body[at % len(body)] = value
    with contextlib.suppress(UnusableFile):  # anything else fails the test
        activity_from(with_checksums(bytes(body[:length])))


@given(st.binary(max_size=200), st.sampled_from([gpx_text(minutes=3), tcx_text(walk_run_laps(1))]))
def test_damaged_xml_is_read_or_refused_never_a_crash(noise: bytes, text: str) -> None:
    data = text.encode()
    at = len(noise) * 7 % len(data)
    with contextlib.suppress(UnusableFile):
        activity_from(data[:at] + noise + data[at + len(noise) // 2 :])


def test_xml_in_an_encoding_python_does_not_know_is_refused() -> None:
    text = gpx_text().replace('encoding="UTF-8"', 'encoding="UTF-9"')
    with pytest.raises(UnusableFile, match="damaged XML"):
        activity_from(text.encode())


def test_a_track_of_one_moment_has_no_time_moving() -> None:
    points = [(START, 0.0), (START, 0.0)]
    with pytest.raises(UnusableFile, match="a GPX file with no time moving"):
        activity_from(gpx_track(points).encode())


def test_a_gzipped_file_is_the_same_activity_as_the_file() -> None:
    data = fit_file(walk_run_laps())
    assert activity_from(reading.gunzip(gz(data))) == activity_from(data)


def test_a_gpx_track_gives_its_start_moving_time_and_distance_and_no_laps() -> None:
    activity = activity_from(gpx_text(minutes=30).encode())
    assert (activity.kind, activity.started) == ("GPX", START)
    assert activity.seconds == 30 * 60
    assert activity.metres == pytest.approx(3600, rel=0.01)
    assert activity.laps == ()


def test_a_pause_in_a_gpx_track_is_left_out_of_its_time() -> None:
    # Ten minutes moving, ten standing at a crossing (points in one place), ten moving.
    points = [(START + timedelta(minutes=m), 120.0 * min(m, 10) + 120.0 * max(m - 20, 0))
              for m in range(31)]  # fmt: skip
    activity = activity_from(gpx_track(points).encode())
    assert activity.seconds == 20 * 60
    assert activity.metres == pytest.approx(2400, rel=0.01)


def test_gpx_times_with_an_offset_or_no_zone() -> None:
    offset = activity_from(gpx_text(zone="+01:00").encode())
    assert offset.started == START - timedelta(hours=1)
    naive = activity_from(gpx_text(zone="").encode())
    assert naive.started == START  # GPX times are UTC


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
            '<wpt lat="51.5" lon="-0.1"><name>Home</name></wpt></gpx>',
            "a GPX file with no track",
        ),
        (
            '<gpx version="1.1"><trk><trkseg><trkpt lat="51.5" lon="-0.1"/>'
            '<trkpt lat="51.6" lon="-0.1"/></trkseg></trk></gpx>',
            "a GPX track without times",
        ),
        ('<gpx version="1.1"><trk><trkseg><trkpt lat="51.5"', "damaged XML"),
        ("<kml><Document/></kml>", "an XML file, but neither GPX nor TCX"),
    ],
)
def test_unusable_gpx_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(UnusableFile, match=message):
        activity_from(text.encode())


def test_xml_with_entities_is_refused_before_they_expand() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;">]><gpx version="1.1"><trk><name>&c;</name></trk></gpx>'
    )
    with pytest.raises(UnusableFile, match="document type declaration"):
        activity_from(laughs.encode())


def test_a_tcx_activity_gives_its_laps_and_their_marks() -> None:
    laps = [WatchLap(300, 420), WatchLap(60.5, 150, "rest"), WatchLap(120, None)]
    activity = activity_from(tcx_text(laps).encode())
    assert (activity.kind, activity.started, activity.seconds) == ("TCX", START, 480.5)
    assert activity.laps == (Lap(300, 420, "run"), Lap(60.5, 150, "walk"), Lap(120, None, "run"))
    assert activity.metres is None  # a lap without its distance: the total is not known


def test_a_tcx_file_of_several_activities_is_refused() -> None:
    with pytest.raises(UnusableFile, match="with 2 activities: import one at a time"):
        activity_from(tcx_text(walk_run_laps(), activities=2).encode())


def test_a_tcx_file_with_no_activity_is_refused() -> None:
    text = '<TrainingCenterDatabase xmlns="x"><Courses/></TrainingCenterDatabase>'
    with pytest.raises(UnusableFile, match="no activity"):
        activity_from(text.encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"date,distance\n2026-11-20,5.2\n", "not a FIT, GPX or TCX file"),
        (b"\x1f\x8b\x08\x00garbage", "a damaged or truncated gzip file"),
    ],
)
def test_files_of_no_known_kind_are_refused(tmp_path, data: bytes, message: str) -> None:
    path = tmp_path / "activity"
    path.write_bytes(data)
    with pytest.raises(UnusableFile, match=message):
        read_activity(path)


def test_a_gzip_bomb_is_refused_after_the_cap_not_unzipped_whole(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.fit.gz"
    path.write_bytes(gzip.compress(bytes(8 * 1024 * 1024)))
    with pytest.raises(UnusableFile, match="unzips to more than 1 MiB"):
        read_activity(path)


def test_a_file_over_the_cap_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.gpx"
    path.write_bytes(gpx_text(minutes=5).encode() + b" " * 1024 * 1024)
    with pytest.raises(UnusableFile, match="larger than 1 MiB"):
        read_activity(path)


def test_the_start_is_local_wall_clock_time() -> None:
    activity = activity_from(fit_file(walk_run_laps()))
    assert activity.local_start(PARIS_WINTER) == datetime(2026, 11, 20, 8, 15)
    assert activity.local_start(UTC).tzinfo is None


# -- the run, through the journal ------------------------------------------------------------


@pytest.fixture
def journal(profiled_home: Home) -> Journal:
    return Journal.open(profiled_home, fixed_clock)


def fit_activity() -> Activity:
    return activity_from(fit_file(walk_run_laps()))


def test_an_imported_run_is_a_run_like_any_other(journal: Journal) -> None:
    imported = imported_run(
        journal, fit_activity(), BUILT_IN, 1, pain=2, effort="easy", zone=PARIS_WINTER
    )
    run = imported.run
    assert (imported.walk_run, imported.as_planned) == (True, True)
    assert (run.at, run.stage, run.completed, run.seconds_done) == (
        datetime(2026, 11, 20, 8, 15), 1, True, 28 * 60,
    )  # fmt: skip
    assert (run.source, run.pain_during, run.effort) == ("import", 2, "easy")
    assert len(run.segments) == len(joined_plan(STAGE_1))
    assert run.import_id == fit_activity().fingerprint
    journal.log_run(run)
    [(_, stored)] = journal.runs()
    assert stored == run


def test_a_run_from_a_file_without_laps_is_one_segment(journal: Journal) -> None:
    activity = activity_from(gpx_text(minutes=20).encode())
    imported = imported_run(journal, activity, BUILT_IN, 1, zone=UTC)
    assert not imported.walk_run and not imported.run.completed  # 20 of 28 minutes
    assert [s.model_dump() for s in imported.run.segments] == [
        {"kind": "run", "planned_s": 1200, "done_s": 1200}
    ]


def test_a_start_in_the_future_cannot_be_a_run(journal: Journal) -> None:
    activity = activity_from(gpx_text(start=START + timedelta(days=3)).encode())
    with pytest.raises(ValidationError, match="in the future"):
        imported_run(journal, activity, BUILT_IN, 1, zone=UTC)


def test_the_same_file_or_the_same_activity_is_found_among_the_runs(journal: Journal) -> None:
    first = imported_run(journal, fit_activity(), BUILT_IN, 1, zone=UTC).run
    assert earlier_import(journal, first) is None
    journal.log_run(first)
    again = imported_run(journal, fit_activity(), BUILT_IN, 2, zone=UTC).run
    assert earlier_import(journal, again) == "imported already, as run 1 of 2026-11-20 07:15"
    # The same run exported as GPX: another file, the same start.
    gpx = imported_run(journal, activity_from(gpx_text().encode()), BUILT_IN, 1, zone=UTC).run
    assert "the same activity as run 1" in (earlier_import(journal, gpx) or "")
    # Another watch's file from the same device a day later is a new run.
    later = activity_from(fit_file(walk_run_laps(), START + timedelta(hours=25)))
    assert earlier_import(journal, imported_run(journal, later, BUILT_IN, 1, zone=UTC).run) is None


def test_runs_logged_by_hand_that_day_are_named(journal: Journal) -> None:
    by_hand = journal.run_done(BUILT_IN, 1, at=datetime(2026, 11, 20, 12, 0), minutes=None)
    journal.log_run(by_hand)
    run = imported_run(journal, fit_activity(), BUILT_IN, 1, zone=UTC).run
    assert logged_by_hand(journal, run) == [1]


def test_the_import_id_is_only_in_the_documents_of_imported_runs() -> None:
    by_hand = RunSession(
        at=datetime(2026, 11, 20, 12), program="sitbone", stage=1, completed=True, seconds_done=60
    )
    assert "import_id" not in by_hand.model_dump() and "import_id" not in by_hand.model_dump(
        mode="json"
    )
    imported = by_hand.model_copy(update={"import_id": "sha256:" + "0" * 64})
    assert imported.model_dump(mode="json")["import_id"] == "sha256:" + "0" * 64
    with pytest.raises(ValidationError):
        RunSession.model_validate({**by_hand.model_dump(), "import_id": "a file"})
