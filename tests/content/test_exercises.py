"""The exercise library covers the program the clinical brief describes, and the phases agree."""

from __future__ import annotations

import pytest

from content.loader import load_library

LIBRARY = load_library()
BY_ID = {exercise.id: exercise for exercise in LIBRARY.exercises}

# Every exercise the brief asks for, by the id chosen for it in content/exercises.yaml.
REQUIRED_IDS = {
    "isometric-bridge-hold",
    "isometric-knee-flexion-hold",
    "prone-glute-squeeze",
    "prone-bent-knee-hip-extension",
    "clamshell",
    "plank",
    "kneeling-hip-flexor-stretch-iliopsoas",
    "kneeling-hip-flexor-stretch-rectus-femoris",
    "glute-bridge",
    "single-leg-bridge",
    "band-knee-flexion",
    "machine-leg-curl",
    "ball-leg-curl",
    "band-hip-extension",
    "squat",
    "step-up",
    "romanian-deadlift",
    "single-leg-romanian-deadlift",
    "bulgarian-split-squat",
    "lunge",
    "good-morning",
    "deadlift",
    "nordic-hamstring-curl-assisted",
    "nordic-hamstring-curl-full",
    "kettlebell-swing",
    "skips-and-bounds",
    "foam-roller-hamstring-release",
    "bent-knee-hamstring-stretch",
}

# The phase-1 isometric holds, which may be done every day.
PHASE_1_ISOMETRICS = {
    "isometric-bridge-hold",
    "isometric-knee-flexion-hold",
    "prone-glute-squeeze",
}

STRETCH = "bent-knee-hamstring-stretch"


def listed_in() -> dict[str, set[int]]:
    """Exercise id -> the phases whose checklist names it."""
    listed: dict[str, set[int]] = {}
    for phase in LIBRARY.phases:
        for exercise_id in phase.exercises:
            listed.setdefault(exercise_id, set()).add(phase.number)
    return listed


def test_every_required_exercise_is_in_the_library() -> None:
    assert set(BY_ID) >= REQUIRED_IDS, sorted(REQUIRED_IDS - set(BY_ID))


def test_bent_knee_hamstring_stretch_stays_out_of_phases_1_and_2() -> None:
    stretch = BY_ID[STRETCH]
    assert not {1, 2} & set(stretch.phases)
    for number in (1, 2):
        assert STRETCH not in LIBRARY.phase(number).exercises
    caution = stretch.caution.lower()
    assert "compress" in caution or "presses" in caution
    assert "disagree" in caution


@pytest.mark.parametrize("number", [1, 2, 3])
def test_phases_1_to_3_have_at_least_four_exercises(number: int) -> None:
    assert len(LIBRARY.phase_exercises(number)) >= 4


def test_phase_4_continues_strength_and_adds_springy_work() -> None:
    phase_4 = set(LIBRARY.phase(4).exercises)
    assert {"kettlebell-swing", "skips-and-bounds"} <= phase_4
    assert phase_4 & {"romanian-deadlift", "single-leg-bridge", "nordic-hamstring-curl-full"}


@pytest.mark.parametrize("exercise", LIBRARY.exercises, ids=lambda exercise: exercise.id)
def test_every_exercise_is_planned_or_says_why_not(exercise) -> None:
    if exercise.id not in listed_in():
        assert exercise.caution.strip(), f"{exercise.id} is in no phase and gives no reason"


@pytest.mark.parametrize("exercise", LIBRARY.exercises, ids=lambda exercise: exercise.id)
def test_an_exercises_phases_are_exactly_the_phases_that_list_it(exercise) -> None:
    assert set(exercise.phases) == listed_in().get(exercise.id, set())


def test_no_phase_lists_an_exercise_twice() -> None:
    for phase in LIBRARY.phases:
        assert len(phase.exercises) == len(set(phase.exercises)), phase.number


@pytest.mark.parametrize("exercise_id", sorted(PHASE_1_ISOMETRICS))
def test_phase_1_isometrics_may_be_daily(exercise_id: str) -> None:
    exercise = BY_ID[exercise_id]
    assert 1 in exercise.phases
    assert exercise.daily_ok
    assert exercise.days_per_week == 7
    assert exercise.dosage.hold_s is not None or "hold" in exercise.dosage.tempo.lower()


def test_strength_work_leaves_a_rest_day_between() -> None:
    for exercise in LIBRARY.exercises:
        if not exercise.daily_ok:
            assert exercise.days_per_week <= 4, exercise.id


@pytest.mark.parametrize("exercise", LIBRARY.exercises, ids=lambda exercise: exercise.id)
def test_each_entry_is_short_and_cites_a_source(exercise) -> None:
    assert 3 <= len(exercise.how_to) <= 6
    assert 2 <= len(exercise.cues) <= 4
    assert 1 <= len(exercise.avoid) <= 3
    assert exercise.sources


def test_brief_dosages() -> None:
    bridge_hold = BY_ID["isometric-bridge-hold"].dosage
    assert 4 <= bridge_hold.sets <= 5 and 30 <= (bridge_hold.hold_s or 0) <= 45
    assert "70%" in bridge_hold.load
    assert 10 <= (BY_ID["glute-bridge"].dosage.reps or 0) <= 15
    band = BY_ID["band-knee-flexion"].dosage
    assert band.sets == 2 and 12 <= (band.reps or 0) <= 15
    ball = BY_ID["ball-leg-curl"].dosage
    assert 3 <= ball.sets <= 4 and 8 <= (ball.reps or 0) <= 10
    split = BY_ID["bulgarian-split-squat"].dosage
    assert split.per_side and 10 <= (split.reps or 0) <= 12 and split.rest_s == 15
    curl = BY_ID["machine-leg-curl"].dosage
    assert "3 s up, 3 s down" in curl.tempo and "15RM" in curl.load and "8RM" in curl.load
    for variant in ("iliopsoas", "rectus-femoris"):
        stretch = BY_ID[f"kneeling-hip-flexor-stretch-{variant}"].dosage
        assert (stretch.sets, stretch.hold_s) == (3, 30)
