"""The speed of sitbone as a person meets it, each figure against its baseline in the same run.

The installed `sitbone` command runs in a real terminal (tmux at 80x24, on a server and socket
of its own) and the command line as a process, on demo homes made with `sitbone demo --weeks
N`: 10 weeks and five years of records (and 4 weeks, the reference for the checklist press),
with an empty temporary HOME and XDG folders, so nothing touches real data. The baselines
are small Textual apps and a bare Python import, run with sitbone's own Python. Figures:

  paint   first paint (first capture-pane that is not blank) vs a bare app's
  filled  the Dashboard showing data vs the bare app's first paint
  switch  number key to the first change on screen, first visit and revisit, vs a bare
          six-screen app
  space   CPU time of one `space` on the Exercises checklist, five years vs one month
  cli     `sitbone log pain --rest 2` as a process vs `python -c "import pydantic, tinydb,
          yaml"`
  write   one durable write in-process vs stock TinyDB on the same data
  timer   how late a run segment change reaches the screen
  idle    CPU with no keys on every screen, before and after a run, vs the bare app
  memory  peak memory (VmHWM) after every screen vs the bare app

It prints the table (figure, history, value, baseline, ratio, goal, met: medians over the
runs), then how each figure was measured, with its details. About 5 minutes as it is, 2.5
with --quick.

Needs tmux and nothing else beyond the project: from a clean clone, `pip install -e .` (into
.venv, or any environment whose `sitbone` command is found; see --sitbone), then

    python bench/run.py [--runs N | --quick] [--only NAME] [--idle-seconds S] [--tmp DIR]

Exit status: 0 when every figure was measured (goals met or not), 1 when one could not be
(the reason is printed), 2 for bad arguments or no tmux.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Bench, Result, Row, cli, paint, run_process, space, write
from sessions import sessions
from terminal import POLLS, BenchError, Tmux

ROOT = Path(__file__).resolve().parents[1]

# The histories measured. The demo took at most 104 weeks until it was raised to 260; with a
# sitbone whose demo refuses LONG_WEEKS the long history falls back to FALLBACK_WEEKS (and the
# table says so in its history column).
SHORT_WEEKS = 10
LONG_WEEKS = 260  # five years
FALLBACK_WEEKS = 104
MONTH_WEEKS = 4  # the reference for the checklist press at five years

RUNS = 3
IDLE_S = 2.0  # each idle CPU reading: seconds with no keys on one screen
IDLE_RUNS = 1  # idle CPU is read in this many of the runs (it varies little; it is slow)
FIGURES = ("paint", "filled", "switch", "space", "cli", "write", "timer", "idle", "memory")
# Figures measured together: one start gives first paint and the filled Dashboard, one
# session in the app gives screen switching, peak memory, the run timer and idle CPU.
GROUPS: dict[str, tuple[str, ...]] = {
    "paint": ("paint", "filled"),
    "space": ("space",),
    "cli": ("cli",),
    "write": ("write",),
    "session": ("switch", "memory", "timer", "idle"),
}


def history_label(weeks: int) -> str:
    return f"{weeks // 52} yr" if weeks >= 52 and weeks % 52 == 0 else f"{weeks} wk"


def find_sitbone(given: str | None) -> Path:
    """The installed command: --sitbone, else beside this Python, else .venv, else PATH."""
    if given:
        candidates = [Path(given)]
    else:
        candidates = [Path(sys.executable).parent / "sitbone", ROOT / ".venv" / "bin" / "sitbone"]
        which = shutil.which("sitbone")
        if which:
            candidates.append(Path(which))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.absolute()
    where = f"{given} is not an executable file" if given else "no `sitbone` command found"
    print(
        f"bench/run.py: {where}; run `pip install -e .` (e.g. in .venv) or give --sitbone PATH",
        file=sys.stderr,
    )
    raise SystemExit(2)


def python_of(command: Path) -> Path:
    """The Python that runs the `sitbone` script (its #! line): the baselines use it too."""
    first = command.read_bytes().split(b"\n", 1)[0].decode(errors="replace")
    if first.startswith("#!") and "python" in first:
        return Path(first[2:].strip().split()[0])
    return Path(sys.executable)


def clean_env(tmp: Path, bin_dir: Path) -> dict[str, str]:
    """An empty HOME and XDG folders under `tmp`: sitbone can reach no real data or settings."""
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "COLORTERM": "truecolor",
        "TMUX_TMPDIR": str(tmp / "tmux"),
        "HOME": str(tmp / "home"),
    }
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp / "home" / name.lower())
    for folder in ("tmux", "home"):
        (tmp / folder).mkdir(mode=0o700)
    return env


def long_history(sitbone: Path, env: dict[str, str], tmp: Path) -> tuple[int, str]:
    """LONG_WEEKS, or FALLBACK_WEEKS with a note when this sitbone's demo refuses it."""
    probe = tmp / "probe"
    argv = [str(sitbone), "--home", str(probe), "demo", "--weeks", str(LONG_WEEKS)]
    try:
        run_process(argv, env, f"sitbone demo --weeks {LONG_WEEKS}")
        return LONG_WEEKS, ""
    except BenchError as error:
        if "weeks" not in str(error):
            raise
        return FALLBACK_WEEKS, (
            f"this sitbone's demo refused --weeks {LONG_WEEKS} ({error}); the long history "
            f"is {FALLBACK_WEEKS} weeks, not five years"
        )
    finally:
        shutil.rmtree(probe, ignore_errors=True)


