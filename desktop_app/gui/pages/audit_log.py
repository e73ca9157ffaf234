"""操作日志 — who changed what, when (issue 12 point 4): the audit log filtered by date,
operator, action and record; the selected entry's fields with their old and new values below.
Double-click (or Enter) on a record's entry opens the record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.history_view import field_label
from desktop_app.gui.widgets import PageHeader
from desktop_app.services.history import (
    ACTION_LABELS,
    LogFilter,
    actions,
    audit_log,
    display_value,
    operators,
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App

COLUMNS = ("时间", "操作人", "操作", "对象", "内容")
LIMIT = 2000  # newest entries shown; the filters narrow it


class AuditLogPage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.window_ = window
        from desktop_app.gui.changes import bus

        bus().changed.connect(self.on_data_changed)
        self.header = PageHeader("操作日志", "每一次新建、修改、改状态、作废、删除、打印和导入，谁在何时做的")
        today = QDate.currentDate()
        self.by_date = QCheckBox("日期")
        self.date_from = self._date(today.addDays(-30))
        self.date_to = self._date(today)
        self.operator = QComboBox()
        self.operator.setMinimumWidth(120)
        self.action = QComboBox()
        self.action.setMinimumWidth(120)
        self.record = QLineEdit()
        self.record.setPlaceholderText("记录编号")
        self.record.setMaximumWidth(110)
        self.refresh_button = QPushButton("刷新")
        filters = QHBoxLayout()
        for w in (self.by_date, self.date_from, QLabel("至"), self.date_to, QLabel("操作人："), self.operator,
                  QLabel("操作："), self.action, QLabel("记录："), self.record, self.refresh_button):
            filters.addWidget(w)
        filters.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        for i, w in enumerate((150, 90, 110, 130)):
            self.table.setColumnWidth(i, w)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.detail = QTableWidget(0, 3)
        self.detail.setHorizontalHeaderLabels(["项目", "原值", "新值"])
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().setVisible(False)
        self.detail.setColumnWidth(0, 160)
        self.detail.setColumnWidth(1, 320)
        self.detail.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.count = QLabel()
        self.count.setObjectName("totals")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)

        self.entries: list[dict[str, Any]] = []
        # the forms' field keys as printed (a record's changes name its fields)
        from desktop_app.services.history import FIELD_LABELS

        self.field_labels = {f.key: f.display_label for spec in app.specs.values()
                             for f in (*spec.fields, *spec.computed)}
        self.field_labels.update(FIELD_LABELS)  # status, reason … mean the record's own
        self._load_choices()
        self.by_date.toggled.connect(self._date_toggled)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: self.reload())
        for combo in (self.operator, self.action):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.record.returnPressed.connect(self.reload)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self.show_detail)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.reload()

    @staticmethod
    def _date(value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        return edit

    def _load_choices(self) -> None:
        with self.app.session() as s:
            ops, acts = operators(s), actions(s)
        for combo, items, labels in ((self.operator, ops, {}), (self.action, acts, ACTION_LABELS)):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("全部", None)
            for item in items:
                combo.addItem(labels.get(item, item), item)
            index = combo.findData(keep)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def current_filter(self) -> LogFilter:
        on = self.by_date.isChecked()
        text = self.record.text().strip()
        return LogFilter(
            date_from=self.date_from.date().toPython() if on else None,
            date_to=self.date_to.date().toPython() if on else None,
            operator=self.operator.currentData(), action=self.action.currentData(),
            record_id=int(text) if text.isdigit() else None, limit=LIMIT)

    def reload(self) -> None:
        text = self.record.text().strip()
        if text and not text.isdigit():
            self.count.setText(f"记录编号“{text}”应为数字。")
            return
        with self.app.session() as s:
            self.entries = audit_log(s, self.current_filter(), self.field_labels)
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            who = f"{e['entity_label']} {e['entity_id']}" if e["entity_id"] is not None else e["entity_label"]
            cells = ((e["at"] or "")[:19].replace("T", " "), e["operator"], e["action_label"], who, e["summary"])
            for c, text_ in enumerate(cells):
                item = QTableWidgetItem(str(text_))
                item.setToolTip(str(text_))
                self.table.setItem(r, c, item)
        more = f"（只显示最新的 {LIMIT} 条，请用筛选缩小范围）" if len(self.entries) >= LIMIT else ""
        self.count.setText(f"共 {len(self.entries)} 条操作{more}")
        self.detail.setRowCount(0)

    def refresh(self) -> None:
        self._load_choices()
        self.reload()

    def activated(self) -> None:
        self.refresh()

    @Slot(str)
    def on_data_changed(self, what: str) -> None:
        if self.isVisible():
            self.refresh()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def show_detail(self) -> None:
        e = self.selected()
        rows = [r for r in (e["rows"] if e else []) if r["field"]]
        self.detail.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for c, text in enumerate((field_label(r["field"], self.field_labels), display_value(r["field"], r["old"]),
                                      display_value(r["field"], r["new"]))):
                self.detail.setItem(i, c, QTableWidgetItem(text))

    def open_selected(self) -> None:
        e = self.selected()
        if e is None or e["entity"] != "record" or e["entity_id"] is None:
            return
        from desktop_app.gui import messages
        from desktop_app.gui.pages import record_actions
        from desktop_app.services.records import records_by_ids

        with self.app.session() as s:
            rec = records_by_ids(s, [e["entity_id"]]).get(e["entity_id"])
            where = (rec.project.code, rec.form_code) if rec is not None else None
        if where is None:
            messages.info(self, f"记录 {e['entity_id']} 已删除，只能在这里查看它的操作记录。", "操作日志")
            return
        record_actions.open_editor(self, self.app, e["entity_id"], where[0], where[1], lambda _rid: None)

    def focus_search(self) -> None:
        self.record.setFocus()

    def day_range(self) -> tuple[dt.date, dt.date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()
