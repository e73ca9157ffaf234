"""A form spec + values (+ the project year) drawn as stamp-ready A4 pages (DOMAIN §4).

Attachment number top-left, the title centred in 22 pt (filled and stroked: a bold Song look
without fake bold), subtitle, header lines, the paper grid (``pdf_grid``), footer lines
(填表人 / 联系电话 / 填表日期), the notes, and in the bottom margin the verification code and
its QR. Records without a paper form print the automatic label/value grid the same way.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents import pdf_grid
from desktop_app.documents import printvalues as pv
from desktop_app.documents.fonts import Fonts, get_fonts
from desktop_app.documents.textlayout import (
    Blank,
    Gap,
    Item,
    Keep,
    Line,
    Pen,
    Text,
    balanced,
    draw_lines,
    layout,
    layout_no_widow,
    natural_width,
)
from desktop_app.documents.verify import Mark, draw_mark, draw_watermark

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 13 * MM, 24 * MM
MARK_BOTTOM = 8 * MM
TITLE, SUBTITLE, HEADING, LINE_SIZE, NOTE = 22.0, 14.0, 14.0, 12.0, 12.0


class LayoutError(Exception):
    """Content that cannot be printed on A4 (Chinese message)."""


@dataclass
class Flow:
    height: float
    draw: Callable[[Canvas, float, float, bool], None]  # (canvas, x, top, first on page)
    space_before: float = 0.0


@dataclass
class FormResult:
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def page_size(spec: FormSpec) -> tuple[float, float]:
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


def title_text(spec: FormSpec, year: Any) -> str:
    return spec.title.replace("{year}", str(year) if year else "　　")


TITLE_SIZES = (22.0, 21.0, 20.0, 19.0, 18.0)  # 2号, shrinking to fit before a forbidden break


def title_segments(spec: FormSpec, year: Any) -> list[str]:
    """The title cut after each of the spec's ``title_breaks`` (the only places a line may end)."""
    text = title_text(spec, year)
    out: list[str] = []
    pos = 0
    for brk in getattr(spec, "title_breaks", ()) or ():
        brk = brk.replace("{year}", str(year) if year else "　　")
        at = text.find(brk, pos)
        if at < 0:
            continue
        out.append(text[pos:at + len(brk)])
        pos = at + len(brk)
    out.append(text[pos:])
    return [seg for seg in out if seg]


def title_lines(spec: FormSpec, year: Any, fonts: Fonts, width: float) -> tuple[Pen, list[Line]]:
    """The title's lines: one line when it fits, else broken only at the spec's break points
    (fewest lines, then the most even); a line too long even so shrinks the whole title, from
    22 pt down to 18 pt. Only a title that still does not fit breaks anywhere."""
    segs = title_segments(spec, year)
    for size in TITLE_SIZES:
        pen = Pen(fonts.title, size, fonts.symbol, mode=2, stroke=0.6 * size / TITLE)
        seg_w = [natural_width([Text(seg)], pen.chain, size) for seg in segs]
        best: tuple[int, float, list[str]] | None = None
        for mask in range(1 << (len(segs) - 1)):  # which break points are used
            lines, cur, cur_w = [], segs[0], seg_w[0]
            for i in range(1, len(segs)):
                if mask >> (i - 1) & 1:
                    lines.append((cur, cur_w))
                    cur, cur_w = segs[i], seg_w[i]
                else:
                    cur, cur_w = cur + segs[i], cur_w + seg_w[i]
            lines.append((cur, cur_w))
            widest = max(w for _, w in lines)
            if widest > width + 0.01:
                continue
            key = (len(lines), widest, [t for t, _ in lines])
            if best is None or key[:2] < best[:2]:
                best = key
        if best is not None:
            big = width * 4
            return pen, [layout([Text(t.strip())], pen.chain, size, big)[0] for t in best[2]]
    pen = Pen(fonts.title, TITLE_SIZES[-1], fonts.symbol, mode=2, stroke=0.6 * TITLE_SIZES[-1] / TITLE)
    return pen, balanced([Text(title_text(spec, year))], pen.chain, pen.size, width)


def _title_flow(spec: FormSpec, year: Any, fonts: Fonts, width: float) -> Flow:
    pen, lines = title_lines(spec, year, fonts, width)

    def draw(c: Canvas, x: float, top: float, _first: bool) -> None:
        draw_lines(c, lines, x, top, width, pen, "center")

    return Flow(len(lines) * pen.leading, draw, 8)


