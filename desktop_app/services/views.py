"""List queries shaped for the GUI: plain rows (named tuples), never ORM objects held by widgets.

The table models call these with a short-lived session; widgets never query the store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.collation import pinyin_key, sort_pinyin
from desktop_app.services.audit import audit
from desktop_app.services.people import count_people, search_people_ids  # noqa: F401 - count_people for the GUI
from desktop_app.store.models import Person, Project, Record, Unit

if TYPE_CHECKING:
    from desktop_app.services.app import App

_CHUNK = 900  # bound parameters per statement, below every SQLite build's limit


class PersonRow(NamedTuple):
    id: int
    name: str
    gender: str | None
    id_number: str
    birth_date: dt.date | None
    phone: str | None
    work_unit: str | None
    industry: str | None
    is_member: bool | None


_PERSON_COLUMNS = (Person.id, Person.name, Person.gender, Person.id_number, Person.birth_date, Person.phone,
                   Person.work_unit, Person.industry, Person.is_member)


def people_ids(session: Session, query: str = "", *, sort: str = "name", descending: bool = False,
               limit: int | None = None) -> list[int]:
    return search_people_ids(session, query, sort=sort, descending=descending, limit=limit)


def people_rows(session: Session, ids: list[int]) -> dict[int, PersonRow]:
    """Display rows for a page of ids (the lazy people model fetches ~200 at a time)."""
    if not ids:
        return {}
    if len(ids) > _CHUNK:
        out: dict[int, PersonRow] = {}
        for i in range(0, len(ids), _CHUNK):
            out.update(people_rows(session, ids[i:i + _CHUNK]))
        return out
    rows = session.execute(select(*_PERSON_COLUMNS).where(Person.id.in_(ids)))
    return {r[0]: PersonRow(*r) for r in rows}


def log_reveal(session: Session, what: str, shown: bool) -> None:
    """Showing full identity and phone numbers is personal information access (PIPL): audited."""
    audit(session, "reveal" if shown else "mask", what, None, None, {"full_numbers": shown})


class ProjectRow(NamedTuple):
    id: int
    code: str
    year: int
    name: str
    short_name: str
    quota: int
    quota_unit: str
    headcount: int  # counted records only (not drafts or returned)
    subsidy_fen: int
    counted_records: int
    records: int  # all records, any status
    forms: tuple[str, ...]
    allocation: int | None = None  # a town's share of the quota (the district's: sum over towns)
    own_share: bool = False  # allocation is this office's own share (a town): progress is against it


def project_rows(session: Session, year: int | None) -> list[ProjectRow]:
    from desktop_app.services.allocations import allocations_by_project
    from desktop_app.services.catalog import list_projects, progress
    from desktop_app.services.office import get_office

    done = progress(session)
    shares = allocations_by_project(session)
    office = get_office(session, required=False)
    own = office is not None and not office.is_district
    all_counts = dict(session.execute(select(Record.project_id, func.count()).group_by(Record.project_id)).all())
    out = []
    for p in list_projects(session, year):
        pr = done.get(p.id)
        out.append(ProjectRow(
            id=p.id, code=p.code, year=p.year, name=p.name,
            short_name=str((p.params or {}).get("short_name") or p.name),
            quota=p.quota, quota_unit=p.quota_unit,
            headcount=pr.headcount if pr else 0, subsidy_fen=pr.subsidy_fen if pr else 0,
            counted_records=pr.records if pr else 0, records=int(all_counts.get(p.id, 0)),
            forms=tuple(p.forms or ()), allocation=shares.get(p.code), own_share=own,
        ))
    return sorted(out, key=lambda r: r.code)


def years_with_records(session: Session) -> set[int]:
    stmt = select(Project.year).join(Record, Record.project_id == Project.id).distinct()
    return {int(y) for y in session.scalars(stmt)}


class RecordRow(NamedTuple):
    id: int
    project_code: str
    form_code: str
    unit_name: str | None
    status: str
    status_label: str
    status_reason: str | None
    headcount: int
    subsidy_fen: int
    record_date: dt.date | None
    updated_at: dt.datetime | None
    errors: int
    origin: str | None = None  # the town's code for a record a town sent (district office)


def record_rows(session: Session, ids: list[int]) -> dict[int, RecordRow]:
    if not ids:
        return {}
    if len(ids) > _CHUNK:
        out: dict[int, RecordRow] = {}
        for i in range(0, len(ids), _CHUNK):
            out.update(record_rows(session, ids[i:i + _CHUNK]))
        return out
    stmt = (
        select(Record.id, Project.code, Record.form_code, Record.unit_name, Record.status, Record.status_reason,
               Record.headcount, Record.subsidy_fen, Record.record_date, Record.updated_at, Record.findings,
               Record.origin)
        .join(Project, Project.id == Record.project_id)
        .where(Record.id.in_(ids))
    )
    out = {}
    for rid, pcode, form, unit, status, reason, head, fen, date, updated, findings, origin in session.execute(stmt):
        errors = sum(1 for f in findings or [] if isinstance(f, dict) and f.get("severity") == "error")
        out[rid] = RecordRow(rid, pcode, form, unit, status, st.label(status), reason,
                             int(head or 0), int(fen or 0), date, updated, errors, origin)
    return out


RECORD_SORTS = {
    "id": Record.id, "form_code": Record.form_code, "unit_name": Record.unit_name, "status": Record.status,
    "headcount": Record.headcount, "subsidy_fen": Record.subsidy_fen, "record_date": Record.record_date,
    "updated_at": Record.updated_at, "origin": Record.origin,
}
def record_ids(session: Session, *, sort: str = "id", descending: bool = False, **filters: object) -> list[int]:
    """`records.list_record_ids` with the list's sort order applied."""
    from desktop_app.services.records import list_record_ids

    ids = list_record_ids(session, **filters)  # type: ignore[arg-type]  # the list's filter keywords, passed on
    if sort == "id" and not descending:
        return ids
    column = RECORD_SORTS.get(sort, Record.id)
    wanted = set(ids)
    if sort == "unit_name":  # Chinese names by pinyin (core.collation), not code point
        rows = sorted(session.execute(select(Record.id, Record.unit_name)).all(), key=lambda r: r[0])
        rows.sort(key=lambda r: pinyin_key(r[1]), reverse=descending)
        return [i for i, _n in rows if i in wanted]
    stmt = select(Record.id).order_by(column.desc() if descending else column.asc(), Record.id)
    return [i for i in session.scalars(stmt) if i in wanted]


