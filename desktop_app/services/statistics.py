"""统计: survey results (满意率) and project dashboards, for the 统计 page, the CLI ``stats`` and
the year report. Aggregation runs in the database (store.stats_repo); this module decides what
counts and names the groups.

- Surveys: every response entered counts, drafts included (a survey is a returned paper, not an
  application waiting for stamps), except those returned or voided.
- Progress: the records that count toward the quota are exactly those of
  ``catalog.progress`` (the same condition), so the dashboards never disagree with the project
  list; the totals come from ``catalog.progress`` itself, the breakdowns (month, unit, town)
  from the same filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_UP
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.survey import SurveyLayout, SurveyTally, survey_layout
from desktop_app.services import catalog
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.office import get_office
from desktop_app.store import stats_repo
from desktop_app.store.models import Project, Unit

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

SURVEY_EXCLUDED = (st.RETURNED.key, st.VOIDED.key)
GROUP_LABELS = {"provider": "承办单位", "unit": "参加单位", "town": "街镇"}
BLANK_GROUP = {"provider": "（未填写承办单位）", "unit": "（未填写单位）", "town": ""}


def short_name(p: Project) -> str:
    return str((p.params or {}).get("short_name") or p.name)


# ------------------------------------------------------------------------------------------
# Surveys


def survey_forms(specs: Mapping[str, FormSpec], project: Project) -> list[str]:
    """The project's survey forms (kind "survey" in their spec), in the project's order."""
    return [c for c in project.forms or () if c in specs and specs[c].kind == "survey"]


@dataclass
class SurveyStats:
    project: str
    project_name: str
    forms: list[str]
    by: str | None
    provider_label: str  # 承办旅行社 / 承办体检中心
    total: SurveyTally
    groups: dict[str, SurveyTally] = field(default_factory=dict)
    texts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # group → [{record, unit, text}]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"project": self.project, "forms": self.forms, **self.total.as_json()}
        if self.by is not None:
            out["by"] = self.by
            out["groups"] = {}
            for name, tally in self.groups.items():
                out["groups"][name] = {**tally.as_json(), "suggestions": self.texts.get(name, [])}
        else:
            out["suggestions"] = self.texts.get("", [])
        return out

    @property
    def question_labels(self) -> list[str]:
        return list(self.total.questions)


def _town_names(session: Session) -> dict[str, str]:
    names = {code: name for code, name in session.execute(
        select(Unit.code, Unit.name).where(Unit.code.is_not(None))) if code is not None}
    office = get_office(session, required=False)
    names[""] = office.name if office else "本单位"
    return names


def _group_name(by: str | None, key: str, towns: Mapping[str, str]) -> str:
    if by == "town":
        return towns.get(key, key) if key else towns.get("", "本单位")
    if not key and by:
        return BLANK_GROUP[by]
    return key


def survey_stats(session: Session, specs: Mapping[str, FormSpec], project_code: str,
                 form_code: str | None = None, by: str | None = None) -> SurveyStats:
    """Counts per question and option, responses and 满意率 of a project's surveys; with
    ``by`` also per provider / participating unit / town, with the 意见和建议 of each group."""
    project = catalog.get_project(session, project_code)
    if by not in (None, *stats_repo.GROUPS):
        raise ValidationFailed(f"分组方式“{by}”无效：只能按 provider（承办单位）、unit（参加单位）或 town（街镇）分组。")
    forms = survey_forms(specs, project)
    if form_code is not None:
        spec = specs.get(form_code)
        if spec is None:
            raise NotFound(f"没有表单 {form_code}。可用“forms list”查看表单代码。")
        if spec.kind != "survey":
            raise ValidationFailed(f"表单 {form_code}（{spec.title_for(project.year)}）不是满意度测评表。")
        if form_code not in forms:
            raise ValidationFailed(f"项目 {project.code}（{short_name(project)}）不使用表单 {form_code}。")
        forms = [form_code]
    if not forms:
        raise ValidationFailed(f"项目 {project.code}（{short_name(project)}）没有满意度测评表。")
    layouts = {f: survey_layout(specs[f]) for f in forms}
    return _tally(session, project, layouts, by)


def _tally(session: Session, project: Project, layouts: dict[str, SurveyLayout], by: str | None) -> SurveyStats:
    towns = _town_names(session) if by == "town" else {}
    total = SurveyTally.empty(layouts.values())
    groups: dict[str, SurveyTally] = {}
    texts: dict[str, list[dict[str, Any]]] = {}
    for form, lay in layouts.items():
        keys = [q.key for q in lay.questions]
        for gkey, answers, n in stats_repo.survey_answer_rows(
                session, form, keys, [project.id], SURVEY_EXCLUDED, by, lay.provider_key):
            targets = [total]
            if by is not None:
                name = _group_name(by, gkey, towns)
                g = groups.get(name)
                if g is None:
                    g = groups[name] = SurveyTally.empty(layouts.values())
                targets.append(g)
            for t in targets:
                t.responses += n
                for q, v in zip(lay.questions, answers):
                    t.add(q, v, n)
        text_keys = [k for k, _label in lay.text_keys]
        for gkey, rid, unit, values in stats_repo.survey_text_rows(
                session, form, text_keys, [project.id], SURVEY_EXCLUDED, by, lay.provider_key):
            name = _group_name(by, gkey, towns) if by else ""
            for v in values:
                if v and str(v).strip():
                    texts.setdefault(name, []).append({"record": rid, "unit": unit, "text": str(v).strip()})
    provider_label = next((lay.provider_label for lay in layouts.values() if lay.provider_label), "承办单位")
    ordered = dict(sorted(groups.items(), key=lambda kv: (-kv[1].responses, kv[0])))
    return SurveyStats(project.code, short_name(project), list(layouts), by, provider_label or "承办单位",
                       total, ordered, texts)


# ------------------------------------------------------------------------------------------
# Project dashboards


@dataclass
class GroupRow:
    key: str
    name: str
    records: int = 0
    headcount: int = 0
    subsidy_fen: int = 0
    settled_fen: int = 0
    people: int | None = None
    allocation: int | None = None

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["subsidy"] = yuan_text(self.subsidy_fen)
        d["settled"] = yuan_text(self.settled_fen)
        return d


@dataclass
class MonthRow:
    month: str  # YYYY-MM
    headcount: int
    cumulative: int
    subsidy_fen: int


@dataclass
class ProjectStats:
    code: str
    name: str
    short_name: str
    category: str
    quota: int
    quota_unit: str
    allocation: int | None  # the district's allocation to this town (town), or their sum (district)
    records: int  # all records, drafts included
    counted_records: int
    headcount: int
    subsidy_fen: int
    settled_fen: int
    people: int | None  # distinct people on rosters (None: the project has no roster form)
    months: list[MonthRow] = field(default_factory=list)
    units: list[GroupRow] = field(default_factory=list)
    towns: list[GroupRow] = field(default_factory=list)

    @property
    def target(self) -> int:
        """What progress is measured against here: the allocation where there is one."""
        return self.allocation if self.allocation is not None else self.quota

    @property
    def percent(self) -> Decimal | None:
        return percent(self.headcount, self.quota)

    @property
    def allocation_percent(self) -> Decimal | None:
        return percent(self.headcount, self.allocation) if self.allocation is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.short_name, "category": self.category, "quota": self.quota,
            "quota_unit": self.quota_unit, "allocation": self.allocation, "records": self.records,
            "counted_records": self.counted_records, "headcount": self.headcount,
            "percent": _dec(self.percent), "allocation_percent": _dec(self.allocation_percent),
            "subsidy": yuan_text(self.subsidy_fen), "settled": yuan_text(self.settled_fen), "people": self.people,
            "months": [m.__dict__ for m in self.months], "units": [u.to_json() for u in self.units],
            "towns": [t.to_json() for t in self.towns],
        }


@dataclass
class TownState:
    """A town's reporting state at the district (packages received, last one, waiting)."""

    code: str
    name: str
    packages: int
    last_sequence: int | None
    last_received: str
    gaps: list[int]
    pending: int  # 已报送, waiting for review
    records: int
    headcount: int
    subsidy_fen: int
    by_project: dict[str, int] = field(default_factory=dict)  # project code → headcount
    allocations: dict[str, int] = field(default_factory=dict)  # project code → allocation

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "subsidy": yuan_text(self.subsidy_fen)}


