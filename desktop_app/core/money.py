"""Money: integer fen (分) everywhere, Decimal for ratios; never float (DESIGN §4).

Parsing accepts what clerks type into a yuan field ("720", "720.5", "1,234.00", "￥720",
full-width digits); anything ambiguous (more than two decimals, bad digit grouping,
stray characters) is refused with ``ValueError`` rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "divide_round",
    "fen_to_yuan_plain",
    "fen_to_yuan_str",
    "format_percent",
    "format_yuan",
    "percent",
    "to_fen",
    "yuan_to_fen",
]

# Optional sign, digits with correct thousands grouping or none, up to 2 decimals.
_YUAN_RE = re.compile(r"^(?P<sign>-)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d{1,2}))?$")


def yuan_to_fen(yuan: int) -> int:
    """Whole yuan (as in rule parameters, e.g. 800) to fen."""
    if isinstance(yuan, bool) or not isinstance(yuan, int):
        raise TypeError(f"whole yuan must be int, got {type(yuan).__name__}")
    return yuan * 100


def to_fen(value: str | int | Decimal) -> int:
    """Convert a yuan amount (text, int yuan or Decimal yuan) to integer fen.

    >>> to_fen("1,234.50")
    123450
    """
    if isinstance(value, bool):
        raise TypeError("金额不能是布尔值")
    if isinstance(value, float):
        # A float may already carry binary rounding error; the caller must pass text.
        raise TypeError("金额不得使用浮点数，请传入文本或 Decimal")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"金额无效：{value}")
        scaled = value * 100
        if scaled != scaled.to_integral_value():
            raise ValueError(f"金额最多两位小数：{value}")
        return int(scaled)
    if not isinstance(value, str):
        raise TypeError(f"无法识别的金额类型：{type(value).__name__}")
    text = unicodedata.normalize("NFKC", value)  # full-width digits, ￥ → ¥, ， → ,
    text = "".join(text.split())
    for prefix in ("¥", "RMB", "CNY"):
        if text.upper().startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.removesuffix("元")
    m = _YUAN_RE.match(text)
    if not m:
        raise ValueError(f"金额格式不正确：“{value}”（应为元，最多两位小数，如 720 或 720.50）")
    integer = int(m.group("int").replace(",", ""))
    frac = (m.group("frac") or "").ljust(2, "0")
    fen = integer * 100 + int(frac)
    return -fen if m.group("sign") else fen


def fen_to_yuan_str(fen: int, *, grouping: bool = True) -> str:
    """6000_00 → "6,000.00" (or "6000.00" with ``grouping=False``)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("fen must be int")
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    whole_text = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{whole_text}.{cents:02d}"


def fen_to_yuan_plain(fen: int) -> str:
    """6000_00 → "6000.00": the storage format of ``money`` form fields."""
    return fen_to_yuan_str(fen, grouping=False)


def format_yuan(fen: int) -> str:
    """For messages: "6,000 元" when whole yuan, "6,000.50 元" otherwise."""
    text = fen_to_yuan_str(fen)
    text = text.removesuffix(".00")
    return f"{text} 元"


def percent(part: int | Decimal, whole: int | Decimal, places: int = 1) -> Decimal:
    """part / whole as a percentage, rounded half-up to ``places`` decimals (default one)."""
    if whole == 0:
        raise ValueError("百分比的分母不能为 0")
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(value: Decimal) -> str:
    """Decimal("41.7") → "41.7%"."""
    return f"{value}%"


def divide_round(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up (e.g. per-person fen from a total)."""
    if denominator == 0:
        raise ValueError("除数不能为 0")
    try:
        q = (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - only for absurd magnitudes
        raise ValueError(str(exc)) from exc
    return int(q)
