"""项目 — the year's practical projects: quota, progress, subsidy committed, records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.models.small_models import SORT_ROLE, ProjectsModel
from desktop_app.gui.permissions import gate
from desktop_app.gui.widgets import (
    PageHeader,
    ProgressDelegate,
    fmt_int,
    fmt_yuan,
    make_table,
    on_open,
    set_column_widths,
    stretch_column,
)
from desktop_app.services import views
from desktop_app.services.catalog import copy_year, review_list, years

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    value = QLabel("—")
    value.setObjectName("cardValue")
    caption = QLabel(title)
    caption.setObjectName("cardTitle")
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 10, 14, 10)
    box.addWidget(value)
    box.addWidget(caption)
    return frame, value


class HomePage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.window_ = window
        from desktop_app.gui.changes import bus

        bus().changed.connect(self.on_data_changed)  # the one change signal (issue 12)
        self.today: Callable[[], dt.date] = dt.date.today
        self.header = PageHeader("年度实事项目", "双击项目查看它的申请、名册和登记记录")
        self.year = QComboBox()
        self.year.setMinimumWidth(110)
        self.edit_button = QPushButton("编辑项目…")
        self.edit_button.setToolTip("修改所选项目的名称、名额、时间和补助标准等参数")
        self.allocate_button = QPushButton("名额分配…")
        self.allocate_button.setToolTip("把各项目的名额分配给各街镇（随审核结果包下发）")
        self.copy_button = QPushButton("复制到下一年度…")
        self.copy_button.setToolTip("把本年度的项目（名额、补助标准、时间）复制为下一年度，再逐项修改")
        self.open_button = QPushButton("查看记录")
        self.open_button.setObjectName("primary")
        self.header.controls.addWidget(QLabel("年度："))
        self.header.controls.addWidget(self.year)
        self.header.controls.addWidget(self.edit_button)
        self.header.controls.addWidget(self.allocate_button)
        self.header.controls.addWidget(self.copy_button)
        self.header.controls.addWidget(self.open_button)

        # No catalogue for the year shown (typically the current year): offer a copy.
        self.banner = QFrame()
        self.banner.setObjectName("card")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.create_button = QPushButton("复制创建…")
        self.create_button.setObjectName("primary")
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(14, 8, 14, 8)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.create_button)
        self.banner.setVisible(False)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        f1, self.card_projects = _card("本年度项目")
        f2, self.card_people = _card("已计入人次（待盖章及以后）")
        f3, self.card_subsidy = _card("已承诺补助（元）")
        f4, self.card_records = _card("记录总数（含草稿）")
        for f in (f1, f2, f3, f4):
            cards.addWidget(f)

        self.model = ProjectsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = make_table(self, row_height=34)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        progress_col = next(i for i, c in enumerate(self.model.columns) if c.key == "progress")
        self.table.setItemDelegateForColumn(progress_col, ProgressDelegate(self.table))
        set_column_widths(self.table, [96, 180, 80, 80, 130, 60, 130, 60])
        self.table.horizontalHeader().setStretchLastSection(False)
        stretch_column(self.table, 1, 180)  # 项目 fills the width, never squeezed away
        self.note = QLabel("进度只计入待盖章、已报送、已通过、已结算的记录；草稿和已退回的记录不计。")
        self.note.setObjectName("hint")

        from desktop_app.gui.plan.todo_board import TodoBoard

        self.board = TodoBoard(app, lambda: self.today())
        self.board.setMinimumWidth(330)
        self.board.setMaximumWidth(400)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.table, 1)
        body.addWidget(self.board)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addLayout(cards)
        layout.addLayout(body, 1)
        layout.addWidget(self.note)
        self.offsite = QLabel()  # 最近一次异地备份… (issue 17): a year's work must not live on one disk only
        self.offsite.setObjectName("hint")
        self.offsite.setWordWrap(True)
        layout.addWidget(self.offsite)

        self.year.currentIndexChanged.connect(lambda _i: self.load_projects())
        on_open(self.table, self.open_index)
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button.clicked.connect(self.copy_to_next_year)
        self.edit_button.clicked.connect(self.edit_selected)
        self.allocate_button.clicked.connect(self.edit_allocations)
        self.create_button.clicked.connect(self.create_current_year)
        self.board.open_record.connect(self.open_record)
        self.board.open_project.connect(self.open_project)
        if window is not None:
            self.board.counted.connect(lambda n: window.set_nav_count("home", n))
        self.refresh()

    # -- data ------------------------------------------------------------------------------
    def selected_year(self) -> int | None:
        value = self.year.currentData()
        return int(value) if value is not None else None

    def refresh_offsite(self) -> None:
        from desktop_app.services.backups import offsite_line

        self.offsite.setText(offsite_line(self.app.data_dir))

    def refresh(self) -> None:
        self.refresh_offsite()
        keep = self.selected_year()
        with self.app.session() as s:
            self.catalog_years = years(s)
        current = self.today().year
        # The current year is always offered: opened first, with a copy offer when it has no catalogue.
        shown = sorted(set(self.catalog_years) | {current}, reverse=True)
        self.year.blockSignals(True)
        self.year.clear()
        for y in shown:
            self.year.addItem(f"{y} 年" if y in self.catalog_years else f"{y} 年（无目录）", y)
        self.year.blockSignals(False)
        target = keep if keep in shown else current
        self.year.setCurrentIndex(shown.index(target))
        self.load_projects()

    def load_projects(self) -> None:
        year = self.selected_year()
        with self.app.session() as s:
            rows = views.project_rows(s, year) if year is not None else []
        self.model.set_rows(rows)
        self.card_projects.setText(fmt_int(len(rows)))
        self.card_people.setText(fmt_int(sum(r.headcount for r in rows)))
        self.card_subsidy.setText(fmt_yuan(sum(r.subsidy_fen for r in rows)))
        self.card_records.setText(fmt_int(sum(r.records for r in rows)))
        self.copy_button.setEnabled(bool(rows))
        self.edit_button.setEnabled(bool(rows))
        office = self.app.office()
        self.allocate_button.setVisible(bool(office and office.is_district))
        self.allocate_button.setEnabled(bool(rows))
        gate(self.app, "catalogue", self.edit_button, self.allocate_button, self.copy_button,
             self.create_button)  # issue 15: the role
        self.header.title.setText(f"{year} 年度实事项目" if year else "年度实事项目")
        source = self.copy_source(year)
        self.banner.setVisible(not rows and source is not None)
        if source is not None:
            self.banner_text.setText(
                f"<b>{year} 年度还没有项目目录。</b>可以从 {source} 年度复制创建：项目、名额、补助标准和时间一并复制"
                f"（日期顺延），复制后请逐项核对新年度的数字。")
            self.create_button.setText(f"从 {source} 年度复制创建…")
        self.board.load(year)

    @Slot(str)
    def on_data_changed(self, what: str) -> None:
        """The one change signal (gui.changes): progress and the board follow while shown."""
        if self.isVisible() and self.year.count():
            self.load_projects()

    def activated(self) -> None:
        self.refresh_offsite()
        if self.year.count():  # built already: progress and the board may have moved
            self.load_projects()

    def copy_source(self, year: int | None) -> int | None:
        """The latest year with a catalogue before `year`, when `year` has none."""
        if year is None or year in self.catalog_years:
            return None
        earlier = [y for y in self.catalog_years if y < year]
        return max(earlier) if earlier else None

    # -- actions ---------------------------------------------------------------------------
    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.project_code_at(rows[0]) if rows else None

    def edit_selected(self) -> None:
        code = self.selected_code()
        if code is None:
            messages.info(self, "请先在列表中选择一个项目。")
            return
        from desktop_app.gui.plan.project_editor import ProjectEditDialog

        dialog = ProjectEditDialog(self.app, code, self)
        if dialog.exec():
            self.load_projects()

    def edit_allocations(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        from desktop_app.gui.plan.allocation_grid import AllocationDialog

        if AllocationDialog(self.app, year, self).exec():
            self.load_projects()

    def open_record(self, record_id: int) -> None:
        from desktop_app.gui.pages import record_actions as actions
        from desktop_app.services.deadlines import record_target

        with self.app.session() as s:
            target = record_target(s, record_id)
        if target is None:
            messages.info(self, f"找不到编号为 {record_id} 的记录。")
            return
        actions.open_editor(self, self.app, record_id, target[0], target[1], lambda _id: self.load_projects())

    def open_project(self, code: str) -> None:
        if self.window_ is not None:
            self.window_.open_records(code)

    def create_current_year(self) -> None:
        year = self.selected_year()
        source = self.copy_source(year)
        if year is None or source is None:
            return
        if not messages.confirm(
            self, f"从 {source} 年度复制创建 {year} 年度的项目目录？\n\n名额、补助标准和时间一并复制（日期顺延），"
                  "复制后请逐项核对新年度的数字。", "创建年度目录"):
            return
        self._copy(source, year)

    def _copy(self, source: int, target: int) -> None:
        try:
            with self.app.transaction() as s:
                created = copy_year(s, source, target)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese (ServiceError) or as a crash
            messages.show_error(self, exc)
            return
        self.refresh()
        index = self.year.findData(target)
        if index >= 0:
            self.year.setCurrentIndex(index)
        if not created:
            messages.info(self, f"{target} 年度的项目已经存在，没有新建。")
            return
        with self.app.session() as s:
            review = review_list(s, target)
        self.last_review = review
        messages.info(self, f"已创建 {target} 年度项目 {len(created)} 个。请用“编辑项目…”逐项核对：\n\n"
                      + "\n".join(review), "请核对新年度的数字")

    def project_code_at(self, proxy_index: QModelIndex) -> str | None:
        return self.model.code_at(self.proxy.mapToSource(proxy_index).row())

    def open_index(self, proxy_index: QModelIndex) -> None:
        code = self.project_code_at(proxy_index)
        if code and self.window_ is not None:
            self.window_.open_records(code)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先在列表中选择一个项目。")
            return
        self.open_index(rows[0])

    def copy_to_next_year(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        target = year + 1
        if not messages.confirm(
            self, f"把 {year} 年度的 {self.model.rowCount()} 个项目复制为 {target} 年度？\n\n"
                  f"名额、补助标准和时间一并复制（日期顺延一年），已存在的 {target} 年度项目不会重复创建。"
                  "复制后请逐项核对新年度的数字。",
            "复制到下一年度",
        ):
            return
        self._copy(year, target)
