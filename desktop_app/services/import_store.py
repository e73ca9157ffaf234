"""Store side of the roster import: compare with the registry, write, remember mappings.

Speed (a 10,000-row roster must import in ≤ 2× the time of a raw sqlite executemany): people
are looked up one query per chunk of identity numbers, new people are inserted in bulk
(``insert(Person)`` with a list of rows), and a bulk import writes ONE audit row summarising
it (file, its SHA-256, counts) instead of one row per new person — that is the accepted
granularity for bulk imports. Changes to *existing* people still go through
``people.upsert_person`` one by one, so each keeps its own audit row with old and new values.
With a record, the rows become that record's roster through ``records.save_record`` (the
record's own form, so its rules run), keeping the record's values and the people already on
its roster (rows of the file are merged in by identity number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.core.field_types import field_type, identity_key
from desktop_app.core.ids import same_person_message
from desktop_app.documents.xlsx_columns import id_key
from desktop_app.services.audit import audit
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.import_plan import ImportRefused, RosterImportSummary, all_specs
from desktop_app.services.import_rows import RowFinding, RowResult
from desktop_app.services.progress import ProgressFn
from desktop_app.services.record_input import RecordInput
from desktop_app.store import people_repo
from desktop_app.store.models import ImportMapping, Person, Project, Record, RosterEntry, utcnow
from desktop_app.store.rosters import same_project_holders

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec, RosterSpec
    from desktop_app.services.import_plan import ImportPlan, ImportPreview
    from desktop_app.services.import_rows import RowChecker

Tick = Callable[[ProgressFn | None, float, str], None]  # import_plan._tick: report, maybe cancel
CHUNK = 500
PERSON_COLUMNS = ("name", "gender", "birth_date", "phone", "work_unit", "industry", "is_member", "member_card_no")


# ---------------------------------------------------------------------------------------------
# Remembered mappings


def apply_remembered(session: Session, plan: "ImportPlan") -> bool:
    saved = session.scalar(select(ImportMapping).where(ImportMapping.signature == plan.signature))
    if saved is None or saved.form_code != plan.form_code:
        return False
    columns = (saved.mapping or {}).get("columns", {})
    valid = {t for t, _ in plan.target_choices()}
    for c in plan.columns:
        if str(c.index) in columns:
            target = columns[str(c.index)]
            c.target = target if (target is None or target in valid) else c.target
    return True


def known_signatures(session: Session, form_code: str) -> set[str]:
    return set(session.scalars(select(ImportMapping.signature).where(ImportMapping.form_code == form_code)))


def remember_mapping(session: Session, plan: "ImportPlan") -> None:
    value = {"columns": {str(c.index): c.target for c in plan.columns},
             "headers": [c.header for c in plan.columns]}
    saved = session.scalar(select(ImportMapping).where(ImportMapping.signature == plan.signature))
    if saved is None:
        session.add(ImportMapping(signature=plan.signature, form_code=plan.form_code, mapping=value))
    elif saved.mapping != value or saved.form_code != plan.form_code:
        saved.mapping, saved.form_code = value, plan.form_code


# ---------------------------------------------------------------------------------------------
# Classification against the store


def project_for(session: Session, form_code: str, record: Record | None, project_code: str | None) -> Project | None:
    """The project whose year and rules apply: the record's, the one named, or the latest
    project using the form (None when no project uses it)."""
    from desktop_app.services.catalog import get_project

    if record is not None:
        return record.project
    if project_code:
        return get_project(session, project_code)
    using = [p for p in session.scalars(select(Project)) if form_code in (p.forms or [])]
    return max(using, key=lambda p: (p.year, p.code)) if using else None


def target_record(session: Session, specs: Mapping[str, "FormSpec"] | None, plan: "ImportPlan",
                  record_id: int) -> Record:
    from desktop_app.services.records import get_record, roster_spec_for

    record = get_record(session, record_id)
    specs = all_specs(specs)
    spec = specs[record.form_code]
    rspec = roster_spec_for(specs, spec) if spec.roster or spec.roster_form else None
    if rspec is None:
        raise ImportRefused(
            f"记录 {record_id}（表单 {record.form_code}）没有名册，不能把 Excel 名册导入到这条记录；"
            "不指定记录导入即可登记到人员库。"
        )
    if rspec.code != plan.form_code:
        raise ImportRefused(f"记录 {record_id} 的名册是表单 {rspec.code}，与导入所选的表单 {plan.form_code} 不符。")
    if not st.get(record.status).editable:
        raise ImportRefused(f"记录 {record_id} 状态为“{st.label(record.status)}”，不能修改名册。")
    return record


_PLANS: dict[int, tuple[Any, tuple[tuple[str, str, dict[object, object] | None], ...]]] = {}


def _person_plan(rspec: "RosterSpec") -> tuple[tuple[str, str, dict[object, object] | None], ...]:
    """(column key, Person attribute, value translation or None) for the registry fields."""
    held = _PLANS.get(id(rspec))
    if held is not None and held[0] is rspec:
        return held[1]
    plan = _make_person_plan(rspec)
    _PLANS[id(rspec)] = (rspec, plan)
    return plan


def _make_person_plan(rspec: "RosterSpec") -> tuple[tuple[str, str, dict[object, object] | None], ...]:
    cols = {c.key: c for c in rspec.columns}
    out: list[tuple[str, str, dict[object, object] | None]] = []
    for key, attr in (rspec.person_fields or {}).items():
        if attr == "id_number" or attr not in PERSON_COLUMNS:
            continue
        col = cols.get(key)
        table: dict[object, object] | None = None
        if attr == "is_member":
            table = {"yes": True, "no": False, True: True, False: False}
        elif col is not None and field_type(col.type).picks_one and col.options:
            table = {o.value: o.label for o in col.options}  # the registry keeps the words (快递物流)
        out.append((key, attr, table))
    return tuple(out)


def person_values(rspec: "RosterSpec", row: RowResult) -> dict[str, Any]:
    """Registry attributes of a row, as ``upsert_person`` would set them."""
    out: dict[str, Any] = {}
    values = row.values
    for key, attr, table in _person_plan(rspec):
        value = values.get(key)
        if value is None or value == "":
            continue
        if table is not None:
            value = table.get(value, None if attr == "is_member" else value)
            if value is None:
                continue
        out[attr] = value
    out.setdefault("gender", row.gender)
    out.setdefault("birth_date", row.birth_date)
    return out


def entry_values(rspec: "RosterSpec", row: RowResult) -> dict[str, Any]:
    person = rspec.person_fields or {}
    return {k: v for k, v in row.values.items() if k not in person and k != "seq"}


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def store_stamp(session: Session) -> tuple[Any, ...]:
    """What a classification depends on (people_repo.import_stamp): re-classify when it moved."""
    return people_repo.import_stamp(session)


def classify(session: Session, preview: "ImportPreview", *, specs: Mapping[str, FormSpec] | None,
             record: Record | None, project: Project | None, checker: "RowChecker | None" = None) -> None:
    """Set each row's action: added / updated / unchanged / rejected (R-ID-5 across records)."""
    rspec = preview.plan.rspec
    assert rspec is not None
    preview.store_stamp = None
    if identity_key(rspec.columns) is None:
        _classify_rows_only(preview, _existing_rows(specs, record))
        return
    numbers = [r.id_number for r in preview.rows if r.id_number and (not r.findings or not r.rejected)]
    existing = _people_by_number(session, numbers)
    entries: dict[int, dict[str, Any]] = {}
    elsewhere: dict[str, tuple[int, str | None]] = {}
    if record is not None:
        for person_id, data in session.execute(
            select(RosterEntry.person_id, RosterEntry.data).where(RosterEntry.record_id == record.id)
        ):
            entries[person_id] = data or {}
        elsewhere = same_project_holders(session, record.project_id, numbers, exclude_record_id=record.id)
    ikey = id_key(rspec)
    header, index = checker._header(ikey) if checker is not None else (None, None)
    year = project.year if project is not None else preview.year
    for row in preview.rows:
        row.changes, row.person_id, row.person_changed = None, None, False
        if not row.findings:  # the common case: a clean row (no store findings to drop either)
            if row.id_number not in elsewhere:
                current = existing.get(row.id_number or "")
                if current is None:
                    row.action = "added"
                    continue
        else:
            row.findings = [f for f in row.findings if not f.store]
        if row.id_number in elsewhere and not row.rejected:
            rid, unit = elsewhere[row.id_number]
            f = RowFinding(row.row, header, "R-ID-5", "error",
                           same_person_message(row.id_number, year, rid, unit), index, store=True)
            row.add_finding(f)
        if row.rejected:
            row.action = "rejected"
            continue
        current = existing.get(row.id_number or "")
        if current is None:
            row.action = "added"
            continue
        values = person_values(rspec, row)
        changes = {k: (current[k], v) for k, v in values.items() if current[k] != v}
        row.person_id, row.person_changed = current["id"], bool(changes)
        if record is not None:
            if current["id"] not in entries:
                row.action, row.changes = "added", changes or None
                continue
            old = entries[current["id"]]
            changes.update({k: (old.get(k), v) for k, v in entry_values(rspec, row).items() if old.get(k) != v})
        row.action = "updated" if changes else "unchanged"
        row.changes = changes or None


