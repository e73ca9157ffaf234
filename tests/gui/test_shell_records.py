"""Records page: filters, totals row, status buttons (set_status; 退回 asks the reason),
opening the form editor."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from desktop_app.gui.pages import record_actions
from desktop_app.gui.widgets import fmt_yuan
from desktop_app.services.records import get_record
from tests.gui.records_helpers import health_record, subsidy_of

pytestmark = pytest.mark.usefixtures("gui_env")

UNITS = ("上海青浦快递物流有限公司", "上海朱家角科技有限公司", "上海练塘食品有限公司")


@pytest.fixture()
def recs(town_app):  # type: ignore[no-untyped-def]
    return {
        "ready": health_record(town_app, UNITS[0], 30, "ready", fill_date="2023-05-10"),
        "submitted": health_record(town_app, UNITS[1], 35, "submitted", fill_date="2023-06-20"),
        "draft": health_record(town_app, UNITS[2], 40, "draft", fill_date="2023-07-01"),
    }


@pytest.fixture()
def page(window, recs):  # type: ignore[no-untyped-def]
    window.open_records("QP2023-03")
    return window.pages["records"]


def _ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return page.model.ids()


def _select(page, *ids: int) -> None:  # type: ignore[no-untyped-def]
    page.select_ids(list(ids))


def test_list_and_totals_row(page, recs, town_app) -> None:
    assert _ids(page) == sorted(recs.values())
    expected_fen = subsidy_of(town_app, list(recs.values()))
    assert page.totals.text() == f"合计：3 条记录　　人数 105　　补助 {fmt_yuan(expected_fen)} 元"
    m = page.model
    row = m.row_of(recs["submitted"])
    cells = {c.key: m.index(row, i).data() for i, c in enumerate(m.columns)}
    assert cells["status"] == "已报送" and cells["headcount"] == "35"
    assert cells["unit_name"] == UNITS[1] and cells["record_date"] == "2023-06-20"
    assert cells["form"].startswith("2-3-2 2023 年")


def test_filters(page, recs) -> None:
    page.status.setCurrentIndex(page.status.findData("draft"))
    assert _ids(page) == [recs["draft"]]
    assert "人数 40" in page.totals.text()
    page.status.setCurrentIndex(0)
    page.unit.setCurrentText("朱家角")
    page.reload()
    assert _ids(page) == [recs["submitted"]]
    page.unit.setCurrentText("")
    page.by_date.setChecked(True)
    page.date_from.setDate(QDate(2023, 6, 1))
    page.date_to.setDate(QDate(2023, 6, 30))
    assert _ids(page) == [recs["submitted"]]
    page.by_date.setChecked(False)
    page.search.setText("练塘")
    page.search.fire()
    assert _ids(page) == [recs["draft"]]
    page.search.setText("")
    page.search.fire()
    page.form.setCurrentIndex(page.form.findData("2-3-3"))
    assert _ids(page) == [] and page.totals.text().startswith("合计：0 条记录")
    page.form.setCurrentIndex(0)
    assert len(_ids(page)) == 3


def test_status_buttons_follow_transitions(page, recs) -> None:
    _select(page, recs["ready"])
    enabled = {s for s, b in page.status_buttons.items() if b.isEnabled()}
    assert enabled == {"submitted"}
    _select(page, recs["submitted"])  # at a town: 已通过 / 已退回 are the district's answers
    assert {s for s, b in page.status_buttons.items() if b.isEnabled()} == {"ready"}
    assert {s for s, b in page.status_buttons.items() if not b.isHidden()} == {"ready", "submitted"}
    _select(page, recs["ready"], recs["submitted"])
    assert not any(b.isEnabled() for b in page.status_buttons.values())


def test_status_buttons_at_the_district(page, recs, monkeypatch) -> None:
    monkeypatch.setattr("desktop_app.services.records._office_side", lambda s: "any")
    page.side = "any"
    page.update_buttons()
    _select(page, recs["submitted"])
    assert {s for s, b in page.status_buttons.items() if b.isEnabled()} == {"ready", "approved", "returned"}


def test_mark_submitted_calls_set_status(page, recs, town_app) -> None:
    _select(page, recs["ready"])
    page.status_buttons["submitted"].click()
    with town_app.session() as s:
        assert get_record(s, recs["ready"]).status == "submitted"
    assert page.selected_ids() == [recs["ready"]]  # selection kept after the refresh


def test_return_asks_reason(page, recs, town_app, gui_env, monkeypatch) -> None:
    monkeypatch.setattr("desktop_app.services.records._office_side", lambda s: "any")  # the district decides
    page.side = "any"
    _select(page, recs["submitted"])
    gui_env.text = None  # cancelled: nothing changes
    page.status_buttons["returned"].click()
    with town_app.session() as s:
        assert get_record(s, recs["submitted"]).status == "submitted"
    gui_env.text = "名册缺少 2 人的身份证号码"
    page.status_buttons["returned"].click()
    with town_app.session() as s:
        rec = get_record(s, recs["submitted"])
        assert (rec.status, rec.status_reason) == ("returned", "名册缺少 2 人的身份证号码")
    assert gui_env.kinds().count("getText") == 2
    row = page.model.row_of(recs["submitted"])
    status_col = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    assert page.model.index(row, status_col).data() == "已退回"


def test_set_status_error_shown_in_chinese(page, recs, gui_env) -> None:
    # Two selected records, one of which cannot move: the other still changes, the error is told.
    ids = [recs["ready"], recs["submitted"]]
    changed, problems = record_actions.change_status(page, page.app, ids, "submitted")
    assert changed == 1 and len(problems) == 1
    assert "不能改为“已报送”" in problems[0]
    assert gui_env.kinds()[-2:] == ["question", "warning"]
    assert gui_env.texts("warning")[-1].startswith("1 条已改为“已报送”，1 条未改：\n")


def test_open_record_in_editor(page, recs, monkeypatch, qtbot) -> None:
    opened = []

    def fake_open(parent, app, record_id, project_code, form_code, on_saved):  # type: ignore[no-untyped-def]
        opened.append((record_id, project_code, form_code))
        on_saved(record_id)

    monkeypatch.setattr(record_actions, "open_editor", fake_open)
    page.open_index(page.model.index(page.model.row_of(recs["draft"]), 0))
    assert opened == [(recs["draft"], "QP2023-03", "2-3-2")]
    assert page.selected_ids() == [recs["draft"]]


def test_new_record_chooses_a_form(page, monkeypatch, gui_env) -> None:
    opened = []
    monkeypatch.setattr(record_actions, "open_editor",
                        lambda parent, app, rid, project, form, on_saved: opened.append((rid, project, form)))
    gui_env.item = 1
    page.new_record()
    assert gui_env.kinds()[-1] == "getItem"
    assert opened == [(None, "QP2023-03", "2-3-3")]


def test_real_editor_opens_in_its_own_window(page, recs, qtbot) -> None:
    window = record_actions.open_editor(page, page.app, recs["draft"], "QP2023-03", "2-3-2", lambda _id: None)
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    window.close()


def test_sort_by_headcount(page, recs) -> None:
    from PySide6.QtCore import Qt

    col = next(i for i, c in enumerate(page.model.columns) if c.key == "headcount")
    page.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert _ids(page) == [recs["draft"], recs["submitted"], recs["ready"]]


def test_date_filter_follows_project_year(page) -> None:
    assert page.date_from.date().toPython() == dt.date(2023, 1, 1)
    assert page.date_to.date().toPython() == dt.date(2023, 12, 31)


def test_double_click_and_enter_open_once(page, recs, monkeypatch, qtbot) -> None:
    from PySide6.QtCore import Qt

    opened = []
    monkeypatch.setattr(record_actions, "open_editor",
                        lambda parent, app, rid, project, form, on_saved: opened.append(rid))
    row = page.model.row_of(recs["ready"])
    rect = page.table.visualRect(page.model.index(row, 2))
    # A real double-click: press, release, then the double-click event (Qt 6 item views
    # need the press to know which index was clicked).
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [recs["ready"]]
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(page.model.row_of(recs["draft"]), 0))
    page.window().activateWindow()
    qtbot.waitUntil(lambda: page.window().isActiveWindow(), timeout=15000)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [recs["ready"], recs["draft"]]


def test_all_projects_list_titles_carry_each_records_project_year(window, recs, town_app) -> None:
    """Issue 13: on a machine dated 2026 a 2023 record's title reads 2023, never today's year."""
    from desktop_app.services.catalog import copy_year

    with town_app.transaction() as s:
        copy_year(s, 2023, 2026)
    later = health_record(town_app, UNITS[0], 31, "ready", project="QP2026-03", fill_date="2026-05-10")
    window.open_records("QP2023-03")
    page = window.pages["records"]
    page.project.setCurrentIndex(page.project.findData(None))  # 全部项目
    m = page.model
    col = next(i for i, c in enumerate(m.columns) if c.key == "form")
    assert m.index(m.row_of(recs["ready"]), col).data().startswith("2-3-2 2023 年")
    assert m.index(m.row_of(later), col).data().startswith("2-3-2 2026 年")
    assert all("{year}" not in page.form.itemText(i) and "2026" not in page.form.itemText(i)
               for i in range(page.form.count()))
