"""A private tmux server for bench/run.py: start programs in 80x24 panes, type keys, read the
screen, and read the CPU time and peak memory of the Python process in a pane.

Every wait has a timeout and fails with BenchError naming what it waited for and showing the
last screen, so a stuck run says why instead of hanging."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

COLUMNS, LINES = 80, 24
POLL_S = 0.005  # how often the screen is read while timing: one capture-pane every 5 ms
SETTLE_POLL_S = 0.02  # how often it is read while waiting for the screen to be still
EXIT_WAIT_S = 5.0


class BenchError(Exception):
    """A measurement could not be made; the message says what and why."""


class PollStats:
    """How fast the screen was read, for the resolution line of the report."""

    def __init__(self) -> None:
        self.periods: list[float] = []
        self.calls: list[float] = []

    def summary(self) -> str:
        if not self.periods:
            return "no timed screen reads"
        self.periods.sort()
        self.calls.sort()
        period = self.periods[len(self.periods) // 2] * 1000
        call = self.calls[len(self.calls) // 2] * 1000
        return (
            f"screen read with tmux capture-pane every {period:.1f} ms (median; one read takes "
            f"{call:.1f} ms): times from the screen are to within about {period + call:.0f} ms"
        )


POLLS = PollStats()


def blank(text: str) -> bool:
    return not text.strip()


class Tmux:
    """One tmux server on its own socket, with the environment given, and no config file."""

    def __init__(self, name: str, env: Mapping[str, str]) -> None:
        self.name = name
        self.env = dict(env)
        self.started = False
        self._count = 0

    def command(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(
                ["tmux", "-L", self.name, *args],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=10,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"tmux {args[0]} did not answer within 10 s") from None
        if check and result.returncode != 0:
            raise BenchError(f"tmux {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result

    def start(self) -> None:
        # The server stays up with no session (exit-empty off), so every measured start pays
        # for a new session only, never for starting tmux itself.
        self.command("-f", os.devnull, "start-server", ";", "set-option", "-g", "exit-empty", "off")
        self.started = True
        self.command("set-option", "-g", "default-terminal", "tmux-256color")
        self.command("set-option", "-g", "status", "off")  # the pane is the whole 80x24
        self.command("set-option", "-g", "remain-on-exit", "on")  # a crash stays readable
        self.command("set-option", "-g", "history-limit", "0")

    def close(self) -> None:
        if self.started:
            self.command("kill-server", check=False)
            self.started = False

    def open(self, argv: Sequence[str], label: str) -> Pane:
        """Start `argv` (no shell in between) in a new 80x24 session. The pane's `started` is
        time.perf_counter() taken just before tmux was asked."""
        self._count += 1
        session = f"{label}-{self._count}"
        started = time.perf_counter()
        self.command(
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(COLUMNS),
            "-y",
            str(LINES),
            "--",
            *argv,
        )
        return Pane(self, session, started, label)


class Pane:
    def __init__(self, tmux: Tmux, session: str, started: float, label: str) -> None:
        self.tmux, self.session, self.started, self.label = tmux, session, started, label
        self._pid: int | None = None
        self.last = ""

    # -- the screen ----------------------------------------------------------------------

    def capture(self) -> str:
        result = self.tmux.command("capture-pane", "-p", "-t", self.session, check=False)
        if result.returncode != 0:
            raise BenchError(f"{self.label}: the tmux pane is gone ({result.stderr.strip()})")
        self.last = result.stdout
        return self.last

    def send(self, *keys: str) -> float:
        """Type `keys` (tmux key names); returns time.perf_counter() taken just before."""
        started = time.perf_counter()
        self.tmux.command("send-keys", "-t", self.session, *keys)
        return started

    def wait_for(
        self, test: Callable[[str], bool], what: str, timeout: float = 30.0, poll: float = POLL_S
    ) -> tuple[float, str]:
        """Read the screen every `poll` s until `test` holds; (perf_counter when the read
        that showed it returned, that screen)."""
        deadline = time.perf_counter() + timeout
        previous: float | None = None
        while True:
            begun = time.perf_counter()
            text = self.capture()
            done = time.perf_counter()
            if poll <= POLL_S:
                POLLS.calls.append(done - begun)
                if previous is not None:
                    POLLS.periods.append(begun - previous)
                previous = begun
            if test(text):
                return done, text
            if done > deadline:
                raise BenchError(self._stuck(f"{what} within {timeout:g} s"))
            time.sleep(max(0.0, begun + poll - time.perf_counter()))

    def wait_change(self, before: str, what: str, timeout: float = 30.0) -> float:
        return self.wait_for(lambda text: text != before, what, timeout)[0]

    def settle(self, quiet: float = 0.3, timeout: float = 20.0) -> str:
        """Wait until the screen has not changed for `quiet` seconds; the still screen."""
        deadline = time.perf_counter() + timeout
        text, since = self.capture(), time.perf_counter()
        while True:
            time.sleep(SETTLE_POLL_S)
            now_text = self.capture()
            now = time.perf_counter()
            if now_text != text:
                text, since = now_text, now
            elif now - since >= quiet:
                return text
            if now > deadline:
                raise BenchError(self._stuck(f"a still screen (for {quiet:g} s) in {timeout:g} s"))

    def _stuck(self, what: str) -> str:
        alive = "running" if self.alive() else "no longer running"
        screen = "\n".join(f"    | {line}" for line in self.last.rstrip().splitlines()[-LINES:])
        return f"{self.label}: did not see {what}; the program is {alive}. Last screen:\n{screen}"

    # -- the process ---------------------------------------------------------------------

    @property
    def pid(self) -> int:
        """The Python process in the pane: the pane's own process when it is Python (a
        script's #! line execs it), else its first Python descendant."""
        if self._pid is None:
            result = self.tmux.command("list-panes", "-t", self.session, "-F", "#{pane_pid}")
            root = int(result.stdout.split()[0])
            found = _python_in(root)
            if found is None:
                raise BenchError(f"{self.label}: no Python process under pane pid {root}")
            self._pid = found
        return self._pid

    def alive(self) -> bool:
        result = self.tmux.command(
            "list-panes", "-t", self.session, "-F", "#{pane_dead}", check=False
        )
        return result.returncode == 0 and result.stdout.strip() == "0"

    def cpu_s(self) -> tuple[float, float]:
        """CPU time of the process so far, in seconds: (sum over its threads of
        /proc/PID/task/TID/schedstat, in ns; utime+stime of /proc/PID/stat, in clock ticks)."""
        return cpu_seconds(self.pid)

    def peak_kb(self) -> int:
        """VmHWM: the most resident memory the process has had."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise BenchError(f"{self.label}: no VmHWM in /proc/{self.pid}/status")

    def close(self) -> None:
        """Kill the session and wait (up to EXIT_WAIT_S) for its process to be gone, so it
        takes no CPU from what is measured next; one that outlives that is killed."""
        try:
            pid: int | None = self.pid
        except BenchError:
            pid = None  # it never started, or has ended
        self.tmux.command("kill-session", "-t", self.session, check=False)
        if pid is None:
            return
        deadline = time.perf_counter() + EXIT_WAIT_S
        while _running(pid) and time.perf_counter() < deadline:
            time.sleep(0.01)
        if _running(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether `pid` is still a live process (not gone, not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> tuple[float, float]:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = (int(fields[11]) + int(fields[12])) * TICK_S  # utime, stime
        exact = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                exact += int((task / "schedstat").read_text().split()[0])
            except (OSError, IndexError, ValueError):
                continue  # a thread that ended meanwhile
    except OSError as error:
        raise BenchError(f"cannot read the CPU time of process {pid}: {error}") from None
    return exact / 1e9 if exact else ticks, ticks


def _python_in(root: int) -> int | None:
    """`root` or its first descendant (breadth first) whose executable is Python."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    queue = [root]
    while queue:
        pid = queue.pop(0)
        try:
            if Path(os.readlink(f"/proc/{pid}/exe")).name.startswith("python"):
                return pid
        except OSError:
            pass
        queue.extend(sorted(children.get(pid, [])))
    return None
