"""A report (``report_model.Report``) as an A4 PDF in the house print style: the title in 22 pt
drawn filled and stroked (a bold Song look without fake bold, as on the forms), section
headings in 14 pt (黑体 on Windows), tables in 9 pt with 0.5 pt grid lines (GB/T 9704), vector
charts (reportlab.graphics), "第 N 页 共 M 页" at the foot of every page.

Text goes through the font chain, so a rare character in a unit's name prints with the face
that has it (文泉驿 → 花园明朝 → DejaVu); one no face has prints as "?".
"""

from __future__ import annotations

import io
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    Table as RLTable,
)

from desktop_app.documents.fonts import FontChain, Fonts, get_fonts
from desktop_app.documents.report_charts import draw_chart
from desktop_app.documents.report_model import Chart, Report, Table
from desktop_app.documents.textlayout import Pen, Text, balanced, draw_lines, layout

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 16 * MM, 22 * MM
TITLE, HEADING, BODY, CELL = 22.0, 14.0, 11.0, 9.0
GREY = colors.Color(0.9, 0.9, 0.9)


def _safe(chain: FontChain, text: str) -> str:
    return "".join(ch if ch == "\n" or chain.face_for(ch) is not None else "?" for ch in str(text))


def _markup(chain: FontChain, text: str) -> str:
    """Paragraph markup with one <font> run per face (reportlab knows one font per run)."""
    out = []
    for font, run in chain.runs(_safe(chain, text)):
        esc = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
        out.append(f'<font face="{font}">{esc}</font>')
    return "".join(out)


class Lines(Flowable):
    """Text laid out by the forms' own line breaker and drawn with a Pen (title, headings)."""

    def __init__(self, text: str, pen: Pen, align: str = "left", bal: bool = False, space_after: float = 4,
                 keep_with_next: bool = False) -> None:
        super().__init__()
        self.text, self.pen, self.align, self.bal = text, pen, align, bal
        self.spaceAfter = space_after
        self._lines: list[Any] = []
        self.keepWithNext = keep_with_next

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        fn = balanced if self.bal else layout
        self._lines = fn([Text(_safe(self.pen.chain, self.text))], self.pen.chain, self.pen.size, avail_w)
        self.width = avail_w
        return avail_w, len(self._lines) * self.pen.leading

    def draw(self) -> None:
        draw_lines(self.canv, self._lines, 0, len(self._lines) * self.pen.leading, self.width, self.pen, self.align)


class _NumberedCanvas(Canvas):
    """Holds the pages until the end so each can say 共 M 页."""

    fonts: Fonts
    pages = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = type(self).pages = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            pen = Pen(self.fonts.body, 10.5, self.fonts.symbol)
            lines = layout([Text(f"第 {self._pageNumber} 页 共 {total} 页")], pen.chain, pen.size, A4[0])
            draw_lines(self, lines, 0, 12 * MM + pen.leading, A4[0], pen, "center")
            super().showPage()
        super().save()


