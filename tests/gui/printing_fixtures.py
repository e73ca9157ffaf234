"""Fixtures for the printing GUI tests: records (2-3-2 with rosters), a QPrinter that writes a
PDF file (PdfFormat) in place of the print dialog's printer, the print dialog accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from tests.gui.records_helpers import health_record

UNIT = "青浦示例精密机械有限公司"


@pytest.fixture()
def printer_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """QPrintDialog.exec accepted (copies as the test says); the printer prints to a PDF file."""
    from desktop_app.gui.printing import jobs

    state: dict[str, Any] = {"path": tmp_path / "printed.pdf", "copies": None, "dialogs": 0,
                             "accept": True, "printers": []}

    def new_printer() -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(state["path"]))
        p.setResolution(300)
        state["printers"].append(p)
        return p

    def exec_(self: QPrintDialog) -> Any:
        state["dialogs"] += 1
        state["preset_copies"] = self.printer().copyCount()
        if state["copies"] is not None:
            self.printer().setCopyCount(state["copies"])
        return QDialog.DialogCode.Accepted if state["accept"] else QDialog.DialogCode.Rejected

    monkeypatch.setattr(jobs, "new_printer", new_printer)
    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return state


def pdf_text(path: Path | bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(path: Path | bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path)).pages)


def edit_record(app: Any, rid: int, **changes: Any) -> None:
    """An edit after printing: the paper in circulation becomes outdated."""
    from desktop_app.services.records import RecordInput, get_record, roster_rows, roster_spec_for, save_record

    with app.transaction() as s:
        rec = get_record(s, rid)
        spec = app.specs[rec.form_code]
        values = {k: v for k, v in (rec.data or {}).items() if k != "__roster__"}
        values.update(changes)
        roster = roster_rows(rec, roster_spec_for(app.specs, spec))
        save_record(s, app.specs, project_code=rec.project.code, form_code=rec.form_code, record_id=rid,
                    data=RecordInput(values=values, roster=roster), draft=True, today=dt.date(2023, 6, 1))


__all__ = ["UNIT", "health_record", "printer_out", "pdf_text", "pdf_pages", "edit_record"]
