"""TOWN mode of the 数据交换 page: what waits to be sent, 生成上报数据包…, 导入回执…,
导入审核结果（返回包）… and the history of packages. All work goes through the services
(desktop_app.services.exchange) on a worker thread (gui.tasks.run_task)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.exchange import common, passphrase, results
from desktop_app.gui.tasks import run_task
from desktop_app.gui.permissions import gate
from desktop_app.services import exchange as ex
from desktop_app.services import exchange_views as ev

if TYPE_CHECKING:
    from collections.abc import Callable
    
    from desktop_app.services.app import App

HISTORY_HEADERS = ["时间", "方向", "类型", "对方", "序号", "内容", "回执确认", "文件"]


def history_rows(rows: list[ev.HistoryRow]) -> list[list[Any]]:
    return [[h.when, h.direction_label, h.kind_label, h.peer, h.sequence, h.details,
             h.acknowledged or ("未收到回执" if (h.direction, h.kind) == ("out", "data") else ""), h.file_name]
            for h in rows]


class TownPanel(QWidget):
    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.status_box = QGroupBox("报送状态")
        form = QFormLayout(self.status_box)
        self.waiting = QLabel()
        self.waiting.setObjectName("bigNumber")
        self.last_sent = QLabel()
        self.since = QLabel()
        self.submitted = QLabel()
        common.selectable(self.last_sent, self.since)
        form.addRow("待报送的记录（待盖章）：", self.waiting)
        form.addRow("上次发出的数据包：", self.last_sent)
        form.addRow("回执确认到：", self.since)
        form.addRow("已报送、等待审核：", self.submitted)

        self.export_button = QPushButton("生成上报数据包…")
        self.export_button.setDefault(True)
        self.export_button.setToolTip("把待报送的记录和相关人员加密写入U盘（或其他文件夹），交给区总工会")
        self.all_box = QCheckBox("全部重新发送")
        self.all_box.setToolTip("不只是新增或修改的记录：把已报送、已通过、已结算的记录也全部重新发送")
        self.receipt_button = QPushButton("导入回执…")
        self.receipt_button.setToolTip("区总工会收到数据包后出具的回执；导入后相应记录标记为“已报送”")
        self.return_button = QPushButton("导入审核结果（返回包）…")
        self.return_button.setToolTip("区总工会的审核结果：通过、退回（含原因）、结算金额")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.all_box)
        buttons.addSpacing(24)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("hint")
        common.selectable(self.result)
        self.history = common.make_list_table(HISTORY_HEADERS, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_box)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(QLabel("收发记录："))
        layout.addWidget(self.history, 1)
        self.export_button.clicked.connect(self.export)
        self.receipt_button.clicked.connect(self.import_receipt)
        self.return_button.clicked.connect(self.import_return)
        gate(app, "export", self.export_button, self.all_box)  # issue 15: the role
        gate(app, "import", self.receipt_button, self.return_button)

    # -- status ----------------------------------------------------------------------
    def refresh(self) -> None:
        with self.app.session() as s:
            status = ev.town_status(s)
            history = ev.exchange_history(s)
        if status is not None:
            self.waiting.setText(f"{status.waiting_records} 条")
            last = status.last_sent
            if last is None:
                self.last_sent.setText("还没有发出过数据包")
            else:
                ack = f"，{status.unacknowledged} 个未收到回执" if status.unacknowledged else "，已收到回执"
                self.last_sent.setText(f"第 {last.sequence} 号（{last.when}，{last.details}）{ack}\n{last.file_name}")
            self.since.setText(f"{status.since} 之前的修改已被区总工会确认" if status.since
                               else "尚未收到回执（下一个数据包包含全部待报送的记录）")
            self.submitted.setText(f"{status.submitted} 条")
        common.fill_table(self.history, history_rows(history), numeric=(4,),
                          widths=(130, 50, 90, 170, 50, 230, 130))

    # -- actions ---------------------------------------------------------------------
    def export(self) -> None:
        folder = common.choose_folder(self, self.app, "选择保存数据包的文件夹（U 盘）")
        if folder is None:
            return
        secret = passphrase.ask_passphrase(self, "生成上报数据包")
        if secret is None:
            return
        full = self.all_box.isChecked()

        def work(progress: Any) -> ex.ExportResult:
            with self.app.transaction() as s:
                return ex.export_package(s, folder, secret, all=full, progress=progress)

        run_task(self, "正在生成上报数据包…", work, self._exported, self._failed("生成上报数据包"))

    def _exported(self, result: ex.ExportResult) -> None:
        self.all_box.setChecked(False)
        self.result.setText(f"文件：{result.path}\n{result.message}")
        self.refresh()
        common.messages.info(self, f"{result.message}\n\n文件：{result.path}", "数据包已生成")

    def import_receipt(self) -> None:
        files = common.choose_packages(self, self.app, "选择区总工会的回执文件", kinds=("receipt",))
        if files:
            self._import_with_passphrase("导入回执", files[0], ex.import_receipt, self._receipt_done)

    def _import_with_passphrase(self, what: str, path: Path, importer: Any, done: Any, problem: str = "",
                                tries: int = 0, **kw: Any) -> None:
        """Ask the key, import; a wrong key asks again for the same file (no picking it again)."""
        hint = (f"{problem}\n请重新输入（文件不必重新选择）。\n\n{passphrase.TOWN_HINT}" if problem else "")
        secret = passphrase.ask_passphrase(self, what, hint)
        if secret is None:
            return

        def work(progress: Any) -> Any:
            with self.app.transaction() as s:
                return importer(s, path, secret, progress=progress, **kw)

        failed = self._failed(what)

        def on_error(exc: BaseException) -> None:
            if _wrong_passphrase(exc) and tries + 1 < MAX_TRIES:
                self._import_with_passphrase(what, path, importer, done, str(exc), tries + 1, **kw)
            else:
                failed(exc)

        run_task(self, f"正在{what}…", work, done, on_error)

    def _receipt_done(self, result: Any) -> None:
        self.result.setText(result.message)
        self.refresh()
        from desktop_app.gui.changes import notify

        notify("records")  # 已报送 shows in every open list (issue 12)
        results.receipt_dialog(self, result).exec()

    def import_return(self) -> None:
        files = common.choose_packages(self, self.app, "选择区总工会的审核结果包", kinds=("return",))
        if files:
            self._import_with_passphrase("导入审核结果", files[0], ex.import_return, self._return_done,
                                         dry_run=False)

    def _return_done(self, result: Any) -> None:
        self.result.setText(result.message)
        self.refresh()
        from desktop_app.gui.changes import notify

        notify("records")  # the district's answers show in every open list (issue 12)
        results.return_dialog(self, result).exec()

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        show = common.exchange_error(self, f"{what}未完成")

        def handle(exc: BaseException) -> None:
            self.result.setText(f"{what}未完成：{common.messages.error_text(exc) or '内部错误'}")
            show(exc)

        return handle


MAX_TRIES = 3  # then the error is shown and the clerk starts again


def _wrong_passphrase(exc: BaseException) -> bool:
    """The key typed did not open the file (mistyped, or another town's): worth asking again."""
    return getattr(exc, "code", "") in ("passphrase", "integrity") or bool(getattr(exc, "wrong_key", False))
