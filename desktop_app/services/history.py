"""History (issue 12 point 4): the audit log read back, one row per changed field.

`history record ID` and `history person IDNUMBER` print, oldest first,
``{"at", "operator", "action", "field", "old", "new"}``: the time (ISO, local), the operator
(the login name of the Windows user on a single-seat install: ``audit.current_actor``), the
action (create, update, status, void, delete, print, settle, correct_id …), and the field with
its old and new value. Identity numbers and phones come out masked, whatever an older row holds.
The 操作日志 page lists the log filtered by date, operator, action and record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.services.audit import private_value
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.store.models import AuditLog, Person

ACTION_LABELS = {
    "create": "新建", "update": "修改", "status": "改状态", "void": "作废", "delete": "删除", "print": "打印",
    "settle": "结算", "correct_id": "更正身份证号", "import": "导入", "export": "导出", "import_receipt": "导入回执",
    "receipt": "出具回执", "export_return": "生成审核结果包", "import_return": "导入审核结果", "copy_year": "复制年度",
    "import_roster": "导入名册", "backup": "备份", "restore": "恢复",
}
ENTITY_LABELS = {"record": "记录", "person": "人员", "project": "项目", "unit": "单位", "exchange": "数据交换",
                 "setting": "设置", "office": "本单位"}
FIELD_LABELS = {
    "status": "状态", "reason": "原因", "headcount": "计入人数", "subsidy_fen": "补助", "unit_name": "单位名称",
    "roster": "名册", "code": "校验码", "revision": "版本", "form": "表单", "project": "项目", "settled_fen": "结算金额",
    "id_number": "身份证号码", "name": "姓名", "gender": "性别", "birth_date": "出生日期", "phone": "电话",
    "work_unit": "工作单位", "industry": "行业", "is_member": "工会会员", "member_card_no": "会员服务卡号",
}


def _local_iso(at: dt.datetime | None) -> str | None:
    if at is None:
        return None
    return at.replace(tzinfo=dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def expand(entry: AuditLog) -> list[dict[str, Any]]:
    """One audit row → one history row per field it changed (a row without fields: one row)."""
    base = {"at": _local_iso(entry.at), "operator": entry.actor, "action": entry.action}
    old, new = entry.old, entry.new
    if isinstance(old, dict) or isinstance(new, dict):
        o = old if isinstance(old, dict) else {}
        n = new if isinstance(new, dict) else {}
        # the keyed digest beside a masked number (audit.protect) is for matching, not showing
        keys = [k for k in dict.fromkeys([*n, *o]) if not str(k).endswith("_hmac")]
        out = [{**base, "field": k, "old": _plain(private_value(k, o.get(k))), "new": _plain(private_value(k, n.get(k)))}
               for k in keys if entry.action != "status" or o.get(k) != n.get(k)]  # (a status row's unchanged reason)
        if out:
            return out
    return [{**base, "field": None, "old": _plain(old), "new": _plain(new)}]


def _entries(session: Session, entity: str, entity_id: int) -> list[AuditLog]:
    return list(session.scalars(select(AuditLog).where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
                                .order_by(AuditLog.at, AuditLog.id)))


def record_history(session: Session, record_id: int) -> list[dict[str, Any]]:
    """Every change of a record, oldest first (a deleted record keeps its history)."""
    from desktop_app.store.models import Record

    entries = _entries(session, "record", record_id)
    if not entries and session.get(Record, record_id) is None:
        raise NotFound(f"找不到编号为 {record_id} 的记录，也没有它的操作记录。")
    return [row for e in entries for row in expand(e)]


def find_person(session: Session, id_number: str) -> Person:
    from desktop_app.core.ids import check_id, mask_id

    text = (id_number or "").strip()
    if not text:
        raise ValidationFailed("请给出身份证号码。")
    res = check_id(text)
    number = res.normalized if res.normalized else text.upper()
    person = session.scalar(select(Person).where(Person.id_number == number))
    if person is None:
        raise NotFound(f"人员库中没有身份证号码为 {mask_id(number)} 的人员。")
    return person


def person_history(session: Session, id_number: str) -> list[dict[str, Any]]:
    """Every change of a person's registry entry (edits, identity-number corrections), oldest first."""
    person = find_person(session, id_number)
    return person_history_by_id(session, person.id)


def person_history_by_id(session: Session, person_id: int) -> list[dict[str, Any]]:
    return [row for e in _entries(session, "person", person_id) for row in expand(e)]


@dataclass(frozen=True)
class LogFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    operator: str | None = None
    action: str | None = None
    record_id: int | None = None
    limit: int = 2000


def _utc_bound(day: dt.date, end: bool) -> dt.datetime:
    local = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def audit_log(session: Session, f: LogFilter | None = None,
              field_labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """操作日志: the newest ``limit`` audit rows matching the filter, newest first, each with a
    one-line summary of what changed (the page shows the fields on selection)."""
    f = f or LogFilter()
    labels = {**(field_labels or {}), **FIELD_LABELS}
    stmt = select(AuditLog)
    if f.date_from:
        stmt = stmt.where(AuditLog.at >= _utc_bound(f.date_from, False))
    if f.date_to:
        stmt = stmt.where(AuditLog.at < _utc_bound(f.date_to, True))
    if f.operator:
        stmt = stmt.where(AuditLog.actor == f.operator)
    if f.action:
        stmt = stmt.where(AuditLog.action == f.action)
    if f.record_id is not None:
        stmt = stmt.where(AuditLog.entity == "record", AuditLog.entity_id == f.record_id)
    stmt = stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(max(1, f.limit))
    out = []
    for e in session.scalars(stmt):
        rows = expand(e)
        changed = [r for r in rows if r["field"]]
        summary = "；".join(f"{labels.get(r['field'], r['field'])}：{_short(r['old'])} → {_short(r['new'])}"
                           for r in changed[:4])
        if len(changed) > 4:
            summary += f"；等 {len(changed)} 项"
        out.append({"id": e.id, "at": _local_iso(e.at), "operator": e.actor, "action": e.action,
                    "action_label": ACTION_LABELS.get(e.action, e.action), "entity": e.entity,
                    "entity_label": ENTITY_LABELS.get(e.entity, e.entity), "entity_id": e.entity_id,
                    "summary": summary or (e.note or ""), "rows": rows})
    return out


def _short(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    from desktop_app.core.status import BY_KEY

    if isinstance(value, str) and value in BY_KEY:
        return BY_KEY[value].label
    text = str(value)
    return text if len(text) <= 24 else text[:23] + "…"


def operators(session: Session) -> list[str]:
    return sorted(a for a in session.scalars(select(AuditLog.actor).distinct()) if a)


def actions(session: Session) -> list[str]:
    return sorted(a for a in session.scalars(select(AuditLog.action).distinct()) if a)


def display_value(field: str | None, value: Any) -> str:
    """A history value as a clerk reads it (status labels, yuan, yes/no, blanks)."""
    if field in ("subsidy_fen", "settled_fen") and isinstance(value, int):
        return f"{value / 100:,.2f} 元"
    if isinstance(value, bool):
        return "是" if value else "否"
    return _short(value) if field != "reason" else ("（空）" if value in (None, "") else str(value))


__all__ = [
    "ACTION_LABELS", "ENTITY_LABELS", "FIELD_LABELS", "LogFilter", "actions", "audit_log", "display_value",
    "expand", "find_person", "operators", "person_history", "person_history_by_id", "record_history",
]
