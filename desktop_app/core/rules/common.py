"""Helpers shared by the rule modules: parameters, dates, shares.  Pure, no I/O."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.core.money import format_percent, percent, yuan_to_fen

__all__ = [
    "add_months",
    "add_working_days",
    "add_years",
    "exceeds_share",
    "first_of_next_month",
    "merge_params",
    "param_date",
    "param_fen",
    "parse_date",
    "parse_month_day",
    "share_text",
]


def merge_params(defaults: Mapping[str, Any], params: Mapping[str, Any] | None) -> dict[str, Any]:
    """A project's params over the module defaults (catalogue README: "merged over")."""
    merged = dict(defaults)
    if params:
        merged.update(params)
    return merged


def param_fen(p: Mapping[str, Any], key: str) -> int:
    """A whole-yuan parameter (JSON int) as fen."""
    return yuan_to_fen(int(p[key]))


def parse_date(value: Any) -> date | None:
    """ "YYYY-MM-DD" (or a date) → date; blank → None; anything else → ValueError."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    return date.fromisoformat(text)


def param_date(p: Mapping[str, Any], key: str) -> date:
    d = parse_date(p[key])
    if d is None:
        raise ValueError(f"parameter {key} is blank")
    return d


def parse_month_day(value: Any, year: int) -> date | None:
    """ "MM-DD" (paper forms print 月 日 without a year) in ``year``; blank → None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    month, _, day = text.partition("-")
    return date(year, int(month), int(day))


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's last day (01-31 + 1 → 02-28/29)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def first_of_next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` by China's official holiday calendar
    (statutory holidays and make-up working days 调休; weekends only beyond its years — see
    :mod:`desktop_app.core.workdays`, which also gives the note to show)."""
    from desktop_app.core.workdays import add_working_days as official

    return official(start, days)[0]


def exceeds_share(part: int, whole: int, limit_pct: int | Decimal) -> bool:
    """part/whole > limit % exactly (no rounding: 40.04 % exceeds 40 %)."""
    return Decimal(part) * 100 > Decimal(limit_pct) * Decimal(whole)


def share_text(part: int, whole: int, limit_pct: int | Decimal | None = None) -> str:
    """ "41.7%"; with more decimals when one decimal would hide an excess (40.04 % → "40.04%")."""
    value = percent(part, whole, 1)
    if limit_pct is not None and exceeds_share(part, whole, limit_pct):
        places = 1
        while value <= Decimal(limit_pct) and places < 6:
            places += 1
            value = percent(part, whole, places)
    return format_percent(value)
