"""人员 — the people registry (实名制): search, sort, masked numbers unless revealed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop_app.gui import messages
from desktop_app.gui.models.people_model import PeopleModel
from desktop_app.gui.tasks import run_task
from desktop_app.gui.widgets import PageHeader, SearchBox, fmt_int, make_table, set_column_widths

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


class PeoplePage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.loaded = False
        from desktop_app.gui.changes import bus

        bus().changed.connect(self.on_data_changed)  # the one change signal (issue 12)
        self.header = PageHeader("人员名册", "每个身份证号码一条记录；各名册中的同一人都链接到这里")
        self.search = SearchBox("搜索姓名、工作单位，或身份证号码开头/末尾几位、手机号（Ctrl+F）")
        self.reveal = QCheckBox("显示完整号码")
        self.reveal.setToolTip("身份证号码和电话默认部分隐藏；显示完整号码会记入操作日志")
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        self.header.controls.addWidget(self.search)
        self.header.controls.addWidget(self.reveal)
        from desktop_app.gui.excel.entry import add_people_button  # 从 Excel 导入…

        self.import_button = add_people_button(self)

        self.model = PeopleModel(app, self)
        self.model.sort_runner = self.sort_in_background
        self.table = make_table(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, [110, 56, 190, 100, 130, 260, 110, 80])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        from desktop_app.gui.widgets import on_open

        on_open(self.table, self.open_index)  # double-click or Enter: 一人一档 (issue 12)
        self.search.search.connect(self.run_search)
        self.reveal.toggled.connect(self.model.set_revealed)
        self.model.modelReset.connect(self.update_count)
        self.model.layoutChanged.connect(self.update_count)
        self.count.setText("正在载入人员名单……")

    def open_index(self, index: QModelIndex) -> None:
        person_id = self.model.id_at(index.row())
        if person_id is not None:
            from desktop_app.gui.person_view import open_person

            self.person_dialog = open_person(self.app, person_id, self)

    @Slot(str)
    def on_data_changed(self, what: str) -> None:
        """The one change signal (gui.changes): the list follows while shown."""
        if self.loaded and self.isVisible() and what in ("people", "records", "all"):
            self.model.refresh()

    def activated(self) -> None:
        if not self.loaded:
            self.loaded = True
            # The first load builds the search index (~0.3 s at 100,000 people): off the GUI thread.
            query = self.search.text()
            run_task(self, "正在载入人员名单……", lambda progress: self.model.find_ids(query),
                     self._loaded, self._load_failed)
        else:
            self.model.refresh()

    def _loaded(self, result: tuple[str, list[int], int]) -> None:
        if result[0] == self.search.text():
            self.model.apply(result)
        else:  # typed while loading
            self.model.search(self.search.text())

    def _load_failed(self, exc: BaseException) -> None:
        self.loaded = False
        self.count.setText("人员名单载入失败。")
        messages.show_error(self, exc)

    def sort_in_background(self, order: tuple[str, bool]) -> None:
        """A header click: the new order is computed on a worker; the list keeps its rows until
        it arrives, and a later click or search supersedes it."""
        query = self.model.query
        self.count.setText("正在排序……")
        run_task(self, "正在排序……", lambda progress: self.model.find_ids(query, order),
                 lambda result: self._sorted(order, result), self._sort_failed)

    def _sorted(self, order: tuple[str, bool], result: tuple[str, list[int], int]) -> None:
        if order == (self.model.sort_key, self.model.descending) and result[0] == self.model.query:
            self.model.apply(result)
        else:
            self.update_count()

    def _sort_failed(self, exc: BaseException) -> None:
        self.update_count()
        messages.show_error(self, exc)

    def run_search(self, text: str) -> None:
        try:
            self.model.search(text)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)

    def update_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.query.strip():
            self.count.setText(f"找到 {fmt_int(shown)} 人（共 {fmt_int(self.model.total)} 人）")
        else:
            self.count.setText(f"共 {fmt_int(shown)} 人")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