def _text_flow(items: list[Item], pen: Pen, width: float, align: str, space: float,
               indent: float = 0.0, hanging: bool = False, bal: bool = False) -> Flow:
    lines = (balanced if bal else layout_no_widow)(items, pen.chain, pen.size, width - indent)

    def draw(c: Canvas, x: float, top: float, _first: bool) -> None:
        if hanging and lines:
            draw_lines(c, lines[:1], x, top, width, pen, align)
            draw_lines(c, lines[1:], x + indent, top - pen.leading, width - indent, pen, align)
        else:
            draw_lines(c, lines, x + indent, top, width - indent, pen, align)

    return Flow(len(lines) * pen.leading, draw, space)


def _line_groups(spec: FormSpec, parts: Any, values: Mapping[str, Any]) -> tuple[list[list[Item]], list[Item]]:
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
            if part.field and right and pv.is_label(right[-1]):
                right += pv.with_label([right.pop()], items, f)
            else:
                right += items
        elif part.field is None or not groups:
            groups.append(list(items))
        elif pv.is_label(groups[-1][-1]):  # "填表人：" + its value never split
            groups[-1] += pv.with_label([groups[-1].pop()], items, f)
        else:
            groups[-1] += items
    return groups, right


def _shrink_blanks(items: list[Item], factor: float) -> list[Item]:
    out: list[Item] = []
    for it in items:
        if isinstance(it, Blank):
            out.append(Blank(max(2.0, round(it.em * factor, 1)), it.underline))
        elif isinstance(it, Keep):
            out.append(Keep(tuple(_shrink_blanks(list(it.items), factor))))
        else:
            out.append(it)
    return out


MIN_LINE_GAP = 1.0  # em between the groups of a header/footer line at the tightest


def _parts_line(spec: FormSpec, parts: Any, values: Mapping[str, Any], fonts: Fonts, width: float,
                footer: bool) -> Flow:
    """One line of label/value groups. A line that does not fit narrows its gaps first (down
    to 1 em), then its write-in blanks; only then does it wrap, between whole groups."""
    pen = Pen(fonts.body, LINE_SIZE, fonts.symbol)
    groups, right = _line_groups(spec, parts, values)
    gap = 2 * pen.size
    min_gap = MIN_LINE_GAP * pen.size
    for factor in (1.0, 0.8, 0.6):
        if factor < 1.0:
            groups = [_shrink_blanks(g, factor) for g in groups]
            right = _shrink_blanks(right, factor)
        widths = [natural_width(g, pen.chain, pen.size) for g in groups]
        right_w = natural_width(right, pen.chain, pen.size) if right else 0.0
        slots = len(groups) - 1 + (1 if right and groups else 0)
        if sum(widths) + right_w + min_gap * slots <= width:
            break
    else:  # does not fit even tight: wrap between whole groups
        items: list[Item] = []
        for g in groups + ([right] if right else []):
            items += ([Gap(2.0)] if items else []) + [Keep(tuple(g))]
        return _text_flow(items, pen, width, "left", 6)
    if sum(widths) + right_w + gap * slots > width:
        gap = (width - sum(widths) - right_w) / max(slots, 1)
    lines = [layout(g, pen.chain, pen.size, width)[0] for g in groups]
    rline = layout(right, pen.chain, pen.size, width)[0] if right else None

    def draw(c: Canvas, x: float, top: float, _first: bool) -> None:
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


@dataclass
class Content:
    """A form's page content top-down, with what its long texts did."""

    flows: list[Flow]
    warnings: list[str]
    long_lines: dict[str, int] = field(default_factory=dict)  # multi-line field → lines shown
    overflow: list[tuple[str, str]] = field(default_factory=list)  # (label, text) cut off

    @property
    def height(self) -> float:
        return sum(f.height + (f.space_before if i else 0.0) for i, f in enumerate(self.flows))


def _grid_flows(spec: FormSpec, values: Mapping[str, Any], fonts: Fonts, width: float,
                content: Content, compact: bool, limits: Mapping[str, int]) -> list[Flow]:
    grid = spec.layout_grid()
    if grid is None:
        return []
    g = pdf_grid.build(spec, grid, values, fonts, width, min_row=24.0 if compact else pdf_grid.MIN_ROW,
                       limits=limits)
    content.warnings += g.warnings
    content.long_lines, content.overflow = g.long_lines, g.overflow
    stamp_rows = {p.row for p in g.cells if isinstance(p.block, pdf_grid.StampBlock)}
    groups: list[list[tuple[int, int]]] = []
    for band in g.bands:  # consecutive stamp rows stay together on one page
        stamps = any(r in stamp_rows for r in range(*band))
        if stamps and groups and any(r in stamp_rows for r in range(*groups[-1][-1])):
            groups[-1].append(band)
        else:
            groups.append([band])
    flows = []
    for i, bands in enumerate(groups):
        def draw(c: Canvas, x: float, top: float, first: bool, bands: list[tuple[int, int]] = bands) -> None:
            for j, band in enumerate(bands):
                top = pdf_grid.draw_band(c, g, band, x, top, page_top=first and j == 0)

        height = sum(g.band_height(b) for b in bands)
        flows.append(Flow(height, draw, (6 if compact else 10) if i == 0 else 0))
    return flows


