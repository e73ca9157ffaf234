"""Exchange files chosen by kind, sender and date (not by a cut-off file name), and a wrong
passphrase asked again without choosing the file again (issue 18)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.gui.exchange import picker
from desktop_app.gui.exchange.preview import ImportPreviewDialog
from tests.gui.exchange_helpers import clerk, offices, page_for  # noqa: F401
from tests.unit.exchange_helpers import SECRET, add_record, counts

pytestmark = pytest.mark.usefixtures("gui_env")
LI = ("李四", "31011819890517002X")


def test_files_listed_by_kind_sender_and_date(qtbot, offices, clerk, gui_env) -> None:  # noqa: F811
    town, district = offices
    add_record(town, "甲物流公司", [LI])
    town_page = page_for(qtbot, town)
    town_page.panel.export()
    [pkg] = list(clerk.folder.glob("*.ulpkg"))
    (clerk.folder / "notes.ulpkg").write_bytes(b"not a package")  # unreadable: left out
    listed = picker.list_packages(clerk.folder, ("receipt",))
    assert [(p["kind"], p["sender"], p["sequence"]) for p in listed] == [("data", "ZJJ", 1)]
    dialog = picker.PackagePickerDialog(None, "选择", clerk.folder, listed, many=True)
    qtbot.addWidget(dialog)
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row[:3] == ["报送包", "朱家角镇总工会（ZJJ）", "第 1 号"] and row[4] == pkg.name
    assert row[3][:4].isdigit() and dialog.chosen() == [pkg]


def test_wrong_passphrase_asked_again_with_the_same_files(qtbot, offices, clerk, gui_env,  # noqa: F811
                                                          monkeypatch) -> None:
    town, district = offices
    add_record(town, "甲物流公司", [LI])
    town_page = page_for(qtbot, town)
    town_page.panel.export()
    [pkg] = list(clerk.folder.glob("*.ulpkg"))
    district_page = page_for(qtbot, district)
    panel = district_page.panel
    before = counts(district)
    answers = iter(["错误的口令-0000", SECRET])
    hints: list[str] = []

    def ask(parent, title="", hint="", role="town"):  # type: ignore[no-untyped-def]
        hints.append(hint)
        return next(answers)

    monkeypatch.setattr("desktop_app.gui.exchange.passphrase.ask_passphrase", ask)
    clerk.files = [pkg]
    gui_env.exec_result = QDialog.DialogCode.Rejected  # stop at the preview
    panel.import_packages()
    assert len(hints) == 2 and "本区数据交换口令错误" in hints[1] and "不必重新选择" in hints[1]
    assert [a for a in clerk.asked if a[0] == "files"] == [("files", "选择街镇的报送包（可多选）")]
    assert [d for d in gui_env.executed if isinstance(d, ImportPreviewDialog)]  # the second try worked
    assert counts(district) == before
