"""Record lifecycle on screen (issue 12): quitting asks every open editor and 取消 cancels the
whole quit; the editor's 历史 tab; the 操作日志 page; the person file (一人一档) with audited
edits and the separate identity-number correction; approved records read-only with the reason;
one change signal keeps the lists current."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.gui.pages import record_actions
from desktop_app.services.records import get_record
from tests.gui.records_helpers import health_record

pytestmark = pytest.mark.usefixtures("gui_env")
UNIT = "上海青浦快递物流有限公司"


def _open(window, app, rid: int):  # type: ignore[no-untyped-def]
    with app.session() as s:
        rec = get_record(s, rid)
        where = (rec.project.code, rec.form_code)
    dialog = record_actions.open_editor(window, app, rid, where[0], where[1], lambda _r: None)
    assert dialog is not None
    return dialog, dialog.editor


def test_quit_cancel_keeps_every_window(window, town_app, gui_env, qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second = health_record(town_app, UNIT, 3), health_record(town_app, "上海朱家角科技有限公司", 4)
    d1, e1 = _open(window, town_app, first)
    d2, e2 = _open(window, town_app, second)
    e1.form_view.set_values({**e1.form_view.values(), "contact": "改过的联系人"})
    e2.form_view.set_values({**e2.form_view.values(), "check_place": "中山医院青浦分院"})
    assert e1.is_dirty() and e2.is_dirty()
    answers = iter([QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel])

    def question(*_a, **_k):  # type: ignore[no-untyped-def]
        return next(answers)

    qtbot_patch = pytest.MonkeyPatch()
    qtbot_patch.setattr(QMessageBox, "question", staticmethod(question))
    try:
        window.close()  # 文件 → 退出: the first editor discards, the second says 取消
        assert window.isVisible() and d2.isVisible() and e2.is_dirty()
        assert e2.form_view.values()["check_place"] == "中山医院青浦分院"  # the edit is still there
        qtbot_patch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Save))
        window.close()
        assert not window.isVisible() and not d2.isVisible()
    finally:
        qtbot_patch.undo()
    with town_app.session() as s:
        assert get_record(s, second).data["check_place"] == "中山医院青浦分院"  # 保存 saved it
        assert get_record(s, first).data["contact"] != "改过的联系人"  # 不保存 discarded it


def test_history_tab_lists_changes(window, town_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, UNIT, 3)
    dialog, editor = _open(window, town_app, rid)
    editor.form_view.set_values({**editor.form_view.values(), "contact": "李老师"})
    assert editor.save()
    editor.tabs.setCurrentIndex(editor.history_index)
    table = editor.history_view.table
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert cells[0][2] == "修改" and cells[0][3] == "联系人" and cells[0][5] == "李老师"
    assert cells[-1][2] == "新建"
    assert "共" in editor.history_view.note.text()


def test_approved_record_read_only_with_reason(window, town_app) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, UNIT, 3, "approved")
    dialog, editor = _open(window, town_app, rid)
    assert not editor.save_button.isEnabled() and not editor.ready_button.isEnabled()
    assert editor.returned_banner.isVisible() and "区总工会已审核通过" in editor.returned_banner.text()


def test_one_change_signal_refreshes_the_list(window, town_app) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, UNIT, 3)
    window.open_records("QP2023-03")
    page = window.pages["records"]
    status_col = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    row = page.model.row_of(rid)
    assert page.model.index(row, status_col).data() == "草稿"
    dialog, editor = _open(window, town_app, rid)
    assert editor.mark_ready()
    assert page.model.index(page.model.row_of(rid), status_col).data() == "待盖章"


def test_void_from_the_records_page(window, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, UNIT, 3, "ready")
    window.open_records("QP2023-03")
    page = window.pages["records"]
    page.select_ids([rid])
    assert page.void_button.isEnabled() and not page.delete_button.isEnabled()
    gui_env.text = "企业取消体检"
    page.void_button.click()
    with town_app.session() as s:
        assert get_record(s, rid).status == "voided"
    assert rid not in page.model.ids()  # hidden from the default list …
    page.status.setCurrentIndex(page.status.findData("voided"))
    assert page.model.ids() == [rid]  # … shown under its filter


def test_audit_log_page(window, town_app) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, UNIT, 3, "ready")
    page = window.show_page("log")
    assert page.table.rowCount() >= 2
    assert page.table.item(0, 2).text() == "改状态"
    page.action.setCurrentIndex(page.action.findData("create"))
    assert {page.entries[i]["action"] for i in range(page.table.rowCount())} == {"create"}
    page.action.setCurrentIndex(0)
    page.record.setText(str(rid))
    page.reload()
    assert {e["entity_id"] for e in page.entries} == {rid}
    page.table.selectRow(0)
    assert page.detail.rowCount() >= 1 and page.detail.item(0, 0).text() == "状态"


def test_person_file_edit_and_correct(window, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.person_view import PersonDialog
    from desktop_app.store.models import RosterEntry

    rid = health_record(town_app, UNIT, 2, "ready")
    with town_app.session() as s:
        entry = s.query(RosterEntry).filter_by(record_id=rid).first()
        person_id = entry.person_id
    dialog = PersonDialog(town_app, person_id, window)
    assert dialog.records.rowCount() == 1 and dialog.records.item(0, 2).text() == str(rid)
    assert "*" in dialog.identity.text()  # masked until revealed
    dialog.edits["work_unit"].setText("青浦新单位")
    assert dialog.save()
    dialog.tabs.setCurrentWidget(dialog.history)
    texts = [dialog.history.table.item(r, 3).text() for r in range(dialog.history.table.rowCount())]
    assert "工作单位" in texts
    gui_env.text = "11010519491231002X"  # both prompts answer this: number, then the reason
    assert dialog.correct_id()
    with town_app.session() as s:
        from desktop_app.store.models import Person

        assert s.get(Person, person_id).id_number == "11010519491231002X"