_LOOKUP_COLUMNS = ("id", "id_number", *PERSON_COLUMNS)


def _people_by_number(session: Session, numbers: list[str]) -> dict[str, dict[str, Any]]:
    return people_repo.people_by_numbers(session, numbers, _LOOKUP_COLUMNS)


def _row_key(values: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in values.items() if k != "seq" and v not in (None, "")))


def _existing_rows(specs: Mapping[str, FormSpec] | None, record: Record | None) -> list[dict[str, Any]]:
    from desktop_app.services.records import record_input_of

    if record is None:
        return []
    specs = all_specs(specs)
    return [{k: v for k, v in r.items() if k != "seq"} for r in record_input_of(record, specs).roster]


def _classify_rows_only(preview: "ImportPreview", existing: list[dict[str, Any]]) -> None:
    """Rosters without people (GIFT-LIST …): a row equal to one already there is unchanged."""
    have = {_row_key(r) for r in existing}
    for row in preview.rows:
        row.changes, row.person_id, row.person_changed = None, None, False
        row.action = "rejected" if row.rejected else ("unchanged" if _row_key(row.values) in have else "added")


# ---------------------------------------------------------------------------------------------
# Commit


def commit_preview(session: Session, preview: "ImportPreview", *, valid_only: bool,
                   specs: Mapping[str, FormSpec] | None, progress: ProgressFn | None,
                   tick: Tick) -> RosterImportSummary:

    plan = preview.plan
    rspec = plan.rspec
    assert rspec is not None
    tick(progress, 0.0, "正在导入…")
    with session.begin_nested():
        record = target_record(session, specs, plan, preview.record_id) if preview.record_id else None
        project = project_for(session, plan.form_code, record, preview.project_code)
        if preview.store_stamp is None or preview.store_stamp != store_stamp(session):
            classify(session, preview, specs=specs, record=record, project=project)  # the store moved
        rejected = preview.count("rejected")
        if rejected and not valid_only:
            raise ImportRefused(
                f"文件“{plan.path.name}”有 {rejected} 行有错误，按“全部有效才导入”的要求，未导入任何数据。"
                "请改正后重新导入，或选择“只导入有效行”。"
            )
        valid = [r for r in preview.rows if r.action != "rejected"]
        _write_people(session, rspec, valid, progress, tick)
        record_findings: list[dict[str, Any]] = []
        if record is not None:
            tick(progress, 0.8, "正在写入名册…")
            record_findings = _save_roster(session, specs, record, rspec, valid)
        remember_mapping(session, plan)
        summary = RosterImportSummary(
            file=str(plan.path), rows=len(preview.rows), added=preview.count("added"),
            updated=preview.count("updated"), unchanged=preview.count("unchanged"), rejected=rejected,
            record_id=record.id if record is not None else None, record_findings=record_findings,
        )
        audit(session, "import", "roster", summary.record_id, None,
              {**summary.to_dict(), "file": plan.path.name, "sha256": preview.file_sha256,
               "form": plan.form_code, "valid_only": valid_only},
              note=f"Excel 名册导入：{plan.path.name}")
    tick(progress, 1.0, "导入完成")
    return summary


