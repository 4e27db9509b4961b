"""Sessions in the app for bench/run.py: one start of sitbone per history (and of the bare
six-screen app) in which screen switching, peak memory, the run timer and idle CPU are read.

A session goes: the Dashboard filled; keys 1-6 (first visits, each switch timed, then on each
screen the idle CPU when it is read this run); peak memory; keys 1-6 again (revisits, timed);
a timed run of the bench program; keys 1-6 once more with the idle CPU after the run."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial

from baselines import (
    BARE_SIX_APP,
    TIMER_PROGRAM,
    TIMER_PROGRAM_ID,
    TIMER_PROGRAM_NAME,
    TIMER_SEGMENTS,
)
from figures import (
    BARE_SIX_READY,
    KEYS,
    SCREEN_NAMES,
    START_TIMEOUT_S,
    STILL_S,
    Bench,
    Result,
    Row,
    Visitor,
    median,
    ms,
    opened,
    sitbone_ready,
)
from terminal import Pane

SESSION_FIGURES = ("switch", "memory", "timer", "idle")
TOAST = "Add pain during later"  # the note after a run whose pain score is left for later


@dataclass
class Session:
    first: dict[str, float] = field(default_factory=dict)  # key -> switch time, first visit
    again: dict[str, float] = field(default_factory=dict)  # key -> switch time, revisit
    idle_before: dict[str, float] = field(default_factory=dict)  # key -> CPU fraction
    idle_after: dict[str, float] = field(default_factory=dict)
    peak_kb: int = 0  # VmHWM once every screen has been shown
    peak_end_kb: int = 0  # VmHWM at the end of the session
    late: list[float] = field(default_factory=list)  # each segment change, from the press
    late_from_frame: list[float] = field(default_factory=list)  # from the run's first frame
    first_frame: float | None = None  # from the press of space to the run's first frame
    end_late: float | None = None  # the end dialog, from when the session should end


def slowest(samples: dict[str, list[float]]) -> tuple[str, float, dict[str, float]]:
    """The screen key whose median is highest, that median, and every key's median."""
    per_key = {key: median(values) for key, values in samples.items()}
    worst = max(per_key, key=lambda key: per_key[key])
    return worst, per_key[worst], per_key


def contains(marker: str, text: str) -> bool:
    return marker in text


def idle_cpu(pane: Pane, seconds: float) -> float:
    """The process's CPU fraction over `seconds` with no keys."""
    cpu0, wall0 = pane.cpu_s()[0], time.perf_counter()
    time.sleep(seconds)
    return (pane.cpu_s()[0] - cpu0) / (time.perf_counter() - wall0)


def first_visits(visitor: Visitor, found: Session, idle_s: float | None) -> None:
    for key in KEYS:
        took = visitor.go(key)
        if took is not None:
            found.first[key] = took
        if idle_s is not None:
            found.idle_before[key] = idle_cpu(visitor.pane, idle_s)


def revisits(visitor: Visitor, found: Session) -> None:
    for key in KEYS:
        took = visitor.go(key)
        if took is not None:
            found.again[key] = took


def timed_run(visitor: Visitor, found: Session, to_the_end: bool) -> None:
    """Key 5, choose the bench program (p, End, Enter), space; when the screen shows each new
    segment against when it is due (the press of space + the segments before). With
    `to_the_end`, also the end, and the after-run dialog closed and its note gone."""
    pane = visitor.pane
    visitor.go("5")
    pane.send("p")
    pane.wait_for(lambda t: TIMER_PROGRAM_NAME in t and "Run program" in t, "the program picker")
    pane.send("End")  # user programs come after the built-in one: this is the only one
    pane.send("Enter")
    pane.wait_for(lambda t: f"{TIMER_PROGRAM_NAME}  stage 1" in t, "the bench program chosen")
    pane.settle(STILL_S)
    count = len(TIMER_SEGMENTS)
    sent = pane.send("Space")
    shown, _ = pane.wait_for(lambda t: f"segment 1 of {count}" in t, "the run started")
    found.first_frame = shown - sent
    due = 0.0
    for index, (_, seconds) in enumerate(TIMER_SEGMENTS[:-1], start=2):
        due += seconds
        # Read the screen fast only near the change, so reading it costs no CPU before.
        time.sleep(max(0.0, sent + due - 0.3 - time.perf_counter()))
        seen, _ = pane.wait_for(
            partial(contains, f"segment {index} of {count}"), f"segment {index}", timeout=due + 10
        )
        found.late.append(seen - (sent + due))
        found.late_from_frame.append(seen - (shown + due))
    if not to_the_end:
        return
    due += TIMER_SEGMENTS[-1][1]
    time.sleep(max(0.0, sent + due - 0.3 - time.perf_counter()))
    end, _ = pane.wait_for(lambda t: "Session complete" in t, "the end of the run", due + 10)
    found.end_late = end - (sent + due)
    pane.send("Escape")  # "later": no pain score now
    pane.wait_for(lambda t: TOAST in t, "the note after the run", timeout=10, poll=0.05)
    pane.wait_for(lambda t: TOAST not in t, "the note to go", timeout=30, poll=0.05)
    pane.settle(STILL_S)


