"""历史: a table of the changes of a record or a person, one row per field, newest first
(services.history; issue 12). Used by the record editor's 历史 tab and the person view."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.history import ACTION_LABELS, FIELD_LABELS, display_value

COLUMNS = ("时间", "操作人", "操作", "项目", "原值", "新值")


def field_label(field: str | None, labels: Mapping[str, str] | None = None) -> str:
    if not field:
        return ""
    if labels and field in labels:
        return labels[field]
    return FIELD_LABELS.get(field, field)


class HistoryView(QWidget):
    """Rows from ``load() -> list[history rows]`` (oldest first, as the service gives them)."""

    def __init__(self, load: Callable[[], list[dict[str, Any]]], labels: Mapping[str, str] | None = None,
                 parent: QWidget | None = None, *,
                 options: Mapping[str, Mapping[Any, str]] | None = None) -> None:
        super().__init__(parent)
        self.load_rows = load
        self.labels = dict(labels or {})
        self.options = {k: dict(v) for k, v in (options or {}).items()}  # choice values → printed labels
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for i, w in enumerate((150, 90, 90, 150, 220)):
            self.table.setColumnWidth(i, w)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setObjectName("hint")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        self.rows: list[dict[str, Any]] = []

    def value(self, field: str | None, value: Any) -> str:
        if not field:
            return ""
        choices = self.options.get(field)
        if choices:
            if isinstance(value, list):
                return "、".join(choices.get(v, str(v)) for v in value) or "（空）"
            if value in choices:
                return choices[value]
        return display_value(field, value)

    def refresh(self) -> None:
        self.rows = list(reversed(self.load_rows()))  # newest first on screen
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = ((row.get("at") or "")[:19].replace("T", " "), row.get("operator") or "",
                     ACTION_LABELS.get(row["action"], row["action"]), field_label(row.get("field"), self.labels),
                     self.value(row.get("field"), row.get("old")), self.value(row.get("field"), row.get("new")))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(str(text))
                self.table.setItem(r, c, item)
        people = sorted({r.get("operator") or "" for r in self.rows} - {""})
        self.note.setText(f"共 {len(self.rows)} 项修改（最新的在上）；操作人：{'、'.join(people) or '—'}"
                          if self.rows else "还没有修改记录（保存后出现在这里）。")
