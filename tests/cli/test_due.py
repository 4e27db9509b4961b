"""`sitbone due`: the list, the one line for a prompt, JSON, and a desktop notification through
a notify-send found on PATH (a stand-in the test writes, recording its arguments); the exit
status a script reads (0 nothing due, 1 something, 2 bad arguments); stored text printed as
text."""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from cli.main import main
from cli.notify import send_notification
from content.loader import load_library
from journal.due import CheckInDue, Due, ExerciseLeft, ExercisesDue, RedFlagDue
from journal.journal import Journal
from store import Home, Store
from store.records import (
    ExerciseSession,
    OutcomeMeasure,
    PainEntry,
    PhaseChange,
    Record,
    RunSession,
)
from tests.conftest import NOW, PHYSIO_PLAN, Clock, Ran, real_cli
from tests.hostile import raw_controls

PHASE_1 = load_library().phase_exercises(1)
NOON = datetime.combine(NOW.date(), time(12, 0))


@pytest.fixture
def due(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """`sitbone --home HOME due ARGS` in-process, at `at` (default: the tests' Saturday 09:30)."""

    def run(home: Home, *args: str, at: datetime = NOW) -> Ran:
        capsys.readouterr()
        code = main(["--home", str(home.root), "due", *args], clock=Clock(at))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def add(home: Home, table: str, *records: Record) -> None:
    store = Store(home, Clock(NOW))
    for record in records:
        store.add(table, record)


def session(exercise: str, sets: int, at: datetime = NOW) -> ExerciseSession:
    return ExerciseSession(at=at, exercise=exercise, phase=1, sets=sets, reps=10)


@pytest.fixture
def measured_home(profiled_home: Home) -> Home:
    """Phase 1, both week-0 outcome measures taken."""
    add(
        profiled_home,
        "outcomes",
        OutcomeMeasure(at=NOW, kind="visa-h", score=60),
        OutcomeMeasure(at=NOW, kind="sitting", sitting_min=30, chair="hard"),
    )
    return profiled_home


@pytest.fixture
def trained_home(measured_home: Home) -> Home:
    """Every exercise of phase 1 done today; no check-in yet."""
    add(measured_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in PHASE_1))
    return measured_home


@pytest.fixture
def quiet_home(trained_home: Home) -> Home:
    """Nothing due: the check-in logged too."""
    add(trained_home, "pain", PainEntry(at=NOW.replace(hour=7), context="morning", rest=1))
    return trained_home


@pytest.fixture
def running_home(measured_home: Home) -> Home:
    """Phase 4 since a month ago: running unlocked."""
    change = PhaseChange(at=NOW - timedelta(days=30), from_phase=3, to_phase=4, reason="gate")
    add(measured_home, "phase_history", change)
    return measured_home


def flags(home: Home, *ids: str) -> None:
    Journal.open(home, Clock(NOW)).raise_flags(list(ids))


# -- the exit status and the one line ----------------------------------------------------------


def test_nothing_due_exits_0(due: Callable[..., Ran], quiet_home: Home) -> None:
    assert due(quiet_home, "--short") == Ran(0, "sitbone: nothing due\n", "")
    ran = due(quiet_home)
    assert ran.returncode == 0
    assert ran.stdout == (
        "Nothing is due today (Sat 21 Nov 09:30).\n"
        f"- Exercises: all {len(PHASE_1)} of phase 1 done today.\n"
    )


def test_a_first_day_has_the_check_in_the_exercises_and_the_outcome_measures_due(
    due: Callable[..., Ran], profiled_home: Home
) -> None:
    ran = due(profiled_home, "--short")
    assert ran == Ran(1, "sitbone: check-in, 8 exercises, outcome\n", "")


