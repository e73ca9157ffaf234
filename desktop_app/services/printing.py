"""Printing records: one PDF for many records, a print log with verification codes, the
"paper is outdated" check, and the district's code check (issue 4).

A printed form carries a code derived from the record's uid and the hash of its printed
content (``documents.verify``): printing unchanged content again gives the same code, an edit
gives a new one. Each print of a record that is 待盖章 or later writes a PrintLog row.

A status changes only by an explicit act (issue 12): printing *for stamping*
(``for_stamping=True``, the print dialog's main action after saying so) marks clean drafts
待盖章 first; a preview, a saved PDF or ``pdf ID --out`` never changes a status. A PDF of a
record that is not 待盖章 or later carries a large 草稿 (or 已作废) watermark and no
verification code, so a draft copy cannot pass for the stamped original.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core import status as st
from desktop_app.services.audit import audit
from desktop_app.services.errors import NotFound, ServiceError, ValidationFailed
from desktop_app.services.records import get_record, roster_rows, roster_spec_for, set_status
from desktop_app.store.models import PrintLog, Record

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec


class PrintRefused(ServiceError):
    """Printing stopped (missing glyph, content too long, unwritable file); nothing written."""


@dataclass
class PrintedRecord:
    record_id: int
    form: str
    code: str | None  # None: a draft copy (watermarked, no verification code)
    revision: int
    new_code: bool
    status: str
    pages: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__, status_label=st.label(self.status))


@dataclass
class PrintResult:
    path: str
    pages: int = 0
    records: list[PrintedRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "pages": self.pages, "warnings": self.warnings,
                "records": [r.to_dict() for r in self.records]}


@lru_cache(maxsize=1)
def _default_specs() -> dict[str, FormSpec]:
    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs

    return load_specs(resource_path("forms"))


@dataclass
class Printable:
    """What one record prints, and its verification code."""

    record: Record
    spec: FormSpec
    roster_spec: FormSpec | None
    values: dict[str, Any]
    roster: list[dict[str, Any]]
    year: int
    digest: str
    code: str


def printable(record: Record, specs: Mapping[str, FormSpec]) -> Printable:
    from desktop_app.documents.verify import content_hash, printed_content, short_code

    spec = specs.get(record.form_code)
    if spec is None:
        raise NotFound(f"记录 {record.id} 使用的表单 {record.form_code} 不存在，无法打印。")
    rspec = roster_spec_for(specs, spec)
    values = {k: v for k, v in (record.data or {}).items() if k != "__roster__"}
    roster = roster_rows(record, rspec) if rspec is not None else []
    year = record.project.year
    digest = content_hash(printed_content(spec, values, roster, year, rspec))
    return Printable(record, spec, rspec, values, roster, year, digest, short_code(record.uid, digest))


def _where(record: Record) -> str:
    return f"记录 {record.id}" + (f"（{record.unit_name}）" if record.unit_name else "") + " "


def watermark_of(record: Record) -> str | None:
    """草稿 / 已作废 across a PDF of a record that is not the stamped original (None: it is)."""
    status = st.get(record.status)
    if status.original:
        return None
    return st.VOIDED.label if status.key == st.VOIDED.key else st.DRAFT.label


def _render(c: Any, p: Printable, copies: int | None) -> tuple[int, list[str]]:
    from desktop_app.documents.fonts import MissingGlyphError
    from desktop_app.documents.pdf_forms import LayoutError, render_form
    from desktop_app.documents.pdf_roster import render_roster
    from desktop_app.documents.verify import Mark, qr_text

    r = p.record
    wm = watermark_of(r)
    mark = None if wm else Mark(p.code, qr_text(p.code, r.id, r.revision, r.uid, p.digest),
                                f"记录 {r.id} · 第 {r.revision} 版")
    try:
        if p.spec.kind == "roster":
            return render_roster(c, p.spec, p.roster, p.year, mark=mark, where=_where(r), watermark=wm), []
        res = render_form(c, p.spec, p.values, p.year, mark=mark, where=_where(r),
                          copies=copies if copies is not None else p.spec.copies, watermark=wm)
        pages = res.pages
        if p.roster_spec is not None and p.roster:
            pages += render_roster(c, p.roster_spec, p.roster, p.year, mark=mark, where=_where(r), watermark=wm)
        return pages, [f"记录 {r.id}：{w}" for w in res.warnings]
    except (MissingGlyphError, LayoutError) as exc:
        raise PrintRefused(str(exc)) from None


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Temp file in the same folder, flushed and synced, then renamed over the target."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise PrintRefused(f"无法写入文件 {path}：{_reason(exc)}。没有生成文件。") from exc
    return path


def _reason(exc: OSError) -> str:
    """Why, and what to do — in Chinese, never the system's English text (issue 20)."""
    from desktop_app.disk_errors import advice, why

    return f"{why(exc)}。{advice(exc).rstrip('。')}"


