"""A form spec + values (+ the project year) drawn as stamp-ready A4 pages (DOMAIN §4).

Attachment number top-left, the title centred in 22 pt (filled and stroked: a bold Song look
without fake bold), subtitle, header lines, the paper grid (``pdf_grid``), footer lines
(填表人 / 联系电话 / 填表日期), the notes, and in the bottom margin the verification code and
its QR. Records without a paper form print the automatic label/value grid the same way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents import pdf_grid
from desktop_app.documents import printvalues as pv
from desktop_app.documents.fonts import Fonts, get_fonts
from desktop_app.documents.textlayout import (
    Gap,
    Item,
    Pen,
    Text,
    balanced,
    draw_lines,
    layout,
    natural_width,
)
from desktop_app.documents.verify import Mark, draw_mark

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 13 * MM, 24 * MM
MARK_BOTTOM = 8 * MM
TITLE, SUBTITLE, HEADING, LINE_SIZE, NOTE = 22.0, 14.0, 14.0, 12.0, 12.0


class LayoutError(Exception):
    """Content that cannot be printed on A4 (Chinese message)."""


@dataclass
class Flow:
    height: float
    draw: Callable[[Any, float, float, bool], None]  # (canvas, x, top, first on page)
    space_before: float = 0.0


@dataclass
class FormResult:
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def page_size(spec: Any) -> tuple[float, float]:
    return landscape(A4) if getattr(spec, "orientation", "portrait") == "landscape" else A4


def new_canvas(target: Any, title: str = "") -> Canvas:
    fonts = get_fonts()
    # Binary (zlib) streams without the ASCII85 layer: standard PDF, and without the optional
    # C accelerator the pure-Python ASCII85 encoder costs ~0.7 s on a 300-page roster.
    rl_config.useA85 = 0
    c = Canvas(target, pagesize=A4, initialFontName=fonts.body.primary.name, pageCompression=1)
    c.setCreator("工会实事台账 UnionLedger")
    if title:
        c.setTitle(title)
    c.setViewerPreference("PrintScaling", "None")  # print at actual size (PITFALLS §1.7)
    return c


def title_text(spec: Any, year: Any) -> str:
    return spec.title.replace("{year}", str(year) if year else "　　")


def _text_flow(items: list[Item], pen: Pen, width: float, align: str, space: float,
               indent: float = 0.0, hanging: bool = False, bal: bool = False) -> Flow:
    lines = (balanced if bal else layout)(items, pen.chain, pen.size, width - indent)

    def draw(c, x, top, _first) -> None:
        if hanging and lines:
            draw_lines(c, lines[:1], x, top, width, pen, align)
            draw_lines(c, lines[1:], x + indent, top - pen.leading, width - indent, pen, align)
        else:
            draw_lines(c, lines, x + indent, top, width - indent, pen, align)

    return Flow(len(lines) * pen.leading, draw, space)


def _line_groups(spec: Any, parts: Any, values: Mapping[str, Any]) -> tuple[list[list[Item]], list[Item]]:
    """A header/footer line → left groups ("填表人：" + value …) and the right-aligned items."""
    groups: list[list[Item]] = []
    right: list[Item] = []
    for part in parts:
        if part.field:
            f = spec.field(part.field)
            if not f.printed:
                continue
            items = pv.value_items(f, values.get(f.key), layout=part.layout, box=part.box, inline=True)
        else:
            items = [Text(part.text or "")]
        if part.align == "right":
            right += items
        elif part.field is None or not groups:
            groups.append(list(items))
        else:
            groups[-1] += items
    return groups, right


def _parts_line(spec: Any, parts: Any, values: Mapping[str, Any], fonts: Fonts, width: float,
                footer: bool) -> Flow:
    pen = Pen(fonts.body, LINE_SIZE, fonts.symbol)
    groups, right = _line_groups(spec, parts, values)
    widths = [natural_width(g, pen.chain, pen.size) for g in groups]
    right_w = natural_width(right, pen.chain, pen.size) if right else 0.0
    gap = 2 * pen.size
    if sum(widths) + gap * len(groups) + right_w > width:  # does not fit: flow and wrap
        items: list[Item] = []
        for g in groups + ([right] if right else []):
            items += ([Gap(2.0)] if items else []) + g
        return _text_flow(items, pen, width, "left", 6)
    lines = [layout(g, pen.chain, pen.size, width)[0] for g in groups]
    rline = layout(right, pen.chain, pen.size, width)[0] if right else None

    def draw(c, x, top, _first) -> None:
        from desktop_app.documents.textlayout import draw_line

        base = pen.baseline(top)
        if footer and len(lines) > 1:  # spread over the line: 填表人 … 联系电话 … 填表日期 …
            free = (width - sum(widths)) / (len(lines) - 1)
            pos = x
            for line, w in zip(lines, widths):
                draw_line(c, line, pos, base, pen)
                pos += w + free
        elif footer and len(lines) == 1 and not rline:
            draw_line(c, lines[0], x + width - widths[0] - 2 * pen.size, base, pen)
        else:
            pos = x
            for line, w in zip(lines, widths):
                draw_line(c, line, pos, base, pen)
                pos += w + gap
        if rline is not None:
            draw_line(c, rline, x + width - right_w, base, pen)

    return Flow(pen.leading, draw, 8 if footer else 4)


def _grid_flows(spec: Any, values: Mapping[str, Any], fonts: Fonts, width: float,
                warnings: list[str], compact: bool) -> list[Flow]:
    grid = spec.layout_grid()
    if grid is None:
        return []
    g = pdf_grid.build(spec, grid, values, fonts, width, min_row=24.0 if compact else pdf_grid.MIN_ROW)
    warnings += g.warnings
    flows = []
    for i, band in enumerate(g.bands):
        def draw(c, x, top, first, band=band) -> None:
            pdf_grid.draw_band(c, g, band, x, top, page_top=first)

        flows.append(Flow(g.band_height(band), draw, (6 if compact else 10) if i == 0 else 0))
    return flows


def form_flows(spec: Any, values: Mapping[str, Any], year: Any, fonts: Fonts,
               width: float, compact: bool = False) -> tuple[list[Flow], list[str]]:
    """The page content top-down. ``compact``: lower minimum rows and tighter spacing, tried
    when the comfortable layout runs onto a second page."""
    warnings: list[str] = []
    flows: list[Flow] = []
    if spec.attachment:
        pen = Pen(fonts.heading, HEADING, fonts.symbol, mode=2, stroke=0.3)
        flows.append(_text_flow([Text(spec.attachment)], pen, width, "left", 0))
    pen = Pen(fonts.title, TITLE, fonts.symbol, mode=2, stroke=0.6)
    flows.append(_text_flow([Text(title_text(spec, year))], pen, width, "center", 8, bal=True))
    if spec.subtitle:
        pen = Pen(fonts.body, SUBTITLE, fonts.symbol)
        flows.append(_text_flow([Text(spec.subtitle)], pen, width, "center", 2))
    for i, line in enumerate(spec.header):
        flow = _parts_line(spec, line, values, fonts, width, footer=False)
        flow.space_before = 10 if i == 0 else 2
        flows.append(flow)
    flows += _grid_flows(spec, values, fonts, width, warnings, compact)
    for line in spec.footer:
        flows.append(_parts_line(spec, line, values, fonts, width, footer=True))
    notes = list(spec.notes or ())
    if notes:
        pen = Pen(fonts.note, NOTE, fonts.symbol)
        prefix = next((p for p in ("备注：", "注：") if notes[0].startswith(p)), "")
        indent = pen.chain.width(prefix, NOTE)
        for i, note in enumerate(notes):
            flows.append(_text_flow([Text(note)], pen, width, "left", 8 if i == 0 else 1,
                                    indent=indent, hanging=(i == 0)))
    return flows, warnings


def paginate(flows: list[Flow], body_height: float) -> list[list[tuple[Flow, float]]]:
    """Flows → pages of (flow, offset from the body top)."""
    pages: list[list[tuple[Flow, float]]] = [[]]
    used = 0.0
    for flow in flows:
        space = flow.space_before if pages[-1] else 0.0
        if flow.height > body_height:
            raise LayoutError("无法打印：表格中有一行内容过长，超过一整页。请精简文字或改为附页。")
        if used + space + flow.height > body_height and pages[-1]:
            pages.append([])
            used, space = 0.0, 0.0
        pages[-1].append((flow, used + space))
        used += space + flow.height
    return pages


def glyph_entries(spec: Any, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = [("标题", spec.title), ("备注", "".join(spec.notes or ()))]
    for f in spec.fields:
        if f.printed:
            out.append((f.display_label, pv.plain_text(f, values.get(f.key))))
    return out


def draw_page_footer(c, fonts: Fonts, w: float, n: int, total: int, mark: Mark | None) -> None:
    if mark is not None:
        draw_mark(c, mark, fonts, w - MARGIN_X, MARK_BOTTOM)
    if total > 1:
        pen = Pen(fonts.body, 10.5, fonts.symbol)
        lines = layout([Text(f"第 {n} 页 共 {total} 页")], pen.chain, pen.size, w)
        draw_lines(c, lines, 0, MARK_BOTTOM + 12 * MM, w, pen, "center")


def render_form(c: Canvas, spec: Any, values: Mapping[str, Any], year: Any, *,
                mark: Mark | None = None, where: str = "", copies: int = 1,
                fonts: Fonts | None = None) -> FormResult:
    """Draw ``copies`` copies of a filled (or blank) form on the canvas, page by page."""
    fonts = fonts or get_fonts()
    pv.check_glyphs(fonts.body, glyph_entries(spec, values), where)
    w, h = page_size(spec)
    width = w - 2 * MARGIN_X
    body = h - MARGIN_TOP - MARGIN_BOTTOM
    flows, warnings = form_flows(spec, values, year, fonts, width)
    pages = paginate(flows, body)
    if len(pages) > 1:
        tight, tight_warnings = form_flows(spec, values, year, fonts, width, compact=True)
        tight_pages = paginate(tight, body)
        if len(tight_pages) < len(pages):
            pages, warnings = tight_pages, tight_warnings
    result = FormResult(warnings=warnings)
    for _copy in range(max(1, copies)):
        for n, page in enumerate(pages, start=1):
            c.setPageSize((w, h))
            top = h - MARGIN_TOP
            for i, (flow, offset) in enumerate(page):
                flow.draw(c, MARGIN_X, top - offset, i == 0 and n > 1)
            draw_page_footer(c, fonts, w, n, len(pages), mark)
            c.showPage()
            result.pages += 1
    return result


def form_pdf_bytes(spec: Any, values: Mapping[str, Any], year: Any, *, mark: Mark | None = None,
                   copies: int = 1) -> tuple[bytes, FormResult]:
    """One form as PDF bytes (used by the self-check, tests and the preview)."""
    buf = io.BytesIO()
    c = new_canvas(buf, title_text(spec, year))
    result = render_form(c, spec, values, year, mark=mark, copies=copies)
    c.save()
    return buf.getvalue(), result
