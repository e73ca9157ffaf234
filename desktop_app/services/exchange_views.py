"""Read-only queries for the 数据交换 page (no SQL in widgets): the town's exchange status,
the package history (ExchangeLog) and, at the district, which towns have decisions to send."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.services.exchange import since_point
from desktop_app.services.exchange_common import local_time
from desktop_app.services.exchange_return import DECIDED, last_sent
from desktop_app.services.office import get_office
from desktop_app.store.models import ExchangeLog, Record, Unit

KIND_LABELS = {"data": "数据包", "receipt": "回执", "return": "审核结果包"}
DIRECTION_LABELS = {"out": "发出", "in": "收到"}


@dataclass
class HistoryRow:
    id: int
    when: str  # local time
    direction: str
    direction_label: str
    kind: str
    kind_label: str
    peer: str  # "name（code）"
    sequence: int
    file_name: str
    details: str
    acknowledged: str  # local time the district acknowledged (outgoing data packages), else ""


@dataclass
class TownStatus:
    district: str  # "青浦区总工会（QP）"
    last_sent: HistoryRow | None
    since: str  # local time, "" = never acknowledged
    waiting_records: int  # 待盖章: goes in the next package
    submitted: int  # 已报送, waiting for the district's decision
    unacknowledged: int  # packages sent with no receipt yet


def _details(kind: str, direction: str, summary: dict[str, Any]) -> str:
    s = summary or {}
    if kind == "data":
        text = f"记录 {s.get('records', 0)} 条，人员 {s.get('people', 0)} 人"
        return text + ("（全部重新报送）" if s.get("all") else "")
    if kind == "receipt":
        if direction == "out":
            rej = f"，拒收 {s['rejected']} 条" if s.get("rejected") else ""
            return f"确认接收 {s.get('received', 0)} 条{rej}"
        return f"标记已报送 {s.get('marked', 0)} 条"
    if kind == "return":
        if direction == "out":
            return f"新的审核结果 {s.get('changed', 0)} 条"
        return f"更新 {s.get('applied', 0)} 条（共 {s.get('items', 0)} 条）"
    return ""


def _row(log: ExchangeLog) -> HistoryRow:
    peer = f"{log.peer_name or log.peer_code}（{log.peer_code}）"
    return HistoryRow(log.id, local_time(log.created_at), log.direction, DIRECTION_LABELS.get(log.direction, log.direction),
                      log.kind, KIND_LABELS.get(log.kind, log.kind), peer, log.sequence, log.file_name or "",
                      _details(log.kind, log.direction, log.summary), local_time(log.acknowledged_at))


def exchange_history(session: Session, limit: int = 500) -> list[HistoryRow]:
    """Every package made or received, newest first."""
    stmt = select(ExchangeLog).order_by(ExchangeLog.created_at.desc(), ExchangeLog.id.desc()).limit(limit)
    return [_row(log) for log in session.scalars(stmt)]


def town_status(session: Session) -> TownStatus | None:
    """The town's side: last package sent, the "since" point, what waits to be sent."""
    office = get_office(session, required=False)
    if office is None or office.is_district or not office.parent_code:
        return None
    code = office.parent_code
    last = session.scalar(select(ExchangeLog).where(
        ExchangeLog.direction == "out", ExchangeLog.kind == "data", ExchangeLog.peer_code == code)
        .order_by(ExchangeLog.sequence.desc()).limit(1))
    since: dt.datetime | None = since_point(session, code)

    def count(status: str) -> int:
        return int(session.scalar(select(func.count()).select_from(Record).where(
            Record.origin.is_(None), Record.status == status)) or 0)

    unack = int(session.scalar(select(func.count()).select_from(ExchangeLog).where(
        ExchangeLog.direction == "out", ExchangeLog.kind == "data", ExchangeLog.peer_code == code,
        ExchangeLog.acknowledged_at.is_(None))) or 0)
    return TownStatus(f"{office.parent_name or code}（{code}）", _row(last) if last else None, local_time(since),
                      count(st.READY.key), count(st.SUBMITTED.key), unack)


@dataclass
class ReturnCandidate:
    code: str
    name: str
    decided: int  # records of this town with a decision (通过 / 退回 / 结算)
    unsent: int  # decisions that differ from what was last sent

    @property
    def label(self) -> str:
        tail = f"，未发回 {self.unsent} 条" if self.unsent else "，无新的审核结果"
        return f"{self.name}（{self.code}）— 已审核 {self.decided} 条{tail}"


def return_candidates(session: Session) -> list[ReturnCandidate]:
    """District: towns with decided records, and how many decisions are not yet sent back."""
    names = dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.is_not(None))).all())
    per: dict[str, dict[str, list[Any]]] = {}
    for origin, uid, status, rev, reason, settled in session.execute(
            select(Record.origin, Record.uid, Record.status, Record.revision, Record.status_reason, Record.settled_fen)
            .where(Record.origin.is_not(None), Record.status.in_(DECIDED))):
        if origin is not None:  # always: the query asks for the towns' records
            per.setdefault(origin, {})[uid] = [status, rev, reason, settled]
    out = []
    for code in sorted(per):
        sent = last_sent(session, code)
        unsent = sum(1 for uid, state in per[code].items() if sent.get(uid) != state)
        out.append(ReturnCandidate(code, names.get(code, code), len(per[code]), unsent))
    return out
