"""The import wizard's middle pages: 表头与列 (mapping) and 检查结果 (dry-run preview)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
)

from desktop_app.gui.style import set_tone
from desktop_app.documents.xlsx_errors import PERSONAL_INFO_NOTE
from desktop_app.documents.xlsx_read import col_letter
from desktop_app.gui import messages
from desktop_app.gui.excel.common import XLSX_FILTER, PreviewModel, cell_text, counts_text, mask_cell
from desktop_app.gui.excel.wizard_step import StepPage
from desktop_app.gui.tasks import run_task
from desktop_app.services.roster_import import write_error_report

if TYPE_CHECKING:
    from desktop_app.services.import_plan import ImportPlan

IGNORE = "（不导入）"
SAMPLE_SHOWN = 3  # sample values beside each column in the mapping table


def _table(parent: Any = None) -> QTableWidget:
    t = QTableWidget(parent)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    return t


class MappingPage(StepPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 2 步：核对表头和列的对应关系")
        self.setSubTitle("程序已自动识别表头。如有列对应错了，请在“对应到”一栏改正；不需要的列选“（不导入）”。")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.remembered = QLabel()
        set_tone(self.remembered, "ok")
        self.sheet = QComboBox()
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 200)
        self.redetect = QPushButton("按此重新识别")
        bar = QHBoxLayout()
        for w in (QLabel("工作表："), self.sheet, QLabel("表头行："), self.header_row, self.redetect):
            bar.addWidget(w)
        bar.addStretch(1)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        set_tone(self.missing, "error", strong=True)
        self.columns = _table()
        self.columns.setColumnCount(4)
        self.columns.setHorizontalHeaderLabels(["列", "文件中的表头", "前几行的内容", "对应到"])
        self.columns.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.sample = _table()
        self.combos: list[QComboBox] = []
        lay = QVBoxLayout(self)
        lay.addWidget(self.where)
        lay.addLayout(bar)
        lay.addWidget(self.remembered)
        lay.addWidget(self.missing)
        lay.addWidget(self.columns, 3)
        lay.addWidget(QLabel("文件的前几行（身份证号码、手机号部分隐藏）："))
        lay.addWidget(self.sample, 2)
        lay.addWidget(self.status)
        self.redetect.clicked.connect(self.run_redetect)

    def plan(self) -> "ImportPlan":
        plan = self.wiz().plan
        assert plan is not None
        return plan

    def initializePage(self) -> None:  # noqa: N802
        self.fill()

    def fill(self) -> None:
        plan = self.plan()
        rows = "–".join(str(r) for r in (plan.header_rows[0], plan.header_rows[-1])) \
            if len(plan.header_rows) > 1 else str(plan.header_rows[0])
        self.where.setText(f"文件“{plan.path.name}”：工作表“{plan.sheet}”，表头在第 {rows} 行，"
                           f"数据从第 {plan.first_data_row} 行开始。")
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(plan.sheets)
        self.sheet.setCurrentText(plan.sheet)
        self.sheet.blockSignals(False)
        self.header_row.setValue(plan.header_rows[0])
        self.remembered.setText("已套用上次为同样表头的文件保存的列对应关系。" if plan.remembered else "")
        self.remembered.setVisible(plan.remembered)
        choices = plan.target_choices()
        self.columns.setRowCount(len(plan.columns))
        self.combos = []
        for r, col in enumerate(plan.columns):
            self.columns.setItem(r, 0, QTableWidgetItem(col.letter))
            self.columns.setItem(r, 1, QTableWidgetItem(col.header))
            values = [cell_text(row[col.index]) for row in plan.sample if col.index < len(row)]
            kind = _kinds(plan).get(col.index)
            shown = "；".join(mask_cell(v, kind) for v in values if v)
            self.columns.setItem(r, 2, QTableWidgetItem(shown[:80]))
            combo = QComboBox()
            combo.addItem(IGNORE, None)
            for target, label in choices:
                combo.addItem(label, target)
            combo.currentIndexChanged.connect(lambda _i, index=col.index, c=combo: self.mapped(index, c))
            self.columns.setCellWidget(r, 3, combo)
            self.combos.append(combo)
        self.columns.resizeColumnToContents(0)
        self.columns.setColumnWidth(1, 180)
        self.columns.setColumnWidth(3, 200)
        self._fill_sample(plan)
        self.sync()

    def _fill_sample(self, plan: "ImportPlan") -> None:
        width = max([len(r) for r in plan.sample] + [c.index + 1 for c in plan.columns] + [0])
        headers = {c.index: c.header for c in plan.columns}
        self.sample.clear()
        self.sample.setColumnCount(width)
        self.sample.setRowCount(len(plan.sample))
        self.sample.setHorizontalHeaderLabels(
            [f"{col_letter(i)} {headers.get(i, '')}".strip() for i in range(width)])
        self.sample.setVerticalHeaderLabels([str(plan.first_data_row + i) for i in range(len(plan.sample))])
        self.sample.verticalHeader().setVisible(True)
        kinds = _kinds(plan)  # phones masked like identity numbers, whatever their form
        for r, row in enumerate(plan.sample):
            for c, value in enumerate(row[:width]):
                self.sample.setItem(r, c, QTableWidgetItem(mask_cell(cell_text(value), kinds.get(c))))

    def mapped(self, index: int, combo: QComboBox) -> None:
        try:
            self.plan().set_target(index, combo.currentData())
        except Exception as exc:  # noqa: BLE001 - ImportRefused: a Chinese sentence
            messages.show_error(self, exc)
        self.wiz().preview = None
        self.sync()

    def sync(self) -> None:
        """Combos from the plan (a target feeds one column: others lose it), missing required."""
        plan = self.plan()
        for combo, col in zip(self.combos, plan.columns):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(col.target)) if col.target else 0)
            combo.blockSignals(False)
            grey = QBrush(QColor("#888")) if col.target is None else QBrush()
            row = plan.columns.index(col)
            for c in (0, 1):
                item = self.columns.item(row, c)
                if item is not None:
                    item.setForeground(grey)
        missing = plan.missing_required
        self.missing.setText(f"缺少必需的列：{'、'.join(missing)}。请在下表中把文件的某一列对应到它。"
                             if missing else "")
        self.missing.setVisible(bool(missing))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        plan = self.wiz().plan
        return plan is not None and not plan.missing_required

    def run_redetect(self) -> None:
        """Detect again with the chosen sheet / header row (stays on this page)."""
        sheet = self.sheet.currentText() or None
        self.wiz().detect_plan(self, self.plan().path, sheet=sheet, header_row=self.header_row.value(),
                               then=self.fill)

    def validatePage(self) -> bool:  # noqa: N802
        if self.take_advance():
            return True
        if self.plan().missing_required:
            return False
        return self.wiz().run_dry_run(self)


def _kinds(plan: Any) -> dict[int, str]:
    """Source column index → the roster column type it is mapped to (id_number, phone …)."""
    rspec = getattr(plan, "rspec", None)
    types = {c.key: c.type for c in rspec.columns} if rspec is not None else {}
    return {c.index: types.get(c.target.split("=")[0], "") for c in plan.columns if c.target}


WRAP_LIMIT = 3000  # lines: above this the rows keep one line (sizing each row costs seconds)


class PreviewPage(StepPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 3 步：检查结果（尚未导入）")
        self.setSubTitle("下面是每一行的检查结果。红色的行有错误，不会导入；可以把问题清单导出给企业改正后重新报送。")
        self.setCommitPage(True)
        self.counts = QLabel()
        self.counts.setObjectName("importCounts")  # gui/style.py
        self.skipped = QLabel()
        self.problems_only = QCheckBox("只显示有问题的行")
        self.reveal = QCheckBox("显示完整号码")
        self.reveal.setToolTip("说明中的身份证号码、电话默认部分隐藏；显示完整号码会记入操作日志")
        self.report = QPushButton("导出问题清单（给企业）…")
        bar = QHBoxLayout()
        bar.addWidget(self.problems_only)
        bar.addWidget(self.reveal)
        bar.addStretch(1)
        bar.addWidget(self.report)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((80, 110, 90, 130, 80, 50)):
            self.table.setColumnWidth(c, w)
        # 说明 wraps: the whole message on screen, not only in a tooltip.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.all_valid = QRadioButton("仅当全部有效时导入（有任何错误行就不导入）")
        self.valid_only = QRadioButton("只导入有效行（有错误的行留待企业改正）")
        self.all_valid.setChecked(True)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.all_valid)
        self.mode.addButton(self.valid_only)
        lay = QVBoxLayout(self)
        lay.addWidget(self.counts)
        lay.addWidget(self.skipped)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.all_valid)
        lay.addWidget(self.valid_only)
        lay.addWidget(self.status)
        self.problems_only.toggled.connect(self.model.set_problems_only)
        self.problems_only.toggled.connect(lambda _on: self._fit_rows())
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows())
        self.report.clicked.connect(self.export_report)
        self.reveal.toggled.connect(self.set_revealed)

    def set_revealed(self, revealed: bool) -> None:
        """Full numbers in 说明: personal information access, audited like the people list's."""
        if revealed == self.model.revealed:
            return
        from desktop_app.services import views

        with self.wiz().app.transaction() as s:
            views.log_reveal(s, "import_preview", revealed)
        self.model.set_revealed(revealed)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped 说明 (one line each beyond WRAP_LIMIT lines)."""
        header = self.table.verticalHeader()
        if self.model.rowCount() <= WRAP_LIMIT:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def initializePage(self) -> None:  # noqa: N802
        preview = self.wiz().preview
        assert preview is not None
        c = preview.counts
        self.counts.setText(counts_text(c))
        set_tone(self.counts, "error" if c["rejected"] else "ok")
        s = preview.skipped
        parts = [f"空行 {s.get('blank', 0)} 行", f"备注行 {s.get('note', 0)} 行", f"重复表头 {s.get('header', 0)} 行"]
        self.skipped.setText("已跳过：" + "，".join(parts))
        self.model.set_preview(preview)
        self._fit_rows()
        self.problems_only.blockSignals(True)
        self.problems_only.setChecked(False)
        self.problems_only.blockSignals(False)
        self.reveal.blockSignals(True)
        self.reveal.setChecked(self.model.revealed)
        self.reveal.blockSignals(False)
        self.report.setEnabled(bool(preview.findings))
        rejected = c["rejected"]
        for b in (self.all_valid, self.valid_only):
            b.setEnabled(bool(rejected))
        if not rejected:
            self.all_valid.setChecked(True)
        self.status.setText("")
        self.setButtonText(QWizard.WizardButton.CommitButton,
                           "导入" if c["added"] or c["updated"] or self.wiz().record_id else "完成导入（无变化）")

    def default_report_name(self) -> str:
        plan = self.wiz().plan
        assert plan is not None
        return str(plan.path.with_name(f"{plan.path.stem}-问题清单.xlsx"))

    def export_report(self) -> None:
        preview = self.wiz().preview
        if preview is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "导出问题清单（给企业）", self.default_report_name(), XLSX_FILTER)
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        if out.resolve() == preview.plan.path.resolve():
            messages.show_error(self, "问题清单不能覆盖企业报来的原文件，请换一个文件名。")
            return

        def done(path: Path) -> None:
            messages.info(self, f"已导出问题清单：{path}\n\n每个有问题的格子已标出，每行后面有“问题说明”，"
                                "另有“汇总”工作表。请把这个文件发回企业，改正后重新报送。\n\n"
                                f"{PERSONAL_INFO_NOTE}", "导出问题清单")

        run_task(self, "正在导出问题清单……", lambda progress: write_error_report(preview, out), done)

    def validatePage(self) -> bool:  # noqa: N802
        if self.take_advance():
            return True
        wiz = self.wiz()
        preview = wiz.preview
        assert preview is not None
        rejected = preview.count("rejected")
        valid_only = self.valid_only.isChecked()
        if rejected and not valid_only:
            self.status.setText(f"有 {rejected} 行有错误。按“仅当全部有效时导入”的要求不能导入；"
                                "可以导出问题清单退回企业，或选择“只导入有效行”。")
            return False
        return wiz.run_commit(self, valid_only)
