"""Real processes: writers killed with SIGKILL, writers racing, and racing CLI runs. A kill is
aimed, never timed: the child stops itself at a chosen moment of a write (test-only code in
its own process, see STOPS), says so, and is killed there."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from store import Home, Store

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 21, 9, 0)
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# Test-only code run at the top of each child below, in the child's own process: it can stop
# the child at one moment of writing the data file, print "stop <moment>" and wait there to
# be killed. The kill then lands exactly at that moment, however busy the machine is.
#   temp-empty     the temporary file is created, nothing written to it yet
#   temp-half      half of the new file written to the temporary file
#   before-rename  the temporary file written and flushed, not yet renamed over the file
#   after-rename   renamed over the file, its folder not yet flushed, nothing acknowledged
# (the writer also has after-write: the entry written, its acknowledgement not yet printed).
STOPS = """
import os
import sys
import threading
from pathlib import Path

import store.storage as storage
from store import Home

DATA_FILE = Home(Path(sys.argv[1])).data_file
armed = None  # the moment to stop at, during the next write of the data file
_temp_fds = set()


def stop(moment):
    print("stop", moment, flush=True)
    threading.Event().wait()  # until the SIGKILL


def _temp_of_data_file(path):
    path = Path(os.fsdecode(path))
    return path.parent == DATA_FILE.parent and path.name.startswith(f".{DATA_FILE.name}.")