def sitbone_session(bench: Bench, label: str, wanted: set[str], idle: bool) -> Session:
    home = bench.copy(label)
    (home / "programs").mkdir(exist_ok=True)
    (home / "programs" / f"{TIMER_PROGRAM_ID}.yaml").write_text(TIMER_PROGRAM, encoding="utf-8")
    # Running unlocked in any phase: the profile says "running now" (monitored running).
    bench.cli("--home", str(home), "profile", "--running", "yes")
    found = Session()
    with opened(bench.sitbone_pane(home, "sitbone-session")) as pane:
        sitbone_ready(pane)
        pane.settle(STILL_S)
        visitor = Visitor(pane)
        if idle or wanted & {"switch", "memory"}:
            first_visits(visitor, found, bench.idle_s if idle else None)
            found.peak_kb = pane.peak_kb()
        if "switch" in wanted:
            revisits(visitor, found)
        if idle or "timer" in wanted:
            timed_run(visitor, found, to_the_end=idle)
        if idle:
            for key in KEYS:
                visitor.go(key)
                found.idle_after[key] = idle_cpu(pane, bench.idle_s)
        found.peak_end_kb = pane.peak_kb()
    return found


def bare_session(bench: Bench, wanted: set[str], idle: bool) -> Session:
    found = Session()
    with opened(bench.app_pane("bare_six.py", BARE_SIX_APP, "bare-six")) as pane:
        pane.wait_for(lambda t: BARE_SIX_READY in t, "the bare app", START_TIMEOUT_S)
        pane.settle(STILL_S)
        visitor = Visitor(pane, {key: f"bare screen {key}" for key in KEYS})
        first_visits(visitor, found, bench.idle_s if idle else None)
        found.peak_kb = found.peak_end_kb = pane.peak_kb()
        if "switch" in wanted:
            revisits(visitor, found)
    return found


def sessions(bench: Bench, wanted: set[str]) -> Result:
    """`wanted`: some of SESSION_FIGURES. Idle CPU is read in the first `bench.idle_runs` runs."""
    bares: list[Session] = []
    ours: dict[str, list[Session]] = {label: [] for label in bench.histories}
    for run in range(bench.runs):
        idle = "idle" in wanted and run < bench.idle_runs
        now = wanted - {"idle"}
        if not now and not idle:
            break
        if idle or now & {"switch", "memory"}:
            bares.append(bare_session(bench, now, idle))
        for label in bench.histories:
            ours[label].append(sitbone_session(bench, label, now, idle))
    result = Result()
    if "switch" in wanted:
        switch_rows(bench, result, bares, ours)
    if "timer" in wanted:
        timer_rows(bench, result, ours)
    if "idle" in wanted:
        idle_rows(bench, result, bares, ours)
    if "memory" in wanted:
        memory_rows(bench, result, bares, ours)
    return result


def switch_rows(
    bench: Bench, result: Result, bares: list[Session], ours: dict[str, list[Session]]
) -> None:
    result.notes.append(
        f"switch: from a still screen (unchanged for {STILL_S:g} s), tmux send-keys of the "
        "number to the first capture-pane that differs; first visits are keys 2-6 once the "
        "Dashboard is filled, revisits keys 1-6 after them. Baseline: a bare app of six "
        "Textual screens (Header, Static, Footer) as modes on keys 1-6, its screens pooled. "
        "The table shows sitbone's slowest screen (its median over runs)."
    )
    for visit, words in (("first", "first visit"), ("again", "revisit")):
        base = median([x for s in bares for x in getattr(s, visit).values()])
        for label in bench.histories:
            keys = getattr(ours[label][0], visit)
            samples = {k: [getattr(s, visit)[k] for s in ours[label]] for k in keys}
            worst, value, per_key = slowest(samples)
            result.rows.append(
                Row(
                    "switch",
                    f"switch, {words} (worst: {worst} {SCREEN_NAMES[worst]})",
                    label,
                    value,
                    base,
                    "ms",
                    "<= 1.5x",
                    value / base <= 1.5,
                )
            )
            result.notes.append(
                f"switch, {words}, {label}: "
                + ", ".join(f"{k} {SCREEN_NAMES[k]} {ms(v)}" for k, v in per_key.items())
            )
        result.notes.append(
            f"switch, {words}, bare app: "
            + ", ".join(
                f"{k} {ms(median([getattr(s, visit)[k] for s in bares]))}"
                for k in getattr(bares[0], visit)
            )
        )


