"""Shared by the evaluator adapters: default parameters, field-key mapping, roster rows.

The adapters return typed values (EVALUATOR_COMPUTED: money in fen, ``date``, bool, shares as
``Decimal``), None when a value cannot be computed yet; ``core.evaluators.stored_computed``
formats them for records and packages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Finding, error
from desktop_app.core.ids import IdResult, check_id
from desktop_app.core.rules import (
    care,
    health,
    insurance,
    insurance_claims,
    jiangsu,
    recuperation,
    service,
    trips,
)
from desktop_app.core.rules.inputs import as_month_day, as_text, project_year
from desktop_app.core.types import Values


def default_params() -> dict[str, Any]:
    """Every rule module's DEFAULT_PARAMS in one dict (Qingpu 2023 values)."""
    merged: dict[str, Any] = {}
    for module in (
        trips,
        recuperation,
        health,
        jiangsu,
        insurance,
        insurance_claims,
        care,
        service,
    ):
        merged.update(module.DEFAULT_PARAMS)
    return merged


def with_defaults(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The given parameters over :func:`default_params` (what every adapter works with)."""
    return {**default_params(), **(params or {})}


def remap(findings: list[Finding], mapping: Mapping[str, str]) -> list[Finding]:
    """Rename the fields a rule function names to the form's field keys."""
    return [
        dataclasses.replace(f, fields=tuple(mapping.get(k, k) for k in f.fields)) for f in findings
    ]


def month_day_dates(
    values: Mapping[str, Any], p: Mapping[str, Any], today: date | None, rule: str
) -> tuple[date | None, date | None, list[Finding]]:
    year = project_year(p, today)
    found: list[Finding] = []
    out = []
    for key, label in (("start_month_day", "开始"), ("end_month_day", "结束")):
        d, bad = as_month_day(values, key, year)
        if bad:
            found.append(
                error(rule, f"起止时间（{label}）“{values.get(key)}”不是有效的月日（{rule}）", key)
            )
        out.append(d)
    return out[0], out[1], found


DATE_KEYS = {"start": "start_month_day", "end": "end_month_day"}


def roster_rows(roster: list[Values] | None) -> list[Values]:
    """Rows with at least one non-blank value besides the printed 序号 (``seq``): an empty
    grid row is not a person even when it is numbered."""
    return [r for r in roster or [] if any(as_text(r, k) for k in r if k != "seq")]


def row_gender(row: Mapping[str, Any], today: date | None) -> str | None:
    g = as_text(row, "gender")
    if g in ("男", "女"):
        return g
    result = valid_id(row, today)
    return result.gender if result is not None else None


def valid_id(values: Mapping[str, Any], today: date | None, key: str = "id_number") -> IdResult | None:
    """``check_id`` of the identity number field when it is filled in and valid, else None."""
    id_text = as_text(values, key)
    if not id_text:
        return None
    result = check_id(id_text, today=today)
    return result if result.valid else None