def check_target(path: str | Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise PrintRefused(f"无法写入文件 {path}：这是一个文件夹。请给出 PDF 文件名。")
    if not path.parent.is_dir():
        raise PrintRefused(f"无法写入文件 {path}：文件夹 {path.parent} 不存在。")
    if not os.access(path.parent, os.W_OK):
        raise PrintRefused(f"无法写入文件 {path}：没有写入该文件夹的权限。")
    return path


def _ids(record_ids: list[int], copies: int | None) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in record_ids))
    if not ids:
        raise ValidationFailed("请至少选择一条要打印的记录。")
    if copies is not None and not 1 <= copies <= 10:
        raise ValidationFailed("打印份数应为 1–10。")
    return ids


def _render_all(items: list[Printable], copies: int | None) -> tuple[bytes, list[int], list[str]]:
    from desktop_app.documents.pdf_forms import new_canvas

    buf = io.BytesIO()
    title = items[0].spec.title_for(items[0].year) if len(items) == 1 else f"{len(items)} 份表格"
    c = new_canvas(buf, title)
    pages_of: list[int] = []
    warnings: list[str] = []
    for p in items:
        pages, found = _render(c, p, copies)
        pages_of.append(pages)
        warnings += found
    c.save()
    return buf.getvalue(), pages_of, warnings


def preview_pdf(session: Session, specs: Mapping[str, FormSpec] | None, record_ids: list[int], *,
                copies: int | None = None) -> tuple[bytes, list[str]]:
    """The PDF bytes exactly as they would print (for the in-program preview); logs nothing and
    changes no status."""
    specs = specs if specs is not None else _default_specs()
    items = [printable(get_record(session, i), specs) for i in _ids(record_ids, copies)]
    data, _pages, warnings = _render_all(items, copies)
    return data, warnings


def print_records(session: Session, specs: Mapping[str, FormSpec] | None, record_ids: list[int],
                  out_path: str | Path, *, copies: int | None = None,
                  actor: str | None = None, for_stamping: bool = False) -> PrintResult:
    """Render the records into one PDF and log each print of a 待盖章-or-later record.
    ``for_stamping``: the clerk's explicit act of printing for stamping — clean drafts (and
    corrected returned records) are marked 待盖章 first; one with errors stays a draft and
    prints as a watermarked copy (the GUI refuses it before). Without it no
    status changes and drafts print watermarked, without a code. Nothing is written (file or
    rows) when any record cannot be printed."""
    from desktop_app.services.operators import require

    require(session, "print")  # issue 15: a logged print (and 待盖章 for stamping) is the clerk's act
    specs = specs if specs is not None else _default_specs()
    ids = _ids(record_ids, copies)
    target = check_target(out_path)
    records = [get_record(session, i) for i in ids]
    if for_stamping:
        for r in records:
            if r.status in (st.DRAFT.key, st.RETURNED.key) and not any(
                    f.get("severity") == "error" for f in r.findings or []):
                set_status(session, r.id, st.READY.key, by="town")
    items = [printable(r, specs) for r in records]
    data, pages_of, warnings = _render_all(items, copies)
    result = PrintResult(str(target), warnings=warnings)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for p, pages in zip(items, pages_of):
        r = p.record
        if watermark_of(r):  # a draft copy: not the original, nothing logged
            result.records.append(PrintedRecord(r.id, r.form_code, None, r.revision, False, r.status, pages))
            result.pages += pages
            continue
        last = _last_print(session, r.id)
        session.add(PrintLog(record_id=r.id, revision=r.revision, code=p.code, content_hash=p.digest,
                             printed_at=now, actor=actor))
        audit(session, "print", "record", r.id, None, {"code": p.code, "revision": r.revision},
              actor=actor)
        result.records.append(PrintedRecord(r.id, r.form_code, p.code, r.revision,
                                            last is None or last.code != p.code, r.status, pages))
        result.pages += pages
    session.flush()
    write_atomic(target, data)
    return result


def _last_print(session: Session, record_id: int) -> PrintLog | None:
    return session.scalar(
        select(PrintLog).where(PrintLog.record_id == record_id).order_by(PrintLog.id.desc()).limit(1)
    )


