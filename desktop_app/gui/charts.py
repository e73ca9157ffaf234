"""Charts on screen: a report chart (``documents.report_model.Chart``) drawn by matplotlib
(``documents.chart_render``) on its Qt canvas (QtAgg; Qt Charts is deprecated since Qt 6.10).

matplotlib is imported the first time a chart is made (the 统计 page), never at start-up: it
costs ~0.3 s and the cold start has a 1.5 s budget.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from desktop_app.documents.chart_render import draw, setup_matplotlib
from desktop_app.documents.report_model import Chart

class ChartView(QWidget):
    """A matplotlib canvas showing one report chart; ``save_png`` writes what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_matplotlib()
        import matplotlib

        matplotlib.use("QtAgg", force=True)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 3.2), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(280, 200)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self.chart: Chart | None = None

    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        draw(self.figure, chart)
        self.canvas.draw_idle()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.chart is not None:
            try:
                self.figure.tight_layout()
            except ValueError:  # too small to lay out: keep the last layout
                pass

    def save_png(self, path: Path, dpi: int = 150) -> Path:
        """The chart as a PNG file (temporary name, then renamed: no half-written picture)."""
        path = Path(path)
        tmp = path.with_name(f"~{path.stem}.part.png")
        try:
            self.figure.savefig(str(tmp), dpi=dpi, format="png", facecolor="white")
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return path
