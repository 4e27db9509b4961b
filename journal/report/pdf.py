"""The report as a PDF (fpdf2): A4, at most two pages, the chart drawn from the same scene as
the HTML copy's SVG. The PDF's built-in fonts hold Latin-1 only and no font ships with a
package sitbone uses, so other characters are written visibly in their place (an emoji as
<U+1F600>, an escape as <ESC>), never dropped and never a crash."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from journal.report.chart import HEIGHT, Dot, Label, Polyline, Rect, Scene, scene
from journal.report.layout import Block, Chart, Document, Facts, Lines, Table
from rules.text import one_line

MAX_PAGES = 2
# Font sizes tried in turn until the report fits its pages (a long history of notes and
# changes is cut to its latest rows already; this is the last resort).
SIZES = (8.0, 7.3, 6.6, 6.0, 5.4)
MARGIN = 12.0
FONT = "Helvetica"
MM_PER_PT = 0.3528
ALERT = (160, 0, 0)
GREY = (90, 90, 90)

# Characters outside Latin-1 that have a plain equivalent.
_PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u2026": "...", "\u2022": "*", "\u2264": "<=", "\u2265": ">=",
    "\u2192": "->", "\u2190": "<-", "\u00a0": " ",
}  # fmt: skip
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x0D: "CR", 0x7F: "DEL"}


def latin1(text: str) -> str:
    """`text` on one line in the characters a PDF's built-in font holds; any other character
    written visibly in its place."""
    shown = []
    for char in one_line(text):
        code = ord(char)
        if 0x2400 <= code <= 0x2421:  # a control character, as rules.text shows it
            original = 0x7F if code == 0x2421 else code - 0x2400
            shown.append(f"<{_CONTROL_NAMES.get(original, f'U+{original:04X}')}>")
        elif char in _PLAIN:
            shown.append(_PLAIN[char])
        elif code < 0x100:
            shown.append(char)
        else:
            shown.append(f"<U+{code:04X}>")
    return "".join(shown)


class _Page(FPDF):
    """A4 pages with the report's name and the page number at the foot."""

    foot = ""

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"{self.foot}  -  page {self.page_no()} of {{nb}}", align="C")


def render_pdf(document: Document) -> bytes:
    """The report's PDF: the largest of SIZES that fits MAX_PAGES (else the smallest)."""
    for size in SIZES:
        pdf = _draw(document, size)
        if pdf.page_no() <= MAX_PAGES:
            break
    return bytes(pdf.output())


def _draw(document: Document, size: float) -> _Page:
    pdf = _Page(orientation="portrait", unit="mm", format="A4")
    pdf.foot = latin1(f"sitbone clinician report, {document.subtitle.split(';')[0]}")
    pdf.set_margins(MARGIN, 10, MARGIN)
    pdf.set_auto_page_break(True, margin=11)
    pdf.set_title(latin1(document.title))
    pdf.set_creator("sitbone")
    pdf.add_page()
    line = size * MM_PER_PT * 1.3
    pdf.set_font(FONT, "B", size + 4.5)
    pdf.cell(0, line * 1.6, latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    _plain(pdf, size, GREY)
    pdf.multi_cell(0, line, latin1(document.subtitle), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        _heading(pdf, section.title, size, line)
        for block in section.blocks:
            _block(pdf, block, size, line)
    pdf.ln(line * 0.6)
    pdf.set_draw_color(*GREY)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(line * 0.3)
    _plain(pdf, size - 0.3, GREY)
    for text in document.footer:
        pdf.multi_cell(0, line, latin1(text), new_x="LMARGIN", new_y="NEXT")
    return pdf


def _plain(
    pdf: FPDF, size: float, colour: tuple[int, int, int] = (0, 0, 0), style: str = ""
) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)


def _heading(pdf: FPDF, title: str, size: float, line: float) -> None:
    # A heading never ends a page: it moves on with the lines it heads.
    if pdf.will_page_break(line * 6):
        pdf.add_page()
    pdf.ln(line * 0.5)
    _plain(pdf, size + 1.8, style="B")
    pdf.cell(0, line * 1.3, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(line * 0.3)


def _block(pdf: FPDF, block: Block, size: float, line: float) -> None:
    if isinstance(block, Facts):
        labels = [latin1(label) + ":" for label, _ in block.pairs]
        _plain(pdf, size, style="B")
        width = max(pdf.get_string_width(label) for label in labels) + 2
        for label, (_, value) in zip(labels, block.pairs, strict=True):
            _plain(pdf, size, style="B")
            pdf.cell(width, line, label)
            _plain(pdf, size)
            pdf.multi_cell(0, line, latin1(value), new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, Lines):
        if block.alert:
            _plain(pdf, size, ALERT, "B")
        else:
            _plain(pdf, size)
        for text in block.lines:
            pdf.multi_cell(0, line, latin1(text), new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, Table):
        _table(pdf, block, size, line)
    else:
        assert isinstance(block, Chart)
        _chart(pdf, scene(block.chart, HEIGHT * size / SIZES[0]))
    pdf.ln(line * 0.25)


def _table(pdf: FPDF, table: Table, size: float, line: float) -> None:
    _plain(pdf, size - 0.4)
    pdf.set_fill_color(255, 255, 255)  # the chart's last colour must not fill the rows
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.15)
    options: dict[str, Any] = {
        "col_widths": table.widths,
        "text_align": "LEFT",
        "line_height": line * 0.95,
        "padding": (0.3, 0.8),
        "headings_style": FontFace(emphasis="BOLD", fill_color=(236, 236, 236)),
        "width": pdf.epw,
        "v_align": "TOP",
        "cell_fill_mode": "NONE",
    }
    with pdf.table(**options) as drawn:
        drawn.row([latin1(column) for column in table.columns])
        for row in table.rows:
            drawn.row([latin1(cell) for cell in row])
    if table.left_off:
        _plain(pdf, size - 0.6, GREY)
        pdf.multi_cell(0, line, latin1(table.left_off), new_x="LMARGIN", new_y="NEXT")


def _chart(pdf: FPDF, drawing: Scene) -> None:
    scale = pdf.epw / drawing.width
    height = drawing.height * scale
    if pdf.will_page_break(height):
        pdf.add_page()
    left, top = pdf.l_margin, pdf.get_y()

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            pdf.set_fill_color(*shape.fill)
            pdf.rect(*at(shape.x, shape.y), shape.w * scale, shape.h * scale, style="F")
        elif isinstance(shape, Polyline):
            pdf.set_draw_color(*shape.colour)
            pdf.set_line_width(shape.width * scale)
            if shape.dashed:
                pdf.set_dash_pattern(dash=1.2 * scale, gap=0.8 * scale)
            pdf.polyline([at(x, y) for x, y in shape.points])
            pdf.set_dash_pattern()
        elif isinstance(shape, Dot):
            pdf.set_fill_color(*shape.fill)
            r = shape.r * scale
            x, y = at(shape.x, shape.y)
            pdf.ellipse(x - r, y - r, 2 * r, 2 * r, style="F")
        else:
            assert isinstance(shape, Label)
            _label(pdf, shape, at(shape.x, shape.y))
    pdf.set_xy(left, top + height)


def _label(pdf: FPDF, label: Label, where: tuple[float, float]) -> None:
    _plain(pdf, label.size, label.colour)
    text = latin1(label.text)
    width = pdf.get_string_width(text)
    x, y = where
    x -= {"start": 0.0, "middle": width / 2, "end": width}[label.anchor]
    pdf.text(x, y, text)
