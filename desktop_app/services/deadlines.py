"""Deadlines (待办): every dated obligation of the plan from the catalogue and the records,
by date, with what is overdue (issue 13). The rules live in core.deadlines; this module reads
the store and writes the .ics export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from desktop_app.documents.fastjson import loads
from desktop_app.core.deadlines import TRIP_FORMS, Deadline, project_deadlines, record_deadlines
from desktop_app.services.audit import audit
from desktop_app.services.errors import ServiceError
from desktop_app.services.settings import get_setting, set_setting
from desktop_app.store.models import Project, Record

FORMS = (*TRIP_FORMS, "ILL", "INS", "LR", "WISH", "POINT")


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class DeadlineItem:
    date: dt.date
    rule: str
    project: str
    record: int | None
    title: str
    overdue: bool
    note: str | None = None

    @property
    def key(self) -> str:
        """Stable name of the obligation (to mark it done): rule, project, record, date."""
        return f"{self.rule}|{self.project}|{self.record or ''}|{self.date.isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "rule": self.rule, "project": self.project,
                "record": self.record, "title": self.title, "overdue": self.overdue, "note": self.note,
                "key": self.key}


def _all(session: Session, on: dt.date, year: int | None) -> list[Deadline]:
    stmt = select(Project)
    if year is not None:
        stmt = stmt.where(Project.year == year)
    projects = {p.id: p for p in session.scalars(stmt)}
    if not projects:
        return []
    out: list[Deadline] = []
    # The JSON columns as text, decoded by orjson, straight from the driver's tuples: for 20,000
    # enrolments the ORM's JSON type and Row objects took ~0.9 s of ~1.3 (now ~0.3 s in all).
    rec_stmt = (select(Record.id, Record.project_id, Record.form_code, cast(Record.data, Text),
                       cast(Record.computed, Text), Record.unit_name)
                .where(Record.project_id.in_(list(projects)), Record.form_code.in_(FORMS + ("2-1-3",)))
                .order_by(Record.id))
    rows = session.connection().execute(rec_stmt).all()
    surveyed = {(pid, (unit or "").strip()) for _rid, pid, form, _d, _c, unit in rows if form == "2-1-3"}
    info = {pid: (p.code, p.year, p.params or {}, (p.period_start, p.period_end)) for pid, p in projects.items()}
    open_wishes: dict[int, int] = {}
    for rid, pid, form, data_text, computed_text, unit in rows:
        if form == "2-1-3":
            continue
        code, p_year, params, period = info[pid]
        data = _json(data_text)
        items = record_deadlines(
            rid, code, form, data, _json(computed_text), year=p_year, unit=unit, params=params,
            period=period, roster=data.get("__roster__") or [],
            surveyed=(pid, (unit or "").strip()) in surveyed)
        if form == "WISH" and items:
            open_wishes[pid] = open_wishes.get(pid, 0) + 1
        out += items
    for pid, p in projects.items():
        out += project_deadlines(p.code, p.category, p.year, p.params or {}, (p.period_start, p.period_end),
                                 on=on, open_wishes=open_wishes.get(pid, 0))
    return out


def deadlines(session: Session, *, on: dt.date | None = None, within: int | None = None,
              year: int | None = None) -> list[DeadlineItem]:
    """Every obligation not yet met, by date. `within`: only the overdue ones and those due in
    the next `within` days; `year`: only projects of that year."""
    on = on or dt.date.today()
    if within is not None and within < 0:
        raise ServiceError(f"“天数”不能为负数，收到 {within}。")
    done = done_keys(session)
    items = [DeadlineItem(d.date, d.rule, d.project, d.record, d.title, d.date < on, d.note)
             for d in _all(session, on, year)]
    items = [i for i in items if i.key not in done]
    if within is not None:
        last = on + dt.timedelta(days=within)
        items = [i for i in items if i.date <= last]
    return sorted(items, key=lambda i: (i.date, i.project, i.record or 0, i.rule, i.title))


DONE_SETTING = "deadlines_done"


def done_keys(session: Session) -> set[str]:
    return set(get_setting(session, DONE_SETTING, {}) or {})


def mark_done(session: Session, key: str, done: bool = True, *, on: dt.date | None = None) -> None:
    """The clerk says an obligation the program cannot see (a list handed in, a report sent)
    is met, or takes that back. Audited; the item leaves (or returns to) the board."""
    from desktop_app.services.operators import require

    require(session, "records")  # issue 15: a clerk's act (services.permissions)
    parts = key.split("|")
    if len(parts) != 4:
        raise ServiceError(f"待办编号“{key}”无法识别：应为 deadlines --json 输出中的 key。")
    marks = dict(get_setting(session, DONE_SETTING, {}) or {})
    if done == (key in marks):
        return
    if done:
        marks[key] = (on or dt.date.today()).isoformat()
    else:
        marks.pop(key)
    set_setting(session, DONE_SETTING, marks)
    audit(session, "deadline_done" if done else "deadline_undone", "deadline", None, None, {"key": key})


def board_count(session: Session, *, on: dt.date | None = None, year: int | None = None,
                within: int = 30) -> int:
    """How many items the home page's 待办 board shows (overdue + next `within` days)."""
    return len(deadlines(session, on=on, within=within, year=year))


def write_ics(items: list[DeadlineItem], path: str | Path) -> Path:
    """The deadlines as an .ics file (Outlook: 文件 → 打开和导出 → 导入/导出 → iCalendar)."""
    from desktop_app.documents.ics import Event, calendar_bytes
    from desktop_app.documents.package_format import PackageError
    from desktop_app.documents.package_io import write_atomic
    from desktop_app.services.exchange_common import refused

    events = [Event(i.date, f"{i.title}（{i.rule}）",
                    "\n".join(x for x in (f"项目 {i.project}", f"记录 {i.record}" if i.record else "", i.note or "")
                              if x),
                    f"{i.project}|{i.record}|{i.rule}") for i in items]
    target = Path(path)
    if target.suffix.lower() != ".ics":
        target = target.with_suffix(".ics")
    try:
        return write_atomic(target.parent if str(target.parent) else Path("."), target.name, calendar_bytes(events))
    except PackageError as exc:
        raise refused(exc) from None



def record_target(session: Session, record_id: int) -> tuple[str, str] | None:
    """(project code, form code) of a record, to open it from the board; None when gone."""
    row = session.execute(select(Project.code, Record.form_code).join(Project, Project.id == Record.project_id)
                          .where(Record.id == record_id)).first()
    return (row[0], row[1]) if row else None


GROUP_LABELS = {
    "R-TRIP-4": "交满意度测评表 2-1-3", "R-ILL-1": "大病慰问申请截止", "R-INS-6": "理赔申请截止",
    "R-INS-8": "参保费用划款截止", "R-LR-1": "跟进走访", "R-POINT-1": "服务点企业访视",
    "R-WISH-1": "微心愿年底前点亮",
}


@dataclass(frozen=True)
class BoardRow:
    """One line of the 待办 board: an item, or several records' items of one rule, project and
    date (20,000 enrolments due the same day are one line, not 20,000)."""

    date: dt.date
    rule: str
    project: str
    title: str
    overdue: bool
    items: tuple[DeadlineItem, ...]

    @property
    def record(self) -> int | None:
        return self.items[0].record if len(self.items) == 1 else None

    @property
    def note(self) -> str | None:
        return self.items[0].note


def board_rows(items: list[DeadlineItem]) -> list[BoardRow]:
    groups: dict[tuple[Any, ...], list[DeadlineItem]] = {}
    for i in items:
        key = (i.date, i.rule, i.project, "records" if i.record is not None else i.title)
        groups.setdefault(key, []).append(i)
    out = []
    for (day, rule, project, _kind), members in groups.items():
        first = members[0]
        title = first.title if len(members) == 1 else \
            f"{GROUP_LABELS.get(rule, first.title)}：{len(members):,} 条记录"
        out.append(BoardRow(day, rule, project, title, first.overdue, tuple(members)))
    return sorted(out, key=lambda r: (r.date, r.project, r.rule, r.title))
