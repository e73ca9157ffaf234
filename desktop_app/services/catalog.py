"""The project catalogue: templates shipped as data, loaded on first run, copied year to year."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.app_paths import resource_path
from desktop_app.services.audit import audit
from desktop_app.services.errors import NotFound, ServiceError, ValidationFailed
from desktop_app.services.settings import get_setting, set_setting
from desktop_app.store.models import Project, Record


def catalog_dir() -> Path:
    return resource_path("catalog")


def load_templates(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((directory or catalog_dir()).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ServiceError(f"项目目录文件 {path.name} 无法读取：{exc}") from exc
        out[data["template"]] = data
    return out


def project_code(prefix: str, year: int, seq: str) -> str:
    return f"{prefix}{year}-{seq}"


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def install_template(session: Session, template: dict[str, Any]) -> list[Project]:
    """Add a template's projects that are not in the store yet (idempotent)."""
    added = []
    year = int(template["year"])
    for p in template["projects"]:
        code = project_code(template["code_prefix"], year, p["seq"])
        if session.scalar(select(Project.id).where(Project.code == code)) is not None:
            continue
        params = copy.deepcopy(p.get("params", {}))
        if p.get("sub_quotas"):
            params["sub_quotas"] = p["sub_quotas"]
        params.setdefault("short_name", p.get("short_name", p["name"]))
        project = Project(
            code=code,
            year=year,
            name=p["name"],
            category=p["category"],
            owner_unit=template.get("owner_unit"),
            quota=int(p["quota"]),
            quota_unit=p.get("quota_unit", "人"),
            period_start=_date(p["period"][0]),
            period_end=_date(p["period"][1]),
            forms=list(p["forms"]),
            params=params,
            template=template["template"],
        )
        session.add(project)
        added.append(project)
    session.flush()
    for project in added:
        audit(session, "create", "project", project.id, None, {"code": project.code})
    return added


def ensure_catalog(session: Session) -> int:
    """First run: load every shipped template once. Returns the number of projects added."""
    if get_setting(session, "catalog_loaded"):
        return 0
    n = 0
    for template in load_templates().values():
        n += len(install_template(session, template))
    set_setting(session, "catalog_loaded", True)
    return n


def get_project(session: Session, code: str) -> Project:
    project = session.scalar(select(Project).where(Project.code == code))
    if project is None:
        raise NotFound(f"找不到项目 {code}。可用“projects list”查看项目代码。")
    return project


def list_projects(session: Session, year: int | None = None) -> list[Project]:
    stmt = select(Project).order_by(Project.year.desc(), Project.code)
    if year is not None:
        stmt = stmt.where(Project.year == year)
    return list(session.scalars(stmt))


def years(session: Session) -> list[int]:
    return list(session.scalars(select(Project.year).distinct().order_by(Project.year.desc())))


@dataclass(frozen=True)
class ProjectProgress:
    headcount: int
    subsidy_fen: int
    records: int


def progress(session: Session) -> dict[int, ProjectProgress]:
    """Per project id: headcount and subsidy of records that count (services.counting: the
    forms' ``counts`` declaration and the counted statuses — not drafts, returned or voided)."""
    from desktop_app.services.counting import counts

    stmt = (
        select(Record.project_id, func.sum(Record.headcount), func.sum(Record.subsidy_fen), func.count())
        .where(counts())
        .group_by(Record.project_id)
    )
    return {pid: ProjectProgress(int(h or 0), int(s or 0), int(c)) for pid, h, s, c in session.execute(stmt)}


def _shift_date(d: dt.date | None, years: int) -> dt.date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb → 28 Feb
        return d.replace(year=d.year + years, day=28)


def copy_year(session: Session, from_year: int, to_year: int) -> list[Project]:
    """Copy a year's catalogue to another year: same projects and numbers, to be edited."""
    from desktop_app.services.operators import require

    require(session, "catalogue")  # issue 15: the catalogue
    if from_year == to_year:
        raise ValidationFailed("目标年度不能与源年度相同。")
    source = list_projects(session, from_year)
    if not source:
        raise NotFound(f"{from_year} 年度没有项目可复制。")
    created = []
    shift = to_year - from_year
    for p in source:
        code = p.code.replace(str(from_year), str(to_year), 1)
        if session.scalar(select(Project.id).where(Project.code == code)) is not None:
            continue
        new = Project(
            code=code,
            year=to_year,
            name=p.name.replace(str(from_year), str(to_year)),
            category=p.category,
            owner_unit=p.owner_unit,
            quota=p.quota,
            quota_unit=p.quota_unit,
            period_start=_shift_date(p.period_start, shift),
            period_end=_shift_date(p.period_end, shift),
            forms=list(p.forms),
            params=_shift_params(copy.deepcopy(p.params), from_year, to_year),
            description=p.description,
            template=p.template,
        )
        session.add(new)
        created.append(new)
    session.flush()
    for p in created:
        audit(session, "copy_year", "project", p.id, None, {"code": p.code, "from": from_year})
    return created


def _shift_params(value: Any, from_year: int, to_year: int) -> Any:
    """Dates in params ("2023-05-01") move with the year."""
    if isinstance(value, dict):
        return {k: _shift_params(v, from_year, to_year) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_params(v, from_year, to_year) for v in value]
    if isinstance(value, str) and len(value) == 10 and value.startswith(str(from_year)):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return value
        return str(to_year) + value[4:]
    return value


