"""项目 — the year's practical projects: quota, progress, subsidy committed, records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.models.small_models import SORT_ROLE, ProjectsModel
from desktop_app.gui.widgets import (
    PageHeader,
    ProgressDelegate,
    fmt_int,
    fmt_yuan,
    make_table,
    on_open,
    set_column_widths,
)
from desktop_app.services import views
from desktop_app.services.catalog import copy_year, years

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
        self.header = PageHeader("年度实事项目", "双击项目查看它的申请、名册和登记记录")
        self.year = QComboBox()
        self.year.setMinimumWidth(110)
        self.copy_button = QPushButton("复制到下一年度…")
        self.copy_button.setToolTip("把本年度的项目（名额、补助标准、时间）复制为下一年度，再逐项修改")
        self.open_button = QPushButton("查看记录")
        self.open_button.setObjectName("primary")
        self.header.controls.addWidget(QLabel("年度："))
        self.header.controls.addWidget(self.year)
        self.header.controls.addWidget(self.copy_button)
        self.header.controls.addWidget(self.open_button)

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
        self.table.setItemDelegateForColumn(3, ProgressDelegate(self.table))
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        set_column_widths(self.table, [110, 260, 100, 220, 80, 140, 80])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.note = QLabel("进度只计入待盖章、已报送、已通过、已结算的记录；草稿和已退回的记录不计。")
        self.note.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(cards)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.offsite = QLabel()  # 最近一次异地备份… (issue 17): a year's work must not live on one disk only
        self.offsite.setObjectName("hint")
        self.offsite.setWordWrap(True)
        layout.addWidget(self.offsite)

        self.year.currentIndexChanged.connect(lambda _i: self.load_projects())
        on_open(self.table, self.open_index)
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button.clicked.connect(self.copy_to_next_year)
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
            all_years = years(s)
        self.year.blockSignals(True)
        self.year.clear()
        for y in all_years:
            self.year.addItem(f"{y} 年", y)
        self.year.blockSignals(False)
        if all_years:
            # Default: the latest year that has records, else the latest year.
            target = keep if keep in all_years else self._default_year(all_years)
            self.year.setCurrentIndex(all_years.index(target))
        self.load_projects()

    def _default_year(self, all_years: list[int]) -> int:
        with self.app.session() as s:
            busy = views.years_with_records(s)
        return next((y for y in all_years if y in busy), all_years[0])

    def load_projects(self) -> None:
        year = self.selected_year()
        with self.app.session() as s:
            rows = views.project_rows(s, year) if year is not None else []
        self.model.set_rows(rows)
        self.card_projects.setText(fmt_int(len(rows)))
        self.card_people.setText(fmt_int(sum(r.headcount for r in rows)))
        self.card_subsidy.setText(fmt_yuan(sum(r.subsidy_fen for r in rows)))
        self.card_records.setText(fmt_int(sum(r.records for r in rows)))
        self.copy_button.setEnabled(year is not None)
        self.header.title.setText(f"{year} 年度实事项目" if year else "年度实事项目")

    def activated(self) -> None:
        self.refresh_offsite()
        if self.model.rows:
            self.load_projects()

    # -- actions ---------------------------------------------------------------------------
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
        try:
            with self.app.transaction() as s:
                created = copy_year(s, year, target)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese (ServiceError) or as a crash
            messages.show_error(self, exc)
            return
        self.refresh()
        index = self.year.findData(target)
        if index >= 0:
            self.year.setCurrentIndex(index)
        messages.info(self, f"已创建 {target} 年度项目 {len(created)} 个。" if created
                      else f"{target} 年度的项目已经存在，没有新建。")