def form_flows(spec: FormSpec, values: Mapping[str, Any], year: Any, fonts: Fonts,
               width: float, compact: bool = False,
               limits: Mapping[str, int] | None = None) -> tuple[list[Flow], list[str]]:
    content = form_content(spec, values, year, fonts, width, compact, limits)
    return content.flows, content.warnings


def form_content(spec: FormSpec, values: Mapping[str, Any], year: Any, fonts: Fonts,
                 width: float, compact: bool = False,
                 limits: Mapping[str, int] | None = None) -> Content:
    """The page content top-down. ``compact``: lower minimum rows and tighter spacing, tried
    when the comfortable layout runs onto a second page; ``limits``: lines a long text keeps
    on the form (the rest continues on a （续） sheet)."""
    content = Content([], [])
    flows = content.flows
    if spec.attachment:
        pen = Pen(fonts.heading, HEADING, fonts.symbol, mode=2, stroke=0.3)
        flows.append(_text_flow([Text(spec.attachment)], pen, width, "left", 0))
    flows.append(_title_flow(spec, year, fonts, width))
    if spec.subtitle:
        pen = Pen(fonts.body, SUBTITLE, fonts.symbol)
        flows.append(_text_flow([Text(spec.subtitle)], pen, width, "center", 2))
    for i, line in enumerate(spec.header):
        flow = _parts_line(spec, line, values, fonts, width, footer=False)
        flow.space_before = 10 if i == 0 else 2
        flows.append(flow)
    flows += _grid_flows(spec, values, fonts, width, content, compact, limits or {})
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
    return content


MIN_KEPT_LINES = 3  # a long text keeps at least this many lines on the form itself


