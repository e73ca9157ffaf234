"""Return packages (审核结果包), district → town: decisions per record (通过 / 退回 with reason,
结算 with the settled amount).

A return package is cumulative: it carries the current decision on every decided record of
the town, and marks those changed since the previous return (`changed`). So a lost return
package costs nothing — the next one carries its decisions — and the town refuses to apply a
return package older than one it already applied (an older decision never overwrites a newer one).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.money import fen_to_yuan_str
from desktop_app.documents.package_format import PackageError, Party, table
from desktop_app.services.allocations import PACKAGE_COLUMNS as ALLOCATION_COLUMNS
from desktop_app.services.allocations import apply_received, package_rows
from desktop_app.services.audit import audit
from desktop_app.services.errors import NotFound, ServiceError
from desktop_app.services.exchange_common import (
    SentFile,
    chunks,
    encode,
    find_log,
    iso,
    local_time,
    next_sequence,
    office_party,
    open_package,
    refused,
    require_district,
    require_town,
    write_verified,
)
from desktop_app.services.exchange_keys import town_secret
from desktop_app.services.exchange_plan import MAX_SUBSIDY_FEN
from desktop_app.services.progress import ProgressFn, ProgressReporter
from desktop_app.services.records import set_status
from desktop_app.store.models import ExchangeLog, Project, Record, Unit, utcnow

DECIDED = (st.APPROVED.key, st.RETURNED.key, st.SETTLED.key)  # the district's answers
DECISION_COLUMNS = ["uid", "revision", "status", "reason", "settled_fen", "changed", "record_id", "project",
                    "form", "unit_name", "headcount", "decided_at"]


def _town(session: Session, code: str) -> Party:
    name = session.scalar(select(Unit.name).where(Unit.code == code, Unit.role == "town")) or session.scalar(
        select(ExchangeLog.peer_name).where(ExchangeLog.peer_code == code, ExchangeLog.direction == "in").limit(1))
    if not name:
        raise NotFound(f"没有收到过代码为 {code} 的街镇的数据包。")
    return Party(code, name)


def last_sent(session: Session, town_code: str) -> dict[str, list[Any]]:
    """uid → [status, revision, reason, settled_fen] as last sent to the town."""
    state: dict[str, list[Any]] = {}
    for summary in session.scalars(select(ExchangeLog.summary).where(
            ExchangeLog.direction == "out", ExchangeLog.kind == "return", ExchangeLog.peer_code == town_code)
            .order_by(ExchangeLog.sequence)):
        state.update((summary or {}).get("decisions", {}))
    return state


def export_return(session: Session, town_code: str, out_dir: str | Path, passphrase: str,
                  decisions: Iterable[int | str] | None = None, *, progress: ProgressFn | None = None,
                  log2n: int | None = None) -> SentFile:
    """District: the return package for one town. `decisions` (record ids or uids) forces those
    records to count as changed (e.g. to send a decision again); by default the changed ones are
    those whose decision differs from the one last sent."""
    from desktop_app.services.operators import require

    require(session, "export")  # issue 15: exports
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    require_district(office, "发回审核结果")
    town = _town(session, town_code)
    secret = town_secret(session, passphrase, town.code)  # the town's own key (issue 20)
    forced = {str(d) for d in decisions or ()}
    sent = last_sent(session, town_code)
    stmt = (select(Record.id, Record.uid, Record.revision, Record.status, Record.status_reason, Record.settled_fen,
                   Project.code, Record.form_code, Record.unit_name, Record.headcount, Record.updated_at)
            .join(Project, Project.id == Record.project_id)
            .where(Record.origin == town_code, Record.status.in_(DECIDED)).order_by(Record.id))
    rows, state, changed = [], {}, 0
    for rid, uid, rev, status, reason, settled, project, form, unit, hc, at in session.execute(stmt):
        state[uid] = [status, rev, reason, settled]
        is_changed = sent.get(uid) != state[uid] or str(rid) in forced or uid in forced
        changed += is_changed
        rows.append([uid, rev, status, reason, settled, is_changed, rid, project, form, unit, hc, iso(at)])
    # A return package is made even with no new decision: it also carries the town's quota
    # allocations (issue 13), and a clerk may simply want to send them.
    allocations = package_rows(session, town.code)
    prog(0.3, "正在生成审核结果包…")
    sequence = next_sequence(session, "out", "return", town_code)
    encoded = encode(kind="return", sender=me, receiver=town, sequence=sequence, passphrase=secret, log2n=log2n,
                     files={"decisions.json": table(DECISION_COLUMNS, rows),
                            "allocations.json": table(ALLOCATION_COLUMNS, allocations)},
                     counts={"decisions": len(rows), "changed": changed, "allocations": len(allocations)})
    log = ExchangeLog(direction="out", kind="return", peer_code=town.code, peer_name=town.name, sequence=sequence,
                      package_id=encoded.header.package_id, content_hash=encoded.content_hash, created_at=utcnow(),
                      summary={"decisions": state, "changed": changed})
    with session.begin_nested():  # a failed write leaves no log row and no used-up sequence number
        session.add(log)
        session.flush()
        written = write_verified(out_dir, encoded, prog)
    log.file_name = written.file_name
    audit(session, "export_return", "exchange", log.id, None,
          {"file": written.file_name, "town": town.code, "sequence": sequence, "changed": changed})
    prog.note(1.0, "完成")
    msg = (f"已生成发给 {town.name} 的第 {sequence} 号审核结果包“{written.file_name}”：新的审核结果 {changed} 条，"
           f"名额分配 {len(allocations)} 项。")
    return SentFile(written.path, written.file_name, "return", sequence, encoded.header.package_id, written.size,
                    changed, msg)


def status_path(src: str, dst: str) -> list[str] | None:
    """Shortest chain of allowed status changes (core.status), never through 草稿."""
    prev: dict[str, str | None] = {src: None}
    queue = deque([src])
    while queue:
        s = queue.popleft()
        for t in st.get(s).transitions:
            if t not in prev and t != st.DRAFT.key:
                prev[t] = s
                queue.append(t)
    if dst not in prev or dst == src:
        return None
    path: list[str] = []
    at: str | None = dst
    while at is not None and at != src:  # prev leads back to src, whose prev is None
        path.append(at)
        at = prev[at]
    return path[::-1]


@dataclass
class ReturnResult:
    package: str
    sequence: int
    district: str
    dry_run: bool
    items: list[dict[str, Any]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    already_imported: bool = False
    allocations: list[dict[str, Any]] = field(default_factory=list)  # changes: project, old, new

    def count(self, outcome: str) -> int:
        return sum(1 for i in self.items if i["outcome"] == outcome)

    @property
    def message(self) -> str:
        head = "试导入" if self.dry_run else "已导入"
        alloc = f"名额分配更新 {len(self.allocations)} 项，" if self.allocations else ""
        return (f"{head}{self.district}第 {self.sequence} 号审核结果包：{alloc}更新 {self.count('applied')} 条记录的状态，"
                f"未变 {self.count('unchanged')} 条，未应用 {self.count('outdated') + self.count('skipped')} 条。")

    def to_dict(self) -> dict[str, Any]:
        return {"package": self.package, "sequence": self.sequence, "district": self.district,
                "dry_run": self.dry_run, "applied": self.count("applied"), "unchanged": self.count("unchanged"),
                "not_applied": self.count("outdated") + self.count("skipped"), "items": self.items,
                "findings": self.findings, "allocations": self.allocations, "message": self.message}


def import_return(session: Session, path: str | Path, passphrase: str, *, dry_run: bool = False,
                  progress: ProgressFn | None = None) -> ReturnResult:
    """Town: apply the district's decisions (audited status changes) and show what came back."""
    if not dry_run:
        from desktop_app.services.operators import require

        require(session, "import")  # issue 15: imports
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    district = require_town(office)
    prog(0.05, "正在校验审核结果包…")
    pkg = open_package(Path(path), passphrase, receiver=me, kind="return", sender_code=district.code)
    h = pkg.header
    result = ReturnResult(Path(path).name, h.sequence, h.sender.name, dry_run)
    prev = find_log(session, "in", "return", district.code, h.sequence)
    newest = session.scalar(select(func.max(ExchangeLog.sequence)).where(
        ExchangeLog.direction == "in", ExchangeLog.kind == "return", ExchangeLog.peer_code == district.code)) or 0
    stale = h.sequence < newest
    if prev is not None and prev.package_id == h.package_id:
        result.already_imported = True
        result.findings.append(f"此审核结果包已于 {local_time(prev.created_at)} 导入过，再次导入不会改变数据。")
    elif stale:
        result.findings.append(f"此审核结果包（第 {h.sequence} 号）早于已导入的第 {newest} 号，其中的审核结果已过时，未应用。")
    try:
        rows = list(pkg.rows("decisions.json"))
    except PackageError as exc:
        raise refused(exc) from None
    local: dict[str, Record] = {}
    for chunk in chunks([r["uid"] for r in rows if isinstance(r.get("uid"), str)]):
        local.update((r.uid, r) for r in session.scalars(
            select(Record).where(Record.uid.in_(chunk), Record.origin.is_(None))))
    prog(0.4, "正在更新记录状态…")
    for r in rows:
        uid = r.get("uid")
        result.items.append(_apply_decision(session, r, local.get(uid) if isinstance(uid, str) else None, stale,
                                            dry_run))
    result.items.sort(key=lambda i: (not i["changed"], i["outcome"] != "applied"))
    if not stale and "allocations.json" in pkg.files:  # older packages carry no allocations
        try:
            alloc_rows = list(pkg.rows("allocations.json"))
        except PackageError as exc:
            raise refused(exc) from None
        result.allocations = apply_received(session, office.code, alloc_rows, dry_run=dry_run or prev is not None)
        codes = {a["project"] for a in result.allocations if a["new"] is not None}
        known = set(session.scalars(select(Project.code).where(Project.code.in_(codes)))) if codes else set()
        for code in sorted(codes - known):
            result.findings.append(f"分配名额所属的项目 {code} 本机还没有（请先建立该年度的项目目录），"
                                   "分配的名额已保存，建立项目后即显示。")
    if not dry_run and prev is None:
        session.add(ExchangeLog(direction="in", kind="return", peer_code=district.code, peer_name=district.name,
                                sequence=h.sequence, package_id=h.package_id, file_name=Path(path).name,
                                content_hash=pkg.content_hash, created_at=utcnow(),
                                summary={"applied": result.count("applied"), "items": len(rows)}))
        session.flush()
        audit(session, "import_return", "exchange", None, None,
              {"file": Path(path).name, "sequence": h.sequence, "applied": result.count("applied")})
    prog.note(1.0, "完成")
    return result