@pytest.mark.parametrize(
    ("raised", "line"),
    [
        # Urgent: running is refused, so no run is suggested.
        (("avulsion",), "sitbone: red flag, check-in, 8 exercises"),
        # See a clinician: shown first, running goes on.
        (("nerve",), "sitbone: red flag, check-in, 8 exercises, run"),
        (("avulsion", "nerve"), "sitbone: 2 red flags, check-in, 8 exercises"),
    ],
)
def test_the_short_line_names_each_kind_in_order(
    due: Callable[..., Ran], running_home: Home, raised: tuple[str, ...], line: str
) -> None:
    flags(running_home, *raised)
    assert due(running_home, "--short") == Ran(1, line + "\n", "")


def test_one_exercise_and_a_run_due_today(due: Callable[..., Ran], running_home: Home) -> None:
    phase_4 = load_library().phase_exercises(4)
    add(running_home, "pain", PainEntry(at=NOW.replace(hour=7), context="morning", rest=1))
    add(running_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in phase_4[1:]))
    assert due(running_home, "--short").stdout == "sitbone: 1 exercise, run\n"


def test_without_a_profile_nothing_is_due(due: Callable[..., Ran], home: Home) -> None:
    assert due(home, "--short") == Ran(0, "sitbone: no profile\n", "")
    assert due(home).stdout == "No profile yet, so nothing is due. Run `sitbone` to set up.\n"
    assert not home.root.exists(), "asking writes nothing"


@pytest.mark.parametrize(
    ("args", "names"),
    [(["--json", "--short"], "--short"), (["--soon"], "--soon"), (["now"], "now")],
)
def test_bad_arguments_exit_2_with_one_line(
    due: Callable[..., Ran], tmp_path: Path, args: list[str], names: str
) -> None:
    home = Home(tmp_path / "h")
    ran = due(home, *args)
    assert ran.returncode == 2 and ran.stdout == ""
    assert ran.stderr.startswith("sitbone: ") and ran.stderr.count("\n") == 1
    assert names in ran.stderr
    assert not home.root.exists(), "nothing may be written on bad input"


# -- the list ----------------------------------------------------------------------------------


def test_the_list_says_what_is_due_and_how(due: Callable[..., Ran], measured_home: Home) -> None:
    left = [e for e in PHASE_1 if e.id != "isometric-bridge-hold"]
    add(measured_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in left))
    add(measured_home, "exercise_sessions", session("isometric-bridge-hold", 2))
    ran = due(measured_home)
    assert ran.returncode == 1
    assert ran.stdout == (
        "Due today (Sat 21 Nov 09:30):\n"
        "- Morning check-in, before 11:00: sitbone log pain --rest N --load-test N\n"
        "- 1 exercise with sets left (phase 1): Isometric bridge hold 2/5.\n"
        "  sitbone log session ID --sets N (ids: sitbone exercises)\n"
    )


def test_after_eleven_the_check_in_is_missed_and_not_due(
    due: Callable[..., Ran], trained_home: Home
) -> None:
    ran = due(trained_home, at=NOON)
    assert ran.returncode == 0
    assert ran.stdout == (
        "Nothing is due today (Sat 21 Nov 12:00).\n"
        "- Morning check-in: missed today. It says how the tendon woke, so it is taken on\n"
        "  waking; log tomorrow's before 11:00.\n"
        f"- Exercises: all {len(PHASE_1)} of phase 1 done today.\n"
    )
    assert due(trained_home, "--short", at=NOON).stdout == "sitbone: nothing due\n"
    assert due(trained_home, "--short").stdout == "sitbone: check-in\n"


def test_a_rest_day_is_said_instead_of_the_strength_work(
    due: Callable[..., Ran], measured_home: Home
) -> None:
    add(measured_home, "pain", PainEntry(at=NOW.replace(hour=7), context="morning", rest=1))
    add(measured_home, "exercise_sessions", session("clamshell", 2, at=NOW - timedelta(days=1)))
    daily = [e for e in PHASE_1 if e.daily_ok]
    add(measured_home, "exercise_sessions", *(session(e.id, e.dosage.sets) for e in daily))
    ran = due(measured_home)
    assert ran.returncode == 0
    assert ran.stdout == (
        "Nothing is due today (Sat 21 Nov 09:30).\n"
        "- Rest day suggested: you did strength work yesterday, and the tendon adapts on\n"
        "  the days between. Isometrics are fine; you can still train if you choose.\n"
        "  Waiting for a training day: Prone bent-knee hip extension 0/2, Clamshell 0/2.\n"
    )


