"""The Excel buttons other pages add with one line each (their files stay theirs):

- people page: 从 Excel 导入…;
- records page: 导入名册… / 导出名册… (the selected record with a roster), 导出列表…, 空白模板…;
- RecordEditor: 从 Excel 导入… above its roster grid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QInputDialog, QPushButton, QWidget

from desktop_app.core import status as st
from desktop_app.gui import messages
from desktop_app.gui.excel import exports
from desktop_app.gui.permissions import gate
from desktop_app.services.records import roster_spec_for

if TYPE_CHECKING:
    from desktop_app.services.app import App


def import_wizard(parent: QWidget | None, app: "App", **kw: Any) -> Any:
    """The wizard, through the module (so tests can patch ``run_import_wizard``)."""
    from desktop_app.gui.excel import import_wizard as wizard

    return wizard.run_import_wizard(parent, app, **kw)


def roster_form(app: "App", form_code: str) -> str | None:
    spec = app.specs.get(form_code)
    if spec is None or not (spec.kind == "roster" or spec.roster_form):
        return None
    rspec = roster_spec_for(app.specs, spec)
    return rspec.code if rspec is not None else None


# -- people page ---------------------------------------------------------------------------
def add_people_button(page: Any) -> QPushButton:
    button = QPushButton("从 Excel 导入…")
    button.setToolTip("把企业报来的 Excel 名册登记到人员库（先检查，确认后才导入）")
    page.header.controls.addWidget(button)
    gate(page.app, "import", button)  # issue 15: the role

    def run() -> None:
        if import_wizard(page, page.app) is not None:
            from desktop_app.gui.changes import notify

            notify("people")
            if getattr(page, "loaded", False):
                page.model.refresh()
            window = getattr(page, "window", lambda: None)()
            if hasattr(window, "refresh_home"):
                window.refresh_home()

    button.clicked.connect(run)
    return button


# -- records page --------------------------------------------------------------------------
class RecordsExcelButtons:
    """导入名册… / 导出名册… / 导出列表… / 空白模板… on the records page."""

    def __init__(self, page: Any, layout: QBoxLayout) -> None:
        self.page = page
        self.app: "App" = page.app
        self.import_button = QPushButton("导入名册…")
        self.import_button.setToolTip("从 Excel 导入选中记录的名册（先检查，确认后才导入）")
        self.export_button = QPushButton("导出名册…")
        self.export_button.setToolTip("按正式格式导出选中记录的名册（Excel）")
        self.list_button = QPushButton("导出列表…")
        self.list_button.setToolTip("把所选表单的记录导出为 Excel 列表（每条记录一行）")
        self.template_button = QPushButton("空白模板…")
        self.template_button.setToolTip("下载名册的空白 Excel 模板，发给企业填写")
        layout.addSpacing(16)
        for b in (self.import_button, self.export_button, self.list_button, self.template_button):
            layout.addWidget(b)
        self.import_button.clicked.connect(self.import_roster)
        self.export_button.clicked.connect(self.export_roster)
        self.list_button.clicked.connect(self.export_list)
        self.template_button.clicked.connect(self.template)
        page.table.selectionModel().selectionChanged.connect(lambda *_: self.update())
        page.model.modelReset.connect(self.update)
        self.update()

    def selected(self) -> list[Any]:
        rows = sorted(i.row() for i in self.page.table.selectionModel().selectedRows())
        return [r for r in (self.page.model.row(n) for n in rows) if r is not None]

    def current(self) -> Any | None:
        rows = self.selected()
        return rows[0] if len(rows) == 1 else None

    def update(self) -> None:
        row = self.current()
        has_roster = row is not None and roster_form(self.app, row.form_code) is not None
        self.import_button.setEnabled(has_roster and st.get(row.status).editable)
        gate(self.app, "import", self.import_button)
        self.export_button.setEnabled(has_roster)

    def import_roster(self) -> None:
        row = self.current()
        if row is None or roster_form(self.app, row.form_code) is None:
            messages.info(self.page, "请先在列表中选择一条有名册的记录。")
            return
        if not st.get(row.status).editable:
            messages.info(self.page, f"记录 {row.id} 状态为“{st.label(row.status)}”，不能修改名册。")
            return
        label = f"{row.form_code} {row.unit_name or ''}".strip()
        summary = import_wizard(self.page, self.app, record_id=row.id,
                                form_code=roster_form(self.app, row.form_code), record_label=label)
        if summary is not None:
            from desktop_app.gui.changes import notify

            notify("records")
            self.page.model.refresh()
            self.page.update_totals()
            self.page.select_ids([row.id])
            window = getattr(self.page, "window_", None)
            if window is not None:
                window.refresh_home()

    def export_roster(self) -> None:
        row = self.current()
        if row is None or roster_form(self.app, row.form_code) is None:
            messages.info(self.page, "请先在列表中选择一条有名册的记录。")
            return
        _guard(self.page, lambda: exports.export_roster_dialog(self.page, self.app, row.id))

    def choose_form(self, title: str, forms: list[tuple[str, str]], preferred: str | None) -> str | None:
        codes = [c for c, _ in forms]
        if preferred in codes:
            return preferred
        if not forms:
            messages.info(self.page, "没有可用的表单。")
            return None
        labels = [f"{c}　{t}" for c, t in forms]
        label, ok = QInputDialog.getItem(self.page, title, "选择表单：", labels, 0, False)
        return codes[labels.index(label)] if ok and label in labels else None

    def _preferred_form(self) -> str | None:
        chosen = self.page.form.currentData()
        row = self.current()
        return chosen or (row.form_code if row is not None else None)

    def export_list(self) -> None:
        page = self.page
        project = page.project_code()
        forms = list(page.form_titles(page.projects[project][2] if project else None,
                                      page.projects[project][1] if project else None).items())
        code = self.choose_form("导出列表", forms, self._preferred_form())
        if code:
            _guard(page, lambda: exports.export_list_dialog(page, self.app, code, project,
                                                            page.status.currentData()))

    def template(self) -> None:
        page = self.page
        project = page.project_code()
        preferred = self._preferred_form()
        if preferred is not None:
            preferred = roster_form(self.app, preferred) or preferred
        code = self.choose_form("空白模板", exports.template_forms(self.app), preferred)
        year = page.projects[project][1] if project else None
        if code:
            _guard(page, lambda: exports.template_dialog(page, self.app, code, year))


def add_records_buttons(page: Any, layout: QBoxLayout) -> RecordsExcelButtons:
    return RecordsExcelButtons(page, layout)


def _guard(parent: QWidget, fn: Any) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - ServiceError → its Chinese text
        messages.show_error(parent, exc)


# -- the record editor's roster ------------------------------------------------------------
def add_editor_button(editor: Any) -> QPushButton | None:
    """从 Excel 导入… above the roster grid: runs the wizard for this record, then reloads it."""
    roster = getattr(editor, "roster_editor", None)
    if roster is None or not getattr(roster, "people", True):
        return None
    button = QPushButton("从 Excel 导入…", roster)
    button.setToolTip("把企业报来的 Excel 名册导入为本记录的名册（先检查，确认后才导入）")
    bar = QHBoxLayout()
    bar.addStretch(1)
    bar.addWidget(button)
    roster.layout().insertLayout(0, bar)
    gate(editor.app, "import", button)
    button.clicked.connect(lambda: import_into_editor(editor))
    return button


def import_into_editor(editor: Any) -> None:
    from desktop_app.services import form_session

    st = editor.state
    if not st.editable:
        messages.info(editor, f"状态为“{st.status_label}”，不能修改名册。")
        return
    if st.record_id is None or editor.is_dirty():
        if not messages.confirm(editor, "导入名册前需要先保存这条记录。现在保存吗？", "从 Excel 导入"):
            return
        if not editor.save():
            return
    summary = import_wizard(editor, editor.app, record_id=st.record_id, form_code=editor.rspec.code,
                            record_label=st.form_code)
    if summary is None:
        return
    editor.state = form_session.load_state(editor.app, record_id=st.record_id, project_code=None, form_code=None)
    editor._load_saved()
    editor.saved.emit(st.record_id)
