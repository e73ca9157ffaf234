"""Self-check of the charts (统计 page): the year report's chart drawing rendered to SVG with the
bundled Chinese font — what the page paints with QtSvg and saves as PNG."""

from __future__ import annotations

from desktop_app.core.selfcheck import HasSpecs, check


@check("统计图表（SVG，中文字体）")
def _charts(app: HasSpecs) -> str:
    """A chart with Chinese labels as SVG: well-formed, every label in the bundled Hei face
    (none replaced by "?", which a frozen build without the font file would show), nothing
    QtSvg draws wrongly (a clip rectangle, "fill: None")."""
    import xml.etree.ElementTree as ET  # noqa: S405 - our own output, not foreign input

    from desktop_app.documents.report_charts import SCREEN_FAMILY, chart_svg, screen_face
    from desktop_app.documents.report_model import Chart

    labels = ["职工健康体检", "送春联", "看上海及疗休养"]
    chart = Chart("各项目完成率", "hbar", labels, [("完成率", [0.6, 0.25, 0.1])], "percent")
    data, width, height = chart_svg(chart, 400, 240)
    root = ET.fromstring(data)  # noqa: S314
    ns = "{http://www.w3.org/2000/svg}"
    texts = [(t.text or "", t.get("style", "")) for t in root.iter(f"{ns}text")]
    shown = {text for text, _style in texts}
    missing = [s for s in [chart.title, *labels, "60.0%"] if s not in shown]
    if missing:
        raise RuntimeError(f"图表缺少文字：{'、'.join(missing)}（字体缺字或绘图出错）")
    wrong = {style for _t, style in texts if f"font-family: '{SCREEN_FAMILY}'" not in style}
    if wrong:
        raise RuntimeError(f"图表文字没有使用程序自带的中文字体：{sorted(wrong)[0]}")
    if b"clipPath" in data or b": None" in data:
        raise RuntimeError("图表的 SVG 含有屏幕无法正确显示的内容")
    face = screen_face()
    return (f"{face.label}（{face.path.name}），{len(texts)} 段文字，"
            f"{width:.0f}×{height:.0f} pt，SVG {len(data) // 1024} KB")
