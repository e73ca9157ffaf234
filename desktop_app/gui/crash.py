"""Uncaught exceptions in the GUI: logged (logging_setup's hook), then a Chinese dialog that
says where the log is.

In a windowed build there is no console: without this a clerk sees the program vanish, or
nothing at all when an exception escapes a Qt slot (PySide6 prints it to stderr, which is a
log file). Call once, after `setup_logging()` and after the QApplication exists:

    from desktop_app.gui.crash import install_crash_dialog
    install_crash_dialog(log_file)

The dialog appears only when a QApplication exists, on the GUI thread, once at a time, and
never under the offscreen platform (tests, smoke runs), where a modal box would hang.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

TITLE = "工会实事台账 - 意外错误"

_state: dict[str, object] = {"showing": False, "installed": None}


def crash_message(log_file: Path | str, exc: BaseException | None = None) -> str:
    what = f"\n\n错误：{type(exc).__name__}: {exc}" if exc is not None else ""
    return (
        "程序出现意外错误，刚才的操作可能没有完成。已保存的数据不受影响。"
        f"{what}\n\n"
        f"日志位置：{log_file}\n\n"
        "如果问题反复出现，请把这个日志文件发给技术支持人员。"
    )


def _dialog_allowed() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    if os.environ.get("UNIONLEDGER_NO_CRASH_DIALOG"):
        return False
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or threading.current_thread() is not threading.main_thread():
        return False
    return QApplication.platformName() != "offscreen"


def show_crash_dialog(log_file: Path | str, exc: BaseException | None = None) -> bool:
    """Show the dialog if allowed; returns True when it was shown."""
    if _state["showing"] or not _dialog_allowed():
        return False
    from PySide6.QtWidgets import QApplication, QMessageBox

    _state["showing"] = True
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(TITLE)
        box.setText(crash_message(log_file, exc))
        if exc is not None:
            box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return True
    except Exception:  # noqa: BLE001 - never let the crash handler crash
        log.exception("could not show the crash dialog")
        return False
    finally:
        _state["showing"] = False


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_crash_dialog(log_file: Path | str) -> ExceptHook:
    """Wrap sys.excepthook: the previous hook runs first (it logs), then the dialog.

    Idempotent: a second call only updates the log path. Returns the installed hook.
    """
    installed = _state["installed"]
    if installed is not None:
        _state["log_file"] = log_file
        return installed  # type: ignore[return-value]
    _state["log_file"] = log_file
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        try:
            previous(exc_type, exc, tb)
        except Exception:  # noqa: BLE001
            pass
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            return
        if previous is sys.__excepthook__:
            # Nobody logged it yet (setup_logging not called): do it here.
            log.critical("未捕获的异常", exc_info=(exc_type, exc, tb))
        show_crash_dialog(_state["log_file"], exc)  # type: ignore[arg-type]

    sys.excepthook = hook
    _state["installed"] = hook
    return hook
