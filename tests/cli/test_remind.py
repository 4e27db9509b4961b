"""`sitbone remind`: the systemd user timer and service it writes, the systemctl calls it makes
(to a fake systemctl on PATH that records them), removal, status, and the crontab lines where
there is no systemd."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal.reminders import MARKER, ReminderFiles
from tests.conftest import Ran, real_cli
from tests.hostile import PAYLOADS, raw_controls

NEXT_RUN = "Sun 2026-11-22 07:00:00 CET"


@dataclass(frozen=True)
class FakeSystem:
    """A PATH holding only fake programs, and the user's folders, all under tmp_path."""

    bin: Path
    user: Path
    config: Path

    @property
    def files(self) -> ReminderFiles:
        return ReminderFiles(self.config / "systemd" / "user")

    def program(self, name: str, *, out: str = "", err: str = "", code: int = 0) -> None:
        """A fake `name` that records each call's arguments in `name`.log, then answers."""
        script = self.bin / name
        script.write_text(
            "#!/bin/sh\n"
            f'printf \'%s\\n\' "$*" >> "${{0%/*}}/{name}.log"\n'
            f"printf '%s' '{out}'\n"
            f"printf '%s' '{err}' >&2\n"
            f"exit {code}\n",
            encoding="utf-8",
        )
        script.chmod(0o755)

    def calls(self, name: str) -> list[str]:
        log = self.bin / f"{name}.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    def env(self) -> dict[str, str]:
        return {"PATH": str(self.bin), "HOME": str(self.user), "XDG_CONFIG_HOME": str(self.config)}


@pytest.fixture
def system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeSystem:
    fake = FakeSystem(tmp_path / "bin", tmp_path / "user", tmp_path / "user" / ".config")
    fake.bin.mkdir()
    fake.user.mkdir()
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SITBONE_HOME", raising=False)
    return fake


