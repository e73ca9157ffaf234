"""核验纸质表: type, paste or scan (a scanner types the QR text and Enter) the code printed on a
stamped paper; services.printing.verify_code says which record, unit and version it is and
whether the record has changed since (纸质版已过期)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.gui.style import VERDICT_BAD, VERDICT_OK, mark_primary
from desktop_app.gui import messages
from desktop_app.gui.designer.ui_verify_dialog import Ui_VerifyDialog
from desktop_app.services import printing

if TYPE_CHECKING:
    from desktop_app.services.app import App



class VerifyDialog(QDialog):
    """Laid out in Qt Designer (ui/verify_dialog.ui); the checking is here."""

    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.result: dict[str, Any] | None = None
        self.ui = Ui_VerifyDialog()
        self.ui.setupUi(self)
        self.code, self.check_button, self.verdict = self.ui.code, self.ui.check_button, self.ui.verdict
        mark_primary(self.check_button)
        self.verdict.setVisible(False)
        self.fields = {key: getattr(self.ui, f"{key}_value")
                       for key in ("record", "unit", "form", "revision", "status", "printed_at")}
        self.ui.close_button.clicked.connect(self.reject)
        self.check_button.clicked.connect(self.check)
        self.code.returnPressed.connect(self.check)

    def check(self) -> None:
        text = self.code.text().strip()
        if not text:
            messages.info(self, "请先输入或扫描纸质表上的校验码。", "核验纸质表")
            return
        try:
            with self.app.session() as s:
                result = printing.verify_code(s, text, self.app.specs)
        except Exception as exc:  # noqa: BLE001 - ServiceError: not found / not a code (Chinese)
            self.result = None
            text_ = messages.error_text(exc)
            if text_ is None:
                raise
            self._show_verdict(False, text_)
            for label in self.fields.values():
                label.setText("—")
            return
        self.result = result
        self._show_verdict(result["current"], result["message"])
        rev = f"第 {result['printed_revision']} 版（纸质表）"
        rev += "，记录现为同一版" if result["current"] else f"，记录现为第 {result['revision']} 版"
        f = self.fields
        f["record"].setText(f"{result['record_id']}")
        f["unit"].setText(result["unit_name"] or "—")
        f["form"].setText(f"{result['form']} / {result['project']}")
        f["revision"].setText(rev)
        f["status"].setText(result["status_label"])
        f["printed_at"].setText(result["printed_at"] or "（在其他电脑打印）")
        self.code.selectAll()

    def _show_verdict(self, current: bool, message: str) -> None:
        head = "✔ 纸质表与记录一致" if current else "✘ 纸质版已过期或无法核验"
        self.verdict.setText(f"<b>{head}</b><br>{html.escape(message)}")
        self.verdict.setStyleSheet(VERDICT_OK if current else VERDICT_BAD)
        self.verdict.setVisible(True)

    def is_current(self) -> bool | None:
        return None if self.result is None else bool(self.result["current"])


def open_verify(app: "App", parent: QWidget | None = None) -> VerifyDialog:
    dialog = VerifyDialog(app, parent)
    dialog.show()
    return dialog
