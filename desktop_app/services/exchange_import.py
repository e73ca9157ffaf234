"""District side: import a town's data package (DHIS2-style: dry run, then one transaction).

Verify (passphrase/integrity, receiver, version) → plan per kind (new / updated / unchanged /
rejected with reasons; an older revision never overwrites a newer one) → apply in bulk with
SQLAlchemy core (existing uids and revisions loaded into dicts by chunked IN queries) → log.
The same package twice changes nothing; sequence gaps and late packages are findings; the
same person on two towns' rosters of one project is a conflict (R-ID-5, double subsidy).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.documents.package_format import (
    Package,
    PackageError,
    PackageHeader,
    Party,
    prefetch_keys,
)
from desktop_app.services.audit import audit
from desktop_app.services.errors import Cancelled, ServiceError
from desktop_app.services.exchange_common import (
    find_log,
    local_time,
    office_party,
    refused,
    require_district,
    seq_label,
    sequence_gaps,
)
from desktop_app.services.exchange_keys import Keyring, open_town_package, town_header, unlock
from desktop_app.services.exchange_summary import PackageImportSummary
from desktop_app.services.exchange_plan import (
    PERSON_INSERT,
    PERSON_UPDATE,
    PeoplePlan,
    RecordPlan,
    conflict_message,
    find_conflicts,
    plan_people,
    plan_records,
)
from desktop_app.services.gc_pause import gc_paused
from desktop_app.services.progress import ProgressFn, ProgressReporter
from desktop_app.store import exchange_repo
from desktop_app.store.bulk import sql_date, sql_datetime, sql_json, sql_jsons, tune_for_bulk
from desktop_app.store.models import ExchangeLog, Unit, utcnow

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from desktop_app.services.app import App


DATA_MEMBERS = ("people.json", "records.json")


class OpenedAhead:
    """A package opened (decrypted, verified, its data files decoded) in a background thread,
    while the package before it is written and committed: the commit's disk writes and fsync
    and SQLite's own page work run without the GIL, so the two overlap."""

    def __init__(self, path: str | Path, keyring: Keyring, receiver: Party) -> None:
        self.path = Path(path)
        self.keyring = keyring
        self._receiver = receiver
        self._package: Package | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="unionledger-package-ahead", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            pkg = open_town_package(self.path, self.keyring, self._receiver)
            pkg.prepare(DATA_MEMBERS)
            self._package = pkg
        except BaseException as exc:  # noqa: BLE001 - handed to the importing thread as it is
            self._error = exc

    def take(self) -> Package:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._package is not None
        return self._package


@gc_paused
def import_package(
    session: Session,
    path: str | Path,
    passphrase: str,
    *,
    dry_run: bool = True,
    progress: ProgressFn | None = None,
    ahead: OpenedAhead | None = None,
    keyring: Keyring | None = None,
    specs: Mapping[str, FormSpec] | None = None,
) -> PackageImportSummary:
    """Import a town's data package at the district. With `dry_run` nothing is written.
    `passphrase`: the district's own, which opens the towns' keys (`keyring`: already opened);
    the package is accepted only under the key of the town it names (issue 20).
    `ahead`: the same file already being opened in the background (import_packages)."""
    if not dry_run:
        from desktop_app.services.operators import require

        require(session, "import")  # issue 15: imports
    prog = ProgressReporter(progress)
    office, me = office_party(session)
    require_district(office, "导入街镇数据包")
    prog(0.02, "正在校验数据包（发送方的交换密钥、完整性、接收方）…")
    if keyring is None:
        town_header(Path(path), me)  # a file for another office is named before any passphrase
        keyring = unlock(session, passphrase)
    if ahead is not None and ahead.path == Path(path) and ahead.keyring is keyring:
        pkg = ahead.take()
    else:
        pkg = open_town_package(Path(path), keyring, me)
    h = pkg.header
    if not dry_run:  # one seat at a time per town (issue 15): a second seat then finds it imported
        from desktop_app.store.db import lock_for_transaction

        lock_for_transaction(session, f"town-package:{h.sender.code}")
    summary = PackageImportSummary(Path(path).name, h.package_id, h.sender.code, h.sender.name, h.sequence, h.created,
                            pkg.content_hash, dry_run)
    _sequence_findings(session, h, summary)
    prog(0.25, "正在比对人员…")
    try:
        people = plan_people(session, h.sender.code, pkg.table("people.json"), summary.people)
        prog(0.4, "正在比对记录…")
        records = plan_records(session, h.sender.code, pkg.rows("records.json"), people, summary,
                               _day(h.created), specs)
    except PackageError as exc:
        raise refused(exc) from None
    prog(0.55, "正在查找跨镇重复人员（R-ID-5）…")
    summary.conflicts = find_conflicts(session, h.sender, records, people, office.name)
    if summary.records.stale:
        summary.finding("stale", f"有 {summary.records.stale} 条记录的版本比本机已有的旧（数据包晚到或重复），"
                                 "已保留较新的版本。")
    if not dry_run:
        prog(0.6, "正在写入（一次提交）…")
        _apply(session, office.unit_id, h, people, records)
        prog(0.9, "正在记录收包登记…")
        _log(session, pkg, summary)
        for item in summary.received:
            item["record_id"] = records.ids.get(item["uid"], item.get("record_id"))
        for c in summary.conflicts:
            for r in c["records"]:
                r["record_id"] = r["record_id"] or records.ids.get(r["uid"])
            c["message"] = conflict_message(c)
        session.expire_all()
    prog.note(1.0, "完成")
    return summary


