"""Small stores with hand-countable records for the statistics and year-report tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from desktop_app.services.catalog import get_project
from desktop_app.services.office import setup_office
from desktop_app.services.records import RecordInput, save_record
from desktop_app.store.models import ExchangeLog, Person, Record, RosterEntry, Unit

R = {"满意": "satisfied", "比较满意": "fairly_satisfied", "一般": "average", "不满意": "dissatisfied", None: None}

# (town, provider, unit, 行程, 餐饮, 服务, 意见和建议, status)
SURVEYS = [
    ("ZJJ", "A体检中心", "甲公司", "满意", "满意", "一般", "很好", "draft"),
    ("ZJJ", "A体检中心", "乙公司", "比较满意", "不满意", "满意", "", "ready"),
    ("XY", "B体检中心", "甲公司", "一般", "一般", "不满意", "排队太久", "draft"),
    ("XY", "B体检中心", "丙公司", "满意", "比较满意", "比较满意", None, "submitted"),
    ("ZJJ", "B体检中心", "丙公司", "不满意", "不满意", "不满意", "不去了", "returned"),  # not counted
    ("XY", "A体检中心", "甲公司", None, "满意", "满意", None, "draft"),  # 行程 unanswered
]


def district(app: Any) -> None:
    with app.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
        s.add_all([Unit(name="朱家角镇总工会", code="ZJJ", role="town", level="town"),
                   Unit(name="夏阳街道总工会", code="XY", role="town", level="town")])


def add_surveys(app: Any, project: str = "QP2023-03", form: str = "2-3-5") -> list[int]:
    ids = []
    with app.transaction() as s:
        for town, provider, unit, trip, food, service, text, status in SURVEYS:
            values = {"provider": provider, "unit_name": unit, "participants": 10, "trip_rating": R[trip],
                      "catering_rating": R[food], "service_rating": R[service], "suggestions": text,
                      "fill_date": "2023-07-01"}
            res = save_record(s, app.specs, project_code=project, form_code=form, draft=True, origin=town,
                              data=RecordInput(values=values), today=dt.date(2023, 7, 1))
            res.record.status = status
            ids.append(res.record.id)
    return ids


def _person(s: Any, n: int) -> int:
    p = Person(id_number=f"31011819800101{n:03d}X", name=f"职工{n}")
    s.add(p)
    s.flush()
    return p.id


def add_health_records(app: Any, origin: str | None = None, offset: int = 0) -> dict[str, int]:
    """Five 2-3-2 records: three count (ready, approved, settled), a draft and a returned one."""
    rows = [
        # unit, status, headcount, subsidy fen, settled fen, date, people
        ("甲公司", "ready", 30, 450_000, None, dt.date(2023, 5, 10), [1, 2]),
        ("乙公司", "approved", 20, 300_000, None, dt.date(2023, 6, 2), [2, 3]),
        ("甲公司", "settled", 10, 150_000, 120_000, dt.date(2023, 6, 20), []),
        ("丙公司", "draft", 50, 750_000, None, dt.date(2023, 7, 1), [4]),
        ("丁公司", "returned", 40, 600_000, None, dt.date(2023, 7, 2), [5]),
    ]
    out = {}
    with app.transaction() as s:
        pid = get_project(s, "QP2023-03").id
        people: dict[int, int] = {}
        for unit, status, hc, fen, settled, date, persons in rows:
            rec = Record(project_id=pid, form_code="2-3-2", unit_name=unit, status=status, data={"unit_name": unit},
                         headcount=hc, subsidy_fen=fen, settled_fen=settled, record_date=date, origin=origin)
            s.add(rec)
            s.flush()
            for seq, n in enumerate(persons, start=1):
                if n not in people:
                    existing = s.scalar(select(Person.id).where(Person.id_number == f"31011819800101{n + offset:03d}X"))
                    people[n] = existing or _person(s, n + offset)
                s.add(RosterEntry(record_id=rec.id, person_id=people[n], seq=seq, data={}))
            out[f"{unit}-{status}"] = rec.id
    return out


def add_packages(app: Any, town: str, name: str, sequences: list[int]) -> None:
    with app.transaction() as s:
        for seq in sequences:
            s.add(ExchangeLog(direction="in", kind="data", peer_code=town, peer_name=name, sequence=seq,
                              package_id=f"{town}-{seq}", file_name=f"{town}-{seq}.ulpkg",
                              created_at=dt.datetime(2023, 7, seq, 2, 0), summary={"created": f"2023-07-0{seq}T10:00"}))
