"""Home page: the year's projects with quota, progress numbers, subsidy, records; copy-year."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.gui.widgets import PROGRESS_ROLE, fmt_yuan
from tests.gui.records_helpers import health_record, subsidy_of

pytestmark = pytest.mark.usefixtures("gui_env")


def _row(page, code: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    model = page.proxy
    for r in range(model.rowCount()):
        cells = {page.model.columns[c].key: model.index(r, c).data() for c in range(model.columnCount())}
        if cells["code"] == code:
            cells["_fraction"] = model.index(r, 3).data(PROGRESS_ROLE)
            return cells
    raise AssertionError(code)


def test_progress_numbers_after_records(window, town_app) -> None:
    a = health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    b = health_record(town_app, "上海朱家角科技有限公司", 35, "submitted")
    health_record(town_app, "上海练塘食品有限公司", 40, "draft")  # drafts do not count
    page = window.pages["home"]
    page.refresh()
    assert page.year.currentText() == "2023 年"
    row = _row(page, "QP2023-03")
    assert row["short_name"] == "职工健康体检"
    assert row["quota"] == "10,000 人"
    assert row["progress"] == "65 / 10,000"
    assert row["percent"] == "0.7%"
    assert row["records"] == "3"
    assert row["subsidy"] == fmt_yuan(subsidy_of(town_app, [a, b]))
    assert row["_fraction"] == pytest.approx(0.0065)
    assert _row(page, "QP2023-01")["progress"] == "0 / 6,000"
    assert page.card_people.text() == "65" and page.card_records.text() == "3"


def test_double_click_opens_the_projects_records(window, town_app, qtbot) -> None:
    health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    page = window.pages["home"]
    page.refresh()
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data() == "QP2023-03":
            index = page.proxy.index(r, 1)
    page.table.doubleClicked.emit(index)
    assert window.current_key() == "records"
    records = window.pages["records"]
    assert records.project_code() == "QP2023-03"
    assert records.model.rowCount() == 1


def test_copy_to_next_year(window, gui_env) -> None:
    page = window.pages["home"]
    page.year.setCurrentIndex(page.year.findData(2023))
    page.copy_to_next_year()
    kinds = gui_env.kinds()
    assert kinds[-2:] == ["question", "information"]
    assert "已创建 2024 年度项目 10 个" in gui_env.texts("information")[-1]
    assert page.selected_year() == 2024
    assert page.model.rowCount() == 10
    assert _row(page, "QP2024-03")["progress"] == "0 / 10,000"


def test_copy_needs_confirmation(window, gui_env) -> None:
    from PySide6.QtWidgets import QMessageBox

    gui_env.question = QMessageBox.StandardButton.No
    page = window.pages["home"]
    page.copy_to_next_year()
    assert page.year.findData(2024) == -1
    assert "information" not in gui_env.kinds()


def test_sorting_by_progress(window, town_app) -> None:
    health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    page = window.pages["home"]
    page.refresh()
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, 0).data() == "QP2023-03"
