"""The report as one self-contained HTML file: inline CSS made for print (A4, two pages), the
chart as inline SVG, nothing fetched (the page's own policy forbids it) and every piece of
text escaped, so a note can only ever show as text."""

from __future__ import annotations

from html import escape

from journal.report.chart import scene
from journal.report.layout import Block, Chart, Document, Facts, Lines, Section, Table
from journal.report.svg import svg
from rules.text import one_line

STYLE = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.35 "Helvetica Neue", Helvetica, Arial, sans-serif; color: #111;
       max-width: 190mm; margin: 8mm auto; }
h1 { font-size: 13pt; margin: 0; }
h2 { font-size: 10.5pt; margin: 9px 0 3px; padding-bottom: 1px; border-bottom: 1px solid #888;
     break-after: avoid; }
p { margin: 2px 0; }
.sub, .more { color: #555; }
.more { font-size: 7.5pt; }
.alert { color: #a00000; font-weight: bold; }
.facts { display: grid; grid-template-columns: max-content 1fr; column-gap: 8px; margin: 2px 0; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 3px 0; font-size: 7.8pt; }
th, td { border: 1px solid #c8c8c8; padding: 1px 3px; text-align: left; vertical-align: top; }
th { background: #eee; }
tr, svg { break-inside: avoid; }
svg { display: block; margin: 2px 0; }
footer { margin-top: 8px; padding-top: 3px; border-top: 1px solid #888; font-size: 8pt; }
@media print { body { max-width: none; margin: 0; } }
"""
# Nothing may load: no script, no image, no font, no link followed for the page.
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(document: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_text(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_text(document.title)}</h1>",
        f'<p class="sub">{_text(document.subtitle)}</p></header>',
    ]
    for section in document.sections:
        parts.append(_section(section))
    parts.append("<footer>" + "".join(f"<p>{_text(line)}</p>" for line in document.footer))
    parts.append("</footer>\n</body>\n</html>\n")
    return "\n".join(parts)


def _section(section: Section) -> str:
    body = "\n".join(_block(block) for block in section.blocks)
    return f"<section>\n<h2>{_text(section.title)}</h2>\n{body}\n</section>"


def _block(block: Block) -> str:
    if isinstance(block, Facts):
        items = "".join(
            f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in block.pairs
        )
        return f'<dl class="facts">{items}</dl>'
    if isinstance(block, Lines):
        kind = ' class="alert"' if block.alert else ""
        return "\n".join(f"<p{kind}>{_text(line)}</p>" for line in block.lines)
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Chart)
    return svg(scene(block.chart))


def _table(table: Table) -> str:
    total = sum(table.widths)
    columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
    head = "".join(f"<th>{_text(column)}</th>" for column in table.columns)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    parts = [f"<table><colgroup>{columns}</colgroup>", f"<thead><tr>{head}</tr></thead>"]
    parts.append(f"<tbody>\n{rows}\n</tbody></table>")
    if table.left_off:
        parts.append(f'<p class="more">{_text(table.left_off)}</p>')
    return "\n".join(parts)


def _text(text: str) -> str:
    """Text as HTML: control characters shown as symbols, markup characters escaped."""
    return escape(one_line(text), quote=True)
