"""Deadlines at district scale (issue 13): 20,000 records of the forms that carry dates
(16,000 insurance enrolments, 2,000 illness condolences, 2,000 labour-relations visits) in one
year. Measured: the deadlines service (every item, and the board's window of overdue + 30 days)
and the home page's 待办 board load (service + grouping + table). Medians of RUNS.
Before the frozen-set holiday look-up and the orjson read the service took ~28 s here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

RECORDS = 20_000
RUNS = 3
ON = dt.date(2023, 11, 15)


def build_store(app: Any) -> None:
    from desktop_app.services.catalog import get_project
    from desktop_app.services.office import setup_office

    now = "2023-01-01 10:00:00.000000"
    with app.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
        ins, ill, lr = (get_project(s, c).id for c in ("QP2023-02", "QP2023-05", "QP2023-07"))
        rows = []
        for i in range(RECORDS):
            if i % 10 == 1:
                pid, form = ill, "ILL"
                data: dict[str, Any] = {"name": f"职工{i}", "diagnosis_date": f"2023-{1 + i % 12:02d}-14"}
                comp: dict[str, Any] = {}
            elif i % 10 == 2:
                pid, form = lr, "LR"
                data = {"enterprise": f"企业{i}", "visit_date": f"2023-{1 + i % 11:02d}-01", "result": "basic"}
                comp = {"follow_up_due": f"2023-{2 + i % 11:02d}-01"}
            else:
                pid, form = ins, "INS"
                data = {"name": f"职工{i}", "enrol_mode": "group_instant", "submit_date": f"2023-{3 + i % 9:02d}-03",
                        "claim_type": "accidental_disability" if i % 50 == 0 else None, "accident_date": "2023-05-01"}
                comp = {"coverage_end": "2023-12-31", "fee_due_by": f"2023-{3 + i % 9:02d}-24"}
            rows.append((f"d{i:031d}", pid, form, "submitted", json.dumps(data, ensure_ascii=False), json.dumps(comp),
                         "[]", 0, 0, 1, now, now))
        s.connection().exec_driver_sql(
            "INSERT INTO records (uid, project_id, form_code, status, data, computed, findings, headcount,"
            " subsidy_fen, revision, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def _median(fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run(workdir: Path) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.services.app import App
    from desktop_app.services.deadlines import deadlines

    app = App.open(workdir / "deadlines")
    try:
        build_store(app)

        def all_items() -> list[Any]:
            with app.session() as s:
                return deadlines(s, on=ON, year=2023)

        def window() -> list[Any]:
            with app.session() as s:
                return deadlines(s, on=ON, within=30, year=2023)

        t_all, items = _median(all_items)
        t_window, shown = _median(window)
        from PySide6.QtWidgets import QApplication

        qapp = QApplication.instance() or QApplication([])
        from desktop_app.gui.plan.todo_board import TodoBoard

        board = TodoBoard(app, lambda: ON)
        t_board, _ = _median(lambda: board.load(2023))
        out: dict[str, object] = {
            "deadlines_records": RECORDS, "deadlines_items": len(items), "deadlines_all_s": round(t_all, 3),
            "deadlines_window_items": len(shown), "deadlines_window_s": round(t_window, 3),
            "deadlines_board_rows": len(board.rows), "deadlines_board_load_s": round(t_board, 3),
        }
        board.deleteLater()
        del qapp
        return out
    finally:
        app.close()
