"""A report table (``documents.report_model.Table``) as a Qt table model: the same cells as the
PDF and the workbook (1,234 / 9,000.00 / 75.0%), numbers right-aligned, the total row bold,
and a sort key per cell so the 统计 page can sort by any column (the total row stays last)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_app.documents.report_model import Table

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self._rows: list[list[Any]] = []

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self.table = table
        self._rows = (table.rows + ([table.total] if table.total else [])) if table else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def is_total(self, row: int) -> bool:
        return self.table is not None and self.table.total is not None and row == len(self._rows) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        value = self._rows[index.row()][index.column()]
        kind = self.table.kinds[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.text(value, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horiz = Qt.AlignmentFlag.AlignLeft if kind == "text" else Qt.AlignmentFlag.AlignRight
            return int(horiz | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.table.columns[section]
        return None
