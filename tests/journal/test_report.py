"""The clinician report: what it says comes from the journal's own rules, every format says it,
the printed copy stays within two pages, and whatever a person typed stays text."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from markdown_it import MarkdownIt
from pypdf import PdfReader

from content.loader import load_library
from journal.journal import Journal
from journal.report import ReportPathError, default_path, write_report
from journal.report.data import ClinicianReport, clinician_report
from journal.report.layout import DISCLAIMER, document
from journal.report.markdown import _text as markdown_text
from journal.report.pdf import latin1
from journal.report.write import render
from store import Home, Store
from store.records import OutcomeMeasure, PhaseChange, RedFlagChange, RunUnlock
from tests.conftest import NOW, TODAY, demo_data, fixed_clock
from tests.hostile import PAYLOADS, hostile_text, raw_controls

# What a person might type to break a report: markup of every format, links, controls, emoji,
# bidirectional marks.
HOSTILE = (
    "\x1b]2;owned\x07 🦵😀 \u202eevil\u202c\u200f \x00\x9b31m <script>alert(1)</script> "
    "**b** _i_ `c` [l](http://e.example/a) http://e.example/b www.e.example m@e.example "
    "| cell | # h &amp;"
)
SECTIONS = (
    "The runner",
    "Phase now",
    "Morning pain",
    "Week by week",
    "Bridge and sitting",
    "Return to running",
    "Outcome measures",
    "Notes for you",
)


def rich(home: Home, text: str = HOSTILE, notes: int = 1, weeks: int = 10, flags: int = 1) -> Home:
    """The 10-week demo with what it lacks added: outcome measures, notes marked for the
    clinician (pain entry, exercise session and run), an open red flag, a step back; every
    reason and note `text`."""
    store = Store(home, fixed_clock)
    assert store.fill_if_empty(demo_data(weeks))
    at = NOW - timedelta(days=70)
    store.add("outcomes", OutcomeMeasure(at=at, kind="visa-h", score=48))
    store.add("outcomes", OutcomeMeasure(at=NOW - timedelta(days=3), kind="visa-h", score=71))
    store.add(
        "outcomes",
        OutcomeMeasure(
            at=NOW - timedelta(days=2),
            kind="sitting",
            sitting_min=40,
            chair="hard",
            note=text[:500],
        ),
    )
    pains = store.pain_entries()
    for record_id, entry in pains[-notes:]:
        store.replace(
            "pain", record_id, entry, entry.model_copy(update={"for_clinician": True, "note": text})
        )
    sid, session = store.exercise_sessions()[-1]
    store.replace(
        "exercise_sessions",
        sid,
        session,
        session.model_copy(update={"for_clinician": True, "note": text[:500]}),
    )
    rid, run = store.runs()[-1]
    store.replace(
        "runs", rid, run, run.model_copy(update={"for_clinician": True, "note": text[:500]})
    )
    store.add(
        "phase_history",
        PhaseChange(at=NOW - timedelta(hours=1), from_phase=3, to_phase=2, reason=text[:500]),
    )
    profile = store.profile()
    assert profile is not None
    raised = tuple(flag.id for flag in load_library().red_flags[:flags])
    flagged = profile.model_copy(update={"red_flags": raised})
    store.save_profile_with_flags(
        flagged, RedFlagChange(at=NOW - timedelta(minutes=30), raised=raised)
    )
    return home


@pytest.fixture
def rich_home(home: Home) -> Home:
    return rich(home)


def report_of(home: Home, weeks: int = 12) -> ClinicianReport:
    return clinician_report(Journal.open(home, fixed_clock), weeks)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


# -- what it says --------------------------------------------------------------------------


def test_the_report_says_what_the_journal_says(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    report = clinician_report(journal, 12)
    state = journal.program()
    assert report.phase.number == state.phase.number
    assert report.phase.day_in_phase == state.day_in_phase
    assert report.phase.gate == state.gate
    assert report.weeks == journal.weekly_review(12)
    # The period is the weeks reviewed: the demo is 10 weeks old, so fewer than asked.
    assert report.period.first == report.weeks[0].start
    assert report.period.last == TODAY
    running = journal.running()
    for row in report.runs.rows:
        (record_id,) = [i for i, run in running.runs if run.at == row.at]
        assert row.outcome == running.verdicts[record_id].outcome
        assert row.reason == running.verdicts[record_id].reason
    assert report.runs.next == running.next
    profile = journal.profile()
    assert profile is not None and report.person is not None
    assert report.person.onset == profile.symptoms_began
    assert report.person.weeks_since_onset == (TODAY - profile.symptoms_began).days // 7
    assert [change.at for change in report.flag_history] == [
        change.at for change in journal.red_flag_history()
    ]


def test_the_chart_marks_the_flares_the_pain_trend_finds(demo_home: Home) -> None:
    from rules.trends import TrendRange, pain_trend

    journal = Journal.open(demo_home, fixed_clock)
    chart = clinician_report(journal, 12).chart
    entries = [entry for _, entry in journal.pain_entries()]
    trend = pain_trend(entries, TrendRange.DAYS_90, TODAY, journal.limits, journal.load_tests())
    assert chart.flares == [day for day in trend.flares if day >= chart.period.first]
    assert chart.worsening == [day for day in trend.worsening if day >= chart.period.first]
    assert [m.day for m in chart.mornings] == [
        m.day for m in trend.mornings if m.day >= chart.period.first
    ]


def test_the_period_is_limited_by_weeks(demo_home: Home) -> None:
    report = report_of(demo_home, weeks=2)
    assert len(report.weeks) == 2
    assert report.period.first == report.weeks[0].start
    assert all(row.at.date() >= report.period.first for row in report.runs.rows)
    assert all(m.day >= report.period.first for m in report.chart.mornings)
    with pytest.raises(ValueError, match="1 to 26"):
        report_of(demo_home, weeks=27)


def test_the_demo_with_measures_and_notes_fills_every_section(rich_home: Home) -> None:
    report = report_of(rich_home)
    assert report.person and report.open_flags and report.flag_history
    assert report.timeline and report.chart.mornings and report.chart.runs
    assert report.weeks and report.bridges and report.sitting
    assert {row.kind for row in report.outcomes} == {"visa-h", "sitting"}
    assert {note.source.split(" ")[0].rstrip(":") for note in report.notes} == {
        "pain",
        "exercise",
        "run",
    }
    laid_out = document(report)
    assert tuple(section.title for section in laid_out.sections) == SECTIONS
    for section in laid_out.sections:
        assert section.blocks, section.title
    # The step back and the open flag are there, with their words.
    assert any(event.kind == "step back" for event in report.timeline)
    assert report.open_flags[0].title


def test_the_ten_week_demo_fills_every_section(demo_home: Home) -> None:
    report = report_of(demo_home)
    assert report.person and report.flag_history and report.timeline
    assert report.chart.mornings and report.chart.runs and report.chart.phases
    assert report.weeks and report.bridges and report.sitting
    assert report.runs.rows and report.outcomes and report.notes
    markdown = render(report, "md").decode()
    for title in SECTIONS:
        assert f"## {title}" in markdown
    assert "No VISA-H" not in markdown and "marked no note" not in markdown
    assert "No run in this period" not in markdown and "No bridge" not in markdown


def test_a_home_without_a_profile_still_makes_a_report(home: Home) -> None:
    text = render(report_of(home), "md").decode()
    assert "none yet" in text and "Phase now" in text
    assert render(report_of(home), "pdf").startswith(b"%PDF")


# -- every format ---------------------------------------------------------------------------


def test_markdown_has_each_section_and_the_numbers(rich_home: Home) -> None:
    report = report_of(rich_home)
    text = render(report, "md").decode()
    for title in SECTIONS:
        assert f"## {title}" in text
    assert f"{report.phase.number}: {report.phase.name}" in text
    assert "VISA-H 71/100" in text
    assert "Cacchio et al. 2014" in text
    assert DISCLAIMER in text
    first = report.weeks[0]
    assert f"| {first.start.isoformat()} | {first.phase} | {first.check_ins}/{first.days} |" in text


def test_html_is_self_contained_with_an_svg_chart_and_the_numbers(rich_home: Home) -> None:
    report = report_of(rich_home)
    text = render(report, "html").decode()
    assert text.count("<svg") == 1 and "<polyline" in text
    assert "@page" in text and "@media print" in text
    assert "Content-Security-Policy" in text
    # Nothing outside the file: no script, no link, no image, no external reference.
    assert not re.search(r"<(script|link|img|iframe|object)\b", text)
    assert not re.search(r"\b(src|href)=", text)
    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in text
    assert "VISA-H 71/100" in text
    assert f"day {report.phase.day_in_phase}" in text
    for week in report.weeks:
        assert f"<td>{week.start.isoformat()}</td>" in text


def test_pdf_text_holds_the_key_facts_within_two_pages(rich_home: Home) -> None:
    report = report_of(rich_home)
    pages, text = pdf_text(render(report, "pdf"))
    assert 1 <= pages <= 2
    flat = " ".join(text.split())
    for title in SECTIONS:
        assert title in flat
    assert report.person is not None
    assert f"{report.person.side} side" in flat
    assert report.person.onset.isoformat() in flat
    assert f"{report.phase.number}: {report.phase.name}" in flat
    assert "OPEN RED FLAG" in flat
    assert "VISA-H 71/100" in flat and "Cacchio et al. 2014" in flat
    assert "it does not diagnose" in flat
    for week in report.weeks:
        assert week.start.isoformat() in flat


@pytest.mark.parametrize("weeks", [12, 26])
def test_five_years_of_history_stay_within_two_pages(tmp_path: Path, weeks: int) -> None:
    home = Home(tmp_path / "home")
    assert Store(home, fixed_clock).fill_if_empty(demo_data(260))
    report = report_of(home, weeks)
    assert len(report.weeks) == weeks
    pages, text = pdf_text(render(report, "pdf"))
    assert pages <= 2
    assert "not shown (see the app)" in text  # the long lists were cut, and say so


def test_the_longest_notes_and_every_flag_open_stay_within_two_pages(home: Home) -> None:
    long_text = ("a long note that says a great deal " * 60)[:2000]
    rich(home, text=long_text, notes=20, weeks=30, flags=len(load_library().red_flags))
    report = report_of(home, 26)
    assert len(report.weeks) == 26 and len(report.notes) > 20
    pages, text = pdf_text(render(report, "pdf"))
    assert pages <= 2
    assert text.count("OPEN RED FLAG") == len(load_library().red_flags)


# -- hostile text ---------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_hostile_text_stays_text_in_html(rich_home: Home) -> None:
    text = render(report_of(rich_home), "html").decode()
    parser = _Tags()
    parser.feed(text)
    made = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p"}
    made |= {"section", "dl", "dt", "dd", "table", "colgroup", "col", "thead", "tbody", "tr"}
    made |= {"th", "td", "svg", "rect", "polyline", "circle", "text", "footer"}
    assert parser.tags <= made
    assert not {"onerror", "src", "href"} & parser.attributes
    assert "&lt;script&gt;" in text
    assert not raw_controls(text) and "\u202e" not in text and "\u200f" not in text
    assert "🦵😀" in text  # HTML is UTF-8: the emoji stays itself


def test_hostile_text_stays_text_in_markdown(rich_home: Home) -> None:
    text = render(report_of(rich_home), "md").decode()
    assert not raw_controls(text) and "\u202e" not in text
    html = MarkdownIt("gfm-like").render(text)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<code>" not in html and "<h1>" not in html.split("</h1>", 1)[1]


def test_hostile_text_in_the_pdf_is_written_visibly(rich_home: Home) -> None:
    pages, text = pdf_text(render(report_of(rich_home), "pdf"))
    assert pages <= 2
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert "<ESC>" in flat and "<U+1F9B5><U+1F600>" in flat and "<U+202E>" in flat


@pytest.mark.parametrize("payload", [*PAYLOADS, HOSTILE])
def test_latin1_keeps_what_it_can_and_shows_the_rest(payload: str) -> None:
    shown = latin1(payload)
    shown.encode("latin-1")
    assert not raw_controls(shown) and "\n" not in shown


@given(hostile_text)
def test_escaped_markdown_renders_back_to_the_same_text(text: str) -> None:
    """Whatever is typed, Markdown (with links made of bare addresses) shows it as typed: no
    tag, no link, no entity decoded, only control characters turned into symbols."""
    from html import unescape

    from rules.text import one_line

    html = MarkdownIt("gfm-like").render(f"x {markdown_text(text)}")
    inner = html.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner.replace("&lt;", "")
    assert unescape(inner) == f"x {one_line(text)}".strip()


# -- writing ------------------------------------------------------------------------------


def test_write_report_defaults_to_the_homes_reports_folder(demo_home: Home) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    written = write_report(journal, fmt="pdf")
    assert written == demo_home.reports_dir / f"sitbone-report-{TODAY.isoformat()}.pdf"
    assert written == default_path(demo_home, TODAY, "pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert written.stat().st_mode & 0o077 == 0
    assert demo_home.reports_dir.stat().st_mode & 0o077 == 0


def test_write_report_to_a_file_or_a_folder(demo_home: Home, tmp_path: Path) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    target = tmp_path / "for-my-physio.md"
    assert write_report(journal, 4, "md", target) == target
    assert target.read_text().startswith("# Clinician report")
    inside = write_report(journal, 4, "html", tmp_path)
    assert inside == tmp_path / f"sitbone-report-{TODAY.isoformat()}.html"


def test_write_report_refuses_places_that_cannot_take_it(demo_home: Home, tmp_path: Path) -> None:
    journal = Journal.open(demo_home, fixed_clock)
    before = demo_home.data_file.read_bytes()
    with pytest.raises(ReportPathError, match="sitbone's data file"):
        write_report(journal, 4, "html", demo_home.data_file)
    assert demo_home.data_file.read_bytes() == before
    with pytest.raises(ReportPathError, match="does not exist"):
        write_report(journal, 4, "html", tmp_path / "missing" / "r.html")
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(journal, 4, "docx", tmp_path / "r.docx")


def test_run_unlock_reasons_are_in_the_timeline(demo_home: Home) -> None:
    store = Store(demo_home, fixed_clock)
    unlocks = store.run_unlocks()
    assert unlocks
    report = report_of(demo_home)
    unlocked = [event for event in report.timeline if event.kind == "running unlocked"]
    assert [event.reason for event in unlocked] == [u.reason for _, u in unlocks]
    assert isinstance(unlocks[0][1], RunUnlock)
    assert all(isinstance(event.at, datetime) for event in report.timeline)
