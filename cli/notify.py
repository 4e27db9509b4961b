"""Desktop notifications through `notify-send`, for reminders run from a timer. Sending is
best effort: no notify-send, no desktop session, a refusal or a hang all come back as False,
so the caller prints instead. The text is an argument, never through a shell."""

from __future__ import annotations

import shutil
import subprocess
from html import escape

from rules.text import one_line, printable

NOTIFY_SEND = "notify-send"
# Long enough for a busy desktop; a notify-send with no session to talk to can hang.
TIMEOUT_S = 5.0


def send_notification(
    summary: str, body: str, *, urgent: bool = False, timeout_s: float = TIMEOUT_S
) -> bool:
    """Show `summary` (one line) and `body` as a desktop notification; True when sent."""
    program = shutil.which(NOTIFY_SEND)
    if program is None:
        return False
    command = [
        program,
        "--app-name=sitbone",
        f"--urgency={'critical' if urgent else 'normal'}",
        "--",  # what follows is text, even if it begins with a dash
        one_line(summary),
        # Servers may read a body as markup: escaped, a bracket or an ampersand is just text.
        escape(printable(body), quote=False),
    ]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
