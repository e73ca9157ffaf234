"""Form values: coercion of typed text, field validation (R-FORM-1) and ``forms list --json``.

Part of the form-spec layer (facade: ``desktop_app.core.forms``). Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Collection, Iterable, Mapping

from desktop_app.core.field_types import CoerceError, field_type, is_empty, type_of
from desktop_app.core.findings import Finding, error
from desktop_app.core.form_model import FORM_RULE, FieldSpec, FormSpec, RosterColumn

__all__ = ["CoerceError", "coerce_value", "validate_values", "validate_row", "check_field",
           "forms_as_json", "reference_date"]

# ---------------------------------------------------------------------------------------------
# Values: coercion of typed text and validation


def coerce_value(field: FieldSpec | RosterColumn, raw_text: Any) -> Any:
    """Typed text (screen, Excel cell text) → the stored JSON value; None when empty
    (``core.field_types``: each type parses its own text).

    Raises CoerceError with a Chinese message when the text cannot be read."""
    if isinstance(field, RosterColumn):
        field = field.as_field()
    ft = type_of(field.type)
    if ft is None:
        raise CoerceError(f"「{field.display_label}」类型未知：{field.type}")
    if raw_text is None:
        return ft.empty
    return ft.parse(field, raw_text)


def validate_values(spec: FormSpec, values: Mapping[str, Any]) -> list[Finding]:
    """Field-level checks (R-FORM-1): required, type, options; id/phone checks by their rules.

    Keys in ``values`` that are not fields (computed values, metadata) are ignored. Business
    rules (subsidies, quotas…) are the evaluator's job, not this one's."""
    findings: list[Finding] = []
    for f in spec.fields:
        findings += check_field(f, values.get(f.key))
    return findings


def validate_row(spec: FormSpec, row: Mapping[str, Any], memo: dict[Any, Any] | None = None,
                 skip: Collection[str] = ()) -> list[Finding]:
    """The same checks for one roster row (keys = roster column keys). ``memo``: a dict kept
    across rows by a caller checking many (the district checks 20,000 rows a package) — a
    cell's findings are a pure function of its column and value (check_field), so each
    (column, value) is checked once; ``skip``: columns the caller checks itself."""
    findings: list[Finding] = []
    if memo is None:
        for col in spec.roster_columns:
            if col.key not in skip and not field_type(col.type).row_number:
                findings += check_field(col.as_field(), row.get(col.key))
        return findings
    plan: list[tuple[str, FieldSpec, dict[Any, list[Finding]]]] | None = memo.get(spec.code)
    if plan is None:  # the spec's checked columns, each as the field it is checked as, with its cells
        plan = memo[spec.code] = [(c.key, c.as_field(), {}) for c in spec.roster_columns
                                  if not field_type(c.type).row_number]
    found: list[Finding] | None
    for key, field, cells in plan:
        if skip and key in skip:
            continue
        value = row.get(key)
        # texts (nearly every cell) by themselves; other values with their type (1, 1.0 and True apart)
        cell: Any = value if type(value) is str else (type(value), value)
        try:
            found = cells.get(cell)
        except TypeError:  # a list (several choices): checked every time
            cell, found = None, None
        if found is None:
            found = check_field(field, value)
            if cell is not None:
                cells[cell] = found
        if found:
            findings += found
    return findings


def check_field(f: FieldSpec, value: Any) -> list[Finding]:
    """R-FORM-1 required, then the type's own checks (``FieldType.check``)."""
    if is_empty(value):
        if f.required:
            return [error(FORM_RULE, f"「{f.display_label}」为必填项（{FORM_RULE}）", f.key)]
        return []
    return field_type(f.type).check(f, value)


# ---------------------------------------------------------------------------------------------
# CLI: `forms list --json`


def _field_json(f: FieldSpec | RosterColumn) -> dict[str, Any]:
    out: dict[str, Any] = {"key": f.key, "label": f.label, "type": f.type}
    if f.options:
        out["options"] = [{"value": o.value, "label": o.label} for o in f.options]
    out["required"] = f.required
    if isinstance(f, FieldSpec):
        if f.group:
            out["group"] = f.group
        if not f.printed:
            out["print"] = False
    else:
        if f.print_label:
            out["print_label"] = f.print_label
        if f.split:
            out["split"] = True
        if f.synonyms:
            out["synonyms"] = list(f.synonyms)
        if not f.printed:
            out["print"] = False
    return out


def forms_as_json(specs: Mapping[str, FormSpec] | Iterable[FormSpec]) -> list[dict[str, Any]]:
    """Plain data for `forms list --json` (one entry per form, in code order)."""
    items = specs.values() if isinstance(specs, Mapping) else specs
    out: list[dict[str, Any]] = []
    for spec in items:
        entry: dict[str, Any] = {
            "code": spec.code,
            "title": spec.title,
            "title_example": spec.title_for(2023),
            "kind": spec.kind,
            "paper": spec.paper,
            "evaluator": spec.evaluator,
            "counts": spec.counts,
            "fields": [_field_json(f) for f in spec.fields],
        }
        if spec.roster is not None:
            entry["roster_columns"] = [_field_json(c) for c in spec.roster.columns]
        out.append(entry)
    return out


def reference_date(spec: FormSpec, values: Mapping[str, Any], year: int, today: _dt.date) -> _dt.date:
    """The date a record's roster states ages at (R-ID-4, issue 12): the spec's
    ``reference_date`` field (2-3-2 体检时间; trips: the start), else the fill date, else today
    (the project year's Dec 31 when that year is over)."""
    date = _dt.date
    for key in (spec.reference_date, "fill_date"):
        raw = values.get(key) if key else None
        if not raw:
            continue
        text = str(raw).strip()
        try:
            if len(text) == 5 and text[2] == "-":  # month_day "MM-DD" of the project's year
                return date(year, int(text[:2]), int(text[3:]))
            return date.fromisoformat(text[:10])
        except ValueError:
            continue
    return min(today, date(year, 12, 31))
