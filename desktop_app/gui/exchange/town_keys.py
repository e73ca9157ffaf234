"""数据交换 → 街镇管理 (district): enrolled towns and their exchange keys (issue 20).

登记街镇… draws a town's key and shows it once, with its slip to print or save; 重新发放密钥…
replaces a lost or leaked key (the old one stops working at once). Keys are never shown again:
the district keeps them sealed under its own passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.designer.ui_enrol_dialog import Ui_EnrolDialog
from desktop_app.gui.designer.ui_issued_key_dialog import Ui_IssuedKeyDialog
from desktop_app.gui.exchange import common, passphrase
from desktop_app.gui.permissions import gate
from desktop_app.gui.style import mark_primary
from desktop_app.services import exchange_keys as keys
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.app import App

KEY_HEADERS = ["街镇代码", "街镇", "密钥版本", "发放时间", "已作废版本", "已收数据包", "最近收到"]
FIRST_HINT = ("这是本区第一次登记街镇：请设定本区的数据交换口令（区总工会自己的口令，至少 8 个字符）。"
              "以后导入各街镇数据包、出具回执、发回审核结果、登记街镇时都要输入它；请牢记，不要发给街镇。")


class EnrolDialog(QDialog):
    """The town's code and name (tests call ask_town, which they patch)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_EnrolDialog()  # laid out in Qt Designer: ui/enrol_dialog.ui
        self.ui.setupUi(self)
        self.code, self.name = self.ui.code, self.ui.name
        self.ui.hint.setObjectName("hint")
        buttons = self.ui.buttons
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("登记")
        mark_primary(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)