def _bulk_insert(session: Session, columns: Sequence[str], rows: list[list[Any]], now: dt.datetime) -> None:
    people_repo.insert_people(session, columns, rows, now, all_columns=_INSERT_COLUMNS)


_INSERT_COLUMNS = ("id_number", *PERSON_COLUMNS, "origin", "revision", "created_at", "updated_at")


def _write_people(session: Session, rspec: "RosterSpec", rows: list[RowResult], progress: ProgressFn | None,
                  tick: Tick) -> None:
    from desktop_app.services.people import upsert_person

    session.flush()  # anything pending goes first: the bulk insert bypasses the unit of work
    # In file order (the rows' objects lie in memory in that order: reading them sorted by
    # identity number cost ~15 ms more per 10,000 rows in cache misses); the built rows are
    # sorted afterwards.
    new = [r for r in rows if r.person_id is None and r.id_number]
    known = {r.id_number for r in rows if r.person_id is not None}
    if known or len({r.id_number for r in new}) != len(new):
        # once per person: the file's first row (rows sharing a number are rejected, unless
        # only the valid ones are imported); set operations only in this rare case
        first: dict[str | None, RowResult] = {}
        for r in new:
            if r.id_number not in known:
                first.setdefault(r.id_number, r)
        new = list(first.values())
    now = utcnow()
    built: list[list[Any]] = []
    # person_values() inlined: the person columns the roster fills, then gender and birth date
    # (from the identity number when not stated); values read with one map() per row —
    # row by row: one pass over the rows' values measured faster than one pass per column
    # (44.9 ms vs 36.4 ms for 10,000 rows: the values dicts are read once, while in cache)
    plan = _person_plan(rspec)
    columns = [attr for _, attr, _ in plan]
    keys: list[Any] = [key for key, _, _ in plan]
    for attr in ("gender", "birth_date"):
        if attr not in columns:
            columns.append(attr)
            keys.append(object())  # in no row's values: None, filled below
    tables = [(pos + 1, attr == "is_member", table) for pos, (_, attr, table) in enumerate(plan) if table is not None]
    at_name = columns.index("name") + 1 if "name" in columns else None
    at_gender, at_birth = columns.index("gender") + 1, columns.index("birth_date") + 1
    dialect = session.get_bind().dialect
    date_text = Person.__table__.c["birth_date"].type.dialect_impl(dialect).bind_processor(dialect) or str
    iso: dict[dt.date, str] = {}  # birth dates repeat: one isoformat() per distinct date
    for row in new:
        out = [row.id_number, *map(row.values.get, keys)]
        if "" in out:
            out = [None if v == "" else v for v in out]
        for pos, member, table in tables:
            value = out[pos]
            if value is not None:
                out[pos] = table.get(value, None if member else value)
        if out[at_gender] is None:
            out[at_gender] = row.gender
        birth = out[at_birth]
        if birth is None:
            birth = row.birth_date
        if birth is not None:
            # a plain date of year ≥ 1000: isoformat() is the Date processor's own text
            # ("%04d-%02d-%02d") without the call through SQLAlchemy
            if birth.__class__ is dt.date and birth.year >= 1000:
                text = iso.get(birth)
                if text is None:
                    text = iso[birth] = birth.isoformat()
                out[at_birth] = text
            else:
                out[at_birth] = date_text(birth)
        if at_name is None or not out[at_name]:
            raise ValidationFailed(f"第 {row.row} 行缺少姓名，未导入。")
        built.append(out)
    # in identity-number order: the uq_people_id_number index then grows at one place per
    # batch instead of 10,000 (~10–15 % less insert time)
    built.sort(key=itemgetter(0))
    step = 5000
    for i in range(0, len(built), step):
        _bulk_insert(session, columns, built[i : i + step], now)
        done = min(len(built), i + step)
        tick(progress, 0.1 + 0.6 * done / len(built), f"已写入 {done} 人…")
    for row in rows:
        if row.person_changed and row.id_number:
            upsert_person(session, row.id_number, person_values(rspec, row))


