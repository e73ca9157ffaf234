"""Import Excel rosters: detect → (clerk edits the mapping) → dry run → commit.

The wizard (and `roster import` on the command line) call, in order:

    plan = detect(path, "2-3-6", specs=app.specs, session=s)     # header rows, column mapping
    plan.set_target(4, "married=已婚")                           # optional: the clerk fixes it
    preview = dry_run(s, plan, specs=app.specs, record_id=12)    # every row checked, nothing written
    summary = commit(s, preview, valid_only=False, specs=app.specs)   # one transaction

DHIS2's data-value-set import is the model (DESIGN §2): the preview says which rows will be
added / updated / unchanged / rejected and why; re-importing the same file changes nothing.
Each long step takes ``progress(fraction, message) -> bool``; returning False cancels
(:class:`~desktop_app.services.errors.Cancelled`, nothing written). Row checks: ``import_rows``; store side (the
registry, the record's roster, remembered mappings): ``import_store``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from desktop_app.core.field_types import field_type, identity_key, type_of
from desktop_app.disk_errors import why
from desktop_app.documents.xlsx_columns import id_key, split_options
from desktop_app.documents.xlsx_read import (
    HEADER_SCAN_ROWS,
    col_letter,
    detect_header,
    fill_merged_down,
    filled_header_grid,
    header_signature,
    make_matcher,
    norm_text,
    open_workbook,
    sheet_merges,
    sheet_rows,
)
from desktop_app.documents.xlsx_safety import WorkbookRefused, check_workbook
from desktop_app.services.gc_pause import gc_paused
from desktop_app.services.import_plan import (  # re-exported (__all__): the wizard's API
    DEFAULT_FORM,
    ImportPlan,
    ImportPreview,
    ImportRefused,
    RosterImportSummary,
    SourceColumn,
    _tick,
    all_specs,
    importable_forms,
    load_form,
)
from desktop_app.services.import_rows import Mapped, RowChecker, RowFinding, RowResult
from desktop_app.services.progress import ProgressFn

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

SAMPLE_ROWS = 10  # data rows shown beside the mapping in the wizard


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _refused(exc: WorkbookRefused) -> ImportRefused:
    return ImportRefused(str(exc))


def detect(
    path: str | Path,
    form_code: str = DEFAULT_FORM,
    *,
    specs: Mapping[str, "FormSpec"] | None = None,
    session: Session | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    progress: ProgressFn | None = None,
) -> ImportPlan:
    """Check the file, find the roster sheet, its header row(s) and the column mapping.

    ``header_row`` (Excel row number) forces the header row; ``session`` lets a mapping
    remembered for the same header layout be applied."""
    spec, rspec = load_form(specs, form_code)
    path = Path(path)
    _tick(progress, 0.0, "正在检查文件…")
    try:
        info = check_workbook(path)
        _tick(progress, 0.05, "正在查找表头…")
        match = make_matcher(rspec.match_header)
        splits = split_options(rspec)
        labels = {norm_text(n): c.key for c in rspec.columns for n in (c.label, c.print_label) if n}
        best = None
        seen: list[tuple[str, list[list[str]], Any]] = []
        with open_workbook(path, info) as wb:
            names = wb.sheet_names()
            for name in [sheet] if sheet else names:
                if sheet and sheet not in names:
                    raise ImportRefused(f"文件“{path.name}”中没有工作表“{sheet}”。")
                parsed = wb.sheet(name)
                grid = filled_header_grid(wb.rows(parsed, nrows=HEADER_SCAN_ROWS), wb.merged(parsed),
                                          HEADER_SCAN_ROWS)
                forced = header_row - 1 if header_row else None
                if forced is not None and forced >= len(grid):
                    raise ImportRefused(f"工作表“{name}”没有第 {header_row} 行。")
                guess = detect_header(grid, match, splits, header_row=forced, labels=labels)
                seen.append((name, grid, parsed))
                if guess is not None and (best is None or guess.score > best[1].score):
                    best = (name, guess, parsed)
    except WorkbookRefused as exc:
        raise _refused(exc) from exc
    if (best is None or best[1].score < 2) and header_row is None:
        # Headers nobody recognises — but perhaps a clerk mapped this very layout before.
        best = _remembered_layout(session, form_code, seen, match, splits, labels)
    if best is None:
        expected = "、".join(f"“{c.label}”" for c in rspec.columns if not field_type(c.type).row_number)
        raise ImportRefused(
            f"文件“{path.name}”中没有找到可识别的名册表头（应有 {expected} 等列），无法导入。"
            "请确认文件和所选表单是否正确。"
        )
    name, guess, parsed = best
    columns = [
        SourceColumn(c.index, col_letter(c.index), c.header, c.parent, c.target, c.target)
        for c in guess.columns
    ]
    plan = ImportPlan(
        path=path, form_code=form_code, sheet=name, sheets=names,
        header_rows=[r + 1 for r in guess.rows], first_data_row=guess.first_data_row + 1,
        columns=columns, signature=header_signature(form_code, guess.signature_texts),
        file_kind=info.kind, spec=spec, rspec=rspec,
    )
    # The parsed sheet is kept for the dry run (calamine parses whole sheets: not twice).
    plan.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    plan._parsed = (_stat_key(path), parsed)
    try:
        first = plan.first_data_row - 1
        plan.sample = sheet_rows(parsed, first + SAMPLE_ROWS, path.name)[first:]
    except WorkbookRefused as exc:
        raise _refused(exc) from exc
    if session is not None:
        from desktop_app.services.import_store import apply_remembered

        plan.remembered = apply_remembered(session, plan)
    _tick(progress, 0.1, "表头已识别")
    return plan


def _remembered_layout(session: Session | None, form_code: str, seen: list[tuple[str, Any, Any]],
                       match: Any, splits: Any, labels: Any) -> tuple[str, Any, Any] | None:
    if session is None:
        return None
    from desktop_app.services.import_store import known_signatures

    known = known_signatures(session, form_code)
    for name, grid, parsed in seen if known else []:
        for r in range(len(grid)):
            guess = detect_header(grid, match, splits, header_row=r, labels=labels)
            if guess is not None and header_signature(form_code, guess.signature_texts) in known:
                return name, guess, parsed
    return None


# ---------------------------------------------------------------------------------------------
# Dry run


@gc_paused
def dry_run(
    session: Session,
    plan: ImportPlan,
    *,
    specs: Mapping[str, "FormSpec"] | None = None,
    record_id: int | None = None,
    project_code: str | None = None,
    today: dt.date | None = None,
    coverage_start: dt.date | None = None,
    progress: ProgressFn | None = None,
) -> ImportPreview:
    """Check every row against the rules and the store; writes nothing."""
    from desktop_app.services.import_store import classify, project_for, store_stamp, target_record

    today = today or dt.date.today()
    spec, rspec = load_form(specs, plan.form_code)
    if plan.missing_required:
        found = "、".join(f"“{h}”" for h in plan.unmapped_headers) or "（无）"
        raise ImportRefused(
            f"文件“{plan.path.name}”缺少必需的列：{'、'.join(plan.missing_required)}。"
            f"未对应的列：{found}。请在导入向导中指定列的对应关系。"
        )
    record = target_record(session, specs, plan, record_id) if record_id is not None else None
    if record is None and identity_key(rspec.columns) is None:
        raise ImportRefused(
            f"表单 {plan.form_code} 的名册不是人员名单（没有身份证号码列），只能导入到一条记录："
            "请指定记录（命令行加 --record ID）。"
        )
    project = project_for(session, plan.form_code, record, project_code)
    year = project.year if project is not None else today.year
    mapped = [
        Mapped(c.index, c.header, c.parent, *(c.target.split("=", 1) if "=" in c.target else (c.target, None)))
        for c in plan.columns if c.target
    ]
    stated_on = None
    if record is not None:
        from desktop_app.core.forms import reference_date
        from desktop_app.services.import_plan import all_specs

        rec_spec = all_specs(specs).get(record.form_code)
        if rec_spec is not None:
            stated_on = reference_date(rec_spec, record.data or {}, year, today)
    checker = RowChecker(spec, rspec, mapped, year=year, today=today,
                         params=(project.params if project is not None else None),
                         coverage_start=coverage_start, stated_on=stated_on)
    _tick(progress, 0.1, "正在读取文件…")
    try:
        cached, plan._parsed = plan._parsed, None
        if cached is not None and cached[0] == _stat_key(plan.path):
            parsed = cached[1]  # checked and parsed by detect
        else:
            info = check_workbook(plan.path)
            plan.sha256 = hashlib.sha256(plan.path.read_bytes()).hexdigest()
            with open_workbook(plan.path, info) as wb:
                parsed = wb.sheet(plan.sheet)
        data = sheet_rows(parsed, None, plan.path.name)
        fill_merged_down(data, sheet_merges(parsed), plan.first_data_row - 1, set(plan.mapping))
        del cached, parsed
    except WorkbookRefused as exc:
        raise _refused(exc) from exc
    except OSError as exc:
        raise ImportRefused(f"无法读取文件“{plan.path.name}”（{why(exc)}）。") from exc
    rows: list[RowResult] = []
    skipped = {"blank": 0, "note": 0, "header": 0}
    first_row: dict[str, int] = {}
    ikey = id_key(rspec)
    total = max(1, len(data) - plan.first_data_row + 1)
    check_fast = checker.check_fast
    for i in range(plan.first_data_row - 1, len(data)):
        cells = data[i]
        data[i] = None  # type: ignore[call-overload]  # free as we go (100,000-row files)
        if (i & 1023) == 0:
            _tick(progress, 0.1 + 0.6 * (i / total), f"正在检查第 {i + 1} 行…")
        result = check_fast(i + 1, cells)  # clean rows; anything else takes the explaining path
        if result is None:
            reason = checker.skip_reason(cells)
            if reason is not None:
                skipped[reason] += 1
                continue
            result = checker.check(i + 1, cells)
        number = result.id_number
        if number is not None:
            if number in first_row:
                header, index = checker._header(ikey)
                result.add_finding(RowFinding(
                    i + 1, header, "R-ID-5", "error",
                    f"身份证号码 {number} 与第 {first_row[number]} 行重复，同一人只能出现一次（R-ID-5）", index,
                ))
            else:
                first_row[number] = i + 1
        rows.append(result)
    del data
    preview = ImportPreview(plan, rows, skipped, year, today, record_id,
                            project.code if project is not None else None, plan.sha256)
    _tick(progress, 0.75, "正在比对人员库…")
    classify(session, preview, specs=specs, record=record, project=project, checker=checker)
    preview.store_stamp = store_stamp(session)
    _tick(progress, 1.0, "检查完成")
    return preview


@gc_paused
def commit(
    session: Session,
    preview: ImportPreview,
    *,
    valid_only: bool = False,
    specs: Mapping[str, "FormSpec"] | None = None,
    progress: ProgressFn | None = None,
) -> RosterImportSummary:
    """Write the previewed rows in one transaction (see ``import_store.commit_preview``)."""
    from desktop_app.services.operators import require

    require(session, "import")  # issue 15: imports
    from desktop_app.services.import_store import commit_preview

    return commit_preview(session, preview, valid_only=valid_only, specs=specs, progress=progress,
                          tick=_tick)


def _number_columns(plan: ImportPlan) -> tuple[int, ...]:
    """Source columns mapped to identity numbers or phones (text in the error workbook)."""
    types = {c.key: c.type for c in plan.rspec.columns} if plan.rspec is not None else {}
    return tuple(sorted(c.index for c in plan.columns
                        if c.target and _personal(types.get(c.target.split("=")[0]))))


def _personal(type_name: str | None) -> bool:
    ft = type_of(type_name)
    return ft is not None and ft.personal


def write_error_report(preview: ImportPreview, out: str | Path) -> Path:
    """The enterprise's own file back with bad cells marked, 问题说明 and a 汇总 sheet."""
    from desktop_app.documents.xlsx_errors import ErrorMark, write_error_workbook

    plan = preview.plan
    marks = [ErrorMark(f.row, f.col_index, f.column, f.rule, f.severity, f.message) for f in preview.findings]
    try:
        return write_error_workbook(
            plan.path, out, sheet=plan.sheet, header_row=plan.header_rows[0],
            last_header_row=plan.header_rows[-1], marks=marks, counts=preview.counts,
            title=plan.spec.title_for(preview.year) if plan.spec else plan.form_code,
            text_columns=_number_columns(plan),
        )
    except WorkbookRefused as exc:
        raise _refused(exc) from exc


__all__ = [
    "DEFAULT_FORM", "ImportPlan", "ImportPreview", "ImportRefused", "RosterImportSummary",
    "SourceColumn", "all_specs", "commit", "detect", "dry_run", "importable_forms",
    "load_form", "write_error_report",
]
