"""Records of a project (applications, surveys, enrolments, wishes …) and their rosters.

A record is the electronic twin of one filled paper form: its values keyed by the form spec,
its roster linked to the people registry, the rule evaluation (computed values and findings)
and a status (core.status: 草稿 → 待盖章 → 已报送 → 已通过 / 已退回 → 已结算; 已作废). Every change is
audited, field by field. A status changes only by an explicit act (issue 12): marking 待盖章,
the district's receipt and decisions, 作废; never by a preview or a saved PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.evaluators import stored_computed
from desktop_app.core.field_types import field_type
from desktop_app.core.findings import Evaluation, Finding, has_errors
from desktop_app.services.audit import audit, field_diff
from desktop_app.services.catalog import get_project
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.record_input import RecordInput
from desktop_app.services.record_rules import cross_record_findings, roster_findings
from desktop_app.store.models import Person, Project, Record, RosterEntry

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec


@dataclass
class RecordResult:
    record: Record
    evaluation: Evaluation

    @property
    def findings(self) -> list[Finding]:
        return self.evaluation.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "status": self.record.status,
            "computed": self.record.computed,  # as stored (core.evaluators.stored_computed)
            "findings": [f.to_dict() for f in self.evaluation.findings],
        }


MAX_ROSTER_ROWS = 20_000  # one record's roster: no paper form has that many rows


def parse_input(spec: "FormSpec", data: Any) -> RecordInput:
    """A JSON document → RecordInput. A roster form takes a list of rows (or {"rows": [...]});
    a form with an attached roster takes its rows under "roster".

    Every value must be something a clerk can type (issue 20): text, a number within ±2^53,
    yes/no, empty, or a list of texts for a multiple choice — never an object, a nested list
    or an integer beyond what the database keeps; each refused with the field named."""
    if isinstance(data, list):
        if spec.kind != "roster":
            raise ValidationFailed(f"表单 {spec.code} 需要一个以字段名为键的 JSON 对象，而不是列表。")
        return RecordInput(values={}, roster=_roster_rows(spec, data))
    if not isinstance(data, dict):
        raise ValidationFailed("记录数据必须是 JSON 对象（或名册的行列表）。")
    data = dict(data)
    rows = data.pop("rows", None) if spec.kind == "roster" else data.pop("roster", None)
    unit_name = data.pop("unit_name", None) if "unit_name" not in spec.all_field_keys else None
    if rows is not None and not isinstance(rows, list):
        raise ValidationFailed("名册必须是行的列表。")
    if unit_name is not None and not isinstance(unit_name, str):
        raise ValidationFailed("单位名称（unit_name）必须是文字。")
    known = set(spec.all_field_keys)
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        raise ValidationFailed(f"表单 {spec.code} 没有这些字段：{', '.join(unknown)}。")
    _check_values(spec, data, "")
    return RecordInput(values=data, roster=_roster_rows(spec, rows or []), unit_name=unit_name)


def _check_values(spec: "FormSpec", values: Mapping[str, Any], where: str) -> None:
    from desktop_app.services.input_files import scalar_problem

    fields = {f.key: f for f in spec.fields}
    for key, value in values.items():
        f = fields.get(key)
        problem = scalar_problem(value, allow_list=f is not None and field_type(f.type).many)
        if problem:
            label = (getattr(f, "label", None) or key) if f is not None else key
            raise ValidationFailed(f"{where}字段“{label}”（{key}）的值{problem}，未保存。")


def _roster_rows(spec: "FormSpec", rows: list[Any]) -> list[dict[str, Any]]:
    from desktop_app.services.input_files import scalar_problem

    if len(rows) > MAX_ROSTER_ROWS:
        raise ValidationFailed(
            f"名册有 {len(rows):,} 行，超过一条记录 {MAX_ROSTER_ROWS:,} 行的上限（纸质名册不会有这么多行）。"
            "人数更多时请分成几条记录，或用“roster import”从 Excel 导入人员库。"
        )
    columns = {c.key: c for c in spec.roster.columns} if spec.roster is not None else {}
    out = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValidationFailed(f"名册第 {n} 行必须是以字段名为键的 JSON 对象，而不是{_json_kind(row)}。")
        for key, value in row.items():
            column = columns.get(key)
            problem = scalar_problem(value, allow_list=column is None or field_type(column.type).many)
            if problem:
                label = f"“{column.label}”（{key}）" if column is not None else f"“{key}”"
                raise ValidationFailed(f"名册第 {n} 行字段{label}的值{problem}，未保存。")
        out.append(dict(row))
    return out


def _json_kind(value: Any) -> str:
    return {list: "列表", str: "文字", int: "数字", float: "数字", bool: "是/否", type(None): "空值"}.get(
        type(value), "其他值")


def roster_spec_for(specs: Mapping[str, "FormSpec"], spec: "FormSpec") -> "FormSpec | None":
    if spec.kind == "roster":
        return spec
    if spec.roster_form:
        return specs[spec.roster_form]
    return None


def evaluate(
    specs: Mapping[str, "FormSpec"],
    spec: "FormSpec",
    project: Project,
    data: RecordInput,
    *,
    today: dt.date | None = None,
) -> Evaluation:
    """Single-record rules: field formats, the form's evaluator, roster rows. No database."""
    from desktop_app.core.evaluators import EVALUATORS
    from desktop_app.core.forms import reference_date, validate_values

    today = today or dt.date.today()
    ev = Evaluation(findings=list(validate_values(spec, data.values)) if spec.kind != "roster" else [])
    rspec = roster_spec_for(specs, spec)
    if rspec is not None and data.roster:
        on = reference_date(spec, data.values, project.year, today)  # R-ID-4: ages at the record's date
        ev.findings.extend(roster_findings(rspec, data.roster, project.year, today, on))
    if spec.evaluator:
        params = dict(project.params or {})
        params.setdefault("year", project.year)
        sub = EVALUATORS[spec.evaluator](data.values, data.roster, params, today)
        ev.extend(sub)
    return ev


