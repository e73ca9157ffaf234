"""从 Excel 导入名册 — the import wizard (QWizard, four pages).

1. 选择文件: the file (.xlsx / .xlsm / .xls), where the rows go (人员库, or the record's roster
   when opened from a record) and the roster form (default 2-3-6);
2. 表头与列: the detected sheet and header row(s), sample rows, one combo per file column;
3. 检查结果: the dry run — added / updated / unchanged / rejected, every finding with its Excel
   row number, header, rule id; 导出问题清单（给企业）; "仅当全部有效时导入" or "只导入有效行";
4. 导入完成: the summary.

Detect, dry run and commit run through :func:`desktop_app.gui.tasks.run_task` (progress, 取消);
a refused file (damaged, encrypted, zip bomb, no roster) is shown as the service's Chinese
message and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.gui.screen_fit import fit_window
from desktop_app.gui import messages
from desktop_app.gui.excel.common import EXCEL_FILTER, counts_text
from desktop_app.gui.excel.wizard_step import StepPage
from desktop_app.services.errors import Cancelled
from desktop_app.services.roster_import import (
    DEFAULT_FORM,
    commit,
    detect,
    dry_run,
    importable_forms,
)

if TYPE_CHECKING:
    from desktop_app.services.app import App
    from desktop_app.services.import_plan import ImportPlan, ImportPreview, RosterImportSummary

SUFFIXES = (".xlsx", ".xlsm", ".xls")
CANCELLED_TEXT = "已取消，数据未作改动。"


class ChoosePage(StepPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__()
        self.setTitle("第 1 步：选择 Excel 文件")
        self.setSubTitle("支持 .xlsx、.xlsm 和旧版 .xls 文件。导入前会先检查每一行，检查时不会改动任何数据。")
        self.path = QLineEdit()
        self.path.setPlaceholderText("企业报来的 Excel 名册")
        self.browse = QPushButton("浏览…")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.target = QLabel(wizard.target_text())
        self.target.setWordWrap(True)
        self.form = QComboBox()
        for code, title in importable_forms(wizard.app.specs):
            self.form.addItem(f"{code}　{title}", code)
        index = self.form.findData(wizard.form_code)
        self.form.setCurrentIndex(max(0, index))
        self.form.setEnabled(wizard.record_id is None)
        lay = QFormLayout(self)
        lay.addRow("文件：", row)
        lay.addRow("导入到：", self.target)
        lay.addRow("名册表单：", self.form)
        lay.addRow(self.status)
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.browse.clicked.connect(self.choose_file)

    def choose_file(self) -> None:
        start = self.path.text().strip() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "选择 Excel 名册", start, f"{EXCEL_FILTER};;所有文件 (*)")
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        if self.take_advance():
            return True
        path = Path(self.path.text().strip())
        if not path.is_file():
            self.status.setText(f"找不到文件“{path}”。请重新选择。")
            return False
        if path.suffix.lower() not in SUFFIXES:
            self.status.setText(f"“{path.name}”不是 Excel 文件（应为 .xlsx、.xlsm 或 .xls）。")
            return False
        wiz = self.wiz()
        wiz.form_code = self.form.currentData() or DEFAULT_FORM
        return wiz.detect_plan(self, path)


class SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 4 步：导入完成")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(self.details)
        lay.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        s = self.wizard().summary  # type: ignore[attr-defined]
        if s is None:
            return
        where = f"记录 {s.record_id} 的名册和人员库" if s.record_id else "人员库"
        self.text.setText(
            f"已导入到{where}：新增 {s.added} 人，更新 {s.updated} 人，无变化 {s.unchanged} 人"
            + (f"；{s.rejected} 行有错误，未导入。" if s.rejected else "。")
            + "\n同样表头的文件，下次会自动套用这次的列对应关系。"
        )
        lines = [f"• {f.get('message', '')}" for f in s.record_findings[:12] if isinstance(f, dict)]
        if lines:
            self.details.setText("名册检查提示：\n" + "\n".join(lines))


class ImportWizard(QWizard):
    """从 Excel 导入名册. ``record_id``: also make the rows that record's roster."""

    imported = Signal(object)  # RosterImportSummary

    def __init__(self, app: "App", parent: QWidget | None = None, *, record_id: int | None = None,
                 form_code: str | None = None, record_label: str = "") -> None:
        super().__init__(parent)
        from desktop_app.gui.excel.wizard_pages import MappingPage, PreviewPage

        self.app = app
        self.record_id = record_id
        self.record_label = record_label
        self.form_code = form_code or DEFAULT_FORM
        self.plan: ImportPlan | None = None
        self.preview: ImportPreview | None = None
        self.summary: RosterImportSummary | None = None
        self.busy = False
        self.task: Any = None
        self.setWindowTitle("从 Excel 导入名册")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.CommitButton, "导入"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.choose_page = ChoosePage(self)
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.summary_page = SummaryPage()
        for page in (self.choose_page, self.mapping_page, self.preview_page, self.summary_page):
            self.addPage(page)
        fit_window(self, (1000, 700))  # the preferred size, shrunk to the screen

    def target_text(self) -> str:
        if self.record_id is None:
            return "人员库（只登记人员，不生成名册）"
        return f"记录 {self.record_id} 的名册{('（' + self.record_label + '）') if self.record_label else ''}，同时登记到人员库"

    # -- the service steps ---------------------------------------------------------------
    def detect_plan(self, page: StepPage, path: Path, *, sheet: str | None = None,
                    header_row: int | None = None, then: Callable[[], None] | None = None) -> bool:
        """Detect (page 1's 下一步, or 按此重新识别 with ``then`` to refill the page)."""
        app, form = self.app, self.form_code

        def work(progress: Any) -> "ImportPlan":
            with app.session() as s:
                return detect(path, form, specs=app.specs, session=s, sheet=sheet, header_row=header_row,
                              progress=progress)

        def got(plan: "ImportPlan") -> None:
            self.plan = plan
            self.preview = None
            if then is not None:
                then()

        return page.run_step("正在识别表头……", work, got, advance=then is None)

    def run_dry_run(self, page: StepPage) -> bool:
        app, plan, record_id = self.app, self.plan, self.record_id
        assert plan is not None

        def work(progress: Any) -> "ImportPreview":
            with app.session() as s:
                return dry_run(s, plan, specs=app.specs, record_id=record_id, progress=progress)

        def got(preview: "ImportPreview") -> None:
            self.preview = preview

        return page.run_step("正在检查每一行……", work, got)

    def run_commit(self, page: StepPage, valid_only: bool) -> bool:
        app, preview = self.app, self.preview
        assert preview is not None

        def work(progress: Any) -> "RosterImportSummary":
            with app.transaction() as s:
                return commit(s, preview, valid_only=valid_only, specs=app.specs, progress=progress)

        def got(summary: "RosterImportSummary") -> None:
            self.summary = summary
            self.imported.emit(summary)

        return page.run_step("正在导入……", work, got)

    def show_failure(self, exc: BaseException, label: QLabel | None = None) -> None:
        if isinstance(exc, Cancelled):
            if label is not None:
                label.setText(CANCELLED_TEXT)
            return
        text = messages.error_text(exc)
        if label is not None and text is not None:
            label.setText(text)
        messages.show_error(self, exc, "无法导入")

    def reject(self) -> None:
        if self.busy and self.task is not None:
            self.task.cancel()  # the step stops at its next progress report; nothing is written
            return
        super().reject()


def run_import_wizard(parent: QWidget | None, app: "App", *, record_id: int | None = None,
                      form_code: str | None = None, record_label: str = "") -> "RosterImportSummary | None":
    """Show the wizard modally; the summary when something was imported, else None."""
    wizard = ImportWizard(app, parent, record_id=record_id, form_code=form_code, record_label=record_label)
    wizard.exec()
    summary = wizard.summary
    wizard.deleteLater()
    return summary


__all__ = ["ImportWizard", "run_import_wizard", "counts_text"]
