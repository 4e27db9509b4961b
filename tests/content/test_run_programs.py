"""Run programs: the built-in one matches the plan, custom ones load, bad files are named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content.programs import (
    ProgramError,
    RunProgram,
    clock_text,
    load_catalog,
    load_default_program,
    load_program_file,
)
from rules.run import StagePlan
from rules.timer import Segment
from tests.conftest import PHYSIO_PLAN

BUILT_IN = load_default_program()

CUSTOM = PHYSIO_PLAN


def minimal(**changes: object) -> dict[str, object]:
    """A valid program as data, with top-level fields replaced."""
    data: dict[str, object] = {
        "id": "mine",
        "name": "Mine",
        "stages": [
            {
                "stage": 1,
                "segments": [{"kind": "walk", "seconds": 60}, {"kind": "run", "minutes": 1}],
            }
        ],
    }
    return {**data, **changes}


def with_segments(*segments: object) -> dict[str, object]:
    return minimal(stages=[{"stage": 1, "segments": list(segments)}])


def write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def problem(path: Path) -> ProgramError:
    with pytest.raises(ProgramError) as caught:
        load_program_file(path)
    return caught.value


# -- the built-in program ---------------------------------------------------------------

WARM = Segment("walk", 300)
# (run minutes, walk minutes, blocks, rest days after) for the interval stages, then the
# continuous ones (run minutes).
INTERVALS = {
    1: (1, 2, 6, 2),
    2: (1, 2, 8, 2),
    3: (2, 2, 4, 2),
    4: (2, 2, 6, 2),
    5: (3, 2, 4, 2),
    6: (3, 2, 4, 1),
    7: (3, 2, 5, 1),
    8: (5, 2, 3, 1),
    9: (5, 2, 4, 1),
    10: (10, 2, 2, 1),
}
CONTINUOUS = {11: 20, 12: 25, 13: 30}
STAGES = len(INTERVALS) + len(CONTINUOUS)


def expected_plan(stage: int) -> tuple[Segment, ...]:
    if stage in CONTINUOUS:
        middle = [Segment("run", CONTINUOUS[stage] * 60)]
    else:
        run, walk, blocks, _ = INTERVALS[stage]
        middle = [Segment("run", run * 60), Segment("walk", walk * 60)] * blocks
    return (WARM, *middle, WARM)


def test_the_built_in_program_has_thirteen_stages() -> None:
    assert BUILT_IN.id == "sitbone"
    assert [stage.stage for stage in BUILT_IN.stages] == list(range(1, STAGES + 1))
    assert BUILT_IN.passes_to_advance == 2


@pytest.mark.parametrize("number", range(1, STAGES + 1))
def test_each_built_in_stage_matches_the_plan(number: int) -> None:
    stage = BUILT_IN.stage(number)
    assert stage.plan() == expected_plan(number)
    assert stage.rest_days == (INTERVALS[number][3] if number in INTERVALS else 1)
    assert stage.total_s() == sum(segment.seconds for segment in expected_plan(number))


def _load(number: int) -> tuple[int, int, int]:
    """(total running seconds, the longest run, rest days after) of a built-in stage."""
    stage = BUILT_IN.stage(number)
    runs = [segment.seconds for segment in stage.plan() if segment.kind == "run"]
    return sum(runs), max(runs), stage.rest_days


@pytest.mark.parametrize("number", range(2, STAGES + 1))
def test_one_thing_changes_at_a_time_between_stages(number: int) -> None:
    """Total running time, or the length of each run with the total kept, or the rest days:
    so the next morning's response can be read against one change."""
    before, now = _load(number - 1), _load(number)
    changed = [
        name for name, a, b in zip(("total", "bout", "rest"), before, now, strict=True) if a != b
    ]
    assert changed in (["total"], ["bout"], ["rest"], ["total", "bout"]), changed
    if changed == ["total", "bout"]:
        # Continuous running whose one run is the whole total: only the time grows.
        assert now[0] == now[1] and before[0] == before[1]
    assert now[0] >= before[0], "a stage never runs less than the one before"


