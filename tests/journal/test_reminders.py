"""The reminder's unit files and crontab lines as text, where they go, and writing and removing
only sitbone's own units."""

from __future__ import annotations

import os
import shlex
from datetime import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.reminder_files import NotOurs, read_installed, remove_units, write_units
from journal.reminders import (
    MARKER,
    ReminderFiles,
    cron_lines,
    due_command,
    exec_line,
    is_cron_reminder,
    reminder_time,
    reminder_times,
    service_command,
    service_text,
    systemd_word,
    timer_text,
    timer_times,
)

PYTHON = ("/usr/bin/python3", "-P", "-m", "tui")


@pytest.mark.parametrize(("text", "at"), [("00:00", time(0, 0)), ("07:05", time(7, 5)),
                                          ("23:59", time(23, 59))])  # fmt: skip
def test_times_of_day_as_hh_mm(text: str, at: time) -> None:
    assert reminder_time(text) == at


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "24:00",
        "7",
        "07:5",
        "7:00",
        "07:60",
        "0700",
        " 07:00",
        "07:00:00",
        "\u0660\u0667:\u0660\u0660",
    ],
)
def test_other_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        reminder_time(text)


def test_times_are_folded_and_ordered() -> None:
    assert reminder_times([time(19), time(7), time(19)]) == (time(7), time(19))


def test_one_to_six_times() -> None:
    assert len(reminder_times([time(hour) for hour in range(6)])) == 6
    with pytest.raises(ValueError, match="at most 6"):
        reminder_times([time(hour) for hour in range(7)])
    with pytest.raises(ValueError, match="at least one"):
        reminder_times([])


def test_the_timer_runs_at_each_time_and_catches_up() -> None:
    assert timer_text([time(7, 0), time(19, 30)]) == (
        f"{MARKER}\n"
        "[Unit]\n"
        "Description=sitbone: say what is due in your rehab today\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*-*-* 07:00:00\n"
        "OnCalendar=*-*-* 19:30:00\n"
        "# A time missed while the computer slept or was off runs when it is back.\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def test_the_service_runs_sitbone_due_once() -> None:
    command = due_command(("/opt/my tools/sitbone",), Path("/home/ann/rehab data"))
    assert service_text(command) == (
        f"{MARKER}\n"
        "[Unit]\n"
        "Description=sitbone: say what is due in your rehab today\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        'ExecStart="/opt/my tools/sitbone" --home "/home/ann/rehab data" due --notify\n'
        "SuccessExitStatus=1\n"  # due's "something is due" is not a failure
    )


def test_without_a_chosen_home_the_command_names_none() -> None:
    assert due_command(PYTHON, None) == (*PYTHON, "due", "--notify")
    assert exec_line(due_command(PYTHON, None)) == "/usr/bin/python3 -P -m tui due --notify"


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("/plain/path", "/plain/path"),
        ("with space", '"with space"'),
        ("50%", '"50%%"'),  # a specifier otherwise
        ("$HOME", '"$$HOME"'),  # a variable otherwise
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("\x1b]2;owned\x07", '"\\x1b]2;owned\\x07"'),
        ("\x9b", '"\\xc2\\x9b"'),
        ("caf\u00e9", '"caf\u00e9"'),
        ("", '""'),
    ],
)
def test_systemd_words(word: str, written: str) -> None:
    assert systemd_word(word) == written


def _systemd_reads(word: str) -> bytes:
    """How systemd reads one quoted argument: C escapes in quotes, then %% and $$."""
    assert word.startswith('"') and word.endswith('"')
    body, out, i = word[1:-1], bytearray(), 0
    while i < len(body):
        if body[i] == "\\":
            if body[i + 1] == "x":
                out.append(int(body[i + 2 : i + 4], 16))
                i += 4
                continue
            out += body[i + 1].encode()
            i += 2
            continue
        if body[i] in "%$":
            assert body[i + 1] == body[i]
            i += 1
        out += body[i].encode()
        i += 1
    return bytes(out)


@given(st.text(min_size=1))
def test_systemd_reads_back_the_word_given(word: str) -> None:
    quoted = systemd_word(word)
    if not quoted.startswith('"'):
        quoted = f'"{quoted}"'
    assert _systemd_reads(quoted) == os.fsencode(word)


@pytest.mark.parametrize("program", ["python3", "/opt/it's/python", "/opt/a\\b", "/opt/a\x1bb"])
def test_program_paths_systemd_cannot_run_are_refused(program: str) -> None:
    with pytest.raises(ValueError):
        exec_line((program, "due"))


def test_a_percent_in_the_programs_path_is_not_a_specifier() -> None:
    assert exec_line(("/opt/100% sure/sitbone", "due")) == '"/opt/100%% sure/sitbone" due'


