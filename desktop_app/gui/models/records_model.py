"""The records list of a project: ids from `list_record_ids` (filters), rows fetched lazily."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app.core import status as st
from desktop_app.gui.models.lazy import Column, LazyIdModel
from desktop_app.gui.widgets import ALIGN_CENTER, ALIGN_NUM, ALIGN_TEXT, fmt_date, fmt_int, fmt_yuan
from desktop_app.services import views
from desktop_app.services.views import RecordRow

if TYPE_CHECKING:
    from desktop_app.services.app import App

STATUS_COLOURS = {
    st.DRAFT.key: "#6b7280", st.READY.key: "#b45309", st.SUBMITTED.key: "#1d4ed8",
    st.APPROVED.key: "#15803d", st.RETURNED.key: "#b91c1c", st.SETTLED.key: "#4b5563", st.VOIDED.key: "#9ca3af",
}


@dataclass
class RecordFilters:
    project_code: str | None = None
    form_code: str | None = None
    status: str | None = None
    unit_name: str | None = None
    origin: str | None = None  # a town's code (district office: 街镇 filter)
    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    hide_voided: bool = True  # 已作废 records only under their own status filter

    def as_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class RecordList:
    ids: list[int] = field(default_factory=list)
    headcount: int = 0
    subsidy_fen: int = 0


class RecordsModel(LazyIdModel[RecordRow]):
    columns = (
        Column("id", "编号", ALIGN_NUM, "id"),
        Column("form", "表单", ALIGN_TEXT, "form_code"),
        Column("unit_name", "单位", ALIGN_TEXT, "unit_name"),
        Column("status", "状态", ALIGN_CENTER, "status"),
        Column("headcount", "人数", ALIGN_NUM, "headcount"),
        Column("subsidy", "补助（元）", ALIGN_NUM, "subsidy_fen"),
        Column("record_date", "填表日期", ALIGN_CENTER, "record_date"),
        Column("updated_at", "最后修改", ALIGN_CENTER, "updated_at"),
    )

    def __init__(self, app: "App", parent: Any = None, *, district: bool = False) -> None:
        if district:  # the district's list says which town each record came from
            self.columns = (self.columns[0], Column("town", "街镇", ALIGN_TEXT, "origin"), *self.columns[1:])
        self.town_names: dict[str, str] = {}
        super().__init__(self._rows, parent)
        self.app = app
        self.filters = RecordFilters()
        self.sort_key = "id"
        self.descending = False
        self.headcount = 0
        self.subsidy_fen = 0
        self.form_titles: dict[str, str] = {}
        # A record's title carries its project's year, never today's (issue 13).
        self.project_years: dict[str, int] = {}

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def _rows(self, ids: list[int]) -> dict[int, RecordRow]:
        with self.app.session() as s:
            return views.record_rows(s, ids)

    def find(self, filters: RecordFilters | None = None) -> RecordList:
        filters = filters or self.filters
        with self.app.session() as s:
            ids = views.record_ids(s, sort=self.sort_key, descending=self.descending, **filters.as_kwargs())
            head, fen = views.record_totals(s, ids)
        return RecordList(ids, head, fen)

    def apply(self, result: RecordList, filters: RecordFilters | None = None) -> None:
        if filters is not None:
            self.filters = filters
        self.headcount, self.subsidy_fen = result.headcount, result.subsidy_fen
        self.set_ids(result.ids)

    def load(self, filters: RecordFilters) -> None:
        self.apply(self.find(filters), filters)

    def refresh(self) -> None:
        self.apply(self.find())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        with self.app.session() as s:
            self._ids = views.record_ids(s, sort=key, descending=self.descending, **self.filters.as_kwargs())
        self._pages.clear()
        self.layoutChanged.emit()

    def display(self, row: RecordRow, key: str) -> str:
        if key == "id":
            return str(row.id)
        if key == "town":
            return self.town_names.get(row.origin or "", row.origin or "本单位")
        if key == "form":
            spec = self.app.specs.get(row.form_code)
            year = self.project_years.get(row.project_code)
            title = spec.title_for(year) if spec is not None and year else self.form_titles.get(row.form_code)
            return f"{row.form_code} {title}" if title else row.form_code
        if key == "status":
            return row.status_label + ("（有错误）" if row.errors and row.status in (st.DRAFT.key, st.RETURNED.key) else "")
        if key == "headcount":
            return fmt_int(row.headcount)
        if key == "subsidy":
            return fmt_yuan(row.subsidy_fen)
        if key in ("record_date", "updated_at"):
            return fmt_date(getattr(row, key))
        return super().display(row, key)

    def tooltip(self, row: RecordRow, key: str) -> str | None:
        if key == "status" and row.status_reason:
            what = "退回原因" if row.status == st.RETURNED.key else "审核意见"
            return f"{what}：{row.status_reason}"
        return None

    def foreground(self, row: RecordRow, key: str) -> Any:
        if key == "status":
            return QColor(STATUS_COLOURS.get(row.status, "#000000"))
        return None

    def status_of(self, row: int) -> str | None:
        r = self.row(row)
        return r.status if r else None
