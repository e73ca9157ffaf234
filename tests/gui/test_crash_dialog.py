"""Crash dialog: the Chinese message names the log; shown only where a window can be shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop_app.gui import crash


@pytest.fixture()
def restore_hook():
    saved_hook, saved_state = sys.excepthook, dict(crash._state)
    yield
    sys.excepthook = saved_hook
    crash._state.clear()
    crash._state.update(saved_state)


def test_message_names_the_log_file(tmp_path: Path) -> None:
    text = crash.crash_message(tmp_path / "logs" / "unionledger.log", ValueError("坏了"))
    assert "程序出现意外错误" in text
    assert "日志位置：" in text and str(tmp_path / "logs" / "unionledger.log") in text
    assert "ValueError: 坏了" in text


def test_no_modal_dialog_under_offscreen(qapp, monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert crash.show_crash_dialog("x.log", RuntimeError("x")) is False


def test_hook_chains_to_previous_and_shows_dialog(qapp, monkeypatch, tmp_path: Path, restore_hook) -> None:
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []
    shown: list[str] = []
    sys.excepthook = lambda t, e, tb: seen.append(str(e))
    crash._state.update({"showing": False, "installed": None})
    monkeypatch.setattr(crash, "_dialog_allowed", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)

    log_file = tmp_path / "logs" / "unionledger.log"
    hook = crash.install_crash_dialog(log_file)
    assert sys.excepthook is hook
    assert crash.install_crash_dialog(log_file) is hook  # idempotent

    try:
        raise RuntimeError("测试异常")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert seen == ["测试异常"]
    assert len(shown) == 1 and str(log_file) in shown[0] and "测试异常" in shown[0]

    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert len(shown) == 1  # no dialog for Ctrl+C