def test_cron_lines_one_per_time() -> None:
    command = due_command(PYTHON, Path("/home/ann/my rehab"))
    assert cron_lines([time(7, 0), time(19, 30)], command) == [
        "0 7 * * * /usr/bin/python3 -P -m tui --home '/home/ann/my rehab' due --notify"
        "  # sitbone reminder",
        "30 19 * * * /usr/bin/python3 -P -m tui --home '/home/ann/my rehab' due --notify"
        "  # sitbone reminder",
    ]


@given(st.text(min_size=1).filter(str.isprintable))
def test_sh_reads_back_the_home_from_a_cron_line(home: str) -> None:
    (line,) = cron_lines([time(7)], due_command(PYTHON, Path("/h") / home.replace("/", "_")))
    # cron turns \% into %, then sh reads the words up to the comment.
    words = shlex.split(line.replace("\\%", "%"), comments=True)
    assert words[5:] == [*PYTHON, "--home", str(Path("/h") / home.replace("/", "_")),
                         "due", "--notify"]  # fmt: skip


def test_a_crontab_cannot_hold_a_control_character() -> None:
    with pytest.raises(ValueError, match="control character"):
        cron_lines([time(7)], due_command(PYTHON, Path("/home/\x1b[2J")))


def test_cron_reminder_lines_are_told_apart() -> None:
    (line,) = cron_lines([time(7)], due_command(PYTHON, None))
    assert is_cron_reminder(line)
    assert not is_cron_reminder(f"# {line}")
    assert not is_cron_reminder("0 7 * * * backup.sh")


def test_what_a_timer_and_a_service_say_is_read_back() -> None:
    times = (time(6, 45), time(21, 0))
    assert timer_times(timer_text(times)) == times
    command = due_command(PYTHON, None)
    assert service_command(service_text(command)) == exec_line(command)


# -- where the files go --------------------------------------------------------------------


def test_units_go_where_the_user_systemd_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ReminderFiles.for_user({"XDG_CONFIG_HOME": "/cfg"}).timer == Path(
        "/cfg/systemd/user/sitbone-reminder.timer"
    )
    monkeypatch.setenv("HOME", "/home/ann")
    default = Path("/home/ann/.config/systemd/user")
    assert ReminderFiles.for_user({}).folder == default
    # A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    assert ReminderFiles.for_user({"XDG_CONFIG_HOME": "cfg"}).folder == default


# -- writing and removing ------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> ReminderFiles:
    return ReminderFiles(tmp_path / "config" / "systemd" / "user")


def test_write_then_read_back(files: ReminderFiles) -> None:
    command = due_command(PYTHON, None)
    write_units(files, [time(7)], command)
    installed = read_installed(files)
    assert installed.ours == (files.timer, files.service)
    assert installed.times == (time(7),)
    assert installed.command == exec_line(command)
    assert files.timer.stat().st_mode & 0o077 == 0
    # Nothing else: no temporary file left beside them.
    assert sorted(path.name for path in files.folder.iterdir()) == [
        "sitbone-reminder.service",
        "sitbone-reminder.timer",
    ]


def test_a_unit_sitbone_did_not_write_is_never_replaced(files: ReminderFiles) -> None:
    files.folder.mkdir(parents=True)
    files.service.write_text("[Service]\nExecStart=/usr/bin/true\n", encoding="utf-8")
    with pytest.raises(NotOurs):
        write_units(files, [time(7)], due_command(PYTHON, None))
    assert files.service.read_text(encoding="utf-8") == "[Service]\nExecStart=/usr/bin/true\n"
    assert not files.timer.exists()


def test_removal_deletes_only_sitbones_units(files: ReminderFiles) -> None:
    write_units(files, [time(7)], due_command(PYTHON, None))
    files.service.write_text("[Service]\nExecStart=/usr/bin/true\n", encoding="utf-8")
    removal = remove_units(files)
    assert removal.removed == [files.timer]
    assert removal.left == [files.service]
    assert files.service.exists()


def test_removal_clears_the_enable_link_to_its_timer(files: ReminderFiles) -> None:
    write_units(files, [time(7)], due_command(PYTHON, None))
    files.enabled_link.parent.mkdir()
    files.enabled_link.symlink_to(files.timer)
    other = files.folder / "timers.target.wants" / "other.timer"
    other.symlink_to(files.folder / "other.timer")
    assert remove_units(files).removed == [files.timer, files.service]
    assert not files.enabled_link.is_symlink()
    assert other.is_symlink()


def test_nothing_to_remove(files: ReminderFiles) -> None:
    removal = remove_units(files)
    assert removal.removed == removal.left == []
    assert not files.folder.exists()
