"""The import wizard's step page: 下一步 runs a long service step first, off the GUI thread.

Its own module so that the wizard (import_wizard) and its pages (wizard_pages) both import it
and neither imports the other at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from desktop_app.gui.tasks import run_task


class StepWizard(Protocol):
    """What a step needs of its wizard (import_wizard.ImportWizard)."""

    busy: bool
    task: Any

    def next(self) -> None: ...

    def show_failure(self, exc: BaseException, label: QLabel) -> None: ...


class StepPage(QWizardPage):
    """A page whose 下一步 runs a long service step first (off the GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._advance = False
        self._validating = False
        self._finished = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("errorText")

    def wiz(self) -> StepWizard:
        return self.wizard()  # type: ignore[return-value]

    def run_step(self, title: str, fn: Callable[[Any], Any], on_result: Callable[[Any], None],
                 *, advance: bool = True) -> bool:
        """True when the step finished already (synchronous runner); otherwise 下一步 is pressed
        again for the clerk when the step succeeds (unless ``advance`` is False)."""
        wiz = self.wiz()
        if wiz.busy:
            return False
        wiz.busy = True
        self.status.setText("")
        self._finished = False
        self._validating = True

        def done(result: Any) -> None:
            wiz.busy, wiz.task = False, None  # no wizard ↔ task cycle (GC of widgets at random times)
            on_result(result)
            self._finished = True
            if advance and not self._validating:
                self._advance = True
                wiz.next()

        def failed(exc: BaseException) -> None:
            wiz.busy, wiz.task = False, None
            wiz.show_failure(exc, self.status)

        try:
            task = run_task(wiz, title, fn, done, failed)
            if wiz.busy:
                wiz.task = task  # for 取消 while it runs
        finally:
            self._validating = False
        return self._finished

    def take_advance(self) -> bool:
        if self._advance:
            self._advance = False
            return True
        return False
