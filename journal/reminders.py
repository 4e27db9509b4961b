"""Daily reminders run by the system, not by the app: a systemd user timer and service that run
`sitbone due --notify`, or the crontab lines to add where there is no systemd. The text of the
units and the lines, and where they go; no I/O here (see journal/reminder_files.py)."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

UNIT = "sitbone-reminder"
TIMER_UNIT = f"{UNIT}.timer"
SERVICE_UNIT = f"{UNIT}.service"
MAX_TIMES = 6
# The first line of every unit sitbone writes: removal deletes only files that carry it.
MARKER = "# Written by sitbone (sitbone remind install); sitbone remind remove deletes it."
CRON_MARKER = "# sitbone reminder"

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_CALENDAR = re.compile(r"OnCalendar=\*-\*-\* ([0-9]{2}):([0-9]{2}):00")
# Words a unit's command line takes as they are; anything else is quoted.
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def reminder_time(text: str) -> time:
    """A time of day written HH:MM (00:00-23:59); ValueError otherwise."""
    found = _TIME.fullmatch(text)
    if found is None:
        raise ValueError(f"'{text}' is not a time of day as HH:MM (00:00 to 23:59)")
    return time(int(found.group(1)), int(found.group(2)))


def reminder_times(times: Iterable[time]) -> tuple[time, ...]:
    """The times in order, each once; ValueError unless there are 1 to MAX_TIMES."""
    folded = tuple(sorted(set(times)))
    if not folded:
        raise ValueError("give at least one time")
    if len(folded) > MAX_TIMES:
        raise ValueError(f"at most {MAX_TIMES} times a day ({len(folded)} given)")
    return folded


def clock_text(at: time) -> str:
    return at.strftime("%H:%M")


@dataclass(frozen=True)
class ReminderFiles:
    """Where the systemd user units live: the folder the user's systemd reads its own units
    from, so nothing is written outside the user's folders."""

    folder: Path

    @classmethod
    def for_user(cls, environ: Mapping[str, str] | None = None) -> ReminderFiles:
        environ = os.environ if environ is None else environ
        # The XDG spec ignores a relative XDG_CONFIG_HOME, and so does systemd.
        config = environ.get("XDG_CONFIG_HOME", "")
        base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
        return cls(base / "systemd" / "user")

    @property
    def timer(self) -> Path:
        return self.folder / TIMER_UNIT

    @property
    def service(self) -> Path:
        return self.folder / SERVICE_UNIT

    @property
    def enabled_link(self) -> Path:
        """The link `systemctl --user enable` makes for the timer."""
        return self.folder / "timers.target.wants" / TIMER_UNIT


def due_command(sitbone: Sequence[str], home: Path | None) -> tuple[str, ...]:
    """The command the reminder runs: this sitbone (its script, or the interpreter and the
    module), on the given home if one was chosen, saying what is due."""
    on_home = ("--home", str(home)) if home is not None else ()
    return (*sitbone, *on_home, "due", "--notify")


def systemd_word(word: str) -> str:
    """`word` as an argument on a unit's command line: `%` and `$` doubled (specifiers and
    variables), quotes and backslashes escaped, control characters as \\xNN bytes."""
    escaped = []
    for char in word:
        if char in '\\"':
            escaped.append("\\" + char)
        elif char in "%$":
            escaped.append(char * 2)
        elif char.isprintable():
            escaped.append(char)
        else:
            # Bytes, as systemd reads \\x escapes; a name the file system gave as raw bytes
            # (surrogate escapes) goes back as those bytes.
            escaped.extend(f"\\x{byte:02x}" for byte in os.fsencode(char))
    text = "".join(escaped)
    return text if _PLAIN_WORD.fullmatch(word) else f'"{text}"'


def systemd_program(path: str) -> str:
    """The program's path as the first word of a unit's command line. systemd expands
    specifiers in it but not variables, refuses quotes, backslashes and control characters,
    and reads a leading -, @, :, + or ! as a flag even when quoted (a full path has none)."""
    if not os.path.isabs(path):
        raise ValueError(f"'{path}' is not a full path")
    if not path.isprintable() or any(char in path for char in "'\"\\"):
        raise ValueError(
            f"systemd cannot run a program whose path holds quotes, backslashes "
            f"or control characters: '{path}'"
        )
    text = path.replace("%", "%%")
    return text if _PLAIN_WORD.fullmatch(path) else f'"{text}"'


def exec_line(command: Sequence[str]) -> str:
    program, *arguments = command
    return " ".join([systemd_program(program), *(systemd_word(word) for word in arguments)])


def timer_text(times: Sequence[time]) -> str:
    calendar = "".join(f"OnCalendar=*-*-* {clock_text(at)}:00\n" for at in times)
    return (
        f"{MARKER}\n"
        "[Unit]\n"
        "Description=sitbone: say what is due in your rehab today\n"
        "\n"
        "[Timer]\n"
        f"{calendar}"
        "# A time missed while the computer slept or was off runs when it is back.\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def service_text(command: Sequence[str]) -> str:
    return (
        f"{MARKER}\n"
        "[Unit]\n"
        "Description=sitbone: say what is due in your rehab today\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_line(command)}\n"
        # `sitbone due` exits 1 when something is due: a reminder that found work to do
        # has not failed.
        "SuccessExitStatus=1\n"
    )


def is_sitbone_unit(text: str) -> bool:
    return text.startswith(MARKER + "\n")


def timer_times(text: str) -> tuple[time, ...]:
    """The times a timer sitbone wrote runs at."""
    found = (_CALENDAR.fullmatch(line.strip()) for line in text.splitlines())
    return tuple(time(int(m.group(1)), int(m.group(2))) for m in found if m)


def service_command(text: str) -> str | None:
    """The ExecStart line of a service, as written."""
    for line in text.splitlines():
        if line.startswith("ExecStart="):
            return line.removeprefix("ExecStart=")
    return None


def cron_lines(times: Sequence[time], command: Sequence[str]) -> list[str]:
    """One crontab line per time. sh reads the command; cron reads a bare % as a line break.
    ValueError for a word with a control character: a crontab line cannot carry it."""
    for word in command:
        if not word.isprintable():
            raise ValueError(f"'{word}' has a control character, which a crontab cannot hold")
    words = shlex.join(command).replace("%", "\\%")
    return [f"{at.minute} {at.hour} * * * {words}  {CRON_MARKER}" for at in times]


def is_cron_reminder(line: str) -> bool:
    return line.rstrip().endswith(CRON_MARKER) and not line.lstrip().startswith("#")
