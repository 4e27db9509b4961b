"""The report as a document of sections, in words: what each format prints, decided once, so
the Markdown, HTML and PDF copies say the same. Lists that grow with the history are cut to
their latest rows (the cut is said), so the printed report stays within two pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from content.programs import clock_text
from journal import __version__
from journal.report.data import (
    ClinicianNote,
    ClinicianReport,
    FlagChange,
    MeasureRow,
    PainChart,
    PhaseEvent,
    RunRow,
)
from rules.run import Outcome
from rules.text import one_line
from rules.week import WeekReview

DISCLAIMER = (
    "sitbone educates and keeps a record; it does not diagnose. Its zones, gates and run "
    "outcomes apply clinical conventions (the pain-monitoring model and published walk/run "
    "ladders), and the runner may have moved on against them; the judgement is yours."
)
VISA_H_SOURCE = (
    "VISA-H: 0-100, higher is better (Cacchio et al. 2014, Br J Sports Med: the only "
    "questionnaire validated for proximal hamstring tendinopathy); only the total is stored."
)
# Row limits that keep the printed report within two pages, however long the history.
FLAG_ROWS, EVENT_ROWS, TEST_ROWS, RUN_ROWS, MEASURE_ROWS, NOTE_ROWS = 5, 6, 8, 5, 6, 6
REASON_CHARS, NOTE_CHARS = 160, 240


@dataclass(frozen=True)
class Facts:
    """Label and value pairs."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lines:
    lines: tuple[str, ...]
    alert: bool = False  # shown so it cannot be missed: an open red flag, a flare


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths, for the printed formats
    left_off: str = ""  # e.g. "3 earlier rows not shown"


@dataclass(frozen=True)
class Chart:
    chart: PainChart


Block = Facts | Lines | Table | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: tuple[str, ...]


def document(report: ClinicianReport) -> Document:
    period = report.period
    weeks = "1 week" if period.weeks == 1 else f"{period.weeks} weeks"
    return Document(
        title="Clinician report: proximal hamstring tendinopathy rehab",
        subtitle=(
            f"{_day(period.first)} to {_day(period.last)} ({weeks}); "
            f"made {report.made:%Y-%m-%d %H:%M} by sitbone {__version__}"
        ),
        sections=(
            _runner(report),
            _phase(report),
            Section("Morning pain", (Chart(report.chart), Lines((_chart_summary(report.chart),)))),
            _weekly(report.weeks),
            _tests(report),
            _running(report),
            _measures(report.outcomes),
            _notes(report.notes),
        ),
        footer=(DISCLAIMER,),
    )


# -- sections ------------------------------------------------------------------------------


def _runner(report: ClinicianReport) -> Section:
    person = report.person
    if person is None:
        facts = Facts((("Profile", "none yet: the runner has not set one up"),))
    else:
        side = "both sides" if person.side == "both" else f"{person.side} side"
        weeks = "1 week" if person.weeks_since_onset == 1 else f"{person.weeks_since_onset} weeks"
        facts = Facts(
            (
                ("Injured", side),
                ("Symptoms began", f"{_day(person.onset)} ({weeks} ago)"),
                ("Running", person.running.removeprefix("running: ")),
            )
        )
    if report.open_flags:
        open_lines = tuple(
            f"OPEN RED FLAG ({flag.urgency}): {flag.title}"
            + (f", raised {_day(flag.since.date())}" if flag.since else "")
            + f". {flag.action}"
            for flag in report.open_flags
        )
    else:
        open_lines = ("Red flags open: none.",)
    blocks: list[Block] = [facts, Lines(open_lines, alert=bool(report.open_flags))]
    if report.flag_history:
        kept, left_off = _latest(report.flag_history, FLAG_ROWS)
        blocks.append(
            Table(
                ("Date", "Red flags", "Change", "Reason"),
                tuple(_flag_row(change) for change in kept),
                (1.1, 2.6, 0.8, 3.7),
                _left_off(left_off, "earlier change"),
            )
        )
    else:
        blocks.append(Lines(("Red-flag history: none raised.",)))
    return Section("The runner", tuple(blocks))


