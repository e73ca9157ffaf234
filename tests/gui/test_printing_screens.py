"""核验纸质表, 空白表, and the printing controls of the records page and the record editor
(纸质版已过期 after an edit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.gui.printing_fixtures import UNIT, edit_record, health_record, pdf_pages, pdf_text, printer_out  # noqa: F401

pytestmark = pytest.mark.usefixtures("gui_env")


def _print(app, ids):  # type: ignore[no-untyped-def]
    from desktop_app.gui.printing import jobs

    assert jobs.print_ids(None, app, ids)
    with app.session() as s:
        from desktop_app.services.printing import print_status
        return [print_status(s, i, app.specs)["printed_code"] for i in ids]


def _verify(qtbot, app, code):  # type: ignore[no-untyped-def]
    from desktop_app.gui.printing.verify_dialog import VerifyDialog

    dialog = VerifyDialog(app)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code.setText(code)
    dialog.check_button.click()
    return dialog


def test_verify_dialog_current_then_outdated_after_an_edit(qtbot, town_app, printer_out) -> None:
    rid = health_record(town_app, UNIT, 3)
    (code,) = _print(town_app, [rid])
    dialog = _verify(qtbot, town_app, code.lower().replace("-", " "))  # as typed by hand
    assert dialog.is_current() is True
    assert "一致" in dialog.verdict.text()
    assert dialog.fields["unit"].text() == UNIT and dialog.fields["record"].text() == str(rid)

    edit_record(town_app, rid, check_place="青浦区中心医院体检部")
    dialog.check_button.click()
    assert dialog.is_current() is False
    assert "已过期" in dialog.verdict.text()
    assert "记录现为第" in dialog.fields["revision"].text()


def test_verify_dialog_unknown_and_bad_codes(qtbot, town_app) -> None:
    dialog = _verify(qtbot, town_app, "ABCD-EFGH")
    assert dialog.is_current() is None and "没有找到" in dialog.verdict.text()
    dialog.code.setText("12")
    dialog.check_button.click()
    assert "不是有效的校验码" in dialog.verdict.text()
    assert dialog.fields["unit"].text() == "—"


def test_blank_form_saved_with_rows(qtbot, town_app, monkeypatch, tmp_path: Path) -> None:
    from desktop_app.gui.printing.blank import BlankFormDialog

    target = tmp_path / "空白名册.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog = BlankFormDialog(town_app, None, "2-3-6")
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2023 and dialog.rows.isEnabled() and not dialog.copies.isEnabled()
    dialog.rows.setValue(60)
    dialog.save_button.click()
    assert dialog.saved_path == str(target) and pdf_pages(target) >= 2
    assert "2023 年青浦工会各类职工健康体检名册" in pdf_text(target).replace("\n", "")

    dialog2 = BlankFormDialog(town_app, None, "2-3-2")
    qtbot.addWidget(dialog2)
    assert dialog2.copies.value() == 2 and not dialog2.rows.isEnabled()
    target2 = tmp_path / "空白申请表"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target2), "")))
    dialog2.save()
    assert pdf_pages(target2.with_suffix(".pdf")) == 2


def test_records_page_buttons_and_paper_status(qtbot, window, printer_out, gui_env) -> None:
    app = window.app
    rid = health_record(app, UNIT, 3)
    page = window.show_page("records")
    page.set_project("QP2023-03")
    assert not page.preview_button.isEnabled()
    page.select_ids([rid])
    assert page.preview_button.isEnabled() and page.paper_label.text() == "纸质版：未打印"
    from desktop_app.gui.printing.preview import PreviewDialog

    page.preview_button.click()
    previews = page.findChildren(PreviewDialog)
    assert previews and previews[-1].page_count() == 3
    previews[-1].print_button.click()
    assert page.model.status_of(page.model.row_of(rid)) == "ready"
    assert page.paper_label.text().startswith("纸质版：一致")
    edit_record(app, rid, check_place="青浦区中心医院体检部")
    page.reload()
    page.select_ids([rid])
    assert page.paper_label.text() == "纸质版已过期"
    assert "请重新打印" in page.paper_label.toolTip()
    for p in previews:
        p.close()


def test_records_page_opens_verify_and_blank(qtbot, window) -> None:
    from desktop_app.gui.printing.blank import BlankFormDialog
    from desktop_app.gui.printing.verify_dialog import VerifyDialog

    page = window.show_page("records")
    page.verify_button.click()
    page.blank_button.click()
    assert page.findChildren(VerifyDialog) and page.findChildren(BlankFormDialog)
    for d in page.findChildren(VerifyDialog) + page.findChildren(BlankFormDialog):
        d.close()


def test_editor_preview_button_and_outdated_label(qtbot, town_app, printer_out, gui_env) -> None:
    from desktop_app.gui.forms.editor import RecordEditor
    from desktop_app.gui.printing.preview import PreviewDialog

    rid = health_record(town_app, UNIT, 3)
    editor = RecordEditor(town_app, rid, None, None)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.paper_label.text() == "纸质版：未打印"
    editor.preview_button.click()
    preview = editor.findChildren(PreviewDialog)[-1]
    preview.print_button.click()
    assert editor.state.status == "ready" and editor.status_label.text() == "待盖章"
    assert editor.paper_label.text().startswith("纸质版：一致")
    edit_record(town_app, rid, check_place="青浦区中心医院体检部")
    editor.refresh_paper_status()
    assert editor.paper_label.text() == "纸质版已过期"
    preview.close()
