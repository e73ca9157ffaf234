"""数据交换 → 街镇管理 (issue 20): enrol a town, its key shown once with a slip to save or
print, re-issue (the old key stops working), the list of towns and key versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.documents.package_crypto import slip_form
from desktop_app.gui.exchange import town_keys
from desktop_app.gui.exchange.district import DistrictPanel
from desktop_app.services import exchange as ex
from desktop_app.services.exchange_common import ExchangeRefused
from tests.gui.exchange_helpers import clerk, page_for, table_texts  # noqa: F401
from tests.unit.exchange_helpers import SECRET, add_record, open_office

pytestmark = pytest.mark.usefixtures("gui_env")


@pytest.fixture()
def district(tmp_path: Path):  # type: ignore[no-untyped-def]
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    yield qp
    qp.close()


def test_enrol_show_once_save_slip_and_reissue(qtbot, district, clerk, gui_env, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_for(qtbot, district)
    panel = page.panel
    assert isinstance(panel, DistrictPanel)
    keys = panel.keys
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())][-1] == "街镇管理"
    monkeypatch.setattr(town_keys, "ask_town", lambda parent: ("XJ", "徐泾镇总工会"))
    hints: list[str] = []
    real_ask = town_keys.passphrase.ask_passphrase

    def ask(parent, title="", hint="", role="town"):  # type: ignore[no-untyped-def]
        hints.append(hint)
        return real_ask(parent, title, hint, role)

    monkeypatch.setattr(town_keys.passphrase, "ask_passphrase", ask)
    gui_env.question = gui_env.question  # closing without saving is confirmed (Yes)
    keys.enrol()
    assert "第一次登记街镇" in hints[0] and "确认" in hints[1]  # set now: typed twice
    [shown] = keys.issued_dialogs
    key = shown.key.text()
    assert slip_form(key) == key and shown.issued.version == 1
    clerk.save_as = tmp_path / "徐泾_密钥单.pdf"
    shown.save_slip()
    assert clerk.save_as.read_bytes()[:4] == b"%PDF" and shown.kept
    assert table_texts(keys.table) == [["XJ", "徐泾镇总工会", "第 1 版", shown.issued.issued_local, "", "0", ""]]

    # the town exports with the slip's key; the district imports it
    xj = open_office(tmp_path, "XJ", "徐泾镇总工会")
    try:
        add_record(xj, "乙配送公司", [("王五", "440306198002290519")])
        with xj.transaction() as s:
            first = ex.export_package(s, clerk.folder, key.lower()).path
        keys.table.selectRow(0)
        keys.reissue()  # confirmed, district passphrase, new key shown
        assert len(keys.issued_dialogs) == 2 and keys.issued_dialogs[-1].issued.version == 2
        assert "第一次" not in hints[-1]
        assert table_texts(keys.table)[0][2:5] == ["第 2 版", keys.issued_dialogs[-1].issued.issued_local, "1"]
        with district.transaction() as s, pytest.raises(ExchangeRefused) as info:
            ex.import_package(s, first, SECRET)
        assert "已作废的旧交换密钥（第 1 版" in str(info.value)
    finally:
        xj.close()


def test_closing_an_unsaved_key_asks_first(qtbot, district, clerk, gui_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    page = page_for(qtbot, district)
    keys = page.panel.keys
    monkeypatch.setattr(town_keys, "ask_town", lambda parent: ("BHZ", "白鹤镇总工会"))
    keys.enrol()
    shown = keys.issued_dialogs[-1]
    gui_env.question = QMessageBox.StandardButton.No
    shown.close_slip()
    assert shown.result() != QDialog.DialogCode.Accepted  # still open: the key is still on screen
    assert any("关闭后不能再次显示" in t for t in gui_env.texts("question"))
    gui_env.question = QMessageBox.StandardButton.Yes
    shown.close_slip()
    assert shown.result() == QDialog.DialogCode.Accepted
    monkeypatch.setattr(town_keys, "ask_town", lambda parent: ("BHZ", "白鹤镇总工会"))
    keys.enrol()  # twice: refused with the service's words, nothing new shown
    assert len(keys.issued_dialogs) == 1 and "登记过交换密钥" in gui_env.texts("warning")[-1]


def test_first_district_passphrase_typed_twice_must_match(qtbot, district, clerk, gui_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_for(qtbot, district)
    keys = page.panel.keys
    monkeypatch.setattr(town_keys, "ask_town", lambda parent: ("BHZ", "白鹤镇总工会"))
    answers = iter(["青浦区-交换口令-2023", "青浦区-交换口令-2O23"])
    monkeypatch.setattr(town_keys.passphrase, "ask_passphrase", lambda *a, **k: next(answers))
    keys.enrol()
    assert keys.issued_dialogs == [] and "两次输入的口令不一致" in gui_env.texts("warning")[-1]
    assert keys.table.rowCount() == 0


def test_change_and_reset_the_district_passphrase(qtbot, district, clerk, gui_env, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.exchange_helpers import enrol

    enrol(district, "ZJJ", "朱家角镇总工会")
    page = page_for(qtbot, district)
    keys = page.panel.keys
    answers = iter([SECRET, "新的本区口令-2024", "新的本区口令-2024"])
    monkeypatch.setattr(town_keys.passphrase, "ask_passphrase", lambda *a, **k: next(answers))
    keys.change_passphrase()
    assert "已更改" in [t for k, t, _ in gui_env.calls if k == "information"][-1]
    with district.session() as s:
        assert ex.unlock_keyring(s, "新的本区口令-2024").secret("ZJJ") is not None

    answers = iter(["又一个口令-2025", "又一个口令-2025"])
    clerk.folder = tmp_path / "slips"
    clerk.folder.mkdir()
    keys.reset_keys()  # confirmed (Yes), new passphrase twice, a folder for the slips
    assert [p.suffix for p in clerk.folder.iterdir()] == [".pdf"]
    assert table_texts(keys.table)[0][2] == "第 2 版"
    with district.session() as s:
        assert ex.unlock_keyring(s, "又一个口令-2025").secret("ZJJ") is not None
