"""Shared pieces of the exchange services: errors, progress, passphrase, the exchange log."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.disk_errors import why
from desktop_app.documents import package_format as pf
from desktop_app.documents.package_io import package_file_name, write_atomic
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.office import OfficeInfo, get_office
from desktop_app.services.progress import ProgressReporter
from desktop_app.store.models import ExchangeLog

ENV_PASSPHRASE = "UNIONLEDGER_PASSPHRASE"
T = TypeVar("T")


class ExchangeRefused(ServiceError):
    """A package refused or not written; ``code`` as PackageError.code."""

    def __init__(self, message: str, code: str = "refused", *, wrong_key: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.wrong_key = wrong_key  # the payload did not authenticate under the key tried


class NothingToExport(ServiceError):
    pass


def refused(exc: pf.PackageError) -> ExchangeRefused:
    return ExchangeRefused(str(exc), exc.code, wrong_key=isinstance(exc, pf.WrongKey))


def resolve_passphrase(value: str | None = None, file: str | Path | None = None,
                       env: dict[str, str] | None = None) -> str:
    """The exchange passphrase from an argument, a file (first line) or UNIONLEDGER_PASSPHRASE.

    It is never stored: the district gives it to its towns, the clerk types it each time.
    """
    if value:
        return value
    if file:
        from desktop_app.services.input_files import read_passphrase_file

        return read_passphrase_file(file)  # regular, small, UTF-8 / GBK / UTF-16 (issue 20)
    env_value = (env if env is not None else os.environ).get(ENV_PASSPHRASE)
    if env_value:
        return env_value
    raise ValidationFailed(f"缺少数据交换口令：请用 --passphrase-file 指定口令文件，或设置环境变量 {ENV_PASSPHRASE}。")


def office_party(session: Session) -> tuple[OfficeInfo, pf.Party]:
    office = get_office(session)
    assert office is not None
    return office, pf.Party(office.code, office.name)


def require_town(office: OfficeInfo) -> pf.Party:
    if office.is_district or not office.parent_code:
        raise ValidationFailed("本单位设置为区总工会，不报送数据包；请在“区级汇总”中导入各街镇的数据包。")
    return pf.Party(office.parent_code, office.parent_name or office.parent_code)


def require_district(office: OfficeInfo, what: str) -> None:
    if not office.is_district:
        raise ValidationFailed(f"{what}只能在区总工会模式下进行（本单位是 {office.name}）。")


def open_package(path: Path, passphrase: str, *, receiver: pf.Party, kind: str,
                 sender_code: str | None = None) -> pf.Package:
    """Read and verify a package addressed to this office; refusals become ExchangeRefused."""
    path = Path(path)
    if not path.is_file():
        raise ExchangeRefused(f"找不到文件“{path}”。", "not_found")
    try:
        pkg = pf.read_package(path, passphrase=passphrase, receiver=receiver, kind=kind)
    except pf.PackageError as exc:
        raise refused(exc) from None
    except OSError as exc:
        raise ExchangeRefused(f"无法读取文件“{path}”（{why(exc)}），请检查 U 盘后重试。", "read") from exc
    if sender_code is not None and pkg.header.sender.code != sender_code:
        raise ExchangeRefused(f"此{pkg.header.kind_label}来自 {pkg.header.sender.label()}，不是本单位的上级（代码 {sender_code}）。",
                              "foreign")
    if pkg.header.sender.code == receiver.code:
        raise ExchangeRefused("此数据包是本单位自己发出的，不能导入。", "foreign")
    return pkg


def describe_package(path: str | Path) -> dict[str, Any]:
    """What a file on the stick claims to be, without the passphrase (for a file list): kind,
    sender, receiver, sequence, creation time. Unauthenticated until imported."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
        header, _ = pf.read_header(head, path.name)
    except pf.PackageError as exc:  # the header fits in the first 64 KiB (MAX_HEADER_BYTES)
        raise refused(exc) from None
    except OSError as exc:
        raise ExchangeRefused(f"无法读取文件“{path}”（{why(exc)}）。", "read") from exc
    return {"file": path.name, "kind": header.kind, "kind_label": header.kind_label,
            "sender": header.sender.code, "sender_name": header.sender.name,
            "receiver": header.receiver.code, "receiver_name": header.receiver.name,
            "sequence": header.sequence, "created": header.created, "size": path.stat().st_size}


