"""District: each town its own exchange key (issue 20).

With one passphrase for all towns any town could make a package in another town's name. Now
the district enrols each town and issues it a strong random key (a printed slip); a data
package is accepted only if it authenticates under the key of the town its header names, and
receipts and return packages for a town are made with that town's key. Re-issuing a town's
key (a lost slip) revokes the version before it.

The district keeps the towns' keys sealed (AES-256-GCM) under a key derived from its own
passphrase — the one its clerk types to import, as before — so the store and its backups hold
no usable key. The first enrolment sets that passphrase; a check value tells a wrong one at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.disk_errors import why
from desktop_app.documents import package_format as pf
from desktop_app.documents.key_slip import render_slip, slip_lines
from desktop_app.documents.package_crypto import (
    PackageError,
    WrongKey,
    check_new_passphrase,
    derive_key,
    new_kdf,
    new_town_passphrase,
    seal,
    unseal,
)
from desktop_app.documents.package_io import write_atomic
from desktop_app.services.audit import audit
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.exchange_common import (
    ExchangeRefused,
    local_time,
    office_party,
    refused,
    require_district,
)
from desktop_app.services.settings import get_setting, set_setting
from desktop_app.store.models import ExchangeKey, ExchangeLog, Unit, utcnow

KEYRING_SETTING = "exchange_keyring"
_CHECK = "UnionLedger exchange keyring v1"
_CODE_RE = re.compile(r"^[0-9A-Za-z_-]{2,32}$")
OLD_KEYS_TRIED = 3  # a refused package is tried under this many revoked versions to say which
NO_KEYRING = ("本区还没有登记任何街镇的交换密钥：请先在“数据交换 → 街镇管理”中登记各街镇（命令行 district enrol），"
              "把密钥单交给各街镇。")
WRONG_DISTRICT_PASSPHRASE = "本区数据交换口令错误，打不开各街镇的交换密钥。请输入登记街镇时设定的区总工会口令。"


@dataclass(frozen=True)
class IssuedKey:
    """A town key just issued: shown or written once, never again."""

    town_code: str
    town_name: str
    version: int
    passphrase: str
    issued_at: dt.datetime
    district_name: str

    @property
    def issued_local(self) -> str:
        return local_time(self.issued_at)

    def slip_kwargs(self) -> dict[str, Any]:
        return {"district": self.district_name, "town": self.town_name, "code": self.town_code,
                "version": self.version, "issued": self.issued_local, "passphrase": self.passphrase}

    def slip_text(self) -> str:
        return "\n".join(slip_lines(**self.slip_kwargs())) + "\n"

    @property
    def message(self) -> str:
        what = "重新发放" if self.version > 1 else "登记并发放"
        old = f"，第 {self.version - 1} 版已作废" if self.version > 1 else ""
        return f"已为 {self.town_name}（代码 {self.town_code}）{what}交换密钥（第 {self.version} 版{old}）。"

    def to_dict(self, *, with_passphrase: bool = False) -> dict[str, Any]:
        out = {"town": self.town_code, "name": self.town_name, "version": self.version,
               "issued": self.issued_local, "message": self.message}
        if with_passphrase:
            out["passphrase"] = self.passphrase
        return out


@dataclass
class TownKeyInfo:
    code: str
    name: str
    version: int
    issued: str
    revoked: int  # earlier versions, all revoked
    packages: int
    last_received: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Keyring:
    """The towns' keys, unsealed for this use case only (held by the caller, never stored)."""

    def __init__(self, key: bytes, rows: list[ExchangeKey]) -> None:
        self._key = key
        # plain tuples (code, name, version, sealed, revoked_at), newest version first: the
        # keyring outlives the session it was read in (a batch import, background threads)
        self._rows: dict[str, list[tuple[str, str, int, str, dt.datetime | None]]] = {}
        for r in sorted(rows, key=lambda r: -r.version):
            self._rows.setdefault(r.town_code, []).append((r.town_code, r.town_name, r.version, r.sealed,
                                                            r.revoked_at))

    def enrolled(self, code: str) -> bool:
        return code in self._rows

    def name(self, code: str) -> str:
        return self._rows[code][0][1]

    def secret(self, code: str) -> str | None:
        """The town's current key, None when the town is not enrolled."""
        rows = self._rows.get(code)
        if not rows or rows[0][4] is not None:
            return None
        return unseal(self._key, rows[0][3], _label(code, rows[0][2]))

    def revoked(self, code: str) -> list[tuple[int, dt.datetime | None, str]]:
        """(version, revoked at, key) of the town's revoked keys, newest first (those sealed
        before a reset of the district's passphrase cannot be opened any more: left out)."""
        out = []
        for r in self._rows.get(code, [])[1:OLD_KEYS_TRIED + 1]:
            try:
                out.append((r[2], r[4], unseal(self._key, r[3], _label(code, r[2]))))
            except WrongKey:
                continue
        return out