@dataclass
class YearStats:
    year: int
    office: str
    is_district: bool
    projects: list[ProjectStats]
    towns: list[TownState] = field(default_factory=list)

    def project(self, code: str) -> ProjectStats:
        for p in self.projects:
            if p.code == code:
                return p
        raise NotFound(f"{self.year} 年度没有项目 {code}。")

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "office": self.office, "is_district": self.is_district,
                "projects": [p.to_json() for p in self.projects], "towns": [t.to_json() for t in self.towns]}


def percent(done: int, target: int | None) -> Decimal | None:
    if not target:
        return None
    # Half up, as core.numfmt writes percentages everywhere (1.05 % → 1.1 %, as on the home page).
    return (Decimal(done * 100) / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def yuan_text(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.2f}"


def counted_condition(specs: Mapping[str, FormSpec]) -> ColumnElement[bool]:
    """The WHERE clause of the records that count toward progress — the one `catalog.progress`
    uses (services.counting: the counted statuses and the forms' ``counts`` declaration), so the
    breakdowns always add up to the totals."""
    from desktop_app.services.counting import counts

    return counts(specs)


def read_allocations(session: Session, projects: list[Project]) -> dict[tuple[int, str], int]:
    """The district's allocations (services.allocations, issue 13) as (project id, town code)
    → quota. At the district every town's share; at a town its own shares as received."""
    from desktop_app.store.models import Allocation

    ids = {p.code: p.id for p in projects}
    stmt = (select(Allocation.project_code, Allocation.town_code, Allocation.quota)
            .where(Allocation.project_code.in_(list(ids))))
    return {(ids[pc], tc): int(q) for pc, tc, q in session.execute(stmt)}


def _roster_projects(specs: Mapping[str, FormSpec], projects: list[Project]) -> set[int]:
    out = set()
    for p in projects:
        for code in p.forms or ():
            spec = specs.get(code)
            if spec is not None and (spec.roster_form or spec.kind == "roster"):
                out.add(p.id)
    return out


def year_stats(session: Session, specs: Mapping[str, FormSpec], year: int, *,
               project_code: str | None = None) -> YearStats:
    """Every project of the year (or one): progress against quota and allocation, by month,
    by unit and (district) by town, with subsidy committed and settled and people reached."""
    from desktop_app.services.district import CATEGORY_LABELS

    projects = catalog.list_projects(session, year)
    if project_code is not None:
        projects = [p for p in projects if p.code == project_code]
        if not projects:
            raise NotFound(f"{year} 年度没有项目 {project_code}。可用“projects list”查看项目代码。")
    if not projects:
        raise NotFound(f"{year} 年度没有项目。")
    projects.sort(key=lambda p: p.code)
    office = get_office(session, required=False)
    is_district = bool(office and office.is_district)
    ids = [p.id for p in projects]
    counted = counted_condition(specs)
    done = catalog.progress(session)
    all_records = stats_repo.record_counts(session, ids)
    with_roster = _roster_projects(specs, projects)
    people, unit_people, town_people = stats_repo.people_reached(session, ids, counted) if with_roster \
        else ({}, {}, {})
    allocations = read_allocations(session, projects)
    towns = _town_names(session)

    settled: dict[int, int] = {}
    month_sums: dict[tuple[int, str], list[int]] = {}
    unit_rows_: dict[tuple[int, str], GroupRow] = {}
    town_rows_: dict[tuple[int, str], GroupRow] = {}
    for pid, month, unit, town, n, hc, fen, settled_fen in stats_repo.progress_rows(session, ids, counted):
        settled[pid] = settled.get(pid, 0) + settled_fen
        m = month_sums.setdefault((pid, month), [0, 0])
        m[0] += hc
        m[1] += fen
        for rows, key, name in ((unit_rows_, unit, unit or BLANK_GROUP["unit"]),
                                (town_rows_, town, _group_name("town", town, towns))):
            g = rows.get((pid, key))
            if g is None:
                g = rows[(pid, key)] = GroupRow(key, name)
            g.records += n
            g.headcount += hc
            g.subsidy_fen += fen
            g.settled_fen += settled_fen
    months: dict[int, list[tuple[str, int, int]]] = {}
    for (pid, month), (hc, fen) in month_sums.items():
        months.setdefault(pid, []).append((month, hc, fen))
    units: dict[int, list[GroupRow]] = {}
    for (pid, key), g in unit_rows_.items():
        g.people = unit_people.get((pid, key), 0) if pid in with_roster else None
        units.setdefault(pid, []).append(g)
    by_town: dict[int, list[GroupRow]] = {}
    if is_district:
        for (pid, key), g in town_rows_.items():
            g.people = town_people.get((pid, key), 0) if pid in with_roster else None
            g.allocation = allocations.get((pid, key))
            by_town.setdefault(pid, []).append(g)

    out = []
    for p in projects:
        pr = done.get(p.id)
        alloc = _allocation_for(allocations, p.id, office.code if office and not is_district else None)
        month_rows, cum = [], 0
        for key, hc, fen in sorted(months.get(p.id, [])):
            cum += hc
            month_rows.append(MonthRow(key, hc, cum, fen))
        unit_rows = units.get(p.id, [])
        unit_rows.sort(key=lambda u: (-u.headcount, u.name))
        out.append(ProjectStats(
            code=p.code, name=p.name, short_name=short_name(p), category=CATEGORY_LABELS.get(p.category, p.category),
            quota=p.quota, quota_unit=p.quota_unit, allocation=alloc, records=all_records.get(p.id, 0),
            counted_records=pr.records if pr else 0, headcount=pr.headcount if pr else 0,
            subsidy_fen=pr.subsidy_fen if pr else 0, settled_fen=settled.get(p.id, 0),
            people=people.get(p.id, 0) if p.id in with_roster else None,
            months=month_rows, units=unit_rows, towns=sorted(by_town.get(p.id, []), key=lambda t: t.key)))
    result = YearStats(year, office.name if office else "", is_district, out)
    if is_district:
        result.towns = town_states(session, out)
        code_of = {p.id: p.code for p in projects}
        for t in result.towns:
            t.allocations = {code_of[pid]: q for (pid, town), q in sorted(allocations.items()) if town == t.code}
    return result


def _allocation_for(allocations: dict[tuple[int, str], int], project_id: int, town: str | None) -> int | None:
    if town is not None:
        return allocations.get((project_id, town))
    values = [n for (pid, _t), n in allocations.items() if pid == project_id]
    return sum(values) if values else None


def town_states(session: Session, projects: list[ProjectStats]) -> list[TownState]:
    """The district's towns: reporting state (district.towns_overview) and headcount per project."""
    from desktop_app.services.district import towns_overview

    out = []
    for t in towns_overview(session):
        state = TownState(t.code, t.name, t.packages, t.last_sequence, t.last_received, t.gaps, t.pending,
                          0, 0, 0)
        for p in projects:
            row = next((r for r in p.towns if r.key == t.code), None)
            if row is not None:
                state.records += row.records
                state.headcount += row.headcount
                state.subsidy_fen += row.subsidy_fen
                state.by_project[p.code] = row.headcount
        out.append(state)
    return out
