"""One way to write numbers on screen and paper: thousands separators, percentages with one
decimal, and "<0.1%" for a share that is not zero but under 0.1 % (5 of 10,000 is neither
"0.1%" nor "0.0%": something was done, and less than a tenth of a percent)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def fmt_int(n: int | None) -> str:
    """10000 → "10,000"; None → ""."""
    return "" if n is None else f"{int(n):,}"


def fmt_pct(part: float | Decimal | None, whole: float | Decimal | None) -> str:
    """part / whole as a percentage with one decimal: "37.5%", "<0.1%", "0.0%", "—" (no whole)."""
    if part is None or not whole:
        return "—"
    return fmt_ratio(Decimal(str(part)) / Decimal(str(whole)))


def fmt_ratio(ratio: float | Decimal) -> str:
    """A fraction (0.375) as "37.5%"; a non-zero fraction under 0.1 % as "<0.1%"."""
    pct = Decimal(str(ratio)) * 100
    if pct == 0:
        return "0.0%"
    if abs(pct) < Decimal("0.1"):
        return "<0.1%" if pct > 0 else ">-0.1%"
    rounded = pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:,.1f}%"