def timer_rows(bench: Bench, result: Result, ours: dict[str, list[Session]]) -> None:
    result.notes.append(
        "timer: a program in the home's programs folder (walk 3 s, run 3 s, walk 3 s); keys 5, "
        "p, End, Enter, space. Lateness = the first capture-pane showing 'segment N of 3' "
        "minus (the moment space was sent + the segments before), so it counts the key's way "
        "to the app and the write of the run's start; the table gives each session's later "
        "change, median over runs."
    )
    for label in bench.histories:
        sessions = ours[label]
        worst = median([max(s.late) for s in sessions])
        result.rows.append(
            Row(
                "timer",
                "run timer: segment change late by",
                label,
                worst,
                None,
                "s",
                "<= 0.10 s",
                worst <= 0.10,
            )
        )
        ends = [s.end_late for s in sessions if s.end_late is not None]
        result.notes.append(
            f"timer, {label}: each change late by "
            + ", ".join(f"{x * 1000:.0f}" for s in sessions for x in s.late)
            + " ms from the press of space; "
            + ", ".join(f"{x * 1000:.0f}" for s in sessions for x in s.late_from_frame)
            + " ms from the run's first frame (which came "
            + ", ".join(f"{(s.first_frame or 0) * 1000:.0f}" for s in sessions)
            + " ms after space)"
            + (f"; the end dialog {', '.join(ms(x) for x in ends)} after the end" if ends else "")
        )


def idle_rows(
    bench: Bench, result: Result, bares: list[Session], ours: dict[str, list[Session]]
) -> None:
    measured = [s for s in bares if s.idle_before]
    bare = {key: median([s.idle_before[key] for s in measured]) for key in KEYS}
    base_key = max(bare, key=lambda k: bare[k])
    base = bare[base_key]
    runs = f"{len(measured)} run{'s' * (len(measured) > 1)}"
    result.notes.append(
        f"idle: on each screen 1-6, once still, the process's CPU (schedstat, all threads) over "
        f"{bench.idle_s:g} s without keys, in {runs}; before the timed run and after it (its "
        "note gone). The table sets sitbone's busiest screen against the bare six-screen "
        f"app's busiest (screen {base_key}); the bare app's screens: "
        + ", ".join(f"{k} {v * 100:.2f}%" for k, v in bare.items())
    )
    for when in ("before", "after"):
        for label in bench.histories:
            readings = [getattr(s, f"idle_{when}") for s in ours[label]]
            readings = [r for r in readings if r]
            worst, value, per_key = slowest({key: [r[key] for r in readings] for key in KEYS})
            result.rows.append(
                Row(
                    "idle",
                    f"idle CPU {when} a run (worst: {worst} {SCREEN_NAMES[worst]})",
                    label,
                    value,
                    base,
                    "%",
                    "<= 1.5x",
                    value <= 1.5 * base,
                )
            )
            result.notes.append(
                f"idle {when} a run, {label}: "
                + ", ".join(f"{k} {SCREEN_NAMES[k]} {v * 100:.2f}%" for k, v in per_key.items())
            )


def memory_rows(
    bench: Bench, result: Result, bares: list[Session], ours: dict[str, list[Session]]
) -> None:
    base = median([s.peak_kb for s in bares]) / 1024
    for label in bench.histories:
        value = median([s.peak_kb for s in ours[label]]) / 1024
        result.rows.append(
            Row(
                "memory",
                "peak memory after every screen",
                label,
                value,
                base,
                "MB",
                "<= 2x",
                value <= 2 * base,
            )
        )
    result.notes.append(
        "memory: VmHWM of /proc/PID/status once screens 1-6 have each been shown (the bare "
        "six-screen app's once its six have); at the end of the session, after the run: "
        + ", ".join(
            f"{label} {median([s.peak_end_kb for s in ours[label]]) / 1024:.1f} MB"
            for label in bench.histories
        )
    )