@gc_paused
def import_packages(
    app: App,
    paths: Sequence[str | Path],
    passphrase: str,
    *,
    progress: ProgressFn | None = None,
) -> tuple[list[PackageImportSummary], list[tuple[str, str]]]:
    """Import several packages, one transaction each, in the order given: (summaries, refused
    files with the reason). A refused file does not stop the others; cancelling stops before
    the current file (rolled back; those before it stay imported, and the refusal says so).

    Keys are derived in the background from the start (prefetch_keys); each next package is
    opened while the one before it commits."""
    files = [Path(p) for p in paths]
    if not files:
        return [], []
    with app.session() as s:
        office, me = office_party(s)
        require_district(office, "导入街镇数据包")
        keyring = unlock(s, passphrase)  # a wrong district passphrase refuses the whole batch
    prefetch_town_keys(files, keyring)
    done: list[PackageImportSummary] = []
    bad: list[tuple[str, str]] = []
    ahead: OpenedAhead | None = OpenedAhead(files[0], keyring, me)
    for n, path in enumerate(files):
        following = files[n + 1] if n + 1 < len(files) else None

        def sub(fraction: float | None, message: str, n: int = n, name: str = path.name) -> bool | None:
            if progress is None:
                return None
            return progress(None if fraction is None else (n + fraction) / len(files), f"{name}：{message}")

        current, ahead = ahead, None
        try:
            with app.transaction() as s:
                summary = import_package(s, path, passphrase, dry_run=False, progress=sub, ahead=current,
                                         keyring=keyring, specs=app.specs)
                if following is not None:
                    ahead = OpenedAhead(following, keyring, me)  # opened while this one commits
            done.append(summary)
        except Cancelled:
            left = len(files) - n
            bad.append((path.name, f"已取消：此数据包{f'及其后的 {left - 1} 个数据包' if left > 1 else ''}未导入"
                                   f"{'，之前的数据包已导入' if n else ''}。"))
            break
        except ServiceError as exc:
            bad.append((path.name, str(exc)))
        if ahead is None and following is not None:
            ahead = OpenedAhead(following, keyring, me)
    return done, bad


def prefetch_town_keys(paths: Sequence[str | Path], keyring: Keyring) -> None:
    """Derive each package's key in the background, under the key of the town it names."""

    def secret(code: str) -> str | None:
        try:
            return keyring.secret(code)
        except PackageError:
            return None

    prefetch_keys(paths, secret)


