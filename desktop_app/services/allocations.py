"""Quota allocations (分配名额): the district shares each project's quota among its towns;
each town receives its own shares in its next return package (issue 13).

Small read functions (`allocation_of`, `allocations_by_project`) are what other views call
(home page, statistics dashboards): at a town they give the town's own share, at the district
the sum of all towns' shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.services.audit import audit
from desktop_app.services.catalog import get_project, list_projects
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.office import get_office
from desktop_app.store.models import Allocation, ExchangeLog, Unit, utcnow

PACKAGE_COLUMNS = ["project", "quota", "updated_at"]


def known_towns(session: Session) -> dict[str, str]:
    """code → name of every town the district knows: registered towns and package senders."""
    towns = {c: n for c, n in session.execute(
        select(Unit.code, Unit.name).where(Unit.role == "town", Unit.code.is_not(None))) if c is not None}
    for code, name in session.execute(select(ExchangeLog.peer_code, ExchangeLog.peer_name).where(
            ExchangeLog.direction == "in", ExchangeLog.kind == "data").distinct()):
        towns.setdefault(code, name or code)
    return dict(sorted(towns.items()))


def _find_town(session: Session, town: str) -> tuple[str, str]:
    towns = known_towns(session)
    key = town.strip()
    if key in towns:
        return key, towns[key]
    by_name = [c for c, n in towns.items() if n == key]
    if len(by_name) == 1:
        return by_name[0], towns[by_name[0]]
    known = "、".join(f"{n}（{c}）" for c, n in towns.items()) or "（尚无，请先在“单位”中登记街镇或导入其数据包）"
    raise NotFound(f"找不到街镇“{town}”。已知的街镇：{known}。")


@dataclass
class AllocationResult:
    project: str
    town_code: str
    town_name: str
    quota: int
    previous: int | None
    allocated_total: int
    project_quota: int
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def allocate(session: Session, project_code: str, town: str, quota: Any) -> AllocationResult:
    """District: set one town's share of a project's quota (audited). Going over the project's
    quota is allowed and warned about (R-QUOTA-1), as the district may re-balance later."""
    from desktop_app.services.operators import require

    require(session, "catalogue")  # issue 15: the catalogue's shares
    office = get_office(session, required=False)
    if office is None or not office.is_district:
        raise ValidationFailed("只有区总工会可以分配名额。")
    project = get_project(session, project_code)
    try:
        q = quota if isinstance(quota, int) and not isinstance(quota, bool) else int(str(quota).strip())
    except ValueError:
        raise ValidationFailed(f"“分配名额”须为整数，收到“{quota}”，未作任何修改。") from None
    if q < 0:
        raise ValidationFailed(f"“分配名额”不能为负数，收到 {q}，未作任何修改。")
    code, name = _find_town(session, town)
    row = session.scalar(select(Allocation).where(
        Allocation.project_code == project.code, Allocation.town_code == code))
    previous = row.quota if row is not None else None
    if row is None:
        row = Allocation(project_code=project.code, town_code=code, quota=q, updated_at=utcnow())
        session.add(row)
    elif row.quota != q:
        row.quota = q
        row.updated_at = utcnow()
    session.flush()
    if previous != q:
        audit(session, "allocate", "project", project.id, {"town": code, "quota": previous},
              {"town": code, "quota": q}, note=project.code)
    total = sum(session.scalars(select(Allocation.quota).where(Allocation.project_code == project.code)))
    result = AllocationResult(project.code, code, name, q, previous, total, project.quota)
    if project.quota and total > project.quota:
        result.warnings.append(
            f"{project.code} 已分配 {total:,} {project.quota_unit}，比项目名额 {project.quota:,} "
            f"多 {total - project.quota:,} {project.quota_unit}（R-QUOTA-1）。")
    return result


@dataclass
class AllocationGrid:
    """Towns × projects of one year, with each project's sum against its quota."""

    towns: list[tuple[str, str]]  # (code, name)
    projects: list[dict[str, Any]]  # code, short_name, quota, quota_unit, allocated, over
    cells: dict[tuple[str, str], int]  # (project code, town code) → quota

    def to_dict(self) -> dict[str, Any]:
        return {"towns": [{"code": c, "name": n} for c, n in self.towns], "projects": [
            {**p, "by_town": {t: self.cells[(p["code"], t)] for t, _ in self.towns if (p["code"], t) in self.cells}}
            for p in self.projects]}


