"""空白表: any form printed empty for enterprises that fill by hand (a roster with N empty
rows), saved as a PDF (services.printing.blank_form)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QWidget

from desktop_app.gui import messages
from desktop_app.gui.designer.ui_blank_dialog import Ui_BlankFormDialog
from desktop_app.services import printing, views

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from desktop_app.services.app import App


class BlankFormDialog(QDialog):
    def __init__(self, app: "App", parent: QWidget | None = None, form_code: str | None = None,
                 year: int | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.saved_path: str | None = None
        self.ui = Ui_BlankFormDialog()  # laid out in Qt Designer: ui/blank_dialog.ui
        self.ui.setupUi(self)
        with app.session() as s:
            choices = views.project_choices(s)
        self.years: dict[str, int] = {}
        for _code, _name, y, forms in choices:  # newest year first: the first one wins
            for f in forms:
                self.years.setdefault(f, y)
        self.form, self.year, self.rows, self.copies = self.ui.form, self.ui.year, self.ui.rows, self.ui.copies
        for code, spec in app.specs.items():
            title = spec.title_for(self.years.get(code) or year or dt.date.today().year).strip()
            self.form.addItem(f"{spec.attachment or code}　{title}", code)
        buttons = self.ui.buttons
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存 PDF…")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.form.currentIndexChanged.connect(lambda _i: self._form_changed())
        if form_code and self.form.findData(form_code) >= 0:
            self.form.setCurrentIndex(self.form.findData(form_code))
        self._form_changed(year)

    def spec(self) -> FormSpec:
        return self.app.specs[self.form.currentData()]

    def _form_changed(self, year: int | None = None) -> None:
        spec = self.spec()
        self.year.setValue(year or self.years.get(spec.code) or dt.date.today().year)
        roster = spec.kind == "roster"
        self.rows.setEnabled(roster)
        self.copies.setEnabled(not roster)
        self.copies.setValue(1 if roster else spec.copies)

    def save(self) -> None:
        spec = self.spec()
        name = f"空白 {spec.code} {spec.title_for(self.year.value())}.pdf"
        path, _f = QFileDialog.getSaveFileName(self, "保存空白表", name, "PDF 文件 (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        roster = spec.kind == "roster"
        try:
            result = printing.blank_form(spec, path, self.year.value(), rows=self.rows.value() if roster else None,
                                         copies=1 if roster else self.copies.value())
        except Exception as exc:  # noqa: BLE001 - ServiceError text is Chinese; bugs → crash dialog
            messages.show_error(self, exc, "未能保存空白表")
            return
        self.saved_path = path
        extra = "\n排版提示：" + "；".join(result.warnings) if result.warnings else ""
        messages.info(self, f"空白表已保存到 {path}，共 {result.pages} 页。{extra}", "空白表")
        self.accept()


def open_blank(app: "App", parent: QWidget | None = None, form_code: str | None = None) -> BlankFormDialog:
    dialog = BlankFormDialog(app, parent, form_code)
    dialog.show()
    return dialog
