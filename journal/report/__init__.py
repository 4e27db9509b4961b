"""The clinician report: a page or two a physio reads in a minute, as HTML, Markdown or PDF,
written where asked or into the home's reports folder. No textual."""

from __future__ import annotations

from journal.report.write import FORMATS, ReportPathError, default_path, write_report

__all__ = ["FORMATS", "ReportPathError", "default_path", "write_report"]