def test_a_run_from_a_later_day_is_not_due(due: Callable[..., Ran], running_home: Home) -> None:
    run = RunSession(
        at=NOW - timedelta(hours=1), program="sitbone", stage=1, completed=True,
        seconds_done=1800, pain_during=1, source="manual",
    )  # fmt: skip
    add(running_home, "runs", run)
    ran = due(running_home)
    later = ran.stdout.split("Not due now:\n")[1]
    assert later.startswith("- Next run, from Tue 24 Nov: stage 1 of sitbone walk/run")
    assert "run" not in due(running_home, "--short").stdout.removeprefix("sitbone: ")


def test_a_run_due_today_says_from_today(due: Callable[..., Ran], running_home: Home) -> None:
    ran = due(running_home)
    assert "- Run, from today: stage 1 of sitbone walk/run, 13 stages." in ran.stdout


def test_a_red_flag_comes_first_with_what_to_do(
    due: Callable[..., Ran], running_home: Home
) -> None:
    flags(running_home, "avulsion")
    lines = due(running_home).stdout.splitlines()
    assert lines[:5] == [
        "Due today (Sat 21 Nov 09:30):",
        "- RED FLAG (urgent): A sudden pop or sharp pain with the hip bent and the knee",
        "  straight. See a doctor within days; a torn tendon does best when repaired",
        "  within about six weeks.",
        "  Running and phase advances stop until a clinician has seen you.",
    ]
    assert lines[5] == "  Once a clinician has seen you: sitbone profile --cleared REASON"
    assert not any(line.startswith(("- Run", "- Next run")) for line in lines)


def test_the_outcome_measures_due_name_their_commands(
    due: Callable[..., Ran], profiled_home: Home
) -> None:
    lines = due(profiled_home).stdout.splitlines()
    at = lines.index("- Outcome measures, week 0 (until Fri 18 Dec): VISA-H and sitting test.")
    assert lines[at + 1] == (
        "  sitbone outcome visa-h SCORE; sitbone outcome sitting MINUTES --chair C"
    )


def test_every_line_fits_80_columns(due: Callable[..., Ran], demo_home: Home) -> None:
    flags(demo_home, "cauda-equina", "avulsion", "nerve")
    for at in (NOW, NOON):
        ran = due(demo_home, at=at)
        assert ran.returncode == 1
        assert max(len(line) for line in ran.stdout.splitlines()) <= 80, ran.stdout
    assert len(due(demo_home, "--short").stdout.rstrip("\n")) <= 40


# -- JSON --------------------------------------------------------------------------------------


def test_json_gives_the_same_data_by_name(due: Callable[..., Ran], running_home: Home) -> None:
    flags(running_home, "nerve")
    ran = due(running_home, "--json")
    assert ran.returncode == 1
    document = json.loads(ran.stdout)
    assert document["short"] == "sitbone: red flag, check-in, 8 exercises, run"
    assert (document["at"], document["profile"], document["due"]) == (
        "2026-11-21T09:30:00", True, True
    )  # fmt: skip
    assert [flag["id"] for flag in document["red_flags"]] == ["nerve"]
    assert set(document["red_flags"][0]) == {"id", "title", "urgency", "action", "blocks"}
    assert document["check_in"] == {"due": True, "until": "11:00", "missed": False}
    assert document["exercises"]["due"] is True and len(document["exercises"]["left"]) == 8
    assert document["run"] == {
        "due": True, "program": "sitbone", "program_name": "sitbone walk/run, 13 stages",
        "stage": 1, "not_before": "2026-11-21", "reason": document["run"]["reason"],
    }  # fmt: skip
    assert document["outcome"] is None


