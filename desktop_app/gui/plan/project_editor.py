"""项目 → 编辑: name, quota, period and every rule parameter of one project, each with its
Chinese meaning and rule id. Saved in one validated, audited step (services.catalog.edit_project);
a refusal names the field and changes nothing, and the dialog stays open to correct it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from desktop_app.gui import messages
from desktop_app.gui.designer.ui_project_edit_dialog import Ui_ProjectEditDialog
from desktop_app.gui.style import mark_primary
from desktop_app.services.catalog import edit_project, project_detail

if TYPE_CHECKING:
    from desktop_app.services.app import App

KIND_HINT = {"int": "整数", "money": "元，整数", "pct": "0–100", "date": "YYYY-MM-DD", "list": "以“、”分隔",
             "text": "文字"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _qdate(iso: str | None) -> QDate:
    d = dt.date.fromisoformat(iso) if iso else dt.date.today()
    return QDate(d.year, d.month, d.day)


class ProjectEditDialog(QDialog):
    def __init__(self, app: App, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.code = code
        with app.session() as s:
            self.detail = project_detail(s, code)
        d = self.detail
        self.ui = Ui_ProjectEditDialog()  # laid out in Qt Designer: ui/project_edit_dialog.ui
        self.ui.setupUi(self)
        self.setWindowTitle(f"编辑项目 — {d['code']}")
        ui = self.ui
        self.name, self.quota, self.start, self.end, self.table = ui.name, ui.quota, ui.start, ui.end, ui.table
        self.name.setText(d["name"])
        self.quota.setText(str(d["quota"]))
        ui.quota_unit.setText(d["quota_unit"])
        self.start.setDate(_qdate(d["period"][0]))
        self.end.setDate(_qdate(d["period"][1]))
        ui.params_label.setText(f"规则参数（{len(d['params'])} 项）")
        ui.hint.setObjectName("hint")

        self.table.setRowCount(len(d["params"]))
        for r, p in enumerate(d["params"]):
            cells = [p["label"], p["rule"] or "", _text(p["value"]), p["key"]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c != 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setForeground(Qt.GlobalColor.darkGray if c == 3 else Qt.GlobalColor.black)
                else:  # the one editable column, tinted
                    item.setToolTip(f"{p['label']}：{KIND_HINT.get(p['kind'], '')}")
                    item.setBackground(QBrush(QColor("#fffbea")))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, w in ((1, 90), (2, 220), (3, 250)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(c, w)

        buttons = ui.buttons
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("保存")
        mark_primary(save)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    def changes(self) -> dict[str, Any]:
        d = self.detail
        out: dict[str, Any] = {}
        if self.name.text() != d["name"]:
            out["name"] = self.name.text()
        if self.quota.text().strip() != str(d["quota"]):
            out["quota"] = self.quota.text()
        start = self.start.date().toString("yyyy-MM-dd")
        end = self.end.date().toString("yyyy-MM-dd")
        if start != (d["period"][0] or ""):
            out["start"] = start
        if end != (d["period"][1] or ""):
            out["end"] = end
        params = {}
        for r, p in enumerate(d["params"]):
            text = self.table.item(r, 2).text()
            if text.strip() != _text(p["value"]).strip():
                params[p["key"]] = text
        if params:
            out["params"] = params
        return out

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        try:
            with self.app.transaction() as s:
                edit_project(s, self.code, **changes)
        except Exception as exc:  # noqa: BLE001 - ServiceError in Chinese (names the field), else a crash
            messages.show_error(self, exc, "未保存")
            return
        self.accept()
