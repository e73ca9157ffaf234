"""项目 → 编辑 and 名额分配 dialogs (issue 13): what they save, what they refuse."""

from __future__ import annotations

import pytest

from desktop_app.services.catalog import get_project

pytestmark = pytest.mark.usefixtures("gui_env")


def _param_row(dialog, key):  # type: ignore[no-untyped-def]
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 3).text() == key)


def test_editor_shows_meaning_and_rule_and_saves(town_app, qtbot) -> None:
    from desktop_app.gui.plan.project_editor import ProjectEditDialog

    d = ProjectEditDialog(town_app, "QP2023-03")
    qtbot.addWidget(d)
    r = _param_row(d, "hc_send_end")
    assert [d.table.item(r, c).text() for c in range(4)] == ["送健康截止日期", "R-HC-4", "2023-12-10", "hc_send_end"]
    d.table.item(r, 2).setText("2023-12-20")
    d.quota.setText("11000")
    assert d.changes() == {"quota": "11000", "params": {"hc_send_end": "2023-12-20"}}
    d.save()
    assert d.result() == d.DialogCode.Accepted
    with town_app.session() as s:
        p = get_project(s, "QP2023-03")
        assert (p.quota, p.params["hc_send_end"]) == (11000, "2023-12-20")


def test_editor_refusal_names_the_field_and_keeps_the_dialog(town_app, qtbot, gui_env) -> None:
    from desktop_app.gui.plan.project_editor import ProjectEditDialog

    d = ProjectEditDialog(town_app, "QP2023-01")
    qtbot.addWidget(d)
    d.table.item(_param_row(d, "rest_city_city_subsidy_min"), 2).setText("450")
    d.quota.setText("7000")
    d.save()
    assert d.result() != d.DialogCode.Accepted
    text = gui_env.texts("warning")[-1]
    assert "“市总直管院所市总补贴下限（元/人）”（rest_city_city_subsidy_min）450" in text and "未作任何修改" in text
    with town_app.session() as s:
        p = get_project(s, "QP2023-01")
        assert (p.quota, p.params["rest_city_city_subsidy_min"]) == (6000, 200)


@pytest.fixture()
def district(tmp_path):  # type: ignore[no-untyped-def]
    from desktop_app.services.app import App
    from desktop_app.services.office import setup_office
    from desktop_app.store.models import Unit

    app = App.open(tmp_path / "qp")
    with app.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
        s.add(Unit(code="ZJJ", name="朱家角镇总工会", role="town", level="town"))
        s.add(Unit(code="XJ", name="徐泾镇总工会", role="town", level="town"))
    yield app
    app.close()


def test_allocation_grid_sums_warns_and_saves(district, qtbot, gui_env) -> None:
    from desktop_app.gui.plan.allocation_grid import AllocationDialog
    from desktop_app.services.allocations import allocation_of

    d = AllocationDialog(district, 2023)
    qtbot.addWidget(d)
    assert [d.table.verticalHeaderItem(r).text() for r in range(d.table.rowCount())] == [
        "徐泾镇总工会（XJ）", "朱家角镇总工会（ZJJ）", "已分配合计", "项目名额", "尚未分配"]
    c = next(i for i, p in enumerate(d.projects) if p["code"] == "QP2023-04")
    d.table.item(0, c).setText("60")
    d.table.item(1, c).setText("55")
    assert [d.table.item(r, c).text() for r in (2, 3, 4)] == ["115", "100", "-15"]
    assert d.table.item(2, c).background().color().name() == "#fde2e2"
    assert "点亮微心愿（QP2023-04）已分配 115 个，比项目名额 100 多 15" in d.warning.text()
    assert not d.warning.isHidden()
    d.table.item(1, c).setText("40")
    assert d.warning.isHidden() and d.table.item(4, c).text() == "0"
    d.table.item(0, c).setText("五十")
    d.save()  # refused naming the cell, nothing saved
    assert "徐泾镇总工会 · QP2023-04：“分配名额”须为整数" in gui_env.texts("warning")[-1]
    with district.session() as s:
        assert allocation_of(s, "QP2023-04", "ZJJ") is None
    d.table.item(0, c).setText("60")
    d.save()
    with district.session() as s:
        assert (allocation_of(s, "QP2023-04", "XJ"), allocation_of(s, "QP2023-04", "ZJJ")) == (60, 40)
