"""Print, save and open records' PDFs: the Qt print dialog, the print job (print_records →
the PDF actually printed → the printer), batch print with progress and cancel.

One print job is one transaction: ``print_records`` writes the print log and moves clean
drafts to 待盖章, the pages go to the printer, then it commits. A cancel (or a printer error)
aborts the job and rolls the log back, so the log only lists papers that were printed.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app.gui import messages
from desktop_app.gui.printing.render import keep_a4, paint_pdf, paper_name
from desktop_app.gui.tasks import run_task
from desktop_app.services import printing
from desktop_app.services.errors import Cancelled
from desktop_app.services.progress import ProgressFn
from desktop_app.services.records import list_record_ids, records_by_ids

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)
Done = Callable[[printing.PrintResult], None]


def new_printer() -> QPrinter:
    """The printer the dialog configures (tests replace this with a PdfFormat printer)."""
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def default_copies(app: "App", ids: Sequence[int]) -> int | None:
    """The forms' own number of copies (2-3-2 一式二份) when every record agrees, else None."""
    with app.session() as s:
        codes = {r.form_code for r in records_by_ids(s, list(ids)).values()}
    copies = {app.specs[c].copies for c in codes if c in app.specs}
    return copies.pop() if len(copies) == 1 else None


def application_ids(app: "App", project_code: str) -> list[int]:
    """Every application form (kind application) of a project, in record order."""
    with app.session() as s:
        ids: list[int] = []
        for code, spec in app.specs.items():
            if spec.kind == "application":
                ids += list_record_ids(s, project_code=project_code, form_code=code)
    return sorted(ids)


