"""The static dialogs are laid out in Qt Designer (ui/*.ui) and compiled by pyside6-uic."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _compile_ui():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ul_compile_ui", ROOT / "build_scripts" / "compile_ui.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ul_compile_ui"] = module
    spec.loader.exec_module(module)
    return module


def test_compiled_modules_are_current() -> None:
    """Every ui/*.ui has its module in desktop_app/gui/designer/, exactly what uic makes of it now."""
    cu = _compile_ui()
    sources = sorted((ROOT / "ui").glob("*.ui"))
    assert {p.stem for p in sources} >= {"passphrase_dialog", "verify_dialog", "unit_dialog", "blank_dialog", "first_run_dialog", "result_dialog"}
    for ui_file in sources:
        compiled = cu.target(ui_file)
        assert compiled.exists(), f"{compiled} missing: run build_scripts/compile_ui.py"
        assert compiled.read_text(encoding="utf-8") == cu.compile_text(ui_file), (
            f"{compiled.name} is not current: run build_scripts/compile_ui.py")
    assert cu.main(["--check"]) == 0


def test_passphrase_dialog_from_designer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from desktop_app.gui.exchange.passphrase import PassphraseDialog

    dialog = PassphraseDialog(None, "导入数据包", "请输入口令：")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "导入数据包" and dialog.ui.hint.text() == "请输入口令："
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_box.setChecked(True)
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Normal
    dialog.accept()  # empty: refused with a word, the dialog stays open
    assert dialog.problem.text() == "口令不能为空。" and dialog.result() == 0
    dialog.edit.setText("abc")
    dialog.accept()
    assert dialog.result() == 1 and dialog.passphrase() == "abc"


def test_verify_dialog_from_designer(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.printing.verify_dialog import VerifyDialog

    dialog = VerifyDialog(app)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "核验纸质表" and set(dialog.fields) == {
        "record", "unit", "form", "revision", "status", "printed_at"}
    dialog.code.setText("ZZZZ-ZZZZ")
    dialog.check()  # not a code of this store: a verdict, the fields stay empty
    assert not dialog.verdict.isHidden() and "✘" in dialog.verdict.text()
    assert dialog.fields["record"].text() == "—"


def test_unit_dialog_from_designer(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox

    from desktop_app.gui.pages.units import UnitDialog
    from desktop_app.services.units import OWNERSHIP

    dialog = UnitDialog(app)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "新增单位" and list(dialog.inputs) == [k for k, _ in UnitDialog.FIELDS]
    assert dialog.ui.form.labelForField(dialog.inputs["credit_code"]).text() == "统一社会信用代码："
    ownership = dialog.inputs["ownership"]
    assert isinstance(ownership, QComboBox) and ownership.isEditable()
    assert [ownership.itemText(i) for i in range(ownership.count())] == ["", *OWNERSHIP]
    assert dialog.inputs["credit_code"].maxLength() == 18  # type: ignore[union-attr]
    save = dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "保存" and save.objectName() == "primary"
    dialog.accept()  # no name: refused in words, the dialog stays open
    assert not dialog.error.isHidden() and "请填写单位名称。" in dialog.error.text() and dialog.result() == 0


def test_blank_dialog_from_designer(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.printing.blank import BlankFormDialog

    dialog = BlankFormDialog(app, None, "2-3-3")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "空白表" and dialog.save_button.text() == "保存 PDF…"
    assert dialog.form.currentData() == "2-3-3" and dialog.form.count() == len(app.specs)
    roster = app.specs["2-3-3"].kind == "roster"
    assert dialog.rows.isEnabled() == roster and dialog.copies.isEnabled() == (not roster)
    assert (dialog.rows.minimum(), dialog.rows.maximum(), dialog.rows.suffix()) == (1, 10000, " 行")
    assert (dialog.year.minimum(), dialog.year.maximum()) == (2000, 2100)


def test_first_run_dialog_from_designer(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.first_run import FirstRunDialog
    from desktop_app.services.office import LEVELS

    dialog = FirstRunDialog(app)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.text() == "开始使用" and (dialog.town.text(), dialog.district.text()) == (
        LEVELS["town"], LEVELS["district"])
    assert dialog.town.isChecked() and dialog.level == "town" and not dialog.parent_box.isHidden()
    dialog.district.setChecked(True)
    assert dialog.level == "district" and dialog.parent_box.isHidden()
    dialog.accept()
    assert not dialog.error.isHidden() and "请填写单位名称。" in dialog.error.text() and dialog.result() == 0


def test_designer_dialogs_main_button_in_the_accent_colour(qtbot, app, gui_env) -> None:  # type: ignore[no-untyped-def]
    """A standard button named "primary" after setupUi is drawn by the QPushButton#primary rule."""
    from PySide6.QtGui import QColor

    from desktop_app.gui.first_run import FirstRunDialog
    from desktop_app.gui.pages.units import UnitDialog
    from desktop_app.gui.printing.verify_dialog import VerifyDialog
    from desktop_app.gui.style import ACCENT

    for dialog, button in ((d := FirstRunDialog(app), d.ok_button),
                           (u := UnitDialog(app), u.ui.buttons.buttons()[0]),
                           (v := VerifyDialog(app), v.check_button)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if button.objectName() != "primary":  # the unit dialog's Cancel came first
            button = next(b for b in dialog.findChildren(type(button)) if b.objectName() == "primary")
        image = button.grab().toImage()
        colour = image.pixelColor(image.width() // 8, image.height() // 2)
        accent = QColor(ACCENT)
        assert abs(colour.red() - accent.red()) + abs(colour.green() - accent.green()) + abs(
            colour.blue() - accent.blue()) < 40, (type(dialog).__name__, colour.name())
        dialog.close()


def test_result_dialog_from_designer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from desktop_app.gui.exchange.results import ResultDialog

    dialog = ResultDialog(None, "回执已导入", "已导入 2 条。", ["记录号", "单位", "金额"],
                          [[12, "青浦第一公司", "1,200.00"], [3, "青浦第二公司", "80.00"]], ["注意：有 1 条记录发出后又修改过"],
                          numeric=(0, 2))
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table is not None and dialog.windowTitle() == "回执已导入" and dialog.message.text() == "已导入 2 条。"
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["记录号", "单位", "金额"]
    assert table.rowCount() == 2 and table.item(1, 1).text() == "青浦第二公司"
    assert table.item(0, 0).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert table.verticalHeader().isHidden() and table.editTriggers() == table.EditTrigger.NoEditTriggers
    assert dialog.notes.text() == "• 注意：有 1 条记录发出后又修改过" and not dialog.notes.isHidden()
    bare = ResultDialog(None, "回执已生成", "没有表格。")
    qtbot.addWidget(bare)
    assert bare.table is None and bare.ui.table.isHidden() and bare.notes.isHidden()
