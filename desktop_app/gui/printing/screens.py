"""The print preview as the screenshot script shows it (build_scripts/screenshots.py)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.gui.screen_fit import fit_window
from desktop_app.gui.printing import jobs
from desktop_app.gui.printing.preview import PreviewDialog

if TYPE_CHECKING:
    from desktop_app.services.app import App


def preview_for_screenshot(app: "App", parent: QWidget | None = None,
                           project_code: str = "QP2023-03") -> PreviewDialog:
    """The preview of the project's first application, thumbnails and pages rendered."""
    ids = jobs.application_ids(app, project_code)[:1]
    dialog = PreviewDialog(app, ids, parent)
    fit_window(dialog, (1280, 860))  # the preferred size, shrunk to the screen
    dialog.show()
    dialog.render_all_thumbnails()
    deadline = time.monotonic() + 1.5  # QPdfView renders its pages on a worker thread
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)
    return dialog
