"""Rules as you type, saving, status and closing of the record editor (issue 3 items 2–3, 6)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop_app.gui.forms.examples import example_values, roster_rows
from tests.gui.forms_fixtures import fill_widget, msgbox, open_editor  # noqa: F401


def _set(qtbot, editor, values: dict) -> None:
    """Type each value into its real widget."""
    for key, value in values.items():
        w = editor.form_view.widgets[key]
        if w.field.type in ("choice", "multi_choice", "bool", "month_day", "gender"):
            fill_widget(qtbot, w, value)
        else:
            fill_widget(qtbot, w, "" if value is None else value)


def _wait_evaluated(qtbot, editor, text: str) -> None:
    qtbot.waitUntil(lambda: text in editor.form_view.computed_panel.values.values(), timeout=15000)


def test_health_check_plan_b_40_men_25_women(qtbot, town_app):
    editor = open_editor(qtbot, town_app, "2-3-2")
    editor.form_view.set_values(example_values(editor.spec))
    _set(qtbot, editor, {"plan": "B", "headcount": "65", "male_count": "40", "female_count": "25"})
    _wait_evaluated(qtbot, editor, "33,270.00 元")  # live, debounced: no explicit evaluate call
    shown = set(editor.form_view.computed_panel.values.values())
    assert {"33,270.00 元", "9,750.00 元", "23,520.00 元"} <= shown  # DOMAIN §5
    errors = [f for f in editor.findings if f.is_error]
    assert not errors, errors


def test_health_check_roster_gives_the_counts_and_headcount_check(qtbot, town_app):
    editor = open_editor(qtbot, town_app, "2-3-2")
    values = example_values(editor.spec)
    values.update(male_count=None, female_count=None)
    editor.form_view.set_values(values)
    editor.roster_editor.set_rows(roster_rows(40, 25))
    editor.evaluate_now()
    assert "33,270.00 元" in editor.form_view.computed_panel.values.values()
    editor.roster_editor.refresh()
    assert "一致" in editor.roster_editor.headcount_label.text()
    editor.roster_editor.model.remove_rows([64])  # 64 people on the roster, 65 on the form
    editor.roster_editor.refresh()
    assert "不一致（R-HC-3）" in editor.roster_editor.headcount_label.text()
    qtbot.waitUntil(lambda: any(f.rule == "R-HC-3" and f.is_error for f in editor.findings), timeout=15000)
    assert editor.form_view.widgets["headcount"].problem == "error"
    # the grid shows the evaluator's own R-HC-3 finding, word for word (one check, issue 16)
    hc3 = next(f for f in editor.findings if f.rule == "R-HC-3" and f.is_error)
    assert editor.roster_editor.headcount_label.text() == hc3.message == "申请表体检人数 65 人，与名册人数 64 人不一致（R-HC-3）"


def test_trip_meals_over_40_percent_shown_inline(qtbot, town_app):
    editor = open_editor(qtbot, town_app, "2-1-1")
    editor.form_view.set_values(example_values(editor.spec))  # 30 people, 21,600, meals 8,000
    editor.evaluate_now()
    assert "6,000.00 元" in editor.form_view.computed_panel.values.values()  # subsidy 30 × 200
    assert not [f for f in editor.findings if f.is_error]
    _set(qtbot, editor, {"meal_cost": "9000"})
    qtbot.waitUntil(lambda: any(f.rule == "R-TRIP-1" for f in editor.findings), timeout=15000)
    meal = editor.form_view.widgets["meal_cost"]
    assert meal.problem == "error" and "R-TRIP-1" in meal.toolTip() and "41.7%" in meal.toolTip()
    assert any("R-TRIP-1" in t for t in editor.form_view.findings_list.texts())


def test_save_with_errors_offers_draft_and_mark_ready_is_blocked(qtbot, town_app, msgbox):
    editor = open_editor(qtbot, town_app, "2-1-1")
    values = example_values(editor.spec)
    values["meal_cost"] = "9000.00"
    editor.form_view.set_values(values)
    msgbox.question_answer = QMessageBox.StandardButton.No
    assert editor.save() is False and editor.state.record_id is None  # not stored
    assert msgbox.titles("question") == ["记录有错误"]
    assert "R-TRIP-1" in msgbox.calls[-1][2]
    msgbox.question_answer = QMessageBox.StandardButton.Yes
    QTest.mouseClick(editor.ready_button, Qt.MouseButton.LeftButton)  # saves (as 草稿), then refuses
    assert editor.state.record_id is not None
    assert msgbox.titles("warning")[-1] == "不能标记待盖章"
    assert "R-TRIP-1" in msgbox.calls[-1][2]
    assert editor.status_label.text() == "草稿"

    _set(qtbot, editor, {"meal_cost": "8000"})
    assert editor.mark_ready() is True
    assert editor.status_label.text() == "待盖章"
    assert editor.revision_label.text().strip().startswith("第")


def test_saved_signal_revision_and_cross_record_check(qtbot, town_app, msgbox):
    first = open_editor(qtbot, town_app, "2-3-2")
    first.form_view.set_values(example_values(first.spec))
    first.roster_editor.set_rows(roster_rows(40, 25))
    with qtbot.waitSignal(first.saved) as blocker:
        assert first.save()
    assert blocker.args == [first.state.record_id]
    assert first.revision_label.text().strip() == "第 1 版"

    second = open_editor(qtbot, town_app, "2-3-2")
    values = example_values(second.spec)
    values.update(headcount=30, male_count=None, female_count=None)
    second.form_view.set_values(values)
    second.roster_editor.set_rows(roster_rows(20, 10))  # the same people again (R-ID-5)
    second.evaluate_now()
    assert any(f.rule == "R-ID-5" and f.is_error for f in second.findings)  # before saving
    msgbox.question_answer = QMessageBox.StandardButton.No
    assert second.save() is False
    assert "R-ID-5" in msgbox.calls[-1][2]


def test_escape_asks_before_discarding(qtbot, town_app, msgbox):
    editor = open_editor(qtbot, town_app, "2-3-5")
    closed = []
    editor.close_requested.connect(lambda: closed.append(True))
    first = editor.form_view.tab_chain[0]
    first.setFocus()
    QTest.keyClick(first, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert closed == [True] and msgbox.calls == []

    _set(qtbot, editor, {"participants": "25"})
    assert editor.is_dirty()
    msgbox.question_answer = QMessageBox.StandardButton.Cancel
    QTest.keyClick(first, Qt.Key.Key_Escape)
    assert msgbox.titles("question") == ["未保存的更改"] and closed == [True]
    assert editor.is_dirty()
    msgbox.question_answer = QMessageBox.StandardButton.Discard
    QTest.keyClick(first, Qt.Key.Key_Escape)
    assert closed == [True, True] and not editor.is_dirty()
    assert editor.form_view.values()["participants"] is None


def test_escape_save_choice_saves(qtbot, town_app, msgbox):
    editor = open_editor(qtbot, town_app, "2-3-5")
    editor.form_view.set_values(example_values(editor.spec))
    msgbox.question_answer = QMessageBox.StandardButton.Save
    assert editor.maybe_close() is True
    assert editor.state.record_id is not None and not editor.is_dirty()


def test_revert_goes_back_to_saved(qtbot, town_app, msgbox):
    editor = open_editor(qtbot, town_app, "2-3-5")
    editor.form_view.set_values(example_values(editor.spec))
    assert editor.save()
    saved = editor.form_view.values()
    _set(qtbot, editor, {"participants": "99"})
    QTest.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.form_view.values() == saved and not editor.is_dirty()


def test_returned_record_shows_reason_and_submitted_is_read_only(qtbot, town_app, msgbox):
    from desktop_app.services import records

    editor = open_editor(qtbot, town_app, "2-3-5")
    editor.form_view.set_values(example_values(editor.spec))
    assert editor.save() and editor.mark_ready()
    rid = editor.state.record_id
    with town_app.transaction() as s:
        records.set_status(s, rid, "submitted")
    viewer = open_editor(qtbot, town_app, record_id=rid)
    assert viewer.status_label.text() == "已报送"
    assert not viewer.save_button.isEnabled()
    assert not viewer.form_view.widgets["unit_name"].edit.isEnabled()
    with town_app.transaction() as s:
        records.set_status(s, rid, "returned", reason="参加人数与名单不符，请核对", by="district")
    again = open_editor(qtbot, town_app, record_id=rid)
    assert again.status_label.text() == "已退回"
    assert again.returned_banner.isVisible()
    assert "参加人数与名单不符" in again.returned_banner.text()
    assert again.save_button.isEnabled()


def test_record_dialog_escape_asks(qtbot, town_app, msgbox):
    from desktop_app.gui.forms.editor import open_record_dialog
    from tests.gui.forms_fixtures import project_for

    dialog = open_record_dialog(town_app, None, project_for(town_app, "ILL"), "ILL")
    qtbot.addWidget(dialog)
    _set(qtbot, dialog.editor, {"name": "李秀英"})
    msgbox.question_answer = QMessageBox.StandardButton.Cancel
    dialog.reject()
    assert dialog.isVisible() and msgbox.titles("question") == ["未保存的更改"]
    msgbox.question_answer = QMessageBox.StandardButton.Discard
    dialog.reject()
    assert not dialog.isVisible()


@pytest.mark.parametrize(("code", "want"), [
    ("INS", {"2023-06-01", "7", "72.00 元"}),  # E plan paid 2023-05-20 → 06-01, 7 months, 72
    ("ILL", {"2024-06-30"}),  # diagnosed 2023-08-14 → apply by 2024-06-30
    ("2-3-4", {"120.00 元/人"}),  # new-employment check at 300 → subsidy 120
])
def test_worked_examples_computed_live(qtbot, town_app, code, want):
    editor = open_editor(qtbot, town_app, code)
    editor.form_view.set_values(example_values(editor.spec))
    editor.evaluate_now()
    assert want <= set(editor.form_view.computed_panel.values.values())


def test_roster_finding_click_opens_the_roster_row(qtbot, town_app):
    editor = open_editor(qtbot, town_app, "2-3-2")
    rows = roster_rows(3, 2)
    rows[3]["id_number"] = "310118198905170021"  # wrong check character (R-ID-1)
    editor.roster_editor.set_rows(rows)
    editor.evaluate_now()
    items = editor.form_view.findings_list
    index = next(i for i, f in enumerate(items.findings) if f.rule == "R-ID-1")
    items.list.itemClicked.emit(items.list.item(index))
    assert editor.tabs.currentIndex() == 1
    current = editor.roster_editor.view.currentIndex()
    assert current.row() == 3
    assert editor.roster_editor.model.columns[current.column()].key == "id_number"


def test_identity_number_fills_gender_on_a_registration(qtbot, town_app):
    editor = open_editor(qtbot, town_app, "JS-8")
    fill_widget(qtbot, editor.form_view.widgets["id_number"], "31011819890517002X")
    assert editor.form_view.values()["gender"] == "女"
