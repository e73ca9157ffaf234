"""Paint PDF pages onto a QPrinter at its own resolution, actual size, A4 kept.

QtPdf rasterises (PITFALLS §3.22), so each page is rendered at the printer's DPI (at least 300)
in horizontal bands (a whole A4 page at 600 dpi would be a 130 MB image) and drawn 1:1 from
the paper's top-left corner (``setFullPage``): nothing is scaled to fit, so a 45 mm seal block
stays 45 mm. Landscape pages are turned onto the portrait A4 sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from desktop_app.services.errors import ServiceError

MIN_DPI = 300
MAX_DPI = 600  # higher printer resolutions get 600-dpi bands drawn at physical size
BAND_ROWS = 512
PagePainted = Callable[[int, int], bool]  # (pages done, pages total) -> go on?


class PrinterProblem(ServiceError):
    """The printer could not start or the PDF could not be read; the message is for the clerk."""


def open_pdf(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over the bytes (the buffer must live as long as the document)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        raise PrinterProblem("无法读取生成的 PDF（文件损坏或为空），没有打印。")
    return doc, buffer


def keep_a4(printer: QPrinter) -> bool:
    """Re-apply A4 portrait, full page, after the print dialog (a driver may have replaced the
    paper, PITFALLS §3.22) and check it held."""
    a4 = QPageSize(QPageSize.PageSizeId.A4)
    printer.setFullPage(True)
    printer.setPageSize(a4)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    layout = printer.pageLayout()
    return layout.pageSize().id() == QPageSize.PageSizeId.A4 and \
        layout.orientation() == QPageLayout.Orientation.Portrait


def paper_name(printer: QPrinter) -> str:
    return printer.pageLayout().pageSize().name() or "未知纸张"


def render_dpi(device_dpi: int) -> int:
    return max(MIN_DPI, min(MAX_DPI, device_dpi))


def _draw_page(painter: QPainter, doc: QPdfDocument, index: int, device_dpi: int, paper_w: float) -> None:
    size_pt = doc.pagePointSize(index)
    dpi = render_dpi(device_dpi)
    full = QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi))
    scale = device_dpi / dpi  # 1.0 unless the printer is finer than MAX_DPI (or coarser than MIN_DPI)
    painter.save()
    if size_pt.width() > size_pt.height():  # landscape page on the portrait sheet: turn it
        painter.translate(paper_w, 0)
        painter.rotate(90)
    for top in range(0, full.height(), BAND_ROWS):
        rows = min(BAND_ROWS, full.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        options.setScaledClipRect(QRect(0, top, full.width(), rows))
        band = doc.render(index, QSize(full.width(), rows), options)
        if band.isNull():
            raise PrinterProblem(f"第 {index + 1} 页无法渲染（内存不足？），打印已停止。")
        band = band.convertToFormat(QImage.Format.Format_RGB32)
        target = QRectF(0, top * scale, full.width() * scale, rows * scale)
        painter.drawImage(target, band)
    painter.restore()


def paint_pdf(printer: QPrinter, data: bytes, on_page: PagePainted | None = None) -> int:
    """Print every page of ``data`` on ``printer`` as one job; returns the page count.
    ``on_page`` returning False aborts the job (nothing more reaches the printer)."""
    doc, _buffer = open_pdf(data)
    total = doc.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterProblem("无法开始打印：打印机不可用或输出文件无法写入。请检查打印机后重试。")
    try:
        # After begin(): the DPI can differ before it on Windows (PITFALLS §3.22).
        device_dpi = printer.resolution()
        paper_w = printer.paperRect(QPrinter.Unit.DevicePixel).width()
        for i in range(total):
            if i:
                printer.newPage()
            _draw_page(painter, doc, i, device_dpi, paper_w)
            if on_page is not None and not on_page(i + 1, total):
                printer.abort()
                return i + 1
    except BaseException:
        printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
        doc.close()
    return total