def _flag_row(change: FlagChange) -> tuple[str, ...]:
    return (
        _day(change.at.date()),
        ", ".join(change.flags),
        "raised" if change.raised else "cleared",
        _short(change.reason, REASON_CHARS) or "-",
    )


def _phase(report: ClinicianReport) -> Section:
    phase = report.phase
    gate = phase.gate
    if gate is None:
        verdict = "the last phase: it has no exit gate"
    elif gate.passed:
        verdict = f"passed: every criterion to phase {gate.next_phase} is met"
    else:
        verdict = f"{gate.met} of {len(gate.criteria)} criteria to phase {gate.next_phase} met"
    blocks: list[Block] = [
        Facts(
            (
                ("Phase", f"{phase.number}: {phase.name}"),
                ("In it", f"day {phase.day_in_phase} (since {_day(phase.since)})"),
                ("Exit gate", verdict),
            )
        )
    ]
    if phase.warning:
        blocks.append(Lines((phase.warning,), alert=True))
    if gate is not None:
        blocks.append(
            Table(
                ("Criterion", "State", "Evidence"),
                tuple((c.label, c.state.words, c.evidence) for c in gate.criteria),
                (3.2, 0.9, 4.1),
            )
        )
    kept, left_off = _latest(report.timeline, EVENT_ROWS)
    if kept:
        blocks.append(
            Table(
                ("Date", "Phase history", "Reason"),
                tuple(_event_row(event) for event in kept),
                (1.1, 2.6, 4.5),
                _left_off(left_off, "earlier change"),
            )
        )
    else:
        blocks.append(Lines(("Phase history: in phase 1 since the start, no change yet.",)))
    return Section("Phase now", tuple(blocks))


def _event_row(event: PhaseEvent) -> tuple[str, ...]:
    if event.kind == "running unlocked":
        what = f"running unlocked in phase {event.from_phase}"
    else:
        what = f"phase {event.from_phase} to {event.to_phase}: {event.kind}"
    reason = "" if event.reason == event.kind else event.reason
    return (_day(event.at.date()), what, _short(reason, REASON_CHARS) or "-")


def _chart_summary(chart: PainChart) -> str:
    days = (chart.period.last - chart.period.first).days + 1
    count = len(chart.mornings)
    parts = [f"{count} morning {'check-in' if count == 1 else 'check-ins'} in {days} days"]
    parts.append(f"flares: {_days(chart.flares)}" if chart.flares else "no flare")
    if chart.worsening:
        parts.append(f"worsening: {_days(chart.worsening)}")
    limits = chart.limits
    parts.append(
        f"zones: 0-{limits.green_max} green, {limits.green_max + 1}-{limits.amber_max} amber, "
        f"{limits.amber_max + 1}-10 red"
    )
    return "; ".join(parts) + "."


def _weekly(weeks: Sequence[WeekReview]) -> Section:
    rows = tuple(
        (
            _day(week.start),
            str(week.phase),
            f"{week.check_ins}/{week.days}",
            _mean_change(week.rest_mean, week.rest_change),
            _mean_change(week.load_test_mean, week.load_test_change),
            _flare_days(week),
            "-" if week.adherence_pct is None else f"{week.adherence_pct}%",
            f"{week.sets_done}/{week.sets_planned}",
            _week_runs(week),
            "-" if week.sitting_min is None else f"{week.sitting_min} min",
            _bridge(week),
            "-" if week.visa_h is None else str(week.visa_h),
        )
        for week in weeks
    )
    columns = (
        "Week of", "Ph", "Mornings", "Rest", "Load test", "Flare/ worse",
        "Adhered", "Sets", "Runs", "Sitting", "Bridge L/R", "VISA-H",
    )  # fmt: skip
    widths = (1.15, 0.35, 0.85, 0.85, 0.85, 0.7, 0.75, 0.75, 1.5, 0.55, 0.95, 0.6)
    explain = Lines(
        (
            "Mornings: check-ins of the days counted. Rest, load test: the mean morning score "
            "(0-10), with the change from the week before. Flare/worse: days judged a flare "
            "and worsening. Adhered: the plan's exercise-days done. Sets: done of planned. "
            "Runs: each run's outcome (P pass, R repeat, S step back, W waiting). Sitting: "
            "the most minutes before pain. Bridge: single-leg bridge reps to failure, "
            "left/right, and the injured side as a % of the other.",
        )
    )
    if not rows:
        return Section("Week by week", (Lines(("No week to show yet.",)),))
    return Section("Week by week", (Table(columns, rows, widths), explain))


