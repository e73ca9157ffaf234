"""The year report's chart drawings as SVG (the 统计 page paints them with QtSvg; no matplotlib)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from desktop_app.documents.fonts import get_fonts
from desktop_app.documents.report_charts import SCREEN_FAMILY, chart_svg, draw_chart, screen_face
from desktop_app.documents.report_model import Chart

NS = "{http://www.w3.org/2000/svg}"


def _texts(data: bytes) -> list[tuple[str, str]]:
    root = ET.fromstring(data)
    return [(t.text or "", t.get("style", "")) for t in root.iter(f"{NS}text")]


def test_hbar_svg_has_the_chinese_labels_in_the_bundled_face() -> None:
    chart = Chart("各项目完成率", "hbar", ["职工健康体检", "送春联"], [("完成率", [0.6, 0.25])], "percent")
    data, width, height = chart_svg(chart, 400)
    texts = _texts(data)
    shown = [t for t, _s in texts]
    assert {"各项目完成率", "职工健康体检", "送春联", "60.0%", "25.0%", "0.0%", "100.0%"} <= set(shown)
    assert all(f"font-family: '{SCREEN_FAMILY}'" in style for _t, style in texts)
    root = ET.fromstring(data)
    assert root.find(f"{NS}title").text == "各项目完成率"
    # no clip rectangle (QtSvg paints it black), the drawing's own size
    assert b"clipPath" not in data and b"clip-path" not in data
    assert (width, height) == (400.0, 60.0 + 40)  # the plot at least 60 pt, axis and title room
    assert root.get("viewBox") == "0 0 400 100"


def test_same_drawing_as_the_pdf_with_the_screen_face() -> None:
    chart = Chart("各月累计", "bar", ["1月", "2月", "3月"], [("人数", [3, 5, 9])])
    face = screen_face()
    assert face.label == "文泉驿微米黑" and face.path.name == "wqy-microhei.ttc"
    pdf_drawing = draw_chart(chart, 300, get_fonts(None).body.primary)
    data, width, height = chart_svg(chart, 300)
    assert (width, height) == (pdf_drawing.width, pdf_drawing.height) == (300.0, 200.0)
    assert {"1月", "2月", "3月", "3", "5", "9"} <= {t for t, _s in _texts(data)}


def test_line_is_not_filled() -> None:
    chart = Chart("各月累计完成人数", "line", ["1月", "2月", "3月"], [("完成", [1, 5, 3]), ("计划", [2, 4, 6])])
    data, _w, _h = chart_svg(chart, 300)
    polylines = ET.fromstring(data).iter(f"{NS}polyline")
    styles = [p.get("style") for p in polylines]
    assert len(styles) == 2 and all("fill: none" in s for s in styles)
    assert b"None" not in data
    assert {"完成", "计划"} <= {t for t, _s in _texts(data)}  # the legend of two series


@pytest.mark.parametrize(("bars", "asked", "expected"), [
    (2, 300.0, 60.0 * 2 + 40),  # few bars: at most twice the printed plot
    (10, 300.0, 300.0),  # 10 × 22 pt printed  # the panel's height, thinner bars
    (30, 300.0, 30 * 14.0 + 40),  # too many: a readable minimum (the view scales it down)
])
def test_screen_height_follows_the_panel(bars: int, asked: float, expected: float) -> None:
    chart = Chart("各单位", "hbar", [f"单位{i}" for i in range(bars)], [("人数", list(range(bars)))])
    _data, _w, height = chart_svg(chart, 400, asked)
    assert height == pytest.approx(expected)


def test_a_character_the_face_lacks_shows_as_a_question_mark() -> None:
    chart = Chart("单位", "hbar", ["𠮷野家"], [("人数", [3])])
    shown = {t for t, _s in _texts(chart_svg(chart, 300)[0])}
    assert "?野家" in shown


def test_title_is_escaped() -> None:
    chart = Chart("A & B <图>", "bar", ["甲"], [("人数", [1])])
    root = ET.fromstring(chart_svg(chart, 300)[0])
    assert root.find(f"{NS}title").text == "A & B <图>"


def test_self_check_of_the_charts() -> None:
    from desktop_app.services.selfcheck import load_checks, CHECKS

    assert "统计图表（SVG，中文字体）" in load_checks()
    detail = dict(CHECKS)["统计图表（SVG，中文字体）"](None)
    assert re.match(r"文泉驿微米黑（wqy-microhei\.ttc），\d+ 段文字", detail)


def test_no_module_of_the_program_imports_matplotlib_or_numpy() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "desktop_app"
    pattern = re.compile(r"^\s*(import|from)\s+(matplotlib|numpy)\b", re.M)
    found = [str(p) for p in root.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == []
