"""How user and file text is drawn: as plain text, never as markup, with control characters
made visible. Notes, reasons, program and exercise names, paths and error messages all go
through here (the app's notifications do the same in tui/app.py)."""

from __future__ import annotations

from rich.text import Text

from rules.text import one_line, printable


def plain(text: str, style: str = "") -> Text:
    """`text` drawn as it is: brackets stay brackets, escape codes become symbols."""
    return Text(printable(text), style=style)


def cell(text: str, style: str = "") -> Text:
    """One line for a table cell or a list item."""
    return Text(one_line(text), style=style)


def headed(head: str, text: str = "") -> Text:
    """A bold heading followed by plain text, e.g. a dialog's question."""
    return Text.assemble((printable(head), "bold"), printable(text))
