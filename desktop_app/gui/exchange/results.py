"""What came back: a dialog with the service's message and a table (receipt, return package,
receipts written at the district)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QWidget

from desktop_app.gui.designer.ui_result_dialog import Ui_ResultDialog
from desktop_app.gui.exchange.common import fill_table

OUTCOME_LABELS = {"applied": "已更新", "unchanged": "未变", "outdated": "未应用", "skipped": "未应用"}


class ResultDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, message: str, headers: Sequence[str] = (),
                 rows: Sequence[Sequence[Any]] = (), notes: Sequence[str] = (), numeric: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.ui = Ui_ResultDialog()  # laid out in Qt Designer: ui/result_dialog.ui
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        self.resize(860, 480 if rows else 220)
        self.message, self.notes = self.ui.message, self.ui.notes
        self.message.setText(message)
        self.table: QTableWidget | None = self.ui.table if headers else None
        if self.table is not None:
            self.table.setColumnCount(len(headers))
            self.table.setHorizontalHeaderLabels(list(headers))
            fill_table(self.table, rows, numeric=numeric)
            self.table.resizeColumnsToContents()
        else:
            self.ui.table.hide()
        self.notes.setText("\n".join(f"• {n}" for n in notes))
        self.notes.setVisible(bool(notes))
        buttons = self.ui.buttons
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)


def receipt_dialog(parent: QWidget | None, result: Any) -> ResultDialog:
    """Town: the receipt imported (services.exchange_receipt.ReceiptResult)."""
    rows: list[list[Any]] = []
    for r in result.marked:
        rows.append([r.get("record_id") or "", r.get("unit_name") or "", r.get("project") or "", "已报送", ""])
    for r in result.rejected:
        rows.append([r.get("record_id") or "", r.get("unit_name") or "", r.get("project") or "", "被拒收",
                     r.get("reason") or ""])
    for r in result.changed_since:
        rows.append([r.get("record_id") or "", r.get("unit_name") or "", r.get("project") or "",
                     "发出后又修改过", "将随下一个数据包报送"])
    return ResultDialog(parent, "回执已导入", result.message, ["记录号", "单位", "项目", "结果", "说明"], rows,
                        result.findings, numeric=(0,))


def return_dialog(parent: QWidget | None, result: Any) -> ResultDialog:
    """Town: the district's decisions per record (services.exchange_return.ReturnResult)."""
    rows = []
    for i in result.items:
        outcome = OUTCOME_LABELS.get(i["outcome"], i["outcome"])
        if i.get("note"):
            outcome += f"（{i['note']}）"
        rows.append([i.get("record_id") or "", i.get("unit_name") or "", i.get("project") or "",
                     i.get("status_label") or "", i.get("reason") or "", i.get("settled") or "", outcome])
    return ResultDialog(parent, "审核结果已导入", result.message,
                        ["记录号", "单位", "项目", "审核结果", "退回原因", "结算金额（元）", "本机处理"], rows,
                        result.findings, numeric=(0, 5))
