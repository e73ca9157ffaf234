"""项目 → 编辑: name, quota, period and every rule parameter of one project, each with its
Chinese meaning and rule id. Saved in one validated, audited step (services.catalog.edit_project);
a refusal names the field and changes nothing, and the dialog stays open to correct it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
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
        self.setWindowTitle(f"编辑项目 — {d['code']}")
        self.resize(980, 640)

        self.name = QLineEdit(d["name"])
        self.quota = QLineEdit(str(d["quota"]))
        self.quota.setMaximumWidth(140)
        self.start = QDateEdit(_qdate(d["period"][0]))
        self.end = QDateEdit(_qdate(d["period"][1]))
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("至"))
        period.addWidget(self.end)
        period.addStretch(1)
        quota_row = QHBoxLayout()
        quota_row.addWidget(self.quota)
        quota_row.addWidget(QLabel(d["quota_unit"]))
        quota_row.addStretch(1)
        form = QFormLayout()
        form.addRow("项目名称", self.name)
        form.addRow("名额（目标数）", quota_row)
        form.addRow("实施时间", period)

        self.table = QTableWidget(len(d["params"]), 4, self)
        self.table.setHorizontalHeaderLabels(["参数", "规则", "值", "键名"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
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

        hint = QLabel("修改后按“保存”：所有数值一并校验（名额为不小于 0 的整数、日期先后、金额不为负、"
                      "范围下限不高于上限），有误时指出哪一项，什么都不改。每次修改记入审计日志。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"规则参数（{len(d['params'])} 项）"))
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)

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