def allocation_grid(session: Session, year: int | None) -> AllocationGrid:
    projects = list_projects(session, year)
    codes = [p.code for p in projects]
    cells = {(pc, tc): q for pc, tc, q in session.execute(
        select(Allocation.project_code, Allocation.town_code, Allocation.quota)
        .where(Allocation.project_code.in_(codes)))} if codes else {}
    towns = known_towns(session)
    for _pc, tc in cells:
        towns.setdefault(tc, tc)
    rows = []
    for p in sorted(projects, key=lambda p: p.code):
        allocated = sum(q for (pc, _t), q in cells.items() if pc == p.code)
        rows.append({"code": p.code, "short_name": (p.params or {}).get("short_name") or p.name,
                     "quota": p.quota, "quota_unit": p.quota_unit, "allocated": allocated,
                     "over": bool(p.quota) and allocated > p.quota})
    return AllocationGrid(sorted(towns.items()), rows, cells)


# -- reading: what others call ----------------------------------------------------------------
def allocations_by_project(session: Session, town_code: str | None = None) -> dict[str, int]:
    """project code → allocation. At a town (town_code None): its own shares as received; at the
    district (town_code None): the sum over towns; with town_code: that town's shares."""
    if town_code is None:
        office = get_office(session, required=False)
        if office is not None and not office.is_district:
            town_code = office.code
    stmt = select(Allocation.project_code, Allocation.quota)
    if town_code is not None:
        stmt = stmt.where(Allocation.town_code == town_code)
    out: dict[str, int] = {}
    for code, q in session.execute(stmt):
        out[code] = out.get(code, 0) + int(q)
    return out


def allocation_of(session: Session, project_code: str, town_code: str | None = None) -> int | None:
    """One project's allocation (see `allocations_by_project`); None when none was made."""
    return allocations_by_project(session, town_code).get(project_code)


# -- the return package -----------------------------------------------------------------------
def package_rows(session: Session, town_code: str) -> list[list[Any]]:
    """District → town: every allocation of the town (cumulative, like the decisions)."""
    return [[pc, q, at.isoformat(timespec="seconds") if at else None] for pc, q, at in session.execute(
        select(Allocation.project_code, Allocation.quota, Allocation.updated_at)
        .where(Allocation.town_code == town_code).order_by(Allocation.project_code))]


def apply_received(session: Session, town_code: str, rows: list[dict[str, Any]], *,
                   dry_run: bool = False) -> list[dict[str, Any]]:
    """Town: replace its allocations with the package's (the package carries all of them).
    Returns the changes: project, old, new."""
    wanted: dict[str, int] = {}
    for r in rows:
        code, q = r.get("project"), r.get("quota")
        if isinstance(code, str) and isinstance(q, int) and not isinstance(q, bool) and q >= 0:
            wanted[code] = q
    have = {a.project_code: a for a in session.scalars(select(Allocation).where(Allocation.town_code == town_code))}
    changes = []
    for code in sorted(set(wanted) | set(have)):
        old = have[code].quota if code in have else None
        new = wanted.get(code)
        if old == new:
            continue
        changes.append({"project": code, "old": old, "new": new})
        if dry_run:
            continue
        if new is None:
            session.delete(have[code])
        elif code in have:
            have[code].quota = new
            have[code].updated_at = utcnow()
        else:
            session.add(Allocation(project_code=code, town_code=town_code, quota=new, updated_at=utcnow()))
    if changes and not dry_run:
        session.flush()
        audit(session, "receive_allocations", "exchange", None, None, {"changes": changes})
    return changes