def choose_printer(parent: QWidget | None, copies: int | None) -> tuple[QPrinter, int | None] | None:
    """The Qt print dialog (份数 preset to the form's copies); A4 re-applied and checked after
    it. Returns (printer, copies to render) or None when cancelled."""
    printer = new_printer()
    default = copies or 1
    printer.setCopyCount(default)
    keep_a4(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = max(1, min(10, printer.copyCount()))
    printer.setCopyCount(1)  # the copies are pages of the PDF (each carries the code)
    if not keep_a4(printer):
        answer = QMessageBox.question(
            parent, "纸张不是 A4",
            f"打印机没有接受 A4 纸（当前：{paper_name(printer)}）。表格按 A4 实际尺寸打印，"
            "可能被裁切或缩放。仍要打印吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return printer, (None if chosen == default else chosen)


def _temp_pdf() -> Path:
    fd, name = tempfile.mkstemp(prefix="unionledger-", suffix=".pdf")
    os.close(fd)
    return Path(name)


def print_job(app: "App", ids: Sequence[int], printer: QPrinter, copies: int | None,
              progress: ProgressFn) -> printing.PrintResult:
    """print_records (log, 待盖章) → that PDF → the printer, in one transaction."""
    ids = list(ids)
    progress(None, f"正在生成 {len(ids)} 份表格…")
    tmp = _temp_pdf()
    try:
        with app.transaction() as s:
            result = printing.print_records(s, app.specs, ids, tmp, copies=copies, for_stamping=True)
            data = tmp.read_bytes()
            starts, first = [], 1  # the first page of each record, for the progress text
            for r in result.records:
                starts.append(first)
                first += r.pages
            n = len(result.records)

            stopped: list[bool] = []

            def on_page(done: int, total: int) -> bool:
                k = max(i for i, start in enumerate(starts) if start <= done) + 1
                if not progress(done / total, f"正在打印第 {k}/{n} 份（第 {done}/{total} 页）…"):
                    stopped.append(True)
                return not stopped

            paint_pdf(printer, data, on_page)
            if stopped:
                raise Cancelled("打印已取消：打印任务已撤销，没有记入打印记录。")
        return result
    finally:
        tmp.unlink(missing_ok=True)


def print_ids(parent: QWidget | None, app: "App", ids: Sequence[int], on_done: Done | None = None,
              *, title: str = "打印") -> bool:
    """The whole 打印… action: dialog, then the job in the background. False when cancelled."""
    ids = list(ids)
    if not ids:
        messages.info(parent, "请先在列表中选择要打印的记录。")
        return False
    if not confirm_stamping(parent, app, ids):
        return False
    chosen = choose_printer(parent, default_copies(app, ids))
    if chosen is None:
        return False
    printer, copies = chosen

    def done(result: printing.PrintResult) -> None:
        report_printed(parent, result)
        if on_done is not None:
            on_done(result)

    run_task(parent, f"{title}（{len(ids)} 份）", lambda p: print_job(app, ids, printer, copies, p),
             done, lambda exc: _failed(parent, exc))
    return True


def confirm_stamping(parent: QWidget | None, app: "App", ids: Sequence[int]) -> bool:
    """Printing for stamping marks drafts 待盖章 (issue 12: only by an explicit act): say so
    first. Records with errors, voided or locked ones are named; True = go on."""
    from desktop_app.core import status as st

    with app.session() as s:
        recs = records_by_ids(s, list(ids))
        drafts = [r.id for r in recs.values() if r.status in (st.DRAFT.key, st.RETURNED.key)]
        errors = [r.id for r in recs.values() if r.id in drafts
                  and any(f.get("severity") == "error" for f in r.findings or [])]
        voided = [r.id for r in recs.values() if r.status == st.VOIDED.key]
    if voided:
        messages.info(parent, f"记录 {'、'.join(map(str, voided[:8]))} 已作废，不能打印盖章用的正式表"
                              "（可用“另存为 PDF”得到带“已作废”水印的副本）。", "打印")
        return False
    if errors:
        messages.info(parent, f"记录 {'、'.join(map(str, errors[:8]))} 仍有错误，不能打印盖章用的正式表。"
                              "请先改正（或用“另存为 PDF”得到带“草稿”水印的副本）。", "打印")
        return False
    if not drafts:
        return True
    return messages.confirm(
        parent, f"打印盖章用的正式表：{len(drafts)} 条草稿将标记为“待盖章”，计入项目进度，"
                "并随下一个数据包报送区总工会。继续吗？", "打印")


def _failed(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, Cancelled):
        messages.info(parent, str(exc), "打印")
    else:
        messages.show_error(parent, exc, "未能打印")


def report_printed(parent: QWidget | None, result: printing.PrintResult, verb: str = "已打印") -> None:
    lines = [f"{verb} {len(result.records)} 份表格，共 {result.pages} 页。"]
    for r in result.records[:10]:
        code = f"校验码 {r.code}" if r.code else "草稿副本（有水印，无校验码）"
        lines.append(f"· 记录 {r.record_id}（{r.form}）第 {r.revision} 版　{code}　{r.to_dict()['status_label']}")
    if len(result.records) > 10:
        lines.append(f"……共 {len(result.records)} 份")
    if result.warnings:
        lines += ["", "排版提示：", *(f"· {w}" for w in result.warnings[:10])]
    messages.info(parent, "\n".join(lines), "打印")


def save_pdf(parent: QWidget | None, app: "App", ids: Sequence[int], suggested: str,
             on_done: Done | None = None) -> str | None:
    """另存为 PDF…: the records as they print, status unchanged (issue 12): a 待盖章-or-later
    record with its code (logged like a print), a draft watermarked 草稿 without a code."""
    path, _filter = QFileDialog.getSaveFileName(parent, "另存为 PDF", suggested, "PDF 文件 (*.pdf)")
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        with app.transaction() as s:
            result = printing.print_records(s, app.specs, list(ids), path)
    except Exception as exc:  # noqa: BLE001 - ServiceError text is Chinese; bugs → crash dialog
        messages.show_error(parent, exc, "未能保存 PDF")
        return None
    report_printed(parent, result, f"已保存到 {path}：")
    if on_done is not None:
        on_done(result)
    return path


def open_in_viewer(data: bytes, name: str = "预览") -> Path:
    """Write the preview to a private temporary file and hand it to the system's PDF viewer.
    The caller removes it when its preview closes (``temp_files.remove_quietly``); what is
    left is swept at the next start."""
    from desktop_app.temp_files import write_private_pdf

    tmp = write_private_pdf(data, name)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(tmp)))
    return tmp


def records_label(app: "App", ids: Sequence[int]) -> str:
    """A file-name-friendly description of the records (unit name of a single record)."""
    if len(ids) == 1:
        with app.session() as s:
            rec = records_by_ids(s, list(ids)).get(ids[0])
            if rec is not None:
                return f"{rec.form_code} {rec.unit_name or ''} 记录{rec.id}".strip()
    return f"{len(ids)} 份表格"