def fit_one_page(spec: FormSpec, values: Mapping[str, Any], year: Any, fonts: Fonts, width: float,
                 body: float) -> Content:
    """The form on as few pages as its content allows: comfortable, then compact; when long
    texts (申请理由, 意见和建议) still push it past one page, the longest is cut, line by line,
    until the form — stamps included — fits one page, and the rest goes on a （续） sheet."""
    content = form_content(spec, values, year, fonts, width)
    if content.height <= body:
        return content
    tight = form_content(spec, values, year, fonts, width, compact=True)
    if tight.height <= body or not tight.long_lines:
        return tight if _page_count(tight, body) < _page_count(content, body) else content
    limits: dict[str, int] = {}
    for _ in range(12):
        if tight.height <= body or not tight.long_lines:
            break
        excess = int((tight.height - body) // BODY_LEADING) + 1
        level = _cut_level(tight.long_lines, excess)
        if level is None:
            break
        for key, shown in tight.long_lines.items():
            if shown > level:
                limits[key] = level
        tight = form_content(spec, values, year, fonts, width, compact=True, limits=limits)
    while limits and tight.height <= body:  # give back lines the page still has room for
        more = {k: n + 1 for k, n in limits.items()}
        trial = form_content(spec, values, year, fonts, width, compact=True, limits=more)
        if trial.height > body:
            break
        limits, tight = more, trial
    return tight


def _cut_level(shown: Mapping[str, int], excess: int) -> int | None:
    """The number of lines every long text is cut down to (the longest ones first, evenly) so
    that at least ``excess`` lines go, counting one "（续见附页）" line per cut text; None when
    even ``MIN_KEPT_LINES`` each is not enough to gain anything."""
    top = max(shown.values())
    for level in range(top - 1, MIN_KEPT_LINES - 1, -1):
        cut = [n for n in shown.values() if n > level]
        if sum(n - level for n in cut) - len(cut) >= excess:
            return level
    return MIN_KEPT_LINES if top > MIN_KEPT_LINES + 1 else None


def _page_count(content: Content, body: float) -> int:
    try:
        return len(paginate(content.flows, body))
    except LayoutError:
        return 10**6


BODY_LEADING = pdf_grid.BODY * 1.38


def continuation_flows(spec: FormSpec, year: Any, fonts: Fonts, width: float,
                       overflow: list[tuple[str, str]]) -> list[Flow]:
    """The attached sheet: "附件 X（续）", the title with （续）, then each cut text under its
    label "申请理由（续）：", one flow per line so it runs over as many pages as it needs."""
    flows: list[Flow] = []
    if spec.attachment:
        pen = Pen(fonts.heading, HEADING, fonts.symbol, mode=2, stroke=0.3)
        flows.append(_text_flow([Text(spec.attachment + "（续）")], pen, width, "left", 0))
    continued = dataclasses.replace(spec, title=spec.title + "（续）")
    flows.append(_title_flow(continued, year, fonts, width))  # broken only where the form's is
    body = Pen(fonts.body, pdf_grid.BODY, fonts.symbol)
    for label, text in overflow:
        head = layout([Text(f"{label}（续）：")], body.chain, body.size, width)
        flows.append(_lines_flow(head, body, width, 12))
        for line in layout([Text(text.lstrip())], body.chain, body.size, width):  # mid-paragraph
            flows.append(_lines_flow([line], body, width, 0))
    return flows


def _lines_flow(lines: list[Line], pen: Pen, width: float, space: float) -> Flow:
    def draw(c: Canvas, x: float, top: float, _first: bool) -> None:
        draw_lines(c, lines, x, top, width, pen)

    return Flow(len(lines) * pen.leading, draw, space)


def paginate(flows: list[Flow], body_height: float) -> list[list[tuple[Flow, float]]]:
    """Flows → pages of (flow, offset from the body top)."""
    pages: list[list[tuple[Flow, float]]] = [[]]
    used = 0.0
    for flow in flows:
        space = flow.space_before if pages[-1] else 0.0
        if flow.height > body_height:
            raise LayoutError("无法打印：表格中有一行内容过长，超过一整页。请精简文字。")
        if used + space + flow.height > body_height and pages[-1]:
            pages.append([])
            used, space = 0.0, 0.0
        pages[-1].append((flow, used + space))
        used += space + flow.height
    return pages


def glyph_entries(spec: FormSpec, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = [("标题", spec.title), ("备注", "".join(spec.notes or ()))]
    for f in spec.fields:
        if f.printed:
            out.append((f.display_label, pv.plain_text(f, values.get(f.key))))
    return out


def draw_page_footer(c: Canvas, fonts: Fonts, w: float, n: int, total: int, mark: Mark | None,
                     watermark: str | None = None) -> None:
    if watermark:
        draw_watermark(c, watermark, fonts, w, c._pagesize[1])
    if mark is not None:
        draw_mark(c, mark, fonts, w - MARGIN_X, MARK_BOTTOM)
    if total > 1:
        pen = Pen(fonts.body, 10.5, fonts.symbol)
        lines = layout([Text(f"第 {n} 页 共 {total} 页")], pen.chain, pen.size, w)
        draw_lines(c, lines, 0, MARK_BOTTOM + 12 * MM, w, pen, "center")


def render_form(c: Canvas, spec: FormSpec, values: Mapping[str, Any], year: Any, *,
                mark: Mark | None = None, where: str = "", copies: int = 1,
                fonts: Fonts | None = None, watermark: str | None = None) -> FormResult:
    """Draw ``copies`` copies of a filled (or blank) form on the canvas, page by page."""
    fonts = fonts or get_fonts()
    pv.check_glyphs(fonts.body, glyph_entries(spec, values), where)
    w, h = page_size(spec)
    width = w - 2 * MARGIN_X
    body = h - MARGIN_TOP - MARGIN_BOTTOM
    content = fit_one_page(spec, values, year, fonts, width, body)
    pages = paginate(content.flows, body)
    warnings = content.warnings
    if content.overflow:  # the attached （续） sheet(s), counted with the form's pages
        pages += paginate(continuation_flows(spec, year, fonts, width, content.overflow), body)
    result = FormResult(warnings=warnings)
    for _copy in range(max(1, copies)):
        for n, page in enumerate(pages, start=1):
            c.setPageSize((w, h))
            top = h - MARGIN_TOP
            for i, (flow, offset) in enumerate(page):
                flow.draw(c, MARGIN_X, top - offset, i == 0 and n > 1)
            draw_page_footer(c, fonts, w, n, len(pages), mark, watermark)
            c.showPage()
            result.pages += 1
    return result


def form_pdf_bytes(spec: FormSpec, values: Mapping[str, Any], year: Any, *, mark: Mark | None = None,
                   copies: int = 1) -> tuple[bytes, FormResult]:
    """One form as PDF bytes (used by the self-check, tests and the preview)."""
    buf = io.BytesIO()
    c = new_canvas(buf, title_text(spec, year))
    result = render_form(c, spec, values, year, mark=mark, copies=copies)
    c.save()
    return buf.getvalue(), result
