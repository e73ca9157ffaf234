"""The printing controls of the records page (打印预览 / 批量打印 / 空白表 / 核验纸质表 and the
纸质版 label) and the 纸质版 status text the RecordEditor shows too (its own 打印预览 and label
are the editor's: gui/forms/editor.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from desktop_app.gui.style import set_tone
from desktop_app.gui import messages
from desktop_app.gui.printing import jobs
from desktop_app.gui.permissions import gate
from desktop_app.services import printing



def paper_status(app: Any, record_id: int | None) -> tuple[str, str, bool | None]:
    """(short text, tooltip, current?) of the paper in circulation for a record."""
    if record_id is None:
        return "纸质版：未打印", "保存并打印后显示纸质版状态。", None
    try:
        with app.session() as s:
            st = printing.print_status(s, record_id, app.specs)
    except Exception as exc:  # noqa: BLE001 - a record that cannot print (bad spec …)
        text = messages.error_text(exc)
        if text is None:
            raise
        return "纸质版：—", text, None
    if not st["printed"]:
        return "纸质版：未打印", st["message"], None
    if st["current"]:
        return f"纸质版：一致（{st['printed_code']}）", st["message"], True
    return "纸质版已过期", st["message"], False


def show_paper_status(label: QLabel, app: Any, record_id: int | None) -> None:
    text, tip, current = paper_status(app, record_id)
    label.setText(text)
    label.setToolTip(tip)
    set_tone(label, "error" if current is False else "ok" if current else None, strong=current is False)


# -- records page ---------------------------------------------------------------------------
def add_page_buttons(page: Any) -> QHBoxLayout:
    """A row with 打印预览 / 批量打印 ▾ / 空白表 / 核验纸质表 and the selected record's 纸质版 label."""
    bar = QHBoxLayout()
    page.preview_button = QPushButton("打印预览（Ctrl+P）")
    page.batch_button = QPushButton("批量打印")
    menu = QMenu(page.batch_button)
    page.print_selected_action = menu.addAction("打印选中的记录…", lambda: print_selected(page))
    page.print_project_action = menu.addAction("打印本项目全部申请表…", lambda: print_project(page))
    page.batch_button.setMenu(menu)
    page.blank_button = QPushButton("空白表…")
    page.verify_button = QPushButton("核验纸质表…")
    page.paper_label = QLabel()
    for w in (page.preview_button, page.batch_button, page.blank_button, page.verify_button):
        bar.addWidget(w)
    bar.addSpacing(12)
    bar.addWidget(page.paper_label)
    bar.addStretch(1)
    page.preview_button.clicked.connect(lambda: preview_selected(page))
    page.blank_button.clicked.connect(lambda: open_blank_for(page))
    page.verify_button.clicked.connect(lambda: open_verify_for(page))
    QShortcut(QKeySequence.StandardKey.Print, page, lambda: preview_selected(page))
    page.table.selectionModel().selectionChanged.connect(lambda *_: update_page(page))
    page.model.modelReset.connect(lambda: update_page(page))
    update_page(page)
    return bar


def update_page(page: Any) -> None:
    ids = page.selected_ids()
    page.preview_button.setEnabled(bool(ids))
    page.print_selected_action.setEnabled(bool(ids))
    page.print_project_action.setEnabled(bool(page.project_code()))
    gate(page.app, "print", page.batch_button, page.print_selected_action, page.print_project_action)
    if len(ids) == 1:
        show_paper_status(page.paper_label, page.app, ids[0])
    else:
        page.paper_label.setText("")
        page.paper_label.setToolTip("")


def _after_print(page: Any) -> None:
    from desktop_app.gui.changes import notify

    notify("records")  # printing for stamping marks drafts 待盖章: other lists follow
    ids = page.selected_ids()
    page.model.refresh()
    page.update_totals()
    page.select_ids(ids)
    update_page(page)
    if getattr(page, "window_", None) is not None:
        page.window_.refresh_home()


def preview_selected(page: Any) -> Any:
    from desktop_app.gui.printing.preview import open_preview

    ids = page.selected_ids()
    if not ids:
        messages.info(page, "请先在列表中选择要打印的记录。", "打印预览")
        return None
    return open_preview(page.app, ids, page, lambda _r: _after_print(page))


def print_selected(page: Any) -> bool:
    return jobs.print_ids(page, page.app, page.selected_ids(), lambda _r: _after_print(page), title="批量打印")


def print_project(page: Any) -> bool:
    code = page.project_code()
    if not code:
        messages.info(page, "请先在上方选择一个项目。", "批量打印")
        return False
    ids = jobs.application_ids(page.app, code)
    if not ids:
        messages.info(page, "这个项目还没有申请表。", "批量打印")
        return False
    if not messages.confirm(page, f"打印项目 {code} 的全部 {len(ids)} 份申请表？", "批量打印"):
        return False
    return jobs.print_ids(page, page.app, ids, lambda _r: _after_print(page), title="批量打印")


def open_blank_for(page: QWidget) -> Any:
    from desktop_app.gui.printing.blank import open_blank

    form = page.form.currentData() if hasattr(page, "form") else None  # type: ignore[attr-defined]
    return open_blank(page.app, page, form)  # type: ignore[attr-defined]


def open_verify_for(page: QWidget) -> Any:
    from desktop_app.gui.printing.verify_dialog import open_verify

    return open_verify(page.app, page)  # type: ignore[attr-defined]
