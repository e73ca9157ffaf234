"""数据交换 page end to end: town export → district dry run, preview, commit, receipt →
town imports the receipt (已报送) → district decisions → return package → town."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.gui.exchange.district import DistrictPanel
from desktop_app.gui.exchange.preview import ImportPreviewDialog
from desktop_app.gui.exchange.results import ResultDialog
from desktop_app.gui.exchange.town import TownPanel
from desktop_app.services.district import decide
from tests.gui.exchange_helpers import clerk, offices, page_for, table_texts  # noqa: F401
from tests.unit.exchange_helpers import add_record, counts, district_id, make_id, status_of, uid_of

pytestmark = pytest.mark.usefixtures("gui_env")
LI, WANG = ("李四", "31011819890517002X"), ("王五", "440306198002290519")


def _export(qtbot, town, clerk):  # type: ignore[no-untyped-def]
    page = page_for(qtbot, town)
    panel = page.panel
    assert isinstance(panel, TownPanel)
    assert panel.waiting.text() == "2 条"
    assert "还没有发出过数据包" in panel.last_sent.text()
    panel.export()
    [pkg] = list(clerk.folder.glob("*.ulpkg"))
    assert pkg.name in panel.result.text() and "记录 2 条" in panel.result.text()
    assert panel.waiting.text() == "2 条"  # still 待盖章 until the receipt comes back
    assert "第 1 号" in panel.last_sent.text() and "未收到回执" in panel.last_sent.text()
    assert panel.history.rowCount() == 1
    return page, panel, pkg


def test_town_to_district_and_back(qtbot, offices, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    town, district = offices
    r1 = add_record(town, "甲物流公司", [LI, WANG])
    r2 = add_record(town, "丙快递公司", [("赵六", make_id(7))])
    add_record(town, "草稿公司", [("钱七", make_id(8))], ready=False)
    _town_page, town_panel, pkg = _export(qtbot, town, clerk)
    assert "数据包已生成" in [t for k, t, _ in gui_env.calls if k == "information"]

    # District: dry run → preview (3 new people, 2 new records) → 确认导入 → receipt + PDF.
    dpage = page_for(qtbot, district)
    panel = dpage.panel
    assert isinstance(panel, DistrictPanel)
    before = counts(district)
    receipts = clerk.folder / "receipts"
    receipts.mkdir()
    gui_env.exec_result = QDialog.DialogCode.Rejected  # first: the clerk cancels the preview
    clerk.files = [pkg]
    panel.import_packages()
    [preview] = [d for d in gui_env.executed if isinstance(d, ImportPreviewDialog)]
    assert table_texts(preview.counts_table)[0][3:11] == ["2", "0", "0", "0", "3", "0", "0", "0"]
    assert "试导入" in preview.windowTitle() and preview.ok_button.isEnabled()
    assert counts(district) == before and "已取消" in panel.result.text()

    gui_env.exec_result = QDialog.DialogCode.Accepted
    clerk.folder = receipts
    panel.import_packages()
    assert "已导入 朱家角镇总工会 第 1 号数据包" in panel.result.text() or "回执" in panel.result.text()
    d1 = district_id(district, uid_of(town, r1))
    assert status_of(district, d1)[0] == "submitted"
    [receipt] = list(receipts.glob("*.ulpkg"))
    [pdf] = list(receipts.glob("*.pdf"))
    assert "_回执_第0001号" in receipt.name and pdf.read_bytes()[:4] == b"%PDF"
    overview = table_texts(panel.towns)
    assert overview[0][:3] == ["ZJJ", "朱家角镇总工会", "1"]
    assert panel.history.rowCount() == 2  # data in, receipt out

    # Importing the same package again: preview says nothing changes.
    gui_env.exec_result = QDialog.DialogCode.Rejected
    clerk.folder = None
    panel.import_packages()
    again = [d for d in gui_env.executed if isinstance(d, ImportPreviewDialog)][-1]
    assert table_texts(again.counts_table)[0][3:7] == ["0", "0", "2", "0"]
    assert "已于" in table_texts(again.issues_table)[0][2]

    # Town: import the receipt → 已报送, nothing waiting.
    clerk.files = [receipt]
    town_panel.import_receipt()
    assert status_of(town, r1)[0] == status_of(town, r2)[0] == "submitted"
    assert town_panel.waiting.text() == "0 条" and town_panel.submitted.text() == "2 条"
    assert "已收到回执" in town_panel.last_sent.text() and "之前的修改已被区总工会确认" in town_panel.since.text()
    shown = [d for d in gui_env.executed if isinstance(d, ResultDialog)][-1]
    assert shown.windowTitle() == "回执已导入" and shown.table.rowCount() == 2

    # District decides; 生成返回包… → town imports it and sees approved / returned with reason.
    with district.transaction() as s:
        decide(s, d1, approve=True)
        decide(s, district_id(district, uid_of(town, r2)), return_reason="名册缺少身份证复印件")
    returns = receipts.parent.parent / "returns"
    returns.mkdir()
    clerk.folder = returns
    gui_env.item = 0
    panel.export_return()
    [ret] = list(returns.glob("*.ulpkg"))
    assert "审核结果_第0001号" in ret.name and "新的审核结果 2 条" in panel.result.text()
    clerk.files = [ret]
    town_panel.import_return()
    assert status_of(town, r1)[0] == "approved"
    assert status_of(town, r2)[:2] == ("returned", "名册缺少身份证复印件")
    shown = [d for d in gui_env.executed if isinstance(d, ResultDialog)][-1]
    rows = {r[1]: r for r in table_texts(shown.table)}
    assert rows["甲物流公司"][3] == "已通过"
    assert rows["丙快递公司"][3:5] == ["已退回", "名册缺少身份证复印件"]
    assert gui_env.crashes == []  # type: ignore[attr-defined]


def test_wrong_passphrase_changes_nothing(qtbot, offices, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    town, district = offices
    add_record(town, "甲物流公司", [LI])
    page = page_for(qtbot, town)
    page.panel.export()
    [pkg] = list(clerk.folder.glob("*.ulpkg"))
    dpage = page_for(qtbot, district)
    panel = dpage.panel
    before = counts(district)
    clerk.files = [pkg]
    clerk.passphrase = clerk.town_passphrase = "不是这个口令-12345"
    gui_env.exec_result = QDialog.DialogCode.Accepted
    panel.import_packages()
    # A wrong passphrase is asked again for the same files (issue 18), three times at most.
    assert [a for a in clerk.asked if a[0] == "files"] == [("files", "选择街镇的报送包（可多选）")]
    assert [a for a in clerk.asked if a == ("passphrase", "导入街镇报送包")] == [("passphrase", "导入街镇报送包")] * 3
    warnings = gui_env.texts("warning")
    assert warnings and "本区数据交换口令错误" in warnings[-1]
    assert not [d for d in gui_env.executed if isinstance(d, ImportPreviewDialog)]
    assert counts(district) == before
    assert "口令错误" in panel.result.text()
    # The town side too: a receipt with the wrong passphrase is refused, nothing marked.
    clerk.files = [pkg]
    clerk.asked.clear()
    page.panel.import_receipt()
    assert "口令" in gui_env.texts("warning")[-1] or "不是" in gui_env.texts("warning")[-1]
    assert len([a for a in clerk.asked if a[0] == "file"]) == 1


def test_write_protected_stick_shows_service_message(qtbot, town_app, clerk, gui_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.documents.package_io import write_error
    from desktop_app.services import exchange_common

    add_record(town_app, "甲物流公司", [LI])

    def read_only(folder, name, blob, before_rename=None):  # type: ignore[no-untyped-def]
        raise write_error(PermissionError(13, "Permission denied"), Path(folder))

    monkeypatch.setattr(exchange_common, "write_atomic", read_only)
    page = page_for(qtbot, town_app)
    panel = page.panel
    panel.export()
    assert "写保护" in gui_env.texts("warning")[-1]
    assert list(clerk.folder.iterdir()) == [] and panel.history.rowCount() == 0
    assert "未完成" in panel.result.text()


def test_cancelled_passphrase_does_nothing(qtbot, town_app, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]
    add_record(town_app, "甲物流公司", [LI])
    clerk.town_passphrase = None
    page = page_for(qtbot, town_app)
    page.panel.export()
    assert list(clerk.folder.iterdir()) == [] and gui_env.texts("warning") == []
