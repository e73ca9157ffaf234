"""District: 补出回执… makes the receipt of a package imported earlier (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services import exchange as ex
from tests.gui.exchange_helpers import clerk, page_for  # noqa: F401
from tests.unit.exchange_helpers import SECRET, TOWN_KEYS, add_record, counts, enrol, open_office

pytestmark = pytest.mark.usefixtures("gui_env")


def test_receipt_made_again_for_an_imported_package(qtbot, tmp_path: Path, clerk, gui_env) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    try:
        enrol(qp, "ZJJ", "朱家角镇总工会")
        add_record(zjj, "甲物流公司", [("李四", "31011819890517002X")])
        with zjj.transaction() as s:
            pkg = ex.export_package(s, clerk.folder, TOWN_KEYS["ZJJ"]).path
        page = page_for(qtbot, qp)
        panel = page.panel
        back = tmp_path / "back"
        back.mkdir()
        clerk.files, clerk.folder = [pkg], back
        panel.receipts_again()  # not imported yet: refused by name, nothing written
        assert "还没有导入" in gui_env.texts("warning")[-1] and list(back.iterdir()) == []
        with qp.transaction() as s:
            ex.import_package(s, pkg, SECRET, dry_run=False)  # imported; the receipt never written
        before = counts(qp)
        panel.receipts_again()
        receipts = sorted(p.name for p in back.iterdir())
        assert len(receipts) == 2 and receipts[0].endswith(".pdf") and "回执" in receipts[1]
        assert "已生成回执" in gui_env.texts("information")[-1]
        after = counts(qp)
        assert after["records"] == before["records"] and after["people"] == before["people"]
        with zjj.transaction() as s:  # the town takes it
            result = ex.import_receipt(s, back / receipts[1], TOWN_KEYS["ZJJ"])
        assert len(result.marked) == 1
    finally:
        zjj.close()
        qp.close()
