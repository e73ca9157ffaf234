"""The people list: ids from `search_people_ids`, rows fetched lazily by page (LazyIdModel).

Identity numbers and phones are masked (PIPL; DOMAIN §2) unless `revealed` is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from desktop_app.core.ids import mask_id
from desktop_app.core.phones import mask_phone
from desktop_app.gui.models.lazy import Column, LazyIdModel
from desktop_app.gui.widgets import ALIGN_CENTER, ALIGN_TEXT
from desktop_app.services import views
from desktop_app.services.views import PersonRow

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)


class PeopleModel(LazyIdModel[PersonRow]):
    columns = (
        Column("name", "姓名", ALIGN_TEXT, "name"),
        Column("gender", "性别", ALIGN_CENTER, "gender"),
        Column("id_number", "身份证号码", ALIGN_TEXT, "id_number"),
        Column("birth_date", "出生日期", ALIGN_CENTER, "birth_date"),
        Column("phone", "联系电话", ALIGN_TEXT, "phone"),
        Column("work_unit", "工作单位", ALIGN_TEXT, "work_unit"),
        Column("industry", "行业", ALIGN_TEXT, "industry"),
        Column("is_member", "工会会员", ALIGN_CENTER, None),
    )
    MASKED = ("id_number", "phone")

    def __init__(self, app: "App", parent: Any = None) -> None:
        super().__init__(self._rows, parent)
        self.app = app
        self.query = ""
        self.sort_key = "name"
        self.descending = False
        self.revealed = False
        self.total = 0
        self.loaded = False  # no ids asked for yet: sort() only records the order
        # Set by the people page: a new order is computed off the GUI thread (a first sort by a
        # column takes a second or two at 400,000 people); without it, sort() works in place.
        self.sort_runner: Callable[[tuple[str, bool]], None] | None = None

    def _rows(self, ids: list[int]) -> dict[int, PersonRow]:
        with self.app.session() as s:
            return views.people_rows(s, ids)

    # -- searching (find_ids may run on a worker thread; apply on the main thread) -------
    def find_ids(self, query: str | None = None, order: tuple[str, bool] | None = None) -> tuple[str, list[int], int]:
        query = self.query if query is None else query
        key, descending = order or (self.sort_key, self.descending)
        with self.app.session() as s:
            ids = views.people_ids(s, query, sort=key, descending=descending)
            total = len(ids) if not query.strip() else views.count_people(s)
        return query, ids, total

    def apply(self, result: tuple[str, list[int], int]) -> None:
        self.query, ids, self.total = result
        self.loaded = True
        self.set_ids(ids)

    def search(self, query: str) -> None:
        self.apply(self.find_ids(query))

    def refresh(self) -> None:
        self.apply(self.find_ids())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if not self.loaded:
            return
        if self.sort_runner is not None:
            self.sort_runner((key, descending))
            return
        self.layoutAboutToBeChanged.emit()
        with self.app.session() as s:
            self._ids = views.people_ids(s, self.query, sort=key, descending=descending)
        self._pages.clear()
        self.layoutChanged.emit()

    def set_revealed(self, revealed: bool) -> None:
        if revealed == self.revealed:
            return
        self.revealed = revealed
        log.info("people list: full identity numbers and phones %s", "shown" if revealed else "masked")
        with self.app.transaction() as s:
            views.log_reveal(s, "people_list", revealed)
        if self._ids:
            first = min(self.column_of(k) for k in self.MASKED)
            last = max(self.column_of(k) for k in self.MASKED)
            self.dataChanged.emit(self.index(0, first), self.index(len(self._ids) - 1, last))

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # -- display -----------------------------------------------------------------------
    def display(self, row: PersonRow, key: str) -> str:
        if key == "id_number":
            return row.id_number if self.revealed else mask_id(row.id_number)
        if key == "phone":
            if not row.phone:
                return ""
            return row.phone if self.revealed else mask_phone(row.phone)
        if key == "is_member":
            return {True: "是", False: "否"}.get(row.is_member, "")  # type: ignore[arg-type]
        if key == "birth_date":
            return row.birth_date.isoformat() if row.birth_date else ""
        return super().display(row, key)

    def tooltip(self, row: PersonRow, key: str) -> str | None:
        if key in self.MASKED and not self.revealed:
            return "号码已隐藏。勾选“显示完整号码”可查看（会记入操作日志）。"
        return None
