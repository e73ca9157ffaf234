"""The Excel import wizard driven page by page (pytest-qt, synchronous tasks, patched dialogs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop_app.gui.excel.import_wizard import ImportWizard
from desktop_app.services.people import count_people
from tests.unit import xlsx_factory as xf

pytestmark = pytest.mark.usefixtures("gui_env")
ID_A = xf.make_id("19900101", 11)  # male
ID_B = xf.make_id("19850620", 22, "440306")  # female


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    """Title row 1, two-level header rows 2–3, a number-typed ID in row 6, a blank row, a note."""
    return xf.roster_236(tmp_path / "企业名册.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, "13812345678"),     # row 4
        xf.person(2, "李四", "男", "未婚", 43, xf.ID_M, "139-1234-5678"),   # row 5
        xf.person(3, "王五", "男", "已婚", 33, 110105194912310016),         # row 6: R-ID-3
        [None] * 9,                                                         # row 7 blank
        xf.person(5, "赵六", "男", "已婚", None, " " + ID_A + " "),         # row 8
        xf.person(6, "孙七", "女", "未婚", None, "４４０３０６" + ID_B[6:]),  # row 9 full-width
        ["注：此表由企业填写。"],
    ])


def people(app: Any) -> int:
    with app.session() as s:
        return count_people(s)


def wizard_for(qtbot: Any, app: Any, path: Path, **kw: Any) -> ImportWizard:
    w = ImportWizard(app, **kw)
    qtbot.addWidget(w)
    w.show()
    w.choose_page.path.setText(str(path))
    return w


def to_preview(w: ImportWizard) -> None:
    w.next()
    assert w.currentPage() is w.mapping_page, w.choose_page.status.text()
    w.next()
    assert w.currentPage() is w.preview_page, w.mapping_page.status.text()


def test_wizard_preview_report_commit_and_rerun(qtbot, town_app, messy: Path, tmp_path: Path,
                                                monkeypatch, gui_env) -> None:  # type: ignore[no-untyped-def]
    w = wizard_for(qtbot, town_app, messy)
    assert w.choose_page.form.currentData() == "2-3-6"
    w.next()
    page = w.mapping_page
    assert w.currentPage() is page
    assert w.plan is not None and w.plan.header_rows == [2, 3] and w.plan.first_data_row == 4
    assert "第 2–3 行" in page.where.text()
    assert len(page.combos) == len(w.plan.columns) and page.isComplete()
    assert page.sample.rowCount() >= 5
    sample = "".join(page.sample.item(r, c).text() for r in range(page.sample.rowCount())
                     for c in range(page.sample.columnCount()) if page.sample.item(r, c))
    assert xf.ID_F not in sample and "13812345678" not in sample  # masked on screen
    w.next()
    prev = w.preview_page
    assert w.currentPage() is prev
    assert w.preview is not None
    assert w.preview.counts == {"rows": 5, "added": 4, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "新增 4" in prev.counts.text() and "有错误 1" in prev.counts.text()
    m = prev.model
    lines = [m.line(r) for r in range(m.rowCount())]
    bad = [ln for ln in lines if ln[4] == "R-ID-3"]
    assert bad and bad[0][0] == 6 and bad[0][1] == "rejected" and bad[0][3] == "身份证号码"
    row = lines.index(bad[0])
    shown = " ".join(str(x) for ln in lines for x in ln)
    assert "1.101051949" not in shown and "110105194912310016" not in shown  # masked on screen too
    assert m.data(m.index(row, 1)) == "有错误，不导入"
    assert m.data(m.index(row, 0), Qt.ItemDataRole.BackgroundRole).color().name() == "#ffebee"
    prev.problems_only.setChecked(True)
    assert all(m.line(r)[4] for r in range(m.rowCount()))

    # 导出问题清单（给企业）
    report = tmp_path / "退回企业.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(report), "")))
    prev.report.click()
    assert report.exists()
    wb = openpyxl.load_workbook(report)
    texts = {str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value}
    assert "问题说明" in texts and any("R-ID-3" in t for t in texts)

    # "仅当全部有效时导入" refuses with a rejected row: nothing written, still on the page
    assert prev.all_valid.isChecked()
    w.next()
    assert w.currentPage() is prev and "有 1 行有错误" in prev.status.text()
    assert people(town_app) == 0

    prev.valid_only.setChecked(True)
    w.next()
    assert w.currentPage() is w.summary_page
    assert w.summary is not None and w.summary.added == 4 and w.summary.rejected == 1
    assert "新增 4 人" in w.summary_page.text.text()
    assert people(town_app) == 4

    # Same file again: everything unchanged, the remembered mapping is noted
    w2 = wizard_for(qtbot, town_app, messy)
    w2.next()
    assert w2.plan is not None and w2.plan.remembered and w2.mapping_page.remembered.text()
    w2.next()
    assert w2.preview is not None
    assert w2.preview.counts == {"rows": 5, "added": 0, "updated": 0, "unchanged": 4, "rejected": 1}
    w2.preview_page.valid_only.setChecked(True)
    w2.next()
    assert w2.summary is not None and w2.summary.unchanged == 4 and w2.summary.added == 0
    assert people(town_app) == 4
    assert not gui_env.crashes


def test_mapping_combos_and_missing_required(qtbot, town_app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    w = wizard_for(qtbot, town_app, messy)
    w.next()
    page, plan = w.mapping_page, w.plan
    assert plan is not None
    id_col = next(i for i, c in enumerate(plan.columns) if c.target == "id_number")
    name_col = next(i for i, c in enumerate(plan.columns) if c.target == "name")
    page.combos[id_col].setCurrentIndex(0)  # （不导入）
    assert plan.columns[id_col].target is None
    assert not page.isComplete() and "身份证号码" in page.missing.text()
    w.next()
    assert w.currentPage() is page  # no dry run without the required column
    # mapping the name column to the ID target moves the target (one column per target)
    page.combos[name_col].setCurrentIndex(page.combos[name_col].findData("id_number"))
    assert plan.columns[name_col].target == "id_number" and plan.columns[id_col].target is None
    page.combos[id_col].setCurrentIndex(page.combos[id_col].findData("id_number"))
    page.combos[name_col].setCurrentIndex(page.combos[name_col].findData("name"))
    assert page.isComplete() and not page.missing.text()
    assert page.combos[id_col].currentData() == "id_number"


@pytest.mark.parametrize("kind", ["damaged", "bomb", "not_roster", "not_excel"])
def test_refused_files_show_chinese_and_change_nothing(qtbot, town_app, tmp_path: Path, gui_env,
                                                       kind: str) -> None:  # type: ignore[no-untyped-def]
    if kind == "damaged":
        path = tmp_path / "坏文件.xlsx"
        path.write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    elif kind == "bomb":
        path = xf.zip_bomb(tmp_path / "bomb.xlsx", megabytes=40)
    elif kind == "not_roster":
        path = xf.simple_sheet(tmp_path / "账目.xlsx", [["日期", "金额", "用途"], ["2023-01-01", 100, "办公"]])
    else:
        path = tmp_path / "名册.txt"
        path.write_text("张三,310118198905170026", encoding="utf-8")
    w = wizard_for(qtbot, town_app, path)
    w.next()
    assert w.currentPage() is w.choose_page and w.plan is None
    shown = w.choose_page.status.text()
    assert shown and any("\u4e00" <= ch <= "\u9fff" for ch in shown)
    if kind != "not_excel":
        assert gui_env.kinds() == ["warning"] and gui_env.texts("warning")[0] == shown
    assert "Traceback" not in shown and not gui_env.crashes
    assert people(town_app) == 0


def test_cancel_is_quiet(qtbot, town_app, messy: Path, monkeypatch, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui import tasks

    monkeypatch.setattr(tasks, "_no_progress", lambda fraction=None, message="": False)  # 取消 pressed
    w = wizard_for(qtbot, town_app, messy)
    w.next()
    assert w.currentPage() is w.choose_page and "已取消" in w.choose_page.status.text()
    assert gui_env.calls == [] and people(town_app) == 0


def test_import_into_a_record_roster(qtbot, town_app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.records import get_record
    from tests.gui.records_helpers import health_record

    rid = health_record(town_app, "青浦甲公司", 2)
    w = wizard_for(qtbot, town_app, messy, record_id=rid, form_code="2-3-6", record_label="2-3-2 青浦甲公司")
    assert not w.choose_page.form.isEnabled() and f"记录 {rid}" in w.choose_page.target.text()
    to_preview(w)
    w.preview_page.valid_only.setChecked(True)
    w.next()
    assert w.summary is not None and w.summary.record_id == rid
    with town_app.session() as s:
        assert len(get_record(s, rid).entries) == 2 + 4  # the file's people join the roster


def test_threaded_steps_advance_by_themselves(qtbot, town_app, messy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the real worker pool, 下一步 starts the step and the page turns when it is done."""
    from desktop_app.gui import tasks

    monkeypatch.setattr(tasks, "SYNCHRONOUS", False)
    w = wizard_for(qtbot, town_app, messy)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.mapping_page, timeout=15000)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.preview_page, timeout=15000)
    w.preview_page.valid_only.setChecked(True)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)
    assert not w.busy and people(town_app) == 4
    qtbot.wait(tasks.PROGRESS_DELAY_MS + 200)  # the tasks' progress-dialog timers run out here
    assert w.task is None  # no wizard ↔ task reference cycle left for the garbage collector


