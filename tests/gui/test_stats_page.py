"""统计 page: tables beside charts (the year report's drawings painted from SVG by QtSvg), 导出 Excel / 保存图片, 生成年度报告 (issue 14)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.unit import stats_fixtures as fx

pytestmark = pytest.mark.usefixtures("gui_env")


def _cell(model, row: int, col: int) -> str:
    return model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)


def _row(model, first: str) -> list[str]:
    for r in range(model.rowCount()):
        if _cell(model, r, 0) == first:
            return [_cell(model, r, c) for c in range(model.columnCount())]
    raise AssertionError(first)


@pytest.fixture()
def district_window(qtbot, gui_env, app):  # type: ignore[no-untyped-def]
    from desktop_app.gui.main_window import MainWindow

    fx.district(app)
    fx.add_surveys(app, project="QP2023-01", form="2-1-3")
    fx.add_health_records(app, origin="ZJJ")
    fx.add_health_records(app, origin="XY", offset=100)
    fx.add_packages(app, "ZJJ", "朱家角镇总工会", [1, 2, 4])
    w = MainWindow(app)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_stats_page_tables_and_charts(district_window, monkeypatch, tmp_path, qtbot) -> None:
    page = district_window.show_page("stats")
    assert page.selected_year() == 2023 and page.header.title.text() == "2023 年度统计"
    projects = page.projects_table.model
    assert _row(projects, "职工健康体检") == ["职工健康体检", "10,000", "120", "1.2%", "18,000.00", "2,400.00", "6",
                                         "10"]
    chart = page.projects_chart.chart_view.chart
    assert chart.kind == "hbar" and "职工健康体检" in chart.categories
    view = page.projects_chart.chart_view
    svg = view.svg.decode("utf-8")
    assert "<title>各项目完成率</title>" in svg and ">职工健康体检</text>" in svg
    assert "font-family: 'WenQuanYi Micro Hei'" in svg and view.renderer.isValid()
    # laid out for the panel's width: 1 pt = 4/3 px; drawn where it fits, scaled down if not
    assert abs(view.size_pt[0] - max(300, view.width() * 0.75)) < 1
    rect = view.target_rect()
    assert rect.width() <= view.width() + 0.5 and rect.height() <= view.height() + 0.5
    # 满意度测评: 2-1-3 counts as on paper, by provider
    page.tabs.setCurrentIndex(1)
    index = page.survey_project.findData("QP2023-01")
    page.survey_project.setCurrentIndex(index)
    q = page.questions_table.model
    assert _row(q, "行程满意度") == ["行程满意度", "2", "1", "1", "0", "75.0%"]
    assert _row(page.groups_table.model, "B体检中心")[-1] == "50.0%"
    assert page.groups_table.model.table.columns[0] == "承办旅行社"
    assert "排队太久" in page.texts.toPlainText() and "测评表 5 份，总满意率 64.3%" in page.survey_note.text()
    page.group.setCurrentIndex(page.group.findData("town"))
    assert _row(page.groups_table.model, "夏阳街道总工会")[-1] == "62.5%"
    # 各街镇
    assert page.tabs.isTabVisible(page.towns_tab)
    assert _row(page.towns_state.model, "朱家角镇总工会")[1] == "3"
    # exports: a table to .xlsx, a chart to PNG
    target = tmp_path / "表.xlsx"
    monkeypatch.setattr("desktop_app.gui.pages.stats.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    page.questions_table.export()
    ws = load_workbook(target).active
    values = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    assert ["行程满意度", 2, 1, 1, 0, 0.75] in [v[:6] for v in values]
    png = tmp_path / "图"
    monkeypatch.setattr("desktop_app.gui.pages.stats.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(png), ""))
    page.groups_chart.save()
    data = (tmp_path / "图.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    assert "已保存图片" in page.status.text()
    from PySide6.QtGui import QImage

    picture = QImage(str(tmp_path / "图.png"))
    w_pt, h_pt = page.groups_chart.chart_view.size_pt
    assert (picture.width(), picture.height()) == (round(w_pt * 8 / 3), round(h_pt * 8 / 3))  # 2× on screen
    assert picture.pixelColor(2, 2).name() == "#ffffff"  # on white
    # the bars are drawn in the palette's first colour (#1f4e79; SVG keeps whole per cents)
    colours = {picture.pixelColor(x, y).getRgb()[:3] for x in range(0, picture.width(), 4)
               for y in range(0, picture.height(), 4)}
    assert any(abs(r - 0x1F) + abs(g - 0x4E) + abs(b - 0x79) <= 6 for r, g, b in colours)
    assert not list(tmp_path.glob("~*"))  # no half-written file left
    if os.environ.get("UL_SCREENSHOTS"):
        out = Path(os.environ["UL_SCREENSHOTS"])
        for i, name in enumerate(["stats_progress", "stats_surveys", "stats_towns"]):
            page.tabs.setCurrentIndex(i)
            qtbot.wait(200)
            district_window.grab().save(str(out / f"{name}.png"))
        (out / "stats_chart.png").write_bytes(data)


def test_year_report_preview_from_the_page(district_window, monkeypatch, tmp_path) -> None:
    page = district_window.show_page("stats")
    page.open_report()
    dialog = page.report_dialog
    assert dialog.windowTitle() == "打印预览 — 2023 年度工作报告"
    assert dialog.page_count() >= 3 and dialog.ids == []
    target = tmp_path / "报告.xlsx"
    monkeypatch.setattr("desktop_app.gui.printing.report_preview.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    dialog.save_xlsx()
    assert load_workbook(target).sheetnames[0] == "项目完成情况"
    pdf = tmp_path / "报告.pdf"
    monkeypatch.setattr("desktop_app.gui.printing.report_preview.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(pdf), ""))
    dialog.save_as()
    assert pdf.read_bytes() == dialog.data and "已保存到" in dialog.status_label.text()
    if os.environ.get("UL_SCREENSHOTS"):
        out = Path(os.environ["UL_SCREENSHOTS"])
        dialog.resize(1366, 768)
        dialog.render_all_thumbnails()
        dialog.grab().save(str(out / "report_preview.png"))
    dialog.close()


def test_town_page_hides_towns_tab(window) -> None:
    page = window.show_page("stats")
    assert not page.tabs.isTabVisible(page.towns_tab)
    page.tabs.setCurrentIndex(1)
    assert page.survey_project.count() == 2  # 看上海 (2-1-3) and 职工健康体检 (2-3-5)
    assert page.survey_note.text().startswith("测评表 0 份")


def test_a_chart_in_a_short_panel_scrolls_instead_of_shrinking(district_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A dozen projects' bars need more height than the panel has at 150 %: the drawing keeps
    its readable size (8 pt labels, not scaled down) and the panel scrolls."""
    from desktop_app.gui.pages.stats import ChartPanel

    page = district_window.show_page("stats")
    chart = page.projects_chart.chart_view.chart
    assert chart is not None and len(chart.categories) >= 10
    panel = ChartPanel(page)  # on its own, sized as on a 1920×1080 screen at 150 %
    qtbot.addWidget(panel)
    panel.resize(560, 230)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_chart(chart)
    view = panel.chart_view
    needed = view.size_pt[1] * 4 / 3
    assert needed > panel.scroll.viewport().height()  # the bars could not fit
    qtbot.waitUntil(lambda: view.height() >= needed - 1)  # the scroll area gives it its height
    assert view.minimumHeight() >= needed - 1
    rect = view.target_rect()
    assert abs(rect.height() - needed) < 1 and abs(rect.width() - view.size_pt[0] * 4 / 3) < 1  # not shrunk
    assert panel.scroll.verticalScrollBar().maximum() > 0
    panel.resize(560, 900)  # room enough: no scrolling, the chart fills the panel
    qtbot.waitUntil(lambda: panel.scroll.viewport().height() > needed)
    view._layout()  # what the resize timer does
    assert view.minimumHeight() == view.base_min_height
    qtbot.waitUntil(lambda: panel.scroll.verticalScrollBar().maximum() == 0)