def headcount_of(spec: "FormSpec", data: RecordInput, ev: Evaluation | None = None) -> int:
    """What a record counts towards the project's quota: the spec's ``counts`` declaration
    (services.counting) — roster rows, a headcount field, one person or unit, or nothing."""
    from desktop_app.services.counting import counted_amount

    return counted_amount(spec, data.values, data.roster)


def subsidy_of(spec: "FormSpec", ev: Evaluation) -> int:
    """The record's committed subsidy in fen: the evaluator's (typed) value of the computed key
    the spec names; 0 when the form carries none or it cannot be computed yet."""
    value = ev.computed.get(spec.subsidy_field) if spec.subsidy_field else None
    if value is None:
        return 0
    if type(value) is not int:
        raise TypeError(f"{spec.code}: subsidy {spec.subsidy_field!r} is not fen: {value!r}")
    return value


def _record_date(spec: "FormSpec", values: Mapping[str, Any]) -> dt.date | None:
    """The value of the date field the spec names (record_date_field), if any."""
    raw = values.get(spec.record_date_field) if spec.record_date_field else None
    if raw:
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            return None
    return None


def _link_roster(
    session: Session, rspec: "FormSpec", record: Record, rows: list[dict[str, Any]], origin: str | None
) -> None:
    """People are linked, not copied: person fields go to the registry, the rest to the entry.

    In bulk (issue 20): the people are resolved with one query per 500 numbers and one
    flush, the entries added at once — linear in the rows (10,000 rows took 110 s before)."""
    from desktop_app.core.ids import check_id
    from desktop_app.services.people import upsert_people

    assert rspec.roster is not None
    person_fields = rspec.roster.person_fields or {"name": "name", "id_number": "id_number"}
    id_key = next((k for k, v in person_fields.items() if v == "id_number"), "id_number")
    record.entries.clear()
    session.flush()
    linked: list[tuple[int, str, dict[str, Any]]] = []
    people: list[tuple[str, dict[str, Any]]] = []
    for seq, row in enumerate(rows, start=1):
        res = check_id(str(row.get(id_key) or ""))
        if not res.valid:
            continue  # reported by roster_findings; a draft keeps the row text only
        number = res.normalized
        people.append((number, {person_fields[k]: v for k, v in row.items() if k in person_fields and k != id_key}))
        linked.append((seq, number, {k: v for k, v in row.items() if k not in person_fields and k != "seq"}))
    ids = upsert_people(session, people, origin=origin)
    seen: set[int] = set()
    entries = []
    for seq, number, entry_data in linked:
        person_id = ids[number]
        if person_id in seen:
            continue
        seen.add(person_id)
        entries.append({"record_id": record.id, "person_id": person_id, "seq": seq, "data": entry_data})
    if entries:
        session.execute(insert(RosterEntry), entries)
    session.expire(record, ["entries"])  # read back from the table when next asked


def _store_roster_text(record: Record, rows: list[dict[str, Any]]) -> None:
    # The rows as typed are kept with the record so a draft with bad rows reopens intact.
    record.data = {**record.data, "__roster__": rows}


def save_record(
    session: Session,
    specs: Mapping[str, "FormSpec"],
    *,
    project_code: str,
    form_code: str,
    data: RecordInput,
    record_id: int | None = None,
    draft: bool = False,
    expected_revision: int | None = None,
    origin: str | None = None,
    today: dt.date | None = None,
) -> RecordResult:
    """Create or update a record. With errors it is refused unless `draft` (then stored as 草稿).
    ``expected_revision``: the revision the edit was based on; a stale one is refused (issue 15)."""
    from desktop_app.services.operators import require

    require(session, "records")
    from desktop_app.services.units import ensure_unit, remember_directory_values, remember_unit

    spec = specs.get(form_code)
    if spec is None:
        raise NotFound(f"没有表单 {form_code}。可用“forms list”查看表单代码。")
    project = get_project(session, project_code)
    if form_code not in project.forms:
        raise ValidationFailed(f"项目 {project.code}（{project.params.get('short_name', project.name)}）不使用表单 {form_code}。")
    ev = evaluate(specs, spec, project, data, today=today)
    record = None
    if record_id is not None:
        # No lost update (issue 15): on a server the row is locked until commit, so two seats
        # saving the same record at once are ordered and the second sees the first's revision.
        record = get_record(session, record_id, for_update=True)
        if expected_revision is not None and record.revision != expected_revision:
            raise StaleRecord(stale_message(session, record))
        locked = st.get(record.status).lock_reason()
        if locked:
            raise ValidationFailed(f"记录 {record_id}：{locked}")
    rspec = roster_spec_for(specs, spec)
    ev.findings.extend(
        cross_record_findings(session, project, spec, data, record.id if record else None,
                              headcount_of(spec, data, ev))
    )
    if has_errors(ev.findings) and not draft:
        raise ValidationFailed(
            f"记录有 {sum(f.is_error for f in ev.findings)} 处错误，未保存（可存为草稿）。", ev.findings
        )
    unit_name = data.unit_name or _unit_name_from(spec, data.values)
    unit = None
    if unit_name and unit_name == _unit_name_from(spec, data.values):
        # The units directory keeps the application's contact, phone, address, ownership.
        unit = remember_unit(session, spec, data.values)
    if unit is None and unit_name:
        unit = ensure_unit(session, unit_name)
    remember_directory_values(session, spec, data.values)  # a new check centre / agency
    headcount, subsidy_fen = headcount_of(spec, data, ev), subsidy_of(spec, ev)
    new_values = dict(data.values)
    new_state = {"data": new_values, "unit_name": unit_name, "headcount": headcount, "subsidy_fen": subsidy_fen}
    if record is None:
        record = Record(project_id=project.id, form_code=form_code, status=st.DRAFT.key, origin=origin, data={})
        session.add(record)
        old_view = None
    else:
        old_view = {"data": dict(record.data or {}), "unit_name": record.unit_name, "headcount": record.headcount,
                    "subsidy_fen": record.subsidy_fen}
        record.revision += 1
    record.data = dict(data.values)
    record.unit_id = unit.id if unit else None
    record.unit_name = unit_name
    record.headcount = headcount
    record.subsidy_fen = subsidy_fen
    record.computed = stored_computed(spec.evaluator, ev.computed)  # the text packages carry
    record.findings = [f.to_dict() for f in ev.findings]
    record.record_date = _record_date(spec, data.values)
    if record.status == st.RETURNED.key:
        # A corrected returned record starts again as a draft (the clerk's edit is the act). A
        # printed (待盖章) record that is edited keeps its status: its print log then shows the
        # paper as outdated (issue 4).
        record.status = st.DRAFT.key
        audit(session, "status", "record", record.id, {"status": st.RETURNED.key, "reason": record.status_reason},
              {"status": st.DRAFT.key, "reason": None}, note="修改退回的记录")
        record.status_reason = None
    if rspec is not None:
        _store_roster_text(record, data.roster)
    session.flush()
    if rspec is not None:
        _link_roster(session, rspec, record, data.roster, origin)
    session.flush()
    if old_view is None:
        created = {**new_state, "data": {**new_values, **({"__roster__": data.roster} if rspec else {})}}
        _, new = field_diff({}, {"form": form_code, "project": project.code, **created})
        audit(session, "create", "record", record.id, None, new)
    else:
        old, new = field_diff(old_view, {**{k: new_state[k] for k in old_view}, "data": dict(record.data)})
        if old or new:
            audit(session, "update", "record", record.id, old, new, note=f"revision {record.revision}")
    return RecordResult(record, ev)