def _table(t: Table, fonts: Fonts, width: float) -> RLTable:
    chain = fonts.body
    head = ParagraphStyle("h", fontName=chain.primary.name, fontSize=CELL, leading=CELL * 1.3, alignment=1,
                          wordWrap="CJK")
    left = ParagraphStyle("l", parent=head, alignment=0)
    right = ParagraphStyle("r", parent=head, alignment=2)
    # Text columns share what the number columns leave; numbers get room for "12,345,678.00".
    num_w = [chain.width("12,345,678.00" if k == "money" else "1000.0%" if k == "percent" else "123,456", CELL) + 14
             for k in t.kinds]
    head_w = [min(chain.width(c, CELL) + 14, 24 * MM) for c in t.columns]
    want = [max([chain.width(t.text(r[i], i), CELL) + 14 for r in t.rows[:200]] + [head_w[i], 16 * MM])
            if k == "text" else 0.0 for i, k in enumerate(t.kinds)]
    fixed = [max(n, h) if k != "text" else 0.0 for n, h, k in zip(num_w, head_w, t.kinds)]
    if sum(fixed) + sum(want) > width:  # number headers wrap before names do
        fixed = [n if k != "text" else 0.0 for n, k in zip(num_w, t.kinds)]
    free = max(20 * MM, width - sum(fixed))
    share = free / (sum(want) or 1.0)
    widths = [f if k != "text" else w * share for f, w, k in zip(fixed, want, t.kinds)]
    scale = min(1.0, width / sum(widths))
    widths = [w * scale for w in widths]
    primary = chain.primary.name

    def cell(text: str, col: int, style: ParagraphStyle) -> Any:
        # A plain string (no Paragraph to lay out: ~4x faster on a 20-town table) when one
        # line in the primary face holds it; else a wrapping paragraph with fallback faces.
        runs = chain.runs(_safe(chain, text)) if text else []
        if len(runs) <= 1 and (not runs or runs[0][0] == primary) and "\n" not in text \
                and chain.width(text, CELL) <= widths[col] - 12:
            return text
        return Paragraph(_markup(chain, text), style)

    rows: list[list[Any]] = [[Paragraph(_markup(chain, c), head) for c in t.columns]]
    for r in t.rows + ([t.total] if t.total else []):
        rows.append([cell(t.text(v, i), i, left if t.kinds[i] == "text" else right) for i, v in enumerate(r)])
    table = RLTable(rows, colWidths=widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
             ("FONTNAME", (0, 0), (-1, -1), primary), ("FONTSIZE", (0, 0), (-1, -1), CELL),
             ("LEADING", (0, 0), (-1, -1), CELL * 1.3),
             *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i, k in enumerate(t.kinds) if k != "text"],
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), GREY),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if t.total:
        style.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.Color(0.96, 0.96, 0.96)))
    table.setStyle(TableStyle(style))
    return table


def render_report(report: Report, fonts: Fonts | None = None) -> tuple[bytes, int]:
    """PDF bytes and the number of pages."""
    fonts = fonts or get_fonts()
    rl_config.useA85 = 0
    width = A4[0] - 2 * MARGIN_X
    body = ParagraphStyle("body", fontName=fonts.body.primary.name, fontSize=BODY, leading=BODY * 1.5,
                          wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=CELL, leading=CELL * 1.45)
    story: list[Any] = [
        Lines(report.title, Pen(fonts.title, TITLE, fonts.symbol, mode=2, stroke=0.6), "center", bal=True,
              space_after=6),
        Lines(report.subtitle, Pen(fonts.note, 12, fonts.symbol), "center", space_after=10),
    ]
    for section in report.sections:
        story.append(Spacer(1, 4))
        heading = Lines(section.heading, Pen(fonts.heading, HEADING, fonts.symbol, mode=2, stroke=0.3),
                        space_after=6)
        first = True
        for block in section.blocks:
            if isinstance(block, Table) and not block.in_pdf:
                continue
            parts: list[Any]
            if isinstance(block, Table):
                caption = Lines(block.title, Pen(fonts.body, BODY, fonts.symbol), space_after=3)
                parts = [caption, _table(block, fonts, width)]
                if block.note:
                    parts.append(Paragraph(_markup(fonts.note, block.note), small))
            elif isinstance(block, Chart):
                parts = [draw_chart(block, width, fonts.body.primary)]
            else:
                parts = [Paragraph(_markup(fonts.body, block), body)]
            if first:  # a heading never ends a page: it goes with the first block
                parts.insert(0, heading)
                first = False
            # kept on one page when it fits; a table taller than a page splits (header row repeated)
            story.append(KeepTogether(parts) if len(parts) > 1 else parts[0])
            if not isinstance(block, str):
                story.append(Spacer(1, 8))
        if first:
            story.append(heading)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                            bottomMargin=MARGIN_BOTTOM, title=report.title.replace("\n", ""), author=report.author,
                            creator="工会实事台账 UnionLedger")

    class _Canvas(_NumberedCanvas):
        pass

    _Canvas.fonts = fonts
    doc.build(story, canvasmaker=_Canvas)
    return buf.getvalue(), _Canvas.pages
