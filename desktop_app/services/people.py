"""The people registry (实名制): one record per identity number (R-ID-5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.services.audit import audit, diff
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.store.models import Person

PERSON_FIELDS = ("name", "gender", "birth_date", "phone", "work_unit", "industry", "is_member", "member_card_no")
SORTABLE = {
    "name": Person.name,
    "id_number": Person.id_number,
    "gender": Person.gender,
    "birth_date": Person.birth_date,
    "work_unit": Person.work_unit,
    "phone": Person.phone,
    "industry": Person.industry,
    "updated_at": Person.updated_at,
}

Action = Literal["added", "updated", "unchanged"]


@dataclass
class UpsertResult:
    person: Person
    action: Action


def person_dict(p: Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "id_number": p.id_number,
        "name": p.name,
        "gender": p.gender,
        "birth_date": p.birth_date.isoformat() if p.birth_date else None,
        "phone": p.phone,
        "work_unit": p.work_unit,
        "industry": p.industry,
        "is_member": p.is_member,
        "member_card_no": p.member_card_no,
    }


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def upsert_person(
    session: Session,
    id_number: str,
    fields: dict[str, Any],
    *,
    origin: str | None = None,
    audit_changes: bool = True,
) -> UpsertResult:
    """Find the person by identity number or create them; only given, non-empty fields are set.

    The number must already be normalised and valid (callers run core.ids.check_id): the
    registry never stores an unchecked number.
    """
    from desktop_app.core.ids import check_id

    result = check_id(id_number)
    if not result.valid or result.normalized != id_number:
        raise ValidationFailed(f"身份证号码 {id_number} 无效，未保存。", list(result.findings))
    values = {k: v for k, v in fields.items() if k in PERSON_FIELDS and v not in (None, "")}
    values.setdefault("gender", result.gender)
    values.setdefault("birth_date", result.birth_date)
    person = session.scalar(select(Person).where(Person.id_number == id_number))
    if person is None:
        if not values.get("name"):
            raise ValidationFailed(f"身份证号码 {id_number} 的人员缺少姓名，未保存。")
        person = Person(id_number=id_number, origin=origin, **values)
        session.add(person)
        session.flush()
        if audit_changes:
            audit(session, "create", "person", person.id, None, _audit_view({"id_number": id_number, **values}))
        return UpsertResult(person, "added")
    current = {k: getattr(person, k) for k in values}
    old, new = diff(current, values)
    if not new:
        return UpsertResult(person, "unchanged")
    for k, v in new.items():
        setattr(person, k, v)
    person.revision += 1
    if audit_changes:
        audit(session, "update", "person", person.id, _audit_view(old), _audit_view(new))
    return UpsertResult(person, "updated")


def upsert_people(
    session: Session,
    items: list[tuple[str, dict[str, Any]]],
    *,
    origin: str | None = None,
    audit_changes: bool = True,
) -> dict[str, int]:
    """:func:`upsert_person` for many people at once → {identity number: person id}.

    One query per 500 numbers, new people and their audit rows inserted with one executemany
    each, changed people updated in one flush (issue 20: a roster of 10,000 rows took 110 s
    with a query and a flush per person; the ORM's own inserts went row by row to learn ids).
    ``items``: (normalised valid identity number, fields) in roster order; a number given
    twice takes its rows' fields in order, as repeated single upserts would.
    """
    from sqlalchemy import insert

    from desktop_app.core.ids import check_id
    from desktop_app.services.audit import audit_rows
    from desktop_app.store.models import AuditLog

    merged: dict[str, dict[str, Any]] = {}
    for number, fields in items:
        values = merged.setdefault(number, {})
        values.update({k: v for k, v in fields.items() if k in PERSON_FIELDS and v not in (None, "")})
    found: dict[str, Person] = {}
    numbers = list(merged)
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        found.update({p.id_number: p for p in session.scalars(select(Person).where(Person.id_number.in_(chunk)))})
    created: list[dict[str, Any]] = []
    changes: list[tuple[Person, dict[str, Any], dict[str, Any]]] = []
    for number, values in merged.items():
        person = found.get(number)
        if person is None:
            result = check_id(number)
            if not result.valid or result.normalized != number:
                raise ValidationFailed(f"身份证号码 {number} 无效，未保存。", list(result.findings))
            values.setdefault("gender", result.gender)
            values.setdefault("birth_date", result.birth_date)
            if not values.get("name"):
                raise ValidationFailed(f"身份证号码 {number} 的人员缺少姓名，未保存。")
            created.append({"id_number": number, "origin": origin, **{k: values.get(k) for k in PERSON_FIELDS}})
            continue
        old, new = diff({k: getattr(person, k) for k in values}, values)
        if new:
            for k, v in new.items():
                setattr(person, k, v)
            person.revision += 1
            changes.append((person, old, new))
    ids = {number: p.id for number, p in found.items()}
    if created:
        session.execute(insert(Person), created)
        fresh = [row["id_number"] for row in created]
        for i in range(0, len(fresh), 500):
            chunk = fresh[i : i + 500]
            rows = session.execute(select(Person.id_number, Person.id).where(Person.id_number.in_(chunk)))
            ids.update((number, pid) for number, pid in rows)
    session.flush()
    if audit_changes:
        logged: list[tuple[str, int, object, object]] = [("create", ids[row["id_number"]], None,
                   _audit_view({"id_number": row["id_number"], **merged[row["id_number"]]})) for row in created]
        logged += [("update", p.id, _audit_view(old), _audit_view(new)) for p, old, new in changes]
        if logged:
            session.execute(insert(AuditLog), audit_rows(session, "person", logged))
    return ids


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"找不到编号为 {person_id} 的人员。")
    return person


def find_by_id_number(session: Session, id_number: str) -> Person | None:
    return session.scalar(select(Person).where(Person.id_number == id_number))


def _search_filter(query: str) -> ColumnElement[bool] | None:  # SQL form: the index is tested against it
    q = query.strip()
    if not q:
        return None
    if q.replace("X", "").replace("x", "").isdigit():
        return or_(Person.id_number.like(f"{q.upper()}%"), Person.id_number.like(f"%{q.upper()}"),
                   Person.phone.like(f"%{q}%"))
    like = f"%{q}%"
    return or_(Person.name.like(like), Person.work_unit.like(like))


def search_people_ids(
    session: Session, query: str = "", *, sort: str = "name", descending: bool = False, limit: int | None = None
) -> list[int]:
    """Ids of matching people in display order: the lazy table model fetches rows by id.

    Digits (and X) match the identity number's start or end, or part of the phone; other text
    matches part of the name or work unit. Served from an in-memory index (people_index.py)
    so that a keystroke stays well under 50 ms at 100,000 people.
    """
    from desktop_app.services.people_index import search

    key = sort if sort in SORTABLE else "name"
    ids = search(session, query, SORTABLE[key].name, key, descending)
    return ids[:limit] if limit else ids


def count_people(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def people_by_ids(session: Session, ids: list[int]) -> dict[int, Person]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
