"""Long work off the GUI thread (DESIGN §3; Anki `aqt/operations`, calibre `threaded_jobs`).

`run_task(parent, title, fn, on_done, on_error)` runs `fn(progress)` on a worker thread of the
global QThreadPool. The worker never touches widgets: it reports through `progress(fraction,
message) -> bool` (fraction 0..1, or None when unknown) and the result or exception reaches
the main thread through queued signals. A progress dialog appears only when the work takes
longer than PROGRESS_DELAY_MS; its 取消 button sets an abort flag that the next `progress()`
call returns as False — the task then stops and raises `Cancelled` (nothing half-written:
the services' own transactions roll back).

Tests set `SYNCHRONOUS = True` (fixture in tests/gui/conftest.py): `fn` then runs inline.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.services.errors import Cancelled
from desktop_app.services.progress import ProgressFn

log = logging.getLogger(__name__)

SYNCHRONOUS = False
PROGRESS_DELAY_MS = 500
_RUNNING: set["Task"] = set()


def _no_progress(fraction: float | None = None, message: str = "") -> bool:
    return True


class Task(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[ProgressFn], Any],
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None,
                 delay_ms: int) -> None:
        super().__init__()
        self.parent_widget = parent
        self.title = title
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.abort = threading.Event()
        self.done = False
        self.dialog: QProgressDialog | None = None
        self._last: tuple[float, str] = (-1.0, "")
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(delay_ms, self._show_dialog)

    # -- worker side -------------------------------------------------------------------
    def report(self, fraction: float | None = None, message: str = "") -> bool:
        try:
            self.progressed.emit(-1.0 if fraction is None else max(0.0, min(1.0, float(fraction))), message)
        except RuntimeError:  # the program is closing and the Task is gone: stop
            self.abort.set()
        return not self.abort.is_set()

    def work(self) -> None:
        try:
            try:
                result = self.fn(self.report)
            except BaseException as exc:  # noqa: BLE001 - delivered to the main thread
                self.failed.emit(exc)
            else:
                self.succeeded.emit(result)
        except RuntimeError:  # the Task was deleted while the program closed
            log.info("task %r finished after its window closed", self.title)

    # -- main-thread side --------------------------------------------------------------
    @Slot()
    def _show_dialog(self) -> None:
        if self.done or self.dialog is not None:
            return
        dlg = QProgressDialog(self.title, "取消", 0, 1000, self.parent_widget)
        dlg.setWindowTitle(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._apply(*self._last)
        dlg.show()

    @Slot()
    def cancel(self) -> None:
        self.abort.set()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self._last = (fraction, message)
        self._apply(fraction, message)

    def _apply(self, fraction: float, message: str) -> None:
        if self.dialog is None or self.abort.is_set():
            return
        if fraction < 0:
            self.dialog.setRange(0, 0)  # busy indicator
        else:
            self.dialog.setRange(0, 1000)
            self.dialog.setValue(int(fraction * 1000))
        self.dialog.setLabelText(message or self.title)

    def _finish(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _RUNNING.discard(self)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._finish()
        if self.on_done is not None:
            self.on_done(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        deliver_error(self.parent_widget, exc, self.on_error)


def deliver_error(parent: QWidget | None, exc: BaseException,
                  on_error: Callable[[BaseException], None] | None) -> None:
    if on_error is not None:
        on_error(exc)
    elif isinstance(exc, Cancelled):
        log.info("task cancelled: %s", exc)
    else:
        from desktop_app.gui.messages import show_error

        show_error(parent, exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task.work()


class _DoneTask:
    """What run_task returns in synchronous mode: already finished."""

    done = True
    abort = threading.Event()

    def cancel(self) -> None:
        pass


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[[ProgressFn], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    delay_ms: int | None = None,
) -> Task | _DoneTask:
    """Run `fn(progress)` off the GUI thread; `on_done(result)` / `on_error(exc)` run on the
    main thread. Without `on_error`, errors are shown (ServiceError as its Chinese message,
    anything else as the crash dialog) and a cancel is only logged."""
    if SYNCHRONOUS:
        try:
            result = fn(_no_progress)
        except Exception as exc:  # noqa: BLE001 - same delivery as the threaded path
            deliver_error(parent, exc, on_error)
        else:
            if on_done is not None:
                on_done(result)
        return _DoneTask()
    task = Task(parent, title, fn, on_done, on_error, PROGRESS_DELAY_MS if delay_ms is None else delay_ms)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(_Runnable(task))
    return task


def running() -> int:
    return len(_RUNNING)
