"""Moving an office from one PC to a server (issue 15, point 5): ``db copy --to URL``.

The copy itself is ``store.copy.copy_store`` (one transaction, every table, row counts
checked). Here: who may do it (an administrator once accounts exist), the first
administrator on the server (``--admin``), and the audit secret carried over (a SQLite
store keeps it in ``audit-key.bin``, a server in its settings table): the same person keeps
the same digest in the audit log after the move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select

from desktop_app.services.errors import ServiceError
from desktop_app.store.copy import CopyResult, copy_store
from desktop_app.store.models import AuditLog, Operator, Setting, utcnow

if TYPE_CHECKING:
    from desktop_app.services.app import App


def copy_to_server(app: App, url: str, *, admin: str | None = None, password: str | None = None) -> CopyResult:
    from desktop_app.services.audit import SERVER_KEY_SETTING, current_actor, install_key
    from desktop_app.services.operators import _check_name, check_password_text, hash_password, require

    if app.store.server or app.store.path is None:
        raise ServiceError("当前打开的已是服务器数据库；db copy 用于把本机数据库复制到服务器。")
    with app.session() as s:
        require(s, "settings")
        who = current_actor(s)
    if admin is not None:
        admin = _check_name(admin)
        password = check_password_text(password or "")
    key = install_key(app.store.path)

    def extra(conn: Connection) -> dict[str, int]:
        added = {"settings": 0, "operators": 0, "audit_log": 1}
        if conn.scalar(select(Setting.key).where(Setting.key == SERVER_KEY_SETTING)) is None:
            conn.execute(insert(Setting).values(key=SERVER_KEY_SETTING, value=key.hex()))
            added["settings"] = 1
        if admin is not None:
            if conn.scalar(select(Operator.id).where(Operator.name == admin)) is not None:
                raise ServiceError(f"本机数据库中已有账户“{admin}”，不必再用 --admin 创建。")
            now = utcnow()
            conn.execute(insert(Operator).values(name=admin, role="admin", password_hash=hash_password(password or ""),
                                                 disabled=False, failed_count=0, password_changed_at=now,
                                                 created_at=now, updated_at=now))
            added["operators"] = 1
        conn.execute(insert(AuditLog).values(at=utcnow(), actor=who, action="copy", entity="store", entity_id=None,
                                             note="从本机数据库整体复制到服务器"
                                             + (f"，创建管理员 {admin}" if admin else "")))
        return added

    return copy_store(app.store.path, url, extra=extra)
