"""District mode of the 数据交换 page: several packages at once, overview, double subsidies
(R-ID-5), quota progress, the city's Excel summary, refusals in the preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.gui.exchange.district import DistrictPanel
from desktop_app.gui.exchange.preview import ImportPreviewDialog
from desktop_app.services import exchange as ex
from tests.gui.exchange_helpers import clerk, page_for, table_texts  # noqa: F401
from tests.unit.exchange_helpers import TOWN_KEYS, add_record, counts, enrol, open_office

pytestmark = pytest.mark.usefixtures("gui_env")
LI = ("李四", "31011819890517002X")


@pytest.fixture()
def towns_and_district(tmp_path: Path, clerk):  # type: ignore[no-untyped-def]
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    xj = open_office(tmp_path, "XJ", "徐泾镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会")
    enrol(qp, "XJ", "徐泾镇总工会")
    add_record(zjj, "甲物流公司", [LI, ("王五", "440306198002290519")])
    add_record(xj, "乙配送公司", [LI])  # 李四 in two towns: double subsidy
    files = []
    for a, code in ((zjj, "ZJJ"), (xj, "XJ")):
        with a.transaction() as s:
            files.append(ex.export_package(s, clerk.folder, TOWN_KEYS[code]).path)
    yield zjj, xj, qp, files
    for a in (zjj, xj, qp):
        a.close()


def test_district_imports_two_towns_and_writes_summary(qtbot, towns_and_district, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, files = towns_and_district
    page = page_for(qtbot, qp)
    panel = page.panel
    assert isinstance(panel, DistrictPanel) and "区总工会" in page.receiver.text()
    junk = clerk.folder / "notes.ulpkg"
    junk.write_bytes(b"not a package")
    clerk.files = [*files, junk]
    before = counts(qp)
    panel.import_packages()  # the preview is cancelled: the batch's trial run left nothing behind
    assert counts(qp) == before and len(gui_env.executed) == 1
    gui_env.executed.clear()
    gui_env.exec_result = QDialog.DialogCode.Accepted
    gui_env.question = 0  # no receipts now (anything but Yes)
    panel.import_packages()
    [preview] = [d for d in gui_env.executed if isinstance(d, ImportPreviewDialog)]
    rows = table_texts(preview.counts_table)
    assert [r[1] for r in rows] == ["徐泾镇总工会（XJ）", "朱家角镇总工会（ZJJ）"]  # in sender/sequence order
    issues = table_texts(preview.issues_table)
    assert issues[0][0] == "notes.ulpkg" and issues[0][1] == "无法导入"
    assert any(i[1] == "重复补贴（R-ID-5）" and "李四" in i[2] for i in issues)
    assert "已导入 徐泾镇总工会" in panel.result.text() and "已导入 朱家角镇总工会" in panel.result.text()
    assert not list(clerk.folder.glob("*回执*"))

    panel.refresh()
    assert [r[0] for r in table_texts(panel.towns)] == ["XJ", "ZJJ"]
    doubles = table_texts(panel.doubles)
    assert len(doubles) == 1 and doubles[0][1] == "李四" and doubles[0][0] == "310118********002X"
    assert "重复享受（1）" == panel.tabs.tabText(2)
    progress = {r[0]: r for r in table_texts(panel.progress)}
    assert progress["QP2023-03"][4] == "3"

    panel.year.setCurrentIndex([panel.year.itemData(i) for i in range(panel.year.count())].index(2023))
    clerk.save_as = clerk.folder / "汇总"
    panel.summary_xlsx()
    out = clerk.folder / "汇总.xlsx"
    assert out.is_file() and str(out) in panel.result.text()
    from openpyxl import load_workbook

    ws = load_workbook(out).worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert {v[0] for v in values[:-1]} == {"ZJJ", "XJ"} and values[-1][0] == "合计" and values[-1][6] == 3


def test_district_refuses_a_receipt_file_and_keeps_data(qtbot, towns_and_district, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, files = towns_and_district
    page = page_for(qtbot, qp)
    before = counts(qp)
    clerk.files = [clerk.folder / "missing.ulpkg"]
    page.panel.import_packages()
    assert "无法读取" in gui_env.texts("warning")[-1] or "找不到" in gui_env.texts("warning")[-1]
    assert counts(qp) == before


def test_return_package_needs_decisions(qtbot, towns_and_district, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, files = towns_and_district
    page = page_for(qtbot, qp)
    page.panel.export_return()
    assert "还没有审核过" in gui_env.texts("information")[-1]


def test_the_preview_lists_the_districts_own_findings() -> None:
    """issue 16 point 4: what the district's re-check found and the town's data did not carry
    is a row of the preview (masked as the summary has it), counted in 区里复核."""
    from desktop_app.gui.exchange import preview
    from desktop_app.services.exchange_summary import PackageImportSummary

    s = PackageImportSummary("a.ulpkg", "p1", "ZJJ", "朱家角镇总工会", 3, "2023-05-21T09:00:00", "h", True)
    s.checks = [{"key": "甲公司 2-3-2 记录 rTwice", "uid": "rTwice", "rule": "R-ID-5", "severity": "error",
                 "message": "名册第 2 行：身份证号码 310118********002X 与第 1 行重复，同一人只能出现一次（R-ID-5）"}]
    assert preview.issue_rows([s], []) == [[
        "朱家角镇总工会 第 3 号", "区里复核错误（R-ID-5）",
        "甲公司 2-3-2 记录 rTwice：名册第 2 行：身份证号码 310118********002X 与第 1 行重复，同一人只能出现一次（R-ID-5）"]]
    assert preview.ImportPreviewDialog.count_row(s)[-1] == 1
    assert preview.COUNT_HEADERS[-1] == "区里复核"
