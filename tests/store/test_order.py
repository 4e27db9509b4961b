"""Records keep their true order through the hour the clocks go back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import time
from datetime import datetime
time.tzset()
from store.order import repeated, time_order
first = datetime(2026, 10, 25, 1, 50)   # logged in the first pass of the repeated hour
second = datetime(2026, 10, 25, 1, 20)  # logged 30 minutes later, in the second pass
assert repeated(first) and repeated(second)
assert not repeated(datetime(2026, 10, 25, 0, 59)) and not repeated(datetime(2026, 10, 25, 2, 0))
assert not repeated(datetime(2026, 3, 29, 1, 30))  # the hour skipped in spring is not repeated
keys = sorted([(time_order(second, 2), "second"), (time_order(first, 1), "first"),
               (time_order(datetime(2026, 10, 25, 0, 30), 3), "before"),
               (time_order(datetime(2026, 10, 25, 2, 30), 4), "after")])
assert [name for _, name in keys] == ["before", "first", "second", "after"], keys
# An ordinary day sorts by time, whatever the ids.
nine, eight = datetime(2026, 11, 2, 9), datetime(2026, 11, 2, 8)
plain = sorted([(time_order(nine, 1), 9), (time_order(eight, 2), 8)])
assert [hour for _, hour in plain] == [8, 9]
# Through the store, as `sitbone log pain` writes them one after the other.
import sys, tempfile
from pathlib import Path
from store import Home, Store
from store.records import PainEntry
home = Home(Path(tempfile.mkdtemp()) / "home")
store = Store(home, lambda: datetime(2026, 10, 26, 9))
store.add_pain(PainEntry(at=first, rest=1, note="first"))
store.add_pain(PainEntry(at=second, rest=2, note="second"))
assert [e.note for _, e in store.pain_entries()] == ["first", "second"]
print("ok")
"""


def test_the_hour_the_clocks_go_back_keeps_the_order_written() -> None:
    # A separate process: the time zone is process-wide.
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env={**os.environ, "TZ": "Europe/London"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "ok", result.stderr
