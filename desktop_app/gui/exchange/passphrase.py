"""The exchange passphrase dialog: masked, with a 显示 toggle, never stored anywhere.

`ask_passphrase(parent, title, hint)` is what the panels call (tests patch it)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from desktop_app.gui.designer.ui_passphrase_dialog import Ui_PassphraseDialog


class PassphraseDialog(QDialog):
    """Laid out in Qt Designer (ui/passphrase_dialog.ui); the texts that depend on who asks and
    the behaviour are here."""

    def __init__(self, parent: QWidget | None = None, title: str = "数据交换口令", hint: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        if hint:
            self.ui.hint.setText(hint)
        self.edit, self.show_box, self.problem, self.buttons = (
            self.ui.edit, self.ui.show_box, self.ui.problem, self.ui.buttons)
        self.problem.setObjectName("errorText")
        self.problem.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.show_box.toggled.connect(self._toggle)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.setFocus()

    def _toggle(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def accept(self) -> None:
        if not self.edit.text():
            self.problem.setText("口令不能为空。")
            self.problem.show()
            return
        super().accept()

    def passphrase(self) -> str:
        return self.edit.text()


TOWN_HINT = "请输入区总工会发给本单位的交换密钥单上的口令（不区分大小写，短横线可省略；本程序不保存口令，每次都要输入）："
DISTRICT_HINT = ("请输入本区的数据交换口令（区总工会自己的口令，登记街镇时设定，用来打开各街镇的交换密钥；"
                 "不是发给街镇的密钥单口令）：")


def ask_passphrase(parent: QWidget | None, title: str = "数据交换口令", hint: str = "",
                   role: str = "town") -> str | None:
    """The passphrase typed by the clerk, or None when cancelled. Held only by the caller.
    `role`: "town" asks for the key on the town's slip, "district" for the district's own."""
    dialog = PassphraseDialog(parent, title, hint or (DISTRICT_HINT if role == "district" else TOWN_HINT))
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase() or None
    finally:
        dialog.edit.clear()
        dialog.deleteLater()
