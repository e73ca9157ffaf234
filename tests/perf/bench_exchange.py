"""Exchange packages at district scale (issue 6): a town with 20,000 people and 1,000 records
(20-person rosters) exports one package (target ≤ 1 s); a district imports 20 such packages
from 20 towns (≤ 15 s) and re-imports them (≤ the first import). The KDF runs at its real cost.

The first town is seeded in a real store and exported by the service; the other 19 towns'
packages are encoded from the same row builder (distinct people per town), which is what an
export of their stores would produce, without seeding 19 more databases. Each town has its
own key, issued by the district (issue 20); the district imports with its own passphrase.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from desktop_app.core.ids import age_at, check_char
from desktop_app.documents import package_format as pf
from desktop_app.documents.package_crypto import forget_keys

PEOPLE, RECORDS, ROSTER = 20_000, 1_000, 20
TOWNS = 20
DISTRICT = pf.Party("QP", "青浦区总工会")
SECRET = "bench-交换口令-2023"
_BASE = dt.date(1960, 1, 1)
CHECK_DATE = dt.date(2023, 6, 1)  # the records' 体检时间
# what the town's evaluator stores with a 20-person batch (the district re-checks and compares)
FINDINGS = [{"rule": "R-HC-2", "severity": "warning", "fields": ["headcount"],
             "message": f"体检人数 {ROSTER} 人，不在每批 30–120 人的范围内，请与体检中心确认批次安排（R-HC-2）"}]
_UNITS = [f"青浦第{i}物流有限公司" for i in range(50)]


def _id_number(n: int) -> str:
    first17 = f"310118{(_BASE + dt.timedelta(days=n // 1000)).strftime('%Y%m%d')}{n % 1000:03d}"
    return first17 + check_char(first17)


def _age(n: int) -> int:
    return age_at(_BASE + dt.timedelta(days=n // 1000), CHECK_DATE)


def town_rows(k: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """People (the town's uid, then PERSON_COLUMNS) and record rows (RECORD_COLUMNS) of town k."""
    people = []
    for i in range(PEOPLE):
        n = k * PEOPLE + i
        people.append([f"{k:04d}p{i:027d}", _id_number(n), 1, f"职工{n % 9973}", "男" if n % 2 else "女",
                       _UNITS[i % 50], f"139{n % 100_000_000:08d}"])
    records = []
    for r in range(RECORDS):
        unit = _UNITS[r % 50]
        values = {"unit_name": unit, "contact": "张三", "contact_phone": "13812345678", "headcount": ROSTER,
                  "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "A",
                  "fill_date": "2023-05-20"}
        computed = {"price_total": "8,910.00", "subsidy_total": "2,400.00", "male_count": 10, "female_count": 10}
        # the age each roster states is the one its number gives on the check date (R-ID-4): the
        # district re-checks every row, and a town's own editor would have flagged any other
        roster = [[s + 1, people[r * ROSTER + s][1], {"married": "已婚", "age": _age(k * PEOPLE + r * ROSTER + s)}]
                  for s in range(ROSTER)]
        records.append([f"{k:04d}r{r:027d}", 1, "QP2023-03", "2-3-2", unit, "ready", values, computed, FINDINGS, ROSTER,
                        240_000, "2023-05-20", "2023-05-20T10:00:00", roster])
    return people, records


def _seed_town(app: Any, k: int) -> None:
    from desktop_app.services.catalog import get_project
    from desktop_app.store.models import Person, Record, RosterEntry, utcnow

    people, records = town_rows(k)
    now = utcnow()
    with app.transaction() as s:
        pid = get_project(s, "QP2023-03").id
        s.execute(insert(Person.__table__), [
            {"id_number": p[1], "revision": 1, "name": p[3], "gender": p[4], "work_unit": p[5],
             "phone": p[6], "created_at": now, "updated_at": now} for p in people])
        ids = dict(s.execute(select(Person.id_number, Person.id)).all())
        s.execute(insert(Record.__table__), [
            {"uid": r[0], "project_id": pid, "form_code": r[3], "unit_name": r[4], "status": "ready", "data": r[6],
             "computed": r[7], "findings": r[8], "headcount": r[9], "subsidy_fen": r[10],
             "record_date": dt.date(2023, 5, 20), "revision": 1, "created_at": now, "updated_at": now}
            for r in records])
        rids = dict(s.execute(select(Record.uid, Record.id)).all())
        s.execute(insert(RosterEntry.__table__), [
            {"record_id": rids[r[0]], "person_id": ids[e[1]], "seq": e[0], "data": e[2]}
            for r in records for e in r[13]])


def run(workdir: Path, district_db: str | None = None) -> dict[str, object]:
    """``district_db``: the district's store on a PostgreSQL server (bench_server), else SQLite."""
    from desktop_app.services.app import App
    from desktop_app.services.exchange import (
        PERSON_COLUMNS,
        RECORD_COLUMNS,
        export_package,
        import_package,
        import_packages,
    )
    from desktop_app.services.exchange_keys import enrol_town
    from desktop_app.services.office import setup_office

    usb = workdir / "usb"
    usb.mkdir(parents=True)
    # each town its own key (issue 20): the district enrols the 20 towns first
    district = App.open(workdir / "QP", district_db)
    with district.transaction() as s:
        setup_office(s, name=DISTRICT.name, code="QP", level="district")
        keys = [enrol_town(s, SECRET, f"T{k:02d}", f"镇{k:02d}总工会").passphrase for k in range(TOWNS)]
    town = App.open(workdir / "T00")
    with town.transaction() as s:
        setup_office(s, name="镇00总工会", code="T00", level="town", parent_name=DISTRICT.name, parent_code="QP")
    _seed_town(town, 0)
    export_times, paths = [], []
    for _ in range(3):  # each run sends everything still 待盖章 (nothing acknowledged yet)
        started = time.perf_counter()
        with town.transaction() as s:
            result = export_package(s, usb, keys[0])
        export_times.append(time.perf_counter() - started)
        paths.append(result.path)
    town.close()
    size_kb = paths[0].stat().st_size // 1024
    packages = [paths[0]]
    for k in range(1, TOWNS):
        people, records = town_rows(k)
        enc = pf.encode_package(
            kind="data", sender=pf.Party(f"T{k:02d}", f"镇{k:02d}总工会"), receiver=DISTRICT, sequence=1,
            passphrase=keys[k], files={"people.json": pf.table(PERSON_COLUMNS, [p[1:] for p in people]),
                                      "records.json": pf.table(RECORD_COLUMNS, records)},
            counts={"people": len(people), "records": len(records)})
        path = usb / f"T{k:02d}.ulpkg"
        path.write_bytes(enc.blob)
        packages.append(path)

    def import_all() -> tuple[float, float, int]:
        # cold: every package's key is derived, in the background from the start, and each
        # package is opened while the one before it commits (import_packages, as the GUI does)
        forget_keys()
        started, cpu = time.perf_counter(), time.process_time()
        done, bad = import_packages(district, packages, SECRET)
        assert not bad, bad
        # every row went through the per-person rules again; the towns' data carried all they say
        assert not [c for d in done for c in d.checks], [c for d in done for c in d.checks][:3]
        return time.perf_counter() - started, time.process_time() - cpu, sum(d.new for d in done)

    first, first_cpu, new = import_all()
    again, again_cpu, new_again = import_all()
    forget_keys()
    started = time.perf_counter()
    with district.transaction() as s:
        dry = import_package(s, packages[-1], SECRET, dry_run=True)
    dry_s = time.perf_counter() - started
    district.close()
    assert new == TOWNS * (PEOPLE + RECORDS) and new_again == 0 and dry.unchanged == PEOPLE + RECORDS
    return {
        "exchange_export_s": round(statistics.median(export_times), 3),
        "exchange_export_first_s": round(export_times[0], 3),
        "exchange_package_kb": size_kb,
        "exchange_kdf_log2n": pf.KDF_LOG2N,
        "exchange_import_20_s": round(first, 2),
        "exchange_reimport_20_s": round(again, 2),
        # CPU seconds of the process (both threads): the load-independent cost of the same work
        "exchange_import_20_cpu_s": round(first_cpu, 2),
        "exchange_reimport_20_cpu_s": round(again_cpu, 2),
        "exchange_dry_run_1_s": round(dry_s, 3),
    }
