"""Charts on screen: a report chart (``documents.report_model.Chart``) drawn by the year
report's own reportlab.graphics drawing (``documents.report_charts``), rendered to SVG (pure
Python) and painted by QtSvg — the screen shows what prints, with no plotting library (Qt
Charts is deprecated since Qt 6.10; matplotlib and numpy were ~49 MB of the bundle).

The drawing is laid out for the widget's size (1 pt = 96/72 px, so 8 pt labels read like the
rest of the UI; bars thinner or thicker to use the height) and scaled down only when the bars
cannot fit; a resize lays it out again after a short pause. In a scroll area (``fit_to`` = its
viewport, as the 统计 page does) a chart whose bars need more height than the panel has — a dozen
projects at 150 % — keeps its readable size and the panel scrolls, instead of shrinking the text.
``save_png`` renders the same SVG at twice its on-screen size.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.documents.report_charts import SCREEN_FAMILY, chart_svg
from desktop_app.documents.report_model import Chart
from desktop_app.gui.main import register_bundled_font

PX_PER_PT = 96 / 72
MIN_WIDTH_PT = 300.0
MIN_HEIGHT_PT = 150.0
MIN_HEIGHT_PX = 200
PNG_SCALE = 2


class ChartView(QWidget):
    """One report chart, painted from its SVG; ``save_png`` writes what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The family the SVG names: the bundled Hei face as Qt registered it (the program did
        # at start; a test or a dialog opened alone does it here).
        families = register_bundled_font()
        self.family = families[0] if families else SCREEN_FAMILY
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, MIN_HEIGHT_PX)
        self.fit_to: QWidget | None = None  # a scroll area's viewport: lay out for its height
        self.base_min_height = MIN_HEIGHT_PX
        self.chart: Chart | None = None
        self.svg: bytes = b""
        self.size_pt = (0.0, 0.0)  # the drawing's width and height in points
        self._laid_out_height = 0.0  # the panel height (pt) it was laid out for
        self.renderer = QSvgRenderer(self)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(120)
        self._relayout.timeout.connect(self._layout)

    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        self._layout()

    def _width_pt(self) -> float:
        return max(MIN_WIDTH_PT, self.width() / PX_PER_PT)

    def _height_pt(self) -> float:
        return max(MIN_HEIGHT_PT, (self.fit_to or self).height() / PX_PER_PT)

    def _layout(self) -> None:
        if self.chart is None:
            return
        self.svg, w, h = chart_svg(self.chart, self._width_pt(), self._height_pt(),
                                     family=self.family)
        self.size_pt = (w, h)
        self._laid_out_height = self._height_pt()
        self.renderer.load(QByteArray(self.svg))
        if self.fit_to is not None:  # taller than the panel: as tall as the drawing, the panel scrolls
            needed = math.ceil(h * PX_PER_PT)
            self.setMinimumHeight(needed if needed > self.fit_to.height() else self.base_min_height)
        self.update()

    def _stale(self) -> bool:
        return self.chart is not None and (abs(self._width_pt() - self.size_pt[0]) > 1
                                           or abs(self._height_pt() - self._laid_out_height) > 1)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._stale():
            self._relayout.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale():  # laid out while its tab was hidden: at once, no flash of the old size
            self._relayout.stop()
            self._layout()

    def target_rect(self) -> QRectF:
        """Where the drawing goes: its own size when it fits, else scaled down, centred."""
        w, h = (v * PX_PER_PT for v in self.size_pt)
        if w <= 0 or h <= 0:
            return QRectF()
        scale = min(1.0, self.width() / w, self.height() / h)
        w, h = w * scale, h * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.renderer.isValid():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.renderer.render(painter, self.target_rect())
        painter.end()

    def png_size(self) -> QSize:
        w, h = self.size_pt
        return QSize(round(w * PX_PER_PT * PNG_SCALE), round(h * PX_PER_PT * PNG_SCALE))

    def image(self) -> QImage:
        """The chart as shown, at twice its on-screen size, on white."""
        image = QImage(self.png_size(), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(1)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        return image

    def save_png(self, path: Path) -> Path:
        """The chart as a PNG file (temporary name, then renamed: no half-written picture)."""
        path = Path(path)
        tmp = path.with_name(f"~{path.stem}.part.png")
        try:
            if not self.image().save(str(tmp), "PNG"):
                raise OSError(f"无法写入 {tmp}")
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return path
