"""统计 — the year in tables and charts: project progress (quota, allocation, months, units),
survey satisfaction (per question, per provider / unit / town, 意见和建议) and, at the district,
the towns. Each table exports to .xlsx and each chart to PNG; 生成年度报告 opens the year report
in the print preview.

The tables and charts are the year report's own (services.year_report), so the screen, the PDF
and the workbook show the same numbers. The numbers are gathered off the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QFrame,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.disk_errors import why
from desktop_app.core.numfmt import fmt_ratio
from desktop_app.documents.report_model import Chart, Table
from desktop_app.gui import messages
from desktop_app.gui.models.report_table_model import ReportTableModel
from desktop_app.gui.tasks import run_task
from desktop_app.gui.widgets import PageHeader, make_table
from desktop_app.services import year_report as yr
from desktop_app.services.catalog import years

if TYPE_CHECKING:
    from desktop_app.gui.charts import ChartView
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App
    from desktop_app.services.statistics import SurveyStats, YearStats

GROUPS = [("provider", "承办单位"), ("unit", "参加单位"), ("town", "街镇")]


class TablePanel(QWidget):
    """A report table with its caption and 导出 Excel…."""

    def __init__(self, page: StatsPage, name: str) -> None:
        super().__init__()
        self.page, self.name = page, name
        self.caption = QLabel()
        self.caption.setObjectName("sectionTitle")
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.setToolTip("把这张表保存为 Excel 文件（数字为数值，可再计算）")
        self.model = ReportTableModel(self)
        self.view = make_table(self, row_height=26)
        self.view.setModel(self.model)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        self.export_button.clicked.connect(self.export)

    def set_table(self, table: Table | None) -> None:
        self.model.set_table(table)
        self.caption.setText(table.title if table else "")
        self.export_button.setEnabled(table is not None)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.resizeColumnsToContents()
        if table is not None and table.columns:
            # the names column gets room first (up to 220 px); numbers keep their width
            self.view.setColumnWidth(0, max(120, min(220, self.view.columnWidth(0))))
        if table is not None and table.note:
            self.view.setToolTip(table.note)

    def export(self) -> None:
        table = self.model.table
        if table is None:
            return
        path = self.page.ask_path("导出 Excel", f"{table.title}.xlsx", "Excel 工作簿 (*.xlsx)", ".xlsx")
        if path is None:
            return
        try:
            written = yr.write_table_xlsx(table, path)
        except Exception as exc:  # noqa: BLE001 - ServiceError text is Chinese; bugs → crash dialog
            messages.show_error(self, exc, "未能导出")
            return
        self.page.set_status(f"已导出：{written}")


class ChartPanel(QWidget):
    """A chart (the year report's drawing, painted from SVG by QtSvg) with 保存图片…."""

    def __init__(self, page: StatsPage) -> None:
        super().__init__()
        from desktop_app.gui.charts import ChartView

        self.page = page
        self.chart_view: ChartView = ChartView(self)
        self.save_button = QPushButton("保存图片…")
        self.save_button.setToolTip("把这张图保存为 PNG 图片（可插入 Word、PPT）")
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        # Many bars in a short panel (150 %): the chart keeps readable labels and scrolls.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.chart_view)
        self.chart_view.fit_to = self.scroll.viewport()
        self.chart_view.base_min_height = 120
        self.chart_view.setMinimumSize(240, 120)
        lay.addWidget(self.scroll, 1)
        self.save_button.clicked.connect(self.save)

    def set_chart(self, chart: Chart) -> None:
        self.chart_view.show_chart(chart)

    def save(self) -> None:
        chart = self.chart_view.chart
        if chart is None:
            return
        path = self.page.ask_path("保存图片", f"{chart.title}.png", "PNG 图片 (*.png)", ".png")
        if path is None:
            return
        try:
            written = self.chart_view.save_png(path)
        except OSError as exc:
            messages.show_error(self, f"图片无法保存到 {path}（{why(exc)}）。", "未能保存")
            return
        self.page.set_status(f"已保存图片：{written}")


def _pair(page: StatsPage, name: str, vertical: bool = False) -> tuple[QSplitter, TablePanel, ChartPanel]:
    split = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    table, chart = TablePanel(page, name), ChartPanel(page)
    split.addWidget(table)
    split.addWidget(chart)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    split.setSizes([600, 420])
    split.setChildrenCollapsible(False)
    return split, table, chart


class StatsPage(QWidget):
    def __init__(self, app: App, window: MainWindow | None = None) -> None:
        super().__init__()
        # The first statistics of a session (the store's queries, the charts' font metrics)
        # take a moment: under a wait cursor.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._build(app, window)
        finally:
            QApplication.restoreOverrideCursor()

    def _build(self, app: App, window: MainWindow | None) -> None:
        self.app = app
        self.window_ = window
        self.stats: YearStats | None = None
        self.surveys: SurveyStats | None = None
        self.header = PageHeader("统计", "项目进度、满意度测评与各街镇情况；表格可导出 Excel，图可保存为图片")
        self.year = QComboBox()
        self.year.setMinimumWidth(100)
        self.report_button = QPushButton("生成年度报告…")
        self.report_button.setObjectName("primary")
        self.report_button.setToolTip("本年度的工作报告（PDF，含图表），可预览、打印、另存为 PDF 或 Excel")
        self.header.controls.addWidget(QLabel("年度："))
        self.header.controls.addWidget(self.year)
        self.header.controls.addWidget(self.report_button)
        self.tabs = QTabWidget()

        # 项目进度
        progress = QWidget()
        self.project_split, self.projects_table, self.projects_chart = _pair(self, "projects")
        self.project = QComboBox()
        self.project.setMinimumWidth(220)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("项目明细："))
        bar.addWidget(self.project)
        bar.addStretch(1)
        self.detail_split, self.units_table, self.months_chart = _pair(self, "units")
        lay = QVBoxLayout(progress)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(self.project_split, 5)
        lay.addLayout(bar)
        lay.addWidget(self.detail_split, 4)
        self.tabs.addTab(progress, "项目进度")

        # 满意度测评
        surveys = QWidget()
        self.survey_project = QComboBox()
        self.survey_project.setMinimumWidth(220)
        self.group = QComboBox()
        for key, label in GROUPS:
            self.group.addItem(f"按{label}", key)
        self.survey_note = QLabel()
        self.survey_note.setObjectName("hint")
        sbar = QHBoxLayout()
        sbar.addWidget(QLabel("项目："))
        sbar.addWidget(self.survey_project)
        sbar.addWidget(self.group)
        sbar.addWidget(self.survey_note, 1)
        self.questions_split, self.questions_table, self.groups_chart = _pair(self, "questions")
        self.groups_table = TablePanel(self, "groups")
        self.texts = QPlainTextEdit()
        self.texts.setReadOnly(True)
        self.texts.setPlaceholderText("（没有填写意见和建议）")
        texts_box = QWidget()
        tl = QVBoxLayout(texts_box)
        tl.setContentsMargins(0, 0, 0, 0)
        self.texts_caption = QLabel("意见和建议")
        self.texts_caption.setObjectName("sectionTitle")
        tl.addWidget(self.texts_caption)
        tl.addWidget(self.texts, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.groups_table)
        lower.addWidget(texts_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        sl = QVBoxLayout(surveys)
        sl.setContentsMargins(0, 6, 0, 0)
        sl.addLayout(sbar)
        sl.addWidget(self.questions_split, 1)
        sl.addWidget(lower, 1)
        self.tabs.addTab(surveys, "满意度测评")

        # 各街镇 (district)
        towns = QWidget()
        self.towns_state = TablePanel(self, "towns")
        self.towns_split, self.towns_table, self.towns_chart = _pair(self, "towns_projects")
        twl = QVBoxLayout(towns)
        twl.setContentsMargins(0, 6, 0, 0)
        twl.addWidget(self.towns_state, 2)
        twl.addWidget(self.towns_split, 3)
        self.towns_tab = self.tabs.addTab(towns, "各街镇")

        self.status = QLabel()
        self.status.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.year.currentIndexChanged.connect(lambda _i: self.load())
        self.project.currentIndexChanged.connect(lambda _i: self.show_project())
        self.survey_project.currentIndexChanged.connect(lambda _i: self.load_surveys())
        self.group.currentIndexChanged.connect(lambda _i: self.load_surveys())
        self.report_button.clicked.connect(self.open_report)
        self.refresh()

    # -- data ------------------------------------------------------------------------------
    def selected_year(self) -> int | None:
        value = self.year.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        keep = self.selected_year()
        with self.app.session() as s:
            all_years = years(s)
        self.year.blockSignals(True)
        self.year.clear()
        for y in all_years:
            self.year.addItem(f"{y} 年", y)
        if all_years:
            target = keep if keep in all_years else self._default_year(all_years)
            self.year.setCurrentIndex(all_years.index(target))
        self.year.blockSignals(False)
        self.load()

    def _default_year(self, all_years: list[int]) -> int:
        from desktop_app.services import views

        with self.app.session() as s:
            busy = views.years_with_records(s)
        return next((y for y in all_years if y in busy), all_years[0])

    def activated(self) -> None:
        if self.stats is not None:
            self.load()

    def load(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        app = self.app

        def work(_progress: Any) -> YearStats:
            from desktop_app.services.statistics import year_stats

            with app.session() as s:
                return year_stats(s, app.specs, year)

        run_task(self, "正在统计…", work, self.show_stats)

    def show_stats(self, ys: YearStats) -> None:
        self.stats = ys
        self.header.title.setText(f"{ys.year} 年度统计")
        self.projects_table.set_table(yr.projects_table(ys))
        self.projects_chart.set_chart(yr.progress_chart(ys))
        keep = self.project.currentData()
        self.project.blockSignals(True)
        self.project.clear()
        self.project.addItem("全部项目（按“人”计）", None)
        for p in ys.projects:
            self.project.addItem(f"{p.code} {p.short_name}", p.code)
        index = self.project.findData(keep)
        self.project.setCurrentIndex(max(0, index))
        self.project.blockSignals(False)
        self.show_project()
        self._fill_survey_projects()
        self.tabs.setTabVisible(self.towns_tab, ys.is_district)
        if ys.is_district:
            self.towns_state.set_table(yr.towns_state_table(ys))
            self.towns_table.set_table(yr.towns_projects_table(ys))
            self.towns_chart.set_chart(yr.towns_chart(ys))
        self.set_status("完成数计入待盖章、已报送、已通过、已结算的记录；草稿、已退回的不计。")

    def show_project(self) -> None:
        ys = self.stats
        if ys is None:
            return
        code = self.project.currentData()
        if code is None:
            busiest = max(ys.projects, key=lambda p: p.headcount, default=None)
            self.units_table.set_table(yr.units_table(busiest) if busiest else None)
            self.months_chart.set_chart(yr.months_chart(ys))
            return
        p = ys.project(code)
        self.units_table.set_table(yr.units_table(p))
        self.months_chart.set_chart(yr.months_chart(ys, p))

    def _fill_survey_projects(self) -> None:
        ys = self.stats
        assert ys is not None
        from desktop_app.services.catalog import list_projects
        from desktop_app.services.statistics import survey_forms

        keep = self.survey_project.currentData()
        with self.app.session() as s:
            chosen = [p for p in list_projects(s, ys.year) if survey_forms(self.app.specs, p)]
        self.survey_project.blockSignals(True)
        self.survey_project.clear()
        for p in sorted(chosen, key=lambda p: p.code):
            self.survey_project.addItem(f"{p.code} {(p.params or {}).get('short_name') or p.name}", p.code)
        index = self.survey_project.findData(keep)
        self.survey_project.setCurrentIndex(max(0, index))
        self.survey_project.blockSignals(False)
        town = self.group.findData("town")
        self.group.model().item(town).setEnabled(ys.is_district)  # type: ignore[attr-defined]
        if not ys.is_district and self.group.currentData() == "town":
            self.group.setCurrentIndex(0)
        self.load_surveys()

    def load_surveys(self) -> None:
        code = self.survey_project.currentData()
        if code is None:
            self.surveys = None
            self.questions_table.set_table(None)
            self.groups_table.set_table(None)
            self.texts.clear()
            self.survey_note.setText("本年度没有使用满意度测评表的项目。")
            return
        from desktop_app.services.statistics import survey_stats

        by = self.group.currentData()
        with self.app.session() as s:
            st = survey_stats(s, self.app.specs, code, by=by)
        self.surveys = st
        label = st.provider_label if by == "provider" else dict(GROUPS)[by]
        self.questions_table.set_table(yr.survey_question_table(st))
        self.groups_table.set_table(yr.survey_group_table(st, label))
        self.groups_chart.set_chart(yr.survey_chart(st, label))
        lines = []
        for name, items in st.texts.items():
            for item in items:
                lines.append(f"【{name}】{item['text']}（{item['unit']}，记录 {item['record']}）")
        self.texts.setPlainText("\n".join(lines))
        self.texts_caption.setText(f"意见和建议（{len(lines)} 条）")
        rate = "—" if st.total.rate is None else fmt_ratio(st.total.rate)
        self.survey_note.setText(f"测评表 {st.total.responses} 份，总满意率 {rate}（已退回的不计）")

    # -- actions ---------------------------------------------------------------------------
    def ask_path(self, title: str, name: str, filter_: str, suffix: str) -> Any:
        from pathlib import Path

        from desktop_app.gui.excel.exports import safe_name

        start = Path.home() / (safe_name(Path(name).stem) + suffix)
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(start), filter_)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def open_report(self) -> None:
        year = self.selected_year()
        if year is None:
            messages.info(self, "还没有任何年度的项目。")
            return
        from desktop_app.gui.printing.report_preview import open_year_report

        open_year_report(self.app, year, self)
