"""Shared set-up for the exchange tests: two towns (ZJJ, XJ) under one district (QP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop_app.core.ids import check_char
from desktop_app.services.app import App
from desktop_app.services.office import setup_office
from desktop_app.services.records import RecordInput, save_record, set_status
from desktop_app.store import models

SECRET = "青浦区-交换口令-2023"  # the district's own passphrase: it opens the towns' keys
# Each town its own key (issue 20). The program draws random slip keys; tests fix them.
TOWN_KEYS = {"ZJJ": "朱家角-交换密钥-ZJJ-2023", "XJ": "徐泾-交换密钥-XJ-2023"}
PROJECT, FORM = "QP2023-03", "2-3-2"


def make_id(n: int) -> str:
    first17 = f"310118{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first17 + check_char(first17)


def open_office(root: Path, code: str, name: str, level: str = "town", parent: str = "QP") -> App:
    app = App.open(root / code)
    with app.transaction() as s:
        if level == "town":
            setup_office(s, name=name, code=code, level="town", parent_name="青浦区总工会", parent_code=parent)
        else:
            setup_office(s, name=name, code=code, level="district")
    return app


def enrol(district: App, code: str, name: str, key: str | None = None) -> str:
    """The district enrols a town; returns the town's key (TOWN_KEYS unless given)."""
    from desktop_app.services.exchange_keys import enrol_town

    with district.transaction() as s:
        return enrol_town(s, SECRET, code, name, town_passphrase=key or TOWN_KEYS[code]).passphrase


def key_of(app: App) -> str:
    """The key a town's clerk types (from its slip)."""
    from desktop_app.services.office import get_office

    with app.session() as s:
        office = get_office(s)
        assert office is not None
        return TOWN_KEYS[office.code]


def add_record(app: App, unit: str, people: list[tuple[str, str]], *, ready: bool = True,
               project: str = PROJECT) -> int:
    values = {"unit_name": unit, "contact": "张三", "contact_phone": "13812345678", "headcount": len(people),
              "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "A",
              "fill_date": "2023-05-20"}
    roster = [{"unit": unit, "name": n, "id_number": i, "married": "已婚", "phone": "13900000000"} for n, i in people]
    with app.transaction() as s:
        r = save_record(s, app.specs, project_code=project, form_code=FORM,
                        data=RecordInput(values=values, roster=roster), draft=True)
        if ready:
            set_status(s, r.record.id, "ready")
        return r.record.id


def edit_record(app: App, record_id: int, **changes: Any) -> None:
    from desktop_app.services.records import get_record, record_input_of

    with app.transaction() as s:
        rec = get_record(s, record_id)
        data = record_input_of(rec, app.specs)
        data.values.update(changes)
        save_record(s, app.specs, project_code=rec.project.code, form_code=rec.form_code, data=data,
                    record_id=record_id, draft=True)


def counts(app: App) -> dict[str, int]:
    tables = [models.Person, models.Record, models.RosterEntry, models.Unit, models.ExchangeLog, models.AuditLog,
              models.Setting]
    with app.session() as s:
        return {t.__tablename__: int(s.scalar(select(func.count()).select_from(t)) or 0) for t in tables}


def status_of(app: App, record_id: int) -> tuple[str, str | None, int]:
    with app.session() as s:
        r = s.get(models.Record, record_id)
        assert r is not None
        return r.status, r.status_reason, r.revision


def district_id(app: App, uid: str) -> int:
    with app.session() as s:
        rid = s.scalar(select(models.Record.id).where(models.Record.uid == uid))
        assert rid is not None
        return int(rid)


def uid_of(app: App, record_id: int) -> str:
    with app.session() as s:
        r = s.get(models.Record, record_id)
        assert r is not None
        return r.uid
