"""Completion fills the form (issue 18): a unit's name typed in an application offers the
units the office knows; picking one fills contact, phone, address and ownership; 体检地点
offers the plan's check centres."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from desktop_app.gui.forms.editor import RecordEditor
from desktop_app.services.units import save_unit


def _editor(qtbot, app, form: str = "2-3-2") -> RecordEditor:
    editor = RecordEditor(app, None, "QP2023-03", form, today=dt.date(2023, 6, 1))
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_picking_a_unit_fills_the_form(qtbot, town_app) -> None:
    with town_app.transaction() as s:
        save_unit(s, {"name": "上海练塘食品有限公司", "contact": "赵敏", "phone": "13800001111",
                      "address": "青浦区练塘镇章练塘路 1 号", "ownership": "股份制企业"})
        save_unit(s, {"name": "上海金泽物业管理有限公司", "contact": "钱进"})
    editor = _editor(qtbot, town_app)
    view = editor.form_view
    edit = view.field_widget("unit_name").edit
    completer = edit.completer()
    assert completer is not None
    edit.setFocus()
    event = QInputMethodEvent("", [])  # Chinese arrives from the input method as a commit
    event.setCommitString("练塘")
    QApplication.sendEvent(edit, event)
    assert completer.completionCount() == 1 and completer.currentCompletion() == "上海练塘食品有限公司"
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    values = view.values()
    assert values["unit_name"] == "上海练塘食品有限公司"
    assert (values["contact"], values["contact_phone"], values["unit_address"], values["ownership"]) == (
        "赵敏", "13800001111", "青浦区练塘镇章练塘路 1 号", "joint_stock")
    assert editor.is_dirty()


def test_check_place_offers_the_plans_centres_and_another_form_fills_its_own_fields(qtbot, town_app) -> None:
    with town_app.transaction() as s:
        save_unit(s, {"name": "上海练塘食品有限公司", "contact": "赵敏", "phone": "13800001111",
                      "address": "青浦区练塘镇章练塘路 1 号"})
    editor = _editor(qtbot, town_app, "2-3-3")
    view = editor.form_view
    place = view.field_widget("check_place").edit.completer()
    assert editor.directories.names("check_place")[:2] == ["复旦大学附属中山医院青浦分院体检中心",
                                                          "上海淀山湖门诊部健康体检中心"]
    place.setCompletionPrefix("美馨")
    assert place.currentCompletion() == "上海美馨健康体检中心有限公司"
    filled = editor.directories.picked("enterprise_name", "上海练塘食品有限公司")
    assert filled == {"contact": "赵敏", "mobile": "13800001111", "enterprise_address": "青浦区练塘镇章练塘路 1 号"}
    assert view.values()["enterprise_name"] == "上海练塘食品有限公司"
    assert view.values()["mobile"] == "13800001111"


def test_roster_unit_column_completes_from_the_units(qtbot, town_app) -> None:
    with town_app.transaction() as s:
        save_unit(s, {"name": "上海练塘食品有限公司"})
    editor = _editor(qtbot, town_app, "2-3-6")
    view = editor.roster_editor.view
    col = view.unit_column()
    assert col is not None and "上海练塘食品有限公司" in view.unit_names
    line = view.itemDelegate().createEditor(view.viewport(), QStyleOptionViewItem(), view.model().index(0, col))
    completer = line.completer()
    completer.setCompletionPrefix("练塘")
    assert completer.currentCompletion() == "上海练塘食品有限公司"
