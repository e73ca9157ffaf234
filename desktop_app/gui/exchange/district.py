"""DISTRICT mode of the 数据交换 page (office.is_district): 导入街镇数据包…, 街镇概况,
项目进度, 重复享受 (R-ID-5 across towns), 生成返回包… per town, 市总汇总表…, history,
街镇管理 (each town's exchange key: enrol, re-issue, print the slip).
Approving / returning records stays on the records page (set_status)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.exchange import common, passphrase
from desktop_app.gui.exchange.district_import import DistrictImport
from desktop_app.gui.exchange.town import HISTORY_HEADERS, history_rows
from desktop_app.gui.tasks import run_task
from desktop_app.gui.widgets import fmt_int, fmt_pct, fmt_yuan
from desktop_app.gui.permissions import gate
from desktop_app.services import district as dis
from desktop_app.services import exchange as ex
from desktop_app.services import exchange_views as ev
from desktop_app.services.catalog import years

if TYPE_CHECKING:
    from desktop_app.services.app import App

TOWN_HEADERS = ["街镇代码", "街镇", "数据包", "最新序号", "最近收到", "缺号", "记录", "待审核", "人数",
                "补贴（元）", "已发回审核结果"]
PROGRESS_HEADERS = ["项目代码", "项目", "类别", "名额", "已报人数", "完成率", "补贴（元）", "各街镇人数"]
DOUBLE_HEADERS = ["身份证号", "姓名", "项目", "涉及街镇与记录", "说明"]


class DistrictPanel(QWidget):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.flow: DistrictImport | None = None
        self.import_button = QPushButton("导入街镇数据包…")
        self.import_button.setDefault(True)
        self.import_button.setToolTip("可一次选多个文件；先试导入并预览，确认后才写入")
        self.return_button = QPushButton("生成返回包…")
        self.return_button.setToolTip("把审核结果（通过、退回及原因、结算金额）发回一个街镇")
        self.summary_button = QPushButton("市总汇总表…")
        self.summary_button.setToolTip("按街镇和项目汇总人数、补贴金额（Excel）")
        self.receipt_button = QPushButton("补出回执…")
        self.receipt_button.setToolTip("为已经导入的数据包重新生成回执（回执丢失，或导入时没有生成）")
        self.year = QComboBox()
        self.year.setMinimumWidth(90)
        buttons = QHBoxLayout()
        for b in (self.import_button, self.receipt_button, self.return_button, self.summary_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("年度："))
        buttons.addWidget(self.year)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("hint")
        common.selectable(self.result)
        self.towns = common.make_list_table(TOWN_HEADERS, self)
        self.progress = common.make_list_table(PROGRESS_HEADERS, self)
        self.doubles = common.make_list_table(DOUBLE_HEADERS, self)
        self.history = common.make_list_table(HISTORY_HEADERS, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.towns, "街镇概况")
        self.tabs.addTab(self.progress, "项目进度")
        self.tabs.addTab(self.doubles, "重复享受")
        self.tabs.addTab(self.history, "收发记录")
        from desktop_app.gui.exchange.town_keys import TownKeysPanel

        self.keys = TownKeysPanel(app, self)
        self.tabs.addTab(self.keys, "街镇管理")
        hint = QLabel("审核（通过、退回）在“表单与申请”页进行；审核后点“生成返回包…”把结果发回街镇。")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        self.import_button.clicked.connect(lambda: self.import_packages())
        self.return_button.clicked.connect(self.export_return)
        gate(app, "import", self.import_button)  # issue 15: the role
        gate(app, "export", self.return_button, self.receipt_button)
        self.summary_button.clicked.connect(self.summary_xlsx)
        self.receipt_button.clicked.connect(lambda: self.receipts_again())
        self.year.currentIndexChanged.connect(lambda _i: self.refresh_year())

    # -- lists -----------------------------------------------------------------------
    def selected_year(self) -> int | None:
        data = self.year.currentData()
        return int(data) if data is not None else None

    def refresh(self) -> None:
        with self.app.session() as s:
            all_years = years(s)
            towns = dis.towns_overview(s)
            history = ev.exchange_history(s)
        keep = self.selected_year()
        self.year.blockSignals(True)
        self.year.clear()
        for y in all_years:
            self.year.addItem(f"{y} 年", y)
        if all_years:
            self.year.setCurrentIndex(all_years.index(keep) if keep in all_years else 0)
        self.year.blockSignals(False)
        common.fill_table(self.towns, [
            [t.code, t.name, t.packages, t.last_sequence or "", t.last_received,
             _gaps(t.gaps, t.gap_count), fmt_int(t.records), fmt_int(t.pending), fmt_int(t.headcount),
             fmt_yuan(t.subsidy_fen), t.returns_sent] for t in towns],
            numeric=(2, 3, 6, 7, 8, 9, 10), widths=(80, 150, 60, 70, 130, 70, 60, 60, 70, 100))
        common.fill_table(self.history, history_rows(history), numeric=(4,),
                          widths=(130, 50, 90, 170, 50, 230, 130))
        self.keys.refresh()
        self.refresh_year()

    def refresh_year(self) -> None:
        year = self.selected_year()
        with self.app.session() as s:
            progress = dis.quota_progress(s, year)
            doubles = dis.double_subsidies(s, year)
        common.fill_table(self.progress, [
            [p.code, p.name, p.category, f"{fmt_int(p.quota)} {p.quota_unit}" if p.quota else "—",
             fmt_int(p.headcount), fmt_pct(p.headcount, p.quota) if p.quota else "", fmt_yuan(p.subsidy_fen),
             "，".join(f"{k or '本单位'} {fmt_int(v)}" for k, v in p.by_town.items()) or "—"] for p in progress],
            numeric=(3, 4, 5, 6), widths=(100, 180, 110, 80, 80, 70, 100))
        common.fill_table(self.doubles, [
            [c["id_number"], c["name"], f"{c['project']} {c['project_name']}",
             "；".join(f"{r['town_name']} 记录 {r['record_id']}" for r in c["records"]), c["message"]]
            for c in doubles], widths=(170, 80, 200, 260))
        self.tabs.setTabText(2, f"重复享受（{len(doubles)}）" if doubles else "重复享受")

    # -- actions ---------------------------------------------------------------------
    def import_packages(self, files: list[Any] | None = None) -> None:
        self.flow = DistrictImport(self, self.app, self.refresh, self.result.setText)
        self.flow.start(files)

    def receipts_again(self, files: list[Any] | None = None) -> None:
        """Receipts for packages imported earlier (issue 17): the package is read again, changes
        nothing, and its receipt (file + printable PDF) is written to a folder."""
        files = files if files is not None else common.choose_packages(
            self, self.app, "选择已经导入的街镇数据包（可多选）", many=True)
        if not files:
            return
        folder = common.choose_folder(self, self.app, "选择保存回执的文件夹（U 盘）")
        if folder is None:
            return
        secret = passphrase.ask_passphrase(self, "补出回执", role="district")
        if secret is None:
            return

        def work(progress: Any) -> tuple[list[str], list[str]]:
            from desktop_app.services.errors import ServiceError
            from desktop_app.services.exchange_receipt import receipt_again

            made, refused = [], []
            for f in files:
                try:
                    with self.app.transaction() as s:
                        summary, sent = receipt_again(s, f, secret, folder)
                    with self.app.transaction() as s:
                        ex.receipt_pdf(s, summary, folder / (sent.path.stem + ".pdf"))
                    made.append(sent.message)
                except ServiceError as exc:
                    refused.append(f"{f.name}：{exc}")
            return made, refused

        run_task(self, "正在生成回执…", work, self._receipts_again_done, common.exchange_error(self, "未能补出回执"))

    def _receipts_again_done(self, result: tuple[list[str], list[str]]) -> None:
        made, refused = result
        text = "\n".join(made + refused)
        self.result.setText(text)
        self.refresh()
        if refused and not made:
            messages.show_error(self, text, "未能补出回执")
        else:
            messages.info(self, text, "补出回执")

    def export_return(self) -> None:
        with self.app.session() as s:
            candidates = ev.return_candidates(s)
        if not candidates:
            messages.info(self, "还没有审核过的街镇记录。请先在“表单与申请”页审核（通过或退回）。", "生成返回包")
            return
        labels = [c.label for c in candidates]
        first = next((i for i, c in enumerate(candidates) if c.unsent), 0)
        label, ok = QInputDialog.getItem(self, "生成返回包", "发回哪个街镇的审核结果：", labels, first, False)
        if not ok or label not in labels:
            return
        town = candidates[labels.index(label)]
        folder = common.choose_folder(self, self.app, f"选择保存给{town.name}的审核结果包的文件夹（U 盘）")
        if folder is None:
            return
        secret = passphrase.ask_passphrase(self, "生成返回包", role="district")
        if secret is None:
            return

        def work(progress: Any) -> Any:
            with self.app.transaction() as s:
                return ex.export_return(s, town.code, folder, secret, progress=progress)

        run_task(self, "正在生成审核结果包…", work, self._return_done, common.exchange_error(self, "生成返回包"))

    def _return_done(self, sent: Any) -> None:
        self.result.setText(f"{sent.message}\n文件：{sent.path}")
        self.refresh()
        messages.info(self, f"{sent.message}\n\n文件：{sent.path}", "返回包已生成")

    def summary_xlsx(self) -> None:
        with self.app.session() as s:
            all_years = years(s)
        if not all_years:
            messages.info(self, "还没有任何年度的项目。", "市总汇总表")
            return
        year = self.selected_year() or all_years[0]
        office = self.app.office()
        name = f"{office.name if office else ''}_{year}年度实事项目汇总表_{dt.date.today():%Y%m%d}.xlsx"
        path = common.choose_save(self, self.app, f"保存 {year} 年度汇总表", name, "Excel 工作簿 (*.xlsx)")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def work(progress: Any) -> Any:
            with self.app.session() as s:
                return dis.district_summary_xlsx(s, year, path)

        run_task(self, "正在生成汇总表…", work, self._summary_done, common.exchange_error(self, "生成汇总表"))

    def _summary_done(self, path: Any) -> None:
        self.result.setText(f"已生成汇总表：{path}")
        messages.info(self, f"已生成汇总表：\n{path}", "市总汇总表")


def _gaps(first: list[int], count: int) -> str:
    if not count:
        return "无"
    shown = "、".join(map(str, first[:5]))
    return shown + (f" 等 {count:,} 个" if count > 5 else "")
