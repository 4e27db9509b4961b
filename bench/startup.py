"""Cold start of sitbone against a bare Textual app (Header, Static, Footer), in the same run.

Each start is a fresh Python process that imports its app, runs it headless until the first
screen has been drawn, then exits; the script prints medians and the ratio sitbone / bare.
"dashboard filled" goes on until data and content are loaded and shown. For the CLI it
prints how much longer `sitbone status` takes than starting Python with an empty script.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import time
start = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def first_frame(pilot):
    print(time.perf_counter() - start)
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=first_frame)
"""

SITBONE = """
import time
start = time.perf_counter()
from pathlib import Path
from store import Home
from tui.app import SitboneApp

async def first_frame(pilot):
    first = time.perf_counter() - start
    assert type(pilot.app.screen).__name__ == "DashboardScreen", pilot.app.screen
    while not pilot.app.ready:
        await pilot.pause()
    await pilot.pause()
    print(first if {mode!r} == "first" else time.perf_counter() - start)
    pilot.app.exit()

SitboneApp(home=Home(Path({home!r}))).run(headless=True, size=(80, 24), auto_pilot=first_frame)
"""


def measure(code: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - start


def compare(name: str, baseline: str, subject: str, runs: int) -> float:
    base, ours = [], []
    measure(baseline), measure(subject)  # warm the OS file cache for both alike
    for _ in range(runs):
        # Alternate, so drift in machine load hits both sides equally.
        base.append(measure(baseline))
        ours.append(measure(subject))
    ratio = statistics.median(ours) / statistics.median(base)
    print(
        f"{name:<22} baseline {statistics.median(base) * 1000:7.1f} ms   "
        f"sitbone {statistics.median(ours) * 1000:7.1f} ms   ratio {ratio:.2f}"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = str(Path(folder) / "home")
        subprocess.run(
            [sys.executable, "-m", "tui", "--home", home, "demo"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        tui_ratio = compare(
            "first screen", BARE, SITBONE.format(home=home, mode="first"), args.runs
        )
        compare("dashboard filled", BARE, SITBONE.format(home=home, mode="filled"), args.runs)
        python = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(args.runs))
        status = statistics.median(
            wall([sys.executable, "-m", "tui", "--home", home, "status"]) for _ in range(args.runs)
        )
        print(f"sitbone status takes {(status - python) * 1000:.0f} ms more than starting python")
    print(f"TUI start-up ratio {tui_ratio:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