def _unit_name_from(spec: "FormSpec", values: Mapping[str, Any]) -> str | None:
    """The record's unit: the field the spec's ``unit_fields`` names (no key guessing)."""
    declared = spec.unit_fields.get("name")
    if declared and values.get(declared):
        return str(values[declared]).strip()
    return None


def set_status(session: Session, record_id: int, status: str, *, reason: str | None = None,
               specs: Mapping[str, "FormSpec"] | None = None, by: str | None = None) -> Record:
    """An explicit status change. ``by``: "town" (the clerk here), "district" (the district's
    decision — at the district, or applied at the town from a return package); None = this
    office's role (a town clerk cannot mark 已通过 / 已退回 / 已结算: those are the district's)."""
    if by is None:  # a clerk's or a reviewer's own act (issue 15); packages check their importer
        from desktop_app.services.operators import require

        decision = status in (st.APPROVED.key, st.RETURNED.key, st.SETTLED.key) and _office_side(session) == "any"
        require(session, "decide" if decision else "records")
    record = get_record(session, record_id)
    if status not in st.BY_KEY or status == st.VOIDED.key:
        hint = "（作废请用“作废”，须写原因）" if status == st.VOIDED.key else ""
        raise ValidationFailed(f"未知状态：{status}{hint}")
    current, target = st.get(record.status), st.get(status)
    side = by or _office_side(session)
    if not current.can_become(status, side):
        why = ""
        if side == "town" and current.can_become(status, "district"):
            why = "这是区总工会的审核结果，只能随区总工会的回复包更新"
        elif current.lock_reason():
            why = current.lock_reason() or ""
        raise ValidationFailed(
            f"记录 {record_id} 当前为“{current.label}”，不能改为“{target.label}”。{why}".rstrip()
        )
    if status in (st.READY.key, st.SUBMITTED.key) and any(f.get("severity") == "error" for f in record.findings or []):
        raise ValidationFailed(f"记录 {record_id} 仍有错误，不能标记为“{target.label}”。请先改正。")
    if status == st.RETURNED.key and not (reason and reason.strip()):
        raise ValidationFailed("退回须填写退回原因。")
    old = {"status": record.status, "reason": record.status_reason}
    record.status = status
    record.status_reason = reason.strip() if reason else None
    audit(session, "status", "record", record.id, old, {"status": status, "reason": record.status_reason})
    return record


def _office_side(session: Session) -> str:
    from desktop_app.services.office import get_office

    office = get_office(session, required=False)
    return "any" if office is not None and office.is_district else "town"


