"""表单与申请 — a project's records: filters, lazy list with a totals line, status changes,
double-click or Enter opens the record in the form editor (gui/forms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import status as st
from desktop_app.gui import messages
from desktop_app.gui.models.records_model import RecordFilters, RecordsModel
from desktop_app.gui.pages import record_actions as actions
from desktop_app.gui.permissions import check, gate
from desktop_app.gui.widgets import (
    SEARCH_DEBOUNCE_MS,
    PageHeader,
    SearchBox,
    WrapBar,
    fmt_int,
    fmt_yuan,
    make_table,
    on_open,
    set_column_widths,
    stretch_column,
)
from desktop_app.services import views

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setEnabled(False)
    return edit


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    for w in widgets:
        lay.addWidget(w)
    return box


class RecordsPage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.window_ = window
        from desktop_app.gui.changes import bus

        bus().changed.connect(self.on_data_changed)  # the one change signal (issue 12)
        self.side = actions.office_side(app)  # "town" or "any" (district): which status acts apply
        self.projects: dict[str, tuple[str, int, tuple[str, ...]]] = {}
        self.header = PageHeader("表单与申请", "每个项目的申请表、名册、登记记录；双击或按回车打开")
        self.project = QComboBox()
        self.project.setMinimumWidth(320)
        self.search = SearchBox("搜索单位名称或表单代码（Ctrl+F）")
        self.search.setMinimumWidth(240)
        self.header.controls.addWidget(QLabel("项目："))
        self.header.controls.addWidget(self.project)
        self.header.controls.addSpacing(8)
        self.header.controls.addWidget(self.search)

        self.form = QComboBox()
        self.status = QComboBox()
        self.status.addItem("全部状态（不含已作废）", None)
        for key, label in st.labels().items():
            self.status.addItem(label, key)
        office = app.office()
        self.district = bool(office and office.is_district)
        # District office: which town sent the record (column and filter).
        self.town = QComboBox()
        self.town.addItem("全部街镇", None)
        if self.district:
            with app.session() as s:
                towns = views.town_choices(s)
            for code, name in towns:
                self.town.addItem(f"{name}（{code}）", code)
        self.town_names = {code: name for code, name in towns} if self.district else {}
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setMinimumWidth(180)
        self.unit.lineEdit().setPlaceholderText("全部单位")
        self.by_date = QCheckBox("填表日期")
        today = QDate.currentDate()
        self.date_from = _date_edit(QDate(today.year(), 1, 1))
        self.date_to = _date_edit(today)
        self.form.setMinimumWidth(220)
        self.form.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Label and field stay together when the filter line wraps on a narrow screen.
        filters = WrapBar(self, spacing=12)
        for pair in ((QLabel("表单："), self.form), (QLabel("状态："), self.status),
                     (QLabel("单位："), self.unit), (QLabel("街镇："), self.town),
                     (self.by_date, self.date_from, QLabel("至"), self.date_to)):
            if pair[-1] is self.town and not self.district:
                continue
            filters.add(_row(*pair))

        self.model = RecordsModel(app, self, district=self.district)
        self.model.town_names = self.town_names
        self.table = make_table(self)
        self.table.setModel(self.model)
        widths = [64, 300, 240, 110, 70, 110, 100, 140]
        set_column_widths(self.table, [64, 120, *widths[1:]] if self.district else widths)
        self.table.horizontalHeader().setStretchLastSection(False)
        stretch_column(self.table, self.model.column_of("unit_name"), 160)  # 单位 fills the width
        self.totals = QLabel()
        self.totals.setObjectName("totals")

        self.new_button = QPushButton("新建…")
        self.new_button.setObjectName("primary")
        self.open_button = QPushButton("打开")
        # One bar that wraps onto a second line on a narrow screen (no button text cut).
        self.button_bar = WrapBar(self)
        self.button_bar.add(self.new_button, self.open_button)
        self.status_buttons: dict[str, QPushButton] = {}
        for status, label in actions.STATUS_ACTIONS:
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, s=status: self.change_status(s))
            self.status_buttons[status] = b
            self.button_bar.add(b)
        self.void_button = QPushButton("作废…")
        self.void_button.setToolTip("作废选中的记录（须写原因；已作废的记录在“已作废”筛选下仍可查看）")
        self.void_button.clicked.connect(self.void_selected)
        self.delete_button = QPushButton("删除")
        self.delete_button.setToolTip("只能删除从未打印、从未报送的草稿；其他记录请作废")
        self.delete_button.clicked.connect(self.delete_selected)
        self.button_bar.add(self.void_button, self.delete_button)
        from desktop_app.gui.excel.entry import (
            add_records_buttons,  # 导入/导出名册、导出列表、空白模板
        )

        excel_row = QHBoxLayout()
        self.excel = add_records_buttons(self, excel_row)
        self.button_bar.absorb(excel_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        from desktop_app.gui.printing.hooks import (
            add_page_buttons,  # 打印预览、批量打印、空白表、核验纸质表
        )

        self.button_bar.absorb(add_page_buttons(self))
        layout.addWidget(self.button_bar)

        self._load_projects()
        self.project.currentIndexChanged.connect(lambda _i: self.project_changed())
        for combo in (self.form, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self._unit_timer = QTimer(self)
        self._unit_timer.setSingleShot(True)
        self._unit_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._unit_timer.timeout.connect(self.reload)
        self.unit.currentTextChanged.connect(lambda _t: self._unit_timer.start())
        self.town.currentIndexChanged.connect(lambda _i: self.reload())
        self.by_date.toggled.connect(self._date_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.reload())
        self.search.search.connect(lambda _t: self.reload())
        on_open(self.table, self.open_index)  # double-click or Enter
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.modelReset.connect(self.update_buttons)
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(self.open_selected)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_record)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.project_changed()

    # -- projects and filters --------------------------------------------------------------
    def _load_projects(self) -> None:
        with self.app.session() as s:
            choices = views.project_choices(s)
        self.project.blockSignals(True)
        self.project.clear()
        self.project.addItem("全部项目", None)
        for code, name, year, forms in choices:
            self.projects[code] = (name, year, forms)
            self.model.project_years[code] = year
            self.project.addItem(f"{year} · {name}（{code}）", code)
        self.project.blockSignals(False)

    def project_code(self) -> str | None:
        return self.project.currentData()

    def set_project(self, code: str) -> None:
        index = self.project.findData(code)
        if index >= 0 and index != self.project.currentIndex():
            self.project.setCurrentIndex(index)  # → project_changed
        else:
            self.reload()
        self.table.setFocus()

    def form_titles(self, codes: tuple[str, ...] | None = None, year: int | None = None) -> dict[str, str]:
        specs = self.app.specs
        codes = codes if codes is not None else tuple(specs)
        if year is None:  # several projects, several years: the title without a year
            return {c: specs[c].title.replace("{year} 年", "").replace("{year}年", "").replace("{year}", "").strip()
                    for c in codes if c in specs}
        return {c: specs[c].title_for(year) for c in codes if c in specs}

    def project_changed(self) -> None:
        code = self.project_code()
        name, year, forms = self.projects.get(code, ("", None, ())) if code else ("", None, ())
        titles = self.form_titles(forms if code else None, year)
        self.model.form_titles = titles
        self.form.blockSignals(True)
        self.form.clear()
        self.form.addItem("全部表单", None)
        for c, title in titles.items():
            self.form.addItem(f"{c} {title}", c)
        self.form.blockSignals(False)
        with self.app.session() as s:
            units = views.record_unit_names(s, code)
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("")
        self.unit.addItems(units)
        self.unit.blockSignals(False)
        if year:  # the date filter's range follows the project's year
            for edit, date in ((self.date_from, QDate(year, 1, 1)), (self.date_to, QDate(year, 12, 31))):
                edit.blockSignals(True)
                edit.setDate(date)
                edit.blockSignals(False)
        self.header.title.setText(f"表单与申请 — {name}" if code else "表单与申请 — 全部项目")
        self.new_button.setEnabled(bool(code))
        self.new_button.setToolTip("" if code else "请先选择一个项目")
        gate(self.app, "records", self.new_button)
        self.reload()

    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def current_filters(self) -> RecordFilters:
        on = self.by_date.isChecked()
        return RecordFilters(
            project_code=self.project_code(),
            form_code=self.form.currentData(),
            status=self.status.currentData(),
            unit_name=self.unit.currentText().strip() or None,
            origin=self.town.currentData() if self.district else None,
            query=self.search.text(),
            date_from=self.date_from.date().toPython() if on else None,
            date_to=self.date_to.date().toPython() if on else None,
        )

    def reload(self) -> None:
        self.model.load(self.current_filters())
        self.update_totals()

    def update_totals(self) -> None:
        m = self.model
        self.totals.setText(f"合计：{fmt_int(m.rowCount())} 条记录　　人数 {fmt_int(m.headcount)}"
                            f"　　补助 {fmt_yuan(m.subsidy_fen)} 元")

    @Slot(str)
    def on_data_changed(self, what: str) -> None:
        """The one change signal (gui.changes): save, status, void, import, packages."""
        if not self.isVisible() or what not in ("records", "all"):
            return  # activated() refreshes when the page is shown again
        ids = self.selected_ids()
        self.model.refresh()
        self.update_totals()
        self.select_ids(ids)
        self.update_buttons()

    def activated(self) -> None:
        if self.model.rowCount() or self.project_code():
            self.model.refresh()
            self.update_totals()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- selection and actions -------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [rid for rid in (self.model.id_at(r) for r in rows) if rid is not None]

    def selected_statuses(self) -> list[str]:
        rows = (i.row() for i in self.table.selectionModel().selectedRows())
        return [s for s in (self.model.status_of(r) for r in rows) if s]

    def update_buttons(self) -> None:
        current = self.selected_statuses()
        self.open_button.setEnabled(len(current) == 1)
        self.void_button.setVisible(self.side == "town")
        self.delete_button.setVisible(self.side == "town")
        self.void_button.setEnabled(actions.can_void(current, self.side))
        self.delete_button.setEnabled(actions.can_delete(current, self.side))
        for status, button in self.status_buttons.items():
            # at a town only the town's acts: the district's answers come with its return package
            button.setVisible(self.side != "town" or status in actions.TOWN_ACTIONS)
            button.setEnabled(actions.allowed(status, current, self.side))
            gate(self.app, actions.status_act(status, self.district), button)
        gate(self.app, "records", self.void_button, self.delete_button)  # issue 15: the role

    def open_index(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is not None:
            actions.open_editor(self, self.app, row.id, row.project_code, row.form_code, self.saved)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_index(rows[0])

    def new_record(self) -> None:
        if not check(self, self.app, "records"):  # Ctrl+N reaches here without the button
            return
        code = self.project_code()
        if not code:
            messages.info(self, "请先在上方选择一个项目，再新建记录。")
            return
        name, year, forms = self.projects[code]
        titles = self.form_titles(forms, year)
        form = actions.choose_form(self, list(titles.items()))
        if form:
            actions.open_editor(self, self.app, None, code, form, self.saved)

    def saved(self, record_id: int) -> None:
        self.reload()
        self.select_ids([record_id])
        if self.window_ is not None:
            self.window_.refresh_home()

    def void_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            actions.void_records(self, self.app, ids)
        self.update_buttons()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            actions.delete_records(self, self.app, ids)
        self.update_buttons()

    def change_status(self, status: str) -> None:
        ids = self.selected_ids()
        if not ids:
            messages.info(self, "请先在列表中选择记录。")
            return
        changed, _problems = actions.change_status(self, self.app, ids, status)
        if changed:
            self.model.refresh()
            self.update_totals()
            self.select_ids(ids)
            if self.window_ is not None:
                self.window_.refresh_home()
        self.update_buttons()

    def select_ids(self, ids: list[int]) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for rid in ids:
            row = self.model.row_of(rid)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
