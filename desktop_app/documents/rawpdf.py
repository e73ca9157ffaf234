"""Lean page-content writing for long rosters (tens of thousands of short strings and lines).

reportlab's TextObject and ``canvas.lines`` cost tens of microseconds per call in pure Python
(number formatting, subset lookup, escaping); a 10,000-row roster makes ~80,000 strings and
~12,000 lines. These helpers emit the same PDF operators directly: text through the documented
dynamic-font pattern of ``reportlab.pdfbase.ttfonts`` (``splitString`` +
``getSubsetInternalName``), with ASCII runs (numbers, identity numbers) written as is once each
character is known to sit at its own code in subset 0.
"""

from __future__ import annotations

from typing import Any

_SPECIAL = frozenset("()\\")


class RawText:
    """Collects text operators; ``flush()`` appends them to the page as one BT … ET block."""

    def __init__(self, c: Any, chain: Any) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        self.c, self.doc, self.chain = c, c._doc, chain
        self.ops: list[str] = []
        self.cur: tuple[str, int, float] | None = None
        self._get = getFont
        self._fonts: dict[str, Any] = {}
        # Shared by all RawText of one canvas: encodings are fixed once assigned in a document.
        shared = c.__dict__.setdefault("_unionledger_rawtext", ({}, {}, {}))
        self._direct: dict[str, set[str]] = shared[0]  # font → ASCII chars encoded as themselves
        self._checked: dict[str, set[str]] = shared[1]
        self._parts: dict[tuple[str, str], list[tuple[int, str]]] = shared[2]

    def _font(self, name: str) -> Any:
        font = self._fonts.get(name)
        if font is None:
            font = self._fonts[name] = self._get(name)
            self._direct.setdefault(name, set())
            self._checked.setdefault(name, set())
        return font

    def _is_direct(self, name: str, font: Any, run: str) -> bool:
        if not run.isascii():
            return False
        direct, checked = self._direct[name], self._checked[name]
        for ch in set(run) - checked:
            checked.add(ch)
            if ch not in _SPECIAL and font.splitString(ch, self.doc) == [(0, ch.encode("latin-1"))]:
                direct.add(ch)
        return set(run) <= direct

    def add(self, x: float, y: float, text: str, size: float) -> None:
        ops = self.ops
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for name, run in self.chain.runs(text):
            font = self._font(name)
            if self._is_direct(name, font, run):
                parts = [(0, run)]
            else:
                cached = self._parts.get((name, run))
                if cached is None:
                    cached = [(s, self.c._escape(chunk)) for s, chunk in font.splitString(run, self.doc)]
                    if len(self._parts) < 100_000:
                        self._parts[(name, run)] = cached
                parts = cached
            for subset, chunk in parts:
                key = (name, subset, size)
                if key != self.cur:
                    ops.append(f"{font.getSubsetInternalName(subset, self.doc)} {size:.2f} Tf")
                    self.cur = key
                ops.append(f"({chunk}) Tj")

    def code(self) -> str:
        return "BT\n" + "\n".join(self.ops) + "\nET"

    def flush(self) -> None:
        if self.ops:
            self.c._code.append(self.code())
        self.ops, self.cur = [], None


def lines_code(segments: list[tuple[float, float, float, float]], width: float) -> str:
    """Stroked straight lines as one path."""
    body = "\n".join(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l" for x0, y0, x1, y1 in segments)
    return f"q {width:.2f} w 0 J\n{body}\nS Q"


def add_code(c: Any, code: str, dx: float = 0.0, dy: float = 0.0) -> None:
    """Append ready-made operators, shifted by (dx, dy)."""
    if dx or dy:
        c._code.append(f"q 1 0 0 1 {dx:.2f} {dy:.2f} cm\n{code}\nQ")
    else:
        c._code.append(code)