def _day(created: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(created).date()
    except ValueError:
        return None


def _sequence_findings(session: Session, h: PackageHeader, summary: PackageImportSummary) -> None:
    town = h.sender
    seen = {seq: (pid, at) for seq, pid, at in session.execute(
        select(ExchangeLog.sequence, ExchangeLog.package_id, ExchangeLog.created_at).where(
            ExchangeLog.direction == "in", ExchangeLog.kind == "data", ExchangeLog.peer_code == town.code))}
    if h.sequence in seen:
        pid, at = seen[h.sequence]
        if pid == h.package_id:
            summary.already_imported = True
            summary.finding("duplicate", f"此数据包（{town.name} 第 {h.sequence} 号）已于 {local_time(at)} "
                                         "导入过，再次导入不会改变任何数据。")
        else:
            summary.finding("sequence_reused", f"以前已收到过另一个 {town.name} 第 {h.sequence} 号数据包（内容不同），"
                                               "请向对方核实是否重装过程序；较旧的版本不会覆盖较新的数据。")
        return
    top = max(seen, default=0)
    if h.sequence < top:
        summary.finding("out_of_order", f"此数据包（第 {h.sequence} 号）早于已收到的第 {top} 号，是晚到的；"
                                        "其中较旧的版本不会覆盖较新的数据。")
    holes, missing = sequence_gaps(seen, h.sequence)
    if missing:
        summary.finding("sequence_gap", f"缺少 {town.name} 的{seq_label(holes, total=missing)}数据包（可能漏收或丢失）。"
                                        "每个数据包都包含对方尚未收到回执的全部修改，通常本包已含其内容；请留意核对。")


REC_COLUMNS = ("project_id", "form_code", "unit_name", "unit_id", "status", "status_reason", "data", "computed",
               "findings", "headcount", "subsidy_fen", "record_date", "revision", "updated_at")


def _apply(session: Session, office_unit_id: int, h: PackageHeader, people: PeoplePlan, records: RecordPlan) -> None:
    """Bulk writes (store.bulk): tens of thousands of rows per package."""
    now = sql_datetime(utcnow())
    tune_for_bulk(session)
    town_unit = _ensure_town_unit(session, h, office_unit_id)
    if people.inserts:
        # by identity number, the unique index is filled in order (a key: ~3x faster than comparing tuples)
        people.inserts.sort(key=itemgetter(0))
        people.ids.update(exchange_repo.insert_people(session, PERSON_INSERT, people.inserts, now))
    if people.updates:
        exchange_repo.update_people(session, (*PERSON_UPDATE, "updated_at"),
                                    [(*r[:-1], now, r[-1]) for r in people.updates])
    unit_ids = _ensure_units(session, {r["unit_name"] for r in records.inserts + records.updates if r["unit_name"]},
                             town_unit)
    if records.inserts:
        records.ids.update(exchange_repo.insert_records(
            session, (*REC_COLUMNS, "uid", "origin", "created_at"),
            [(*_record_values(r, unit_ids, now), r["uid"], h.sender.code, now) for r in records.inserts]))
    if records.updates:
        exchange_repo.update_records(session, REC_COLUMNS,
                                     [(*_record_values(r, unit_ids, now), r["id"]) for r in records.updates])
        exchange_repo.delete_roster_entries(session, [r["id"] for r in records.updates])
    entries: list[tuple[int, int, int, str]] = []
    person_id = people.ids.__getitem__
    for r in records.inserts + records.updates:
        rid, roster = records.ids[r["uid"]], r["roster"]
        pids = [person_id(e[1]) for e in roster]
        if len(set(pids)) == len(pids):  # as good as always: no one twice on a roster
            entries += zip(repeat(rid), pids, [e[0] for e in roster], sql_jsons([e[2] for e in roster]))
            continue
        seen: set[int] = set()  # the first entry of a person counts
        for pid, (seq, _number, data) in zip(pids, roster):
            if pid not in seen:
                seen.add(pid)
                entries.append((rid, pid, seq, sql_json(data)))
    exchange_repo.insert_roster_entries(session, entries)


def _record_values(r: dict[str, Any], unit_ids: dict[str, int], now: str) -> tuple[Any, ...]:
    return (r["project_id"], r["form"], r["unit_name"], unit_ids.get(r["unit_name"]) if r["unit_name"] else None,
            st.VOIDED.key if r.get("void") else st.SUBMITTED.key, r.get("void_reason"), sql_json(r["values"]), sql_json(r["computed"]), sql_json(r["findings"]),
            r["headcount"], r["subsidy_fen"], sql_date(r["record_date"]), r["revision"], now)


def _ensure_town_unit(session: Session, h: PackageHeader, office_unit_id: int) -> int:
    unit = session.scalar(select(Unit).where(Unit.code == h.sender.code))
    if unit is None:
        unit = Unit(code=h.sender.code, name=h.sender.name, role="town", level="town", parent_id=office_unit_id)
        session.add(unit)
        session.flush()
        audit(session, "create", "unit", unit.id, None, {"code": unit.code, "name": unit.name, "role": "town"})
    elif unit.role not in ("self", "parent") and (unit.name != h.sender.name or unit.role != "town"):
        unit.name, unit.role, unit.level = h.sender.name, "town", "town"
    return unit.id


def _ensure_units(session: Session, names: set[str], town_unit: int) -> dict[str, int]:
    """Enterprise units by name (created under the town when new)."""
    found = exchange_repo.unit_ids_by_name(session, names)
    found.update(exchange_repo.add_enterprise_units(session, sorted(names - set(found)), town_unit))
    return found


def _log(session: Session, pkg: Package, summary: PackageImportSummary) -> None:
    h = pkg.header
    counts = {"people": summary.people.to_dict() | {"rejects": len(summary.people.rejects)},
              "records": summary.records.to_dict() | {"rejects": len(summary.records.rejects)}}
    log = find_log(session, "in", "data", h.sender.code, h.sequence)
    changed = summary.new or summary.updated
    if log is None:
        log = ExchangeLog(direction="in", kind="data", peer_code=h.sender.code, peer_name=h.sender.name,
                          sequence=h.sequence, package_id=h.package_id, file_name=pkg.name,
                          content_hash=pkg.content_hash,
                          summary={"created": h.created, **counts, "conflicts": len(summary.conflicts),
                                   "findings": [f["message"] for f in summary.findings]})
        session.add(log)
        session.flush()
    elif not changed:
        return  # the same package again (or another with this number): nothing to record twice
    audit(session, "import", "exchange", log.id, None,
          {"file": pkg.name, "town": h.sender.code, "sequence": h.sequence, "new": summary.new,
           "updated": summary.updated, "unchanged": summary.unchanged, "rejected": summary.rejected})
