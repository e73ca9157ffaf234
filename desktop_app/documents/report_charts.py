"""Charts of a report (``report_model.Chart``) as reportlab.graphics drawings: vector, so they
print sharp at any size and their text stays searchable. The PDF's labels use the body font
(宋体 on Windows, the bundled 明体 elsewhere); a character that face lacks prints as "?"
rather than blank (a chart label is not a stamped paper, see fonts.MissingGlyphError there).

The 统计 page shows the same drawings (``chart_svg``: SVG from reportlab's pure-Python
renderSVG, painted by QtSvg in gui/charts.py), in the bundled Hei face that the screen uses
everywhere (``screen_face``), so a chart looks the same on every PC and in the frozen build;
no plotting library, no numpy.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from desktop_app.documents.fonts import BUNDLED_FONT_NAME, Face, FontUnavailable, get_fonts
from desktop_app.documents.report_model import Chart

# Distinct in colour and in grey (the office printer is often black and white).
PALETTE = [colors.HexColor(c) for c in ("#1f4e79", "#e08a2e", "#7f7f7f", "#3a8d4f", "#a33a3a", "#8064a2",
                                        "#4bacc6", "#c9b037")]
LABEL = 8.0


def safe_label(face: Face, text: str) -> str:
    return "".join(ch if ch in " \n" or face.has(ord(ch)) else "?" for ch in str(text))


def _fmt(kind: str) -> Any:
    if kind == "percent":
        return lambda v: f"{v * 100:.1f}%"
    return lambda v: f"{round(v):,}"


def _max(chart: Chart) -> float:
    if chart.kind == "stacked":
        sums = [sum(s[1][i] for s in chart.series) for i in range(len(chart.categories))]
        top = max(sums, default=0.0)
    else:
        top = max((v for _n, vals in chart.series for v in vals), default=0.0)
    if chart.value_kind == "percent":
        return max(1.0, top * 1.1)
    return max(1.0, top * 1.12)


def _style_value_axis(axis: Any, chart: Chart, font: str) -> None:
    axis.valueMin = 0
    axis.valueMax = _max(chart)
    axis.labels.fontName = font
    axis.labels.fontSize = LABEL
    axis.labelTextFormat = _fmt(chart.value_kind)
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    axis.gridStrokeWidth = 0.4
    axis.strokeWidth = 0.6


def draw_chart(chart: Chart, width: float, face: Face, height: float | None = None) -> Drawing:
    """The chart as a Drawing ``width`` points wide. Its height: from the number of bars (the
    PDF), or, given ``height`` (a panel on screen), as near to it as the bars allow — thinner
    bars down to a readable minimum, at most twice their printed thickness."""
    font = face.name
    n = max(1, len(chart.categories))
    cats = [safe_label(face, c) for c in chart.categories]
    multi = len(chart.series) > 1
    legend_h = 16.0 if multi else 0.0
    if chart.kind == "hbar":
        per = 16.0 * max(1, len(chart.series)) + 6
        plot_h = max(60.0, n * per)
        if height is not None:
            least = n * (11.0 * max(1, len(chart.series)) + 3)
            plot_h = max(least, min(height - 40 - legend_h, plot_h * 2))
        height = plot_h + 40 + legend_h
        longest = max((sum(face.width(ord(ch)) for ch in c) for c in cats), default=0) * LABEL / 1000
        left = min(width * 0.4, longest + 10)
        bc: Any = HorizontalBarChart()
        bc.x, bc.y, bc.width, bc.height = left, 20 + legend_h, width - left - 40, plot_h
        bc.categoryAxis.reverseDirection = True
        bc.categoryAxis.labels.boxAnchor = "e"
        bc.categoryAxis.labels.dx = -4
    else:
        height = 200.0 + legend_h if height is None else max(160.0 + legend_h, height)
        bc = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
        bc.x, bc.y, bc.width, bc.height = 46, 40 + legend_h, width - 60, height - 70 - legend_h
        bc.categoryAxis.labels.boxAnchor = "n"
        if n > 6 or max((len(c) for c in cats), default=0) * n > 40:
            bc.categoryAxis.labels.angle = 30
            bc.categoryAxis.labels.boxAnchor = "ne"
        if chart.kind == "stacked":
            bc.categoryAxis.style = "stacked"
    bc.data = [list(vals) for _name, vals in chart.series] or [[0] * n]
    bc.categoryAxis.categoryNames = cats
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = LABEL
    bc.categoryAxis.strokeWidth = 0.6
    _style_value_axis(bc.valueAxis, chart, font)
    for i in range(len(bc.data)):
        color = PALETTE[i % len(PALETTE)]
        if chart.kind == "line":
            bc.lines[i].strokeColor = color
            bc.lines[i].strokeWidth = 1.5
        else:
            bc.bars[i].fillColor = color
            bc.bars[i].strokeColor = None
    if chart.kind in ("bar", "hbar") and not multi:
        bc.barLabelFormat = _fmt(chart.value_kind)
        bc.barLabels.fontName = font
        bc.barLabels.fontSize = LABEL - 0.5
        if chart.kind == "hbar":
            bc.barLabels.boxAnchor = "w"
            bc.barLabels.dx = 3
        else:
            bc.barLabels.boxAnchor = "s"
            bc.barLabels.dy = 2
    d = Drawing(width, height)
    d.add(bc)
    d.add(String(width / 2, height - 12, safe_label(face, chart.title), fontName=font, fontSize=10,
                 textAnchor="middle"))
    if multi:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = LABEL
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 70
        legend.dx = legend.dy = 7
        legend.x, legend.y = 40, 10
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], safe_label(face, name))
                                 for i, (name, _v) in enumerate(chart.series)]
        d.add(legend)
    return d


# The Hei face's family name as Qt knows it (the font file's own name table; reportlab knows it
# as fonts.BUNDLED_FONT_NAME). The SVG names this family, so QtSvg draws with the face the
# program registered with Qt (gui.main.register_bundled_font) — the one whose widths placed
# every centred and right-aligned label here.
SCREEN_FAMILY = "WenQuanYi Micro Hei"


def screen_face() -> Face:
    """The bundled Hei face (文泉驿微米黑), never a system font: the screen's charts and their
    PNGs look alike on every PC. Raises fonts.FontUnavailable when the file is unusable."""
    for face in get_fonts(None).heading.faces:  # bundled only: Hei first
        if face.name == BUNDLED_FONT_NAME and face.load():
            return face
    raise FontUnavailable("内置字体（文泉驿微米黑）无法加载，统计图无法显示。请重新安装本程序。")


def chart_svg(chart: Chart, width: float, height: float | None = None, face: Face | None = None,
              family: str = SCREEN_FAMILY) -> tuple[bytes, float, float]:
    """The chart as an SVG document (UTF-8 bytes) ``width`` points wide and, as far as its
    bars allow, ``height`` high, with its size in points: the drawing the PDF prints, in
    ``face`` (default: ``screen_face``), naming the font ``family`` (the name Qt or a browser
    looks the face up by)."""
    from reportlab.graphics import renderSVG

    face = face or screen_face()
    drawing = draw_chart(chart, width, face, height)
    text = renderSVG.drawToString(drawing)
    # renderSVG writes reportlab's font name ("WenQuanYiMicroHei"); a viewer knows the family.
    text = text.replace(f"font-family: {face.name};", f"font-family: '{family}';")
    text = text.replace("<title>...</title>", f"<title>{_xml(chart.title)}</title>", 1)
    # renderSVG clips everything to the drawing's own bounds, a no-op that QtSvg gets wrong (it
    # paints the clip rectangle black over the chart): left out.
    text = _CLIP.sub("", text, count=1).replace(' style="clip-path: url(#clip)"', "", 1)
    # "fill: None" (a line's polyline): CSS keywords are case-insensitive, QtSvg's are not (it
    # would fill the area under the line black).
    text = _NONE.sub(lambda m: f"{m.group(1)}: none", text)
    return text.encode("utf-8"), float(drawing.width), float(drawing.height)


_CLIP = re.compile(r"\s*<clipPath id=\"clip\">.*?</clipPath>", re.S)


_NONE = re.compile(r"\b(fill|stroke): None\b")


def _xml(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