def test_a_25_minute_stage_sits_between_20_and_30() -> None:
    totals = [_load(number)[0] // 60 for number in range(1, STAGES + 1)]
    assert totals[-3:] == [20, 25, 30]


def test_every_stage_says_how_to_run() -> None:
    assert BUILT_IN.every_stage == "Flat ground, a soft surface if you have one, short quick steps."
    assert BUILT_IN.hold_after_phase_change_days == 7


def test_the_built_in_program_names_its_sources() -> None:
    assert len(BUILT_IN.sources) >= 3
    assert any("Silbernagel" in source for source in BUILT_IN.sources)
    assert any("trial protocol" in source for source in BUILT_IN.sources)
    assert BUILT_IN.after and BUILT_IN.effort.startswith("easy")


def test_stage_descriptions_and_lengths() -> None:
    assert BUILT_IN.stage(1).describe() == "walk 5:00 · 6 x (run 1:00 / walk 2:00) · walk 5:00"
    assert BUILT_IN.stage(STAGES).describe() == "walk 5:00 · run 30:00 · walk 5:00"
    assert BUILT_IN.stage(1).total_s() == 28 * 60
    assert BUILT_IN.stage(STAGES).total_s() == 40 * 60


def test_stage_numbers_outside_the_program_give_its_first_or_last_stage() -> None:
    assert BUILT_IN.stage(0).stage == 1
    assert BUILT_IN.stage(99).stage == STAGES


def test_stage_plans_carry_the_rest_days() -> None:
    assert BUILT_IN.stage_plans()[4:7] == [StagePlan(5, 2), StagePlan(6, 1), StagePlan(7, 1)]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600, "1:00:00"), (3725, "1:02:05")],
)
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


# -- custom programs --------------------------------------------------------------------


def test_the_custom_example_loads(tmp_path: Path) -> None:
    program = load_program_file(write(tmp_path, "physio.yaml", CUSTOM))
    assert (program.id, program.name, len(program.stages)) == ("physio-plan", "My physio's plan", 1)
    assert program.stages[0].plan() == expected_plan(1)
    assert program.stages[0].rest_days == 2
    assert program.passes_to_advance == 2  # the default


def test_minutes_may_be_fractions_that_come_to_whole_seconds(tmp_path: Path) -> None:
    data = with_segments({"kind": "run", "minutes": 1.5}, {"kind": "walk", "minutes": 0.25})
    program = load_program_file(write(tmp_path, "a.yaml", data))
    assert program.stages[0].plan() == (Segment("run", 90), Segment("walk", 15))


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (minimal(colour="red"), "colour", "is not a field sitbone knows"),
        (
            minimal(stages=[{"stage": 1, "rest": 2, "segments": [{"kind": "run", "seconds": 5}]}]),
            "stages[0].rest",
            "is not a field sitbone knows",
        ),
        (
            with_segments({"kind": "run", "seconds": 60, "speed": 3}),
            "stages[0].segments[0].speed",
            "is not a field",
        ),
        (
            with_segments(
                {"kind": "walk", "seconds": 60}, {"kind": "run", "seconds": 60, "minutes": 1}
            ),
            "stages[0].segments[1]",
            "give seconds or minutes, one of them",
        ),
        (
            with_segments({"kind": "walk", "seconds": 60}, {"kind": "run"}),
            "stages[0].segments[1]",
            "give seconds or minutes, one of them",
        ),
        (
            with_segments({"kind": "run", "minutes": 0.01}),
            "stages[0].segments[0]",
            "whole seconds",
        ),
        (
            with_segments({"kind": "jog", "seconds": 60}),
            "stages[0].segments[0].kind",
            "'walk' or 'run'",
        ),
        (
            with_segments({"kind": "run", "seconds": 0}),
            "stages[0].segments[0].seconds",
            "greater than",
        ),
        (
            with_segments({"kind": "walk", "seconds": 60}),
            "stages[0]",
            "a stage needs at least one run segment",
        ),
        (
            with_segments(
                {"kind": "walk", "seconds": 60},
                {"repeat": 0, "segments": [{"kind": "run", "seconds": 60}]},
            ),
            "stages[0].segments[1].repeat",
            "greater than or equal to 1",
        ),
        (
            with_segments(
                {
                    "repeat": 2,
                    "segments": [{"repeat": 2, "segments": [{"kind": "run", "seconds": 5}]}],
                }
            ),
            "stages[0].segments[0].segments[0]",
            "a repeat block cannot hold another repeat block",
        ),
        (
            with_segments(
                {"repeat": 2, "kind": "run", "segments": [{"kind": "run", "seconds": 5}]}
            ),
            "stages[0].segments[0].kind",
            "is not a field",
        ),
        (with_segments(5), "stages[0].segments[0]", ""),
        (with_segments({"kind": "run", "seconds": 5 * 3600}), "stages[0].segments[0].seconds", ""),
        (
            with_segments({"repeat": 50, "segments": [{"kind": "run", "seconds": 600}]}),
            "stages[0]",
            "at most 4 hours",
        ),
        (
            minimal(
                stages=[
                    {"stage": 1, "segments": [{"kind": "run", "seconds": 5}]},
                    {"stage": 3, "segments": [{"kind": "run", "seconds": 5}]},
                ]
            ),
            "stages",
            "stages must be numbered 1, 2, 3 ... in order (found [1, 3])",
        ),
        (
            minimal(stages=[{"stage": 2, "segments": [{"kind": "run", "seconds": 5}]}]),
            "stages",
            "numbered 1, 2, 3",
        ),
        (minimal(stages=[]), "stages", ""),
        ({"id": "mine", "name": "Mine"}, "stages", "Field required"),
        (minimal(id="My Plan"), "id", "should match pattern"),
        (minimal(name="  "), "name", ""),
        (minimal(passes_to_advance=0), "passes_to_advance", ""),
        (
            minimal(
                stages=[{"stage": 1, "rest_days": -1, "segments": [{"kind": "run", "seconds": 5}]}]
            ),
            "stages[0].rest_days",
            "",
        ),
    ],
)
def test_a_bad_file_names_the_file_and_the_field(
    tmp_path: Path, data: dict[str, object], field: str, words: str
) -> None:
    path = write(tmp_path, "bad.yaml", data)
    error = problem(path)
    assert error.path == path and error.field == field
    assert words in error.problem
    assert str(error).startswith(f"{path}: {field}: ")


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("id: a\nname: [A\n", "line 3", "not valid YAML"),
        ("- a\n- b\n", "file", "must be a mapping"),
        ("", "file", "must be a mapping"),
        ("just words\n", "file", "must be a mapping"),
    ],
    ids=["not-yaml", "a-list", "empty", "a-string"],
)
def test_a_file_that_is_not_a_program(tmp_path: Path, text: str, field: str, words: str) -> None:
    error = problem(write(tmp_path, "bad.yaml", text))
    assert (error.field, words in error.problem) == (field, True)


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    assert problem(path).field == "file"
    assert "cannot be read" in problem(tmp_path / "missing.yaml").problem