def print_status(session: Session, record_id: int, specs: Mapping[str, FormSpec] | None = None) -> dict[str, Any]:
    """Does the latest print match the record now? (the paper in circulation is outdated when not)"""
    record = get_record(session, record_id)
    p = printable(record, specs if specs is not None else _default_specs())
    last = _last_print(session, record_id)
    out: dict[str, Any] = {"record_id": record_id, "revision": record.revision, "code": p.code,
                           "printed": last is not None, "current": False, "printed_code": None,
                           "printed_revision": None, "printed_at": None}
    if last is None:
        out["message"] = "尚未打印。"
        return out
    out.update(printed_code=last.code, printed_revision=last.revision,
               printed_at=last.printed_at.isoformat(timespec="seconds"))
    out["current"] = last.content_hash == p.digest
    if out["current"]:
        out["message"] = f"纸质版与记录一致（校验码 {last.code}）。"
    else:
        out["message"] = (f"纸质版已过期：打印后又修改过（打印的是第 {last.revision} 版，校验码 {last.code}；"
                          f"现为第 {record.revision} 版）。请重新打印并盖章。")
    return out


def verify_code(session: Session, code: str, specs: Mapping[str, FormSpec] | None = None) -> dict[str, Any]:
    """Check a typed or scanned code: which record and version it is, and whether it is current."""
    from desktop_app.documents.verify import normalize_code, parse_qr

    specs = specs if specs is not None else _default_specs()
    norm = normalize_code(code)
    if norm is None:
        raise ValidationFailed(f"“{code.strip()}”不是有效的校验码（应为 8 位字母数字，如 7KQ2-9XHM）。")
    qr = parse_qr(code)
    log = session.scalar(select(PrintLog).where(PrintLog.code == norm).order_by(PrintLog.id.desc()).limit(1))
    record: Record | None = None
    if log is not None:
        record = session.get(Record, log.record_id)
    elif qr is not None:
        record = session.scalar(select(Record).where(Record.uid == qr["uid"]))
    else:  # printed elsewhere (a town's paper checked at the district): recompute codes
        for candidate in session.scalars(select(Record).order_by(Record.id.desc())):
            if candidate.form_code in specs and printable(candidate, specs).code == norm:
                record = candidate
                break
    if record is None:
        raise NotFound(f"没有找到校验码 {norm} 对应的记录：纸质表可能不是本系统打印的，"
                       "或打印后记录又被修改过（修改后须重新打印、重新报送）。")
    p = printable(record, specs)
    current = p.code == norm
    printed_rev = log.revision if log is not None else (qr["revision"] if qr else record.revision)
    who = f"记录 {record.id}" + (f"（{record.unit_name}）" if record.unit_name else "")
    if current:
        message = f"校验码 {norm} 与{who}第 {record.revision} 版一致：纸质表与记录相符。"
    else:
        message = (f"校验码 {norm} 是{who}第 {printed_rev} 版的纸质表；记录此后已修改（现为第 "
                   f"{record.revision} 版），纸质版已过期。")
    return {
        "code": norm, "record_id": record.id, "uid": record.uid, "form": record.form_code,
        "project": record.project.code, "unit_name": record.unit_name, "status": record.status,
        "status_label": st.label(record.status), "revision": record.revision,
        "printed_revision": printed_rev, "current": current, "current_code": p.code,
        "printed_at": log.printed_at.isoformat(timespec="seconds") if log is not None else None,
        "message": message,
    }


def blank_form(spec: FormSpec, out: str | Path, year: int | str | None, rows: int | None = None,
               copies: int = 1) -> PrintResult:
    """An empty form (or a roster with ``rows`` empty numbered rows) to fill by hand."""
    from desktop_app.documents.fonts import MissingGlyphError
    from desktop_app.documents.pdf_forms import LayoutError, new_canvas, render_form
    from desktop_app.documents.pdf_roster import render_roster

    target = check_target(out)
    if rows is not None and not 1 <= rows <= 10000:
        raise ValidationFailed("空白名册行数应为 1–10000。")
    buf = io.BytesIO()
    c = new_canvas(buf, spec.title_for(year or ""))
    result = PrintResult(str(target))
    try:
        if spec.kind == "roster":
            result.pages = render_roster(c, spec, [], year, blank_rows=rows or 20)
        else:
            res = render_form(c, spec, {}, year, copies=copies)
            result.pages, result.warnings = res.pages, res.warnings
    except (MissingGlyphError, LayoutError) as exc:
        raise PrintRefused(str(exc)) from None
    c.save()
    write_atomic(target, buf.getvalue())
    return result
