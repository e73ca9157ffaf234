"""Printing through the print dialog to a QPrinter (PdfFormat file): the print log, 待盖章,
copies, A4 kept, batch print with progress and cancel, errors in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from tests.gui.printing_fixtures import UNIT, health_record, pdf_pages, printer_out  # noqa: F401

pytestmark = pytest.mark.usefixtures("gui_env")


def _status(app, rid):  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import print_status
    from desktop_app.services.records import get_record

    with app.session() as s:
        return print_status(s, rid, app.specs), get_record(s, rid).status


def test_print_from_preview_writes_log_and_moves_to_ready(qtbot, town_app, printer_out, gui_env) -> None:
    from desktop_app.gui.printing.preview import PreviewDialog

    rid = health_record(town_app, UNIT, 5)
    dialog = PreviewDialog(town_app, [rid])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.printed):
        dialog.print_button.click()
    assert printer_out["dialogs"] == 1
    assert printer_out["preset_copies"] == 2  # 2-3-2: 一式二份 preset in the dialog
    out: Path = printer_out["path"]
    assert out.is_file() and out.stat().st_size > 10_000
    assert pdf_pages(out) == dialog.page_count() == 3
    printer: QPrinter = printer_out["printers"][0]
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4 and printer.fullPage()
    assert printer.copyCount() == 1  # the copies are in the PDF, not multiplied by the printer
    st, status = _status(town_app, rid)
    assert st["printed"] and st["current"] and status == "ready"
    assert any("已打印 1 份表格" in t for t in gui_env.texts("information"))
    # printing for stamping said so first (issue 12: a status changes only by an explicit act)
    assert any("标记为“待盖章”" in t for t in gui_env.texts("question"))


def test_print_for_stamping_declined_changes_nothing(qtbot, town_app, printer_out, gui_env) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.gui.printing import jobs

    gui_env.question = QMessageBox.StandardButton.No
    rid = health_record(town_app, UNIT, 2)
    assert not jobs.print_ids(None, town_app, [rid])
    assert printer_out["dialogs"] == 0 and not printer_out["path"].exists()
    st, status = _status(town_app, rid)
    assert not st["printed"] and status == "draft"


def test_printed_page_is_actual_size_a4(qtbot, town_app, printer_out) -> None:
    from pypdf import PdfReader

    from desktop_app.gui.printing import jobs

    rid = health_record(town_app, UNIT, 2)
    assert jobs.print_ids(None, town_app, [rid])
    box = PdfReader(str(printer_out["path"])).pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=1) and float(box.height) == pytest.approx(841.9, abs=1)


def test_copies_chosen_in_the_dialog_are_printed(qtbot, town_app, printer_out) -> None:
    from desktop_app.gui.printing import jobs

    rid = health_record(town_app, UNIT, 2)
    printer_out["copies"] = 3
    assert jobs.print_ids(None, town_app, [rid])
    assert pdf_pages(printer_out["path"]) == 3 + 1  # three copies of the form + the roster


def test_print_dialog_cancelled_prints_nothing(qtbot, town_app, printer_out) -> None:
    from desktop_app.gui.printing import jobs

    rid = health_record(town_app, UNIT, 2)
    printer_out["accept"] = False
    assert not jobs.print_ids(None, town_app, [rid])
    assert not printer_out["path"].exists()
    st, status = _status(town_app, rid)
    assert not st["printed"] and status == "draft"


def test_batch_print_reports_progress_per_record(qtbot, town_app, printer_out) -> None:
    from desktop_app.gui.printing import jobs

    ids = [health_record(town_app, f"{UNIT[:-6]}{n}号有限公司", 2) for n in range(3)]
    printer = jobs.new_printer()
    seen: list[tuple[float | None, str]] = []
    result = jobs.print_job(town_app, ids, printer, None, lambda f, m: seen.append((f, m)) or True)
    assert [r.record_id for r in result.records] == ids and result.pages == 9
    texts = [m for _f, m in seen]
    for k in (1, 2, 3):
        assert any(f"第 {k}/3 份" in t for t in texts), texts
    fractions = [f for f, _m in seen if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert pdf_pages(printer_out["path"]) == 9
    for rid in ids:
        st, status = _status(town_app, rid)
        assert st["current"] and status == "ready"


def test_batch_print_cancel_logs_nothing(qtbot, town_app, printer_out) -> None:
    from desktop_app.gui.printing import jobs
    from desktop_app.services.errors import Cancelled

    ids = [health_record(town_app, f"{UNIT[:-6]}{n}号有限公司", 2) for n in range(3)]
    calls: list[str] = []

    def progress(fraction, message):  # type: ignore[no-untyped-def]
        calls.append(message)
        return "2/3" not in message  # 取消 while the second record prints

    with pytest.raises(Cancelled):
        jobs.print_job(town_app, ids, jobs.new_printer(), None, progress)
    assert not any("3/3" in c for c in calls)
    for rid in ids:
        st, status = _status(town_app, rid)
        assert not st["printed"] and status == "draft"


def test_batch_print_of_a_project_from_the_records_page(qtbot, window, printer_out, gui_env) -> None:
    app = window.app
    ids = [health_record(app, f"{UNIT[:-6]}{n}号有限公司", 2) for n in range(3)]
    page = window.show_page("records")
    page.set_project("QP2023-03")
    assert page.print_project_action.isEnabled()
    gui_env.question = gui_env.question  # confirm → Yes
    page.print_project_action.trigger()
    assert pdf_pages(printer_out["path"]) == 9
    assert all(_status(app, rid)[1] == "ready" for rid in ids)
    assert page.model.status_of(page.model.row_of(ids[0])) == "ready"


def test_missing_glyph_is_reported_in_chinese(qtbot, town_app, printer_out, gui_env, monkeypatch) -> None:
    from desktop_app.gui.printing import jobs
    from desktop_app.services import printing

    rid = health_record(town_app, UNIT, 2)

    def refuse(*a, **k):  # type: ignore[no-untyped-def]
        raise printing.PrintRefused("记录 1：名册第 2 行 姓名“王𠅤”中的“𠅤”没有任何字体包含，无法打印。")

    monkeypatch.setattr(printing, "print_records", refuse)
    jobs.print_ids(None, town_app, [rid])
    assert any("没有任何字体包含" in t for t in gui_env.texts("warning"))
    assert not gui_env.crashes  # type: ignore[attr-defined]
    assert not printer_out["path"].exists()


def test_paper_not_a4_asks_first(qtbot, town_app, printer_out, gui_env, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.gui.printing import jobs

    monkeypatch.setattr(jobs, "keep_a4", lambda printer: False)
    gui_env.question = QMessageBox.StandardButton.No
    rid = health_record(town_app, UNIT, 2, "ready")
    assert not jobs.print_ids(None, town_app, [rid])
    assert any("A4" in t for t in gui_env.texts("question"))
    assert not printer_out["path"].exists()
