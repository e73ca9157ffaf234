"""Inline text layout for the PDF writers: CJK line breaking with mixed fonts, checkboxes.

reportlab's Paragraph knows one font per run and cannot fall back per character, so the form
writer lays out its own lines: each Chinese character may end a line (except before closing
punctuation / after opening punctuation, reportlab.lib.textsplit's rules), Latin words and
numbers (phones, identity numbers) stay whole, an option "□私营企业" stays together when it fits.
A checkbox is drawn as a square (and a tick when chosen) with the characters □ / ☑ as invisible
text on top, so the printed look does not depend on a font and the PDF still reads "☑私营企业".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

from desktop_app.documents.fonts import Face, FontChain

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# reportlab's line-start / line-end lists are Japanese-centred: they lack the full-width
# Chinese comma, colon, semicolon, ? ! and closing quotes / brackets (a line began with "，").
CANNOT_START = frozenset(ALL_CANNOT_START) | frozenset("，：；？！）》〉”’…·｝")
CANNOT_END = frozenset(ALL_CANNOT_END)
LEADING = 1.38  # line height / font size
CHECKED, UNCHECKED = "☑", "□"
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_/@:%+#&'()")


# --------------------------------------------------------------------------------------------
# Inline items (what a cell holds)


@dataclass(frozen=True)
class Text:
    text: str
    underline: bool = False


@dataclass(frozen=True)
class Box:
    checked: bool


@dataclass(frozen=True)
class Option:
    label: str
    checked: bool
    box_after: bool = False


@dataclass(frozen=True)
class Gap:
    em: float = 1.0


@dataclass(frozen=True)
class Blank:
    em: float  # an empty slot to write in by hand
    underline: bool = False


@dataclass(frozen=True)
class Break:
    pass


@dataclass(frozen=True)
class Keep:
    """Items that never part across lines when they fit on one: a label with its value
    ("总人数：40"), a date ("2023年6月25日", "　　年　　月　　日")."""

    items: tuple


Item = Text | Box | Option | Gap | Blank | Break | Keep


def keep(*items: Item) -> Keep:
    return Keep(tuple(items))


# --------------------------------------------------------------------------------------------
# Atoms and lines


@dataclass
class Atom:
    kind: str  # txt | box | gap | blank | br
    width: float
    text: str = ""
    glue: bool = False  # no line break allowed before this atom
    checked: bool = False
    underline: bool = False


@dataclass
class Line:
    atoms: list[Atom] = field(default_factory=list)
    width: float = 0.0
    hard_end: bool = False  # ended by a line break in the text (not by wrapping)


def _text_atoms(text: str, chain: FontChain, size: float, underline: bool) -> list[Atom]:
    atoms: list[Atom] = []
    word = ""

    def flush() -> None:
        nonlocal word
        if word:
            glue = bool(atoms) and atoms[-1].kind == "txt" and atoms[-1].text[-1:] in CANNOT_END
            atoms.append(Atom("txt", chain.width(word, size), word, glue, underline=underline))
            word = ""

    for ch in text:
        if ch in _WORD:
            word += ch
            continue
        flush()
        if ch == "\n":
            atoms.append(Atom("br", 0.0))
        elif ch == " ":
            atoms.append(Atom("gap", chain.width(" ", size)))
        else:
            prev = atoms[-1] if atoms else None
            glue = ch in CANNOT_START or (
                prev is not None and prev.kind == "txt" and prev.text[-1:] in CANNOT_END
            )
            atoms.append(Atom("txt", chain.width(ch, size), ch, glue, underline=underline))
    flush()
    return atoms


def to_atoms(items: Iterable[Item], chain: FontChain, size: float) -> list[Atom]:
    out: list[Atom] = []
    for item in items:
        if isinstance(item, Text):
            out += _text_atoms(item.text, chain, size, item.underline)
        elif isinstance(item, Box):
            out.append(Atom("box", size, checked=item.checked))
        elif isinstance(item, Option):
            label = _text_atoms(item.label, chain, size, False)
            for a in label:
                a.glue = a.kind != "br"  # an option stays on one line when it fits
            box = Atom("box", size, checked=item.checked, glue=item.box_after)
            group = label + [box] if item.box_after else [box] + label
            if item.box_after and label:
                group[0].glue = False
            out += group
        elif isinstance(item, Gap):
            out.append(Atom("gap", size * item.em))
        elif isinstance(item, Blank):
            out.append(Atom("blank", size * item.em, underline=item.underline))
        elif isinstance(item, Break):
            out.append(Atom("br", 0.0))
        elif isinstance(item, Keep):
            inner = to_atoms(item.items, chain, size)
            for a in inner[1:]:
                a.glue = a.kind != "br"
            out += inner
    return out


def _clusters(atoms: list[Atom]) -> list[list[Atom]]:
    groups: list[list[Atom]] = []
    for a in atoms:
        if groups and a.glue and a.kind != "br" and groups[-1][-1].kind != "br":
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _trim(line: Line) -> Line:
    while line.atoms and line.atoms[-1].kind == "gap":
        line.width -= line.atoms.pop().width
    return line


def break_lines(atoms: list[Atom], max_width: float) -> list[Line]:
    """Greedy line filling; a cluster wider than a line is split anywhere."""
    lines: list[Line] = []
    cur = Line()
    for group in _clusters(atoms):
        if group[0].kind == "br":
            cur.hard_end = True
            lines.append(_trim(cur))
            cur = Line()
            continue
        if group[0].kind == "gap" and not cur.atoms:
            continue  # no gap at a line start
        gw = sum(a.width for a in group)
        if cur.width + gw <= max_width + 0.01:
            cur.atoms += group
            cur.width += gw
            continue
        if gw <= max_width + 0.01:
            lines.append(_trim(cur))
            cur = Line(list(group), gw) if group[0].kind != "gap" else Line()
            continue
        for a in group:  # wider than a whole line: break inside
            if cur.atoms and cur.width + a.width > max_width + 0.01:
                lines.append(_trim(cur))
                cur = Line()
            if a.kind == "gap" and not cur.atoms:
                continue
            cur.atoms.append(a)
            cur.width += a.width
    if cur.atoms or not lines:
        lines.append(_trim(cur))
    return lines


def layout(items: Iterable[Item], chain: FontChain, size: float, max_width: float) -> list[Line]:
    return break_lines(to_atoms(items, chain, size), max_width)


def _chars(line: Line) -> int:
    return sum(len(a.text) for a in line.atoms if a.kind == "txt")


def layout_no_widow(items: Iterable[Item], chain: FontChain, size: float, max_width: float,
                    min_chars: int = 5) -> list[Line]:
    """Like ``layout``, but a paragraph's last line never holds fewer than ``min_chars``
    characters (no lone "检。"): the lines are narrowed a character at a time, keeping their
    number, until the last one takes enough."""
    items = list(items)
    lines = layout(items, chain, size, max_width)
    if len(lines) < 2 or _chars(lines[-1]) >= min_chars:
        return lines
    for k in range(1, 9):
        trial = layout(items, chain, size, max_width - k * size)
        if len(trial) != len(lines):
            break
        if _chars(trial[-1]) >= min_chars:
            return trial
    return lines


def lines_text(lines: list[Line]) -> str:
    """The text of laid-out lines (what is left over for a continuation sheet)."""
    out = []
    for i, line in enumerate(lines):
        out.append("".join(a.text if a.kind == "txt" else " " if a.kind == "gap" else "" for a in line.atoms))
        if i < len(lines) - 1:
            out.append("\n" if line.hard_end else "")
    return "".join(out)


def natural_width(items: Iterable[Item], chain: FontChain, size: float) -> float:
    return sum(a.width for a in to_atoms(items, chain, size) if a.kind != "br")


def balanced(items: list[Item], chain: FontChain, size: float, max_width: float) -> list[Line]:
    """Lines of about equal length (titles): the narrowest width keeping the line count."""
    lines = layout(items, chain, size, max_width)
    if len(lines) < 2:
        return lines
    lo, hi = max_width / len(lines) * 0.9, max_width
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(layout(items, chain, size, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return layout(items, chain, size, hi)


# --------------------------------------------------------------------------------------------
# Drawing


@dataclass
class Pen:
    """How to draw: font chain, size, text render mode (0 fill, 2 fill + stroke)."""

    chain: FontChain
    size: float
    symbol: Face
    mode: int = 0
    stroke: float = 0.0

    @property
    def leading(self) -> float:
        return self.size * LEADING

    def baseline(self, line_top: float) -> float:
        return line_top - (self.leading - self.size) / 2 - 0.86 * self.size


def draw_line(c: Canvas, line: Line, x: float, baseline: float, pen: Pen) -> None:
    """Draw one laid-out line starting at x."""
    size = pen.size
    t = c.beginText(x, baseline)
    if pen.mode:
        t.setTextRenderMode(pen.mode)
    boxes: list[tuple[float, bool]] = []
    unders: list[tuple[float, float]] = []
    pos, buf, buf_x = x, "", x
    cur_font = None

    def flush() -> None:
        nonlocal buf, cur_font
        if not buf:
            return
        t.setTextOrigin(buf_x, baseline)
        for font, run in pen.chain.runs(buf):
            if font != cur_font:
                t.setFont(font, size)
                cur_font = font
            t.textOut(run)
        buf = ""

    for a in line.atoms:
        if a.kind == "txt":
            if not buf:
                buf_x = pos
            buf += a.text
        else:
            flush()
            if a.kind == "box":
                boxes.append((pos, a.checked))
                t.setTextOrigin(pos + 0.1 * size, baseline)
                t.setFont(pen.symbol.name, size * 0.8)
                cur_font = None
                t.setTextRenderMode(3)  # invisible: the square is drawn below
                t.textOut(CHECKED if a.checked else UNCHECKED)
                t.setTextRenderMode(pen.mode)
        if a.underline:
            unders.append((pos, pos + a.width))
        pos += a.width
    flush()
    if pen.mode == 2:
        c.saveState()
        c.setLineWidth(pen.stroke or size * 0.03)
        c.drawText(t)
        c.restoreState()
    else:
        c.drawText(t)
    if boxes:
        draw_boxes(c, boxes, baseline, size)
    if unders:
        c.saveState()
        c.setLineWidth(0.5)
        for x0, x1 in unders:
            c.line(x0, baseline - 0.18 * size, x1, baseline - 0.18 * size)
        c.restoreState()


def draw_boxes(c: Canvas, boxes: list[tuple[float, bool]], baseline: float, size: float) -> None:
    side = 0.78 * size
    c.saveState()
    c.setLineWidth(max(0.6, size * 0.05))
    c.setLineJoin(0)
    for x, checked in boxes:
        bx, by = x + (size - side) / 2, baseline - 0.03 * size
        c.rect(bx, by, side, side, stroke=1, fill=0)
    c.setLineWidth(max(1.0, size * 0.1))
    c.setLineCap(1)
    c.setLineJoin(1)
    for x, checked in boxes:
        if not checked:
            continue
        bx, by = x + (size - side) / 2, baseline - 0.03 * size
        p = c.beginPath()
        p.moveTo(bx + 0.18 * side, by + 0.52 * side)
        p.lineTo(bx + 0.42 * side, by + 0.22 * side)
        p.lineTo(bx + 0.86 * side, by + 0.86 * side)
        c.drawPath(p, stroke=1, fill=0)
    c.restoreState()


def draw_lines(
    c: Canvas, lines: list[Line], x: float, top: float, width: float, pen: Pen, align: str = "left"
) -> float:
    """Draw lines from ``top`` down; returns the y below the last line."""
    y = top
    for line in lines:
        if align == "center":
            lx = x + (width - line.width) / 2
        elif align == "right":
            lx = x + width - line.width
        else:
            lx = x
        if line.atoms:
            draw_line(c, line, lx, pen.baseline(y), pen)
        y -= pen.leading
    return y
