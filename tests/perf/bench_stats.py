"""Statistics and the year report at district scale (issue 14): a district store with 400,000
people, 20,000 records from 20 towns (20-person rosters) and 2,000 satisfaction surveys.
Targets: the statistics (every project's dashboard with months, units and towns; the surveys
by provider and by town) ≤ 2 s, the year report (PDF and .xlsx) ≤ 2 s each.

The store is built with the driver's executemany (values in SQLAlchemy's storage format), which
is what a district's 20 imported packages leave behind, in a few seconds instead of minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from desktop_app.core.ids import check_char

PEOPLE, RECORDS, ROSTER, SURVEYS, TOWNS = 400_000, 20_000, 20, 2_000, 20
RUNS = 3
_BASE = dt.date(1960, 1, 1)
RATINGS = ["satisfied", "fairly_satisfied", "average", "dissatisfied", None]
WEIGHTS = [50, 30, 12, 5, 3]


def _id_number(n: int) -> str:
    first17 = f"310118{(_BASE + dt.timedelta(days=n // 1000)).strftime('%Y%m%d')}{n % 1000:03d}"
    return first17 + check_char(first17)


def build_store(app: Any) -> None:
    from desktop_app.services.catalog import get_project
    from desktop_app.services.office import setup_office

    rnd = random.Random(14)
    now = "2023-12-01 10:00:00.000000"
    with app.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
        hc = get_project(s, "QP2023-03").id
        trip = get_project(s, "QP2023-01").id
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO units (uid, code, name, role, level, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            [(f"town{k:028d}", f"T{k:02d}", f"第{k:02d}街镇总工会", "town", "town", now, now) for k in range(TOWNS)])
        conn.exec_driver_sql(
            "INSERT INTO people (id_number, name, gender, work_unit, revision, created_at, updated_at) "
            "VALUES (?,?,?,?,1,?,?)",
            [(_id_number(n), f"职工{n % 9973}", "男" if n % 2 else "女", f"单位{n % 500}", now, now)
             for n in range(PEOPLE)])
        statuses = ["ready", "submitted", "approved", "settled", "returned", "draft"]
        recs = []
        for r in range(RECORDS):
            status = statuses[r % 6]
            month = 5 + r % 7
            unit = f"青浦第{r % 400}有限公司"
            data = json.dumps({"unit_name": unit, "headcount": ROSTER, "plan": "A", "fill_date": f"2023-{month:02d}-01"})
            recs.append((f"r{r:031d}", hc, "2-3-2", unit, status, data, ROSTER, 240_000,
                         200_000 if status == "settled" else None, f"2023-{month:02d}-01", f"T{r % TOWNS:02d}", now, now))
        for n in range(SURVEYS):
            month = 5 + n % 7
            answers = {k: rnd.choices(RATINGS, WEIGHTS)[0] for k in ("trip_rating", "catering_rating", "service_rating")}
            text = rnd.choice(["", "", "", "服务很好", "希望增加项目", "排队时间较长"])
            form = "2-3-5" if n % 2 else "2-1-3"
            data = json.dumps({"provider": f"承办单位{n % 8}", "unit_name": f"青浦第{n % 400}有限公司",
                               "participants": 10, **answers, "suggestions": text, "fill_date": f"2023-{month:02d}-15"})
            recs.append((f"s{n:031d}", hc if n % 2 else trip, form, f"青浦第{n % 400}有限公司", "ready", data, 0, 0,
                         None, f"2023-{month:02d}-15", f"T{n % TOWNS:02d}", now, now))
        conn.exec_driver_sql(
            "INSERT INTO records (uid, project_id, form_code, unit_name, status, data, headcount, subsidy_fen, "
            "settled_fen, record_date, origin, created_at, updated_at, revision, computed, findings) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,'{}','[]')", recs)
        ids = [i for (i,) in conn.exec_driver_sql("SELECT id FROM records WHERE form_code = '2-3-2' ORDER BY id")]
        first_person = conn.exec_driver_sql("SELECT min(id) FROM people").scalar()
        conn.exec_driver_sql(
            "INSERT INTO roster_entries (record_id, person_id, seq, data) VALUES (?,?,?,'{}')",
            [(rid, first_person + i * ROSTER + k, k + 1) for i, rid in enumerate(ids) for k in range(ROSTER)])
        conn.exec_driver_sql(
            "INSERT INTO exchange_log (direction, kind, peer_code, peer_name, sequence, package_id, created_at, summary) "
            "VALUES ('in','data',?,?,?,?,?,'{}')",
            [(f"T{k:02d}", f"第{k:02d}街镇总工会", seq, f"T{k:02d}-{seq}", now) for k in range(TOWNS)
             for seq in (1, 2, 3) if not (k == 3 and seq == 2)])


def _time(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def run(workdir: Path) -> dict[str, object]:
    from desktop_app.services.app import App
    from desktop_app.services.statistics import survey_stats, year_stats
    from desktop_app.services.year_report import write_year_report

    app = App.open(workdir / "QP")
    started = time.perf_counter()
    build_store(app)
    build_s = time.perf_counter() - started
    app.close()
    app = App.open(workdir / "QP")  # a fresh process-like start: nothing cached in the engine
    specs = app.specs
    year_t, survey_t, pdf_t, xlsx_t = [], [], [], []
    for i in range(RUNS):
        with app.session() as s:
            t, ys = _time(lambda: year_stats(s, specs, 2023))
            year_t.append(t)

            def surveys() -> Any:
                return [survey_stats(s, specs, code, by=by) for code in ("QP2023-01", "QP2023-03")
                        for by in (None, "provider", "unit", "town")]

            t, sv = _time(surveys)
            survey_t.append(t)
            t, pdf = _time(lambda i=i: write_year_report(s, specs, 2023, workdir / f"年度报告{i}.pdf"))
            pdf_t.append(t)
            t, xlsx = _time(lambda i=i: write_year_report(s, specs, 2023, workdir / f"年度报告{i}.xlsx"))
            xlsx_t.append(t)
    app.close()
    p = ys.project("QP2023-03")
    counted = sum(1 for r in range(RECORDS) if r % 6 < 4)
    assert p.headcount == counted * ROSTER and len(ys.towns) == TOWNS and p.people == counted * ROSTER, \
        (p.headcount, len(ys.towns), p.people)
    assert sv[0].total.responses == SURVEYS // 2 and len(sv[3].groups) == TOWNS // 2
    return {
        "stats_build_store_s": round(build_s, 1),
        "stats_year_dashboard_s": round(statistics.median(year_t), 3),
        "stats_year_dashboard_first_s": round(year_t[0], 3),
        "stats_surveys_8_queries_s": round(statistics.median(survey_t), 3),
        "year_report_pdf_s": round(statistics.median(pdf_t), 3),
        "year_report_pdf_pages": pdf["pages"],
        "year_report_xlsx_s": round(statistics.median(xlsx_t), 3),
        "year_report_xlsx_charts": xlsx["charts"],
    }