def test_json_with_nothing_due(due: Callable[..., Ran], quiet_home: Home) -> None:
    ran = due(quiet_home, "--json")
    assert ran.returncode == 0
    document = json.loads(ran.stdout)
    assert document["due"] is False and document["short"] == "sitbone: nothing due"
    assert document["exercises"]["due"] is False and document["exercises"]["left"] == []


# -- notifications -----------------------------------------------------------------------------


def fake_notify_send(tmp_path: Path, status: int = 0, run: str = "") -> Path:
    """A notify-send on PATH that records its arguments (NUL after each) and exits `status`."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    record = tmp_path / "notify-send.args"
    script = folder / "notify-send"
    script.write_text(
        f"#!/bin/sh\nprintf '%s\\0' \"$@\" > {shlex.quote(str(record))}\n{run}exit {status}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return record


def sent(record: Path) -> list[str]:
    return record.read_text(encoding="utf-8").split("\0")[:-1]


@pytest.fixture
def bin_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only an empty folder the test may put a notify-send into."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_notify_sends_the_list_and_prints_nothing(
    due: Callable[..., Ran], running_home: Home, tmp_path: Path, bin_path: Path
) -> None:
    record = fake_notify_send(tmp_path)
    ran = due(running_home, "--notify")
    assert ran == Ran(1, "", "")
    arguments = sent(record)
    assert arguments[:4] == ["--app-name=sitbone", "--urgency=normal", "--", (
        "sitbone: check-in, 8 exercises, run"
    )]  # fmt: skip
    body = arguments[4].splitlines()
    assert body[0] == "- Morning check-in, before 11:00: sitbone log pain --rest N --load-test N"
    assert body[1].startswith("- 8 exercises with sets left (phase 4): ")
    assert any(line.startswith("- Run, from today: stage 1 of ") for line in body)
    assert "Not due now" not in arguments[4] and len(arguments) == 5


def test_an_open_red_flag_is_a_critical_notification(
    due: Callable[..., Ran], running_home: Home, tmp_path: Path, bin_path: Path
) -> None:
    record = fake_notify_send(tmp_path)
    flags(running_home, "avulsion")
    assert due(running_home, "--notify").returncode == 1
    arguments = sent(record)
    assert arguments[1] == "--urgency=critical"
    assert arguments[4].startswith("- RED FLAG (urgent): A sudden pop")


def test_without_notify_send_the_list_is_printed(
    due: Callable[..., Ran], running_home: Home, bin_path: Path
) -> None:
    ran = due(running_home, "--notify")
    assert ran.returncode == 1 and ran.stderr == ""
    assert ran.stdout == due(running_home).stdout
    assert due(running_home, "--notify", "--short").stdout == (
        "sitbone: check-in, 8 exercises, run\n"
    )


def test_a_failed_notification_falls_back_to_printing(
    due: Callable[..., Ran], running_home: Home, tmp_path: Path, bin_path: Path
) -> None:
    record = fake_notify_send(tmp_path, status=1)
    ran = due(running_home, "--notify")
    assert ran.returncode == 1 and ran.stderr == ""
    assert ran.stdout.startswith("Due today (Sat 21 Nov 09:30):\n")
    assert record.exists(), "it was tried"


def test_nothing_due_sends_nothing(
    due: Callable[..., Ran], quiet_home: Home, tmp_path: Path, bin_path: Path
) -> None:
    record = fake_notify_send(tmp_path)
    ran = due(quiet_home, "--notify")
    assert ran.returncode == 0 and ran.stdout.startswith("Nothing is due today")
    assert not record.exists()


def test_a_hanging_notify_send_is_given_up_on(tmp_path: Path, bin_path: Path) -> None:
    # exec: the process killed at the timeout is the one holding the output pipes.
    fake_notify_send(tmp_path, run="exec sleep 60\n")
    assert send_notification("sitbone: run", "- Run", timeout_s=0.05) is False


def test_an_unrunnable_notify_send_is_not_sent(tmp_path: Path, bin_path: Path) -> None:
    (bin_path / "notify-send").write_text("not a program", encoding="utf-8")
    (bin_path / "notify-send").chmod(0o755)
    assert send_notification("sitbone: run", "- Run") is False


# -- stored text is text -----------------------------------------------------------------------

HOSTILE = "\x1b]2;owned\x07[b]bold[/b] <i>x</i> & [@click=app.quit]q[/]"


def hostile_due(self: Journal) -> Due:
    """What content or older data could hold, past the checks at the way in."""
    flag = RedFlagDue("odd", f"Title {HOSTILE}", "urgent", f"Act {HOSTILE}", blocks=True)
    left = ExerciseLeft("odd", f"Name \x9b31m{HOSTILE}", 0, 2)
    return Due(
        NOW,
        profile=True,
        items=(flag, CheckInDue(time(11, 0), missed=False), ExercisesDue(1, 1, (left,))),
    )


def test_hostile_text_is_printed_as_text(
    due: Callable[..., Ran], profiled_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Journal, "due", hostile_due)
    ran = due(profiled_home)
    assert raw_controls(ran.stdout) == []
    words = " ".join(ran.stdout.split())
    assert "\u241b]2;owned\u2407[b]bold[/b] <i>x</i> & [@click=app.quit]q[/]" in words
    assert "Name <U+009B>31m" in words
    document = json.loads(due(profiled_home, "--json").stdout)
    assert document["red_flags"][0]["title"] == f"Title {HOSTILE}"  # exact, escaped on the way
    assert raw_controls(due(profiled_home, "--json").stdout) == []


def test_hostile_text_is_sent_as_text(
    due: Callable[..., Ran],
    profiled_home: Home,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    bin_path: Path,
) -> None:
    monkeypatch.setattr(Journal, "due", hostile_due)
    record = fake_notify_send(tmp_path)
    assert due(profiled_home, "--notify") == Ran(1, "", "")
    body = sent(record)[4]
    assert raw_controls(body) == []
    # Markup a notification server would read is escaped; brackets are just text.
    words = " ".join(body.split())
    assert "\u241b]2;owned\u2407[b]bold[/b] &lt;i&gt;x&lt;/i&gt; &amp; [@click=app.quit]" in words


def test_a_program_name_with_brackets_is_printed_as_it_is(
    due: Callable[..., Ran], running_home: Home
) -> None:
    running_home.programs_dir.mkdir(parents=True)
    plan = PHYSIO_PLAN.replace("My physio's plan", "'[b]My[/b] plan <i>'")
    (running_home.programs_dir / "physio-plan.yaml").write_text(plan, encoding="utf-8")
    add(
        running_home,
        "runs",
        RunSession(
            at=NOW - timedelta(days=3), program="physio-plan", stage=1, completed=True,
            seconds_done=1800, pain_during=1, source="manual",
        ),
    )  # fmt: skip
    assert "stage 1 of [b]My[/b] plan <i>." in due(running_home).stdout


# -- documented where a script reads it --------------------------------------------------------


def test_help_documents_the_exit_status() -> None:
    ran = real_cli("due", "--help", env={"PATH": os.environ.get("PATH", "")})
    assert ran.returncode == 0
    text = " ".join(ran.stdout.split())
    assert "Exit status: 0 when nothing is due, 1 when something is" in text
    assert "2 for bad arguments" in text
    assert "--short" in text and "--notify" in text and "--json" in text


def test_the_next_day_asks_again(due: Callable[..., Ran], quiet_home: Home) -> None:
    sunday = NOW + timedelta(days=1)
    # Saturday's strength work makes Sunday a rest day: the 6 daily-safe exercises are due.
    assert due(quiet_home, "--short", at=sunday).stdout == "sitbone: check-in, 6 exercises\n"
