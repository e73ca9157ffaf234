"""一人一档 (issue 12 point 5): one person's file — identity details, every record and roster
entry across projects and years, the subsidies received, the history — and the two audited
acts on it: editing the registry's fields, and correcting the identity number (a separate act
that re-checks R-ID-5: the number is unique in the installation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.services.audit import audit, field_diff
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.store.models import Person, Project, Record, RosterEntry

EDITABLE_FIELDS = ("name", "phone", "work_unit", "industry", "is_member", "member_card_no")
FIELD_LIMITS = {"name": 60, "phone": 40, "work_unit": 120, "industry": 40, "member_card_no": 40}


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"找不到编号为 {person_id} 的人员。")
    return person


def person_file(session: Session, person_id: int, *, reveal: bool = False) -> dict[str, Any]:
    """Everything about one person, for the person view (and `person show --json`)."""
    from desktop_app.core.ids import mask_id
    from desktop_app.core.phones import mask_phone
    from desktop_app.services.history import person_history_by_id

    p = get_person(session, person_id)
    entries = []
    stmt = (select(Record.id, Project.code, Project.year, Project.params, Project.name, Record.form_code,
                   Record.unit_name, Record.status, Record.status_reason, Record.headcount, Record.subsidy_fen,
                   Record.record_date, RosterEntry.seq, RosterEntry.data)
            .join(RosterEntry, RosterEntry.record_id == Record.id).join(Project, Project.id == Record.project_id)
            .where(RosterEntry.person_id == p.id).order_by(Project.year.desc(), Record.id))
    for rid, code, year, params, pname, form, unit, status, reason, hc, fen, day, seq, data in session.execute(stmt):
        # a roster's subsidy is the record's; the person's share is the record's over its count
        share = fen // hc if hc and st.get(status).counted else 0
        entries.append({"record_id": rid, "project": code, "project_name": (params or {}).get("short_name") or pname,
                        "year": year, "form": form, "unit_name": unit, "status": status,
                        "status_label": st.label(status), "reason": reason, "via": "roster", "seq": seq,
                        "entry": data or {}, "subsidy_fen": share,
                        "record_date": day.isoformat() if day else None})
    # one-person records (enrolment, condolence, wish, 品上海…) name the person in their values
    stmt2 = (select(Record.id, Project.code, Project.year, Project.params, Project.name, Record.form_code,
                    Record.unit_name, Record.status, Record.status_reason, Record.subsidy_fen, Record.record_date)
             .join(Project, Project.id == Record.project_id)
             .where(Record.data["id_number"].as_string() == p.id_number).order_by(Project.year.desc(), Record.id))
    seen = {e["record_id"] for e in entries}
    for rid, code, year, params, pname, form, unit, status, reason, fen, day in session.execute(stmt2):
        if rid in seen:
            continue
        entries.append({"record_id": rid, "project": code, "project_name": (params or {}).get("short_name") or pname,
                        "year": year, "form": form, "unit_name": unit, "status": status,
                        "status_label": st.label(status), "reason": reason, "via": "record", "seq": None,
                        "entry": {}, "subsidy_fen": fen if st.get(status).counted else 0,
                        "record_date": day.isoformat() if day else None})
    entries.sort(key=lambda e: (-int(e["year"]), e["record_id"]))
    received = sum(e["subsidy_fen"] for e in entries)
    return {
        "id": p.id,
        "id_number": p.id_number if reveal else mask_id(p.id_number),
        "name": p.name,
        "gender": p.gender,
        "birth_date": p.birth_date.isoformat() if p.birth_date else None,
        "phone": (p.phone if reveal else mask_phone(p.phone)) if p.phone else None,
        "work_unit": p.work_unit,
        "industry": p.industry,
        "is_member": p.is_member,
        "member_card_no": p.member_card_no,
        "origin": p.origin,
        "revision": p.revision,
        "records": entries,
        "subsidy_fen": received,
        "subsidy": f"{received / 100:.2f}",
        "history": person_history_by_id(session, p.id),
    }


def _clean(field: str, value: Any) -> Any:
    from desktop_app.core.phones import check_phone

    if field == "is_member":
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip()
        if text in ("是", "true", "True", "1"):
            return True
        if text in ("否", "false", "False", "0"):
            return False
        raise ValidationFailed(f"“工会会员”应为“是”或“否”，而不是“{text}”。")
    text = "" if value is None else str(value).strip()
    if field == "name" and not text:
        raise ValidationFailed("姓名不能为空。")
    if len(text) > FIELD_LIMITS[field]:
        raise ValidationFailed(f"{_label(field)}不能超过 {FIELD_LIMITS[field]} 个字。")
    if field == "phone" and text:
        normalized, findings = check_phone(text)
        if normalized is None:
            raise ValidationFailed(f"电话“{text}”无效：{findings[0].message if findings else '请检查'}")
        text = normalized
    return text or None


def _label(field: str) -> str:
    from desktop_app.services.history import FIELD_LABELS

    return FIELD_LABELS.get(field, field)


def update_person(session: Session, person_id: int, changes: dict[str, Any], *,
                  expected_revision: int | None = None) -> Person:
    """Edit the registry's fields of a person (audited, field by field). The identity number
    is not among them: see :func:`correct_id_number`."""
    from desktop_app.services.operators import require

    require(session, "people")  # issue 15
    p = get_person(session, person_id)
    bad = sorted(set(changes) - set(EDITABLE_FIELDS))
    if bad:
        if "id_number" in bad:
            raise ValidationFailed("身份证号码不能在这里修改，请用“更正身份证号码”（会重新核对 R-ID-5）。")
        raise ValidationFailed(f"不能修改的人员字段：{', '.join(bad)}")
    if expected_revision is not None and p.revision != expected_revision:
        raise ValidationFailed(f"此人的资料已被修改（版本 {p.revision}），请重新打开后再改。")
    new = {k: _clean(k, v) for k, v in changes.items()}
    old = {k: getattr(p, k) for k in new}
    o, n = field_diff(old, new)
    if not n:
        return p
    for k in n:
        setattr(p, k, new[k])
    p.revision += 1
    audit(session, "update", "person", p.id, o, n)
    return p


def correct_id_number(session: Session, person_id: int, new_number: str, reason: str) -> Person:
    """更正身份证号码: a separate, audited act. The new number must be valid (R-ID-1…4) and
    belong to nobody else here (R-ID-5: one person, one record); gender and birth date follow
    the number. Editable one-person records that carry the old number take the new one."""
    from desktop_app.services.operators import require

    require(session, "people")  # issue 15
    from desktop_app.core.ids import check_id, mask_id

    p = get_person(session, person_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("更正身份证号码须写明原因（如：登记时录错）。")
    res = check_id(new_number or "")
    if not res.valid:
        detail = res.findings[0].message if res.findings else "格式不正确"
        raise ValidationFailed(f"新的身份证号码无效：{detail}")
    number = res.normalized
    if number == p.id_number:
        raise ValidationFailed("新号码与原号码相同，无需更正。")
    other = session.scalar(select(Person).where(Person.id_number == number))
    if other is not None:
        raise ValidationFailed(
            f"身份证号码 {mask_id(number)} 已属于人员库中的“{other.name}”（R-ID-5：同一号码只能是一个人）。"
            "请先核对是否为同一人。")
    old_number = p.id_number
    old = {"id_number": old_number, "gender": p.gender, "birth_date": p.birth_date.isoformat() if p.birth_date else None}
    p.id_number = number
    p.gender = res.gender or p.gender
    p.birth_date = res.birth_date or p.birth_date
    p.revision += 1
    moved = []
    for rec in session.scalars(select(Record).where(Record.data["id_number"].as_string() == old_number)):
        if st.get(rec.status).editable:
            rec.data = {**rec.data, "id_number": number}
            rec.revision += 1
            moved.append(rec.id)
            o, n = field_diff({"id_number": old_number}, {"id_number": number})
            audit(session, "update", "record", rec.id, o, n, note="更正身份证号码")
    new = {"id_number": number, "gender": p.gender, "birth_date": p.birth_date.isoformat() if p.birth_date else None}
    o, n = field_diff(old, new)
    audit(session, "correct_id", "person", p.id, o, n, note=reason + (f"；同时更正记录 {moved}" if moved else ""))
    session.flush()
    return p


def birth_text(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


__all__ = ["EDITABLE_FIELDS", "correct_id_number", "get_person", "person_file", "update_person"]
