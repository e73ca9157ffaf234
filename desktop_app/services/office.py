"""This office (本单位) and its parent unit: configured once, by the first-run dialog or `setup`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.services.audit import audit
from desktop_app.services.errors import NotConfigured, ValidationFailed
from desktop_app.services.settings import get_setting, set_setting
from desktop_app.store.models import Unit

LEVELS = {"town": "街镇/委办局/区属公司工会", "district": "区（县）总工会"}
_CODE_RE = re.compile(r"^[0-9A-Za-z_-]{2,32}$")


@dataclass(frozen=True)
class OfficeInfo:
    unit_id: int
    name: str
    code: str
    level: str
    parent_name: str | None
    parent_code: str | None

    @property
    def is_district(self) -> bool:
        return self.level == "district"

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "code": self.code,
            "level": self.level,
            "parent_name": self.parent_name,
            "parent_code": self.parent_code,
        }


def _check(name: str, code: str, level: str, parent_name: str | None, parent_code: str | None) -> None:
    problems = []
    if not name.strip():
        problems.append("单位名称不能为空")
    if not _CODE_RE.match(code.strip()):
        problems.append("单位代码应为 2–32 位字母、数字、短横线或下划线")
    if level not in LEVELS:
        problems.append("级别只能是 town（街镇）或 district（区总工会）")
    if level == "town" and not (parent_name and parent_code):
        problems.append("街镇工会须填写上级（区总工会）名称和代码")
    if parent_code and not _CODE_RE.match(parent_code.strip()):
        problems.append("上级单位代码应为 2–32 位字母、数字、短横线或下划线")
    if parent_code and parent_code.strip() == code.strip():
        problems.append("上级单位代码不能与本单位代码相同")
    if problems:
        raise ValidationFailed("；".join(problems) + "。")


def setup_office(
    session: Session,
    *,
    name: str,
    code: str,
    level: str,
    parent_name: str | None = None,
    parent_code: str | None = None,
) -> OfficeInfo:
    from desktop_app.services.operators import require

    require(session, "settings")  # the office's settings (issue 15)
    if level == "district":
        parent_name = parent_name or None
        parent_code = parent_code or None
    _check(name, code, level, parent_name, parent_code)
    name, code = name.strip(), code.strip()
    old = get_office(session, required=False)
    unit = session.get(Unit, old.unit_id) if old else None
    clash = session.scalar(select(Unit).where(Unit.code == code))
    if clash is not None and (unit is None or clash.id != unit.id):
        if clash.role in {"self", "parent"}:
            clash.code = None
        else:
            unit = clash
    if unit is None:
        unit = Unit(name=name, code=code)
        session.add(unit)
    unit.name, unit.code, unit.role, unit.level = name, code, "self", level
    parent = None
    if parent_code:
        parent = session.scalar(select(Unit).where(Unit.code == parent_code.strip()))
        if parent is None:
            parent = Unit(code=parent_code.strip(), name=(parent_name or "").strip(), role="parent")
            session.add(parent)
        parent.name, parent.role, parent.level = (parent_name or parent.name).strip(), "parent", "district"
    session.flush()
    unit.parent_id = parent.id if parent else None
    set_setting(session, "office_unit_id", unit.id)
    info = get_office(session)
    audit(session, "setup", "office", unit.id, old.to_dict() if old else None, info.to_dict())
    return info


@overload
def get_office(session: Session, *, required: Literal[True] = True) -> OfficeInfo: ...
@overload
def get_office(session: Session, *, required: bool) -> OfficeInfo | None: ...


def get_office(session: Session, *, required: bool = True) -> OfficeInfo | None:
    unit_id = get_setting(session, "office_unit_id")
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        if required:
            raise NotConfigured("尚未设置本单位。请先运行“初次设置”（命令行：setup）。")
        return None
    parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
    return OfficeInfo(
        unit_id=unit.id,
        name=unit.name,
        code=unit.code or "",
        level=unit.level,
        parent_name=parent.name if parent else None,
        parent_code=parent.code if parent else None,
    )
