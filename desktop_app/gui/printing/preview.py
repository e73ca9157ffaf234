"""打印预览: the records' PDF exactly as it prints (services.printing.preview_pdf, nothing logged),
page thumbnails on the left, the pages on the right with zoom, the layout warnings (text
shrunk …), and 打印… / 另存为 PDF… / 用系统查看器打开 / 关闭.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.screen_fit import fit_window
from desktop_app.gui.printing import jobs
from desktop_app.gui.printing.render import open_pdf
from desktop_app.gui.permissions import check, gate
from desktop_app.services import printing

if TYPE_CHECKING:
    from desktop_app.services.app import App

THUMB_WIDTH = 120
THUMBS_PER_TICK = 6
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


class PreviewDialog(QDialog):
    """Preview of ``ids``; ``printed`` is emitted with the PrintResult after 打印 or 另存为."""

    printed = Signal(object)

    def __init__(self, app: "App", ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.ids = list(ids)
        self.label = self.describe()
        self.external_files: list[Path] = []  # given to the system viewer: removed on close
        self.setWindowTitle(f"打印预览 — {self.label}")
        self.data, self.warnings = self.load_pdf()
        self.doc: QPdfDocument
        self.doc, self._buffer = open_pdf(self.data)
        self.doc.setParent(self)

        self.thumbs = QListWidget(self)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.42)))
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setFlow(QListWidget.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.setFixedWidth(THUMB_WIDTH + 40)
        self.thumbs.setGridSize(QSize(THUMB_WIDTH + 16, round(THUMB_WIDTH * 1.42) + 30))
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        blank = QPixmap(self.thumbs.iconSize())
        blank.fill(Qt.GlobalColor.white)
        for n in range(self.doc.pageCount()):
            item = QListWidgetItem(QIcon(blank), f"第 {n + 1} 页")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.thumbs.addItem(item)
        split = QSplitter(self)
        split.addWidget(self.thumbs)
        split.addWidget(self.view)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)
        split.setSizes([THUMB_WIDTH + 40, 900])

        self.zoom_out_button = QPushButton("缩小（Ctrl+-）")
        self.zoom_in_button = QPushButton("放大（Ctrl++）")
        self.fit_button = QPushButton("适合宽度")
        self.zoom_label = QLabel()
        self.page_label = QLabel()
        bar = QHBoxLayout()
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.page_label)

        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("layoutWarning")  # gui/style.py
        self.warning_label.setText("排版提示：" + "；".join(self.warnings) if self.warnings else "")
        self.warning_label.setVisible(bool(self.warnings))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)

        self.print_button = QPushButton("打印…（Ctrl+P）")
        self.print_button.setObjectName("primary")
        self.save_button = QPushButton("另存为 PDF…")
        self.open_button = QPushButton("用系统查看器打开")
        self.open_button.setToolTip("在系统的 PDF 阅读器中查看。从那里打印的纸质表不会记入打印记录，"
                                    "请用本窗口的“打印…”打印。")
        self.close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        for b in (self.print_button, self.save_button, self.open_button, self.close_button):
            buttons.addWidget(b)

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.warning_label)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)

        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_external)
        self.close_button.clicked.connect(self.reject)
        gate(app, "print", self.print_button, self.save_button)  # issue 15: both log the print
        self.thumbs.currentRowChanged.connect(self.go_to_page)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.view.zoomFactorChanged.connect(lambda _f: self._update_zoom_label())
        self.view.zoomModeChanged.connect(lambda _m: self._update_zoom_label())
        for keys, slot in (((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.zoom_in),
                           ((QKeySequence.StandardKey.ZoomOut,), self.zoom_out),
                           ((QKeySequence.StandardKey.Print,), self.print_)):
            for key in keys:
                QShortcut(QKeySequence(key), self, activated=slot)
        self._next_thumb = 0
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setInterval(0)
        self._thumb_timer.timeout.connect(self._render_thumbs)
        self._thumb_timer.start()
        self._page_changed(0)
        self._update_zoom_label()
        fit_window(self, (1100, 820))  # the preferred size, shrunk to the screen

    def describe(self) -> str:
        return jobs.records_label(self.app, self.ids)

    def load_pdf(self) -> tuple[bytes, list[str]]:
        """The PDF shown and its layout warnings (the year report's preview shows its own)."""
        with self.app.session() as s:
            return printing.preview_pdf(s, self.app.specs, self.ids)

    # -- pages and zoom --------------------------------------------------------------------
    def page_count(self) -> int:
        return self.doc.pageCount()

    def _render_thumbs(self) -> None:
        end = min(self.page_count(), self._next_thumb + THUMBS_PER_TICK)
        for n in range(self._next_thumb, end):
            size = self.doc.pagePointSize(n)
            height = round(THUMB_WIDTH * size.height() / max(1.0, size.width()))
            image = self.doc.render(n, QSize(THUMB_WIDTH, height))
            self.thumbs.item(n).setIcon(QIcon(QPixmap.fromImage(image)))
        self._next_thumb = end
        if end >= self.page_count():
            self._thumb_timer.stop()

    def render_all_thumbnails(self) -> None:
        while self._thumb_timer.isActive():
            self._render_thumbs()

    def go_to_page(self, n: int) -> None:
        if 0 <= n < self.page_count() and n != self.view.pageNavigator().currentPage():
            self.view.pageNavigator().jump(n, QPointF(), self.view.zoomFactor())

    def _page_changed(self, n: int) -> None:
        self.page_label.setText(f"第 {n + 1} 页　共 {self.page_count()} 页")
        if self.thumbs.currentRow() != n:
            self.thumbs.blockSignals(True)
            self.thumbs.setCurrentRow(n)
            self.thumbs.blockSignals(False)

    def zoom(self) -> float:
        """The zoom in effect (in 适合宽度 too: the width of the view over the page's width)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        width_pt = max((self.doc.pagePointSize(n).width() for n in range(self.page_count())), default=595.0)
        dpi = self.logicalDpiX() or 96
        usable = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(ZOOM_MIN, usable / (width_pt / 72 * dpi))

    def set_zoom(self, factor: float) -> None:
        factor = max(ZOOM_MIN, min(ZOOM_MAX, factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom_label()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        fit = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.zoom_label.setText("适合宽度" if fit else f"{round(self.zoom() * 100)}%")
        self.fit_button.setEnabled(not fit)

    # -- actions ---------------------------------------------------------------------------
    def _printed(self, result: printing.PrintResult, verb: str) -> None:
        codes = "、".join(r.code for r in result.records[:4] if r.code)
        drafts = sum(1 for r in result.records if not r.code)
        text = f"{verb}：{len(result.records)} 份" + (f"，校验码 {codes}" if codes else "")
        self.status_label.setText(text + (f"，{drafts} 份为草稿副本（有水印、无校验码）" if drafts else ""))
        self.printed.emit(result)

    def print_(self) -> None:
        if not check(self, self.app, "print"):  # Ctrl+P
            return
        jobs.print_ids(self, self.app, self.ids, lambda r: self._printed(r, "已打印"))

    def save_as(self) -> None:
        jobs.save_pdf(self, self.app, self.ids, f"{self.label}.pdf", lambda r: self._printed(r, "已保存"))

    def open_external(self) -> None:
        self.external_file = jobs.open_in_viewer(self.data)
        self.external_files.append(self.external_file)

    def done(self, result: int) -> None:
        """Every way of closing (关闭, ×, Esc) ends here: the temporary files given to the
        system viewer are removed (what a viewer still holds is swept at the next start)."""
        from desktop_app.temp_files import remove_quietly

        for path in self.external_files:
            remove_quietly(path)
        self.external_files.clear()
        super().done(result)


def open_preview(app: "App", ids: Sequence[int], parent: QWidget | None = None,
                 on_printed: object = None) -> PreviewDialog | None:
    """Show the preview (not modal); errors (missing glyph …) are shown in Chinese instead."""
    from desktop_app.gui import messages

    if not ids:
        messages.info(parent, "请先选择要预览的记录。", "打印预览")
        return None
    try:
        dialog = PreviewDialog(app, ids, parent)
    except Exception as exc:  # noqa: BLE001 - ServiceError text is Chinese; bugs → crash dialog
        messages.show_error(parent, exc, "无法预览")
        return None
    if callable(on_printed):
        dialog.printed.connect(on_printed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