@pytest.fixture
def systemd(system: FakeSystem) -> FakeSystem:
    """A user manager that answers."""
    system.program("systemctl", out=f"ActiveState=active\nNextElapseUSecRealtime={NEXT_RUN}\n")
    return system


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sitbone run as its installed script, from a folder with a space in its name."""
    path = tmp_path / "my tools" / "sitbone"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(path)])
    return path


Run = Callable[..., Ran]


def test_install_writes_the_timer_and_service_and_turns_them_on(
    run_cli: Run, systemd: FakeSystem, script: Path, tmp_path: Path
) -> None:
    home = tmp_path / "rehab data"
    result = run_cli("--home", str(home), "remind", "install", "--at", "19:30", "--at", "07:00")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    files = systemd.files
    assert files.timer.read_text(encoding="utf-8") == (
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
    assert files.service.read_text(encoding="utf-8") == (
        f"{MARKER}\n"
        "[Unit]\n"
        "Description=sitbone: say what is due in your rehab today\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f'ExecStart="{script}" --home "{home}" due --notify\n'
        "SuccessExitStatus=1\n"
    )
    assert systemd.calls("systemctl") == [
        "--user daemon-reload",
        "--user enable --now sitbone-reminder.timer",
        "--user show sitbone-reminder.timer --property=ActiveState,NextElapseUSecRealtime",
    ]
    assert "every day at 07:00 and 19:30" in result.stdout
    assert f"Wrote {files.timer}" in result.stdout
    assert f"next run {NEXT_RUN}" in result.stdout
    # Nothing else anywhere in the user's folders, and the home untouched.
    written = {p for p in systemd.user.rglob("*") if p.is_file()}
    assert written == {files.timer, files.service}
    assert not home.exists()


def test_a_real_process_runs_this_interpreter_on_the_home_from_the_environment(
    systemd: FakeSystem, tmp_path: Path
) -> None:
    home = tmp_path / "from env"
    result = real_cli(
        "remind", "install", "--at", "08:15", env={**systemd.env(), "SITBONE_HOME": str(home)}
    )
    assert result.returncode == 0, result.stderr
    service = systemd.files.service.read_text(encoding="utf-8")
    assert f'ExecStart={sys.executable} -P -m tui --home "{home}" due --notify\n' in service
    assert "OnCalendar=*-*-* 08:15:00\n" in systemd.files.timer.read_text(encoding="utf-8")
    assert systemd.calls("systemctl")[:2] == [
        "--user daemon-reload",
        "--user enable --now sitbone-reminder.timer",
    ]


def test_the_command_it_runs_is_one_sitbone_knows(run_cli: Run, systemd: FakeSystem) -> None:
    from cli.main import build_parser

    assert run_cli("remind", "install", "--at", "07:00").returncode == 0
    service = systemd.files.service.read_text(encoding="utf-8")
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_start == f"ExecStart={sys.executable} -P -m tui due --notify"
    args = build_parser().parse_args(["due", "--notify"])
    assert args.command == "due"


def test_duplicate_times_are_folded(run_cli: Run, systemd: FakeSystem) -> None:
    result = run_cli("remind", "install", "--at", "07:00", "--at", "07:00")
    assert result.returncode == 0, result.stderr
    assert systemd.files.timer.read_text(encoding="utf-8").count("OnCalendar=") == 1


def test_installing_again_replaces_the_times(run_cli: Run, systemd: FakeSystem) -> None:
    run_cli("remind", "install", "--at", "07:00")
    assert run_cli("remind", "install", "--at", "21:00").returncode == 0
    timer = systemd.files.timer.read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 21:00:00" in timer
    assert "07:00" not in timer


def test_without_a_user_manager_the_files_stay_and_the_commands_are_given(
    run_cli: Run, system: FakeSystem
) -> None:
    system.program("systemctl", err="Failed to connect to bus: No medium found\n", code=1)
    result = run_cli("remind", "install", "--at", "07:00")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Failed to connect to bus" in result.stderr
    assert "systemctl --user daemon-reload\n" in result.stdout
    assert "systemctl --user enable --now sitbone-reminder.timer\n" in result.stdout
    assert system.files.timer.exists()
    assert system.files.service.exists()
    assert system.calls("systemctl") == ["--user daemon-reload"]


def test_a_unit_of_the_same_name_not_written_by_sitbone_is_kept(
    run_cli: Run, systemd: FakeSystem
) -> None:
    files = systemd.files
    files.folder.mkdir(parents=True)
    files.timer.write_text("[Timer]\nOnCalendar=daily\n", encoding="utf-8")
    result = run_cli("remind", "install", "--at", "07:00")
    assert result.returncode == 1
    assert (
        result.stderr == f"sitbone: {files.timer} was not written by sitbone; it is left as it is\n"
    )
    assert files.timer.read_text(encoding="utf-8") == "[Timer]\nOnCalendar=daily\n"
    assert not files.service.exists()
    assert systemd.calls("systemctl") == []


def test_a_config_folder_that_is_a_file_stops_the_install(
    run_cli: Run, systemd: FakeSystem, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "not a folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "not a folder"))
    result = run_cli("remind", "install", "--at", "07:00")
    assert result.returncode == 1
    assert result.stderr.startswith("sitbone: ")
    assert result.stderr.count("\n") == 1
    assert systemd.calls("systemctl") == []
    assert run_cli("remind", "status").returncode == 0
    assert run_cli("remind", "remove").returncode == 0


@pytest.mark.parametrize(
    ("at", "problem"),
    [
        (["25:00"], "'25:00' is not a time of day as HH:MM"),
        (["7"], "'7' is not a time of day as HH:MM"),
        (["07:5"], "'07:5' is not a time of day as HH:MM"),
        ([f"{hour:02d}:00" for hour in range(7)], "at most 6 times a day (7 given)"),
    ],
)
def test_bad_times_are_refused_and_nothing_is_written(
    run_cli: Run, systemd: FakeSystem, at: list[str], problem: str
) -> None:
    args = [word for text in at for word in ("--at", text)]
    result = run_cli("remind", "install", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("sitbone: argument --at: ")
    assert problem in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert not systemd.config.exists()
    assert systemd.calls("systemctl") == []


def test_a_time_is_required(run_cli: Run, systemd: FakeSystem) -> None:
    result = run_cli("remind", "install")
    assert result.returncode == 2
    assert "--at" in result.stderr
    assert not systemd.config.exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_home_is_shown_as_text_and_written_escaped(
    run_cli: Run, systemd: FakeSystem, tmp_path: Path, payload: str
) -> None:
    home = tmp_path / f"home {payload.replace('/', '_')}"
    result = run_cli("--home", str(home), "remind", "install", "--at", "07:00")
    assert result.returncode == 0, result.stderr
    assert not raw_controls(result.stdout + result.stderr)
    service = systemd.files.service.read_text(encoding="utf-8")
    assert not raw_controls(service)
    assert service.count("\nExecStart=") == 1
    assert not raw_controls(run_cli("remind", "status").stdout)


# -- no systemd: cron ----------------------------------------------------------------------


def test_without_systemctl_the_crontab_lines_are_printed_and_nothing_written(
    run_cli: Run, system: FakeSystem, tmp_path: Path
) -> None:
    home = tmp_path / "my home"
    result = run_cli("--home", str(home), "remind", "install", "--at", "07:00", "--at", "18:45")
    assert result.returncode == 0, result.stderr
    command = f"{sys.executable} -P -m tui --home '{home}' due --notify"
    lines = result.stdout.splitlines()
    assert lines[-2:] == [
        f"0 7 * * * {command}  # sitbone reminder",
        f"45 18 * * * {command}  # sitbone reminder",
    ]
    # Every other line is a comment, so the output can go straight into a crontab.
    assert all(line.startswith("#") for line in lines[:-2])
    assert "cron does not catch up" in result.stdout
    assert "No systemctl on PATH" in result.stdout
    assert not system.config.exists()
    assert system.calls("crontab") == []


def test_cron_when_asked_even_with_systemd(run_cli: Run, systemd: FakeSystem) -> None:
    result = run_cli("remind", "install", "--cron", "--at", "07:00")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("0 7 * * * ")
    assert "No systemctl" not in result.stdout
    assert systemd.calls("systemctl") == []
    assert not systemd.config.exists()


def test_a_crontab_line_cannot_carry_a_control_character(
    run_cli: Run, system: FakeSystem, tmp_path: Path
) -> None:
    result = run_cli("--home", str(tmp_path / "a\x1b[2Jb"), "remind", "install", "--at", "07:00")
    assert result.returncode == 2
    assert result.stderr.startswith("sitbone: argument --home: ")
    assert result.stderr.count("\n") == 1
    assert not raw_controls(result.stderr)
    assert result.stdout == ""


# -- remove --------------------------------------------------------------------------------


def test_remove_turns_off_and_deletes_what_install_wrote(run_cli: Run, systemd: FakeSystem) -> None:
    run_cli("remind", "install", "--at", "07:00")
    files = systemd.files
    files.enabled_link.parent.mkdir()
    files.enabled_link.symlink_to(files.timer)  # as `enable` leaves it
    (systemd.bin / "systemctl.log").unlink()
    result = run_cli("remind", "remove")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Removed {files.timer}\nRemoved {files.service}\n"
    assert systemd.calls("systemctl") == [
        "--user disable --now sitbone-reminder.timer",
        "--user daemon-reload",
    ]
    assert not files.timer.exists()
    assert not files.service.exists()
    assert not files.enabled_link.is_symlink()


def test_remove_leaves_a_unit_without_sitbones_mark(run_cli: Run, systemd: FakeSystem) -> None:
    files = systemd.files
    files.folder.mkdir(parents=True)
    files.timer.write_text("[Timer]\nOnCalendar=daily\n", encoding="utf-8")
    result = run_cli("remind", "remove")
    assert result.returncode == 0
    assert f"Left {files.timer}: it was not written by sitbone" in result.stdout
    assert "nothing was removed" in result.stdout
    assert files.timer.read_text(encoding="utf-8") == "[Timer]\nOnCalendar=daily\n"
    assert systemd.calls("systemctl") == []


def test_remove_with_nothing_installed(run_cli: Run, systemd: FakeSystem) -> None:
    result = run_cli("remind", "remove")
    assert result.returncode == 0
    assert result.stdout == (
        f"No reminder was installed in {systemd.files.folder}; nothing was removed.\n"
    )
    assert systemd.calls("systemctl") == []


def test_remove_without_a_user_manager_still_deletes_the_files(
    run_cli: Run, systemd: FakeSystem
) -> None:
    run_cli("remind", "install", "--at", "07:00")
    systemd.program("systemctl", err="Failed to connect to bus\n", code=1)
    result = run_cli("remind", "remove")
    assert result.returncode == 0
    assert not systemd.files.timer.exists()
    assert "run: systemctl --user daemon-reload" in result.stdout


def test_remove_points_at_crontab_lines(run_cli: Run, system: FakeSystem) -> None:
    system.program("crontab", out="0 7 * * * /x/sitbone due --notify  # sitbone reminder\n")
    result = run_cli("remind", "remove")
    assert result.returncode == 0
    assert "Your crontab has 1 sitbone reminder line(s): remove them with `crontab -e`." in (
        result.stdout
    )
    assert system.calls("crontab") == ["-l"]


# -- status --------------------------------------------------------------------------------


def test_status_of_an_installed_reminder(run_cli: Run, systemd: FakeSystem, script: Path) -> None:
    run_cli("remind", "install", "--at", "21:00", "--at", "07:30")
    result = run_cli("remind", "status")
    assert result.returncode == 0
    files = systemd.files
    assert result.stdout == (
        "Reminder every day at 07:30 and 21:00 (systemd user timer).\n"
        f"  {files.timer}\n"
        f"  {files.service}\n"
        f'  ExecStart="{script}" due --notify\n'
        f"  systemd: active, next run {NEXT_RUN}\n"
    )


def test_status_when_systemd_does_not_answer(run_cli: Run, systemd: FakeSystem) -> None:
    run_cli("remind", "install", "--at", "07:00")
    systemd.program("systemctl", err="Failed to connect to bus\n", code=1)
    result = run_cli("remind", "status")
    assert result.returncode == 0
    assert "  systemd: did not answer (Failed to connect to bus)\n" in result.stdout


def test_status_with_nothing_installed(run_cli: Run, system: FakeSystem) -> None:
    result = run_cli("remind", "status")
    assert result.returncode == 0
    assert result.stdout == f"No reminder installed in {system.files.folder}.\n"


def test_status_shows_crontab_reminders(run_cli: Run, system: FakeSystem) -> None:
    line = "0 7 * * * /x/sitbone due --notify  # sitbone reminder"
    system.program("crontab", out=f"MAILTO=ann\n{line}\n# {line}\n")
    result = run_cli("remind", "status")
    assert result.stdout.endswith(f"In your crontab:\n  {line}\n")


def test_where_names_the_reminder_files(run_cli: Run, system: FakeSystem) -> None:
    result = run_cli("where")
    assert f"reminder: {system.files.timer}\n" in result.stdout
    assert f"          {system.files.service}\n" in result.stdout