def _apply_decision(session: Session, d: dict[str, Any], rec: Record | None, stale: bool,
                    dry_run: bool) -> dict[str, Any]:
    status, reason, settled = d.get("status"), d.get("reason"), d.get("settled_fen")
    if not (isinstance(status, str) and (reason is None or (isinstance(reason, str) and len(reason) <= 500))
            and (settled is None or (type(settled) is int and 0 <= settled <= MAX_SUBSIDY_FEN))
            and (d.get("revision") is None or type(d.get("revision")) is int)):
        status, reason, settled = "?", None, None  # a value of the wrong type or out of range: skipped below
    item = {"uid": d.get("uid"), "record_id": rec.id if rec else None, "project": d.get("project"),
            "form": d.get("form"), "unit_name": d.get("unit_name"), "headcount": d.get("headcount"),
            "status": status, "status_label": st.label(str(status)), "reason": reason,
            "settled": fen_to_yuan_str(settled) if isinstance(settled, int) else None,
            "changed": bool(d.get("changed")), "outcome": "unchanged", "note": None}
    if status not in DECIDED:
        return {**item, "outcome": "skipped", "note": "审核结果无法识别。"}
    if rec is None:
        return {**item, "outcome": "skipped", "note": "本机找不到这条记录。"}
    if stale:
        return {**item, "outcome": "outdated", "note": "审核结果包较旧，未应用。"}
    if rec.revision != d.get("revision"):
        return {**item, "outcome": "outdated",
                "note": f"本机记录已修改（版本 {rec.revision}），该审核结果针对版本 {d.get('revision')}，未应用。"}
    same_settle = status != st.SETTLED.key or rec.settled_fen == settled
    if rec.status == status and (rec.status_reason or None) == (reason or None) and same_settle:
        return item
    path = [] if rec.status == status else status_path(rec.status, str(status))
    if path is None:
        return {**item, "outcome": "skipped",
                "note": f"本机状态为“{st.label(rec.status)}”，不能改为“{st.label(str(status))}”。"}
    if dry_run:
        return {**item, "outcome": "applied", "from": rec.status}
    old = rec.status
    try:
        with session.begin_nested():
            for step in path:
                set_status(session, rec.id, step, reason=reason if step == st.RETURNED.key else None, by="district")
            if status == st.SETTLED.key and rec.settled_fen != settled:
                audit(session, "settle", "record", rec.id, {"settled_fen": rec.settled_fen}, {"settled_fen": settled})
                rec.settled_fen = settled if isinstance(settled, int) else None
            if status == st.RETURNED.key and not path:
                audit(session, "status", "record", rec.id, {"reason": rec.status_reason}, {"reason": reason})
                rec.status_reason = reason
    except ServiceError as exc:
        return {**item, "outcome": "skipped", "note": str(exc)}
    return {**item, "outcome": "applied", "from": old}
