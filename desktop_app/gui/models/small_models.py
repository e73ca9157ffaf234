"""Small in-memory table models: the year's projects (home page) and the units list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.gui.models.lazy import Column
from desktop_app.gui.widgets import ALIGN_CENTER, ALIGN_NUM, ALIGN_TEXT, PROGRESS_ROLE, fmt_int, fmt_ratio, fmt_yuan
from desktop_app.services.views import ProjectRow, UnitRow

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class RowsModel(QAbstractTableModel, Generic[Row]):
    columns: Sequence[Column] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == SORT_ROLE:
            return self.sort_value(row, col.key)
        return self.extra(row, col.key, role)

    def display(self, row: Row, key: str) -> str:
        value = getattr(row, key, None)
        return "" if value is None else str(value)

    def sort_value(self, row: Row, key: str) -> Any:
        value = getattr(row, key, None)
        return "" if value is None else value

    def extra(self, row: Row, key: str, role: int) -> Any:
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


def target_of(row: ProjectRow) -> int:
    """What progress is measured against: at a town the district's allocation to it, when one
    was received (issue 13), else the project's quota."""
    return row.allocation if row.allocation is not None and row.own_share else row.quota


def progress_text(row: ProjectRow) -> str:
    return f"{fmt_int(row.headcount)} / {fmt_int(target_of(row))}"


def progress_fraction(row: ProjectRow) -> float:
    target = target_of(row)
    return min(1.0, row.headcount / target) if target else 0.0


class ProjectsModel(RowsModel[ProjectRow]):
    columns = (
        Column("code", "项目代码", ALIGN_TEXT),
        Column("short_name", "项目", ALIGN_TEXT),
        Column("quota", "目标数", ALIGN_NUM),
        Column("allocation", "分配名额", ALIGN_NUM),
        Column("progress", "完成进度", ALIGN_CENTER),
        Column("percent", "完成率", ALIGN_NUM),
        Column("subsidy", "已承诺补助（元）", ALIGN_NUM),
        Column("records", "记录数", ALIGN_NUM),
    )

    def display(self, row: ProjectRow, key: str) -> str:
        if key == "quota":
            return f"{fmt_int(row.quota)} {row.quota_unit}"
        if key == "allocation":
            return "—" if row.allocation is None else f"{fmt_int(row.allocation)} {row.quota_unit}"
        if key == "progress":
            return progress_text(row)
        if key == "percent":
            return fmt_ratio(progress_fraction(row)) if target_of(row) else "—"
        if key == "subsidy":
            return fmt_yuan(row.subsidy_fen)
        if key == "records":
            return fmt_int(row.records)
        return super().display(row, key)

    def sort_value(self, row: ProjectRow, key: str) -> Any:
        return {"progress": row.headcount, "percent": progress_fraction(row), "subsidy": row.subsidy_fen,
                "records": row.records, "allocation": -1 if row.allocation is None else row.allocation,
                }.get(key, getattr(row, key, ""))

    def extra(self, row: ProjectRow, key: str, role: int) -> Any:
        if key == "progress" and role == PROGRESS_ROLE:
            return progress_fraction(row)
        if (key == "allocation" and role == Qt.ItemDataRole.ForegroundRole and not row.own_share
                and row.allocation is not None and row.quota and row.allocation > row.quota):
            return QColor("#b91c1c")  # the district's shares pass the quota (R-QUOTA-1)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("short_name", "code"):
                return row.name
            if key == "records":
                return f"计入进度 {row.counted_records} 条（待盖章及以后）；全部 {row.records} 条（含草稿、退回）"
            if key == "progress":
                against = "区总工会分配给本单位的名额" if row.allocation is not None and row.own_share else "项目目标数"
                return f"对照{against}；计入进度的是待盖章、已报送、已通过、已结算的记录（草稿和已退回的不计）"
            if key == "allocation":
                return "区总工会分配的名额（随审核结果包下发；区总工会为各街镇分配合计）"
        return None

    def code_at(self, row: int) -> str | None:
        return self.rows[row].code if 0 <= row < len(self.rows) else None


class UnitsModel(RowsModel[UnitRow]):
    columns = (
        Column("name", "单位名称", ALIGN_TEXT),
        Column("credit_code", "统一社会信用代码", ALIGN_TEXT),
        Column("ownership", "企业性质", ALIGN_TEXT),
        Column("contact", "联系人", ALIGN_TEXT),
        Column("phone", "联系电话", ALIGN_TEXT),
        Column("address", "地址", ALIGN_TEXT),
    )

    revealed = False  # contact phones are often personal mobiles: masked like people's (PIPL)

    def sort_value(self, row: UnitRow, key: str) -> Any:
        if key in ("name", "contact", "address", "ownership"):  # Chinese text: pinyin order
            from desktop_app.core.collation import pinyin_key

            return pinyin_key(getattr(row, key))
        return super().sort_value(row, key)

    def display(self, row: UnitRow, key: str) -> str:
        if key == "phone" and row.phone and not self.revealed:
            from desktop_app.core.phones import mask_phone

            return mask_phone(row.phone)
        return super().display(row, key)

    def set_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        if self.rows:
            col = next(i for i, c in enumerate(self.columns) if c.key == "phone")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None