def _label(code: str, version: int) -> str:
    return f"town-key/{code}/{version}"


def _keyring_key(session: Session, passphrase: str, *, create: bool) -> bytes:
    meta = get_setting(session, KEYRING_SETTING)
    if meta is None:
        if not create:
            raise ValidationFailed(NO_KEYRING)
        try:
            check_new_passphrase(passphrase)
        except PackageError as exc:
            raise refused(exc) from None
        kdf = new_kdf(pf.KDF_LOG2N)
        key = derive_key(passphrase, kdf)
        set_setting(session, KEYRING_SETTING, {"kdf": kdf, "check": seal(key, _CHECK, "check")})
        return key
    try:
        key = derive_key(passphrase, meta["kdf"])
        if unseal(key, meta["check"], "check") != _CHECK:
            raise WrongKey()
    except WrongKey:
        raise ExchangeRefused(WRONG_DISTRICT_PASSPHRASE, "passphrase") from None
    except PackageError as exc:
        raise refused(exc) from None
    return key


def keyring_exists(session: Session) -> bool:
    """Whether the district has set its own passphrase (at its first enrolment)."""
    return get_setting(session, KEYRING_SETTING) is not None


def unlock(session: Session, passphrase: str) -> Keyring:
    """The district's keyring, opened with its own passphrase (refusals in Chinese)."""
    office, _ = office_party(session)
    require_district(office, "使用街镇交换密钥")
    key = _keyring_key(session, passphrase, create=False)
    return Keyring(key, list(session.scalars(select(ExchangeKey))))


def town_secret(session: Session, passphrase: str, code: str) -> str:
    """The key of one town, for a receipt or a return package made for it."""
    keyring = unlock(session, passphrase)
    secret = keyring.secret(code)
    if secret is None:
        raise ValidationFailed(f"本区没有为代码为 {code} 的街镇登记交换密钥：请先在“街镇管理”中登记该街镇。")
    return secret


def _check_town(code: str, name: str) -> tuple[str, str]:
    code, name = (code or "").strip(), (name or "").strip()
    problems = []
    if not _CODE_RE.match(code):
        problems.append("街镇代码应为 2–32 位字母、数字、短横线或下划线")
    if not name or len(name) > 100 or not name.isprintable():
        problems.append("街镇名称不能为空，最多 100 个字")
    if problems:
        raise ValidationFailed("；".join(problems) + "。")
    return code, name


def _issue(session: Session, key: bytes, code: str, name: str, version: int, town_passphrase: str | None
           ) -> IssuedKey:
    office, _ = office_party(session)
    secret = town_passphrase or new_town_passphrase()
    now = utcnow()
    row = ExchangeKey(town_code=code, town_name=name, version=version, sealed=seal(key, secret, _label(code, version)),
                      issued_at=now)
    session.add(row)
    session.flush()
    audit(session, "issue_key" if version > 1 else "enrol", "exchange_key", row.id, None,
          {"town": code, "name": name, "version": version})  # never the key itself
    return IssuedKey(code, name, version, secret, now, office.name)


def enrol_town(session: Session, passphrase: str, code: str, name: str, *,
               town_passphrase: str | None = None) -> IssuedKey:
    """Enrol a town and issue its first key. `passphrase` is the district's own (the first
    enrolment sets it). `town_passphrase` only for tests; the program always draws a random one."""
    from desktop_app.services.operators import require

    require(session, "keys")  # issue 15: exchange keys
    office, _ = office_party(session)
    require_district(office, "登记街镇")
    code, name = _check_town(code, name)
    if code == office.code or code == office.parent_code:
        raise ValidationFailed(f"代码 {code} 是本单位或上级单位的代码，不能登记为街镇。")
    first = session.scalar(select(ExchangeKey).where(ExchangeKey.town_code == code).order_by(ExchangeKey.version))
    if first is not None:
        raise ValidationFailed(f"街镇 {code}（{first.town_name}）已于 {local_time(first.issued_at)} 登记过交换密钥。"
                               "如密钥单遗失，请选择“重新发放密钥”（命令行 district reissue）。")
    key = _keyring_key(session, passphrase, create=True)
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        session.add(Unit(code=code, name=name, role="town", level="town", parent_id=office.unit_id))
    elif unit.role in ("self", "parent"):
        raise ValidationFailed(f"代码 {code} 已被 {unit.name} 使用，不能登记为街镇。")
    else:
        unit.name, unit.role, unit.level = name, "town", "town"
    return _issue(session, key, code, name, 1, town_passphrase)


