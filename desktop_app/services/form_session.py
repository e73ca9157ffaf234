"""What a record editor needs from the store, as plain data (no ORM objects leave here).

Loading a record (or a blank one) for a form of a project, saving it through
``records.save_record`` / ``set_status``, and a cached cross-record check for live display
while the clerk types (quota R-QUOTA-1, one person per project per year R-ID-5, 品上海 yearly
cap R-TRIP-3): the queries run only when what they depend on changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.core import status as st
from desktop_app.core.findings import Finding
from desktop_app.services import records
from desktop_app.services.catalog import get_project
from desktop_app.services.record_rules import cross_record_findings
from desktop_app.store.models import Project

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from desktop_app.services.app import App


@dataclass(frozen=True)
class ProjectInfo:
    """A project as the editor sees it; has ``year`` and ``params`` like the ORM Project, so it
    can be passed to ``records.evaluate``."""

    code: str
    year: int
    name: str
    params: dict[str, Any]
    quota: int
    quota_unit: str
    forms: tuple[str, ...]

    @property
    def short_name(self) -> str:
        return str(self.params.get("short_name") or self.name)

    @classmethod
    def of(cls, p: Project) -> "ProjectInfo":
        return cls(p.code, p.year, p.name, dict(p.params or {}), p.quota or 0, p.quota_unit or "人",
                   tuple(p.forms or ()))


@dataclass
class EditorState:
    project: ProjectInfo
    form_code: str
    record_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    roster: list[dict[str, Any]] = field(default_factory=list)
    status: str = st.DRAFT.key
    reason: str | None = None
    revision: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return st.label(self.status) if self.record_id else "新记录"

    @property
    def editable(self) -> bool:
        return self.record_id is None or st.get(self.status).editable


def findings_of(dicts: list[dict[str, Any]] | None) -> list[Finding]:
    out = []
    for d in dicts or []:
        out.append(Finding(d.get("rule", ""), d.get("severity", "warning"), d.get("message", ""),
                           tuple(d.get("fields") or ())))
    return out


def load_state(app: "App", *, record_id: int | None, project_code: str | None, form_code: str | None) -> EditorState:
    """The saved state of a record, or a blank one for (project_code, form_code)."""
    with app.session() as session:
        if record_id is not None:
            rec = records.get_record(session, record_id)
            data = records.record_input_of(rec, app.specs)
            roster = [dict(r) for r in data.roster]
            typed = (rec.data or {}).get("__roster__") or []
            if len(typed) > len(roster):
                # A draft whose rows were not all linked to people (bad identity numbers,
                # repeated rows): reopen what the clerk typed, not only the linked rows.
                roster = [dict(r) for r in typed]
            return EditorState(
                project=ProjectInfo.of(rec.project), form_code=rec.form_code, record_id=rec.id,
                values=dict(data.values), roster=roster, status=rec.status,
                reason=rec.status_reason, revision=rec.revision, findings=findings_of(rec.findings),
            )
        if not project_code or not form_code:
            raise ValueError("project_code and form_code are needed for a new record")
        return EditorState(project=ProjectInfo.of(get_project(session, project_code)), form_code=form_code)


def projects_for_form(app: "App", form_code: str) -> list[str]:
    """Codes of the projects that use a form, latest year first."""
    from sqlalchemy import select

    with app.session() as session:
        rows = session.scalars(select(Project).order_by(Project.year.desc(), Project.code)).all()
        return [p.code for p in rows if form_code in (p.forms or [])]


@dataclass
class SaveOutcome:
    record_id: int
    status: str
    revision: int
    computed: dict[str, Any]  # typed (fen, dates, bools: core.evaluators.EVALUATOR_COMPUTED)
    findings: list[Finding]


def save(app: "App", state: EditorState, data: records.RecordInput, *, draft: bool = False,
         today: dt.date | None = None) -> SaveOutcome:
    """Create or update through records.save_record (raises ValidationFailed with findings)."""
    with app.transaction() as session:
        result = records.save_record(
            session, app.specs, project_code=state.project.code, form_code=state.form_code, data=data,
            record_id=state.record_id, draft=draft, expected_revision=state.revision, today=today,
        )
        rec = result.record
        return SaveOutcome(rec.id, rec.status, rec.revision, dict(result.evaluation.computed),
                           list(result.findings))


def set_status(app: "App", record_id: int, status: str, reason: str | None = None) -> tuple[str, int]:
    with app.transaction() as session:
        rec = records.set_status(session, record_id, status, reason=reason, specs=app.specs)
        return rec.status, rec.revision


class LiveCrossCheck:
    """Cross-record findings for the record being typed, re-queried only when its inputs change
    (headcount, the identity numbers, the capped amount)."""

    def __init__(self, app: "App", project_code: str, spec: "FormSpec") -> None:
        self.app = app
        self.project_code = project_code
        self.spec = spec
        self._key: str | None = None
        self._findings: list[Finding] = []
        self.queries = 0

    def invalidate(self) -> None:
        self._key = None

    def _cache_key(self, data: records.RecordInput, record_id: int | None, headcount: int) -> str:
        ids = [str(r.get("id_number") or "") for r in data.roster]
        watched = {k: data.values.get(k) for k in ("id_number", "amount") if k in data.values}
        return json.dumps([record_id, headcount, ids, watched], ensure_ascii=False, default=str)

    def findings(self, data: records.RecordInput, record_id: int | None) -> list[Finding]:
        headcount = records.headcount_of(self.spec, data)
        key = self._cache_key(data, record_id, headcount)
        if key != self._key:
            with self.app.session() as session:
                project = get_project(session, self.project_code)
                self._findings = cross_record_findings(session, project, self.spec, data, record_id, headcount)
            self.queries += 1
            self._key = key
        return list(self._findings)


def roster_spec(specs: Mapping[str, "FormSpec"], spec: "FormSpec") -> "FormSpec | None":
    return records.roster_spec_for(specs, spec)