def ask_town(parent: QWidget | None) -> tuple[str, str] | None:
    dialog = EnrolDialog(parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.code.text().strip(), dialog.name.text().strip()
    finally:
        dialog.deleteLater()


class IssuedKeyDialog(QDialog):
    """The new key, shown once: print the slip or save it (PDF); closing forgets it."""

    def __init__(self, parent: QWidget | None, app: App, issued: keys.IssuedKey) -> None:
        super().__init__(parent)
        self.app = app
        self.issued = issued
        self.kept = False  # printed or saved
        self.ui = Ui_IssuedKeyDialog()  # laid out in Qt Designer: ui/issued_key_dialog.ui
        self.ui.setupUi(self)
        ui = self.ui
        ui.head.setText(issued.message + "密钥只在此显示一次，请打印或保存密钥单后交给该街镇。")
        self.key = ui.key
        self.key.setText(issued.passphrase)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setObjectName("slipKey")
        ui.notes.setText(f"街镇：{issued.town_name}（代码 {issued.town_code}）　密钥第 {issued.version} 版　"
                         f"发放时间：{issued.issued_local}\n街镇在导出数据包、导入回执和审核结果包时输入此口令"
                         "（不区分大小写，短横线可省略）。")
        ui.notes.setObjectName("hint")
        self.print_button, self.save_button, self.close_button = ui.print_button, ui.save_button, ui.close_button
        self.print_button.clicked.connect(self.print_slip)
        self.save_button.clicked.connect(self.save_slip)
        self.close_button.clicked.connect(self.close_slip)

    def slip_pdf(self) -> bytes:
        from desktop_app.documents.key_slip import render_slip

        return render_slip(**self.issued.slip_kwargs())

    def print_slip(self) -> None:
        from desktop_app.gui.printing.jobs import choose_printer
        from desktop_app.gui.printing.render import paint_pdf

        chosen = choose_printer(self, 1)
        if chosen is None:
            return
        try:
            paint_pdf(chosen[0], self.slip_pdf())
        except Exception as exc:  # noqa: BLE001 - a printer problem is shown, the key stays on screen
            messages.show_error(self, exc, "打印未完成")
            return
        self.kept = True

    def save_slip(self) -> None:
        name = f"{self.issued.town_name}_交换密钥单_第{self.issued.version}版.pdf"
        path = common.choose_save(self, self.app, "保存密钥单", name, "PDF 文件 (*.pdf)")
        if path is None:
            return
        try:
            written = keys.write_slip(self.issued, Path(path))
        except ServiceError as exc:
            messages.show_error(self, exc, "密钥单未保存")
            return
        self.kept = True
        messages.info(self, f"密钥单已保存到“{written}”。打印交给街镇后，请删除此文件。", "已保存")

    def close_slip(self) -> None:
        if not self.kept and not messages.confirm(
                self, "密钥还没有打印或保存，关闭后不能再次显示（只能重新发放）。确定关闭吗？", "关闭密钥单"):
            return
        self.accept()


class TownKeysPanel(QWidget):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.enrol_button = QPushButton("登记街镇…")
        self.enrol_button.setToolTip("为一个街镇生成专用交换密钥（只接收用该密钥生成的该街镇数据包）")
        self.reissue_button = QPushButton("重新发放密钥…")
        self.reissue_button.setToolTip("密钥单遗失或泄露时：为选中的街镇生成新密钥，旧密钥立即作废")
        self.change_button = QPushButton("更改本区口令…")
        self.change_button.setToolTip("更改区总工会自己的数据交换口令（各街镇的密钥不变）")
        self.reset_button = QPushButton("忘记本区口令…")
        self.reset_button.setToolTip("设定新的本区口令，并为所有街镇重新发放密钥（旧密钥全部作废）")
        row = QHBoxLayout()
        row.addWidget(self.enrol_button)
        row.addWidget(self.reissue_button)
        row.addStretch(1)
        row.addWidget(self.change_button)
        row.addWidget(self.reset_button)
        self.table = common.make_list_table(KEY_HEADERS, self)
        hint = QLabel("每个街镇一个交换密钥：数据包只有用其自称的街镇的密钥生成才会被接收，回执和审核结果包也用该街镇的密钥加密。"
                      "密钥由区里保管（用本区口令加密保存），只在发放时显示一次。")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.enrol_button.clicked.connect(self.enrol)
        self.reissue_button.clicked.connect(self.reissue)
        self.change_button.clicked.connect(self.change_passphrase)
        self.reset_button.clicked.connect(self.reset_keys)
        gate(app, "keys", self.enrol_button, self.reissue_button, self.change_button,
             self.reset_button)  # issue 15: the role
        self.issued_dialogs: list[IssuedKeyDialog] = []  # tests look at the last one

    def refresh(self) -> None:
        with self.app.session() as s:
            towns = keys.list_town_keys(s)
        common.fill_table(self.table, [[t.code, t.name, f"第 {t.version} 版", t.issued, t.revoked or "",
                                        t.packages, t.last_received] for t in towns],
                          numeric=(4, 5), widths=(80, 160, 80, 130, 80, 80, 130))

    def selected_code(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def _new_passphrase(self, title: str) -> str | None:
        first = passphrase.ask_passphrase(self, title, "请输入新的本区数据交换口令（至少 8 个字符）：", role="district")
        if first is None:
            return None
        again = passphrase.ask_passphrase(self, title, "请再输入一次新的本区数据交换口令（确认）：", role="district")
        if again is None:
            return None
        if again != first:
            messages.show_error(self, "两次输入的口令不一致，没有更改。", "口令不一致")
            return None
        return first

    def change_passphrase(self) -> None:
        old = passphrase.ask_passphrase(self, "更改本区口令", "请输入现在的本区数据交换口令：", role="district")
        if old is None:
            return
        new = self._new_passphrase("更改本区口令")
        if new is None:
            return
        try:
            with self.app.transaction() as s:
                n = keys.change_district_passphrase(s, old, new)
        except ServiceError as exc:
            messages.show_error(self, exc, "口令未更改")
            return
        messages.info(self, f"本区数据交换口令已更改：{n} 个街镇密钥已用新口令重新加密保存，各街镇的密钥不变。", "已更改")

    def reset_keys(self) -> None:
        if not messages.confirm(self, "忘记本区口令时，已保存的各街镇密钥都无法再打开：将设定新的本区口令，并为所有已登记的街镇"
                                      "重新发放密钥（旧密钥全部作废，各街镇须换用新密钥单）。继续吗？", "忘记本区口令"):
            return
        new = self._new_passphrase("重设本区口令")
        if new is None:
            return
        folder = common.choose_folder(self, self.app, "选择保存各街镇新密钥单（PDF）的文件夹")
        if folder is None:
            return
        try:
            with self.app.transaction() as s:
                issued = keys.reset_keyring(s, new)
                keys.write_slips(issued, folder)  # all or none; a failure rolls the reset back
        except ServiceError as exc:
            messages.show_error(self, exc, "未能重设")
            return
        self.refresh()
        messages.info(self, f"已设定新的本区口令，并为 {len(issued)} 个街镇重新发放密钥；新密钥单已保存到“{folder}”。"
                            "请打印后分别交给各街镇，再删除这些文件。", "已重设")

    def _district_passphrase(self, title: str) -> str | None:
        with self.app.session() as s:
            first = not keys.keyring_exists(s)
        secret = passphrase.ask_passphrase(self, title, FIRST_HINT if first else "", role="district")
        if secret is None or not first:
            return secret
        # set once, typed masked: a typo here would seal every town's key under an unknown passphrase
        again = passphrase.ask_passphrase(self, title, "请再输入一次本区的数据交换口令（确认）：", role="district")
        if again is None:
            return None
        if again != secret:
            messages.show_error(self, "两次输入的口令不一致，没有登记。请重新登记并仔细输入。", "口令不一致")
            return None
        return secret

    def enrol(self) -> None:
        town = ask_town(self)
        if town is None:
            return
        secret = self._district_passphrase("登记街镇")
        if secret is None:
            return
        try:
            with self.app.transaction() as s:
                issued = keys.enrol_town(s, secret, *town)
        except ServiceError as exc:
            messages.show_error(self, exc, "未能登记街镇")
            return
        self.refresh()
        self._show(issued)

    def reissue(self) -> None:
        code = self.selected_code()
        if code is None:
            messages.info(self, "请先在列表中选中要重新发放密钥的街镇。", "重新发放密钥")
            return
        if not messages.confirm(self, f"为街镇 {code} 重新发放交换密钥？旧密钥立即作废：该街镇用旧密钥生成的数据包将被拒收，"
                                      "须用新密钥单上的口令重新导出。", "重新发放密钥"):
            return
        secret = self._district_passphrase("重新发放密钥")
        if secret is None:
            return
        try:
            with self.app.transaction() as s:
                issued = keys.reissue_key(s, secret, code)
        except ServiceError as exc:
            messages.show_error(self, exc, "未能重新发放密钥")
            return
        self.refresh()
        self._show(issued)

    def _show(self, issued: keys.IssuedKey) -> None:
        dialog = IssuedKeyDialog(self, self.app, issued)
        self.issued_dialogs.append(dialog)
        dialog.exec()
