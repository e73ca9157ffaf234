"""People page (debounced search, count label, reveal), units page and dialog, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.gui.pages.units import UnitDialog, check_credit_code
from desktop_app.services.demo import credit_code
from tests.gui.conftest import bulk_people

pytestmark = pytest.mark.usefixtures("gui_env")


def test_people_page_search_and_count(window, town_app, qtbot) -> None:
    people = bulk_people(town_app, 300)
    page = window.show_page("people")
    assert page.count.text() == "共 300 人"
    digits = people[7]["id_number"][:10]  # typed keys are ASCII (QTest); names: see the model tests
    qtbot.keyClicks(page.search, digits)
    expected = sum(1 for p in people if p["id_number"].startswith(digits) or p["id_number"].endswith(digits)
                   or digits in p["phone"])
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=15000)  # after the 150 ms pause
    assert page.count.text() == f"找到 {expected} 人（共 300 人）"
    page.reveal.setChecked(True)
    assert page.model.revealed


def test_people_page_sorts_on_a_worker_and_drops_a_stale_order(window, town_app) -> None:  # type: ignore[no-untyped-def]
    people = bulk_people(town_app, 120)
    page = window.show_page("people")
    header = page.table.horizontalHeader()
    birth = next(i for i, c in enumerate(page.model.columns) if c.key == "birth_date")
    runs = []
    real = page.sort_in_background
    page.model.sort_runner = lambda order: (runs.append(order), real(order))
    header.setSortIndicator(birth, Qt.SortOrder.DescendingOrder)  # a header click
    assert runs == [("birth_date", True)]
    by_id = {p["id_number"]: p for p in people}
    with town_app.session() as s:
        from desktop_app.services import views

        rows = views.people_rows(s, page.model.ids())
    births = [rows[i].birth_date for i in page.model.ids()]
    assert births == sorted(births, reverse=True) and len(births) == len(by_id)
    assert page.count.text() == "共 120 人"
    before = page.model.ids()
    stale = page.model.find_ids("", ("name", False))  # an order asked for before the last click
    page._sorted(("name", False), stale)
    assert page.model.ids() == before  # the newer order stays


def test_unit_dialog_adds_and_edits(window, town_app) -> None:
    page = window.show_page("units")
    before = page.model.rowCount()
    dlg = UnitDialog(town_app, None, page)
    dlg.inputs["name"].setText("上海测试精密机械有限公司")
    code = credit_code(__import__("random").Random(3))
    dlg.inputs["credit_code"].setText(code.lower())
    dlg.inputs["phone"].setText("021-59231234")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    page.refresh()
    assert page.model.rowCount() == before + 1
    with town_app.session() as s:
        from desktop_app.services import views

        row = next(r for r in views.unit_rows(s, "测试精密") if r.name == "上海测试精密机械有限公司")
    assert row.credit_code == code  # upper-cased
    edit = UnitDialog(town_app, row.id, page)
    assert edit.inputs["name"].text() == "上海测试精密机械有限公司"
    edit.inputs["contact"].setText("陈建国")
    edit.accept()
    with town_app.session() as s:
        assert views.unit_values(s, row.id)["contact"] == "陈建国"


def test_unit_dialog_validation(window, town_app) -> None:
    dlg = UnitDialog(town_app, None, window)
    dlg.inputs["credit_code"].setText("91310118MA1234567")
    dlg.inputs["phone"].setText("12345")
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    text = dlg.error.text()
    assert "请填写单位名称" in text and "统一社会信用代码应为 18 位" in text


def test_credit_code_check() -> None:
    assert check_credit_code("91350100M000100Y43") is None  # the standard's own example
    assert "校验位" in (check_credit_code("91350100M000100Y44") or "")
    assert check_credit_code("") is None


def test_units_phone_masked_until_revealed(window, town_app) -> None:
    from desktop_app.services.units import save_unit

    with town_app.transaction() as s:
        save_unit(s, {"name": "上海隐私测试有限公司", "phone": "13812345678"})
    page = window.show_page("units")
    col = next(i for i, c in enumerate(page.model.columns) if c.key == "phone")
    row = next(r for r in range(page.model.rowCount()) if page.model.rows[r].name == "上海隐私测试有限公司")
    assert page.model.index(row, col).data() == "138****5678"
    page.reveal.setChecked(True)
    assert page.model.index(row, col).data() == "13812345678"


def test_settings_backup_and_office(window, town_app, gui_env) -> None:
    page = window.show_page("settings")
    assert page.name.text() == "朱家角镇总工会"
    assert page.folder.text() == str(town_app.data_dir.root)
    page.backup()
    # a copy of the SQLite file; on the PostgreSQL run a pg_dump of the server store (issue 15)
    made = "unionledger-manual-*.sqlite3" if town_app.store.url is None else "server-*.dump"
    backups = list(Path(town_app.data_dir.backups).glob(made))
    assert len(backups) == 1
    assert "备份完成" in gui_env.texts("information")[-1]
    page.edit_office()
    assert gui_env.calls[-1][:1] == ("exec",) and gui_env.calls[-1][2] == "FirstRunDialog"


def test_exchange_page_shows_office(window) -> None:
    page = window.show_page("exchange")
    assert "朱家角镇总工会" in page.sender.text()
    assert "青浦区总工会" in page.receiver.text()