def _mean_change(value: float | None, change: float | None) -> str:
    if value is None:
        return "-"
    if change is None:
        return f"{value:.1f}"
    return f"{value:.1f} ({change:+.1f})"


def _flare_days(week: WeekReview) -> str:
    if not week.flare_days and not week.worsening_days:
        return "0"
    return f"{len(week.flare_days)}/{len(week.worsening_days)}"


# One letter per outcome, for a week's runs in a narrow column.
OUTCOME_LETTERS = {
    Outcome.PASS: "P",
    Outcome.REPEAT: "R",
    Outcome.STEP_BACK: "S",
    Outcome.PENDING: "W",
}


def _week_runs(week: WeekReview) -> str:
    if not week.runs:
        return "-"
    stages = sorted({item.run.stage for item in week.runs})
    letters = "".join(
        OUTCOME_LETTERS[item.verdict.outcome] if item.verdict else "?" for item in week.runs
    )
    shown = str(stages[0]) if len(stages) == 1 else f"{stages[0]}-{stages[-1]}"
    return f"{letters} (stage {shown})"


def _bridge(week: WeekReview) -> str:
    if week.bridge_left is None or week.bridge_right is None:
        return "-"
    symmetry = "" if week.bridge_symmetry_pct is None else f" {week.bridge_symmetry_pct:.0f}%"
    return f"{week.bridge_left}/{week.bridge_right}{symmetry}"


def _tests(report: ClinicianReport) -> Section:
    """Bridge reps and sitting tolerance, by date, from the check-ins."""
    injured = report.person.side if report.person else "both"
    by_day: dict[date, list[str]] = {}
    for point in report.bridges:
        symmetry = "-" if point.symmetry is None else f"{point.symmetry:g}%"
        by_day[point.day] = [str(point.left), str(point.right), symmetry, "-"]
    for sat in report.sitting:
        row = by_day.setdefault(sat.day, ["-", "-", "-", "-"])
        row[3] = f"{sat.minutes} min" + (f" ({sat.chair} chair)" if sat.chair else "")
    kept, left_off = _latest(sorted(by_day.items()), TEST_ROWS)
    if not kept:
        return Section(
            "Bridge and sitting", (Lines(("No bridge or sitting test in this period.",)),)
        )
    symmetry = "weaker as % of stronger" if injured == "both" else f"{injured} as % of other side"
    table = Table(
        ("Date", "Bridge left", "Bridge right", f"Symmetry ({symmetry})", "Sitting before pain"),
        tuple((_day(day), *row) for day, row in kept),
        (1.1, 0.9, 0.9, 1.9, 2.2),
        _left_off(left_off, "earlier test"),
    )
    return Section("Bridge and sitting", (table,))


def _running(report: ClinicianReport) -> Section:
    progress = report.runs
    rows = progress.rows
    blocks: list[Block] = []
    if progress.next is not None:
        blocks.append(
            Facts(
                (
                    ("Program", progress.program),
                    ("Next", f"stage {progress.next.stage}. {progress.next.reason}"),
                )
            )
        )
    if not rows:
        blocks.append(Lines(("No run in this period.",)))
        return Section("Return to running", tuple(blocks))
    blocks.append(_stages(rows))
    kept, left_off = _latest(rows, RUN_ROWS)
    blocks.append(
        Table(
            ("Date", "Stage", "Done", "Pain", "Outcome", "Why"),
            tuple(_run_row(row) for row in kept),
            (1.1, 0.5, 1.2, 0.5, 0.8, 4.1),
            _left_off(left_off, "earlier run"),
        )
    )
    return Section("Return to running", tuple(blocks))


