"""Message boxes in Chinese: ServiceError messages, confirmations, questions; crash handling.

Every dialog goes through the QMessageBox / QInputDialog statics or `exec()`, so the GUI tests
can patch them (PITFALLS §3.23).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.services.errors import ServiceError, ValidationFailed

log = logging.getLogger(__name__)
_log_file: Path | None = None
MAX_FINDINGS_SHOWN = 12


def error_text(exc: BaseException) -> str | None:
    """The Chinese text for an error a user can cause, or None for a bug."""
    from desktop_app.store.db import is_busy
    from desktop_app.store.migrate import StoreError

    if isinstance(exc, ValidationFailed) and exc.findings:
        lines = [str(exc)]
        for f in exc.findings[:MAX_FINDINGS_SHOWN]:
            message = getattr(f, "message", None) or (f.get("message") if isinstance(f, dict) else str(f))
            lines.append(f"• {message}")
        if len(exc.findings) > MAX_FINDINGS_SHOWN:
            lines.append(f"…… 另有 {len(exc.findings) - MAX_FINDINGS_SHOWN} 条")
        return "\n".join(lines)
    if isinstance(exc, (ServiceError, StoreError)):
        return str(exc)
    if isinstance(exc, OSError):
        from desktop_app.disk_errors import chinese

        return chinese(exc)  # where, why, what to do; never the system's English text
    if is_busy(exc):
        from desktop_app.store.db import StoreBusy

        return str(StoreBusy())
    if type(exc).__name__ == "PanicException":
        return "文件已损坏（内部结构不完整或被改动过），无法读取。请让对方重新保存后再发送。"
    return None


def show_error(parent: QWidget | None, exc: BaseException | str, title: str = "无法完成操作") -> None:
    text = exc if isinstance(exc, str) else error_text(exc)
    if text is not None:
        QMessageBox.warning(parent, title, text)
        return
    assert isinstance(exc, BaseException)
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    show_crash(parent, exc)


def show_crash(parent: QWidget | None, exc: BaseException) -> None:
    """A bug, not a user's mistake: the packaging work's crash dialog (gui/crash.py), which
    names the log file; it stays silent under the offscreen platform (tests, smoke runs)."""
    from desktop_app.gui.crash import show_crash_dialog

    show_crash_dialog(_log_file or "unionledger.log", exc)


def info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value.strip() if ok and value.strip() else None


def install_excepthook(log_file: Path) -> None:
    """Uncaught exceptions in GUI slots: logged, then the crash dialog (the program goes on)."""
    global _log_file
    _log_file = log_file
    from desktop_app.gui.crash import install_crash_dialog

    install_crash_dialog(log_file)