def record_totals(session: Session, ids: list[int]) -> tuple[int, int]:
    """Headcount and subsidy (fen) of the listed records — `records.totals`, in chunks so that
    a list of any length stays under SQLite's bound-parameter limit."""
    from desktop_app.services.records import totals

    head = fen = 0
    for i in range(0, len(ids), _CHUNK):
        h, f = totals(session, ids[i:i + _CHUNK])
        head, fen = head + h, fen + f
    return head, fen


def record_unit_names(session: Session, project_code: str | None = None) -> list[str]:
    """Unit names that appear on records (the unit filter's choices)."""
    stmt = select(Record.unit_name).where(Record.unit_name.is_not(None)).distinct()
    if project_code:
        stmt = stmt.join(Project, Project.id == Record.project_id).where(Project.code == project_code)
    return sort_pinyin(n for n in session.scalars(stmt) if n)


def town_choices(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the towns whose records this (district) office holds, pinyin order:
    the 街镇 filter and column of the records list."""
    codes = {c for c in session.scalars(select(Record.origin).where(Record.origin.is_not(None)).distinct()) if c}
    names = {code: name for code, name in session.execute(
        select(Unit.code, Unit.name).where(Unit.role == "town", Unit.code.is_not(None))) if code is not None}
    codes |= set(names)
    return sort_pinyin(((c, names.get(c, c)) for c in codes), key=lambda t: t[1])


def project_choices(session: Session) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(code, short name, year, form codes) of every project, newest year first."""
    rows = session.execute(select(Project.code, Project.name, Project.params, Project.year, Project.forms)
                           .order_by(Project.year.desc(), Project.code))
    return [(c, str((params or {}).get("short_name") or n), y, tuple(forms or ())) for c, n, params, y, forms in rows]


class UnitRow(NamedTuple):
    id: int
    name: str
    code: str | None
    credit_code: str | None
    ownership: str | None
    address: str | None
    contact: str | None
    phone: str | None


def unit_rows(session: Session, query: str = "", directory: str = "units") -> list[UnitRow]:
    """Rows of the units page: the units, or the check centres / travel agencies list."""
    from desktop_app.services.units import DIRECTORY_ROLES, UNIT_ROLES, list_units

    roles = (DIRECTORY_ROLES[directory],) if directory in DIRECTORY_ROLES else UNIT_ROLES
    return [UnitRow(u.id, u.name, u.code, u.credit_code, u.ownership, u.address, u.contact, u.phone)
            for u in list_units(session, query, roles=roles)]


def unit_values(session: Session, unit_id: int) -> dict[str, object]:
    from desktop_app.services.errors import NotFound
    from desktop_app.services.units import unit_dict

    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"找不到编号为 {unit_id} 的单位。")
    return unit_dict(unit)


def counted_statuses() -> tuple[str, ...]:
    return st.COUNTED_KEYS


def backup_now(app: "App") -> Path:
    """A verified copy of the database in the backups folder (services/backups.py)."""
    from desktop_app.services import backups

    return backups.create(app).path