def reissue_key(session: Session, passphrase: str, code: str, *, town_passphrase: str | None = None) -> IssuedKey:
    """A new key for an enrolled town (a lost or leaked slip): the old one stops working."""
    from desktop_app.services.operators import require

    require(session, "keys")  # issue 15: exchange keys
    office, _ = office_party(session)
    require_district(office, "重新发放交换密钥")
    code = (code or "").strip()
    current = session.scalar(select(ExchangeKey).where(ExchangeKey.town_code == code)
                             .order_by(ExchangeKey.version.desc()).limit(1))
    if current is None:
        raise NotFound(f"街镇 {code} 还没有登记交换密钥，请先登记（命令行 district enrol）。")
    key = _keyring_key(session, passphrase, create=False)
    now = utcnow()
    current.revoked_at = now
    audit(session, "revoke_key", "exchange_key", current.id, None, {"town": code, "version": current.version})
    return _issue(session, key, code, current.town_name, current.version + 1, town_passphrase)


def list_town_keys(session: Session) -> list[TownKeyInfo]:
    """Enrolled towns with their current key version and what they sent (no passphrase needed)."""
    latest: dict[str, ExchangeKey] = {}
    versions: dict[str, int] = {}
    for row in session.scalars(select(ExchangeKey).order_by(ExchangeKey.version)):
        latest[row.town_code] = row
        versions[row.town_code] = versions.get(row.town_code, 0) + 1
    received = {code: (n, at) for code, n, at in session.execute(
        select(ExchangeLog.peer_code, func.count(), func.max(ExchangeLog.created_at))
        .where(ExchangeLog.direction == "in", ExchangeLog.kind == "data").group_by(ExchangeLog.peer_code))}
    out = []
    for code in sorted(latest):
        row = latest[code]
        n, at = received.get(code, (0, None))
        out.append(TownKeyInfo(code, row.town_name, row.version, local_time(row.issued_at), versions[code] - 1,
                               int(n), local_time(at)))
    return out


def write_slip(issued: IssuedKey, path: str | Path) -> Path:
    """The slip as a PDF (…\u200b.pdf) or a UTF-8 text file, never over an existing file; on POSIX
    readable by its owner only."""
    path = Path(path)
    if path.exists():
        raise ValidationFailed(f"文件“{path}”已存在：密钥单只写一次，请换一个文件名。")
    blob = render_slip(**issued.slip_kwargs()) if path.suffix.lower() == ".pdf" else issued.slip_text().encode("utf-8")
    try:
        written = write_atomic(path.parent, path.name, blob)
    except PackageError as exc:
        raise refused(exc) from None
    if os.name == "posix":
        try:
            os.chmod(written, 0o600)
        except OSError:
            pass
    return written


