"""Records made through the services for the shell's GUI tests (2-3-2 health-check
applications with their 2-3-6 rosters: headcount equals the roster, R-HC-3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.services.demo import fake_people
from desktop_app.services.records import RecordInput, save_record, set_status

_seed = [100]


def health_record(app: Any, unit: str, n: int, status: str = "draft", *, fill_date: str = "2023-05-10",
                  project: str = "QP2023-03") -> int:
    _seed[0] += 1
    staff = list(fake_people(n, seed=_seed[0], units=[unit]))
    roster = [{"unit": unit, "name": p["name"], "gender": p["gender"], "id_number": p["id_number"],
               "married": "已婚", "phone": p["phone"]} for p in staff]
    values = {"unit_name": unit, "contact": staff[0]["name"], "contact_phone": staff[0]["phone"],
              "headcount": n, "check_date": "2023-06-05", "check_place": "青浦区体检中心",
              "ownership": "private", "plan": "A", "fill_date": fill_date}
    with app.transaction() as s:
        rec = save_record(s, app.specs, project_code=project, form_code="2-3-2",
                          data=RecordInput(values=values, roster=roster), draft=True,
                          today=dt.date(2023, 6, 1)).record
        path = {"draft": [], "ready": ["ready"], "submitted": ["ready", "submitted"],
                "approved": ["ready", "submitted", "approved"]}[status]
        for st in path:  # 已通过 is the district's decision (arrives with its return package)
            set_status(s, rec.id, st, by="district" if st == "approved" else None)
        return rec.id


def subsidy_of(app: Any, ids: list[int]) -> int:
    from desktop_app.services.records import records_by_ids

    with app.session() as s:
        return sum(r.subsidy_fen for r in records_by_ids(s, ids).values())
