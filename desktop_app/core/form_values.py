"""Form values: coercion of typed text, field validation (R-FORM-1) and ``forms list --json``.

Part of the form-spec layer (facade: ``desktop_app.core.forms``). Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from desktop_app.core.field_types import field_type
from desktop_app.core.findings import Finding, error
from desktop_app.core.form_model import FORM_RULE, GENDERS, FieldSpec, FormSpec, RosterColumn

# ---------------------------------------------------------------------------------------------
# Values: coercion of typed text and validation


class CoerceError(ValueError):
    """Text that cannot become a value of the field's type (Chinese message for the clerk)."""


_TRUE = {"是", "true", "1", "yes", "y", "√", "☑", "■", "✓", "x", "X", "有"}
_FALSE = {"否", "false", "0", "no", "n", "□", "无", ""}
_GENDER = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}
_MULTI_SPLIT = re.compile(r"[、,，;；/|\n]+")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def coerce_value(field: FieldSpec | RosterColumn, raw_text: Any) -> Any:
    """Typed text (screen, Excel cell text) → the stored JSON value; None when empty.

    Raises CoerceError with a Chinese message when the text cannot be read."""
    if isinstance(field, RosterColumn):
        field = field.as_field()
    ftype = field.type
    if raw_text is None:
        return False if ftype == "bool" else None
    if ftype == "bool" and isinstance(raw_text, bool):
        return raw_text
    if ftype == "multi_choice" and isinstance(raw_text, (list, tuple)):
        return [_coerce_option(field, str(x)) for x in raw_text]
    if ftype == "date" and isinstance(raw_text, (_dt.date, _dt.datetime)):
        return (raw_text.date() if isinstance(raw_text, _dt.datetime) else raw_text).isoformat()
    text = _nfkc(str(raw_text))
    label = field.display_label
    if ftype == "bool":
        if text.lower() in _TRUE or text in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise CoerceError(f"「{label}」应填“是”或“否”，不能是“{raw_text}”")
    if text == "":
        return None
    if ftype in ("text", "multiline"):
        return str(raw_text).strip()
    if ftype == "int":
        cleaned = text.replace(",", "").removesuffix("人").removesuffix("个").strip()
        if re.fullmatch(r"[+-]?\d+(\.0+)?", cleaned):
            return int(Decimal(cleaned))
        raise CoerceError(f"「{label}」应为整数，不能是“{raw_text}”")
    if ftype == "money":
        fen = _to_fen(raw_text if isinstance(raw_text, (int, Decimal)) else text)
        if fen is None:
            raise CoerceError(f"「{label}」应为金额（元，最多两位小数），不能是“{raw_text}”")
        return _fen_text(fen)
    if ftype == "date":
        value = _parse_date(text)
        if value is None:
            raise CoerceError(f"「{label}」应为日期（如 2023-05-01），不能是“{raw_text}”")
        return value.isoformat()
    if ftype == "month_day":
        md = _parse_month_day(text)
        if md is None:
            raise CoerceError(f"「{label}」应为月日（如 5月1日 或 05-01），不能是“{raw_text}”")
        return md
    if ftype == "gender":
        g = _GENDER.get(text.lower()) or _GENDER.get(text.removesuffix("性"))
        if g is None:
            raise CoerceError(f"「{label}」应为“男”或“女”，不能是“{raw_text}”")
        return g
    if ftype == "id_number":
        return _coerce_id(field, raw_text, text)
    if ftype in ("phone", "mobile"):
        from desktop_app.core import phones  # noqa: PLC0415

        check = phones.check_phone if ftype == "phone" else phones.check_mobile
        normalized, _ = check(text)
        return normalized if normalized is not None else text
    if ftype == "choice":
        return _coerce_option(field, text)
    if ftype == "multi_choice":
        values: list[str] = []
        for piece in _MULTI_SPLIT.split(text):
            if piece.strip():
                v = _coerce_option(field, piece.strip())
                if v not in values:
                    values.append(v)
        return values
    raise CoerceError(f"「{label}」类型未知：{ftype}")


def _coerce_option(field: FieldSpec, text: str) -> str:
    text = _nfkc(text).lstrip("□☑■√✓ ").strip()
    for o in field.options:
        if text in (o.value, _nfkc(o.label)):
            return o.value
    for o in field.options:  # "1 长三角区域" also matches "长三角区域"
        if re.sub(r"^\w\s+", "", _nfkc(o.label)) == text or o.value.lower() == text.lower():
            return o.value
    choices = "、".join(o.label for o in field.options)
    raise CoerceError(f"「{field.display_label}」应为以下之一：{choices}；不能是“{text}”")


def _coerce_id(field: FieldSpec, raw: Any, text: str) -> str:
    """R-ID-2 normalisation; an Excel number cell is refused, never repaired (R-ID-3)."""
    from desktop_app.core import ids  # noqa: PLC0415

    if not isinstance(raw, str):
        result = ids.check_id_cell(raw)
        for f in result.findings:
            if f.rule == "R-ID-3":
                raise CoerceError(f"「{field.display_label}」{f.message}")
    return ids.normalize_id(text)


