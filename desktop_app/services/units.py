"""Units this office serves: enterprise unions, companies, towns (district mode)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.collation import sort_pinyin
from desktop_app.services.audit import audit, diff
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.store.models import Unit

UNIT_FIELDS = ("name", "code", "credit_code", "ownership", "address", "contact", "phone", "level", "role")
OWNERSHIP = ("私营企业", "港澳台商投资企业", "外商投资企业", "股份制企业", "国有企业", "其他企业")


def unit_dict(u: Unit) -> dict[str, Any]:
    return {k: getattr(u, k) for k in ("id", *UNIT_FIELDS)}


def list_units(session: Session, query: str = "", *, roles: tuple[str, ...] = ("enterprise", "town")) -> list[Unit]:
    stmt = select(Unit).where(Unit.role.in_(roles))
    q = query.strip()
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Unit.name.like(like), Unit.code.like(like), Unit.contact.like(like)))
    return sort_pinyin(session.scalars(stmt), key=lambda u: u.name)


def find_unit_by_name(session: Session, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.name == name.strip()))


def save_unit(session: Session, values: dict[str, Any], unit_id: int | None = None) -> Unit:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in UNIT_FIELDS}
    if unit_id is None and not values.get("name"):
        raise ValidationFailed("单位名称不能为空。")
    code = values.get("code") or None
    values["code"] = code
    if code:
        clash = session.scalar(select(Unit).where(Unit.code == code))
        if clash is not None and clash.id != unit_id:
            raise ValidationFailed(f"单位代码 {code} 已被“{clash.name}”使用。")
    if unit_id is None:
        values.setdefault("role", "enterprise")
        unit = Unit(**values)
        session.add(unit)
        session.flush()
        audit(session, "create", "unit", unit.id, None, values)
        return unit
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"找不到编号为 {unit_id} 的单位。")
    old, new = diff({k: getattr(unit, k) for k in values}, values)
    for k, v in new.items():
        setattr(unit, k, v)
    if new:
        audit(session, "update", "unit", unit.id, old, new)
    return unit


def ensure_unit(session: Session, name: str, **extra: Any) -> Unit:
    """The unit with this name, created as an enterprise when new (roster and form entry)."""
    unit = find_unit_by_name(session, name)
    if unit is None:
        unit = save_unit(session, {"name": name, **extra})
    return unit
