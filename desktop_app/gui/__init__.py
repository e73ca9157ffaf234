"""Everything PySide6. Importing this package first applies the PySide6 signal workaround."""

from __future__ import annotations

from desktop_app.gui import qtfix

qtfix.install()  # PySide6 6.12 + Python 3.11: Signal.emit() loses a reference to True
