"""Workaround for a PySide6 6.12 refcount bug on Python 3.11: ``SignalInstance.emit()`` of a
Python-defined ``Signal`` drops one reference to ``True`` per call (measured: 10 emits → the
refcount of True down by 10, with or without receivers). A few hundred emits later CPython
deallocates True and aborts ("Fatal Python error: bool_dealloc"). Python ≥ 3.12 has immortal
bools, so the bug is harmless there.

``install()`` measures the loss once with a probe object and, only if there is one, wraps
``SignalInstance.emit`` to give the references back (``Py_IncRef``). Idempotent; a fixed
PySide measures 0 and is left alone. Call it before any custom signal is emitted (importing
``desktop_app.gui.forms`` does).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_installed = False
_loss_per_emit = 0


def measure_loss() -> int:
    """References to True lost by one emit of a Python signal (0 when PySide is right)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return max(0, lost // 4)


def install() -> int:
    """Install the compensation if this PySide needs it; returns references restored per emit."""
    global _installed, _loss_per_emit
    if _installed:
        return _loss_per_emit
    _installed = True
    from PySide6.QtCore import SignalInstance

    _loss_per_emit = measure_loss()
    if not _loss_per_emit:
        return 0
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    true_obj = ctypes.py_object(True)
    loss = _loss_per_emit

    def emit(self: Any, *args: Any) -> Any:
        try:
            return original(self, *args)
        finally:
            for _ in range(loss):
                incref(true_obj)

    SignalInstance.emit = emit  # type: ignore[method-assign]
    return loss
