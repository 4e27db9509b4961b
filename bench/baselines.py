"""The programs bench/run.py measures sitbone against, and the files it puts in a home.

Each baseline app is written to a temporary file and run with the same Python as sitbone."""

from __future__ import annotations

# A bare Textual app: the first paint sitbone is held to.
BARE_APP = """\
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()


Bare().run()
"""

# A bare app with six screens, switched by the keys 1-6 as sitbone's are: the baseline of
# screen switching, idle CPU and peak memory.
BARE_SIX_APP = """\
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

NAMES = ("one", "two", "three", "four", "five", "six")


def page(number):
    class Page(Screen):
        def compose(self):
            yield Header()
            yield Static(f"Screen {number}: one of six bare screens")
            yield Footer()

    return Page


class BareSix(App):
    MODES = {name: page(number) for number, name in enumerate(NAMES, start=1)}
    BINDINGS = [
        Binding(str(number), f"switch_mode('{name}')", name.title())
        for number, name in enumerate(NAMES, start=1)
    ]

    def on_mount(self):
        self.switch_mode("one")


BareSix().run()
"""

# The CLI's baseline: starting Python with the libraries `sitbone log pain` cannot do without.
IMPORTS_ONLY = "import pydantic, tinydb, yaml"
# The same, using pydantic once: `import pydantic` alone loads none of its machinery, which a
# command validating one entry cannot do without. Shown beside the figure as its floor.
ONE_MODEL = (
    "import pydantic, tinydb, yaml; from pydantic import BaseModel; "
    "M = type('M', (BaseModel,), {'__annotations__': {'rest': int}}); M(rest=2)"
)

# A run program of three short segments (README, "Run programs"): the timer's segment changes
# come 3 and 6 seconds after the start, and it ends at 9.
TIMER_PROGRAM_ID = "bench-timer"
TIMER_PROGRAM_NAME = "Bench timer"
TIMER_SEGMENTS = (("walk", 3), ("run", 3), ("walk", 3))
TIMER_PROGRAM = f"""\
id: {TIMER_PROGRAM_ID}
name: {TIMER_PROGRAM_NAME}
description: three short segments, for bench/run.py
stages:
  - stage: 1
    rest_days: 0
    segments:
""" + "".join(f"      - {{kind: {kind}, seconds: {seconds}}}\n" for kind, seconds in TIMER_SEGMENTS)

# One durable write, in one process: sitbone's store against stock TinyDB, alternately, each as
# the whole expression (open, then write one record). argv: home, tinydb file, writes.
# Prints one JSON object of lists of seconds.
WRITE_TIMES = """\
import json
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import store
from store.home import Home
from store.records import PainEntry
from tinydb import TinyDB

home, tiny, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open(tiny, encoding="utf-8") as file:
    pain = json.load(file)["pain"]
template = pain[max(pain, key=int)]
now = datetime.now().replace(microsecond=0)
times = {"sitbone": [], "tinydb": [], "sitbone_warm": [], "tinydb_warm": []}


def sitbone(i):
    entry = PainEntry(at=now - timedelta(seconds=i + 1), context="other", rest=2)
    start = time.perf_counter()
    store.Store(Home(home)).add_pain(entry)
    return time.perf_counter() - start


def tinydb(i):
    doc = dict(template, at=(now - timedelta(seconds=i + 1)).isoformat())
    start = time.perf_counter()
    db = TinyDB(tiny)
    db.table("pain").insert(doc)
    db.close()
    return time.perf_counter() - start


# First writes aside: the day's first write takes a backup, and imports happen once.
sitbone(10_000), tinydb(10_000)
for i in range(count):
    times["sitbone"].append(sitbone(i))
    times["tinydb"].append(tinydb(i))

# The same writes with the store and the table kept open, as the app keeps them.
kept, table = store.Store(Home(home)), TinyDB(tiny).table("pain")
kept.pain_entries()
for i in range(count):
    entry = PainEntry(at=now - timedelta(seconds=5000 + i), context="other", rest=2)
    start = time.perf_counter()
    kept.add_pain(entry)
    times["sitbone_warm"].append(time.perf_counter() - start)
    doc = dict(template, at=(now - timedelta(seconds=5000 + i)).isoformat())
    start = time.perf_counter()
    table.insert(doc)
    times["tinydb_warm"].append(time.perf_counter() - start)
print(json.dumps(times))
"""