def void_record(session: Session, record_id: int, reason: str) -> Record:
    """作废 with a reason (issue 12): any record of this office the district has not approved
    or settled. It leaves progress, totals, R-ID-5 and R-TRIP-3, stays visible under the
    已作废 filter, and goes to the district with the next package (revision + 1)."""
    from desktop_app.services.operators import require

    require(session, "records")
    record = get_record(session, record_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("作废须填写原因。")
    if len(reason) > 500:
        raise ValidationFailed("作废原因不能超过 500 字。")
    current = st.get(record.status)
    if record.origin is not None:
        raise ValidationFailed(f"记录 {record_id} 是{record.origin}报送的，只能由该单位作废。")
    if not current.voidable:
        why = "已经作废" if current.key == st.VOIDED.key else f"区总工会已{current.label.removeprefix('已')}"
        raise ValidationFailed(f"记录 {record_id} {why}（{current.label}），不能作废。")
    old = {"status": record.status, "reason": record.status_reason}
    record.status = st.VOIDED.key
    record.status_reason = reason
    record.revision += 1  # the district holds an older revision: the void replaces it
    audit(session, "void", "record", record.id, old, {"status": record.status, "reason": reason})
    return record


def delete_refusal(session: Session, record: Record) -> str | None:
    """Why a record cannot be deleted (None: it can). 删除 only for drafts never printed and
    never sent: everything else is voided instead, so the paper trail stays."""
    from desktop_app.store.models import AuditLog, PrintLog

    if record.origin is not None:
        return f"记录 {record.id} 是{record.origin}报送的，不能删除。"
    if record.status != st.DRAFT.key:
        return f"记录 {record.id} 状态为“{st.label(record.status)}”，只有从未打印、从未报送的草稿才能删除；请改用“作废”。"
    if session.scalar(select(PrintLog.id).where(PrintLog.record_id == record.id).limit(1)) is not None:
        return f"记录 {record.id} 已打印过（纸质表可能已在流转），不能删除；请改用“作废”。"
    # A record goes into a package only while 待盖章: one that was ever 待盖章 may have been sent.
    was_ready = session.scalar(select(AuditLog.id).where(
        AuditLog.entity == "record", AuditLog.entity_id == record.id, AuditLog.action == "status",
        AuditLog.new["status"].as_string().in_(st.COUNTED_KEYS)).limit(1))
    if was_ready is not None:
        return f"记录 {record.id} 曾标记为“待盖章”，可能已随数据包报送，不能删除；请改用“作废”。"
    return None


def delete_record(session: Session, record_id: int) -> dict[str, Any]:
    """删除: a draft never printed and never sent, gone for good (its history stays)."""
    from desktop_app.services.operators import require

    require(session, "records")
    record = get_record(session, record_id)
    refusal = delete_refusal(session, record)
    if refusal:
        raise ValidationFailed(refusal)
    snapshot = {"form": record.form_code, "project": record.project.code, "unit_name": record.unit_name,
                "status": record.status, "headcount": record.headcount, "revision": record.revision}
    session.delete(record)
    session.flush()
    audit(session, "delete", "record", record_id, snapshot, None)
    return {"id": record_id, "deleted": True, **snapshot}


class StaleRecord(ValidationFailed):
    """The edit was based on an older revision than the stored one (issue 15)."""


def stale_message(session: Session, record: Record) -> str:
    """"记录已被 小李 于 10:42 修改，请重新打开后再改": who and when from the record's last audit row."""
    from desktop_app.store.models import AuditLog

    last = session.execute(select(AuditLog.actor, AuditLog.at).where(
        AuditLog.entity == "record", AuditLog.entity_id == record.id).order_by(AuditLog.id.desc()).limit(1)).first()
    who, when = (last[0], last[1]) if last else ("他人", None)
    if when is None:
        at = ""
    else:
        local = when.replace(tzinfo=dt.timezone.utc).astimezone()
        today = dt.datetime.now().astimezone().date()
        at = f" 于 {local:%H:%M}" if local.date() == today else f" 于 {local:%Y-%m-%d %H:%M}"
    return (f"记录已被 {who}{at} 修改，请重新打开后再改（记录 {record.id}，现为第 {record.revision} 版）。"
            "本次修改未保存。")


def get_record(session: Session, record_id: int, *, for_update: bool = False) -> Record:
    if for_update:
        record = session.execute(select(Record).where(Record.id == record_id).with_for_update()
                                 .execution_options(populate_existing=True)).scalar_one_or_none()
    else:
        record = session.get(Record, record_id)
    if record is None:
        raise NotFound(f"找不到编号为 {record_id} 的记录。")
    return record


def roster_rows(record: Record, rspec: "FormSpec | None") -> list[dict[str, Any]]:
    """The roster as rows keyed by the roster spec's columns: linked people + entry fields."""
    typed = (record.data or {}).get("__roster__")
    if rspec is None or rspec.roster is None:
        return []
    person_fields = rspec.roster.person_fields or {}
    if typed is not None and len(typed) != len(record.entries):
        # Some typed rows are not linked (a draft with bad numbers): reopen what was typed.
        return [dict(r) for r in typed]
    rows = []
    for i, entry in enumerate(record.entries, start=1):
        p: Person = entry.person
        row = {col: _person_value(p, attr) for col, attr in person_fields.items()}
        row.update(entry.data or {})
        row["seq"] = i
        rows.append(row)
    return rows


def _person_value(p: Person, attr: str) -> Any:
    value = getattr(p, attr, None)
    return value.isoformat() if isinstance(value, dt.date) else value


def record_dict(record: Record, specs: Mapping[str, "FormSpec"] | None = None) -> dict[str, Any]:
    spec = specs.get(record.form_code) if specs else None
    rspec = roster_spec_for(specs, spec) if (specs and spec) else None
    values = {k: v for k, v in (record.data or {}).items() if k != "__roster__"}
    return {
        "id": record.id,
        "uid": record.uid,
        "project": record.project.code,
        "form": record.form_code,
        "status": record.status,
        "status_label": st.label(record.status),
        "status_reason": record.status_reason,
        "editable": st.get(record.status).editable,
        "lock_reason": st.get(record.status).lock_reason(),
        "unit_name": record.unit_name,
        "values": values,
        "roster": roster_rows(record, rspec),
        "computed": record.computed or {},
        "findings": record.findings or [],
        "headcount": record.headcount,
        "subsidy": f"{record.subsidy_fen / 100:.2f}",
        "revision": record.revision,
        "origin": record.origin,
        "created_at": record.created_at.isoformat(timespec="seconds") if record.created_at else None,
        "updated_at": record.updated_at.isoformat(timespec="seconds") if record.updated_at else None,
    }


def record_input_of(record: Record, specs: Mapping[str, "FormSpec"]) -> RecordInput:
    spec = specs[record.form_code]
    rspec = roster_spec_for(specs, spec)
    values = {k: v for k, v in (record.data or {}).items() if k != "__roster__"}
    return RecordInput(values=values, roster=roster_rows(record, rspec), unit_name=record.unit_name)


def list_record_ids(
    session: Session,
    *,
    project_code: str | None = None,
    form_code: str | None = None,
    status: str | None = None,
    unit_name: str | None = None,
    query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    origin: str | None = None,
    hide_voided: bool = False,
) -> list[int]:
    stmt = select(Record.id).order_by(Record.id)
    if project_code:
        stmt = stmt.join(Project).where(Project.code == project_code)
    if form_code:
        stmt = stmt.where(Record.form_code == form_code)
    if status:
        stmt = stmt.where(Record.status == status)
    elif hide_voided:  # the lists: a voided record is shown under the 已作废 filter (issue 12)
        stmt = stmt.where(Record.status != st.VOIDED.key)
    if unit_name:
        stmt = stmt.where(Record.unit_name.like(f"%{unit_name}%"))
    if origin:
        stmt = stmt.where(Record.origin == origin)
    if date_from:
        stmt = stmt.where(Record.record_date >= date_from)
    if date_to:
        stmt = stmt.where(Record.record_date <= date_to)
    q = query.strip()
    if q:
        stmt = stmt.where(or_(Record.unit_name.like(f"%{q}%"), Record.form_code == q))
    return list(session.scalars(stmt))


def records_by_ids(session: Session, ids: list[int]) -> dict[int, Record]:
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}


def totals(session: Session, ids: list[int]) -> tuple[int, int]:
    """Headcount and subsidy (fen) of the given records (the list's totals row): voided records
    and forms that count nothing are left out (services.counting)."""
    from desktop_app.services.counting import in_totals

    if not ids:
        return 0, 0
    h, s = session.execute(
        select(func.coalesce(func.sum(Record.headcount), 0), func.coalesce(func.sum(Record.subsidy_fen), 0))
        .where(Record.id.in_(ids), in_totals())
    ).one()
    return int(h), int(s)


__all__ = [
    "void_record", "delete_record", "delete_refusal", "RecordInput", "RecordResult", "parse_input", "evaluate", "save_record",
    "set_status", "get_record", "record_dict", "roster_rows", "list_record_ids", "records_by_ids",
    "totals", "record_input_of",
]