@dataclass
class Written:
    path: Path
    file_name: str
    header: pf.PackageHeader
    content_hash: str
    size: int


def write_verified(out_dir: str | Path, encoded: pf.Encoded, progress: ProgressReporter,
                   commit: Callable[[str], None] | None = None) -> Written:
    """Write atomically; the complete temporary file is read back and verified (decrypt +
    hashes) before it gets its name. `commit(file_name)`, when given, runs after the check and
    before the rename: the package's number is committed before its file can be taken, and a
    kill before the commit leaves only a ``~….part`` (removed at the next write there)."""
    h = encoded.header
    name = package_file_name(h.kind, h.sender, h.receiver, h.sequence, dt.date.fromisoformat(h.created[:10]))
    progress(0.8, "正在写入文件…")

    def check_then_commit(tmp: Path) -> None:
        progress.note(0.9, "正在读回校验…")
        try:
            back = pf.decode_package(tmp.read_bytes(), key=encoded.key, name=name, kind=h.kind)
            ok = back.content_hash == encoded.content_hash and back.header.package_id == h.package_id
        except (OSError, pf.PackageError):
            ok = False
        if not ok:
            raise ExchangeRefused(f"文件写入“{Path(out_dir)}”后读回校验失败（U 盘可能有故障），已删除该文件，请换一个位置重试。",
                                  "verify")
        if commit is not None:
            commit(name)

    try:
        path = write_atomic(Path(out_dir), name, encoded.blob, before_rename=check_then_commit)
    except pf.PackageError as exc:
        raise refused(exc) from None
    return Written(path, name, h, encoded.content_hash, len(encoded.blob))


def encode(**kwargs: Any) -> pf.Encoded:
    try:
        return pf.encode_package(**kwargs)
    except pf.PackageError as exc:
        raise refused(exc) from None


def next_sequence(session: Session, direction: str, kind: str, peer: str) -> int:
    stmt = select(func.max(ExchangeLog.sequence)).where(
        ExchangeLog.direction == direction, ExchangeLog.kind == kind, ExchangeLog.peer_code == peer)
    return int(session.scalar(stmt) or 0) + 1


def find_log(session: Session, direction: str, kind: str, peer: str, sequence: int) -> ExchangeLog | None:
    return session.scalar(select(ExchangeLog).where(
        ExchangeLog.direction == direction, ExchangeLog.kind == kind, ExchangeLog.peer_code == peer,
        ExchangeLog.sequence == sequence))


def chunks(items: Sequence[T] | Iterable[T], size: int = 500) -> Iterator[list[T]]:
    """IN-lists small enough for any SQLite build's variable limit."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def sequence_gaps(seen: Iterable[int], below: int, limit: int = 10) -> tuple[list[int], int]:
    """Numbers 1 … below-1 not in `seen`: the first `limit` of them and how many there are,
    from the sorted numbers seen — never a list or range as long as the numbers (a package
    numbered 999,999,999 costs what one numbered 3 does; issue 20)."""
    first: list[int] = []
    total, expected = 0, 1
    for n in sorted({x for x in seen if type(x) is int and 0 < x < below}) + [below]:
        if n > expected:
            total += n - expected
            first.extend(range(expected, min(n, expected + limit - len(first))))
        expected = n + 1
    return first, total


def missing_sequences(seen: Iterable[int], limit: int = 50) -> list[int]:
    """The first `limit` numbers missing below the highest one seen."""
    numbers = list(seen)
    return sequence_gaps(numbers, max(numbers, default=0), limit)[0]


def seq_label(numbers: list[int], limit: int = 10, total: int | None = None) -> str:
    total = len(numbers) if total is None else total
    shown = "、".join(f"第 {n} 号" for n in numbers[:limit])
    return shown + (f" 等 {total:,} 个" if total > min(limit, len(numbers)) else "")


def iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()


@dataclass
class SentFile:
    """A receipt or return package written and verified."""

    path: Path
    file_name: str
    kind: str
    sequence: int
    package_id: str
    size: int
    count: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "file": self.file_name, "kind": self.kind, "sequence": self.sequence,
                "package_id": self.package_id, "size": self.size, "count": self.count, "message": self.message}


def local_time(value: dt.datetime | None) -> str:
    """A stored UTC time as the clerk's local time."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
