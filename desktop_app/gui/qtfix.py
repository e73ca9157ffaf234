"""Workaround for a PySide6 6.12 refcount bug on Python 3.11: ``SignalInstance.emit()`` of a
Python-defined ``Signal`` drops one reference to ``True`` per call (measured: 10 emits → the
refcount of True down by 10, with or without receivers). A few hundred emits later CPython
deallocates True and aborts ("Fatal Python error: bool_dealloc"). Python ≥ 3.12 has immortal
bools, so the bug is harmless there.

``install()`` measures the loss once with a probe object and, only if there is one, wraps
``SignalInstance.emit`` to give the references back (``Py_IncRef``). Idempotent; a fixed
PySide measures 0 and is left alone. Call it before any custom signal is emitted (importing
``desktop_app.gui`` does).

Kept with a test that fails once it is no longer needed (tests/gui/test_qtfix.py: the unpatched
emit still loses a reference on this PySide6 and Python); then delete this module and its call.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_installed = False
_loss_per_emit = 0
original_emit: Any = None  # PySide's own SignalInstance.emit (set by install())


def measure_loss(emit: Any = None) -> int:
    """References to True lost by one emit of a Python signal (0 when PySide is right);
    ``emit``: the SignalInstance.emit to measure (default: the current one)."""
    from PySide6.QtCore import QObject, Signal, SignalInstance

    class _Probe(QObject):
        ping = Signal()

    emit = emit or SignalInstance.emit
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        emit(probe.ping)
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return max(0, lost // 4)


def install() -> int:
    """Install the compensation if this PySide needs it; returns references restored per emit."""
    global _installed, _loss_per_emit, original_emit
    if _installed:
        return _loss_per_emit
    _installed = True
    from PySide6.QtCore import SignalInstance

    original_emit = SignalInstance.emit
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
