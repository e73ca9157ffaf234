"""Windows that fit the screen they are on (1366×768 laptops, 1920×1080 at 150 %).

- `initial_size(preferred, widget)`: a window's first size, the preferred one shrunk to the
  available screen (taskbar excluded) with a margin.
- `clamp_to_screen(window)`: move and shrink a window so its frame lies on the available
  screen (a geometry restored from another monitor or another scaling).
- `install(qapp)`: every top-level window is clamped when it is first shown, so no dialog —
  ours or Qt's, today's or one added later — opens with its buttons off screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

MARGIN = 0.92  # a first size leaves a little of the desktop visible


def screen_of(widget: QWidget | None = None) -> QScreen | None:
    screen = widget.screen() if widget is not None else None
    if screen is None and widget is not None and widget.parentWidget() is not None:
        screen = widget.parentWidget().screen()
    return screen or QGuiApplication.primaryScreen()


def available(widget: QWidget | None = None) -> QRect:
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def frame_extra(window: QWidget) -> QSize:
    """Title bar and borders around the client area (0 offscreen and before the first show)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def initial_size(preferred: QSize | tuple[int, int], widget: QWidget | None = None,
                 margin: float = MARGIN) -> QSize:
    if isinstance(preferred, tuple):
        preferred = QSize(*preferred)
    area = available(widget)
    return QSize(min(preferred.width(), int(area.width() * margin)),
                 min(preferred.height(), int(area.height() * margin)))


def fit_window(window: QWidget, preferred: QSize | tuple[int, int]) -> None:
    """Resize to `preferred` or less, centred on the available screen."""
    size = initial_size(preferred, window.parentWidget() or window)
    window.resize(size.expandedTo(window.minimumSize()).boundedTo(available(window).size()))
    area = available(window.parentWidget() or window)
    window.move(area.center() - QPoint(window.width() // 2, window.height() // 2))


def clamp_to_screen(window: QWidget) -> bool:
    """Shrink and move `window` onto its available screen; True when something changed."""
    area = available(window)
    extra = frame_extra(window)
    max_w, max_h = area.width() - extra.width(), area.height() - extra.height()
    changed = False
    if window.width() > max_w or window.height() > max_h:
        window.resize(min(window.width(), max_w), min(window.height(), max_h))
        changed = True
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
        changed = True
    return changed


class _ClampOnShow(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow()
                and obj.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)):
            if obj.minimumWidth() > available(obj).width() or obj.minimumHeight() > available(obj).height():
                area = available(obj)
                obj.setMinimumSize(obj.minimumSize().boundedTo(area.size()))
            clamp_to_screen(obj)
        return False


_filter: _ClampOnShow | None = None


def install(qapp: QApplication) -> None:
    global _filter
    if _filter is None:
        _filter = _ClampOnShow(qapp)
        qapp.installEventFilter(_filter)