def _to_fen(value: Any) -> int | None:
    """Yuan (text, int or Decimal) → fen via core.money; None when not a money amount."""
    from desktop_app.core import money  # noqa: PLC0415

    if isinstance(value, (bool, float)):
        return None
    try:
        return money.to_fen(value)
    except (ValueError, TypeError, InvalidOperation):
        return None


def _fen_text(fen: int) -> str:
    from desktop_app.core import money  # noqa: PLC0415

    return money.fen_to_yuan_plain(fen)


def _parse_date(text: str) -> _dt.date | None:
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _parse_month_day(text: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m or not _valid_month_day(int(m[1]), int(m[2])):
        return None
    return f"{int(m[1]):02d}-{int(m[2]):02d}"


def _valid_month_day(month: int, day: int) -> bool:
    try:
        _dt.date(2000, month, day)  # a leap year: 02-29 is a valid month-day
    except ValueError:
        return False
    return True


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def validate_values(spec: FormSpec, values: Mapping[str, Any]) -> list[Finding]:
    """Field-level checks (R-FORM-1): required, type, options; id/phone checks by their rules.

    Keys in ``values`` that are not fields (computed values, metadata) are ignored. Business
    rules (subsidies, quotas…) are the evaluator's job, not this one's."""
    findings: list[Finding] = []
    for f in spec.fields:
        findings += check_field(f, values.get(f.key))
    return findings


def validate_row(spec: FormSpec, row: Mapping[str, Any]) -> list[Finding]:
    """The same checks for one roster row (keys = roster column keys)."""
    findings: list[Finding] = []
    for col in spec.roster_columns:
        if col.type != "seq":
            findings += check_field(col.as_field(), row.get(col.key))
    return findings


def check_field(f: FieldSpec, value: Any) -> list[Finding]:
    label = f.display_label
    if _empty(value):
        if f.required:
            return [error(FORM_RULE, f"「{label}」为必填项（{FORM_RULE}）", f.key)]
        return []

    def bad(what: str) -> list[Finding]:
        return [error(FORM_RULE, f"「{label}」{what}（{FORM_RULE}）", f.key)]

    t = f.type
    if t in ("text", "multiline"):
        if not isinstance(value, str):
            return bad("应为文字")
        if f.max_length and len(value) > f.max_length:
            return bad(f"不能超过 {f.max_length} 个字（现为 {len(value)} 个）")
    elif t == "int":
        number = value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            number = int(value)
        if isinstance(number, bool) or not isinstance(number, int):
            return bad(f"应为整数，不能是“{value}”")
        if f.minimum is not None and number < f.minimum:
            return bad(f"不能小于 {f.minimum}（现为 {number}）")
        if f.maximum is not None and number > f.maximum:
            return bad(f"不能大于 {f.maximum}（现为 {number}）")
    elif t == "money":
        fen = _to_fen(value)
        if fen is None:
            return bad(f"应为金额（元，最多两位小数），不能是“{value}”")
        if fen < 0:
            return bad(f"不能为负数（现为 {value}）")
    elif t == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) \
                or _parse_date(value) is None:
            return bad(f"应为有效日期（YYYY-MM-DD），不能是“{value}”")
    elif t == "month_day":
        m = re.fullmatch(r"(\d{2})-(\d{2})", value) if isinstance(value, str) else None
        if not m or not _valid_month_day(int(m[1]), int(m[2])):
            return bad(f"应为有效的月日（MM-DD），不能是“{value}”")
    elif t == "gender":
        if value not in GENDERS:
            return bad(f"应为“男”或“女”，不能是“{value}”")
    elif t == "bool":
        if not isinstance(value, bool):
            return bad("应为“是”或“否”")
    elif t == "choice":
        if value not in f.option_values:
            return bad(f"应为以下之一：{'、'.join(o.label for o in f.options)}；不能是“{value}”")
    elif t == "multi_choice":
        if not isinstance(value, list):
            return bad("应为选项列表")
        unknown = [v for v in value if v not in f.option_values]
        if unknown:
            return bad(f"含有未知选项：{'、'.join(map(str, unknown))}")
        if len(set(value)) != len(value):
            return bad("选项重复")
    elif field_type(t).personal:  # identity numbers and phones: text, checked by core.ids / core.phones
        if not isinstance(value, str):
            return bad("应为文字")
        return _external_check(f, value)
    return []


def _external_check(f: FieldSpec, value: str) -> list[Finding]:
    """R-ID-* / R-PHONE-1 live in core.ids / core.phones (imported lazily)."""
    from desktop_app.core.ids import check_id
    from desktop_app.core.phones import check_mobile, check_phone

    result: Any
    if f.type == "id_number":
        result = check_id(value)
    elif f.type == "phone":
        result = check_phone(value)
    else:
        result = check_mobile(value)
    # check_id → IdResult(.findings); check_phone/check_mobile → (normalized, findings)
    found = result[1] if isinstance(result, tuple) else getattr(result, "findings", [])
    out: list[Finding] = []
    for item in found:
        message = item.message
        if f.display_label not in message:
            message = f"「{f.display_label}」：{message}"
        out.append(Finding(item.rule, item.severity, message, (f.key,)))
    return out


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
