"""District mode (区总工会): all towns at a glance, quota progress across towns, decisions on
records (通过 / 退回 / 结算) and the Excel summary for the city.

Records received from towns carry origin = the town code; decisions go back to the towns in
return packages (services.exchange_return).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.documents.package_format import PackageError
from desktop_app.documents.package_io import write_atomic
from desktop_app.services.audit import audit
from desktop_app.services.catalog import list_projects
from desktop_app.services.counting import counts, none_forms
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.exchange_common import (
    local_time,
    refused,
    require_district,
    sequence_gaps,
)
from desktop_app.services.office import get_office
from desktop_app.services.records import get_record, set_status
from desktop_app.store.models import ExchangeLog, Person, Project, Record, RosterEntry, Unit

CATEGORY_LABELS = {
    "trip": "疗休养及活动", "insurance": "互助保障", "health_check": "健康体检", "wish": "微心愿",
    "illness": "大病慰问", "service_point": "健康服务点", "labour_relations": "和谐劳动关系",
    "model_worker": "劳模工匠服务", "gift": "节日慰问",
}
APPROVED = st.FINAL_KEYS  # 已通过, 已结算


@dataclass
class TownOverview:
    code: str
    name: str
    packages: int = 0
    last_sequence: int | None = None
    last_received: str = ""  # local time
    last_created: str = ""  # when the town made its newest package
    gaps: list[int] = field(default_factory=list)  # the first 50 numbers missing
    gap_count: int = 0
    records: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    headcount: int = 0
    subsidy_fen: int = 0
    pending: int = 0  # 已报送, waiting for a decision
    returns_sent: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "subsidy": f"{Decimal(self.subsidy_fen) / 100:.2f}",
                "by_status_label": {st.label(k): v for k, v in self.by_status.items()}}


def require_district_office(session: Session, what: str) -> None:
    office = get_office(session)
    assert office is not None
    require_district(office, what)


def towns_overview(session: Session) -> list[TownOverview]:
    """Every town that sent a package or is registered: packages, last date, gaps, records."""
    towns: dict[str, TownOverview] = {}
    for code, name in session.execute(select(Unit.code, Unit.name).where(Unit.role == "town", Unit.code.is_not(None))):
        if code is not None:
            towns[code] = TownOverview(code, name)
    seqs: dict[str, list[int]] = {}
    stmt = (select(ExchangeLog.peer_code, ExchangeLog.peer_name, ExchangeLog.sequence, ExchangeLog.created_at,
                   ExchangeLog.summary)
            .where(ExchangeLog.direction == "in", ExchangeLog.kind == "data").order_by(ExchangeLog.created_at))
    for code, name, seq, at, summary in session.execute(stmt):
        t = towns.setdefault(code, TownOverview(code, name or code))
        t.packages += 1
        seqs.setdefault(code, []).append(seq)
        t.last_received = local_time(at)
        if t.last_sequence is None or seq >= t.last_sequence:
            t.last_sequence, t.last_created = seq, str((summary or {}).get("created", "")).replace("T", " ")
    for code, s in seqs.items():
        towns[code].gaps, towns[code].gap_count = sequence_gaps(s, max(s), 50)
    nothing = set(none_forms())  # forms that count nothing (services.counting)
    stmt2 = (select(Record.origin, Record.status, Record.form_code, func.count(), func.sum(Record.headcount),
                    func.sum(Record.subsidy_fen))
             .where(Record.origin.is_not(None)).group_by(Record.origin, Record.status, Record.form_code))
    for origin, status, form, n, hc, fen in session.execute(stmt2):
        if origin is None:  # left out by the query
            continue
        t = towns.setdefault(origin, TownOverview(origin, origin))
        t.records += n
        t.by_status[status] = t.by_status.get(status, 0) + n
        if st.get(status).counted and form not in nothing:
            t.headcount += int(hc or 0)
            t.subsidy_fen += int(fen or 0)
        if status == st.SUBMITTED.key:
            t.pending += n
    for code, n in session.execute(select(ExchangeLog.peer_code, func.count()).where(
            ExchangeLog.direction == "out", ExchangeLog.kind == "return").group_by(ExchangeLog.peer_code)):
        if code in towns:
            towns[code].returns_sent = n
    return sorted(towns.values(), key=lambda t: t.code)


@dataclass
class ProjectProgress:
    code: str
    name: str
    category: str
    quota: int
    quota_unit: str
    by_town: dict[str, int]
    headcount: int
    subsidy_fen: int

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.headcount * 100) / self.quota).quantize(Decimal("0.1")) if self.quota else Decimal(0)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "percent": str(self.percent), "subsidy": f"{Decimal(self.subsidy_fen) / 100:.2f}"}


def quota_progress(session: Session, year: int | None = None) -> list[ProjectProgress]:
    """Per project: the quota and the headcount reported by each town (records that count)."""
    stmt = (select(Record.project_id, Record.origin, func.sum(Record.headcount), func.sum(Record.subsidy_fen))
            .where(counts()).group_by(Record.project_id, Record.origin))
    per: dict[int, dict[str, tuple[int, int]]] = {}
    for pid, origin, hc, fen in session.execute(stmt):
        per.setdefault(pid, {})[origin or ""] = (int(hc or 0), int(fen or 0))
    out = []
    for p in list_projects(session, year):
        towns = per.get(p.id, {})
        out.append(ProjectProgress(
            p.code, (p.params or {}).get("short_name") or p.name, CATEGORY_LABELS.get(p.category, p.category),
            p.quota, p.quota_unit, {k: v[0] for k, v in sorted(towns.items())},
            sum(v[0] for v in towns.values()), sum(v[1] for v in towns.values())))
    return out


def double_subsidies(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """R-ID-5 across the district: people on rosters of one project in more than one town's
    records (returned and voided records do not count), with the records involved."""
    from desktop_app.core.ids import mask_id
    from desktop_app.services.exchange_plan import conflict_message

    who = func.coalesce(Record.origin, "")
    stmt = (select(RosterEntry.person_id, Record.project_id)
            .join(Record, Record.id == RosterEntry.record_id).join(Project, Project.id == Record.project_id)
            .where(Record.status.not_in((st.RETURNED.key, st.VOIDED.key)))
            .group_by(RosterEntry.person_id, Record.project_id).having(func.count(func.distinct(who)) > 1))
    if year is not None:
        stmt = stmt.where(Project.year == year)
    pairs = session.execute(stmt).all()
    if not pairs:
        return []
    office = get_office(session)
    names = dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.is_not(None))).all())
    projects = {p.id: p for p in list_projects(session, year)}
    out = []
    for person_id, project_id in pairs:
        rows = session.execute(
            select(Record.id, Record.uid, Record.origin, Person.id_number, Person.name)
            .join(RosterEntry, RosterEntry.record_id == Record.id).join(Person, Person.id == RosterEntry.person_id)
            .where(RosterEntry.person_id == person_id, Record.project_id == project_id,
                   Record.status.not_in((st.RETURNED.key, st.VOIDED.key))).order_by(Record.origin, Record.id)).all()
        p = projects.get(project_id) or session.get(Project, project_id)
        if p is None:  # never: a record's project is a foreign key
            continue
        c = {"id_number": mask_id(rows[0][3]), "name": rows[0][4], "person_id": person_id, "project": p.code,
             "project_name": (p.params or {}).get("short_name") or p.name,
             "records": [{"town": o or "", "town_name": names.get(o, o) if o else (office.name if office else ""),
                          "record_id": rid, "uid": uid} for rid, uid, o, _, _ in rows]}
        c["message"] = conflict_message(c)
        out.append(c)
    return out


def decide(session: Session, record_id: int, *, approve: bool = False, return_reason: str | None = None,
           settle_fen: int | None = None) -> Record:
    """通过 / 退回（须写原因）/ 结算（已通过的记录，按实际金额）: audited status changes."""
    from desktop_app.services.operators import require

    require(session, "decide")  # issue 15: the district's decision
    require_district_office(session, "审核记录")
    if approve and return_reason:
        raise ValidationFailed("不能同时“通过”和“退回”同一条记录。")
    if not approve and not return_reason and settle_fen is None:
        raise ValidationFailed("请选择：通过、退回（并写明原因）或结算。")
    record = get_record(session, record_id)
    if approve and record.status != st.APPROVED.key:
        set_status(session, record_id, st.APPROVED.key)
    if return_reason:
        set_status(session, record_id, st.RETURNED.key, reason=return_reason)
    if settle_fen is not None:
        if settle_fen < 0:
            raise ValidationFailed("结算金额不能为负数。")
        if record.status != st.APPROVED.key:
            raise ValidationFailed(f"记录 {record_id} 当前为“{st.label(record.status)}”，须先审核通过才能结算。")
        audit(session, "settle", "record", record.id, {"settled_fen": record.settled_fen}, {"settled_fen": settle_fen})
        record.settled_fen = settle_fen
        set_status(session, record_id, st.SETTLED.key)
    return record


def district_summary_xlsx(session: Session, year: int, out_path: str | Path) -> Path:
    """The city's summary: per town and project — records, headcount, subsidy, settled; totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    require_district_office(session, "生成区级汇总表")
    office = get_office(session)
    projects = {p.id: p for p in list_projects(session, year)}
    if not projects:
        raise ValidationFailed(f"{year} 年度没有项目。")
    names = dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.is_not(None))).all())
    stmt = (select(Record.origin, Record.project_id, Record.status, func.count(), func.sum(Record.headcount),
                   func.sum(Record.subsidy_fen), func.sum(func.coalesce(Record.settled_fen, 0)))
            .where(Record.project_id.in_(list(projects)), counts())
            .group_by(Record.origin, Record.project_id, Record.status))
    cells: dict[tuple[str, int], list[int]] = {}
    for origin, pid, status, n, hc, fen, settled in session.execute(stmt):
        c = cells.setdefault((origin or "", pid), [0, 0, 0, 0, 0])
        c[0] += n
        c[1] += int(hc or 0)
        c[2] += int(fen or 0)
        c[3] += int(hc or 0) if status in APPROVED else 0
        c[4] += int(settled or 0)
    wb = Workbook()
    ws = wb.active
    ws.title = "按街镇与项目"
    ws.append([f"{office.name if office else ''} {year} 年度实事项目汇总表"])
    ws.append([f"生成日期：{dt.date.today().isoformat()}（已报送、已通过、已结算的记录）"])
    head = ["街镇代码", "街镇", "项目代码", "项目", "类别", "记录数", "人数", "补贴金额（元）", "其中已通过人数", "已结算金额（元）"]
    ws.append(head)
    totals = [0, 0, 0, 0, 0]
    for (origin, pid), c in sorted(cells.items(), key=lambda kv: (kv[0][0], projects[kv[0][1]].code)):
        p = projects[pid]
        town = names.get(origin, origin) if origin else (office.name if office else "本单位")
        ws.append([origin, town, p.code, (p.params or {}).get("short_name") or p.name,
                   CATEGORY_LABELS.get(p.category, p.category), c[0], c[1], _yuan(c[2]), c[3], _yuan(c[4])])
        totals = [a + b for a, b in zip(totals, c)]
    ws.append(["合计", "", "", "", "", totals[0], totals[1], _yuan(totals[2]), totals[3], _yuan(totals[4])])
    ws2 = wb.create_sheet("按项目")
    ws2.append(["项目代码", "项目", "类别", "名额", "单位", "人数", "完成率（%）", "补贴金额（元）"])
    for pp in quota_progress(session, year):
        ws2.append([pp.code, pp.name, pp.category, pp.quota, pp.quota_unit, pp.headcount, pp.percent,
                    _yuan(pp.subsidy_fen)])
    for sheet, header_row in ((ws, 3), (ws2, 1)):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text is never a formula (PITFALLS §2)
                elif isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for col, width in zip("ABCDEFGHIJ", (10, 18, 12, 24, 14, 8, 8, 16, 14, 16)):
            sheet.column_dimensions[col].width = width
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    out_path = Path(out_path)
    try:
        return write_atomic(out_path.parent, out_path.name, buf.getvalue())
    except PackageError as exc:
        raise refused(exc) from None


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100