# -- the catalog ------------------------------------------------------------------------


def test_without_a_folder_only_the_built_in_program(tmp_path: Path) -> None:
    for folder in (None, tmp_path / "absent"):
        catalog = load_catalog(folder)
        assert [p.id for p in catalog.programs] == ["sitbone"] and catalog.problems == ()
        assert catalog.default.id == "sitbone"


def test_the_catalog_keeps_good_files_and_lists_the_bad(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    write(folder, "a-physio.yaml", CUSTOM)
    write(folder, "b-short.yml", minimal(id="short", name="Short"))
    bad = write(folder, "c-bad.yaml", with_segments({"kind": "run", "seconds": 60, "pace": 5}))
    write(folder, "d-notes.txt", "not a program")
    catalog = load_catalog(folder)
    assert [p.id for p in catalog.programs] == ["sitbone", "physio-plan", "short"]
    assert catalog.problems == (
        f"{bad}: stages[0].segments[0].pace: is not a field sitbone knows (check the spelling)",
    )
    found = catalog.get("short")
    assert isinstance(found, RunProgram) and found.name == "Short"
    assert catalog.get("nope") is None


def test_a_duplicate_id_refuses_the_second_file_and_keeps_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    write(folder, "1.yaml", minimal(name="First"))
    second = write(folder, "2.yaml", minimal(name="Second"))
    catalog = load_catalog(folder)
    mine = catalog.get("mine")
    assert mine is not None and mine.name == "First"
    assert len(catalog.programs) == 2
    assert catalog.problems == (f"{second}: id: 'mine' is already used by 'First'",)


def test_a_custom_program_cannot_take_the_built_in_id(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    clash = write(folder, "mine.yaml", minimal(id="sitbone", name="Impostor"))
    catalog = load_catalog(folder)
    assert catalog.default == BUILT_IN and len(catalog.programs) == 1
    [message] = catalog.problems
    assert message.startswith(f"{clash}: id: 'sitbone' is already used by")


def test_a_bad_built_in_program_raises(tmp_path: Path) -> None:
    write(tmp_path, "run_program.yaml", minimal(stages=[]))
    with pytest.raises(ProgramError):
        load_catalog(None, root=tmp_path)