class _StoppingOs:
    # The os module as store.storage sees it, with the stops on the way.
    def __getattr__(self, name):
        return getattr(os, name)

    def open(self, path, flags, *args, **kwargs):
        fd = os.open(path, flags, *args, **kwargs)
        if armed and _temp_of_data_file(path):
            _temp_fds.add(fd)
            if armed == "temp-empty":
                stop(armed)
        return fd

    def write(self, fd, data):
        if armed == "temp-half" and fd in _temp_fds:
            os.write(fd, bytes(data[: len(data) // 2]))
            os.fsync(fd)
            stop(armed)
        return os.write(fd, data)

    def close(self, fd):
        _temp_fds.discard(fd)
        os.close(fd)

    def replace(self, source, target):
        if armed and Path(os.fsdecode(target)) == DATA_FILE and armed == "before-rename":
            stop(armed)
        os.replace(source, target)
        if armed and Path(os.fsdecode(target)) == DATA_FILE and armed == "after-rename":
            stop(armed)


storage.os = _StoppingOs()
"""

# argv: home, tag, count, wait-for-go ("go" or "now"), where to stop ("-", or
# "<moment>@<index>": during the write of entry <index>). Prints "ready", then the index of
# each entry once add_pain has returned (that is, once the entry is acknowledged).
WRITER = (
    STOPS
    + """
from datetime import datetime, timedelta

from store import Store
from store.records import PainEntry

root, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
start, where = sys.argv[4], sys.argv[5]
moment, _, at = where.partition("@")
store = Store(Home(Path(root)), lambda: datetime(2026, 11, 21, 9, 0))
base = datetime(2026, 1, 1, 6, 0)
print("ready", flush=True)
if start == "go":
    sys.stdin.readline()
for i in range(count):
    if where != "-" and i == int(at):
        armed = moment
    store.add_pain(
        PainEntry(at=base + timedelta(minutes=i), rest=i % 11, note=f"{tag}-{i}")
    )
    if armed == "after-write":
        stop(armed)
    print(i, flush=True)
"""
)
# The moments a kill lands in the middle of writing: a temporary file is left behind.
MID_WRITE = ("temp-empty", "temp-half", "before-rename")


def clock() -> datetime:
    return NOW


def start_writer(
    home: Home, tag: str, count: int, *, gate: bool = False, where: str = "-"
) -> subprocess.Popen[str]:
    start = "go" if gate else "now"
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home.root), tag, str(count), start, where],
        cwd=ROOT,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def watchdog(*procs: subprocess.Popen[str], seconds: float = 60.0) -> Iterator[None]:
    """Kill the children if the test hangs on their pipes, so it fails instead."""

    def kill_all() -> None:
        for proc in procs:
            proc.kill()

    timer = threading.Timer(seconds, kill_all)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != "ready\n":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"writer did not start: {line!r}\n{err}")


def acknowledged(output: str) -> list[int]:
    """Indices on complete lines; a line cut short by the kill was never acknowledged."""
    lines = output.split("\n")
    return [int(line) for line in lines[:-1]]  # the last piece has no newline yet


def notes_on_disk(home: Home) -> list[str]:
    store = Store(home, clock)
    store.check()
    return [entry.note for _, entry in store.pain_entries()]


def temp_files(home: Home) -> list[Path]:
    return sorted(home.root.glob(".sitbone.json.*.tmp"))


def mine(home: Home, pid: int) -> list[Path]:
    """Temp files of process `pid`: it was killed between creating one and renaming it."""
    return [path for path in temp_files(home) if path.name.startswith(f".sitbone.json.{pid}.")]


def kill_where_it_stops(proc: subprocess.Popen[str], moment: str) -> list[int]:
    """Read the child's acknowledgements until it says it has stopped at `moment`, then
    SIGKILL it there. Returns the indices it acknowledged."""
    assert proc.stdout is not None
    acked = []
    for line in proc.stdout:
        if line.startswith("stop "):
            assert line.split() == ["stop", moment], line
            break
        acked.append(int(line))
    else:
        proc.kill()
        pytest.fail(f"the child ended before it stopped at {moment}: {proc.communicate()[1]}")
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err
    assert out == "", "nothing is acknowledged after the stop"
    return acked


# (moment, index of the entry being written): a kill at each moment of a write, in the first
# write to a new home and in later ones.
KILLS = [
    ("temp-empty", 0),
    ("temp-half", 3),
    ("before-rename", 2),
    ("after-rename", 3),
    ("after-write", 2),
    ("temp-half", 0),
]


def test_sigkill_mid_write_never_loses_an_acknowledged_entry(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    all_acked: set[str] = set()
    for round_no, (moment, at) in enumerate(KILLS):
        tag = f"r{round_no}"
        proc = start_writer(home, tag, 1_000_000, where=f"{moment}@{at}")
        with watchdog(proc, seconds=30):
            wait_ready(proc)
            indices = kill_where_it_stops(proc, moment)
        assert indices == list(range(at)), "acknowledged out of order"
        acked = {f"{tag}-{i}" for i in indices}
        all_acked |= acked
        # A temp file of this writer left behind: the kill came in the middle of a write.
        assert bool(mine(home, proc.pid)) == (moment in MID_WRITE), moment

        notes = notes_on_disk(home)  # check() passes after every kill
        assert len(notes) == len(set(notes)), "an entry was written twice"
        assert all_acked <= set(notes), sorted(all_acked - set(notes))[:5]
        # The entry in flight when the kill came is there only if the file was replaced.
        this_round = {note for note in notes if note.startswith(f"{tag}-")}
        in_flight = set() if moment in MID_WRITE else {f"{tag}-{at}"}
        assert this_round == acked | in_flight, moment
        # Each write first removes temp files a killed writer left, so they never pile up.
        assert len(temp_files(home)) <= 1

    # The next write removes whatever temp files the killed writers left behind.
    assert temp_files(home)
    Store(home, clock).add_pain(Store(home, clock).pain_entries()[0][1])
    assert temp_files(home) == []
    Store(home, clock).check()


# argv: home, backup a, backup b, where to stop ("<moment>@<index>": during restore <index>).
# Prints "ready", then the count of restores done, for ever.
RESTORER = (
    STOPS
    + """
from datetime import datetime

from store import Store

first, second, where = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
moment, _, at = where.partition("@")
store = Store(Home(Path(sys.argv[1])), lambda: datetime(2026, 11, 21, 9, 0))
print("ready", flush=True)
done = 0
while True:
    if done == int(at):
        armed = moment
    store.restore(first if done % 2 == 0 else second)
    done += 1
    print(done, flush=True)
"""
)


def tables_of(path: Path) -> dict:
    from store.storage import parse_data_file

    return parse_data_file(path, path.read_bytes()).tables


def test_sigkill_during_restore_always_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    from store.records import PainEntry

    home = Home(tmp_path / "home")
    sources = []
    for name, count in (("a", 3), ("b", 5)):
        source_home = Home(tmp_path / name)
        Store(source_home, clock).add_many(
            "pain", [PainEntry(at=NOW, rest=1, note=f"{name}{i}") for i in range(count)]
        )
        sources.append(source_home.data_file)
    Store(home, clock).add_pain(PainEntry(at=NOW, rest=2, note="original"))
    allowed = [tables_of(home.data_file), *(tables_of(path) for path in sources)]

    for moment, at in [("temp-half", 0), ("before-rename", 1), ("after-rename", 2),
                       ("temp-empty", 1)]:  # fmt: skip
        proc = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(home.root), *map(str, sources),
             f"{moment}@{at}"],
            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        with watchdog(proc, seconds=30):
            wait_ready(proc)
            restores = kill_where_it_stops(proc, moment)
        assert restores == list(range(1, at + 1))
        # Killed while the restored file was being written: its temp file is left behind.
        assert bool(mine(home, proc.pid)) == (moment in MID_WRITE), moment

        # Whenever the kill came: the data file is there, whole, old or new.
        assert home.data_file.is_file()
        assert tables_of(home.data_file) in allowed
        Store(home, clock).check()
        for kept in home.root.glob("sitbone.json.replaced-*"):
            assert tables_of(kept) in allowed
            kept.unlink()  # keep the folder small for the next round


@pytest.mark.parametrize(
    ("writers", "fresh_home"),
    [(2, False), (3, False), pytest.param(3, True, id="3-fresh-home")],
)
def test_concurrent_writers_lose_nothing(tmp_path: Path, writers: int, fresh_home: bool) -> None:
    count = 50
    home = Home(tmp_path / "home")
    if not fresh_home:
        home.ensure()
    procs = [start_writer(home, f"w{k}", count, gate=True) for k in range(writers)]
    with watchdog(*procs, seconds=120):
        for proc in procs:
            wait_ready(proc)
        for proc in procs:  # release them together so their writes interleave
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate() for proc in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert acknowledged(out) == list(range(count))

    store = Store(home, clock)
    store.check()
    entries = store.pain_entries()
    notes = [entry.note for _, entry in entries]
    expected = {f"w{k}-{i}" for k in range(writers) for i in range(count)}
    assert len(notes) == writers * count
    assert set(notes) == expected
    ids = {entry.note: doc_id for doc_id, entry in entries}
    for k in range(writers):
        # Each writer's entries got increasing ids: no write undid or reordered another.
        mine = [ids[f"w{k}-{i}"] for i in range(count)]
        assert mine == sorted(mine)
    assert temp_files(home) == []


def test_racing_cli_demos_fill_the_home_exactly_once(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    command = [sys.executable, "-m", "tui", "--home", str(home.root), "demo", "--weeks", "4"]
    procs = [
        subprocess.Popen(
            command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    with watchdog(*procs, seconds=120):
        results = [proc.communicate() for proc in procs]
    codes = [proc.returncode for proc in procs]

    from cli.main import main

    assert main(["--home", str(home.root), "check"]) == 0  # sitbone check: sound
    Store(home, clock).check()

    assert sorted(codes) == [0, 2, 2, 2], results
    for code, (out, err) in zip(codes, results, strict=True):
        if code == 0:
            match = re.search(r"([\d,]+) pain entries", out)
            assert match, out
            filled = int(match.group(1).replace(",", ""))
        else:
            assert out == ""
            assert len(err.splitlines()) == 1, err
            assert str(home.data_file) in err
            assert "already holds data" in err
    assert len(Store(home, clock).pain_entries()) == filled
    assert len(Store(home, clock).raw_table("profile")) == 1
