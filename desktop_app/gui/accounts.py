"""Accounts on screen (issue 15): the login dialog, 设置 → 账户 for administrators (list, add,
disable, reset password) and changing one's own password. Roles are checked in the services;
the screen only spares a clerk buttons that would be refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.gui.designer.ui_accounts_panel import Ui_AccountsPanel
from desktop_app.gui.designer.ui_add_operator_dialog import Ui_AddOperatorDialog
from desktop_app.gui.designer.ui_login_dialog import Ui_LoginDialog
from desktop_app.gui.designer.ui_password_dialog import Ui_PasswordDialog
from desktop_app.gui.permissions import gate
from desktop_app.gui.style import mark_primary
from desktop_app.services import operators as ops
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from collections.abc import Callable
    
    from sqlalchemy.orm import Session
    
    from desktop_app.services.app import App


class LoginDialog(QDialog):
    """登录: name and password; wrong ones say how many tries are left, a lock says how long."""

    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.store.db import describe_target

        self.app = app
        self.ui = Ui_LoginDialog()  # laid out in Qt Designer: ui/login_dialog.ui
        self.ui.setupUi(self)
        where = describe_target(app.store.url) if app.store.server else "本机数据库"
        self.ui.intro.setText(f"此数据库已启用账户，请登录。\n数据库：{where}")
        self.name, self.password, self.problem = self.ui.name, self.ui.password, self.ui.problem
        self.problem.setObjectName("errorText")
        buttons = self.ui.buttons
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("登录")
        mark_primary(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

    def try_login(self) -> bool:
        try:
            self.app.login(self.name.text(), self.password.text())
        except ServiceError as exc:
            self.problem.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.accept()
        return True


class PasswordDialog(QDialog):
    """A new password twice (and the old one when changing one's own)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, ask_old: bool = False) -> None:
        super().__init__(parent)
        self.ui = Ui_PasswordDialog()  # laid out in Qt Designer: ui/password_dialog.ui
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        ui = self.ui
        self.old = ui.old if ask_old else None
        if not ask_old:  # an administrator resets someone else's: no old password
            ui.form.removeRow(ui.old)
        self.new, self.again = ui.new, ui.again
        ui.hint.setText(f"至少 {ops.MIN_PASSWORD} 个字符。")
        ui.hint.setObjectName("hint")
        ok = ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("确定")
        mark_primary(ok)
        ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttons.accepted.connect(self._check)
        ui.buttons.rejected.connect(self.reject)

    def _check(self) -> None:
        if self.new.text() != self.again.text():
            QMessageBox.warning(self, self.windowTitle(), "两次输入的新密码不一样。")
            return
        self.accept()


class AddOperatorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AddOperatorDialog()  # laid out in Qt Designer: ui/add_operator_dialog.ui
        self.ui.setupUi(self)
        ui = self.ui
        self.name, self.role, self.password, self.again = ui.name, ui.role, ui.password, ui.again
        for key, label in ops.ROLES.items():
            self.role.addItem(label, key)
        self.role.setCurrentIndex(1)  # 经办
        ui.note.setObjectName("hint")
        ok = ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("添加")
        mark_primary(ok)
        ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttons.accepted.connect(self._check)
        ui.buttons.rejected.connect(self.reject)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            QMessageBox.warning(self, "添加账户", "两次输入的密码不一样。")
            return
        self.accept()


class AccountsPanel(QGroupBox):
    """设置 → 账户: everyone sees who they are and may change their own password; an
    administrator manages the accounts."""

    COLUMNS = ("用户名", "角色", "状态", "上次登录")

    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AccountsPanel()  # laid out in Qt Designer: ui/accounts_panel.ui
        self.ui.setupUi(self)
        self.app = app
        ui = self.ui
        self.who, self.table = ui.who, ui.table
        self.add_button, self.disable_button = ui.add_button, ui.disable_button
        self.reset_button, self.own_button = ui.reset_button, ui.own_button
        self.add_button.clicked.connect(self.add)
        self.disable_button.clicked.connect(self.disable)
        self.reset_button.clicked.connect(self.reset)
        self.own_button.clicked.connect(self.change_own)
        self.refresh()

    def refresh(self) -> None:
        op = self.app.operator
        with self.app.session() as s:
            rows = ops.list_operators(s)
        if op is not None:
            self.who.setText(f"当前登录：{op.name}（{op.role_label}）")
        elif rows:
            self.who.setText("未登录。")
        else:
            self.who.setText("尚未启用账户：本机单人使用无需登录。添加第一个管理员后，每次启动都须登录"
                             "（服务器数据库多人共用时必须启用）。")
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            state = "已停用" if r["disabled"] else ("已锁定" if r["locked"] else "正常")
            for j, v in enumerate((r["name"], r["role_label"], state, (r["last_login_at"] or "—").replace("T", " "))):
                self.table.setItem(i, j, QTableWidgetItem(v))
        gate(self.app, "accounts", self.add_button, self.disable_button, self.reset_button)  # the role
        self.table.setVisible(bool(rows))
        self.own_button.setEnabled(op is not None)

    def _selected(self) -> str | None:
        items = self.table.selectedItems()
        if not items:
            QMessageBox.information(self, "账户", "请先在列表中选中一个账户。")
            return None
        return self.table.item(items[0].row(), 0).text()

    def _do(self, title: str, fn: Callable[[Session], object], done: str) -> bool:
        try:
            with self.app.transaction() as s:
                fn(s)
        except ServiceError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        self.refresh()
        QMessageBox.information(self, title, done)
        return True

    def add(self) -> None:
        dialog = AddOperatorDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, role, pw = dialog.name.text(), dialog.role.currentData(), dialog.password.text()
        first = self.app.operator is None
        if self._do("添加账户", lambda s: ops.add_operator(s, name, role, pw, first_admin=first),
                    f"已添加账户“{name.strip()}”。") and first and role == "admin":
            self.app.login(name, pw)  # the first administrator is logged in from now on
            self.refresh()

    def disable(self) -> None:
        name = self._selected()
        if name is None:
            return
        answer = QMessageBox.question(self, "停用账户", f"停用账户“{name}”？停用后此账户不能再登录（记录和日志保留）。")
        if answer == QMessageBox.StandardButton.Yes:
            self._do("停用账户", lambda s: ops.disable_operator(s, name), f"已停用账户“{name}”。")

    def reset(self) -> None:
        name = self._selected()
        if name is None:
            return
        dialog = PasswordDialog(f"重设“{name}”的密码", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            pw = dialog.new.text()
            self._do("重设密码", lambda s: ops.set_password(s, name, pw), f"已重设“{name}”的密码（锁定已解除）。")

    def change_own(self) -> None:
        op = self.app.operator
        if op is None:
            return
        dialog = PasswordDialog("修改我的密码", self, ask_old=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            old, new = dialog.old.text() if dialog.old else "", dialog.new.text()
            self._do("修改密码", lambda s: ops.set_password(s, op.name, new, old_password=old), "密码已修改。")