def town_header(path: Path, receiver: pf.Party) -> pf.PackageHeader:
    """The clear header of a data package for this district (kind and receiver checked): what
    can be refused before any key is opened."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
        header, _ = pf.read_header(head, path.name)
    except pf.PackageError as exc:
        raise refused(exc) from None
    except OSError as exc:
        if not path.is_file():
            raise ExchangeRefused(f"找不到文件“{path}”。", "not_found") from exc
        raise ExchangeRefused(f"无法读取文件“{path}”（{why(exc)}），请检查 U 盘后重试。", "read") from exc
    if header.kind != "data":
        raise ExchangeRefused(f"这是{header.kind_label}（由 {header.sender.label()} 发出），不是数据包，请选择正确的文件。",
                              "wrong_kind")
    if header.receiver.code != receiver.code:
        raise ExchangeRefused(f"此数据包的接收方是 {header.receiver.name}（代码 {header.receiver.code}），"
                              f"不是本单位（{receiver.name}，代码 {receiver.code}）。", "foreign")
    return header


def open_town_package(path: Path, keyring: Keyring, receiver: pf.Party) -> pf.Package:
    """A town's data package, accepted only under the key of the town its header names."""
    from desktop_app.services.exchange_common import open_package

    path = Path(path)
    town = town_header(path, receiver).sender
    secret = keyring.secret(town.code)
    if secret is None:
        raise ExchangeRefused(f"数据包“{path.name}”来自 {town.label()}，但本区没有为该街镇登记交换密钥，无法核实发送方，"
                              "已拒收。请先在“街镇管理”中登记该街镇，把密钥单交给它，由它重新导出。", "not_enrolled")
    try:
        return open_package(path, secret, receiver=receiver, kind="data")
    except ExchangeRefused as exc:
        if not exc.wrong_key:
            raise
    for version, revoked_at, old in keyring.revoked(town.code):
        try:
            open_package(path, old, receiver=receiver, kind="data")
        except ExchangeRefused:
            continue
        when = f"，{local_time(revoked_at)[:10]} 重新发放时作废" if revoked_at else ""
        raise ExchangeRefused(f"数据包“{path.name}”是用 {keyring.name(town.code)}（代码 {town.code}）已作废的旧交换密钥"
                              f"（第 {version} 版{when}）生成的，已拒收，数据未作改动。请该镇改用新密钥单上的口令重新导出。",
                              "revoked")
    raise ExchangeRefused(f"数据包“{path.name}”自称由 {town.label()}发出，但不是用区里发给该街镇的交换密钥生成的"
                          "（可能是其他单位冒名制作，也可能文件已损坏），已拒收，数据未作改动。", "forged")


def change_district_passphrase(session: Session, passphrase: str, new_passphrase: str) -> int:
    """The district's own passphrase changed: every town key (all versions) sealed again under
    the new one. The towns' keys do not change. Returns how many keys were sealed again."""
    from desktop_app.services.operators import require

    require(session, "keys")  # issue 15: exchange keys
    office, _ = office_party(session)
    require_district(office, "更改本区数据交换口令")
    key = _keyring_key(session, passphrase, create=False)
    try:
        check_new_passphrase(new_passphrase)
    except PackageError as exc:
        raise refused(exc) from None
    kdf = new_kdf(pf.KDF_LOG2N)
    new_key = derive_key(new_passphrase, kdf)
    rows = list(session.scalars(select(ExchangeKey)))
    for row in rows:
        label = _label(row.town_code, row.version)
        try:
            row.sealed = seal(new_key, unseal(key, row.sealed, label), label)
        except WrongKey:
            continue  # sealed before a reset: unreadable, stays so
    set_setting(session, KEYRING_SETTING, {"kdf": kdf, "check": seal(new_key, _CHECK, "check")})
    audit(session, "change_passphrase", "exchange_key", None, None, {"keys": len(rows)})
    return len(rows)


def reset_keyring(session: Session, new_passphrase: str) -> list[IssuedKey]:
    """The district's own passphrase is lost: nothing sealed under it can be opened, so a new
    passphrase is set and every enrolled town gets a new key (the old ones stop working).
    Returns the new keys, to be printed as slips for every town."""
    from desktop_app.services.operators import require

    require(session, "keys")  # issue 15: exchange keys
    office, _ = office_party(session)
    require_district(office, "重设本区数据交换口令")
    try:
        check_new_passphrase(new_passphrase)
    except PackageError as exc:
        raise refused(exc) from None
    latest: dict[str, ExchangeKey] = {}
    for row in session.scalars(select(ExchangeKey).order_by(ExchangeKey.version)):
        latest[row.town_code] = row
    kdf = new_kdf(pf.KDF_LOG2N)
    key = derive_key(new_passphrase, kdf)
    set_setting(session, KEYRING_SETTING, {"kdf": kdf, "check": seal(key, _CHECK, "check")})
    audit(session, "reset_keyring", "exchange_key", None, None, {"towns": sorted(latest)})
    now = utcnow()
    issued = []
    for code in sorted(latest):
        row = latest[code]
        if row.revoked_at is None:
            row.revoked_at = now
        issued.append(_issue(session, key, code, row.town_name, row.version + 1, None))
    return issued


def write_slips(issued: list[IssuedKey], folder: str | Path) -> list[Path]:
    """One PDF slip per town into `folder`; all or none (a failure removes those written)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationFailed(f"文件夹“{folder}”不存在。")
    written: list[Path] = []
    try:
        for i in issued:
            written.append(write_slip(i, folder / f"{i.town_name}_{i.town_code}_交换密钥单_第{i.version}版.pdf"))
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        raise
    return written
