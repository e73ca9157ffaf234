"""gui.qtfix: PySide6's Signal.emit() loses a reference to True on this PySide6 + Python 3.11.

The first test FAILS once the leak is gone (a fixed PySide6, or Python >= 3.12 with immortal
bools): then gui/qtfix.py and its call in gui/__init__.py are to be deleted, with this file.
"""

from __future__ import annotations

import sys

from desktop_app.gui import qtfix


def test_the_unpatched_emit_still_leaks_so_the_patch_is_needed() -> None:
    assert qtfix.original_emit is not None  # installed when desktop_app.gui was imported
    lost = qtfix.measure_loss(qtfix.original_emit)
    assert lost >= 1, (
        f"PySide6 {__import__('PySide6').__version__} on Python {sys.version.split()[0]} no longer loses a "
        "reference to True per emit: delete desktop_app/gui/qtfix.py, its install() call and this test")


def test_the_patched_emit_keeps_the_count() -> None:
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal(int)

    assert qtfix.measure_loss() == 0  # the installed emit
    probe = Probe()
    before = sys.getrefcount(True)
    for i in range(1000):
        probe.ping.emit(i)
    assert abs(sys.getrefcount(True) - before) < 10  # unpatched: 1,000 fewer (then a crash)
