"""Rendering the report in a format and writing it atomically, readable by its owner only
(it is health data)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import StoreFault
from store.home import FOLDER_MODE, Home
from store.storage import write_private_bytes

if TYPE_CHECKING:
    from journal.journal import Journal
    from journal.report.data import ClinicianReport

# Format name -> file extension.
FORMATS = {"html": "html", "md": "md", "pdf": "pdf"}
DEFAULT_WEEKS = 12


class ReportPathError(Exception):
    """The place asked for cannot take the report (one line: where, and why)."""


def default_path(home: Home, today: date, fmt: str) -> Path:
    """e.g. <home>/reports/sitbone-report-2026-11-21.html"""
    return home.reports_dir / f"sitbone-report-{today.isoformat()}.{FORMATS[fmt]}"


def render(report: ClinicianReport, fmt: str) -> bytes:
    from journal.report.layout import document

    laid_out = document(report)
    if fmt == "pdf":
        from journal.report.pdf import render_pdf  # only a PDF pays for fpdf2

        return render_pdf(laid_out)
    if fmt == "md":
        from journal.report.markdown import render_markdown

        return render_markdown(laid_out).encode("utf-8")
    from journal.report.html import render_html

    return render_html(laid_out).encode("utf-8")


def write_report(
    journal: Journal, weeks: int = DEFAULT_WEEKS, fmt: str = "html", output: Path | None = None
) -> Path:
    """Write the report of the last `weeks` weeks to `output` (a file, or a folder to hold
    the default name), else into the home's reports folder; returns the file written.
    Raises ReportPathError for a place that cannot take it (a missing folder, one of
    sitbone's own files), StoreFault when the file system refuses the write, SettingsError
    when settings.yaml cannot be read, ValueError for weeks outside 1-26 or an unknown
    format."""
    from journal.report.data import clinician_report

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format '{fmt}'; use one of {', '.join(FORMATS)}")
    target = _target(journal.home, journal.today(), fmt, output)
    write_private_bytes(target, render(clinician_report(journal, weeks), fmt))
    return target


def _target(home: Home, today: date, fmt: str, output: Path | None) -> Path:
    if output is None:
        target = default_path(home, today, fmt)
        make_reports_folder(home, "the report was not written")
        return target
    output = output.expanduser()
    if output.is_dir():
        output = output / default_path(home, today, fmt).name
    what = home.owns(output)
    if what is not None:
        raise ReportPathError(f"{output} is {what}; write the report somewhere else")
    if output.exists() and not output.is_file():
        raise ReportPathError(f"{output} is not a file that can be replaced")
    if not output.parent.is_dir():
        raise ReportPathError(f"{output}: the folder {output.parent} does not exist")
    return output


def make_reports_folder(home: Home, otherwise: str) -> Path:
    """The home's reports folder, made if need be, the owner's only (health data). StoreFault
    (naming `otherwise`: what was then not done) when it cannot be made."""
    home.ensure()
    folder = home.reports_dir
    try:
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    except OSError as error:
        raise StoreFault.from_os(folder, error, otherwise) from None
    return folder
