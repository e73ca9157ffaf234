"""Background tasks: result on the main thread, errors delivered, delayed progress dialog, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.gui import tasks
from desktop_app.services.errors import ValidationFailed


@pytest.fixture()
def threaded(qapp, dialogs, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tasks, "SYNCHRONOUS", False)
    return dialogs


def test_result_delivered_on_main_thread(qtbot, threaded) -> None:
    seen = {}

    def work(progress):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.current_thread()
        progress(0.5, "一半")
        return 42

    def done(result):  # type: ignore[no-untyped-def]
        seen["result"] = result
        seen["done_thread"] = threading.current_thread()

    tasks.run_task(None, "测试", work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=15000)
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()
    assert tasks.running() == 0


def test_service_error_shown_in_chinese(qtbot, threaded) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        raise ValidationFailed("名册有 3 处错误。")

    tasks.run_task(None, "测试", work)
    qtbot.waitUntil(lambda: "warning" in threaded.kinds(), timeout=15000)
    assert threaded.texts("warning") == ["名册有 3 处错误。"]


def test_bug_goes_to_crash_handler(qtbot, threaded) -> None:
    tasks.run_task(None, "测试", lambda progress: 1 / 0)
    qtbot.waitUntil(lambda: bool(threaded.crashes), timeout=15000)
    assert isinstance(threaded.crashes[0], ZeroDivisionError)


def test_dialog_appears_late_and_cancel_stops_the_task(qtbot, threaded) -> None:
    release = threading.Event()
    outcome = {}

    def work(progress):  # type: ignore[no-untyped-def]
        while not release.wait(0.01):
            if not progress(None, "处理中"):
                raise tasks.Cancelled()
        return "finished"

    task = tasks.run_task(None, "长时间操作", work, lambda r: outcome.setdefault("result", r),
                          lambda e: outcome.setdefault("error", e), delay_ms=50)
    try:
        assert task.dialog is None  # not at once
        qtbot.waitUntil(lambda: task.dialog is not None, timeout=15000)
        assert task.dialog.labelText() in ("长时间操作", "处理中")
        button = task.dialog.findChild(QPushButton)
        assert button.text() == "取消"
        button.click()
        qtbot.waitUntil(lambda: "error" in outcome, timeout=15000)
        assert isinstance(outcome["error"], tasks.Cancelled)
        assert task.dialog is None and task.done
    finally:
        release.set()


def test_quick_task_never_shows_a_dialog(qtbot, threaded) -> None:
    out = []
    task = tasks.run_task(None, "快", lambda progress: "ok", out.append, delay_ms=400)
    qtbot.waitUntil(lambda: bool(out), timeout=15000)
    qtbot.wait(450)
    assert task.dialog is None


def test_synchronous_stand_in(qapp, sync_tasks) -> None:
    out = []
    tasks.run_task(None, "同步", lambda progress: progress(0.5, "x") and "ok", out.append)
    assert out == ["ok"]
