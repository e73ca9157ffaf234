"""Reading stored form values for the evaluators: blank or unparsable → None.

Form values arrive as stored in JSON (core.forms): money "720.00", dates "YYYY-MM-DD",
month_day "MM-DD", ints (or digit strings from imports), bools, choice values and lists.
Type errors are reported by the form layer; here a bad value simply counts as missing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.core.money import to_fen
from desktop_app.core.rules.common import parse_date, parse_month_day

__all__ = [
    "as_bool",
    "as_choice",
    "as_date",
    "as_fen",
    "as_int",
    "as_list",
    "as_month_day",
    "as_text",
    "project_year",
]

_TRUE = {"true", "1", "是", "yes", "y", "有", "√", "☑"}
_FALSE = {"false", "0", "否", "no", "n", "无"}


def _get(values: Mapping[str, Any] | None, key: str) -> Any:
    return None if values is None else values.get(key)


def as_text(values: Mapping[str, Any] | None, key: str) -> str:
    v = _get(values, key)
    if v is None or isinstance(v, (list, dict)):
        return ""
    return str(v).strip()


def as_int(values: Mapping[str, Any] | None, key: str) -> int | None:
    v = _get(values, key)
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return v
    text = unicodedata.normalize("NFKC", str(v)).strip().replace(",", "").removesuffix("人")
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    return int(d) if d.is_finite() and d == d.to_integral_value() else None


def as_fen(values: Mapping[str, Any] | None, key: str) -> int | None:
    v = _get(values, key)
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):  # a JSON number written by hand; repr keeps what was typed
        v = Decimal(repr(v))
    if isinstance(v, str) and not v.strip():
        return None
    try:
        return to_fen(v)
    except (ValueError, TypeError):
        return None


def as_date(values: Mapping[str, Any] | None, key: str) -> date | None:
    try:
        return parse_date(_get(values, key))
    except (ValueError, TypeError):
        return None


def as_month_day(values: Mapping[str, Any] | None, key: str, year: int) -> tuple[date | None, bool]:
    """(date in ``year`` or None, True when a non-blank value is not a real month-day)."""
    v = _get(values, key)
    try:
        return parse_month_day(v, year), False
    except (ValueError, TypeError):
        return None, True


def as_bool(values: Mapping[str, Any] | None, key: str) -> bool | None:
    v = _get(values, key)
    if isinstance(v, bool):
        return v
    text = as_text(values, key).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def as_choice(
    values: Mapping[str, Any] | None, key: str, options: Mapping[str, str] | Iterable[str]
) -> str | None:
    """A choice value; the printed label is accepted too (imports from paper)."""
    text = as_text(values, key)
    if not text:
        return None
    if isinstance(options, Mapping):
        if text in options:
            return text
        for value, label in options.items():
            if text == label:
                return value
        return None
    return text if text in set(options) else None


def as_list(values: Mapping[str, Any] | None, key: str) -> list[str] | None:
    v = _get(values, key)
    if v is None:
        return None
    if isinstance(v, (list, tuple, set)):
        return [str(x) for x in v]
    text = str(v).strip()
    return (
        [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
        if text
        else None
    )


def project_year(params: Mapping[str, Any] | None, today: date | None) -> int:
    """The project year: ``year``, else the year of ``activity_start``, else today's."""
    if params:
        year = as_int(params, "year")
        if year:
            return year
        start = as_date(params, "activity_start")
        if start:
            return start.year
    return (today or date.today()).year
