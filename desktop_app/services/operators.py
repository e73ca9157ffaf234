"""Operators (issue 15): accounts, roles, login with lockout, and the checks the write services make.

Who is working travels with the session: :class:`desktop_app.store.db.Store` carries the logged-in
operator (``store.operator``) and puts it in every session's ``info`` — so a service that takes
only a ``Session`` can ask :func:`require` without anyone passing the operator along, and the
audit log names that operator (``services.audit``).

When is a login needed? A store with at least one active account (a server store once its first
administrator is made with ``setup --admin``; a single-seat SQLite store only if someone created
accounts) refuses writes from a session with no operator. A store without accounts works as
before, the audit naming the computer's login user.

Roles: 管理员 admin (accounts, settings, catalogue — and everything else), 经办 clerk (records,
imports, exports), 审核 reviewer (the district's decisions on records), 只读 viewer (nothing).

Passwords: scrypt (memory-hard), a random 16-byte salt, the parameters stored with the hash
(``scrypt$N$r$p$salt$hash``, base64) so they can be raised later without breaking old accounts.
Five wrong passwords in a row lock the account for 15 minutes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.services.errors import ServiceError
from desktop_app.services.permissions import ACTS, ROLES, allows, needs, role_needed
from desktop_app.store.db import Store
from desktop_app.store.models import Operator, utcnow

ROLE_KEYS = {label: key for key, label in ROLES.items()}
# What each kind of act needs; an administrator may do everything.
WHAT = {"clerk": "登记、修改、导入和导出记录", "reviewer": "作出区总工会的审核决定",
        "admin": "管理账户、设置和项目目录"}

# OWASP's scrypt equivalents: N=2^15, r=8, p=3 (32 MiB, ~0.2 s here).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 3
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8


class LoginRequired(ServiceError):
    pass


class NotAllowed(ServiceError):
    pass


class LoginFailed(ServiceError):
    pass


@dataclass(frozen=True)
class CurrentOperator:
    """The logged-in operator as the services see it (not an ORM object: sessions come and go)."""

    id: int
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def may(self, what: str) -> bool:
        """An act of services.permissions (or a role name)."""
        return allows(self.role, what)


# ---- passwords ----------------------------------------------------------------------------

def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * n * p + 64 * 1024 * 1024, dklen=32)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(got, base64.b64decode(key))
    except (ValueError, TypeError):
        return False


def check_password_text(password: str) -> str:
    if password is None or not password.strip():
        raise ServiceError("密码不能为空。")
    password = password.rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"密码至少 {MIN_PASSWORD} 个字符。")
    if len(password) > 200:
        raise ServiceError("密码不能超过 200 个字符。")
    return password


def read_password_file(path: str) -> str:
    """The first line of a password file (a regular file, small, UTF-8)."""
    from desktop_app.services.input_files import decode_text, read_small_file

    what = "密码文件"
    text = decode_text(read_small_file(path, what=what, max_bytes=4096), what=what, name=str(path))
    lines = text.splitlines()
    return lines[0] if lines else ""


# ---- who is working -----------------------------------------------------------------------

def current(session: Session) -> CurrentOperator | None:
    op = session.info.get("operator")
    return op if isinstance(op, CurrentOperator) else None


def accounts_exist(session: Session) -> bool:
    return session.scalar(select(Operator.id).where(Operator.disabled.is_(False)).limit(1)) is not None


def require(session: Session, what: str) -> CurrentOperator | None:
    """Refuse the act unless the session's operator may do ``what`` — an act of
    ``services.permissions.ACTS`` (the map the GUI reads too) or a role name — administrators
    may do everything. No operator: allowed only on a store without accounts (a single seat)."""
    op = current(session)
    if op is None:
        if accounts_exist(session):
            raise LoginRequired("此数据库已启用账户，请先登录（命令行：--user 名称 --password-file 文件，"
                                "或环境变量 UNIONLEDGER_USER / UNIONLEDGER_PASSWORD）。")
        return None
    if not op.may(what):
        role = role_needed(what)
        doing = ACTS[what].what if what in ACTS else WHAT.get(role, "执行此操作")
        raise NotAllowed(f"账户“{op.name}”的角色是{op.role_label}，不能{doing}（{needs(what)}）。")
    return op


def actor_name(session: Session) -> str | None:
    op = current(session)
    return op.name if op else None


# ---- login --------------------------------------------------------------------------------

def _now() -> dt.datetime:
    return utcnow()


def login(session: Session, name: str, password: str) -> CurrentOperator:
    """Check a name and password (in a write transaction: failures are counted). Raises
    LoginFailed with a Chinese reason; the caller commits before showing it."""
    name = (name or "").strip()
    op = session.scalar(select(Operator).where(Operator.name == name).with_for_update())
    if op is None:
        verify_password(password, hash_password("x" * MIN_PASSWORD))  # same time as a real check
        raise LoginFailed("用户名或密码不正确。")
    now = _now()
    if op.disabled:
        raise LoginFailed(f"账户“{name}”已停用，请联系管理员。")
    if op.locked_until is not None and op.locked_until > now:
        minutes = max(1, int((op.locked_until - now).total_seconds() + 59) // 60)
        raise LoginFailed(f"账户“{name}”因连续输错密码已锁定，请 {minutes} 分钟后再试，或请管理员重设密码。")
    if not verify_password(password, op.password_hash):
        op.failed_count = (op.failed_count or 0) + 1
        if op.failed_count >= MAX_FAILURES:
            op.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            op.failed_count = 0
            _audit(session, "lock", op, None, {"locked_minutes": LOCK_MINUTES}, actor=name)
            raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账户“{name}”已锁定 {LOCK_MINUTES} 分钟。")
        left = MAX_FAILURES - op.failed_count
        raise LoginFailed(f"用户名或密码不正确（再错 {left} 次将锁定 {LOCK_MINUTES} 分钟）。")
    op.failed_count = 0
    op.locked_until = None
    op.last_login_at = now
    return CurrentOperator(op.id, op.name, op.role)


def log_in(store: Store, name: str, password: str) -> CurrentOperator:
    """Log in on a store: the failure count is committed even when the login fails; on success
    the store carries the operator from now on (every session names it)."""
    failure: LoginFailed | None = None
    with store.transaction() as s:
        try:
            who = login(s, name, password)
        except LoginFailed as exc:
            failure = exc
    if failure is not None:
        raise failure
    store.operator = who
    return who


# ---- accounts -----------------------------------------------------------------------------

def _audit(session: Session, action: str, op: Operator, old: Any, new: Any, *, actor: str | None = None) -> None:
    from desktop_app.services.audit import audit

    audit(session, action, "operator", op.id, old, new, actor=actor)


def role_key(role: str) -> str:
    role = (role or "").strip()
    key = ROLE_KEYS.get(role, role.lower())
    if key not in ROLES:
        raise ServiceError(f"未知角色“{role}”，可用：admin(管理员) clerk(经办) reviewer(审核) viewer(只读)。")
    return key


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError("用户名不能为空。")
    if len(name) > 60 or any(c in name for c in "\r\n\t"):
        raise ServiceError("用户名不能超过 60 个字符，也不能含换行。")
    return name


def _find(session: Session, name: str) -> Operator:
    op = session.scalar(select(Operator).where(Operator.name == name.strip()))
    if op is None:
        raise ServiceError(f"没有名为“{name}”的账户。可用“user list”查看。")
    return op


def add_operator(session: Session, name: str, role: str, password: str, *, first_admin: bool = False) -> Operator:
    """A new account. The first administrator (``setup --admin``) may be made without a login;
    every other account needs an administrator."""
    if not (first_admin and not accounts_exist(session)):
        require(session, "accounts")
    name = _check_name(name)
    key = role_key(role)
    password = check_password_text(password)
    if session.scalar(select(Operator.id).where(Operator.name == name)) is not None:
        raise ServiceError(f"账户“{name}”已存在。")
    op = Operator(name=name, role=key, password_hash=hash_password(password), disabled=False, failed_count=0,
                  password_changed_at=_now())
    session.add(op)
    session.flush()
    _audit(session, "create", op, None, {"name": name, "role": key}, actor=actor_name(session) or name)
    return op


def disable_operator(session: Session, name: str) -> Operator:
    me = require(session, "accounts")
    op = _find(session, name)
    if op.disabled:
        raise ServiceError(f"账户“{op.name}”已经停用。")
    if op.role == "admin":
        others = session.scalar(select(func.count()).select_from(Operator).where(
            Operator.role == "admin", Operator.disabled.is_(False), Operator.id != op.id))
        if not others:
            raise ServiceError(f"“{op.name}”是最后一个管理员，不能停用（先添加另一个管理员）。")
    if me is not None and me.id == op.id:
        raise ServiceError("不能停用自己正在使用的账户。")
    op.disabled = True
    _audit(session, "disable", op, {"disabled": False}, {"disabled": True})
    return op


def set_password(session: Session, name: str, password: str, *, old_password: str | None = None) -> Operator:
    """An administrator resets anyone's password (and lifts a lock); an operator changes their
    own with the old one."""
    me = current(session)
    op = _find(session, name)
    password = check_password_text(password)
    own = me is not None and me.id == op.id
    if own and not (me and me.role == "admin" and old_password is None):
        if old_password is None or not verify_password(old_password, op.password_hash):
            raise ServiceError("原密码不正确，密码未修改。")
    elif not own:
        require(session, "accounts")
    op.password_hash = hash_password(password)
    op.password_changed_at = _now()
    op.failed_count = 0
    op.locked_until = None
    _audit(session, "password", op, None, {"changed": True})
    return op


def list_operators(session: Session) -> list[dict[str, Any]]:
    now = _now()
    rows = session.scalars(select(Operator).order_by(Operator.id))
    return [{"name": o.name, "role": o.role, "role_label": ROLES.get(o.role, o.role),
             "disabled": bool(o.disabled),
             "locked": bool(o.locked_until and o.locked_until > now),
             "last_login_at": o.last_login_at.isoformat(timespec="seconds") if o.last_login_at else None}
            for o in rows]
