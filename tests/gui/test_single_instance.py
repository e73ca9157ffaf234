"""Single-instance guard: the lock file decides, a second start asks the first to show itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop_app.gui.single_instance import LOCK_NAME, SingleInstance, raise_window, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_first_instance_acquires_and_second_is_refused_and_activates(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.acquire()
    assert first.is_primary()
    assert (tmp_path / "data" / LOCK_NAME).exists()

    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.activation_requested, timeout=15000):
        assert not second.acquire()
    assert not second.is_primary()

    first.release()
    third = SingleInstance(tmp_path / "data")
    assert third.acquire()
    third.release()


def test_other_data_folder_is_independent(qtbot, tmp_path: Path) -> None:
    a = SingleInstance(tmp_path / "a")
    b = SingleInstance(tmp_path / "b")
    assert a.acquire() and b.acquire()
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    a.release()
    b.release()


def test_second_process_is_refused_and_raises_the_window(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    first = SingleInstance(tmp_path)
    assert first.acquire()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    first.activation_requested.connect(lambda: raise_window(window))
    code = textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QCoreApplication
        from desktop_app.gui.single_instance import SingleInstance
        app = QCoreApplication([])
        guard = SingleInstance({str(tmp_path)!r})
        sys.exit(0 if guard.acquire() else 7)
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    with qtbot.waitSignal(first.activation_requested, timeout=15000):
        pass
    assert proc.wait(timeout=30) == 7
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=15000)
    first.release()


def test_stale_lock_of_a_dead_process_is_taken_over(qtbot, tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(tmp_path / LOCK_NAME)!r})
        assert lock.tryLock(100)
        os._exit(0)  # dies holding the lock: the file stays behind
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert (tmp_path / LOCK_NAME).exists()
    guard = SingleInstance(tmp_path)
    assert guard.acquire()
    guard.release()


def test_module_level_acquire_raises_the_main_window(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from desktop_app.gui import single_instance

    guard = single_instance.acquire(tmp_path)
    assert guard and guard is not True
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    with qtbot.waitSignal(guard.activation_requested, timeout=15000):
        assert single_instance.acquire(tmp_path) is False
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=15000)
    guard.release()
