"""An id-backed table model that fetches its rows lazily, a page at a time, with an LRU cache
(Anki `qt/aqt/browser/table/model.py`): rowCount is the number of ids, and only the rows the
view paints are ever loaded. Smooth with 100,000 rows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # enum "|" is slow: once
PAGE_SIZE = 200
MAX_PAGES = 50  # 10,000 rows kept; a screen shows ~40


class Column(NamedTuple):
    key: str
    title: str
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    sort_key: str | None = None  # the service's sort name; None = not sortable


class LazyIdModel(QAbstractTableModel, Generic[Row]):
    columns: Sequence[Column] = ()

    def __init__(self, fetch_rows: Callable[[list[int]], dict[int, Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[Row | None]] = OrderedDict()
        self.fetches = 0  # pages loaded (tests and diagnostics)
        self._align = [int(c.align) for c in self.columns]

    # -- ids ---------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int | None:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return None

    def invalidate_rows(self) -> None:
        """Forget cached rows (data changed) and repaint; the ids stay."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def row(self, row: int) -> Row | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row % PAGE_SIZE]

    def _load_page(self, page_no: int) -> list[Row | None]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        fetched = self._fetch_rows(ids)
        self.fetches += 1
        page = [fetched.get(i) for i in ids]  # None: deleted meanwhile
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

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
        # Called for every role of every painted cell (~1,300 times a screen): the common
        # "nothing to say" roles return before any work.
        if role == _DISPLAY:
            row = self.row(index.row())
            if row is None:
                return "（已删除）" if index.column() == 0 else None
            return self.display(row, self.columns[index.column()].key)
        if role == _ALIGN:
            return self._align[index.column()]
        if role == _FOREGROUND or role == _TOOLTIP:
            row = self.row(index.row())
            if row is None:
                return None
            key = self.columns[index.column()].key
            return self.foreground(row, key) if role == _FOREGROUND else self.tooltip(row, key)
        return None

    def display(self, row: Row, key: str) -> str:
        value = getattr(row, key, None)
        return "" if value is None else str(value)

    def tooltip(self, row: Row, key: str) -> str | None:
        return None

    def foreground(self, row: Row, key: str) -> Any:
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS
