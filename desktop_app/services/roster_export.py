"""Excel out: a record's roster in the official layout, lists of records, blank templates.

Files that leave the machine with full identity numbers are personal information (PIPL,
DOMAIN §2): :class:`ExportResult` says whether the file holds them, so the GUI / CLI can warn
*before* writing (``would_contain_full_ids``) and offer masking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.field_types import field_type, identity_key
from desktop_app.documents.xlsx_columns import has_person_rows
from desktop_app.services.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from desktop_app.core.forms import FieldSpec, FormSpec
    from desktop_app.store.models import Record

FULL_ID_NOTICE = (
    "注意：导出的文件“{name}”含有完整的身份证号码（个人信息），请妥善保管，"
    "不要通过不安全的渠道发送；如不需要完整号码，可加 --mask 导出（号码部分隐藏）。"
)


@dataclass
class ExportResult:
    path: Path
    rows: int
    full_ids: bool  # the file holds unmasked identity numbers

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "rows": self.rows, "full_ids": self.full_ids}


def _spec(specs: Mapping[str, "FormSpec"], code: str) -> "FormSpec":
    spec = specs.get(code)
    if spec is None:
        raise NotFound(f"没有表单 {code}。可用“forms list”查看表单代码。")
    return spec


def default_year(session: Session, form_code: str) -> int:
    """The latest project year that uses the form (this year when none does)."""
    from desktop_app.store.models import Project

    years = [p.year for p in session.scalars(select(Project)) if form_code in (p.forms or [])]
    return max(years) if years else dt.date.today().year


def write_template(specs: Mapping[str, "FormSpec"], form_code: str, out: str | Path, *, year: int) -> Path:
    from desktop_app.documents.xlsx_templates import write_template as _write

    spec = _spec(specs, form_code)
    if not has_person_rows(spec):
        raise ValidationFailed(f"表单 {form_code} 没有人员名单，没有 Excel 模板。")
    return _write(spec, out, year=year)


def roster_form_of(specs: Mapping[str, "FormSpec"], record: Record) -> "FormSpec":
    from desktop_app.services.records import roster_spec_for

    spec = _spec(specs, record.form_code)
    rspec = roster_spec_for(specs, spec)
    if rspec is None:
        raise ValidationFailed(f"记录 {record.id}（表单 {record.form_code}）没有名册，无法导出名册。")
    return rspec


def roster_has_ids(session: Session, specs: Mapping[str, "FormSpec"], record_id: int) -> bool:
    from desktop_app.services.records import get_record

    record = get_record(session, record_id)
    return bool(record.entries or (record.data or {}).get("__roster__"))


def export_roster(
    session: Session, specs: Mapping[str, "FormSpec"], record_id: int, out: str | Path, *, mask: bool = False
) -> ExportResult:
    """The record's roster in the official layout (2-3-6: title, two-level 婚否, 序号, text IDs)."""
    from desktop_app.documents.xlsx_export import write_roster
    from desktop_app.services.records import get_record, roster_rows
    from desktop_app.store.models import Person, RosterEntry

    record = get_record(session, record_id)
    rform = roster_form_of(specs, record)
    # One query for the people instead of one lazy load per entry; the list keeps them in the
    # session's (weak) identity map while roster_rows walks the entries.
    people = list(session.scalars(
        select(Person).join(RosterEntry, RosterEntry.person_id == Person.id)
        .where(RosterEntry.record_id == record.id)
    ))
    rows = roster_rows(record, rform)
    del people
    path, n = write_roster(rform, rows, out, year=record.project.year, mask=mask)
    return ExportResult(path, n, full_ids=bool(n) and not mask)


# ---------------------------------------------------------------------------------------------
# Lists of records (forms without paper, and every other form)


def list_columns(spec: "FormSpec") -> list[tuple[str, str, str]]:
    """(source, header, kind) per column: 编号, 单位, the fields, 状态, computed values."""
    cols: list[tuple[str, str, str]] = [("id", "编号", "number"), ("unit_name", "单位", "text")]
    stamp = set(spec.stamp_keys)
    for f in spec.fields:
        if f.key in stamp or f.key == "unit_name":
            continue
        kind = "number" if field_type(f.type).numeric else "text"
        cols.append((f"v:{f.key}", f.display_label, kind))
    if spec.roster is not None or spec.roster_form:
        cols.append(("headcount", "人数", "number"))
    cols.append(("status", "记录状态", "text"))
    for f in spec.computed:
        cols.append((f"c:{f.key}", f.display_label, "text"))
    return cols


def _value(f: "FieldSpec", value: Any, mask: bool) -> Any:
    """The list cell of a field: the type's ``excel_value`` (personal data masked when asked)."""
    return field_type(f.type).excel_value(f, value, masked=mask)


def _rows(session: Session, spec: "FormSpec", ids: list[int], cols: list[tuple[str, str, str]],
          mask: bool) -> Iterator[list[Any]]:
    from desktop_app.core import status as st
    from desktop_app.services.records import records_by_ids

    fields = {f.key: f for f in (*spec.fields, *spec.computed)}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        found = records_by_ids(session, chunk)
        for rid in chunk:
            rec = found[rid]
            out: list[Any] = []
            for source, _, _ in cols:
                if source.startswith("v:"):
                    out.append(_value(fields[source[2:]], (rec.data or {}).get(source[2:]), mask))
                elif source.startswith("c:"):
                    v = (rec.computed or {}).get(source[2:])
                    out.append(None if v is None else str(v))
                elif source == "status":
                    out.append(st.label(rec.status))
                else:
                    out.append(getattr(rec, source))
            yield out


def export_list(
    session: Session,
    specs: Mapping[str, "FormSpec"],
    form_code: str,
    out: str | Path,
    *,
    project_code: str | None = None,
    status: str | None = None,
    mask: bool = False,
) -> ExportResult:
    """One row per record of ``form_code`` (optionally one project / status)."""
    from desktop_app.documents.xlsx_export import write_list
    from desktop_app.services.catalog import get_project
    from desktop_app.services.records import list_record_ids

    spec = _spec(specs, form_code)
    year = get_project(session, project_code).year if project_code else default_year(session, form_code)
    ids = list_record_ids(session, project_code=project_code, form_code=form_code, status=status)
    cols = list_columns(spec)
    title = spec.title_for(year).strip() + ("名单" if has_person_rows(spec) and spec.roster is None else "列表")
    path, n = write_list(title, [h for _, h, _ in cols], [k for _, _, k in cols],
                         _rows(session, spec, ids, cols, mask), out, sheet=form_code)
    full = bool(n) and not mask and identity_key(spec.fields) is not None
    return ExportResult(path, n, full_ids=full)


def list_has_ids(specs: Mapping[str, "FormSpec"], form_code: str) -> bool:
    spec = _spec(specs, form_code)
    return identity_key(spec.fields) is not None
