"""Data exchange with the district by file (DESIGN §2 "Files are the network"): the town side.

Town: :func:`export_package` (records 待盖章 = changed and not yet acknowledged, with their
people) → district: :func:`import_package` (dry run first, then one transaction) →
:func:`make_receipt` / :func:`receipt_pdf` → town: :func:`import_receipt` (marks 已报送, moves
the "since" point) … district decisions → :func:`export_return` → town: :func:`import_return`.

The "since" point needs no extra column: a record waiting to be sent is exactly a record in
status 待盖章 (ready) — the receipt moves it to 已报送, and an edit after that is only possible
once the district has returned it, which makes it a draft/ready again with a higher revision.
People go with the records they are on, plus those edited since the creation time of the
newest package the district acknowledged (ExchangeLog.acknowledged_at).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.documents import fastjson
from desktop_app.documents.package_crypto import check_new_passphrase
from desktop_app.documents.package_format import PackageError, key_ahead, prefetch_keys, table
from desktop_app.services.audit import audit
from desktop_app.services.errors import Cancelled
from desktop_app.services.exchange_common import (
    ExchangeRefused,
    NothingToExport,
    describe_package,
    encode,
    iso,
    next_sequence,
    office_party,
    refused,
    require_town,
    resolve_passphrase,
    write_verified,
)
from desktop_app.services.exchange_import import (
    import_package,
    import_packages,
    prefetch_town_keys,
)
from desktop_app.services.exchange_keys import unlock as unlock_keyring
from desktop_app.services.exchange_receipt import (
    ReceiptResult,
    import_receipt,
    make_receipt,
    receipt_pdf,
)
from desktop_app.services.exchange_return import ReturnResult, export_return, import_return
from desktop_app.services.exchange_summary import PackageImportSummary
from desktop_app.services.gc_pause import gc_paused
from desktop_app.services.progress import ProgressFn, ProgressReporter
from desktop_app.store.models import ExchangeLog, Person, Project, Record, RosterEntry, utcnow

SENT_STATUSES = (st.READY.key,)  # 待盖章: changed since the district last acknowledged it
ALL_STATUSES = st.COUNTED_KEYS  # everything the district may hold (voids go as well: see _own_records)
# PIPL: only what the rosters carry (2-3-6 person_fields); no birth date (it is in the number).
PERSON_COLUMNS = ["id_number", "revision", "name", "gender", "work_unit", "phone"]
RECORD_COLUMNS = ["uid", "revision", "project", "form", "unit_name", "status", "values", "computed",
                  "findings", "headcount", "subsidy_fen", "record_date", "updated_at", "roster"]
# Since issue 12 a package also carries the reason of a void (already 已作废 travels as the
# record's status); an earlier program's packages lack the column, and read the same.
SENT_RECORD_COLUMNS = [*RECORD_COLUMNS, "status_reason"]
VOIDED = st.VOIDED.key
ROSTER_COLUMNS = ["seq", "id_number", "data"]  # the district links people by identity number

__all__ = [
    "Cancelled",
    "ExchangeRefused",
    "ExportResult",
    "PackageImportSummary",
    "NothingToExport",
    "ReceiptResult",
    "ReturnResult",
    "describe_package",
    "export_package",
    "export_return",
    "import_package",
    "import_packages",
    "import_receipt",
    "import_return",
    "make_receipt",
    "prefetch_keys",
    "prefetch_town_keys",
    "receipt_pdf",
    "resolve_passphrase",
    "since_point",
    "unlock_keyring",
]


@dataclass
class ExportResult:
    path: Path
    file_name: str
    sequence: int
    package_id: str
    content_hash: str
    size: int
    records: int
    people: int
    full: bool
    since: dt.datetime | None
    receiver: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def message(self) -> str:
        what = "全部记录" if self.full else "新增或修改的记录"
        return (f"已生成第 {self.sequence} 号数据包“{self.file_name}”（{what} {self.records} 条，人员 {self.people} 人），"
                f"已读回校验无误。请交给{self.receiver}，并保留至收到回执。")

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "file": self.file_name, "sequence": self.sequence,
                "package_id": self.package_id, "content_sha256": self.content_hash, "size": self.size,
                "records": self.records, "people": self.people, "all": self.full, "since": iso(self.since),
                "message": self.message}


def since_point(session: Session, district_code: str) -> dt.datetime | None:
    """Creation time of the newest data package the district acknowledged (None: never)."""
    return session.scalar(select(func.max(ExchangeLog.created_at)).where(
        ExchangeLog.direction == "out", ExchangeLog.kind == "data", ExchangeLog.peer_code == district_code,
        ExchangeLog.acknowledged_at.is_not(None)))


@gc_paused  # 20,000 people rows collected and packed: no full collections in between
def export_package(
    session: Session,
    out_dir: str | Path,
    passphrase: str,
    *,
    all: bool = False,  # the clerk's "全部重新报送"
    progress: ProgressFn | None = None,
    log2n: int | None = None,
) -> ExportResult:
    """Town → district: one encrypted, verified package file in `out_dir` (a USB stick)."""
    from desktop_app.services.operators import require

    require(session, "export")  # issue 15: exports
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    district = require_town(office)
    try:
        check_new_passphrase(passphrase)
    except PackageError as exc:
        raise refused(exc) from None
    kdf = key_ahead(passphrase, log2n)  # scrypt runs while the data is collected and packed
    started = utcnow()
    since = None if all else since_point(session, district.code)
    prog(0.05, "正在收集记录…")
    statuses = ALL_STATUSES if all else SENT_STATUSES
    records = _record_rows(session, statuses, voided_since=None if all else since, voids=True)
    prog(0.3, "正在收集人员…")
    people = _people_rows(session, statuses, since)
    if not records and not people:
        raise NothingToExport("自上次回执确认以来，没有新增或修改的记录需要报送（如需重新报送全部记录，请选“全部”）。")
    prog(0.45, "正在打包加密…")
    sequence = next_sequence(session, "out", "data", district.code)
    counts = {"people": len(people), "records": len(records)}
    encoded = encode(
        kind="data", sender=me, receiver=district, sequence=sequence, passphrase=passphrase, kdf=kdf,
        files={"people.json": table(PERSON_COLUMNS, people), "records.json": table(SENT_RECORD_COLUMNS, records)},
        counts=counts, extra={"since": iso(since), "full": all},
    )
    log = ExchangeLog(direction="out", kind="data", peer_code=district.code, peer_name=district.name,
                      sequence=sequence, package_id=encoded.header.package_id, created_at=started,
                      content_hash=encoded.content_hash,
                      summary={**counts, "all": all, "since": iso(since), "created": encoded.header.created})
    _finish_interrupted(session, Path(out_dir))
    nested = session.begin_nested()  # a failed write leaves no log row and no used-up sequence number
    session.add(log)
    session.flush()  # a clash on the sequence surfaces before anything is written

    def commit(file_name: str) -> None:
        # The number and the file are one act: the log row is committed while the verified
        # package is still "~….part", and only then is it renamed. A kill before the commit
        # leaves a .part (removed at the next write there), never a complete package the
        # store knows nothing about; a kill after it, a .part that the next export adopts.
        log.file_name = file_name
        audit(session, "export", "exchange", log.id, None,
              {"file": file_name, "sequence": sequence, **counts, "all": all})
        nested.commit()
        session.commit()
        committed.append(True)

    committed: list[bool] = []
    try:
        written = write_verified(out_dir, encoded, prog, commit=commit)
    except BaseException:
        if nested.is_active:
            nested.rollback()
        if committed:  # the rename itself failed (no file): take the number back
            _undo_export(session, log.id)
        raise
    prog.note(1.0, "完成")
    return ExportResult(written.path, written.file_name, sequence, encoded.header.package_id, encoded.content_hash,
                        written.size, len(records), len(people), all, since, district.label(), counts)


def _undo_export(session: Session, log_id: int) -> None:
    from sqlalchemy import delete

    from desktop_app.store.models import AuditLog

    session.execute(delete(AuditLog).where(AuditLog.action == "export", AuditLog.entity == "exchange",
                                           AuditLog.entity_id == log_id))
    session.execute(delete(ExchangeLog).where(ExchangeLog.id == log_id))
    session.commit()


def _finish_interrupted(session: Session, folder: Path) -> None:
    """A package whose number was committed but whose rename was cut off (killed) is still
    "~xxxxxxxx.<name>.part" in the folder: give it its name now (the store knows it)."""
    from desktop_app.documents.package_format import read_header
    from desktop_app.documents.package_io import leftover_parts

    for part, name in leftover_parts(folder):
        if not name.endswith(".ulpkg") or (folder / name).exists():
            continue
        log = session.scalar(select(ExchangeLog).where(ExchangeLog.direction == "out", ExchangeLog.file_name == name))
        if log is None:
            continue
        try:
            header, _ = read_header(part.read_bytes(), name)
            if header.package_id == log.package_id:
                os.replace(part, folder / name)
        except (OSError, PackageError):
            continue


def _own_records(statuses: tuple[str, ...], voids: bool = False,
                 voided_since: dt.datetime | None = None) -> Select[int]:
    """This office's records in ``statuses``; with ``voids`` also those voided since the
    district last acknowledged a package (all voided ones before the first acknowledgement)."""
    cond: ColumnElement[bool] = Record.status.in_(statuses)
    if voids:
        void: ColumnElement[bool] = Record.status == VOIDED
        if voided_since is not None:
            void = void & (Record.updated_at >= voided_since)
        cond = or_(cond, void)
    return select(Record.id).where(Record.origin.is_(None), cond)


def _record_rows(session: Session, statuses: tuple[str, ...], *, voids: bool = False,
                 voided_since: dt.datetime | None = None) -> list[list[Any]]:
    ids = _own_records(statuses, voids, voided_since)
    roster: dict[int, list[list[Any]]] = {}
    # 20,000 entries: their data read as the stored JSON text straight from the driver and
    # decoded by orjson (documents.fastjson), not by the JSON column type's json.loads per
    # row through the ORM's result processing (~3× the time)
    stmt = (select(RosterEntry.record_id, RosterEntry.seq, Person.id_number, cast(RosterEntry.data, Text))
            .join(Person, Person.id == RosterEntry.person_id)
            .where(RosterEntry.record_id.in_(ids)).order_by(RosterEntry.record_id, RosterEntry.seq))
    loads = fastjson.loads
    for rid, seq, id_number, text in session.execute(stmt):
        roster.setdefault(rid, []).append([seq, id_number, (loads(text) if text is not None else None) or {}])
    records = (select(Record.id, Record.uid, Record.revision, Project.code, Record.form_code, Record.unit_name,
                      Record.status, Record.data, Record.computed, Record.findings, Record.headcount,
                      Record.subsidy_fen, Record.record_date, Record.updated_at, Record.status_reason)
               .join(Project, Project.id == Record.project_id).where(Record.id.in_(ids)).order_by(Record.id))
    rows = []
    for rid, uid, rev, project, form, unit, status, data, computed, findings, hc, fen, day, upd, reason in \
            session.execute(records):
        values = {k: v for k, v in (data or {}).items() if k != "__roster__"}
        rows.append([uid, rev, project, form, unit, status, values, computed or {}, findings or [], hc, fen,
                     iso(day), iso(upd), roster.get(rid, []), reason if status == VOIDED else None])
    return rows


def _people_rows(session: Session, statuses: tuple[str, ...], since: dt.datetime | None) -> list[list[Any]]:
    def on(sts: tuple[str, ...]) -> Select[int]:
        return (select(RosterEntry.person_id).join(Record, Record.id == RosterEntry.record_id)
                .where(Record.origin.is_(None), Record.status.in_(sts)))

    cond: ColumnElement[bool] = Person.id.in_(on(statuses))
    if since is not None:  # edited in the registry since the last acknowledged package
        cond = or_(cond, Person.id.in_(on(ALL_STATUSES)) & (Person.updated_at >= since))
    stmt = select(Person.id_number, Person.revision, Person.name, Person.gender, Person.work_unit,
                  Person.phone).where(cond).order_by(Person.id)
    return [list(r) for r in session.execute(stmt)]
