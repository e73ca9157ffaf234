"""The paper table of a form: cells placed from ``spec.grid`` (spans included), measured, cut
into page-sized bands between rows, and drawn on the canvas.

Long text wraps inside its cell. A one-line field that outgrows the two lines the paper gives
it shrinks to 11 / 10.5 pt, never smaller, then its row grows; long free text (申请理由, 意见和建议)
keeps its 12 pt and its row grows. When even so the form would run past one page, the form
writer keeps only ``limits`` lines of such a text here, closed by "（续见附页）", and prints the
rest on an attached （续） sheet (``GridLayout.overflow``). Stamp cells of a row are equally wide
and at least 50 mm (``stamp_bounds``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.core.field_types import field_type
from desktop_app.documents import printvalues as pv
from desktop_app.documents.fonts import Fonts
from desktop_app.documents.textlayout import (
    Gap,
    Item,
    Line,
    Pen,
    Text,
    balanced,
    draw_lines,
    layout,
    keep,
    lines_text,
)

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
BODY = 12.0  # 小四
SIZES = (12.0, 11.0, 10.5)  # a one-line field shrinks this far at most (五号), then the row grows
MORE = "（续见附页）"  # closes a long text cut at the page; the rest prints on a （续） sheet
PAD_H, PAD_V = 5.0, 4.0
MIN_ROW = 28.0
STAMP_CLEAR = 45 * MM  # room for a 42 mm round seal
STAMP_MIN_W = 50 * MM  # a stamp cell's width: the 45 mm clear square and the cell's padding
INNER_LINE, OUTER_LINE = 0.6, 1.0


class Block:
    def measure(self, width: float) -> float:  # height needed for this content width
        raise NotImplementedError

    def draw(self, c: Canvas, x: float, top: float, width: float, height: float) -> None:
        raise NotImplementedError


class EmptyBlock(Block):
    def measure(self, width: float) -> float:
        return 0.0

    def draw(self, c: Canvas, x: float, top: float, width: float, height: float) -> None:
        pass


@dataclass
class FlowBlock(Block):
    """Wrapped inline content: a label, a value, or text-and-values parts."""

    items: list[Item]
    pen: Pen
    align: str = "left"
    valign: str = "middle"
    lines_room: int = 1  # lines the paper gives this content before it must shrink
    shrink: bool = False
    label: str = ""
    tail: list[Item] = field(default_factory=list)  # right-aligned last line (opinion date)
    min_lines: int = 0  # lines to leave on paper even when empty (multi-line fields)
    even: bool = False  # lines of about equal length ("企业 / 名称", not "企业名 / 称")
    key: str = ""  # the multi-line field this cell holds (long text: the row grows, then is cut)
    max_lines: int | None = None  # lines kept on the form; the rest goes to a （续） sheet
    warnings: list[str] = field(default_factory=list)
    overflow: str = ""  # text cut off at ``max_lines``
    _lines: list[Line] = field(default_factory=list)
    _tail: list[Line] = field(default_factory=list)
    _more: list[Line] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def measure(self, width: float) -> float:
        avail = max(width - 2 * PAD_H, 10.0)
        base = self.pen.size
        room = self.lines_room * base * 1.38 + 2 * PAD_V
        # Long text keeps its size and gets room (the row grows); a one-line field may shrink a
        # little to stay within the two lines the paper gives it, never below 10.5 pt.
        sizes = [s for s in SIZES if s <= base] if self.shrink and not self.key else [base]
        # A short value rather stays on one line a size smaller than wraps; when it must wrap,
        # its lines are even ("青浦示例精密 / 机械有限公司", not a lone "司").
        tries = [(1, s) for s in sizes] + [(99, s) for s in sizes] if len(sizes) > 1 else [(99, base)]
        need = 0.0
        self.overflow, self._more = "", []
        for max_lines, size in tries:
            pen = Pen(self.pen.chain, size, self.pen.symbol, self.pen.mode)
            even = self.even or (self.shrink and not self.key)
            lines = (balanced if even else layout)(self.items, pen.chain, size, avail)
            tail = layout(self.tail, pen.chain, size, avail) if self.tail else []
            need = (len(lines) + len(tail)) * pen.leading + 2 * PAD_V
            self.pen, self._lines, self._tail = pen, lines, tail
            if len(lines) <= max_lines and need <= room + 0.01:
                break
        if self.max_lines is not None and len(self._lines) > self.max_lines:
            keep = max(self.max_lines, 1)
            self.overflow = lines_text(self._lines[keep:])
            self._lines = self._lines[:keep]
            self._more = layout([Text(MORE)], self.pen.chain, self.pen.size, avail)
            need = (len(self._lines) + len(self._more) + len(self._tail)) * self.pen.leading + 2 * PAD_V
        self.warnings = []
        blank_room = (self.min_lines + (1 if self.tail else 0)) * base * 1.38 + 2 * PAD_V
        if need > room + 0.01 and not self.key:  # a one-line field past its two lines
            smaller = "已缩小字号并" if self.pen.size < base else "已"
            self.warnings.append(f"{self.label} 文字较长，{smaller}加高表格行")
        if self.overflow:
            self.warnings.append(f"{self.label} 文字超过一页，其余部分打印在附页（续）")
        return max(need, blank_room if self.min_lines else 0.0)

    def draw(self, c: Canvas, x: float, top: float, width: float, height: float) -> None:
        body_h = len(self._lines) * self.pen.leading
        if self.valign == "top" or self._tail:
            y = top - PAD_V
        else:
            y = top - (height - body_h) / 2
        y = draw_lines(c, self._lines, x + PAD_H, y, width - 2 * PAD_H, self.pen, self.align)
        if self._more:
            draw_lines(c, self._more, x + PAD_H, y, width - 2 * PAD_H, self.pen, "right")
        if self._tail:
            ty = top - height + PAD_V + len(self._tail) * self.pen.leading
            draw_lines(c, self._tail, x + PAD_H, ty, width - 2 * PAD_H - self.pen.size, self.pen, "right")


@dataclass
class StampBlock(Block):
    """"XX工会盖章：", a clear square for the seal, "年　月　日" (or the stamp date) under it."""

    label: str
    date: str
    pen: Pen
    _lines: list[Line] = field(default_factory=list)

    def measure(self, width: float) -> float:
        self._lines = layout([Text(f"{self.label}盖章：")], self.pen.chain, self.pen.size, width - 2 * PAD_H)
        return 2 * PAD_V + (len(self._lines) + 1) * self.pen.leading + STAMP_CLEAR

    def draw(self, c: Canvas, x: float, top: float, width: float, height: float) -> None:
        draw_lines(c, self._lines, x + PAD_H, top - PAD_V, width - 2 * PAD_H, self.pen)
        date_lines = layout([keep(Text(self.date))], self.pen.chain, self.pen.size, width - 2 * PAD_H)
        y = top - height + PAD_V + self.pen.leading
        draw_lines(c, date_lines[:1], x + PAD_H, y, width - 2 * PAD_H - 1.5 * self.pen.size, self.pen, "right")


@dataclass
class Placed:
    row: int
    col: int
    rowspan: int
    colspan: int
    block: Block
    label: str = ""


@dataclass
class GridLayout:
    cols: list[float]  # column x offsets (len = columns + 1), from the grid's left edge
    rows: list[float]  # row heights
    cells: list[Placed]
    bands: list[tuple[int, int]]  # (first row, last row + 1) that may not be split
    warnings: list[str]
    long_lines: dict[str, int] = field(default_factory=dict)  # multi-line field → lines on the form
    overflow: list[tuple[str, str]] = field(default_factory=list)  # (label, text) for （续） sheets

    def band_height(self, band: tuple[int, int]) -> float:
        return sum(self.rows[band[0]:band[1]])


def _field_block(spec: FormSpec, cell: Any, values: Mapping[str, Any], fonts: Fonts,
                 limits: Mapping[str, int]) -> Block:
    f = spec.field(cell.field)
    if not f.printed:
        return EmptyBlock()
    items = pv.value_items(f, values.get(f.key), layout=cell.layout, box=cell.box)
    ft = field_type(f.type)
    text_like = not ft.boxed
    long_text = ft.long_text
    room = (f.lines or 3) if long_text else 2
    return FlowBlock(
        items, Pen(fonts.body, BODY, fonts.symbol), align=cell.align or "left",
        valign="top" if long_text else "middle",
        lines_room=room if text_like else 99, shrink=text_like, label=f.display_label,
        min_lines=room if long_text else 0,
        key=f.key if long_text else "", max_lines=limits.get(f.key),
    )


def _parts_block(spec: FormSpec, cell: Any, values: Mapping[str, Any], fonts: Fonts,
                 limits: Mapping[str, int]) -> Block:
    items: list[Item] = []
    tail: list[Item] = []
    room, label, multiline, key = 2, "", False, ""
    prev_field = False
    for part in cell.parts:
        if part.kind == "text" or part.field is None:
            text = part.text or ""
            if prev_field and items and not text.startswith(("，", "、", "。")):
                items.append(Gap(0.5))  # "5月18日 至 5月20日", "总人数：30 男：18"
            (tail if part.align == "right" else items).append(Text(text))
            if not text.endswith(("：", ":")):
                items.append(Gap(0.5))
            prev_field = False
            continue
        prev_field = True
        f = spec.field(part.field)
        if not f.printed:
            continue
        long_text = field_type(f.type).long_text
        got = pv.value_items(f, values.get(f.key), layout=part.layout, box=part.box,
                             inline=not long_text)
        if part.align == "right":
            tail += got
            continue
        if long_text:
            room, multiline, key = max(room, f.lines or 3), True, f.key
        label = label or f.display_label
        if items and pv.is_label(items[-1]):  # "总人数：40" never splits
            items += pv.with_label([items.pop()], got, f)
        else:
            items += got
    return FlowBlock(
        items, Pen(fonts.body, BODY, fonts.symbol), align=cell.align or "left",
        valign="top" if multiline else "middle", lines_room=room, shrink=True,
        label=label, tail=tail, min_lines=room if multiline else 0,
        key=key, max_lines=limits.get(key) if key else None,
    )


def make_block(spec: FormSpec, cell: Any, values: Mapping[str, Any], fonts: Fonts,
               limits: Mapping[str, int] | None = None) -> Block:
    limits = limits or {}
    pen = Pen(fonts.body, BODY, fonts.symbol)
    if cell.kind == "label":
        return FlowBlock([Text(cell.text or "")], pen, align=cell.align or "center", lines_room=99,
                         even=True)
    if cell.kind == "field":
        return _field_block(spec, cell, values, fonts, limits)
    if cell.kind == "parts":
        return _parts_block(spec, cell, values, fonts, limits)
    if cell.kind == "stamp":
        raw = values.get(cell.field) if cell.field else None
        date = pv.date_text(raw) if not pv.empty(raw) else "年　　月　　日"
        return StampBlock(cell.text or "", date, pen)
    return EmptyBlock()


def label_needs(grid: Any, fonts: Fonts) -> list[float]:
    """Per column, the width its one-column labels need on one line (up to 7 characters)."""
    need = [0.0] * len(grid.widths)
    for p in grid.placements():
        if p.cell.kind == "label" and p.cell.colspan == 1 and p.cell.text:
            text_w = min(fonts.body.width(p.cell.text, BODY), 7 * BODY)
            need[p.col] = max(need[p.col], text_w + 2 * PAD_H + 1)
    return need


def _fit(rel: list[float], need: list[float], width: float) -> list[float]:
    """``width`` shared by relative widths, widened where a column needs more, the other
    columns narrowed in proportion (all proportional when the needs do not fit)."""
    fixed: dict[int, float] = {}
    widths = [width * r / (sum(rel) or 1.0) for r in rel]
    for _ in range(len(rel)):
        free = width - sum(fixed.values())
        flex = sum(r for i, r in enumerate(rel) if i not in fixed) or 1.0
        widths = [fixed.get(i, free * r / flex) for i, r in enumerate(rel)]
        grow = [i for i, w in enumerate(widths) if i not in fixed and w < need[i]]
        if not grow or sum(need) > width:
            break
        for i in grow:
            fixed[i] = need[i]
    return widths


def column_widths(grid: Any, fonts: Fonts, width: float) -> list[float]:
    """The spec's relative widths, widened where a one-column label would otherwise wrap
    (up to 7 characters), the other columns narrowed in proportion."""
    return _fit([float(w) for w in grid.widths], label_needs(grid, fonts), width)


def stamp_bounds(grid: Any, cols: list[float], need: list[float] | None = None) -> list[float]:
    """Column edges moved so the stamp cells of a row are equally wide and at least
    ``STAMP_MIN_W`` each (the paper's seals sit side by side in equal boxes); between two moved
    edges the columns share the room as ``column_widths`` does. Rows with more stamps first."""
    rows: dict[int, list[tuple[int, int]]] = {}
    for p in grid.placements():
        if p.cell.kind == "stamp":
            rows.setdefault(p.row, []).append((p.col, p.cell.colspan))
    n = len(cols) - 1
    fixed: dict[int, float] = {0: cols[0], n: cols[n]}
    for cells in sorted(rows.values(), key=len, reverse=True):
        cells.sort()
        if len(cells) < 2 or any(a + sa != b for (a, sa), (b, _) in itertools.pairwise(cells)):
            continue
        start, end, k = cells[0][0], cells[-1][0] + cells[-1][1], len(cells)
        right = fixed.get(end, cols[end])
        left = fixed.get(start, min(cols[start], right - k * STAMP_MIN_W))
        fixed[start], fixed[end] = max(left, 0.0), right
        step = (right - fixed[start]) / k
        for i, (col, _span) in enumerate(cells[1:], start=1):
            fixed.setdefault(col, fixed[start] + i * step)
    keys = sorted(fixed)
    rel = [float(w) for w in grid.widths]
    need = need or [0.0] * n
    out = [0.0] * (n + 1)
    for a, b in itertools.pairwise(keys):
        x = out[a] = fixed[a]
        for j, w in enumerate(_fit(rel[a:b], need[a:b], fixed[b] - fixed[a]), start=a):
            x += w
            out[j + 1] = x
    return out


def build(spec: FormSpec, grid: Any, values: Mapping[str, Any], fonts: Fonts, width: float,
          min_row: float = MIN_ROW, limits: Mapping[str, int] | None = None) -> GridLayout:
    """Measure and place the cells. ``limits``: lines kept for a multi-line field's text on
    the form (the rest is in ``GridLayout.overflow``, for a （续） sheet)."""
    cols = [0.0]
    label_need = label_needs(grid, fonts)
    for w in _fit([float(w) for w in grid.widths], label_need, width):
        cols.append(cols[-1] + w)
    cols = stamp_bounds(grid, cols, label_need)
    placed = [
        Placed(p.row, p.col, p.cell.rowspan, p.cell.colspan, make_block(spec, p.cell, values, fonts, limits))
        for p in grid.placements()
    ]
    nrows = len(grid.rows)
    heights = [min_row] * nrows
    warnings: list[str] = []
    needs: list[tuple[Placed, float]] = []
    for pc in placed:
        need = pc.block.measure(cols[pc.col + pc.colspan] - cols[pc.col])
        warnings += getattr(pc.block, "warnings", [])
        needs.append((pc, need))
        if pc.rowspan == 1:
            heights[pc.row] = max(heights[pc.row], need)
    for pc, need in needs:
        if pc.rowspan > 1:
            span = range(pc.row, min(pc.row + pc.rowspan, nrows))
            have = sum(heights[r] for r in span)
            if need > have:
                extra = (need - have) / len(span)
                for r in span:
                    heights[r] += extra
    bands: list[tuple[int, int]] = []
    start, end = 0, 0
    for r in range(nrows):
        for pc in placed:
            if pc.row == r:
                end = max(end, pc.row + pc.rowspan)
        end = max(end, r + 1)
        if end == r + 1:
            bands.append((start, end))
            start = end
    long_text = {pc.block.key: pc.block for pc in placed if isinstance(pc.block, FlowBlock) and pc.block.key}
    return GridLayout(cols, heights, placed, bands, warnings,
                      {k: b.line_count for k, b in long_text.items()},
                      [(b.label, b.overflow) for b in long_text.values() if b.overflow])


def draw_band(
    c: Canvas, g: GridLayout, band: tuple[int, int], x: float, top: float, page_top: bool = False
) -> float:
    """Draw the rows of one band with their top edge at ``top``; returns the bottom y."""
    ys = [top]
    for r in range(band[0], band[1]):
        ys.append(ys[-1] - g.rows[r])
    segments = []
    for pc in g.cells:
        if not band[0] <= pc.row < band[1]:
            continue
        x0, x1 = x + g.cols[pc.col], x + g.cols[pc.col + pc.colspan]
        y0 = ys[pc.row - band[0]]
        y1 = ys[min(pc.row + pc.rowspan, band[1]) - band[0]]
        pc.block.draw(c, x0, y0, x1 - x0, y0 - y1)
        segments += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    c.saveState()
    c.setLineWidth(INNER_LINE)
    c.lines(segments)
    c.setLineWidth(OUTER_LINE)
    left, right = x + g.cols[0], x + g.cols[-1]
    c.lines([(left, ys[0], left, ys[-1]), (right, ys[0], right, ys[-1])])
    if band[0] == 0 or page_top:
        c.line(left, ys[0], right, ys[0])
    if band[1] == len(g.rows):
        c.line(left, ys[-1], right, ys[-1])
    c.restoreState()
    return ys[-1]
