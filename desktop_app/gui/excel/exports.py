"""导出名册 / 导出列表 / 下载空白模板: file name first, then — when the file would hold full
identity numbers — the PIPL question (导出完整号码 / 脱敏导出 / 取消), then the export off the
GUI thread. Everything goes through ``desktop_app.services.roster_export``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.gui import messages
from desktop_app.gui.excel.common import XLSX_FILTER
from desktop_app.gui.tasks import run_task
from desktop_app.services import roster_export as rx

if TYPE_CHECKING:
    from desktop_app.services.app import App

FULL, MASKED = "full", "masked"
_last_dir: Path | None = None
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str) -> str:
    return _UNSAFE.sub("", text)[:60] or "导出"


def ask_save_path(parent: QWidget | None, title: str, default_name: str) -> Path | None:
    """QFileDialog for an .xlsx name (the suffix added when missing); None = cancelled."""
    global _last_dir
    start = (_last_dir or Path.home()) / default_name
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), XLSX_FILTER)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    _last_dir = path.parent
    return path


def notice_text(path: Path) -> str:
    text = rx.FULL_ID_NOTICE.format(name=path.name)
    return text.replace("可加 --mask 导出（号码部分隐藏）", "可选择“脱敏导出”（号码中间部分隐藏）")


def ask_full_ids(parent: QWidget | None, path: Path) -> str | None:
    """FULL (导出完整号码), MASKED (脱敏导出) or None (取消)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "含有完整身份证号码", notice_text(path),
                      QMessageBox.StandardButton.NoButton, parent)
    full = box.addButton("导出完整号码", QMessageBox.ButtonRole.AcceptRole)
    masked = box.addButton("脱敏导出", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(masked)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is full:
        return FULL
    if clicked is masked:
        return MASKED
    return None


def _mask_choice(parent: QWidget | None, path: Path, has_ids: bool) -> bool | None:
    """mask flag for the export, or None when the clerk cancelled."""
    if not has_ids:
        return False
    choice = ask_full_ids(parent, path)
    return None if choice is None else choice == MASKED


def _finish(parent: QWidget | None, what: str, unit: str) -> Any:
    def done(result: rx.ExportResult) -> None:
        note = "\n文件含完整身份证号码，请妥善保管。" if result.full_ids else ""
        messages.info(parent, f"已导出 {result.rows} {unit}：\n{result.path}{note}", what)
    return done


def export_roster_dialog(parent: QWidget | None, app: "App", record_id: int) -> Path | None:
    """导出名册: the record's roster in the official layout (2-3-6: title, 婚否, 序号, text IDs)."""
    from desktop_app.services.records import get_record

    with app.session() as s:
        record = get_record(s, record_id)
        rform = rx.roster_form_of(app.specs, record)  # refuses a record without a roster
        unit = record.unit_name or ""
        default = safe_name(f"{rform.code}-{unit}-名册-{record_id}") + ".xlsx"
        has_ids = rx.roster_has_ids(s, app.specs, record_id)
    path = ask_save_path(parent, "导出名册", default)
    if path is None:
        return None
    mask = _mask_choice(parent, path, has_ids)
    if mask is None:
        return None

    def work(progress: Any) -> rx.ExportResult:
        with app.session() as s:
            return rx.export_roster(s, app.specs, record_id, path, mask=mask)

    run_task(parent, "正在导出名册……", work, _finish(parent, "导出名册", "人"))
    return path


def export_list_dialog(parent: QWidget | None, app: "App", form_code: str, project_code: str | None = None,
                       status: str | None = None) -> Path | None:
    """导出列表: one row per record of ``form_code`` (the forms kept as lists, not paper)."""
    spec = app.specs.get(form_code)
    if spec is None:
        messages.show_error(parent, f"没有表单 {form_code}。")
        return None
    default = safe_name(f"{form_code}-{spec.title.replace('{year}', '').strip()}-列表") + ".xlsx"
    path = ask_save_path(parent, "导出列表", default)
    if path is None:
        return None
    mask = _mask_choice(parent, path, rx.list_has_ids(app.specs, form_code))
    if mask is None:
        return None

    def work(progress: Any) -> rx.ExportResult:
        with app.session() as s:
            return rx.export_list(s, app.specs, form_code, path, project_code=project_code, status=status,
                                  mask=mask)

    run_task(parent, "正在导出列表……", work, _finish(parent, "导出列表", "条记录"))
    return path


def template_forms(app: "App") -> list[tuple[str, str]]:
    """(code, title) of the forms that have a blank Excel template (a list of people)."""
    from desktop_app.documents.xlsx_columns import has_person_rows
    from desktop_app.services.import_plan import plain_title

    return [(c, plain_title(s)) for c, s in app.specs.items() if has_person_rows(s)]


def template_dialog(parent: QWidget | None, app: "App", form_code: str, year: int | None = None) -> Path | None:
    """下载空白模板: text-formatted ID / phone columns, drop-downs, instruction row."""
    spec = app.specs.get(form_code)
    if spec is None:
        messages.show_error(parent, f"没有表单 {form_code}。")
        return None
    if year is None:
        with app.session() as s:
            year = rx.default_year(s, form_code)
    default = safe_name(f"{form_code}-{spec.title_for(year)}-空白模板") + ".xlsx"
    path = ask_save_path(parent, "下载空白模板", default)
    if path is None:
        return None
    y = year or dt.date.today().year

    def done(out: Path) -> None:
        messages.info(parent, f"已生成空白模板：\n{out}\n\n身份证号码、电话列已设为文本格式，可发给企业填写后导入。",
                      "下载空白模板")

    run_task(parent, "正在生成模板……", lambda progress: rx.write_template(app.specs, form_code, path, year=y), done)
    return path