def test_preview_wraps_the_explanation_and_masks_phones(qtbot, town_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: 说明 wraps on screen; phones are masked like identity numbers in every form."""
    src = xf.roster_236(tmp_path / "名册.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, "139 1234 5678"),
        xf.person(2, "王五", "男", "已婚", 33, 110105194912310016, "021-59729571"),  # R-ID-3: a long message
    ])
    w = wizard_for(qtbot, town_app, src)
    w.next()
    sample = w.mapping_page.sample
    shown = [sample.item(r, c).text() for r in range(sample.rowCount()) for c in range(sample.columnCount())
             if sample.item(r, c)]
    assert "139****5678" in shown and "021-****9571" in shown
    assert not any("1234 5678" in t or "59729571" in t for t in shown)
    w.next()
    page = w.preview_page
    table, model = page.table, page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 4).data() == "R-ID-3")
    message = model.index(row, 6).data()
    one_line = table.fontMetrics().height()
    assert table.fontMetrics().horizontalAdvance(message) > table.columnWidth(6)  # longer than the column
    assert table.wordWrap() and table.rowHeight(row) >= 2 * one_line  # so it wraps onto more lines


def test_preview_masks_numbers_of_the_wrong_length_unless_revealed(qtbot, town_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A number the rules refuse (16, 17, 19 digits, hyphenated; a 10- or 12-digit phone) is
    quoted in its finding: masked on screen like every other identity number, shown whole only
    when 显示完整号码 is ticked (audited)."""
    from sqlalchemy import select

    from desktop_app.store.models import AuditLog

    bad = {"3101181989051700": "310*********1700", "31011819890517002": "310**********7002",
           "3101181989051700211": "310************0211", "310118-1989-0517-002X": "310**************002X"}
    src = xf.roster_236(tmp_path / "名册.xlsx", [
        xf.person(i + 1, f"人{i + 1}", "男", "已婚", 30, number, phone)
        for i, (number, phone) in enumerate(zip(bad, ("1391234567", "139123456789", "13912345678", "13912345679")))
    ])
    w = wizard_for(qtbot, town_app, src)
    to_preview(w)
    page, model = w.preview_page, w.preview_page.model
    shown = [model.index(r, 6).data() for r in range(model.rowCount())]
    text = "\n".join(shown)
    for number, masked in bad.items():
        assert number not in text and masked in text, number
    assert "1391234567" not in text and "139***4567" in text and "139*****6789" in text
    page.reveal.setChecked(True)
    revealed = "\n".join(model.index(r, 6).data() for r in range(model.rowCount()))
    assert all(number in revealed for number in bad) and "139123456789" in revealed
    with town_app.session() as s:
        actions = [a for a, e in s.execute(select(AuditLog.action, AuditLog.entity)) if e == "import_preview"]
    assert actions == ["reveal"]
    page.reveal.setChecked(False)
    assert "\n".join(model.index(r, 6).data() for r in range(model.rowCount())) == text