# -- the table ---------------------------------------------------------------------------------


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "%":
        return f"{value * 100:.2f}%"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.3f} s"


def table(rows: list[Row]) -> str:
    head = ("figure", "history", "value", "baseline", "ratio", "goal", "met")
    lines = []
    for row in rows:
        ratio = (
            f"{row.value / row.baseline:.2f}x" if row.value is not None and row.baseline else "-"
        )
        met = "-" if row.met is None else "yes" if row.met else "no"
        lines.append(
            (
                row.label,
                row.history,
                show(row.value, row.unit),
                show(row.baseline, row.unit),
                ratio,
                row.goal,
                met,
            )
        )
    widths = [max(len(line[i]) for line in [head, *lines]) for i in range(len(head))]
    right = {2, 3, 4}

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(head), rule, *(fmt(line) for line in lines)])


def version_of(python: Path, module: str) -> str:
    result = subprocess.run(
        [str(python), "-c", f"import {module}; print({module}.__version__)"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or "?"


def filesystem(path: Path) -> str:
    """The type of the file system holding `path` (fsync costs differ: ext4, tmpfs ...)."""
    best, kind = "", "?"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) > 2 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- main ------------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="Needs tmux. See the docstring of bench/run.py for what each figure measures.",
    )
    parser.add_argument(
        "--runs", type=int, default=RUNS, help=f"runs of each figure (default {RUNS})"
    )
    parser.add_argument("--quick", action="store_true", help="one run of each figure")
    parser.add_argument("--only", choices=FIGURES, help="measure this figure alone")
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=IDLE_S,
        help=f"the window of each idle CPU reading (default {IDLE_S:g})",
    )
    parser.add_argument(
        "--idle-runs",
        type=int,
        default=IDLE_RUNS,
        help=f"how many of the runs read idle CPU, about a minute each (default {IDLE_RUNS}; "
        "with --only idle, every run)",
    )
    parser.add_argument("--tmp", help="folder for the temporary homes (default: the system's)")
    parser.add_argument("--sitbone", help="the sitbone command to measure (default: installed)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
    if args.only == "idle":
        args.idle_runs = args.runs
    if args.runs < 1 or args.idle_seconds <= 0 or args.idle_runs < 1:
        parser.error("--runs, --idle-seconds and --idle-runs must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if shutil.which("tmux") is None:
        print("bench/run.py needs tmux (e.g. apt-get install tmux); none found.", file=sys.stderr)
        return 2
    sitbone = find_sitbone(args.sitbone)
    python = python_of(sitbone)

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)

    began = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="sitbone-bench-", dir=args.tmp))
    tmux = Tmux(f"bench{os.getpid()}", {})
    rows: list[Row] = []
    notes: list[str] = []
    failures: list[str] = []
    try:
        env = clean_env(tmp, python.parent)
        tmux.env = env
        tmux.start()
        long_weeks, fallback = long_history(sitbone, env, tmp)
        histories = {history_label(SHORT_WEEKS): SHORT_WEEKS, history_label(long_weeks): long_weeks}
        month = (history_label(MONTH_WEEKS), MONTH_WEEKS)
        bench = Bench(
            sitbone,
            python,
            tmp,
            env,
            tmux,
            args.runs,
            args.idle_seconds,
            args.idle_runs,
            histories,
            month,
        )
        if fallback:
            notes.append(fallback)
        for label in [*histories, month[0]]:
            bench.home(label)
        long_label = history_label(long_weeks)
        wanted = {args.only} if args.only else set(FIGURES)
        groups: dict[str, Callable[[], Result]] = {
            "paint": lambda: paint(bench),
            "space": lambda: space(bench),
            "cli": lambda: cli(bench),
            "write": lambda: write(bench, long_label),
            "session": lambda: sessions(bench, wanted & set(GROUPS["session"])),
        }
        for group, figures in GROUPS.items():
            if not wanted & set(figures):
                continue
            started = time.perf_counter()
            progress(f"measuring {group} ({args.runs} run{'s' * (args.runs > 1)}) ...")
            try:
                result = groups[group]()
            except BenchError as error:
                failures.append(f"{group}: {error}")
                progress(f"  {group} could not be measured: {error}")
                continue
            rows += [row for row in result.rows if row.figure in wanted]
            notes += result.notes
            progress(f"  {group} took {time.perf_counter() - started:.0f} s")
    except BenchError as error:
        # Before any figure: no server, or no demo home. Nothing to measure.
        print(f"bench/run.py: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress("bench/run.py: interrupted; cleaning up")
        return 130
    finally:
        tmux.close()
        shutil.rmtree(tmp, ignore_errors=True)

    textual = version_of(python, "textual")
    tmux_version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    print(
        f"sitbone speed, as a user meets it: medians of {args.runs} run"
        f"{'s' * (args.runs > 1)}, each against its baseline in the same run"
    )
    print(
        f"{tmux_version} at 80x24; Python {platform.python_version()} here, sitbone's "
        f"{python}; textual {textual}; {os.cpu_count()} CPUs, load "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; homes on "
        f"{filesystem(Path(args.tmp or tempfile.gettempdir()).resolve())}"
    )
    print(POLLS.summary())
    print()
    print(table(sorted(rows, key=lambda row: FIGURES.index(row.figure))))
    print()
    for note in notes:
        print(f"- {note}")
    for failure in failures:
        print(f"- NOT MEASURED: {failure}")
    print(f"\n({time.perf_counter() - began:.0f} s in all)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
