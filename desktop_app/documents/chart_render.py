"""A report chart (``report_model.Chart``) drawn with matplotlib on a Figure — the same chart
the 统计 page shows on its Qt canvas (gui/charts.py) and the self-check renders with Agg.

matplotlib is imported by the functions here, never at module import (start-up cost). Its
fonts are the program's own files (resources/fonts), registered by path: no system font is
looked up, so the charts look the same on every PC and in the frozen build.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from desktop_app.app_paths import resource_path
from desktop_app.documents.report_model import Chart

log = logging.getLogger(__name__)
COLORS = ["#1f4e79", "#e08a2e", "#7f7f7f", "#3a8d4f", "#a33a3a", "#8064a2", "#4bacc6", "#c9b037"]
CHART_FONTS = ("wqy-microhei.ttc", "DejaVuSans.ttf")
_lock = threading.Lock()
_ready: list[str] = []  # the font family names, once registered


def setup_matplotlib() -> list[str]:
    """Register the bundled fonts with matplotlib (once per process); their family names."""
    with _lock:
        if _ready:
            return _ready
        import matplotlib
        from matplotlib import font_manager

        names: list[str] = []
        for file in CHART_FONTS:
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

    setup_matplotlib()
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


def chart_png(chart: Chart, width_in: float = 6.0, height_in: float = 3.6, dpi: int = 150) -> bytes:
    """The chart as PNG bytes with the Agg renderer (no display, no Qt)."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    draw(figure, chart)
    buf = io.BytesIO()
    figure.savefig(buf, format="png", facecolor="white")
    return buf.getvalue()
