"""Rules that need more than one form's values: roster rows, and rules spanning records.

Roster rows: field formats, identity numbers (R-ID-1…4), stated gender/age against the number
(R-ID-4), the same person twice (R-ID-5). Across records (needs the database): the project's
quota (R-QUOTA-1), one person per project per year (R-ID-5), 品上海 yearly cap (R-TRIP-3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.findings import Finding, error, warning
from desktop_app.core.ids import same_person_message
from desktop_app.store.models import Project, Record
from desktop_app.store.rosters import same_project_holders

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from desktop_app.services.record_input import RecordInput

VOIDED = st.VOIDED.key  # a voided record leaves R-ID-5 and R-TRIP-3 (issue 12)
# Per-person yearly cap across records (R-TRIP-3): form code → (amount field, id field, cap yuan).
YEARLY_CAPS: dict[str, tuple[str, str, int]] = {"PSH": ("amount", "id_number", 500)}


def _row_prefix(n: int) -> str:
    return f"名册第 {n} 行："


def _prefixed(f: Finding, n: int, key_prefix: str) -> Finding:
    return Finding(f.rule, f.severity, _row_prefix(n) + f.message,
                   tuple(f"{key_prefix}[{n}].{k}" for k in f.fields) or (f"{key_prefix}[{n}]",))


def roster_findings(rspec: "FormSpec", rows: Sequence[Mapping[str, Any]], year: int, today: dt.date,
                    stated_on: dt.date | None = None, memo: dict[Any, Any] | None = None,
                    verified: Mapping[str, tuple[str, dt.date, str]] | None = None) -> list[Finding]:
    """Per-person rules of roster rows: each column's checks (``validate_row``), the identity
    number (R-ID-1…4), stated gender and age against it (R-ID-4, at ``stated_on``: the record's
    reference date), the same person twice (R-ID-5). The record editor, ``record add`` and the
    district's re-check of a town's package (services.exchange_check) all run this.

    ``memo``: a dict kept across calls (the district checks 20,000 rows a package) — a cell's
    findings are a pure function of its column and value, so each (column, value) is checked
    once. An identity number that is already canonical and valid takes ``canonical_id``, the
    fast verdict tested for agreement with ``check_id`` (no findings); ``verified``: verdicts
    of ``canonical_id`` the caller already holds for some of the numbers (the district's plan
    checked every new person), used where the birth date is not after ``today``."""
    from desktop_app.core.forms import validate_row
    from desktop_app.core.ids import IdResult, canonical_id, check_id, check_stated

    assert rspec.roster is not None
    person_fields = rspec.roster.person_fields or {}
    id_key = next((k for k, v in person_fields.items() if v == "id_number"), "id_number")
    gender_key = next((k for k, v in person_fields.items() if v == "gender"), "gender")
    age_key = "age" if any(c.key == "age" for c in rspec.roster.columns) else None
    on = stated_on or min(today, dt.date(year, 12, 31))
    out: list[Finding] = []
    first_row: dict[str, int] = {}
    by_itself = (id_key,)
    for n, row in enumerate(rows, start=1):
        raw = row.get(id_key)
        # a number given as text is checked once, below: its column's findings are R-ID ones
        for f in validate_row(rspec, row, memo, by_itself if isinstance(raw, str) and raw else ()):
            if f.rule.startswith("R-ID") and id_key in f.fields:
                continue  # the identity number is checked once, below
            out.append(_prefixed(f, n, "roster"))
        if raw in (None, ""):
            continue
        fast = verified.get(raw) if verified else None
        if fast is None or fast[1] > today:
            fast = canonical_id(raw, today)
        if fast is not None:
            res = IdResult(fast[0], fast[0], True, fast[2], fast[1])  # input, normalized, valid, gender, birth
        else:
            res = check_id(str(raw), today=today)
            for f in res.findings:
                out.append(Finding(f.rule, f.severity, _row_prefix(n) + f.message, (f"roster[{n}].{id_key}",)))
            if not res.valid:
                continue
        for f in check_stated(res, row.get(gender_key), row.get(age_key) if age_key else None, on):
            out.append(Finding(f.rule, f.severity, _row_prefix(n) + f.message, (f"roster[{n}]",)))
        if res.normalized in first_row:
            out.append(error(
                "R-ID-5",
                f"{_row_prefix(n)}身份证号码 {res.normalized} 与第 {first_row[res.normalized]} 行重复，"
                f"同一人只能出现一次（R-ID-5）",
                f"roster[{n}].{id_key}",
            ))
        else:
            first_row[res.normalized] = n
    return out


def cross_record_findings(
    session: Session,
    project: Project,
    spec: "FormSpec",
    data: "RecordInput",
    record_id: int | None,
    headcount: int,
) -> list[Finding]:
    out: list[Finding] = []
    out.extend(_quota(session, project, record_id, headcount))
    out.extend(_same_person_elsewhere(session, project, spec, data, record_id))
    out.extend(_yearly_cap(session, project, spec, data, record_id))
    return out


def _quota(session: Session, project: Project, record_id: int | None, headcount: int) -> list[Finding]:
    if not project.quota:
        return []
    from desktop_app.services.counting import counts

    stmt = select(func.coalesce(func.sum(Record.headcount), 0)).where(Record.project_id == project.id, counts())
    if record_id is not None:
        stmt = stmt.where(Record.id != record_id)
    used = int(session.scalar(stmt) or 0)
    from desktop_app.services.allocations import (
        allocation_of,  # at a town: its share, not the district's target
    )

    office_share = allocation_of(session, project.code)
    if office_share is not None and _is_town(session):
        if used + headcount > office_share:
            return [warning(
                "R-QUOTA-1",
                f"区总工会分配给本单位的名额 {office_share:,} {project.quota_unit}，已用 {used:,}，本记录 {headcount:,}，"
                f"合计 {used + headcount:,}，超出 {used + headcount - office_share:,}（R-QUOTA-1）",
            )]
        return []
    if used + headcount > project.quota:
        return [warning(
            "R-QUOTA-1",
            f"项目名额 {project.quota:,} {project.quota_unit}，已用 {used:,}，本记录 {headcount:,}，"
            f"合计 {used + headcount:,}，超出名额 {used + headcount - project.quota:,}（R-QUOTA-1）",
        )]
    return []


def _is_town(session: Session) -> bool:
    from desktop_app.services.office import get_office

    office = get_office(session, required=False)
    return office is not None and not office.is_district


def _roster_ids(spec: "FormSpec", data: "RecordInput") -> list[tuple[int, str]]:
    from desktop_app.core.ids import check_id

    out = []
    for n, row in enumerate(data.roster, start=1):
        raw = row.get("id_number")
        if raw:
            res = check_id(str(raw))
            if res.valid:
                out.append((n, res.normalized))
    if not data.roster and "id_number" in spec.all_field_keys and data.values.get("id_number"):
        res = check_id(str(data.values["id_number"]))
        if res.valid:
            out.append((0, res.normalized))
    return out


def _same_person_elsewhere(
    session: Session, project: Project, spec: "FormSpec", data: "RecordInput", record_id: int | None
) -> list[Finding]:
    """R-ID-5: one person per project per year (a roster entry in another record of the project)."""
    if spec.kind in ("survey",):
        return []
    ids = _roster_ids(spec, data)
    if not ids:
        return []
    numbers = [num for _, num in ids]
    hits = same_project_holders(session, project.id, numbers, exclude_record_id=record_id)
    if not data.roster and spec.code not in YEARLY_CAPS:
        # One-person records (enrolment, condolence, wish…): same number in another record.
        stmt3 = select(Record.data["id_number"].as_string(), Record.id, Record.unit_name).where(
            Record.project_id == project.id,
            Record.form_code == spec.code,
            Record.status.not_in((st.RETURNED.key, VOIDED)),
            Record.data["id_number"].as_string().in_(numbers),
        )
        if record_id is not None:
            stmt3 = stmt3.where(Record.id != record_id)
        for number, rid, unit in session.execute(stmt3):
            hits.setdefault(number, (rid, unit))
    out = []
    for n, number in ids:
        if number in hits:
            rid, unit = hits[number]
            where = f"名册第 {n} 行：" if n else ""
            out.append(error("R-ID-5", where + same_person_message(number, project.year, rid, unit),
                             f"roster[{n}].id_number" if n else "id_number"))
    return out


def _yearly_cap(
    session: Session, project: Project, spec: "FormSpec", data: "RecordInput", record_id: int | None
) -> list[Finding]:
    """R-TRIP-3: 品上海 goods, the yearly sum per person across records is capped."""
    cap = YEARLY_CAPS.get(spec.code)
    if cap is None:
        return []
    amount_key, id_key, _ = cap
    limit = yearly_limit(spec.code, project.params)
    number = data.values.get(id_key)
    amount = yearly_amount(spec.code, data.values)
    if amount is None or not number:
        return []
    stmt = select(Record).where(Record.project_id == project.id, Record.form_code == spec.code)
    if record_id is not None:
        stmt = stmt.where(Record.id != record_id)
    before = Decimal("0")
    for rec in session.scalars(stmt):
        if (rec.data or {}).get(id_key) == number and rec.status not in (st.RETURNED.key, VOIDED):
            before += yearly_amount(spec.code, rec.data or {}) or 0
    found = yearly_cap_finding(spec.code, before, amount, limit)
    return [found] if found is not None else []


def yearly_limit(code: str, params: Mapping[str, Any] | None) -> int:
    """R-TRIP-3's cap in yuan for form ``code`` (the project's parameter, else the default)."""
    return int((params or {}).get("pin_max_per_person_year", YEARLY_CAPS[code][2]))


def yearly_amount(code: str, values: Mapping[str, Any]) -> Decimal | None:
    """The amount a record of form ``code`` spends against the yearly cap (None: not a number)."""
    try:
        return Decimal(str(values.get(YEARLY_CAPS[code][0]) or "0"))
    except InvalidOperation:
        return None


def yearly_cap_finding(code: str, before: Decimal, amount: Decimal, limit: int) -> Finding | None:
    """R-TRIP-3 in words, where ``before`` (the person's other records this year) and ``amount``
    pass ``limit`` — the record editor's check and the district's re-check."""
    total = before + amount
    if total <= limit:
        return None
    return error(
        "R-TRIP-3",
        f"品上海：此人本年度已用 {before:,.2f} 元，本次 {amount:,.2f} 元，合计 {total:,.2f} 元，"
        f"超过每人每年 {limit} 元上限（R-TRIP-3）",
        YEARLY_CAPS[code][0],
    )
