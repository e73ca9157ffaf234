"""What a record counts towards its project (issue 12): read from the form specs' ``counts``
declaration, in one place, by progress, R-QUOTA-1, list totals, the district's progress and
the city summary.

A record's ``headcount`` column is what it counts (roster rows, a headcount field, one
person, one unit, or nothing), computed from the declaration when it is saved. Queries
also keep out forms that count nothing, so that records saved before the declaration
(surveys stored with a headcount) no longer count, and records whose status does not count
(草稿, 已退回, 已作废).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_

from desktop_app.core import status as st
from desktop_app.store.models import Record

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec


@lru_cache(maxsize=1)
def _shipped_specs() -> Mapping[str, FormSpec]:
    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs

    return load_specs(resource_path("forms"))


def specs_or_shipped(specs: Mapping[str, FormSpec] | None) -> Mapping[str, FormSpec]:
    return specs if specs is not None else _shipped_specs()


def counted_amount(spec: FormSpec, values: Mapping[str, Any], roster: Sequence[Mapping[str, Any]] | None) -> int:
    """What one record adds to its project's progress, by the spec's declaration."""
    what = spec.counts
    if what == "field":
        try:
            return max(0, int(values.get(spec.headcount_field or "") or 0))
        except (TypeError, ValueError):
            return 0
    if what == "roster":
        rows = roster or []
        if not spec.count_column:
            return len(rows)
        total = 0
        for row in rows:
            try:
                total += max(0, int(row.get(spec.count_column) or 0))
            except (TypeError, ValueError):
                continue
        return total
    if what in ("person", "unit"):
        return 1
    return 0


def none_forms(specs: Mapping[str, FormSpec] | None = None) -> tuple[str, ...]:
    """Form codes that count nothing (surveys, logs)."""
    return tuple(sorted(code for code, s in specs_or_shipped(specs).items() if s.counts == "none"))


def counts(specs: Mapping[str, FormSpec] | None = None) -> ColumnElement[bool]:
    """The condition on Record: it counts towards progress (status and form)."""
    nothing = none_forms(specs)
    cond = Record.status.in_(st.COUNTED_KEYS)
    return and_(cond, Record.form_code.not_in(nothing)) if nothing else cond


def in_totals(specs: Mapping[str, FormSpec] | None = None) -> ColumnElement[bool]:
    """The condition on Record for a list's totals row: not voided, and its form counts."""
    nothing = none_forms(specs)
    cond = Record.status != st.VOIDED.key
    return and_(cond, Record.form_code.not_in(nothing)) if nothing else cond


__all__ = ["counted_amount", "counts", "in_totals", "none_forms", "specs_or_shipped"]
