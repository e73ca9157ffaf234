"""The print preview dialog: pages (2-3-2 prints 一式二份), thumbnails, zoom, save as PDF,
open in the system viewer, layout warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from tests.gui.printing_fixtures import UNIT, health_record, pdf_pages, pdf_text, printer_out  # noqa: F401

pytestmark = pytest.mark.usefixtures("gui_env")


def _preview(qtbot, app, ids):  # type: ignore[no-untyped-def]
    from desktop_app.gui.printing.preview import PreviewDialog

    dialog = PreviewDialog(app, ids)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_preview_shows_two_copies_of_the_form_and_the_roster(qtbot, town_app) -> None:
    from desktop_app.services.printing import preview_pdf

    rid = health_record(town_app, UNIT, 5)
    dialog = _preview(qtbot, town_app, [rid])
    with town_app.session() as s:
        data, _w = preview_pdf(s, town_app.specs, [rid])
    expected = pdf_pages(data)
    assert town_app.specs["2-3-2"].copies == 2
    assert dialog.page_count() == expected == 3  # two copies of the form + one roster page
    assert dialog.thumbs.count() == 3
    dialog.render_all_thumbnails()
    assert not dialog.thumbs.item(2).icon().isNull()
    assert "共 3 页" in dialog.page_label.text()
    assert not dialog.warning_label.isVisibleTo(dialog)  # nothing shrunk here
    with town_app.session() as s:  # a preview logs nothing and keeps the draft a draft
        from desktop_app.services.printing import print_status
        assert print_status(s, rid, town_app.specs)["printed"] is False


def test_zoom_in_out_and_fit_width(qtbot, town_app) -> None:
    rid = health_record(town_app, UNIT, 3)
    dialog = _preview(qtbot, town_app, [rid])
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    start = dialog.zoom()
    QTest.keyClick(dialog, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    bigger = dialog.zoom()
    assert bigger == pytest.approx(start * 1.25)
    assert dialog.view.zoomFactor() == pytest.approx(bigger)
    assert dialog.zoom_label.text() == f"{round(bigger * 100)}%"
    QTest.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom() == pytest.approx(start / 1.25)
    dialog.fit_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.zoom_label.text() == "适合宽度"
    for _ in range(20):
        dialog.zoom_out()
    assert dialog.zoom() == pytest.approx(0.25)


def test_thumbnail_click_moves_the_view(qtbot, town_app) -> None:
    rid = health_record(town_app, UNIT, 3)
    dialog = _preview(qtbot, town_app, [rid])
    dialog.thumbs.setCurrentRow(2)
    assert dialog.view.pageNavigator().currentPage() == 2
    assert "第 3 页" in dialog.page_label.text()


def test_save_as_writes_the_pdf_with_the_unit_name(qtbot, town_app, gui_env, monkeypatch, tmp_path: Path) -> None:
    from desktop_app.services.printing import print_status

    rid = health_record(town_app, UNIT, 4, "ready")
    target = tmp_path / "申请表"
    asked: list[str] = []

    def save_name(parent, title, suggested, *a, **kw):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(target), "PDF 文件 (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    dialog = _preview(qtbot, town_app, [rid])
    with qtbot.waitSignal(dialog.printed):
        dialog.save_button.click()
    out = target.with_suffix(".pdf")
    assert out.is_file() and UNIT in asked[0]
    assert UNIT in pdf_text(out).replace(" ", "").replace("\n", "")  # a long name may wrap in a cell
    assert pdf_pages(out) == dialog.page_count()
    with town_app.session() as s:
        st = print_status(s, rid, town_app.specs)
    assert st["printed"] and st["current"]
    assert st["printed_code"] in dialog.status_label.text()
    assert any("已保存到" in t for t in gui_env.texts("information"))


def test_save_as_of_a_draft_is_a_watermarked_copy(qtbot, town_app, gui_env, monkeypatch, tmp_path: Path) -> None:
    """Issue 12: 另存为 PDF never changes a status; a draft's PDF says 草稿 and has no code."""
    from desktop_app.services.printing import print_status
    from desktop_app.services.records import get_record

    rid = health_record(town_app, UNIT, 4)
    target = tmp_path / "草稿.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog = _preview(qtbot, town_app, [rid])
    with qtbot.waitSignal(dialog.printed):
        dialog.save_button.click()
    text = pdf_text(target)
    assert "草稿" in text and "校验码" not in text
    with town_app.session() as s:
        assert get_record(s, rid).status == "draft"
        assert print_status(s, rid, town_app.specs)["printed"] is False
    assert any("草稿副本" in t for t in gui_env.texts("information"))


def test_save_as_cancelled_writes_nothing(qtbot, town_app, monkeypatch) -> None:
    from desktop_app.services.printing import print_status

    rid = health_record(town_app, UNIT, 2)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    dialog = _preview(qtbot, town_app, [rid])
    dialog.save_as()
    with town_app.session() as s:
        assert print_status(s, rid, town_app.specs)["printed"] is False


def test_open_in_system_viewer(qtbot, town_app, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    rid = health_record(town_app, UNIT, 2)
    dialog = _preview(qtbot, town_app, [rid])
    dialog.open_button.click()
    dialog.open_button.click()
    assert len(opened) == 2 and opened[0].endswith(".pdf") and "unionledger-预览-" in opened[0]
    assert Path(opened[0]).read_bytes() == dialog.data
    assert Path(opened[0]).stat().st_mode & 0o077 == 0  # this user's alone
    dialog.close_button.click()  # closing the preview removes what the viewer was given
    assert not Path(opened[0]).exists() and not Path(opened[1]).exists()


def test_layout_warnings_are_shown(qtbot, town_app, monkeypatch) -> None:
    from desktop_app.services import printing

    rid = health_record(town_app, UNIT, 2)
    real = printing.preview_pdf
    monkeypatch.setattr(printing, "preview_pdf", lambda *a, **k: (real(*a, **k)[0], ["记录 1：单位地址字号缩小到 9 磅"]))
    dialog = _preview(qtbot, town_app, [rid])
    assert dialog.warning_label.isVisibleTo(dialog)
    assert "字号缩小" in dialog.warning_label.text()


def test_preview_of_a_record_that_cannot_print_shows_the_reason(qtbot, town_app, gui_env, monkeypatch) -> None:
    from desktop_app.gui.printing.preview import open_preview
    from desktop_app.services import printing

    def refuse(*a, **k):  # type: ignore[no-untyped-def]
        raise printing.PrintRefused("记录 1 的姓名“𠅤”中有字体缺少的字，无法打印。")

    monkeypatch.setattr(printing, "preview_pdf", refuse)
    rid = health_record(town_app, UNIT, 2)
    assert open_preview(town_app, [rid]) is None
    assert any("无法打印" in t for t in gui_env.texts("warning"))
