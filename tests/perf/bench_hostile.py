"""Issue 20: what hostile and clumsy input costs now.

- `record add` with a 10,000-row roster (in-process, one transaction; was 110 s, a flush per
  person): seconds.
- A 7 KB workbook with one stray value at XFD1048576, checked in a fresh process (was SIGABRT
  after asking for 512 GB): milliseconds and the process's peak memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rows(n: int) -> list[dict[str, str]]:
    from tests.unit import xlsx_factory as xf

    return [{"name": f"职工{i}", "unit": "甲公司",
             "id_number": xf.make_id(birth=f"19{60 + i % 40:02d}0{1 + i % 9}{10 + i % 18}", seq=i % 1000,
                                     region=str(310101 + i // 1000))} for i in range(n)]


def run(workdir: Path) -> dict[str, object]:
    from desktop_app.services.app import App
    from desktop_app.services.records import parse_input, save_record

    app = App.open(workdir / "data")
    try:
        rows = _rows(10_000)
        started = time.perf_counter()
        with app.transaction() as s:
            save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                        data=parse_input(app.specs["2-3-6"], rows), draft=True)
        record_add_s = time.perf_counter() - started
    finally:
        app.close()

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号码"])
    wb.active["XFD1048576"] = "x"
    stray = workdir / "stray.xlsx"
    wb.save(stray)
    script = ("import json, time, sys\n"
              "from desktop_app.documents.xlsx_safety import check_workbook, WorkbookRefused\n"
              "t = time.perf_counter()\n"
              "try:\n    check_workbook(sys.argv[1]); ok = True\n"
              "except WorkbookRefused:\n    ok = False\n"
              "ms = (time.perf_counter() - t) * 1000\n"
              "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
              "print(json.dumps({'refused': not ok, 'ms': ms, 'hwm_mb': int(hwm) / 1024}))\n")
    out = subprocess.run([sys.executable, "-c", script, str(stray)], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    stray_result = json.loads(out.stdout)
    return {
        "record_add_roster_10000_rows_s": round(record_add_s, 2),
        "stray_cell_xfd1048576_refused": stray_result["refused"],
        "stray_cell_check_ms": round(stray_result["ms"], 1),
        "stray_cell_process_peak_mb": round(stray_result["hwm_mb"], 1),
        "stray_cell_file_bytes": stray.stat().st_size,
    }
