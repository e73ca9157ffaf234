"""Progress and cancellation for long use cases (imports, exports, printing).

A use case takes ``progress: ProgressFn | None``: the GUI's callback ``(fraction, message)``
(fraction 0..1, or None when unknown) that returns False when the clerk pressed 取消. The
use case then raises :class:`~desktop_app.services.errors.Cancelled` before it writes, so its
transaction rolls back and nothing is half-changed.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.services.errors import Cancelled

ProgressFn = Callable[[float | None, str], "bool | None"]


class ProgressReporter:
    """Calls ``progress(fraction, message)`` with the fraction clamped to 0..1; a False return
    raises Cancelled with ``cancel_message``."""

    def __init__(self, callback: ProgressFn | None,
                 cancel_message: str = "已取消，数据未作改动。") -> None:
        self.callback = callback
        self.cancel_message = cancel_message

    def __call__(self, fraction: float, message: str) -> None:
        if self.callback is not None and self.callback(min(max(fraction, 0.0), 1.0), message) is False:
            raise Cancelled(self.cancel_message)

    def note(self, fraction: float, message: str) -> None:
        """Report without a chance to cancel (a file is already written)."""
        if self.callback is not None:
            self.callback(min(max(fraction, 0.0), 1.0), message)