def _save_roster(session: Session, specs: Mapping[str, FormSpec] | None, record: Record, rspec: "RosterSpec",
                 rows: list[RowResult]) -> list[dict[str, Any]]:
    from desktop_app.core.ids import check_id
    from desktop_app.services.records import record_input_of

    specs = all_specs(specs)
    data = record_input_of(record, specs)
    if identity_key(rspec.columns) is None:
        have = {_row_key(r) for r in data.roster}
        data.roster = [{k: v for k, v in r.items() if k != "seq"} for r in data.roster] + [
            {k: v for k, v in r.values.items() if k != "seq"} for r in rows if _row_key(r.values) not in have
        ]
        return _save(session, specs, record, data)
    ikey = id_key(rspec)
    merged: list[dict[str, Any]] = []
    position: dict[str, int] = {}
    for old in data.roster:
        old = {k: v for k, v in old.items() if k != "seq"}
        res = check_id(str(old.get(ikey) or ""))
        if res.valid:
            position[res.normalized] = len(merged)
        merged.append(old)
    for row in rows:
        values = {k: v for k, v in row.values.items() if k != "seq"}
        at = position.get(row.id_number or "")
        if at is None:
            position[row.id_number or ""] = len(merged)
            merged.append(values)
        else:
            merged[at] = {**merged[at], **values}
    data.roster = merged
    return _save(session, specs, record, data)


def _save(session: Session, specs: Mapping[str, FormSpec], record: Record, data: RecordInput) -> list[dict[str, Any]]:
    from desktop_app.services.records import save_record

    try:
        result = save_record(
            session, specs, project_code=record.project.code, form_code=record.form_code, data=data,
            record_id=record.id, draft=record.status in (st.DRAFT.key, st.RETURNED.key), origin=record.origin,
        )
    except ValidationFailed as exc:
        details = "；".join(f.message for f in exc.findings[:5] if getattr(f, "is_error", True))
        raise ValidationFailed(f"名册导入后记录 {record.id} 有错误，未导入：{details or exc}", exc.findings) from exc
    except ServiceError:
        raise
    return [f.to_dict() for f in result.findings]
