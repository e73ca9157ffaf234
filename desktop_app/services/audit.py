"""The audit log: every change made through the services is written here, in the same transaction."""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.store.models import AuditLog


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows set-ups
        return "clerk"


def audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    old: Any = None,
    new: Any = None,
    *,
    actor: str | None = None,
    note: str | None = None,
) -> None:
    session.add(
        AuditLog(
            actor=actor or current_actor(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            old=old,
            new=new,
            note=note,
        )
    )


def audit_rows(entity: str, changes: list[tuple[str, int | None, Any, Any]],
               *, actor: str | None = None) -> list[dict[str, Any]]:
    """Parameter rows for one executemany of audit entries (bulk paths): the same columns,
    in the same form, as :func:`audit` writes one at a time."""
    who = actor or current_actor()
    return [{"actor": who, "action": action, "entity": entity, "entity_id": entity_id,
             "old": old, "new": new, "note": None} for action, entity_id, old, new in changes]


def history(session: Session, entity: str, entity_id: int) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.id)
    )
    return list(session.scalars(stmt))


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys that changed, as (old values, new values)."""
    keys = sorted(set(old) | set(new))
    changed = [k for k in keys if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in changed}, {k: new.get(k) for k in changed}
