"""The figures of bench/run.py: each measures sitbone as a person meets it (the installed command
in an 80x24 tmux pane, or the command line as a process) against its baseline in the same run.

Every group returns rows for the table and lines for the notes below it."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from baselines import (
    BARE_APP,
    IMPORTS_ONLY,
    ONE_MODEL,
    WRITE_TIMES,
)
from terminal import BenchError, Pane, Tmux, blank

# Text the Dashboard shows only once content and data are loaded (the phase card, at the top,
# in every phase and at any history); before that the profile card says "Loading…".
FILLED = re.compile(r"Today: \d+ of \d+ exercises done")
BARE_SIX_READY = "Screen 1:"
SCREEN_NAMES = {
    "1": "Dashboard",
    "2": "Learn",
    "3": "Exercises",
    "4": "Pain",
    "5": "Run",
    "6": "History",
}
KEYS = tuple(SCREEN_NAMES)
CLI_REPEATS = 3  # `sitbone log pain` and its baseline, alternately, this many times a run
WRITES = 10  # durable writes of each kind a run
PRESSES = 3  # space presses timed a run (after one untimed)
STILL_S = 0.5  # the screen is "settled" when it has not changed for this long
START_TIMEOUT_S = 60.0


@dataclass
class Row:
    figure: str  # what --only names: paint, filled, switch, space, cli, write, timer, idle, memory
    label: str
    history: str
    value: float | None
    baseline: float | None
    unit: str  # "ms", "%", "MB" or "s"
    goal: str
    met: bool | None  # None: no goal for this row


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def median(values: Sequence[float]) -> float:
    if not values:
        raise BenchError("no samples were taken")
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


class Bench:
    """Where everything lives for one run of bench/run.py: the sitbone command and its Python,
    the temporary homes, the clean environment, the tmux server."""

    def __init__(
        self,
        sitbone: Path,
        python: Path,
        tmp: Path,
        env: dict[str, str],
        tmux: Tmux,
        runs: int,
        idle_s: float,
        idle_runs: int,
        histories: dict[str, int],
        month: tuple[str, int],
    ) -> None:
        self.sitbone, self.python, self.tmp, self.env, self.tmux = sitbone, python, tmp, env, tmux
        self.runs, self.idle_s, self.idle_runs = runs, idle_s, idle_runs
        self.histories = histories  # label -> weeks, e.g. {"10 wk": 10, "5 yr": 260}
        self.month = month[0]  # the one-month home, for the checklist press
        self.weeks = {**histories, month[0]: month[1]}
        self.homes: dict[str, Path] = {}
        self._copies = 0

    # -- files -----------------------------------------------------------------------------

    def script(self, name: str, source: str) -> Path:
        path = self.tmp / "scripts" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(source, encoding="utf-8")
        return path

    def home(self, label: str) -> Path:
        """The demo home of that history, made once with `sitbone demo --weeks N`."""
        if label not in self.homes:
            home = self.tmp / "homes" / label.replace(" ", "")
            home.parent.mkdir(exist_ok=True)
            self.cli("--home", str(home), "demo", "--weeks", str(self.weeks[label]))
            self.homes[label] = home
        return self.homes[label]

    def copy(self, label: str) -> Path:
        """A fresh copy of a demo home, for a figure that writes."""
        self._copies += 1
        target = self.tmp / "copies" / f"{label.replace(' ', '')}-{self._copies}"
        target.parent.mkdir(exist_ok=True)
        shutil.copytree(self.home(label), target)
        return target

    # -- processes -------------------------------------------------------------------------

    def cli(self, *args: str) -> float:
        """Run the sitbone command; its wall time (perf_counter from just before the start)."""
        return self.process([str(self.sitbone), *args], "sitbone " + " ".join(args))

    def process(self, argv: list[str], what: str) -> float:
        return run_process(argv, self.env, what)

    def sitbone_pane(self, home: Path, label: str) -> Pane:
        return self.tmux.open([str(self.sitbone), "--home", str(home)], label)

    def app_pane(self, name: str, source: str, label: str) -> Pane:
        return self.tmux.open([str(self.python), str(self.script(name, source))], label)


def run_process(argv: list[str], env: dict[str, str], what: str) -> float:
    """Run a process to its end; its wall time, from perf_counter just before the start.
    BenchError naming `what` and its last line of output when it fails."""
    start = time.perf_counter()
    try:
        result = subprocess.run(
            argv, env=env, capture_output=True, text=True, timeout=START_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"`{what}` did not finish within {START_TIMEOUT_S:g} s") from None
    took = time.perf_counter() - start
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise BenchError(
            f"`{what}` exited {result.returncode}: {lines[-1] if lines else 'no output'}"
        )
    return took


@contextmanager
def opened(pane: Pane) -> Iterator[Pane]:
    try:
        yield pane
    finally:
        pane.close()


def sitbone_ready(pane: Pane) -> tuple[float, float]:
    """Wait for the first paint, then for the filled Dashboard: seconds after the start."""
    first, _ = pane.wait_for(lambda t: not blank(t), "a first paint", START_TIMEOUT_S)
    filled, _ = pane.wait_for(lambda t: bool(FILLED.search(t)), "the filled Dashboard")
    return first - pane.started, filled - pane.started


class Visitor:
    """Goes from screen to screen by number key, always from a still screen to a still
    screen, and times each switch: send-keys to the first change on screen."""

    def __init__(self, pane: Pane, names: dict[str, str] = SCREEN_NAMES) -> None:
        self.pane, self.names, self.current = pane, names, "1"

    def go(self, key: str) -> float | None:
        """Seconds from the key to the first change, or None when `key`'s screen is shown."""
        pane = self.pane
        if key == self.current:
            pane.settle(STILL_S)
            return None
        before = pane.capture()
        sent = pane.send(key)
        took = pane.wait_change(before, f"screen {key} ({self.names[key]})") - sent
        pane.settle(STILL_S)
        self.current = key
        return took


