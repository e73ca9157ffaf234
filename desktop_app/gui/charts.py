"""Charts on screen: a report chart (``documents.report_model.Chart``) drawn by matplotlib on its
Qt canvas (QtAgg; Qt Charts is deprecated since Qt 6.10), Chinese in the bundled fonts.

matplotlib is imported the first time a chart is made (the 统计 page), never at start-up: it
costs ~0.3 s and the cold start has a 1.5 s budget. Its fonts are the program's own files,
registered by path; no system font is looked up by name.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from desktop_app.app_paths import resource_path
from desktop_app.documents.report_model import Chart

log = logging.getLogger(__name__)
COLORS = ["#1f4e79", "#e08a2e", "#7f7f7f", "#3a8d4f", "#a33a3a", "#8064a2", "#4bacc6", "#c9b037"]
_lock = threading.Lock()
_ready: list[str] = []  # the font family names, once registered


def setup_matplotlib() -> list[str]:
    """Select the Agg-based Qt backend and register the bundled fonts (once per process)."""
    with _lock:
        if _ready:
            return _ready
        os.environ.setdefault("MPLBACKEND", "QtAgg")
        import matplotlib

        matplotlib.use("QtAgg", force=True)
        from matplotlib import font_manager

        names: list[str] = []
        for file in ("wqy-microhei.ttc", "DejaVuSans.ttf"):
            path = resource_path("fonts", file)
            try:
                font_manager.fontManager.addfont(str(path))
                names.append(font_manager.FontProperties(fname=str(path)).get_name())
            except (OSError, RuntimeError, ValueError) as exc:  # a missing file: labels show boxes
                log.warning("chart font %s not usable: %s", path, exc)
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = names or ["DejaVu Sans"]
        matplotlib.rcParams["axes.unicode_minus"] = False  # the ASCII hyphen: every font has it
        _ready.extend(names)
        return _ready


def _fmt(kind: str) -> Any:
    if kind == "percent":
        return lambda v, _pos=None: f"{v * 100:.0f}%"
    return lambda v, _pos=None: f"{v:,.0f}"


def draw(figure: Any, chart: Chart) -> None:
    """Draw ``chart`` on a matplotlib Figure (cleared first)."""
    from matplotlib.ticker import FuncFormatter

    figure.clear()
    ax = figure.add_subplot(111)
    cats = list(chart.categories)
    fmt = _fmt(chart.value_kind)
    label = (lambda v: f"{v * 100:.1f}%") if chart.value_kind == "percent" else (lambda v: f"{v:,.0f}")
    if not cats:
        ax.text(0.5, 0.5, "没有数据", ha="center", va="center", transform=ax.transAxes, color="#777777")
        ax.set_axis_off()
    elif chart.kind == "hbar":
        ys = list(range(len(cats)))
        n = max(1, len(chart.series))
        h = 0.8 / n
        for i, (name, vals) in enumerate(chart.series):
            pos = [y - 0.4 + h * (i + 0.5) for y in ys]
            bars = ax.barh(pos, vals, height=h * 0.9, color=COLORS[i % len(COLORS)], label=name)
            if n == 1:
                ax.bar_label(bars, labels=[label(v) for v in vals], padding=3, fontsize=8)
        ax.set_yticks(ys, cats, fontsize=8)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(fmt))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        top = max((v for _n, vs in chart.series for v in vs), default=0)
        ax.set_xlim(0, max(1.0 if chart.value_kind == "percent" else 1, top * 1.15))
    else:
        xs = list(range(len(cats)))
        if chart.kind == "line":
            for i, (name, vals) in enumerate(chart.series):
                ax.plot(xs, vals, color=COLORS[i % len(COLORS)], label=name, linewidth=1.8,
                        linestyle="--" if i else "-", marker="o" if i == 0 else None, markersize=3)
        else:
            bottom = [0.0] * len(cats)
            n = len(chart.series)
            w = 0.8 if chart.kind == "stacked" else 0.8 / max(1, n)
            for i, (name, vals) in enumerate(chart.series):
                pos = xs if chart.kind == "stacked" else [x - 0.4 + w * (i + 0.5) for x in xs]
                bars = ax.bar(pos, vals, width=w * 0.9, bottom=bottom if chart.kind == "stacked" else None,
                              color=COLORS[i % len(COLORS)], label=name)
                if n == 1:
                    ax.bar_label(bars, labels=[label(v) for v in vals], padding=2, fontsize=8)
                if chart.kind == "stacked":
                    bottom = [b + v for b, v in zip(bottom, vals)]
        ax.set_xticks(xs, cats, fontsize=8, rotation=30 if len(cats) > 6 else 0,
                      ha="right" if len(cats) > 6 else "center")
        ax.yaxis.set_major_formatter(FuncFormatter(fmt))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_ylim(bottom=0)
    ax.set_title(chart.title, fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(chart.series) > 1 and cats:
        ax.legend(fontsize=8, frameon=False)
    figure.tight_layout()


class ChartView(QWidget):
    """A matplotlib canvas showing one report chart; ``save_png`` writes what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_matplotlib()
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
