"""Receipts (回执): the district acknowledges a data package record by record; the town marks
those records 已报送 and moves the "since" point of its next package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.disk_errors import why
from desktop_app.documents.package_format import PackageError, Party, table
from desktop_app.documents.package_io import write_atomic
from desktop_app.services.audit import audit
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.exchange_common import (
    SentFile,
    chunks,
    encode,
    find_log,
    local_time,
    office_party,
    open_package,
    refused,
    require_district,
    require_town,
    write_verified,
)
from desktop_app.services.exchange_summary import PackageImportSummary
from desktop_app.services.exchange_keys import town_secret
from desktop_app.services.progress import ProgressFn, ProgressReporter
from desktop_app.services.records import set_status
from desktop_app.store.models import ExchangeLog, Record, utcnow

RECEIPT_COLUMNS = ["uid", "revision", "status", "reason", "record_id", "project", "form", "unit_name", "headcount"]


def make_receipt(session: Session, summary: PackageImportSummary, out_dir: str | Path, passphrase: str, *,
                 progress: ProgressFn | None = None, log2n: int | None = None) -> SentFile:
    """District: write the receipt package for an import that was committed, with the town's
    key (`passphrase` is the district's own, which opens it)."""
    if summary.dry_run:
        raise ValidationFailed("试导入没有改动数据，不能出具回执；请先正式导入。")
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    require_district(office, "出具回执")
    town = Party(summary.sender_code, summary.sender_name)
    secret = town_secret(session, passphrase, town.code)  # the town's own key (issue 20)
    rows = [[item.get(c) for c in RECEIPT_COLUMNS] for item in summary.received]
    received = sum(1 for item in summary.received if item["status"] == "received")
    prog(0.3, "正在生成回执…")
    encoded = encode(
        kind="receipt", sender=me, receiver=town, sequence=summary.sequence, passphrase=secret, log2n=log2n,
        files={"receipt.json": table(RECEIPT_COLUMNS, rows)}, counts={"receipt": len(rows)},
        extra={"acknowledges": {"package_id": summary.package_id, "sequence": summary.sequence,
                                "content_sha256": summary.content_hash, "file": summary.package},
               "totals": {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged,
                          "rejected": summary.rejected}},
    )
    now = utcnow()
    with session.begin_nested():  # a failed write leaves the receipt log as it was
        log = find_log(session, "out", "receipt", town.code, summary.sequence)
        if log is None:
            log = ExchangeLog(direction="out", kind="receipt", peer_code=town.code, peer_name=town.name,
                              sequence=summary.sequence, package_id=encoded.header.package_id)
            session.add(log)
        log.package_id, log.content_hash, log.created_at = encoded.header.package_id, encoded.content_hash, now
        log.summary = {"acknowledges": summary.package_id, "received": received, "rejected": len(rows) - received}
        session.flush()
        written = write_verified(out_dir, encoded, prog)
    log.file_name = written.file_name
    data_log = find_log(session, "in", "data", town.code, summary.sequence)
    if data_log is not None and data_log.package_id == summary.package_id and data_log.acknowledged_at is None:
        data_log.acknowledged_at = now
    audit(session, "receipt", "exchange", log.id, None, {"file": written.file_name, "town": town.code,
                                                         "sequence": summary.sequence, "received": received})
    prog.note(1.0, "完成")
    msg = (f"已生成回执“{written.file_name}”：{town.name} 第 {summary.sequence} 号数据包，接收记录 {received} 条"
           f"{f'，拒收 {len(rows) - received} 条' if len(rows) > received else ''}。请发回该镇。")
    return SentFile(written.path, written.file_name, "receipt", summary.sequence, encoded.header.package_id,
                    written.size, len(rows), msg)


def receipt_again(session: Session, path: str | Path, passphrase: str, out_dir: str | Path, *,
                  progress: ProgressFn | None = None) -> tuple[PackageImportSummary, SentFile]:
    """District: the receipt for a package imported earlier, made again (the first one was
    lost, or the import was cut off before its receipt was written). The package is checked
    against what is already stored — re-importing the same package changes nothing — and the
    receipt says what the district holds."""
    from desktop_app.documents.package_format import read_header
    from desktop_app.services.exchange_import import import_package
    from desktop_app.services.operators import require

    require(session, "export")  # issue 15: a package the district sends (services.permissions)

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            header, _ = read_header(fh.read(64 * 1024), path.name)
    except PackageError as exc:
        raise refused(exc) from None
    except OSError as exc:
        raise ValidationFailed(f"无法读取文件“{path}”（{why(exc)}）。") from exc
    log = find_log(session, "in", "data", header.sender.code, header.sequence)
    if log is None or log.package_id != header.package_id:
        raise ValidationFailed(f"“{path.name}”（{header.sender.name} 第 {header.sequence} 号数据包）还没有导入，"
                               "不能补出回执：请先导入它（导入时会生成回执）。")
    summary = import_package(session, path, passphrase, dry_run=False, progress=progress)
    return summary, make_receipt(session, summary, out_dir, passphrase, progress=progress)


def receipt_pdf(session: Session, summary: PackageImportSummary, out_path: str | Path) -> Path:
    """District: a printable receipt (town, package, date, each record and whether it was received)."""
    from desktop_app.documents.receipt_pdf import render_receipt

    office, _ = office_party(session)
    out_path = Path(out_path)
    blob = render_receipt(
        office_name=office.name, town_name=summary.sender_name, town_code=summary.sender_code,
        package=summary.package, sequence=summary.sequence, created=summary.created,
        received_on=dt.date.today(), items=summary.received, dry_run=summary.dry_run,
    )
    try:
        return write_atomic(out_path.parent, out_path.name, blob)
    except PackageError as exc:
        raise refused(exc) from None


@dataclass
class ReceiptResult:
    package: str
    sequence: int
    district: str
    acknowledged_sequence: int | None
    marked: list[dict[str, Any]] = field(default_factory=list)  # → 已报送
    unchanged: int = 0
    changed_since: list[dict[str, Any]] = field(default_factory=list)  # edited after sending: goes again
    rejected: list[dict[str, Any]] = field(default_factory=list)  # refused by the district, with reasons
    findings: list[str] = field(default_factory=list)
    already_imported: bool = False

    @property
    def message(self) -> str:
        parts = [f"已导入{self.district}的回执（第 {self.sequence} 号数据包）：{len(self.marked)} 条记录标记为“已报送”"]
        if self.rejected:
            parts.append(f"{len(self.rejected)} 条被拒收（见原因）")
        if self.changed_since:
            parts.append(f"{len(self.changed_since)} 条在发出后又修改过，将随下一个数据包报送")
        return "，".join(parts) + "。"

    def to_dict(self) -> dict[str, Any]:
        return {"package": self.package, "sequence": self.sequence, "district": self.district,
                "acknowledged_sequence": self.acknowledged_sequence, "marked": len(self.marked),
                "unchanged": self.unchanged, "changed_since": self.changed_since, "rejected": self.rejected,
                "findings": self.findings, "already_imported": self.already_imported, "message": self.message}


def import_receipt(session: Session, path: str | Path, passphrase: str, *,
                   progress: ProgressFn | None = None) -> ReceiptResult:
    """Town: mark acknowledged records 已报送 (revision must match) and move the "since" point."""
    from desktop_app.services.operators import require

    require(session, "import")  # issue 15: imports (services.permissions)
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    district = require_town(office)
    prog(0.05, "正在校验回执…")
    pkg = open_package(Path(path), passphrase, receiver=me, kind="receipt", sender_code=district.code)
    h = pkg.header
    acknowledged = pkg.manifest.get("acknowledges")
    ack: dict[str, Any] = acknowledged if isinstance(acknowledged, dict) else {}
    result = ReceiptResult(Path(path).name, h.sequence, h.sender.name, ack.get("sequence"))
    prev = find_log(session, "in", "receipt", district.code, h.sequence)
    if prev is not None and prev.package_id == h.package_id:
        result.already_imported = True
        result.findings.append(f"此回执已于 {local_time(prev.created_at)} 导入过，再次导入不会改变数据。")
    now = utcnow()
    out_log = session.scalar(select(ExchangeLog).where(
        ExchangeLog.direction == "out", ExchangeLog.kind == "data", ExchangeLog.peer_code == district.code,
        ExchangeLog.package_id == str(ack.get("package_id"))))
    if out_log is None:
        result.findings.append(f"回执所确认的第 {ack.get('sequence')} 号数据包不是本机发出的（可能来自重装前的程序），"
                               "仍逐条核对记录。")
    elif out_log.acknowledged_at is None:
        out_log.acknowledged_at = now
    try:
        rows = list(pkg.rows("receipt.json"))
    except PackageError as exc:
        raise refused(exc) from None
    prog(0.4, "正在核对记录…")
    local: dict[str, Record] = {}
    for chunk in chunks([r["uid"] for r in rows if isinstance(r.get("uid"), str)]):
        local.update((r.uid, r) for r in session.scalars(
            select(Record).where(Record.uid.in_(chunk), Record.origin.is_(None))))
    for r in rows:
        uid = r.get("uid")
        rec = local.get(uid) if isinstance(uid, str) else None
        view = {"uid": r.get("uid"), "record_id": rec.id if rec else None, "unit_name": r.get("unit_name"),
                "project": r.get("project"), "form": r.get("form"), "revision": r.get("revision")}
        if r.get("status") == "rejected":
            result.rejected.append({**view, "reason": r.get("reason")})
        elif rec is None:
            result.findings.append(f"回执中的记录 {str(r.get('uid'))[:8]} 在本机找不到。")
        elif rec.revision != r.get("revision"):
            result.changed_since.append({**view, "local_revision": rec.revision})
        elif rec.status == st.READY.key:
            try:
                set_status(session, rec.id, st.SUBMITTED.key)
                result.marked.append(view)
            except ServiceError as exc:
                result.findings.append(f"记录 {rec.id} 未能标记为已报送：{exc}")
        else:
            result.unchanged += 1
    if prev is None:
        session.add(ExchangeLog(direction="in", kind="receipt", peer_code=district.code, peer_name=district.name,
                                sequence=h.sequence, package_id=h.package_id, file_name=Path(path).name,
                                content_hash=pkg.content_hash, created_at=now,
                                summary={"acknowledges": ack.get("package_id"), "marked": len(result.marked)}))
        session.flush()
    if result.marked or prev is None:
        audit(session, "import_receipt", "exchange", None, None,
              {"file": Path(path).name, "sequence": h.sequence, "marked": len(result.marked)})
    prog.note(1.0, "完成")
    return result
