"""Home page: the year's projects with quota, progress numbers, subsidy, records; copy-year."""

from __future__ import annotations

import datetime as dt

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
            col = next(c for c in range(model.columnCount()) if page.model.columns[c].key == "progress")
            cells["_fraction"] = model.index(r, col).data(PROGRESS_ROLE)
            return cells
    raise AssertionError(code)


def test_progress_numbers_after_records(window, town_app) -> None:
    a = health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    b = health_record(town_app, "上海朱家角科技有限公司", 35, "submitted")
    health_record(town_app, "上海练塘食品有限公司", 40, "draft")  # drafts do not count
    page = window.pages["home"]
    page.today = lambda: dt.date(2023, 7, 1)  # the home page opens on the current year
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
    page.year.setCurrentIndex(page.year.findData(2023))
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
    page.year.setCurrentIndex(page.year.findData(2023))
    page.copy_to_next_year()
    assert page.year.findData(2024) == -1
    assert "information" not in gui_env.kinds()


def test_sorting_by_progress(window, town_app) -> None:
    health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    page = window.pages["home"]
    page.refresh()
    page.year.setCurrentIndex(page.year.findData(2023))
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # 完成进度
    assert page.proxy.index(0, 0).data() == "QP2023-03"


def test_opens_on_the_current_year_and_offers_its_catalogue(window, gui_env) -> None:
    page = window.pages["home"]
    page.today = lambda: dt.date(2026, 3, 2)
    page.refresh()
    assert page.selected_year() == 2026 and page.year.currentText() == "2026 年（无目录）"
    assert page.model.rowCount() == 0 and not page.banner.isHidden()
    assert "2026 年度还没有项目目录" in page.banner_text.text()
    assert page.create_button.text() == "从 2023 年度复制创建…"
    page.create_current_year()
    assert page.selected_year() == 2026 and page.model.rowCount() == 10 and page.banner.isHidden()
    review = gui_env.texts("information")[-1]
    assert "已创建 2026 年度项目 10 个" in review
    assert "职工健康体检：名额 10,000 人，时间 2026-01-01 至 2026-12-31" in review
    assert _row(page, "QP2026-03")["short_name"] == "职工健康体检"


def test_todo_board_and_navigation_count(window, town_app, gui_env) -> None:
    from desktop_app.services.records import RecordInput, save_record

    with town_app.transaction() as s:
        rid = save_record(s, town_app.specs, project_code="QP2023-05", form_code="ILL", draft=True,
                          data=RecordInput(values={"name": "李娟", "diagnosis_date": "2023-08-14"})).record.id
    page = window.pages["home"]
    page.today = lambda: dt.date(2024, 6, 10)
    page.refresh()
    page.year.setCurrentIndex(page.year.findData(2023))
    items = page.board.items
    assert [(i.date, i.record) for i in items if not i.overdue] == [(dt.date(2024, 6, 30), rid)]
    overdue = [i for i in items if i.overdue]
    assert {i.rule for i in overdue} >= {"R-TRIP-4", "R-HC-4", "R-INS-8"}
    rows = page.board.rows
    row = next(r for r, i in enumerate(rows) if i.record == rid)
    assert page.board.table.item(row, 0).foreground().color().name() != "#b91c1c"
    first = next(r for r, i in enumerate(rows) if i.overdue)
    assert page.board.table.item(first, 0).foreground().color().name() == "#b91c1c"
    assert page.board.title.text() == f"待办（已逾期 {len(overdue)}，30 天内 1）"
    assert window.nav.item(0).text() == f"项目  · 待办 {len(items)}"
    opened = []
    page.board.open_record.disconnect()
    page.board.open_record.connect(opened.append)
    page.board.table.doubleClicked.emit(page.board.table.model().index(row, 1))
    assert opened == [rid]
    page.board.activate(first)  # a project's own deadline opens its records list
    assert window.current_key() == "records"


def test_progress_against_the_towns_allocation(window, town_app) -> None:
    from desktop_app.services.allocations import apply_received

    health_record(town_app, "上海青浦快递物流有限公司", 30, "ready")
    with town_app.transaction() as s:
        apply_received(s, "ZJJ", [{"project": "QP2023-03", "quota": 120}])
    page = window.pages["home"]
    page.year.setCurrentIndex(page.year.findData(2023))
    page.load_projects()
    row = _row(page, "QP2023-03")
    assert row["allocation"] == "120 人" and row["progress"] == "30 / 120" and row["percent"] == "25.0%"
    assert _row(page, "QP2023-01")["allocation"] == "—"


def test_board_exports_the_years_deadlines_as_ics(window, gui_env, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "待办.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page = window.pages["home"]
    page.today = lambda: dt.date(2023, 11, 15)
    page.refresh()
    page.year.setCurrentIndex(page.year.findData(2023))
    page.board.export_ics()
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART;VALUE=DATE:20231210" in text
    assert "已导出" in gui_env.texts("information")[-1]


def test_board_marks_an_item_done(window, gui_env) -> None:
    page = window.pages["home"]
    page.today = lambda: dt.date(2023, 11, 15)
    page.refresh()
    page.year.setCurrentIndex(page.year.findData(2023))
    before = len(page.board.items)
    row = next(r for r, i in enumerate(page.board.rows) if i.title == "集中参保名单报送截止")
    page.board.table.selectRow(row)
    page.board.mark_selected_done()
    assert "把以下 1 项标为已完成" in gui_env.texts("question")[-1]
    assert len(page.board.items) == before - 1
    assert "集中参保名单报送截止" not in [i.title for i in page.board.items]
    assert window.nav.item(0).text() == f"项目  · 待办 {before - 1}"


def test_board_groups_records_due_the_same_day(window, town_app) -> None:
    from desktop_app.services.records import RecordInput, save_record

    with town_app.transaction() as s:
        ids = [save_record(s, town_app.specs, project_code="QP2023-05", form_code="ILL", draft=True,
                           data=RecordInput(values={"name": n, "diagnosis_date": d})).record.id
               for n, d in (("李娟", "2023-08-14"), ("王五", "2023-09-01"), ("赵六", "2023-03-01"))]
    page = window.pages["home"]
    page.today = lambda: dt.date(2024, 6, 10)
    page.refresh()
    page.year.setCurrentIndex(page.year.findData(2023))
    grouped = [r for r in page.board.rows if r.rule == "R-ILL-1"]
    assert [(r.date, r.title, [i.record for i in r.items]) for r in grouped] == [
        (dt.date(2023, 12, 31), "赵六大病慰问申请截止（2023-03-01 确诊）", [ids[2]]),
        (dt.date(2024, 6, 30), "大病慰问申请截止：2 条记录", ids[:2])]
    assert grouped[1].record is None  # a group opens the project's records list


def test_board_opens_the_record_in_the_editor(window, town_app, qtbot) -> None:
    from desktop_app.gui.pages import record_actions
    from desktop_app.services.records import RecordInput, save_record

    with town_app.transaction() as s:
        rid = save_record(s, town_app.specs, project_code="QP2023-05", form_code="ILL", draft=True,
                          data=RecordInput(values={"name": "李娟", "diagnosis_date": "2023-08-14"})).record.id
    page = window.pages["home"]
    page.open_record(rid)
    opened = list(record_actions._open_editors)
    assert opened and "大病" in opened[-1].windowTitle()
    for w in opened:
        w.close()
