"""What the records page does to records: open the form editor, choose a form for a new
record, change status (set_status) with the reason a return needs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop_app.core import status as st
from desktop_app.gui import messages
from desktop_app.gui.changes import notify
from desktop_app.services.records import set_status

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)

# The status buttons of the records page, in the order of the paper's life (DOMAIN: 草稿 →
# 待盖章 → 已报送 → 已通过 / 已退回 → 已结算). At a town only the town's own acts are offered:
# the district's answers arrive with its return package (core.status).
STATUS_ACTIONS: tuple[tuple[str, str], ...] = (
    (st.READY.key, "标记待盖章"),
    (st.SUBMITTED.key, "标记已报送"),
    (st.APPROVED.key, "标记已通过"),
    (st.RETURNED.key, "标记已退回…"),
    (st.SETTLED.key, "标记已结算"),
)
TOWN_ACTIONS = (st.READY.key, st.SUBMITTED.key)
DECISIONS = (st.APPROVED.key, st.RETURNED.key, st.SETTLED.key)


def status_act(status: str, district: bool) -> str:
    """The act (services.permissions) of marking ``status``: at the district 已通过 / 已退回 /
    已结算 are the reviewer's decisions (services.records.set_status asks the same)."""
    return "decide" if district and status in DECISIONS else "records"


def office_side(app: "App") -> str:
    """"any" at the district (it decides), "town" elsewhere."""
    office = app.office()
    return "any" if office is not None and office.is_district else "town"
_open_editors: list[QWidget] = []


def open_editor(parent: QWidget, app: "App", record_id: int | None, project_code: str, form_code: str,
                on_saved: Callable[[int], None]) -> QWidget | None:
    """RecordEditor in a window of its own (RecordDialog), not modal: the clerk can keep the
    list open beside it."""
    from desktop_app.gui.forms.editor import RecordDialog, RecordEditor  # the page opens without it

    try:
        editor = RecordEditor(app, record_id, project_code, form_code)
    except Exception as exc:  # noqa: BLE001 - e.g. NotFound for a record deleted meanwhile
        messages.show_error(parent, exc)
        return None
    editor.saved.connect(on_saved)
    window: QWidget = RecordDialog(editor, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _open_editors.append(window)
    window.destroyed.connect(lambda *_: _open_editors.remove(window) if window in _open_editors else None)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def choose_form(parent: QWidget, forms: Sequence[tuple[str, str]]) -> str | None:
    """(code, title) choices → the chosen code, or None."""
    if not forms:
        messages.info(parent, "这个项目没有可用的表单。")
        return None
    if len(forms) == 1:
        return forms[0][0]
    labels = [f"{code}　{title}" for code, title in forms]
    label, ok = QInputDialog.getItem(parent, "新建记录", "选择表单：", labels, 0, False)
    if not ok:
        return None
    return forms[labels.index(label)][0]


def allowed(status: str, current: Sequence[str], side: str = "any") -> bool:
    """True when every selected record may move to `status` (by this office: core.status)."""
    return bool(current) and all(st.get(s).can_become(status, side) for s in current)


def change_status(parent: QWidget, app: "App", ids: Sequence[int], status: str) -> tuple[int, list[str]]:
    """Set the status of each record (one transaction each). Returns (changed, error messages)."""
    reason = None
    if status == st.RETURNED.key:
        reason = ask_return_reason(parent, len(ids))
        if reason is None:
            return 0, []
    elif status == st.APPROVED.key:
        # 标记已通过 asks first; the comment (optional) goes with the decision to the town.
        comment = ask_approval(parent, len(ids))
        if comment is None:
            return 0, []
        reason = comment or None
    elif len(ids) > 1 and not messages.confirm(
        parent, f"把选中的 {len(ids)} 条记录标记为“{st.label(status)}”？", "更改状态"
    ):
        return 0, []
    return _each(parent, app, ids, lambda s, rid: set_status(s, rid, status, reason=reason), "更改状态",
                 f"改为“{st.label(status)}”", undone="改")


def can_void(current: Sequence[str], side: str) -> bool:
    """作废 applies to this office's records the district has not approved or settled."""
    return side == "town" and bool(current) and all(st.get(s).voidable for s in current)


def can_delete(current: Sequence[str], side: str) -> bool:
    """删除 is offered for drafts (the service also checks: never printed, never sent)."""
    return side == "town" and bool(current) and all(s == st.DRAFT.key for s in current)


def _each(parent: QWidget, app: "App", ids: Sequence[int], act: Callable[[Any, int], object],
          title: str, done_text: str, undone: str | None = None) -> tuple[int, list[str]]:
    """``act`` on each record, one transaction each; the refusals collected and shown together
    ("2 条已作废，1 条未作废：…"; ``undone`` where the second half says less)."""
    changed, problems = 0, []
    for rid in ids:
        try:
            with app.transaction() as s:
                act(s, rid)
            changed += 1
        except Exception as exc:  # noqa: BLE001 - collected; ServiceError text is Chinese
            text = messages.error_text(exc)
            if text is None:
                raise
            problems.append(text)
    if changed:
        notify("records")
    if problems:
        head = f"{changed} 条已{done_text}，{len(problems)} 条未{undone or done_text}：" if changed else f"未能{title}："
        messages.show_error(parent, "\n".join([head, *problems[:12]]), title)
    return changed, problems


def void_records(parent: QWidget, app: "App", ids: Sequence[int]) -> tuple[int, list[str]]:
    """作废…: asks the reason (required); each record voided in its own transaction."""
    from desktop_app.services.records import void_record

    reason = messages.ask_text(parent, "作废记录", f"作废 {len(ids)} 条记录的原因（必填，会随下一个数据包告知区总工会）：")
    if reason is None:
        return 0, []
    return _each(parent, app, ids, lambda s, rid: void_record(s, rid, reason), "作废", "作废")


def delete_records(parent: QWidget, app: "App", ids: Sequence[int]) -> tuple[int, list[str]]:
    """删除: only drafts never printed and never sent (the service says why otherwise)."""
    from desktop_app.services.records import delete_record

    if not messages.confirm(parent, f"删除选中的 {len(ids)} 条草稿？删除后不能恢复（操作日志中留有记录）。", "删除记录"):
        return 0, []
    return _each(parent, app, ids, delete_record, "删除", "删除")


def ask_return_reason(parent: QWidget, count: int) -> str | None:
    """退回 needs a reason (it goes back to the town): asked again while left empty; None when
    the clerk cancels."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    label = f"退回 {count} 条记录的原因（必填，会随审核结果告知填报单位）："
    for _attempt in range(5):  # then it counts as cancelled
        text, ok = QInputDialog.getText(parent, "退回记录", label, QLineEdit.EchoMode.Normal, "")
        if not ok:
            return None
        if text.strip():
            return text.strip()
        label = f"退回必须写明原因，请填写（{count} 条记录）："
    return None


def ask_approval(parent: QWidget, count: int) -> str | None:
    """标记已通过: a confirmation with an optional comment. "" = approved without a comment,
    None = cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(
        parent, "审核通过", f"把选中的 {count} 条记录标记为“已通过”。\n审核意见（可不填，会随审核结果告知填报单位）：",
        QLineEdit.EchoMode.Normal, "")
    return text.strip() if ok else None