# -- first paint and the filled Dashboard ------------------------------------------------------


def paint(bench: Bench) -> Result:
    """Each start is a new tmux session on the running server; the clock starts just before
    tmux is asked for it. Bare and sitbone alternate, so drift in load hits both alike."""
    bare: dict[str, list[float]] = {label: [] for label in bench.histories}
    first: dict[str, list[float]] = {label: [] for label in bench.histories}
    filled: dict[str, list[float]] = {label: [] for label in bench.histories}

    def bare_start() -> float:
        with opened(bench.app_pane("bare.py", BARE_APP, "bare")) as pane:
            shown, _ = pane.wait_for(lambda t: not blank(t), "a first paint", START_TIMEOUT_S)
            return shown - pane.started

    def sitbone_start(label: str) -> tuple[float, float]:
        with opened(bench.sitbone_pane(bench.home(label), "sitbone")) as pane:
            return sitbone_ready(pane)

    bare_start()  # warm the file cache for both alike
    for label in bench.histories:
        sitbone_start(label)
    for _ in range(bench.runs):
        for label in bench.histories:
            bare[label].append(bare_start())
            a, b = sitbone_start(label)
            first[label].append(a)
            filled[label].append(b)
    result = Result()
    for label in bench.histories:
        base = median(bare[label])
        value = median(first[label])
        result.rows.append(
            Row("paint", "first paint", label, value, base, "ms", "<= 1.3x", value / base <= 1.3)
        )
    for label, weeks in bench.histories.items():
        base = median(bare[label])
        value = median(filled[label])
        limit = 2.0 if weeks <= 52 else 2.5
        result.rows.append(
            Row(
                "filled",
                "Dashboard filled",
                label,
                value,
                base,
                "ms",
                f"<= {limit}x",
                value / base <= limit,
            )
        )
    result.notes.append(
        "first paint: new tmux session to the first capture-pane that is not blank; bare app = "
        "Header, Static, Footer. Dashboard filled: to the first screen showing "
        f"'{FILLED.pattern}' (the phase card, drawn once data is loaded), against the bare "
        "app's first paint. Samples: "
        + "; ".join(
            f"{label} first {', '.join(ms(x) for x in first[label])}, filled "
            f"{', '.join(ms(x) for x in filled[label])}, "
            f"bare {', '.join(ms(x) for x in bare[label])}"
            for label in bench.histories
        )
    )
    return result


# -- space on the Exercises checklist ---------------------------------------------------------


def space(bench: Bench) -> Result:
    """CPU time of the sitbone process for one `space` on the checklist (one set done)."""
    month = bench.month
    labels = [month, *bench.histories]
    samples: dict[str, list[float]] = {label: [] for label in labels}
    ticks: dict[str, list[float]] = {label: [] for label in labels}
    for _ in range(bench.runs):
        for label in labels:
            home = bench.copy(label)  # each press writes
            with opened(bench.sitbone_pane(home, "sitbone-space")) as pane:
                sitbone_ready(pane)
                pane.settle(STILL_S)
                Visitor(pane).go("3")
                before = pane.wait_for(lambda t: "Checklist (c)" in t, "the checklist")[1]
                # One press untimed: the day's first write takes a backup of the file.
                pane.send("Space")
                pane.wait_change(before, "the checklist after space")
                for _ in range(PRESSES):
                    before = pane.settle(STILL_S)
                    cpu0, tick0 = pane.cpu_s()
                    pane.send("Space")
                    pane.wait_change(before, "the checklist after space")
                    pane.settle(STILL_S)
                    cpu1, tick1 = pane.cpu_s()
                    samples[label].append(cpu1 - cpu0)
                    ticks[label].append(tick1 - tick0)
    result = Result()
    reference = median(samples[month])
    for label in labels:
        value = median(samples[label])
        if label == month:
            result.rows.append(
                Row(
                    "space",
                    "space on checklist, CPU",
                    label,
                    value,
                    None,
                    "ms",
                    "< 50 ms",
                    value < 0.050,
                )
            )
            continue
        long = bench.histories[label] > 52
        goal = "<= 1.2x, < 50 ms" if long else "< 50 ms"
        met = value < 0.050 and (value / reference <= 1.2 if long else True)
        result.rows.append(
            Row("space", "space on checklist, CPU", label, value, reference, "ms", goal, met)
        )
    result.notes.append(
        "space: key 3, then on the checklist one untimed space (the day's first write backs "
        f"the file up), then {PRESSES} timed presses a run, each from a still screen to the "
        "screen still again (0.5 s unchanged): CPU = sum over the process's threads of "
        "/proc/PID/task/*/schedstat (ns). Baseline: the same press on a 4-week home. "
        "utime+stime from /proc/PID/stat (10 ms ticks) for the same presses: "
        + "; ".join(f"{label} {ms(median(ticks[label]))}" for label in labels)
        + ". Each window also holds about 0.6 s of idle (see idle CPU: under 1 ms)."
    )
    return result


