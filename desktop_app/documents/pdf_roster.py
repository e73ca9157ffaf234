"""Rosters (2-3-6 and any ``kind: roster`` spec) over many pages, drawn on the canvas page by
page — a platypus Table of 10,000 rows takes seconds (DESIGN §6).

Each page repeats the header (two levels where a column is ``split``: 婚否 → 已婚 / 未婚, with √
in the chosen sub-column) and says "第 N 页 共 M 页"; 序号 runs on across pages; the last page
carries the note (as on paper: no signature or seal block). The identity-number column is sized
with the font's widths so 18 characters never wrap; the page turns landscape when the columns
need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from reportlab.lib.pagesizes import A4, landscape

from desktop_app.core.field_types import field_type
from desktop_app.documents import printvalues as pv
from desktop_app.documents.fonts import Fonts, MissingGlyphError, get_fonts
from desktop_app.documents.pdf_forms import HEADING, MARGIN_X, MARK_BOTTOM, NOTE, SUBTITLE
from desktop_app.documents.pdf_forms import title_lines as title_block
from desktop_app.documents.rawpdf import RawText, add_code, lines_code
from desktop_app.documents.textlayout import Pen, Text, balanced, draw_lines, layout
from desktop_app.documents.verify import Mark, draw_mark, draw_watermark

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from reportlab.pdfgen.canvas import Canvas

    from desktop_app.documents.fonts import FontChain
    from desktop_app.documents.textlayout import Line

MM = 72 / 25.4
SIZE, MIN_SIZE = 12.0, 10.5  # a long cell wraps at 五号 and its row grows (never smaller)
ROW_H, HEAD_H = 21.0, 21.0
PAD = 3.0
INNER, OUTER = 0.6, 1.0  # grid lines (GB/T 9704: 0.5–1 pt)
TOP, BOTTOM = 13 * MM, 25 * MM


TICK = "tick"  # the leaf type of one option of a split column (√ when chosen)


@dataclass
class Leaf:
    """One printed column (a split column gives one leaf per option)."""

    key: str
    header: str
    type: str
    parent: str | None = None  # the upper header of a split column
    option: str | None = None  # the value that puts √ in this leaf
    rel: float = 2.0
    min_w: float = 0.0
    field: Any = None
    x: float = 0.0
    w: float = 0.0


def leaves_of(spec: FormSpec, chain: FontChain) -> list[Leaf]:
    if spec.roster is None:
        raise ValueError(f"form {spec.code} has no roster")
    out: list[Leaf] = []
    for col in spec.roster.columns:
        if not col.printed:
            continue
        rel = float(col.width or 2)
        if col.split and col.options:
            share = rel / len(col.options)
            for opt in col.options:
                out.append(Leaf(col.key, opt.label, TICK, col.header, opt.value, share, 0, col))
            continue
        leaf = Leaf(col.key, col.header, col.type, rel=rel, field=col)
        sample = field_type(col.type).roster_sample
        if sample:
            leaf.min_w = chain.width(sample, SIZE) + 2 * PAD + 2
        out.append(leaf)
    for leaf in out:  # a header word never breaks
        leaf.min_w = max(leaf.min_w, chain.width(leaf.header, SIZE) + 2 * PAD)
    return out


def fit_columns(leaves: list[Leaf], width: float) -> bool:
    """Set x / w; False when even the minimum widths do not fit. Columns of known shape
    (identity number, phone, date, 序号) get just their width; the rest share what is left."""
    fixed = {i: lf.min_w for i, lf in enumerate(leaves) if lf.type != TICK and field_type(lf.type).roster_sample}
    if len(fixed) == len(leaves) or sum(fixed.values()) > width:
        fixed = {}
    for _ in range(len(leaves) + 1):
        free = width - sum(fixed.values())
        flex = sum(lf.rel for i, lf in enumerate(leaves) if i not in fixed) or 1.0
        ws = [fixed.get(i, free * lf.rel / flex) for i, lf in enumerate(leaves)]
        grow = [i for i, w in enumerate(ws) if i not in fixed and w < leaves[i].min_w - 0.01]
        if not grow:
            break
        for i in grow:
            fixed[i] = leaves[i].min_w
    x = 0.0
    for lf, w in zip(leaves, ws):
        lf.x, lf.w = x, w
        x += w
    return all(w >= lf.min_w - 0.01 for lf, w in zip(leaves, ws)) and x <= width + 0.5


def cell_text(leaf: Leaf, row: Mapping[str, Any], seq: int) -> str:
    value = row.get(leaf.key)
    if leaf.type == TICK:
        return "√" if value is not None and str(value) == leaf.option else ""
    ft = field_type(leaf.type)
    if ft.row_number:
        return str(seq)
    return pv.clean_text(ft.roster_text(leaf.field, value))


# A measured cell: (text, font size, text width, wrapped lines or None)
Cell = tuple[str, float, float, "list[str] | None"]


def measure_rows(leaves: list[Leaf], rows: Sequence[Mapping[str, Any]], chain: Any, where: str,
                 name_key: str | None) -> tuple[list[list[Cell]], list[float]]:
    cells: list[list[Cell]] = []
    heights: list[float] = []
    width = chain.width
    avails = [lf.w - 2 * PAD for lf in leaves]
    wrapped: dict[tuple[str, float], list[str]] = {}
    for i, row in enumerate(rows, start=1):
        out: list[Cell] = []
        h = ROW_H
        for leaf, avail in zip(leaves, avails):
            text = cell_text(leaf, row, i)
            if not text:
                out.append(("", SIZE, 0.0, None))
                continue
            try:
                tw = width(text, SIZE)
            except MissingGlyphError as exc:
                name = str(row.get(name_key) or "") if name_key and leaf.key != name_key else ""
                raise exc.with_context(f"{where}名册第 {i} 行{_who(name)}", leaf.header, text) from None
            if tw <= avail:
                out.append((text, SIZE, tw, None))
                continue
            size = SIZE * avail / tw
            if size >= MIN_SIZE:
                out.append((text, size, avail, None))
                continue
            strs = wrapped.get((text, avail))
            if strs is None:  # a roster repeats its units: each text is wrapped once
                lines = balanced([Text(text)], chain, MIN_SIZE, avail)  # even lines, no lone "司"
                strs = ["".join(a.text if a.kind == "txt" else " " for a in ln.atoms) for ln in lines]
                wrapped[(text, avail)] = strs
            out.append((text, MIN_SIZE, avail, strs))
            h = max(h, len(strs) * MIN_SIZE * 1.25 + 2 * PAD)
        cells.append(out)
        heights.append(h)
    return cells, heights


def _who(rows_name: str | None) -> str:
    return f"（{rows_name}）" if rows_name else ""


def paginate(heights: list[float], first_room: float, room: float, last_extra: float) -> list[range]:
    pages: list[range] = []
    start, used, cap = 0, 0.0, first_room
    for i, h in enumerate(heights):
        if used + h > cap and i > start:
            pages.append(range(start, i))
            start, used, cap = i, 0.0, room
        used += h
    pages.append(range(start, len(heights)))
    if used + last_extra > cap:  # the note and signature need room: move the last row over
        last = pages.pop()
        if len(last) > 1:
            pages.append(range(last.start, last.stop - 1))
        pages.append(range(last.stop - 1, last.stop) if len(last) else last)
    return pages


def header_code(c: Canvas, leaves: list[Leaf], chain: FontChain, two: bool) -> tuple[str, float]:
    """The header's operators drawn with its top-left at (0, 0), and its height; made once and
    placed on every page."""
    h = HEAD_H * (2 if two else 1)
    raw = RawText(c, chain)
    segs: list[tuple[float, float, float, float]] = []

    def center(text: str, x: float, w: float, top: float, hh: float) -> None:
        raw.add(x + (w - chain.width(text, SIZE)) / 2, top - hh / 2 - 0.36 * SIZE, text, SIZE)

    i = 0
    while i < len(leaves):
        lf = leaves[i]
        if lf.parent and two:
            j = i
            while j < len(leaves) and leaves[j].parent == lf.parent and leaves[j].key == lf.key:
                j += 1
            right = leaves[j - 1].x + leaves[j - 1].w
            center(lf.parent, lf.x, right - lf.x, 0, HEAD_H)
            segs.append((lf.x, -HEAD_H, right, -HEAD_H))
            for k in range(i, j):
                center(leaves[k].header, leaves[k].x, leaves[k].w, -HEAD_H, HEAD_H)
                if k > i:
                    segs.append((leaves[k].x, -HEAD_H, leaves[k].x, -h))
            i = j
        else:
            center(lf.header, lf.x, lf.w, 0, h)
            i += 1
    return raw.code() + "\n" + lines_code(segs, INNER), h


def _draw_rows(c: Canvas, leaves: list[Leaf], cells: list[list[Cell]], heights: list[float], idx: range,
               x0: float, top: float, chain: FontChain) -> float:
    raw = RawText(c, chain)
    y = top
    lefts = [x0 + lf.x for lf in leaves]
    widths = [lf.w for lf in leaves]
    for r in idx:
        h = heights[r]
        row = cells[r]
        base0 = y - h / 2 - 0.36 * SIZE
        for j, (text, size, tw, lines) in enumerate(row):
            if not text:
                continue
            if lines is None:
                base = base0 if size == SIZE else y - h / 2 - 0.36 * size
                raw.add(lefts[j] + (widths[j] - tw) / 2, base, text, size)
                continue
            lead = size * 1.25
            base = y - (h - lead * len(lines)) / 2 - 0.9 * size - (lead - size) / 2
            for line in lines:
                lw = chain.width(line, size)
                raw.add(lefts[j] + (widths[j] - lw) / 2, base, line, size)
                base -= lead
        y -= h
    raw.flush()
    return y


def render_roster(c: Canvas, spec: FormSpec, rows: Sequence[Mapping[str, Any]], year: Any, *,
                  mark: Mark | None = None, where: str = "", fonts: Fonts | None = None,
                  blank_rows: int = 0, with_title: bool = True, watermark: str | None = None) -> int:
    """Draw the roster; returns the number of pages. ``blank_rows``: print that many empty
    numbered rows (a blank roster to fill by hand)."""
    fonts = fonts or get_fonts()
    chain = fonts.body
    if blank_rows:
        rows = [{} for _ in range(blank_rows)]
    leaves = leaves_of(spec, chain)
    page = landscape(A4) if spec.orientation == "landscape" else A4
    if not fit_columns(leaves, page[0] - 2 * MARGIN_X) and page == A4:
        page = landscape(A4)
        fit_columns(leaves, page[0] - 2 * MARGIN_X)
    w, h = page
    width = w - 2 * MARGIN_X
    two = any(lf.parent for lf in leaves)
    name_key = next((lf.key for lf in leaves if lf.key == "name"), None)
    cells, heights = measure_rows(leaves, rows, chain, where, name_key)
    head_ops, table_h = header_code(c, leaves, chain, two)
    title_pen, title_lines = title_block(spec, year, fonts, width)
    head_top = (HEADING * 1.38 + 4 if spec.attachment else 0) + len(title_lines) * title_pen.leading + 10
    head_top += (SUBTITLE * 1.38) if spec.subtitle else 0
    note_pen = Pen(fonts.note, NOTE, fonts.symbol)
    notes = [layout([Text(n)], note_pen.chain, NOTE, width) for n in (spec.notes or ())]
    note_h = sum(len(n) for n in notes) * note_pen.leading + 6
    room = h - TOP - BOTTOM - table_h
    pages = paginate(heights, room - (head_top if with_title else 0), room, note_h)
    total = len(pages)
    x0 = MARGIN_X
    for n, idx in enumerate(pages, start=1):
        c.setPageSize(page)
        top = h - TOP
        if n == 1 and with_title:
            if spec.attachment:
                hp = Pen(fonts.heading, HEADING, fonts.symbol, mode=2, stroke=0.3)
                draw_lines(c, layout([Text(spec.attachment)], hp.chain, HEADING, width), x0, top, width, hp)
                top -= HEADING * 1.38 + 4
            top = draw_lines(c, title_lines, x0, top, width, title_pen, "center")
            if spec.subtitle:
                sp = Pen(fonts.body, SUBTITLE, fonts.symbol)
                top = draw_lines(c, layout([Text(spec.subtitle)], sp.chain, SUBTITLE, width), x0, top,
                                 width, sp, "center")
            top -= 10
        add_code(c, head_ops, x0, top)
        body_top = top - table_h
        bottom = _draw_rows(c, leaves, cells, heights, idx, x0, body_top, chain)
        ys = [body_top]
        for r in idx:
            ys.append(ys[-1] - heights[r])
        segs = [(x0, y, x0 + width, y) for y in ys]
        segs += [(x0 + lf.x, body_top + (HEAD_H if lf.parent and two else 0), x0 + lf.x, bottom)
                 for lf in leaves[1:]]
        add_code(c, lines_code(segs, INNER))
        add_code(c, f"q {OUTER:.1f} w {x0:.2f} {bottom:.2f} {width:.2f} {top - bottom:.2f} re S Q")
        if n == total:
            _last_page(c, fonts, notes, note_pen, x0, bottom - 6, width)
        _page_footer(c, fonts, w, n, total, mark, watermark)
        c.showPage()
    return total


def _last_page(c: Canvas, fonts: Fonts, notes: list[list[Line]], pen: Pen, x: float, top: float,
               width: float) -> None:
    """The note under the table — and nothing else: the paper 2-3-6 has no signature or seal
    block (issue 19)."""
    for lines in notes:
        top = draw_lines(c, lines, x, top, width, pen)


def _page_footer(c: Canvas, fonts: Fonts, w: float, n: int, total: int, mark: Mark | None,
                 watermark: str | None = None) -> None:
    if watermark:
        draw_watermark(c, watermark, fonts, w, c._pagesize[1])
    if total > 1:  # a one-page roster is numbered like the paper: not at all
        raw = RawText(c, fonts.body)
        text = f"第 {n} 页 共 {total} 页"
        raw.add((w - fonts.body.width(text, 10.5)) / 2, MARK_BOTTOM + 12 * MM - 11, text, 10.5)
        raw.flush()
    if mark is not None:
        draw_mark(c, mark, fonts, w - MARGIN_X, MARK_BOTTOM, qr=(n == total))
