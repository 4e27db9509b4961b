"""`sitbone report`: every format, where it writes, and one clear line for what it refuses."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli.main import main
from store import Home
from tests.conftest import TODAY, Ran, fixed_clock
from tests.hostile import raw_controls

RunCli = Callable[..., Ran]


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str], demo_home: Home) -> Callable[..., Ran]:
    """`sitbone report` on the demo, on the demo's day."""

    def run(*args: str) -> Ran:
        capsys.readouterr()
        code = main(["--home", str(demo_home.root), "report", *args], clock=fixed_clock)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def test_the_default_is_html_in_the_homes_reports_folder(
    capsys: pytest.CaptureFixture[str], demo_home: Home
) -> None:
    code = main(["--home", str(demo_home.root), "report"], clock=fixed_clock)
    out, err = capsys.readouterr()
    written = demo_home.reports_dir / f"sitbone-report-{TODAY.isoformat()}.html"
    assert code == 0 and err == ""
    assert out == f"Report written to {written}\n"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("html", b"<!DOCTYPE html>"), ("md", b"# Clinician report"), ("pdf", b"%PDF")],
)
def test_each_format_to_a_given_file(
    report: Callable[..., Ran], tmp_path: Path, fmt: str, start: bytes
) -> None:
    target = tmp_path / f"for-my-physio.{fmt}"
    ran = report("--format", fmt, "--output", str(target), "--weeks", "4")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == f"Report written to {target}\n"
    assert target.read_bytes().startswith(start)


def test_the_pdf_holds_the_key_facts(report: Callable[..., Ran], tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    assert report("--format", "pdf", "--output", str(target)).returncode == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) <= 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for fact in ("right side", "Phase now", "Exit gate", "Week by week", "Return to running"):
        assert fact in text
    assert "it does not diagnose" in text


def test_five_years_of_history_make_two_pages_at_most(run_cli: RunCli, home: Home) -> None:
    assert run_cli("--home", str(home.root), "demo", "--weeks", "260").returncode == 0
    target = home.root.parent / "five-years.pdf"
    ran = run_cli("--home", str(home.root), "report", "--format", "pdf", "--output", str(target))
    assert ran.returncode == 0, ran.stderr
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) <= 2


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--weeks", "0"], "--weeks"),
        (["--weeks", "27"], "--weeks"),
        (["--weeks", "ten"], "--weeks"),
        (["--format", "docx"], "--format"),
        (["--output", ""], "--output"),
        (["--output", "/no/such/folder/r.html"], "--output"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    report: Callable[..., Ran], args: list[str], flag: str
) -> None:
    ran = report(*args)
    assert ran.returncode == 2
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and f"argument {flag}" in ran.stderr


def test_a_report_never_replaces_sitbones_own_files(
    report: Callable[..., Ran], demo_home: Home
) -> None:
    before = demo_home.data_file.read_bytes()
    ran = report("--output", str(demo_home.data_file))
    assert ran.returncode == 2
    assert "sitbone's data file" in ran.stderr and ran.stderr.count("\n") == 1
    assert demo_home.data_file.read_bytes() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc takes no new file")
def test_an_unwritable_place_is_one_line_and_exit_2(report: Callable[..., Ran]) -> None:
    ran = report("--output", "/proc/sitbone-report.html")
    assert ran.returncode == 2
    assert ran.stderr.startswith("sitbone: argument --output: /proc/sitbone-report.html")
    assert ran.stderr.count("\n") == 1 and "Traceback" not in ran.stderr


def test_a_folder_as_output_takes_the_default_name(
    report: Callable[..., Ran], tmp_path: Path
) -> None:
    ran = report("--format", "md", "--output", str(tmp_path))
    assert ran.returncode == 0
    assert (tmp_path / f"sitbone-report-{TODAY.isoformat()}.md").is_file()


def test_a_hostile_file_name_is_printed_as_text(report: Callable[..., Ran], tmp_path: Path) -> None:
    target = tmp_path / "\x1b[2Jreport\x07.md"
    ran = report("--format", "md", "--output", str(target))
    assert ran.returncode == 0
    assert target.is_file()
    assert not raw_controls(ran.stdout) and "report" in ran.stdout


def test_bad_settings_are_named(report: Callable[..., Ran], demo_home: Home) -> None:
    demo_home.settings_file.write_text("week_starts: someday\n", encoding="utf-8")
    ran = report()
    assert ran.returncode == 1
    assert "settings.yaml" in ran.stderr and ran.stderr.count("\n") == 1
