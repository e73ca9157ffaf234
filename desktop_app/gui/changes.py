"""One change signal for the whole window (issue 12 point 9): whatever changes records or
people — a save, a status change, a void or delete, an Excel import, an exchange package —
calls :func:`notify`; every open list and the home page listen to :func:`bus` and refresh.

Listeners that are not on screen only note that they are stale and refresh when shown, so a
change costs one query for the visible page, not one per page.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Changes(QObject):
    changed = Signal(str)  # what changed: "records", "people", "catalog" or "all"


_bus: Changes | None = None


def bus() -> Changes:
    global _bus
    if _bus is None:
        _bus = Changes()
    return _bus


def notify(what: str = "records") -> None:
    bus().changed.emit(what)


__all__ = ["Changes", "bus", "notify"]