def _stages(rows: Sequence[RunRow]) -> Table:
    """Each stage run in the period: from when to when, and how its sessions went."""
    stages: dict[tuple[str, int], list[RunRow]] = {}
    for row in rows:
        stages.setdefault((row.program, row.stage), []).append(row)
    programs = {row.program for row in rows}
    table_rows = []
    for (program, stage), runs in stages.items():
        counts: dict[str, int] = {}
        for run in runs:
            label = run.outcome.label if run.outcome else "not judged"
            counts[label] = counts.get(label, 0) + 1
        name = f"{stage}" if len(programs) == 1 else f"{stage} ({program})"
        table_rows.append(
            (
                name,
                f"{_day(runs[0].at.date())} to {_day(runs[-1].at.date())}",
                str(len(runs)),
                ", ".join(f"{n} {label}" for label, n in counts.items()),
            )
        )
    return Table(("Stage", "Dates", "Runs", "Outcomes"), tuple(table_rows), (0.9, 2.4, 0.6, 4.3))


def _run_row(row: RunRow) -> tuple[str, ...]:
    done = f"{'all' if row.completed else 'part'} {clock_text(row.seconds_done)}"
    return (
        _day(row.at.date()),
        str(row.stage),
        done,
        "-" if row.pain is None else f"{row.pain}/10",
        row.outcome.label if row.outcome else "-",
        row.reason,
    )


def _measures(rows: Sequence[MeasureRow]) -> Section:
    if not rows:
        return Section(
            "Outcome measures",
            (Lines(("No VISA-H or sitting test recorded yet.", VISA_H_SOURCE)),),
        )
    kept, left_off = _latest(rows, MEASURE_ROWS)
    table = Table(
        ("Date", "Week", "Measure", "Note"),
        tuple(
            (
                _day(row.at.date()),
                "-" if row.week is None else str(row.week),
                row.words,
                _short(row.note, REASON_CHARS) or "-",
            )
            for row in kept
        ),
        (1.1, 0.6, 3.0, 3.5),
        _left_off(left_off, "earlier measure"),
    )
    return Section("Outcome measures", (table, Lines((VISA_H_SOURCE,))))


def _notes(notes: Sequence[ClinicianNote]) -> Section:
    if not notes:
        return Section("Notes for you", (Lines(("The runner marked no note in this period.",)),))
    kept, left_off = _latest(notes, NOTE_ROWS)
    table = Table(
        ("When", "From", "Note"),
        tuple(
            (
                f"{note.at:%Y-%m-%d %H:%M}",
                f"{note.source}: {note.facts}",
                _short(note.text, NOTE_CHARS) or "(no note: the record itself was marked)",
            )
            for note in kept
        ),
        (1.3, 2.6, 4.3),
        _left_off(left_off, "earlier note"),
    )
    return Section("Notes for you", (table,))


# -- words ---------------------------------------------------------------------------------

T = TypeVar("T")


def _latest(items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The last `limit` items and how many were left off before them."""
    kept = list(items[-limit:]) if len(items) > limit else list(items)
    return kept, len(items) - len(kept)


def _left_off(count: int, what: str) -> str:
    if not count:
        return ""
    return f"{count} {what}{'' if count == 1 else 's'} not shown (see the app)."


def _day(day: date) -> str:
    return day.isoformat()


def _days(days: Sequence[date]) -> str:
    return ", ".join(f"{day:%d %b}" for day in days)


def _short(text: str, limit: int) -> str:
    """`text` on one line, control characters shown as symbols, cut at `limit` characters
    (the cut is marked)."""
    line = one_line(text).strip()
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."