def update_project(session: Session, code: str, **changes: Any) -> Project:
    from desktop_app.services.operators import require

    require(session, "catalogue")  # issue 15: the catalogue
    project = get_project(session, code)
    allowed = {"name", "quota", "quota_unit", "period_start", "period_end", "params", "description"}
    bad = set(changes) - allowed
    if bad:
        raise ValidationFailed(f"不能修改的项目字段：{', '.join(sorted(bad))}")
    old = {k: _jsonable(getattr(project, k)) for k in changes}
    for k, v in changes.items():
        setattr(project, k, v)
    audit(session, "update", "project", project.id, old, {k: _jsonable(v) for k, v in changes.items()})
    return project


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


# -- editing (issue 13): one validated, audited change of a project's catalogue entry ---------
def _parse_date_field(label: str, raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationFailed(f"“{label}”须为日期（如 2024-05-01），收到“{raw}”，未作任何修改。") from None


def edit_project(session: Session, code: str, *, name: str | None = None, quota: Any = None,
                 start: Any = None, end: Any = None, params: dict[str, Any] | None = None) -> Project:
    """Change a project's name, quota, period and rule parameters after checking every value:
    quota a whole number ≥ 0, dates in order, money ≥ 0, only parameters the project's rules
    know, ranges low ≤ high (R-REST-3). A refusal names the field and changes nothing."""
    from desktop_app.services.operators import require

    require(session, "catalogue")  # issue 15: the catalogue
    from desktop_app.core.catalog_params import (
        ParamError,
        check_ranges,
        known_keys,
        parse_value,
        set_value,
    )

    project = get_project(session, code)
    changes: dict[str, Any] = {}
    if name is not None:
        if not str(name).strip():
            raise ValidationFailed("“项目名称”不能为空，未作任何修改。")
        changes["name"] = str(name).strip()
    if quota is not None:
        try:
            q = quota if isinstance(quota, int) and not isinstance(quota, bool) else int(str(quota).strip())
        except ValueError:
            raise ValidationFailed(f"“名额”须为整数，收到“{quota}”，未作任何修改。") from None
        if q < 0:
            raise ValidationFailed(f"“名额”不能为负数，收到 {q}，未作任何修改。")
        changes["quota"] = q
    new_start = _parse_date_field("开始日期", start) if start is not None else project.period_start
    new_end = _parse_date_field("结束日期", end) if end is not None else project.period_end
    if new_start and new_end and new_start > new_end:
        raise ValidationFailed(f"“开始日期”{new_start} 晚于“结束日期”{new_end}，未作任何修改。")
    if start is not None:
        changes["period_start"] = new_start
    if end is not None:
        changes["period_end"] = new_end
    if params:
        new_params = copy.deepcopy(project.params or {})
        allowed = known_keys(project.category, new_params)
        try:
            for key, raw in params.items():
                if key not in allowed:
                    raise ParamError(f"参数“{key}”不属于本项目的规则，可修改的参数见“projects show {code}”。")
                set_value(new_params, key, parse_value(key, raw, new_params))
            check_ranges(new_params)
        except ParamError as exc:
            raise ValidationFailed(f"{exc}未作任何修改。") from None
        if new_params != (project.params or {}):
            changes["params"] = new_params
    changed = {k: v for k, v in changes.items() if getattr(project, k) != v}
    if not changed:
        return project
    old = {k: _jsonable(getattr(project, k)) for k in changed}
    for k, v in changed.items():
        setattr(project, k, v)
    if "params" in changed:
        from desktop_app.services.audit import diff

        old["params"], new_p = diff(old["params"] or {}, changed["params"])
        audit(session, "update", "project", project.id, old,
              {**{k: _jsonable(v) for k, v in changed.items() if k != "params"}, "params": new_p},
              note=project.code)
    else:
        audit(session, "update", "project", project.id, old, {k: _jsonable(v) for k, v in changed.items()},
              note=project.code)
    session.flush()
    return project


def project_detail(session: Session, code: str) -> dict[str, Any]:
    """A project with every parameter, its Chinese meaning and rule id (projects show)."""
    from desktop_app.core.catalog_params import describe

    p = get_project(session, code)
    return {
        "code": p.code, "year": p.year, "name": p.name, "category": p.category, "quota": p.quota,
        "quota_unit": p.quota_unit,
        "period": [_jsonable(p.period_start), _jsonable(p.period_end)],
        "forms": list(p.forms or []),
        "params": describe(p.category, p.params or {}),
    }


def review_list(session: Session, year: int) -> list[str]:
    """What a clerk should check after copying a catalogue to a new year."""
    from desktop_app.core.catalog_params import describe

    items = []
    for p in list_projects(session, year):
        short = (p.params or {}).get("short_name", p.name)
        items.append(f"{short}：名额 {p.quota:,} {p.quota_unit}，时间 {_jsonable(p.period_start)} 至 "
                     f"{_jsonable(p.period_end)}")
        dated = [d for d in describe(p.category, p.params or {}) if d["kind"] in ("date", "money")]
        if dated:
            items.append(f"　　{len(dated)} 项补助标准与日期（如“{dated[0]['label']}”）")
    return items
