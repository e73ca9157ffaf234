"""Roster grid: undo/redo of edits, pastes, inserted and removed rows; a paste over filled rows
asks first; Tab and Enter go on inside the grid after a paste (issue 18)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.forms import load_specs
from desktop_app.gui.forms.roster import RosterEditor
from tests.gui.forms_fixtures import column_of, msgbox, type_cell  # noqa: F401

SPEC = load_specs()["2-3-6"]
TODAY = dt.date(2023, 6, 1)
CTRL = Qt.KeyboardModifier.ControlModifier
ROWS = ("青浦示例公司\t王晓明\t男\t√\t\t43\t440306198002290519\r\n"
        "青浦示例公司\t李秀英\t女\t\t√\t34\t31011819890517002X\r\n")
NEW = ("新公司\t张伟\t男\t√\t\t\t\r\n"
       "新公司\t陈强\t男\t\t√\t\t\r\n")


def _editor(qtbot) -> RosterEditor:
    ed = RosterEditor(SPEC, 2023, today=TODAY)
    qtbot.addWidget(ed)
    ed.resize(1100, 700)
    with qtbot.waitActive(ed):
        ed.show()
        ed.activateWindow()
    return ed


def _names(m) -> list[str]:
    return [r["name"] for r in m.row_values()]


def _go(v, m, row: int, key: str) -> None:
    """Click a cell: it becomes current and the only one selected."""
    QTest.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=v.visualRect(m.index(row, column_of(m, key))).center())


def _paste(v, m, row: int, text: str, col_key: str = "unit") -> None:
    QGuiApplication.clipboard().setText(text)
    v.setFocus()
    _go(v, m, row, col_key)
    QTest.keyClick(v, Qt.Key.Key_V, CTRL)


def test_undo_and_redo_typed_edits(qtbot) -> None:
    ed = _editor(qtbot)
    m, v = ed.model, ed.view
    type_cell(v, 0, column_of(m, "name"), "李秀英")
    type_cell(v, 0, column_of(m, "id_number"), "31011819890517002X")
    assert m.row_values()[0]["gender"] == "女"  # filled from the number
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)
    row = m.row_values()[0]
    assert row["name"] == "李秀英" and row.get("id_number") is None and row.get("gender") is None
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)
    assert m.row_values() == [] and m.rowCount() == 1  # back to the one blank row
    QTest.keyClick(v, Qt.Key.Key_Y, CTRL)
    QTest.keyClick(v, Qt.Key.Key_Y, CTRL)
    row = m.row_values()[0]
    assert (row["name"], row["id_number"], row["gender"], row["age"]) == ("李秀英", "31011819890517002X", "女", 34)


def test_paste_is_one_undo_step_and_delete_rows_undo(qtbot, msgbox) -> None:  # noqa: F811
    ed = _editor(qtbot)
    m, v = ed.model, ed.view
    _paste(v, m, 0, ROWS)
    assert _names(m) == ["王晓明", "李秀英"]
    assert msgbox.calls == []  # nothing was overwritten: no question
    _go(v, m, 0, "name")
    QTest.keyClick(v, Qt.Key.Key_Delete, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert _names(m) == ["李秀英"]
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)  # the removed row comes back, in its place
    assert _names(m) == ["王晓明", "李秀英"]
    assert m.row_values()[0]["married"] == "已婚"
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)  # the whole paste goes in one step
    assert _names(m) == []
    QTest.keyClick(v, Qt.Key.Key_Y, CTRL)
    assert _names(m) == ["王晓明", "李秀英"]
    assert m.undo_stack.undoText() == "粘贴 2 行"


def test_inserted_rows_undo(qtbot) -> None:
    ed = _editor(qtbot)
    m, v = ed.model, ed.view
    _paste(v, m, 0, ROWS)
    _go(v, m, 1, "name")
    QTest.keyClick(v, Qt.Key.Key_Insert, CTRL)
    assert m.rowCount() == 4 and m.rows[1].blank()
    type_cell(v, 1, column_of(m, "name"), "插入者")
    assert _names(m) == ["王晓明", "插入者", "李秀英"]
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)
    assert _names(m) == ["王晓明", "李秀英"] and m.rowCount() == 3


def test_paste_over_filled_rows_asks(qtbot, msgbox) -> None:  # noqa: F811
    ed = _editor(qtbot)
    m, v = ed.model, ed.view
    _paste(v, m, 0, ROWS)
    msgbox.question_answer = QMessageBox.StandardButton.Cancel
    _paste(v, m, 1, NEW)  # row 2 is filled, row 3 is the blank one
    assert len(msgbox.calls) == 1 and "覆盖" in msgbox.calls[0][1] and "第 2 行" in msgbox.calls[0][2]
    assert _names(m) == ["王晓明", "李秀英"]  # cancelled: nothing changed
    msgbox.question_answer = QMessageBox.StandardButton.No  # insert as new rows
    _paste(v, m, 1, NEW)
    assert _names(m) == ["王晓明", "张伟", "陈强", "李秀英"]
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)  # insert + paste undone together
    assert _names(m) == ["王晓明", "李秀英"]
    msgbox.question_answer = QMessageBox.StandardButton.Yes  # overwrite
    _paste(v, m, 1, NEW)
    assert _names(m) == ["王晓明", "张伟", "陈强"]
    QTest.keyClick(v, Qt.Key.Key_Z, CTRL)
    assert _names(m) == ["王晓明", "李秀英"]
    assert m.row_values()[1]["id_number"] == "31011819890517002X"


def test_tab_and_enter_keep_moving_in_the_grid_after_a_paste(qtbot) -> None:
    ed = _editor(qtbot)
    m, v = ed.model, ed.view
    _paste(v, m, 0, ROWS)
    assert v.hasFocus()
    assert (v.currentIndex().row(), v.currentIndex().column()) == (0, column_of(m, "unit"))
    QTest.keyClick(v, Qt.Key.Key_Tab)
    assert v.hasFocus() and v.currentIndex().column() == column_of(m, "name")
    QTest.keyClick(v, Qt.Key.Key_Return)
    assert v.hasFocus() and v.currentIndex().column() == column_of(m, "gender")
    type_cell(v, 2, column_of(m, "name"), "赵敏", key=Qt.Key.Key_Tab)  # typing goes on below
    assert _names(m) == ["王晓明", "李秀英", "赵敏"]
    assert v.hasFocus() or v.state() == v.State.EditingState
