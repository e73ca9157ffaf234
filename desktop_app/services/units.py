"""Units this office serves: enterprise unions, companies, towns (district mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.core.collation import sort_pinyin
from desktop_app.services.audit import audit, diff
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.store.models import Unit

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

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
    from desktop_app.services.operators import require

    require(session, "units")  # issue 15
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
    found = session.get(Unit, unit_id)
    if found is None:
        raise NotFound(f"找不到编号为 {unit_id} 的单位。")
    unit = found
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


# -- the directory that fills forms (issue 18) ---------------------------------------------
# Check centres and travel agencies are units of their own roles: the plan's five centres
# ship with the catalogue (resources/catalog/*.json "providers"), a new name typed into a
# place or provider field joins the list when the record is saved.
DIRECTORY_ROLES = {"check_centres": "check_centre", "travel_agencies": "travel_agency"}
DIRECTORY_TITLES = {"units": "单位", "check_centres": "体检中心", "travel_agencies": "旅行社"}
UNIT_ROLES = ("enterprise", "town")


def directory_entries(session: Session, directory: str) -> list[dict[str, Any]]:
    """The names a field completes from, in pinyin order, with what a pick fills in."""
    roles = (DIRECTORY_ROLES[directory],) if directory in DIRECTORY_ROLES else UNIT_ROLES
    return [unit_dict(u) for u in list_units(session, roles=roles)]


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def remember_unit(session: Session, spec: FormSpec, values: dict[str, Any]) -> Unit | None:
    """The record's unit, created when new, its contact, phone, address and ownership taken
    from the application (the latest filled-in value wins; blanks never erase)."""
    mapping: dict[str, str] = getattr(spec, "unit_fields", {}) or {}
    name = _text(values.get(mapping.get("name", ""))) if mapping else None
    if not name:
        return None
    fields = {f.key: f for f in spec.fields}
    found: dict[str, Any] = {}
    for attr, key in mapping.items():
        if attr == "name":
            continue
        value = values.get(key)
        if attr == "ownership" and key in fields and fields[key].options:
            value = fields[key].option_label(value) if value else None
        if (text := _text(value)) is not None:
            found[attr] = text
    unit = find_unit_by_name(session, name)
    if unit is None:
        return save_unit(session, {"name": name, **found})
    changes = {k: v for k, v in found.items() if getattr(unit, k) != v}
    if changes and unit.role in UNIT_ROLES:
        save_unit(session, changes, unit.id)
    return unit


def remember_directory_values(session: Session, spec: FormSpec, values: dict[str, Any]) -> None:
    """A check centre or travel agency typed into a form joins its list."""
    for f in spec.fields:
        role = DIRECTORY_ROLES.get(f.directory or "")
        name = _text(values.get(f.key)) if role else None
        if role and name and find_unit_by_name(session, name) is None:
            save_unit(session, {"name": name, "role": role, "level": "provider"})


def fill_values(spec: FormSpec, unit: dict[str, Any]) -> dict[str, Any]:
    """Form values for the unit picked in the name field (ownership label → choice value)."""
    mapping: dict[str, str] = getattr(spec, "unit_fields", {}) or {}
    fields = {f.key: f for f in spec.fields}
    out: dict[str, Any] = {}
    for attr, key in mapping.items():
        value = unit.get(attr)
        if attr == "ownership" and value and key in fields and fields[key].options:
            value = next((o.value for o in fields[key].options if o.label == value or o.value == value), None)
        if value not in (None, ""):
            out[key] = value
    return out


def ensure_providers(session: Session, templates: dict[str, dict[str, Any]] | None = None) -> int:
    """The catalogue's check centres and travel agencies, added once (existing stores too)."""
    from desktop_app.services.catalog import load_templates
    from desktop_app.services.settings import get_setting, set_setting

    if get_setting(session, "providers_loaded"):
        return 0
    added = 0
    for template in (templates or load_templates()).values():
        for directory, role in DIRECTORY_ROLES.items():
            for entry in (template.get("providers") or {}).get(directory, []):
                name = _text(entry.get("name"))
                if name and find_unit_by_name(session, name) is None:
                    save_unit(session, {"name": name, "role": role, "level": "provider",
                                        "address": entry.get("address"), "phone": entry.get("phone")})
                    added += 1
    set_setting(session, "providers_loaded", True)
    return added
