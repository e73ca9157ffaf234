"""统计 → 生成年度报告: the year report in the print preview (same pages, thumbnails and zoom
as a form's preview), with 打印… / 另存为 PDF… / 另存为 Excel… / 用系统查看器打开.

The report is drawn off the GUI thread (a district's year takes a second or two), then shown.
Nothing in the store changes: a report is not a record, it has no print log or status.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from desktop_app.gui import messages
from desktop_app.gui.printing import jobs
from desktop_app.gui.printing.preview import PreviewDialog
from desktop_app.gui.printing.render import paint_pdf
from desktop_app.gui.tasks import Cancelled, run_task

if TYPE_CHECKING:
    from desktop_app.services.app import App


class ReportPreviewDialog(PreviewDialog):
    def __init__(self, app: App, year: int, data: bytes, parent: QWidget | None = None) -> None:
        self.year = year
        self._report = data
        super().__init__(app, [], parent)
        self.open_button.setToolTip("在系统的 PDF 阅读器中查看。")
        self.xlsx_button = QPushButton("另存为 Excel…")
        self.xlsx_button.setToolTip("同样的表格和图表（Excel 原生图表，可修改样式）")
        lay = self.layout()
        for i in range(lay.count()):
            row = lay.itemAt(i).layout()
            if row is not None and row.indexOf(self.save_button) >= 0:
                row.insertWidget(row.indexOf(self.save_button) + 1, self.xlsx_button)
                break
        self.xlsx_button.clicked.connect(self.save_xlsx)

    def describe(self) -> str:
        return f"{self.year} 年度工作报告"

    def load_pdf(self) -> tuple[bytes, list[str]]:
        return self._report, []

    def print_(self) -> None:
        chosen = jobs.choose_printer(self, None)
        if chosen is None:
            return
        printer, _copies = chosen
        data = self.data

        def work(progress: Any) -> int:
            def on_page(done: int, total: int) -> bool:
                return progress(done / total, f"正在打印第 {done}/{total} 页…")

            pages = paint_pdf(printer, data, on_page)
            if pages < self.page_count():
                raise Cancelled("打印已取消。")
            return pages

        def done(pages: int) -> None:
            self.status_label.setText(f"已打印 {pages} 页。")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                messages.info(self, str(exc), "打印")
            else:
                messages.show_error(self, exc, "未能打印")

        run_task(self, "打印年度报告", work, done, failed)

    def _ask(self, title: str, suffix: str, filter_: str) -> Path | None:
        start = Path.home() / f"{self.label}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(start), filter_)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def save_as(self) -> None:
        path = self._ask("另存为 PDF", ".pdf", "PDF 文件 (*.pdf)")
        if path is None:
            return
        self._write(path)

    def save_xlsx(self) -> None:
        path = self._ask("另存为 Excel", ".xlsx", "Excel 工作簿 (*.xlsx)")
        if path is None:
            return
        self._write(path)

    def _write(self, path: Path) -> None:
        from desktop_app.services.year_report import save_file, write_year_report

        try:
            if path.suffix.lower() == ".pdf":
                written = save_file(path, self.data)
            else:
                with self.app.session() as s:
                    written = Path(write_year_report(s, self.app.specs, self.year, path)["path"])
        except Exception as exc:  # noqa: BLE001 - ServiceError text is Chinese; bugs → crash dialog
            messages.show_error(self, exc, "未能保存")
            return
        self.status_label.setText(f"已保存到 {written}")


def open_year_report(app: App, year: int, parent: QWidget | None = None) -> None:
    """Draw the report in the background, then show the preview (errors in Chinese)."""
    from desktop_app.services.year_report import year_report_pdf

    def work(_progress: Any) -> bytes:
        with app.session() as s:
            data, _pages = year_report_pdf(s, app.specs, year)
        return data

    def show(data: bytes) -> None:
        try:
            dialog = ReportPreviewDialog(app, year, data, parent)
        except Exception as exc:  # noqa: BLE001 - an unreadable PDF → Chinese message
            messages.show_error(parent, exc, "无法预览")
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        if parent is not None:
            parent.report_dialog = dialog  # type: ignore[attr-defined] - tests and screenshots

    run_task(parent, f"正在生成 {year} 年度报告…", work, show)
