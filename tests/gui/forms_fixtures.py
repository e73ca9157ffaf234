"""Helpers and fixtures for the form tests (imported by tests/gui/test_forms_*.py, test_roster_*.py).

Typing goes through the real widgets: ASCII with QTest key clicks, Chinese as an input-method
commit (QInputMethodEvent), which is how Chinese text reaches a widget from an IME.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.forms import FieldSpec, FormSpec, load_specs

TODAY = dt.date(2023, 6, 1)  # the worked examples are of 2023
ALL_CODES = list(load_specs().keys())

COMPANY, PERSON, CENTRE = "青浦示例精密机械有限公司", "陈建国", "中山医院青浦分院体检中心"
CHINESE = {
    "名称": COMPANY, "单位": COMPANY, "企业": COMPANY, "地址": "青浦区城中北路 18 号",
    "姓名": PERSON, "联系人": PERSON, "领队": PERSON, "填表人": PERSON,
    "旅行社": "上海春秋国际旅行社", "线路": "朱家角—金泽古镇", "地点": CENTRE, "机构": CENTRE,
    "街镇": "朱家角镇",
}


@dataclass
class MessageBoxes:
    """Patched QMessageBox statics: every call recorded, answers chosen by the test."""

    question_answer: Any = QMessageBox.StandardButton.Yes
    calls: list[tuple[str, str, str]] = field(default_factory=list)

    def titles(self, kind: str | None = None) -> list[str]:
        return [t for k, t, _ in self.calls if kind is None or k == kind]


@pytest.fixture()
def msgbox(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()

    def question(parent: Any, title: str, text: str, *args: Any, **kw: Any) -> Any:
        boxes.calls.append(("question", title, text))
        return boxes.question_answer

    def make(kind: str, answer: Any) -> Any:
        def show(parent: Any, title: str, text: str, *args: Any, **kw: Any) -> Any:
            boxes.calls.append((kind, title, text))
            return answer
        return show

    ok = QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(make(kind, ok)))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    return boxes


def type_text(widget: QWidget, text: str) -> None:
    """Type into a widget: ASCII as key clicks, other characters as an IME commit."""
    i = 0
    while i < len(text):
        ascii_run = text[i].isascii()
        j = i
        while j < len(text) and text[j].isascii() == ascii_run:
            j += 1
        chunk = text[i:j]
        if ascii_run:
            QTest.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
        i = j


def chinese_for(f: FieldSpec) -> str:
    for word, text in CHINESE.items():
        if word in f.label:
            value = text
            break
    else:
        value = f"{f.label}的内容"
    return value[: f.max_length] if f.max_length else value


def typed_value(f: FieldSpec) -> Any:
    """What the generic filler types into a field (the stored value it should give)."""
    t = f.type
    if t in ("text", "multiline"):
        return chinese_for(f)
    if t == "int":
        low = f.minimum if f.minimum is not None else 0
        high = f.maximum if f.maximum is not None else 10**6
        return min(high, max(low, 12))
    if t == "money":
        return "0.00" if "收取" in f.label else "120.50"
    if t == "date":
        return "2023-06-20"
    if t == "month_day":
        return "06-20"
    if t == "phone":
        return "021-59731234"
    if t == "mobile":
        return "13916881234"
    if t == "id_number":
        return "440306198002290519"
    if t == "gender":
        return "男"
    if t == "bool":
        return True
    if t == "choice":
        return f.options[1].value if len(f.options) > 1 else f.options[0].value
    if t == "multi_choice":
        return [o.value for o in f.options[:2]]
    raise AssertionError(t)


def fill_widget(qtbot: Any, w: Any, value: Any) -> None:
    """Enter ``value`` into a FieldWidget through its real editors."""
    t = w.field.type
    if t in ("text", "int", "money", "date", "phone", "mobile", "id_number"):
        w.edit.setFocus()
        w.edit.clear()
        type_text(w.edit, str(value))
        QTest.keyClick(w.edit, Qt.Key.Key_Tab)  # editingFinished, as when moving on
    elif t == "multiline":
        w.edit.setFocus()
        type_text(w.edit, str(value))
    elif t == "month_day":
        month, day = value.split("-")
        for box, part in ((w.month, month), (w.day, day)):
            box.setFocus()
            box.selectAll()
            QTest.keyClicks(box, str(int(part)))
    elif t == "gender":
        w.combo.setFocus()
        QTest.keyClick(w.combo, Qt.Key.Key_Down if value == "男" else Qt.Key.Key_End)
    elif t == "bool":
        if w.box.isChecked() != bool(value):
            w.box.setFocus()
            QTest.keyClick(w.box, Qt.Key.Key_Space)
    elif t == "choice":
        w.box_for(value).setChecked(True)
    elif t == "multi_choice":
        for v in value:
            w.box_for(v).setChecked(True)
    else:
        raise AssertionError(t)


def fill_form(qtbot: Any, view: Any, spec: FormSpec, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    wanted = {f.key: typed_value(f) for f in spec.fields}
    wanted.update(overrides or {})
    for f in spec.fields:
        fill_widget(qtbot, view.widgets[f.key], wanted[f.key])
    return wanted


def project_for(app: Any, code: str) -> str:
    from desktop_app.services.form_session import projects_for_form

    codes = projects_for_form(app, code)
    assert codes, f"no project uses form {code}"
    return codes[0]


def open_editor(qtbot: Any, app: Any, code: str | None = None, record_id: int | None = None,
                today: dt.date = TODAY) -> Any:
    from desktop_app.gui.forms.editor import RecordEditor

    project = project_for(app, code) if code and record_id is None else None
    editor = RecordEditor(app, record_id, project, code if record_id is None else None, today=today)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def type_cell(view: Any, row: int, col: int, text: str, key: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type a cell of a roster view by keyboard: select it, type (starts the editor), Tab/Enter."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, col))
    first, rest = text[:1], text[1:]
    if first.isascii():
        QTest.keyClicks(view, first)  # a key press opens the cell editor
    else:  # so does Chinese from an input method (pre-edit, then commit, as an IME sends it)
        for preedit, commit in ((first, ""), ("", first)):
            event = QInputMethodEvent(preedit, [])
            event.setCommitString(commit)
            QApplication.sendEvent(view if QApplication.focusWidget() is view else
                                   QApplication.focusWidget(), event)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "the cell editor did not open"
    if rest:
        type_text(editor, rest)
    QTest.keyClick(editor, key)


def column_of(model: Any, key: str, option: str | None = None) -> int:
    for i, c in enumerate(model.columns):
        if c.key == key and (option is None or c.option == option):
            return i
    raise KeyError(key)