# -- the command line ------------------------------------------------------------------------------


def cli(bench: Bench) -> Result:
    base: dict[str, list[float]] = {label: [] for label in bench.histories}
    ours: dict[str, list[float]] = {label: [] for label in bench.histories}
    homes = {label: str(bench.copy(label)) for label in bench.histories}
    imports = [str(bench.python), "-c", IMPORTS_ONLY]
    one_model = [str(bench.python), "-c", ONE_MODEL]
    floor: list[float] = []

    def log(label: str) -> float:
        return bench.cli("--home", homes[label], "log", "pain", "--rest", "2")

    bench.process(imports, IMPORTS_ONLY)
    for label in bench.histories:
        log(label)  # the day's first write takes a backup: once, as for a person
    for _ in range(bench.runs):
        for label in bench.histories:
            for _ in range(CLI_REPEATS):
                base[label].append(bench.process(imports, IMPORTS_ONLY))
                ours[label].append(log(label))
                floor.append(bench.process(one_model, "one pydantic model"))
    result = Result()
    for label, weeks in bench.histories.items():
        value, baseline = median(ours[label]), median(base[label])
        limit = 1.5 if weeks <= 52 else 1.7
        result.rows.append(
            Row(
                "cli",
                "sitbone log pain --rest 2",
                label,
                value,
                baseline,
                "ms",
                f"<= {limit}x",
                value / baseline <= limit,
            )
        )
    result.notes.append(
        "cli: wall time of the installed `sitbone --home H log pain --rest 2` as a process, "
        f'against `python -c "{IMPORTS_ONLY}"` with the same Python, alternately, '
        f"{CLI_REPEATS} of each a run (after one of each untimed). The floor of any command "
        f"that validates with pydantic (those imports, one model class, one validation): "
        f"{ms(median(floor))}, {median(floor) / median(base[next(iter(base))]):.2f}x the baseline."
    )
    return result


# -- one durable write ---------------------------------------------------------------------------


def write(bench: Bench, label: str) -> Result:
    script = bench.script("write_times.py", WRITE_TIMES)
    times: dict[str, list[float]] = {}
    size = 0
    for _ in range(bench.runs):
        home = bench.copy(label)
        data = json.loads((home / "sitbone.json").read_text(encoding="utf-8"))
        tiny = home.parent / f"{home.name}-tinydb.json"
        tiny.write_text(json.dumps(data["tables"]), encoding="utf-8")  # TinyDB's own layout
        size = tiny.stat().st_size
        out = subprocess.run(
            [str(bench.python), str(script), str(home), str(tiny), str(WRITES)],
            env=bench.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if out.returncode != 0:
            lines = out.stderr.strip().splitlines()
            raise BenchError(f"the write timer failed: {lines[-1] if lines else out.returncode}")
        for kind, values in json.loads(out.stdout).items():
            times.setdefault(kind, []).extend(values)
    value, baseline = median(times["sitbone"]), median(times["tinydb"])
    result = Result()
    result.rows.append(
        Row(
            "write",
            "one durable write, in-process",
            label,
            value,
            baseline,
            "ms",
            "<= 0.2x (5x faster)",
            value / baseline <= 0.2,
        )
    )
    result.notes.append(
        "write: in one Python process, alternately, store.Store(Home(copy)).add_pain(PainEntry"
        "(...)) and TinyDB(path).table('pain').insert(doc) (default JSONStorage) on a file of "
        f"the same tables in TinyDB's layout ({size / 1e6:.2f} MB), each timed as the whole "
        f"expression, {WRITES} of each a run after one untimed. With the Store and the table "
        f"kept open (as the app keeps them): sitbone {ms(median(times['sitbone_warm']))}, "
        f"TinyDB {ms(median(times['tinydb_warm']))}."
    )
    return result
