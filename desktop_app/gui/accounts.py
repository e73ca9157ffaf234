"""Accounts on screen (issue 15): the login dialog, 设置 → 账户 for administrators (list, add,
disable, reset password) and changing one's own password. Roles are checked in the services;
the screen only spares a clerk buttons that would be refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.permissions import gate
from desktop_app.services import operators as ops
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.app import App


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class LoginDialog(QDialog):
    """登录: name and password; wrong ones say how many tries are left, a lock says how long."""

    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.store.db import describe_target

        self.app = app
        self.setWindowTitle("登录")
        where = describe_target(app.store.url) if app.store.server else "本机数据库"
        intro = QLabel(f"此数据库已启用账户，请登录。\n数据库：{where}")
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.password = _password_field()
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("用户名：", self.name)
        form.addRow("密码：", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

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
        self.setWindowTitle(title)
        self.old = _password_field() if ask_old else None
        self.new, self.again = _password_field(), _password_field()
        form = QFormLayout(self)
        if self.old is not None:
            form.addRow("原密码：", self.old)
        form.addRow("新密码：", self.new)
        form.addRow("再输一次：", self.again)
        hint = QLabel(f"至少 {ops.MIN_PASSWORD} 个字符。")
        hint.setObjectName("hint")
        form.addRow("", hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.new.text() != self.again.text():
            QMessageBox.warning(self, self.windowTitle(), "两次输入的新密码不一样。")
            return
        self.accept()


class AddOperatorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加账户")
        self.name = QLineEdit()
        self.role = QComboBox()
        for key, label in ops.ROLES.items():
            self.role.addItem(label, key)
        self.role.setCurrentIndex(1)  # 经办
        self.password, self.again = _password_field(), _password_field()
        form = QFormLayout(self)
        form.addRow("用户名：", self.name)
        form.addRow("角色：", self.role)
        form.addRow("初始密码：", self.password)
        form.addRow("再输一次：", self.again)
        note = QLabel("管理员：账户、设置、项目目录；经办：记录、导入、导出；审核：区总工会的审核决定；只读：只能查看。")
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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
        super().__init__("账户", parent)
        self.app = app
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton("添加账户…")
        self.disable_button = QPushButton("停用")
        self.reset_button = QPushButton("重设密码…")
        self.own_button = QPushButton("修改我的密码…")
        row = QHBoxLayout()
        for b in (self.add_button, self.disable_button, self.reset_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.own_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.table)
        layout.addLayout(row)
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

    def _do(self, title: str, fn, done: str) -> bool:  # type: ignore[no-untyped-def]
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
