"""RecordEditor: one record of a project on its paper form (and its roster), rules live.

Usable as a tab or in a dialog (:func:`open_record_dialog`). Ctrl+S saves (errors → offer
存为草稿), 标记待盖章 is refused while errors remain, 撤销更改 goes back to the saved state,
Esc asks before discarding unsaved changes. Every edit re-evaluates the record (debounced
~150 ms) with ``records.evaluate`` plus a cached cross-record check; ``saved(int)`` is
emitted after each save.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.style import set_tone
from desktop_app.core.findings import Evaluation, Finding, error
from desktop_app.core.status import READY
from desktop_app.gui.changes import notify
from desktop_app.gui.forms.builder import FormView
from desktop_app.gui.forms.panels import finding_text
from desktop_app.gui.forms.roster import RosterEditor
from desktop_app.gui.permissions import gate, refusal
from desktop_app.services import form_session, records
from desktop_app.services.errors import ServiceError, ValidationFailed

log = logging.getLogger(__name__)
DEBOUNCE_MS = 150
KIND_TABS = {"application": "申请表", "survey": "测评表", "registration": "登记表", "demand": "需求表",
             "record": "登记"}
_ROSTER_REF = re.compile(r"roster\[(\d+)\](?:\.(\w+))?")
_OPENED = itertools.count()  # editors are asked on quit in the order they were opened


def _norm(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [], False) and k != "seq"}


class RecordEditor(QWidget):
    saved = Signal(int)
    status_changed = Signal(int, str)
    close_requested = Signal()

    def __init__(self, app: Any, record_id: int | None, project_code: str | None, form_code: str | None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.opened_seq = next(_OPENED)
        self.app = app
        self.today = today or dt.date.today()
        self.state = form_session.load_state(app, record_id=record_id, project_code=project_code,
                                             form_code=form_code)
        self.spec = app.specs[self.state.form_code]
        self.setWindowTitle(f"{self.spec.title_for(self.state.project.year)}[*]")
        self.rspec = form_session.roster_spec(app.specs, self.spec)
        self.project = self.state.project
        self.cross = form_session.LiveCrossCheck(app, self.project.code, self.spec)
        self.findings: list[Finding] = []
        self.evaluation = Evaluation()
        self._saved_values: dict[str, Any] = {}
        self._saved_roster: list[dict[str, Any]] = []

        lay = QVBoxLayout(self)
        lay.addLayout(self._top_bar())
        self.returned_banner = QLabel(self)
        self.returned_banner.setWordWrap(True)
        self.returned_banner.setObjectName("returnedBanner")  # gui/style.py
        lay.addWidget(self.returned_banner)
        self.form_view = FormView(self.spec, self.project.year, self)
        self.form_view.finding_activated.connect(self._activate_finding)
        self.roster_editor: RosterEditor | None = None
        self.tabs: QTabWidget | None = None
        if self.rspec is not None:
            self.roster_editor = RosterEditor(self.rspec, self.project.year, self, today=self.today)
            self.roster_editor.changed.connect(self._changed)
            from desktop_app.gui.excel.entry import (
                add_editor_button,  # 从 Excel 导入… (this record)
            )

            self.excel_import_button = add_editor_button(self)
        if self.spec.kind == "roster" and self.roster_editor is not None:
            self.roster_editor.setMinimumHeight(420)
            self.form_view.paper_layout.insertWidget(self.form_view.paper_layout.count() - len(self.spec.notes),
                                                     self.roster_editor)
            self.tabs = QTabWidget(self)
            self.tabs.addTab(self.form_view, "名册")
            lay.addWidget(self.tabs, 1)
        elif self.roster_editor is not None:
            self.tabs = QTabWidget(self)
            self.tabs.addTab(self.form_view, KIND_TABS.get(self.spec.kind, "表单"))
            page = QWidget()
            page_lay = QVBoxLayout(page)
            rtitle = QLabel(f"{self.rspec.attachment or ''}　{self.rspec.title_for(self.project.year)}".strip())
            rtitle.setStyleSheet("font-size: 16px; font-weight: bold;")
            page_lay.addWidget(rtitle)
            page_lay.addWidget(self.roster_editor, 1)
            short = self.rspec.title.replace("{year} 年", "").replace("{year}年", "").strip()
            self.tabs.addTab(page, f"名册（{self.rspec.attachment}）" if self.rspec.attachment else short)
            lay.addWidget(self.tabs, 1)
        else:
            self.tabs = QTabWidget(self)
            self.tabs.addTab(self.form_view, KIND_TABS.get(self.spec.kind, "表单"))
            lay.addWidget(self.tabs, 1)
        self._add_history_tab()
        lay.addLayout(self._buttons())
        self.form_view.changed.connect(self._changed)
        from desktop_app.gui.forms.directory import DirectoryCompletion  # unit names fill the form

        self.directories = DirectoryCompletion(app, self.form_view, self.spec,
                                               self.roster_editor.view if self.roster_editor is not None else None)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.evaluate_now)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_slot,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._load_saved()

    # -- layout --------------------------------------------------------------------------
    def _add_history_tab(self) -> None:
        """历史 (issue 12): every change of this record, field by field, with its operator;
        loaded when the tab is shown and after each save or status change."""
        from desktop_app.gui.history_view import HistoryView

        labels = {f.key: f.display_label for f in (*self.spec.fields, *self.spec.computed)}
        labels.update({"roster": "名册", "headcount": "计入人数", "subsidy_fen": "补助"})
        options = {f.key: {o.value: o.label for o in f.options} for f in self.spec.fields if f.options}
        self.history_view = HistoryView(self._history_rows, labels, self, options=options)
        assert self.tabs is not None
        self.history_index = self.tabs.addTab(self.history_view, "历史")
        self.tabs.currentChanged.connect(self._tab_changed)

    def _history_rows(self) -> list[dict[str, Any]]:
        if self.state.record_id is None:
            return []
        from desktop_app.services.history import record_history

        with self.app.session() as s:
            return record_history(s, self.state.record_id)

    def _tab_changed(self, index: int) -> None:
        if index == self.history_index:
            self.history_view.refresh()

    def _refresh_history(self) -> None:
        if self.tabs is not None and self.tabs.currentIndex() == self.history_index:
            self.history_view.refresh()

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.project_label = QLabel(f"项目：{self.project.short_name}（{self.project.code}）", self)
        code = self.spec.attachment or self.spec.code
        self.title_label = QLabel(f"{code}　{self.spec.title_for(self.project.year)}", self)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.revision_label = QLabel(self)
        for w in (self.project_label, self.title_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel("状态：", self))
        bar.addWidget(self.status_label)
        bar.addWidget(self.revision_label)
        self._print_controls(bar)
        return bar

    # -- printing ------------------------------------------------------------------------
    def _print_controls(self, bar: QHBoxLayout) -> None:
        """打印预览 (Ctrl+P) and the 纸质版 label on the top bar."""
        self.paper_label = QLabel(self)
        self.paper_label.setObjectName("paperStatus")
        self.preview_button = QPushButton("打印预览（Ctrl+P）", self)
        self.preview_button.clicked.connect(self.print_preview)
        bar.addSpacing(12)
        bar.addWidget(self.paper_label)
        bar.addWidget(self.preview_button)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_preview,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.saved.connect(lambda _rid: self.refresh_paper_status())
        self.status_changed.connect(lambda _rid, _st: self.refresh_paper_status())
        self.refresh_paper_status()

    def refresh_paper_status(self) -> None:
        from desktop_app.gui.printing.hooks import show_paper_status

        show_paper_status(self.paper_label, self.app, self.state.record_id)

    def print_preview(self) -> Any:
        """The saved record is what prints: save first when there are changes."""
        from desktop_app.gui import messages

        if self.state.record_id is None or (self.state.editable and self.is_dirty()):
            if not messages.confirm(self, "打印的是已保存的记录。先保存当前更改，再打印预览？", "打印预览"):
                return None
            if not self.save():
                return None
        from desktop_app.gui.printing.preview import open_preview

        return open_preview(self.app, [self.state.record_id], self, lambda _result: self._printed())

    def _printed(self) -> None:
        """Printing moves a clean draft to 待盖章 (and a new revision): take it over."""
        with self.app.session() as s:
            rec = records.get_record(s, self.state.record_id)
            status, revision = rec.status, rec.revision
        changed = status != self.state.status
        self.state.status, self.state.revision = status, revision
        self._update_header()
        self.refresh_paper_status()
        if changed:
            self.status_changed.emit(self.state.record_id, status)

    def _buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.save_button = QPushButton("保存（Ctrl+S）", self)
        self.save_button.clicked.connect(self._save_slot)
        self.ready_button = QPushButton("标记待盖章", self)
        self.ready_button.setToolTip("打印盖章前标记；仍有错误时不能标记")
        self.ready_button.clicked.connect(self._ready_slot)
        self.revert_button = QPushButton("撤销更改", self)
        self.revert_button.clicked.connect(self.revert)
        self.dirty_label = QLabel(self)
        set_tone(self.dirty_label, "warning")
        bar.addWidget(self.dirty_label)
        bar.addStretch(1)
        for b in (self.revert_button, self.ready_button, self.save_button):
            bar.addWidget(b)
        return bar

    def _update_header(self) -> None:
        st = self.state
        self.status_label.setText(st.status_label)
        self.revision_label.setText(f"　第 {st.revision} 版" if st.revision else "")
        from desktop_app.core import status as status_type

        reason = st.reason if st.status == status_type.RETURNED.key else None

        locked = status_type.get(st.status).lock_reason() if st.record_id is not None else None
        if reason:
            banner = f"区总工会退回原因：{reason}"
        elif locked:  # 已通过 / 已结算 / 已报送 / 已作废: read-only, and why (issue 12)
            banner = locked + (f"（作废原因：{st.reason}）" if st.status == status_type.VOIDED.key and st.reason else "")
        else:
            banner = ""
        self.returned_banner.setText(banner)
        self.returned_banner.setVisible(bool(banner))
        role_refusal = refusal(self.app, "records")  # issue 15: a viewer (or reviewer) only reads
        editable = st.editable and role_refusal is None
        self.form_view.set_read_only(not editable)
        if self.roster_editor is not None:
            self.roster_editor.set_read_only(not editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        self.ready_button.setEnabled(editable and status_type.get(st.status).can_become(status_type.READY.key, "town"))
        if role_refusal is not None:
            gate(self.app, "records", self.save_button, self.revert_button, self.ready_button)
            self.dirty_label.setText(role_refusal + "，只能查看。")
        elif not editable:
            self.dirty_label.setText(f"状态为“{st.status_label}”，只能查看，不能修改。")

    # -- values --------------------------------------------------------------------------
    def current_input(self) -> records.RecordInput:
        values = self.form_view.values() if self.spec.kind != "roster" else {}
        roster = self.roster_editor.rows() if self.roster_editor is not None else []
        return records.RecordInput(values=values, roster=roster)

    def _load_saved(self) -> None:
        self.form_view.set_values(self.state.values)
        if self.roster_editor is not None:
            self.roster_editor.set_rows(self.state.roster)
        self._saved_values = _norm(self.form_view.values())
        self._saved_roster = [_norm(r) for r in self.roster_editor.rows()] if self.roster_editor else []
        self._update_header()
        self.evaluate_now()
        if self.state.record_id is not None and self.state.findings:
            self._show(self.evaluation, self.state.findings)
        self._update_dirty()

    def is_dirty(self) -> bool:
        data = self.current_input()
        return _norm(data.values) != self._saved_values or [_norm(r) for r in data.roster] != self._saved_roster

    def _update_dirty(self) -> None:
        if not self.state.editable or refusal(self.app, "records") is not None:
            return
        dirty = self.is_dirty()
        self.dirty_label.setText("有未保存的更改" if dirty else "")
        self.setWindowModified(dirty)

    def _changed(self) -> None:
        self._timer.start()

    # -- evaluation ----------------------------------------------------------------------
    def evaluate_now(self) -> Evaluation:
        self._timer.stop()
        data = self.current_input()
        if self.roster_editor is not None and self.spec.headcount_field:
            self.roster_editor.set_headcount(data.values.get(self.spec.headcount_field))
        if self.roster_editor is not None:  # R-ID-4: ages stated at the record's reference date
            from desktop_app.core.forms import reference_date

            self.roster_editor.model.set_age_on(reference_date(self.spec, data.values, self.project.year, self.today))
        try:
            ev = records.evaluate(self.app.specs, self.spec, self.project, data, today=self.today)
        except Exception:  # an evaluator bug must not take the form down
            log.exception("evaluate %s failed", self.spec.code)
            ev = Evaluation(findings=[error("R-FORM-1", "自动检查出错，详情见日志；可先保存为草稿。")])
        cross: list[Finding] = []
        try:
            cross = self.cross.findings(data, self.state.record_id)
        except ServiceError as exc:
            log.warning("cross-record check: %s", exc)
        self.evaluation = ev
        self._show(ev, cross)
        self._update_dirty()
        return ev

    def _show(self, ev: Evaluation, extra: list[Finding]) -> None:
        self.form_view.set_evaluation(ev, extra)
        self.findings = list(self.form_view.findings_list.findings)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def _activate_finding(self, finding: Finding) -> None:
        for key in finding.fields:
            m = _ROSTER_REF.match(key)
            if m and self.roster_editor is not None:
                if self.tabs is not None and self.spec.kind != "roster":
                    self.tabs.setCurrentIndex(1)  # the roster's own tab (a 2-3-6 has it on the form)
                self.roster_editor.focus_row(int(m.group(1)), m.group(2))
                return

    # -- actions -------------------------------------------------------------------------
    # Slots return None: a Python slot returning a value has tripped PySide refcounting.
    def _save_slot(self) -> None:
        self.save()

    def _ready_slot(self) -> None:
        self.mark_ready()

    def save(self) -> bool:
        """Save; with errors offer 存为草稿. True when stored."""
        if not self.state.editable or refusal(self.app, "records") is not None:
            return False
        self.evaluate_now()
        data = self.current_input()
        try:
            out = form_session.save(self.app, self.state, data, today=self.today)
        except ValidationFailed as exc:
            if not exc.findings:
                QMessageBox.warning(self, "未能保存", str(exc))
                return False
            self._show(self.evaluation, list(exc.findings))
            errors = [f for f in exc.findings if f.is_error]
            listing = "\n".join(f"· {finding_text(f)}" for f in errors[:12])
            more = f"\n……共 {len(errors)} 处" if len(errors) > 12 else ""
            answer = QMessageBox.question(
                self, "记录有错误", f"{exc}\n\n{listing}{more}\n\n是否先存为草稿，稍后改正？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                out = form_session.save(self.app, self.state, data, draft=True, today=self.today)
            except ServiceError as exc2:
                QMessageBox.warning(self, "未能保存", str(exc2))
                return False
        except ServiceError as exc:
            QMessageBox.warning(self, "未能保存", str(exc))
            return False
        self._after_save(out, data)
        return True

    def _after_save(self, out: form_session.SaveOutcome, data: records.RecordInput) -> None:
        st = self.state
        st.record_id, st.status, st.revision = out.record_id, out.status, out.revision
        st.values, st.roster = dict(data.values), [dict(r) for r in data.roster]
        st.findings = list(out.findings)
        self._saved_values = _norm(data.values)
        self._saved_roster = [_norm(r) for r in data.roster]
        self.cross.invalidate()
        self._update_header()
        self._show(self.evaluation, out.findings)
        self._update_dirty()
        self.directories.reload()  # a unit or check centre saved just now is offered next time
        self.saved.emit(out.record_id)
        self._refresh_history()
        notify("records")  # every open list and the home page follow (issue 12)

    def mark_ready(self) -> bool:
        """标记待盖章: saved first; refused while errors remain (they are listed)."""
        if self.state.record_id is None or self.is_dirty():
            if not self.save():
                return False
        errors = self.errors()
        if errors:
            listing = "\n".join(f"· {finding_text(f)}" for f in errors[:12])
            QMessageBox.warning(self, "不能标记待盖章", f"记录仍有 {len(errors)} 处错误，请先改正：\n\n{listing}")
            return False
        assert self.state.record_id is not None
        try:
            status, revision = form_session.set_status(self.app, self.state.record_id, READY.key)
        except ServiceError as exc:
            QMessageBox.warning(self, "不能标记待盖章", str(exc))
            return False
        self.state.status, self.state.revision = status, revision
        self._update_header()
        self.status_changed.emit(self.state.record_id, status)
        self._refresh_history()
        notify("records")  # the list no longer shows 草稿 (issue 12)
        return True

    def revert(self) -> None:
        """撤销更改: back to the last saved state (blank for a new record)."""
        self._load_saved()

    def maybe_close(self) -> bool:
        """True when the editor may close (no changes, saved, or discarded)."""
        if not self.state.editable or not self.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "未保存的更改", f"“{self.spec.title_for(self.project.year)}”有未保存的更改。",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Cancel)
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard:
            self.revert()
            return True
        return False

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            if self.maybe_close():
                self.close_requested.emit()
            return
        super().keyPressEvent(event)


class RecordDialog(QDialog):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setWindowTitle(f"{editor.spec.title_for(editor.project.year)}[*]")
        lay = QVBoxLayout(self)
        lay.addWidget(editor)
        editor.close_requested.connect(self.accept)
        from desktop_app.gui.screen_fit import fit_window

        # The paper scrolls inside the editor; the save bar stays below it, on screen.
        self.setMinimumSize(760, 480)
        fit_window(self, (1280, 900))

    def reject(self) -> None:
        if self.editor.maybe_close():
            super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        if self.editor.maybe_close():
            event.accept()
        else:
            event.ignore()


def open_record_dialog(app: Any, record_id: int | None = None, project_code: str | None = None,
                       form_code: str | None = None, parent: QWidget | None = None) -> RecordDialog:
    """A dialog around a RecordEditor (shown, not exec'd: call ``exec()`` for a modal one)."""
    dialog = RecordDialog(RecordEditor(app, record_id, project_code, form_code), parent)
    dialog.show()
    return dialog
