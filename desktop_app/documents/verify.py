"""Verification code of a printed form: a hash of the printed content, a short code a person
can type ("7KQ2-9XHM") and a QR code, drawn on every printed page.

The content is what the paper shows and a stamp certifies: the printed field values (stamp
dates excluded — they are entered after stamping), the printed roster columns, the form code and
the year. The code is derived from the record's uid and that hash, so the same content always
gives the same code, an edit gives a new one, and the district can recompute it from the record
it received without the town's print log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.field_types import field_type
from desktop_app.documents.printvalues import empty

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
QR_SIZE = 15 * MM
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I L O U
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
QR_PREFIX = "UL1"


def _norm(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return sorted(str(v).strip() for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def printed_content(
    spec: FormSpec, values: Mapping[str, Any], roster: Iterable[Mapping[str, Any]] = (),
    year: int | str | None = None, roster_spec: FormSpec | None = None,
) -> dict[str, Any]:
    """The canonical printed content of a record (plain JSON data)."""
    stamps = set(spec.stamp_keys)
    vals = {
        f.key: _norm(values.get(f.key))
        for f in spec.fields
        if f.printed and f.key not in stamps and not empty(values.get(f.key))
    }
    rows: list[list[Any]] = []
    rspec = roster_spec if roster_spec is not None else (spec if spec.kind == "roster" else None)
    if rspec is not None and rspec.roster is not None:
        cols = [c for c in rspec.roster.columns if c.printed and not field_type(c.type).row_number]
        for row in roster:
            rows.append(["" if empty(row.get(c.key)) else _norm(row.get(c.key)) for c in cols])
    return {"form": spec.code, "year": str(year or ""), "values": vals, "roster": rows}


def content_hash(content: Mapping[str, Any]) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_code(uid: str, digest: str) -> str:
    """8 Crockford base32 characters (40 bits) grouped "XXXX-XXXX"."""
    raw = hashlib.sha256(f"{uid}:{digest}".encode("ascii")).digest()
    n = int.from_bytes(raw[:5], "big")
    chars = "".join(_ALPHABET[(n >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_code(text: str) -> str | None:
    """A typed or scanned code → "XXXX-XXXX", or None when it cannot be one. Accepts lower case,
    spaces, a missing dash, O for 0 and I/L for 1, and the whole QR text."""
    text = (text or "").strip().upper()
    if text.startswith(QR_PREFIX + ":"):
        parsed = parse_qr(text)
        return parsed["code"] if parsed else None
    raw = "".join(ch for ch in text if ch not in " -_—").translate(_TYPO)
    if len(raw) != 8 or any(ch not in _ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def qr_text(code: str, record_id: int, revision: int, uid: str, digest: str) -> str:
    """Upper case only, so the QR uses the compact alphanumeric mode."""
    return f"{QR_PREFIX}:{code.replace('-', '')}:{record_id}:{revision}:{uid.upper()}:{digest[:16].upper()}"


def parse_qr(text: str) -> dict[str, Any] | None:
    parts = (text or "").strip().upper().split(":")
    if len(parts) != 6 or parts[0] != QR_PREFIX:
        return None
    code = normalize_code(parts[1])
    try:
        record_id, revision = int(parts[2]), int(parts[3])
    except ValueError:
        return None
    if code is None:
        return None
    return {"code": code, "record_id": record_id, "revision": revision,
            "uid": parts[4].lower(), "hash_prefix": parts[5].lower()}


@dataclass(frozen=True)
class Mark:
    """What is printed in a page's bottom-right corner."""

    code: str
    qr: str  # QR text
    caption: str  # "记录 12 · 第 3 版"


def qr_matrix(text: str) -> list[list[bool]]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    q = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    q.add_data(text)
    q.make(fit=True)
    return q.get_matrix()


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles (one per horizontal run of dark modules)."""
    matrix = qr_matrix(text)
    n = len(matrix)
    m = size / n
    path = c.beginPath()
    for r, row in enumerate(matrix):
        start = None
        for col, dark in enumerate(row + [False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(x + start * m, y + size - (r + 1) * m, (col - start) * m, m)
                start = None
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def draw_watermark(c: Canvas, text: str, fonts: Any, w: float, h: float) -> None:
    """A large grey diagonal word across the page ("草稿", "已作废"): a copy that is not the
    stamped original can never pass for it (issue 12). Drawn over the content, half-transparent."""
    chain = fonts.title
    size = min(w, h) / max(1, len(text)) * 0.8
    width = chain.width(text, size)
    c.saveState()
    c.setFillColorRGB(0.55, 0.55, 0.55)
    if hasattr(c, "setFillAlpha"):
        c.setFillAlpha(0.28)
    c.translate(w / 2, h / 2)
    c.rotate(35)
    x = -width / 2
    for font, part in chain.runs(text):
        c.setFont(font, size)
        c.drawString(x, -size / 3, part)
        x += chain.width(part, size)
    c.restoreState()


def draw_mark(c: Canvas, mark: Mark, fonts: Any, right: float, bottom: float, qr: bool = True) -> None:
    """QR at (right - size, bottom); the code and caption to its left, right-aligned."""
    from desktop_app.documents.textlayout import Pen, Text, draw_lines, layout

    text_right = right - (QR_SIZE + 2 * MM if qr else 0)
    if qr:
        draw_qr(c, mark.qr, right - QR_SIZE, bottom, QR_SIZE)
    for text, size, top in ((f"校验码 {mark.code}", 10.0, bottom + QR_SIZE - 1),
                            (mark.caption, 8.0, bottom + QR_SIZE - 16)):
        pen = Pen(fonts.body, size, fonts.symbol)
        lines = layout([Text(text)], pen.chain, size, 200)
        draw_lines(c, lines[:1], text_right - 200, top, 200, pen, "right")
