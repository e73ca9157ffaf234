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
    assert {p.stem for p in sources} >= {
        "passphrase_dialog", "verify_dialog", "unit_dialog", "blank_dialog", "first_run_dialog", "result_dialog",
        "login_dialog", "password_dialog", "add_operator_dialog", "accounts_panel", "enrol_dialog",
        "issued_key_dialog", "project_edit_dialog", "settings_page", "database_panel", "backup_panel"}
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


def test_account_dialogs_from_designer(qtbot, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from desktop_app.gui.accounts import AccountsPanel, AddOperatorDialog, LoginDialog, PasswordDialog
    from desktop_app.services import operators as ops

    login = LoginDialog(app)
    qtbot.addWidget(login)
    where = "本机数据库" if app.store.url is None else "服务器"  # the PostgreSQL run: the test's server database
    assert login.windowTitle() == "登录" and f"数据库：{where}" in login.ui.intro.text()
    assert login.password.echoMode() == QLineEdit.EchoMode.Password
    assert login.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "登录"
    own = PasswordDialog("修改我的密码", None, ask_old=True)
    reset = PasswordDialog("重设“小李”的密码", None)
    for d in (own, reset):
        qtbot.addWidget(d)
    assert own.old is not None and own.ui.form.rowCount() == 5 and own.windowTitle() == "修改我的密码"
    assert reset.old is None and reset.ui.form.rowCount() == 4  # no old password when an admin resets
    assert own.ui.hint.text() == f"至少 {ops.MIN_PASSWORD} 个字符。"
    add = AddOperatorDialog()
    qtbot.addWidget(add)
    assert [add.role.itemData(i) for i in range(add.role.count())] == list(ops.ROLES)
    assert add.role.currentData() == "clerk" and add.name.maxLength() == 60
    panel = AccountsPanel(app)
    qtbot.addWidget(panel)
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == list(AccountsPanel.COLUMNS) and panel.title() == "账户"
    assert "尚未启用账户" in panel.who.text() and panel.table.isHidden()


def test_key_dialogs_from_designer(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    import datetime as dt

    from desktop_app.gui.exchange.town_keys import EnrolDialog, IssuedKeyDialog
    from desktop_app.services.exchange_keys import IssuedKey

    enrol = EnrolDialog()
    qtbot.addWidget(enrol)
    assert enrol.windowTitle() == "登记街镇" and enrol.code.placeholderText().startswith("如 XJ")
    ok = enrol.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "登记" and ok.objectName() == "primary"
    issued = IssuedKey("XJ", "徐泾镇总工会", 2, "ABCD-EFGH-JKLM", dt.datetime(2023, 6, 1, 2, 0, tzinfo=dt.timezone.utc),
                       "青浦区总工会")
    slip = IssuedKeyDialog(None, app, issued)
    qtbot.addWidget(slip)
    assert slip.windowTitle() == "交换密钥单" and slip.key.text() == "ABCD-EFGH-JKLM"
    assert slip.ui.head.text() == issued.message + "密钥只在此显示一次，请打印或保存密钥单后交给该街镇。"
    assert "密钥第 2 版" in slip.ui.notes.text() and slip.key.font().bold()


def test_project_and_settings_from_designer(qtbot, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.pages.settings import SettingsPage
    from desktop_app.gui.plan.project_editor import ProjectEditDialog
    from desktop_app.services import server_settings as ss

    dialog = ProjectEditDialog(town_app, "QP2023-03")
    qtbot.addWidget(dialog)
    d = dialog.detail
    assert dialog.windowTitle() == "编辑项目 — QP2023-03" and dialog.name.text() == d["name"]
    assert dialog.ui.quota_unit.text() == d["quota_unit"] and dialog.quota.text() == str(d["quota"])
    assert dialog.table.rowCount() == len(d["params"]) and dialog.table.columnCount() == 4
    assert dialog.ui.params_label.text() == f"规则参数（{len(d['params'])} 项）"
    assert dialog.start.displayFormat() == "yyyy-MM-dd" and dialog.start.calendarPopup()
    assert dialog.changes() == {}
    page = SettingsPage(town_app)
    qtbot.addWidget(page)
    assert page.name.text() == "朱家角镇总工会" and page.code.text() == "ZJJ"
    assert page.ui.office_box.title() == "本单位" and page.edit_button.text() == "修改本单位信息…"
    assert page.folder.text() == str(town_app.data_dir.root)
    db = page.database_panel
    assert db.title() == "数据库" and db.local.isChecked() and not db.host.isEnabled()
    assert [db.sslmode.itemData(i) for i in range(db.sslmode.count())] == list(ss.SSL_MODES)
    assert (db.port.minimum(), db.port.maximum(), db.port.value()) == (1, 65535, 5432)
    assert db.password.echoMode() == db.password.EchoMode.Password and db.ui.note.objectName() == "hint"
    backup = page.backup_panel
    headers = [backup.table.horizontalHeaderItem(c).text() for c in range(backup.table.columnCount())]
    assert backup.title() == "备份与恢复" and headers == ["日期", "种类", "位置", "大小", "文件"]
    assert backup.now_button.objectName() == "primary" and not backup.restore_button.isEnabled()  # none chosen
