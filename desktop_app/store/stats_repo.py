"""Aggregations for the statistics page and the year report: one GROUP BY per question asked,
done by the database (SQLite's json_extract through SQLAlchemy's JSON index operator, which
PostgreSQL renders as ->>; the month expression is the one dialect-specific piece).

Callers (services.statistics) pass the condition of what counts (a WHERE clause on Record), so
the rule of what counts lives in the services, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.status import SETTLED
from desktop_app.store.bulk import lookup
from desktop_app.store.models import Record, RosterEntry

GROUPS = ("provider", "unit", "town")


def _group_expr(group: str | None, provider_key: str | None) -> ColumnElement[Any]:
    if group == "unit":
        return func.coalesce(Record.unit_name, "")
    if group == "town":
        return func.coalesce(Record.origin, "")
    if group == "provider":
        if provider_key is None:
            return literal("")
        return func.coalesce(Record.data[provider_key].as_string(), "")
    return literal("")


def _not_indexed(column: Any) -> Any:
    """``column + 0``: the same values, but no index on it. A survey form's few records are found
    by ix_records_form_code; without statistics (no ANALYZE) SQLite took ix_records_project_id
    instead and read a district's 13,000 health-check records to find 1,000 surveys (~50 ms a
    query instead of ~5)."""
    return column + 0


def month_expr(session: Session) -> ColumnElement[Any]:
    """'YYYY-MM' of the record's date (填表日期 …), else of the day it was entered."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.coalesce(Record.record_date, cast(Record.created_at, Date)), "YYYY-MM")
    return func.strftime("%Y-%m", func.coalesce(Record.record_date, Record.created_at))


def survey_answer_rows(session: Session, form_code: str, keys: Sequence[str], project_ids: Sequence[int],
                       excluded: Sequence[str], group: str | None, provider_key: str | None,
                       ) -> list[tuple[str, tuple[Any, ...], int]]:
    """(group key, answers to ``keys`` in order, number of responses) of one survey form:
    one row per distinct combination of answers, so a few dozen rows for thousands of forms."""
    g = _group_expr(group, provider_key)
    answers = [Record.data[k].as_string() for k in keys]
    stmt = (select(g, *answers, func.count())
            .where(Record.form_code == form_code, _not_indexed(Record.project_id).in_(list(project_ids)),
                   Record.status.not_in(list(excluded)))
            .group_by(g, *answers))
    return [(str(row[0] or ""), tuple(row[1:-1]), int(row[-1])) for row in session.execute(stmt)]


def survey_text_rows(session: Session, form_code: str, text_keys: Sequence[str], project_ids: Sequence[int],
                     excluded: Sequence[str], group: str | None, provider_key: str | None,
                     ) -> list[tuple[str, int, str, tuple[Any, ...]]]:
    """(group key, record id, unit name, texts) of the responses with any free text filled."""
    g = _group_expr(group, provider_key)
    texts = [Record.data[k].as_string() for k in text_keys]
    if not texts:
        return []
    nonempty = [func.length(func.trim(func.coalesce(t, ""))) > 0 for t in texts]
    stmt = (select(g, Record.id, Record.unit_name, *texts)
            .where(Record.form_code == form_code, _not_indexed(Record.project_id).in_(list(project_ids)),
                   Record.status.not_in(list(excluded)), or_(*nonempty))
            .order_by(g, Record.id))
    return [(str(r[0] or ""), int(r[1]), r[2] or "", tuple(r[3:])) for r in session.execute(stmt)]


def progress_rows(session: Session, project_ids: Sequence[int], counted: ColumnElement[bool],
                  settled_statuses: Sequence[str] = (SETTLED.key,),
                  ) -> list[tuple[int, str, str, str, int, int, int, int]]:
    """(project id, month, unit, town, records, headcount, subsidy fen, settled fen) of the
    records that count, one row per combination that occurs: one pass over the records serves
    the totals and every breakdown (a few thousand rows for a district's 20,000 records)."""
    month, unit, town = month_expr(session), _group_expr("unit", None), _group_expr("town", None)
    settled = func.sum(func.coalesce(Record.settled_fen, 0)).filter(Record.status.in_(list(settled_statuses)))
    stmt = (select(Record.project_id, month, unit, town, func.count(), func.sum(Record.headcount),
                   func.sum(Record.subsidy_fen), settled)
            .where(Record.project_id.in_(list(project_ids)), counted)
            .group_by(Record.project_id, month, unit, town))
    return [(int(pid), str(m or ""), str(u or ""), str(t or ""), int(n), int(hc or 0), int(fen or 0), int(st or 0))
            for pid, m, u, t, n, hc, fen, st in session.execute(stmt)]


def people_reached(session: Session, project_ids: Sequence[int], counted: ColumnElement[bool],
                   ) -> tuple[dict[int, int], dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """Distinct people on the rosters of the records that count: per project, per (project,
    unit) and per (project, town) — a person on three rosters of one project is one person.

    Three COUNT(DISTINCT) queries each sort every entry in a temporary B-tree (~1.2 s for
    270,000 entries). Instead: the distinct count per project (one such sort), and each
    record's number of entries (an index count per record). Where a project's distinct count
    equals its entries — no one twice, which R-ID-5 makes the rule — every unit's and town's
    entries are distinct people too; only a project with someone on two rosters has its
    entries read and counted in sets."""
    recs = {rid: (pid, u, t) for rid, pid, u, t in session.execute(
        select(Record.id, Record.project_id, _group_expr("unit", None), _group_expr("town", None))
        .where(Record.project_id.in_(list(project_ids)), counted))}
    if not recs:
        return {}, {}, {}
    # straight from the driver (the Row layer costs ~35 ms per 20,000 rows, docs/engineering.md)
    sizes = lookup(session, "SELECT k.value, (SELECT count(*) FROM roster_entries e WHERE e.record_id = k.value) "
                            "FROM {keys} k", sorted(recs))
    distinct = dict(session.execute(
        select(Record.project_id, func.count(func.distinct(RosterEntry.person_id)))
        .join(RosterEntry, RosterEntry.record_id == Record.id)
        .where(Record.project_id.in_(list(project_ids)), counted)
        .group_by(Record.project_id)).all())
    entries: dict[int, int] = {}
    by_u: dict[tuple[int, str], int] = {}
    by_t: dict[tuple[int, str], int] = {}
    for rid, n in sizes:
        pid, u, t = recs[rid]
        entries[pid] = entries.get(pid, 0) + n
        by_u[(pid, u)] = by_u.get((pid, u), 0) + n
        by_t[(pid, t)] = by_t.get((pid, t), 0) + n
    for pid in [p for p, n in entries.items() if distinct.get(p, 0) != n]:
        ids = sorted(rid for rid, (p, _u, _t) in recs.items() if p == pid)
        rows = lookup(session, "SELECT e.record_id, e.person_id FROM {keys} k "
                               "JOIN roster_entries e ON e.record_id = k.value", ids)
        su: dict[tuple[int, str], set[int]] = {}
        st: dict[tuple[int, str], set[int]] = {}
        for rid, group in groupby(rows, itemgetter(0)):
            persons = [person for _rid, person in group]
            _p, u, t = recs[rid]
            su.setdefault((pid, u), set()).update(persons)
            st.setdefault((pid, t), set()).update(persons)
        by_u.update({k: len(v) for k, v in su.items()})
        by_t.update({k: len(v) for k, v in st.items()})
    return ({p: int(distinct.get(p, 0)) for p in entries}, by_u, by_t)


def record_counts(session: Session, project_ids: Sequence[int]) -> dict[int, int]:
    """All records of each project, whatever their status (drafts included)."""
    stmt = (select(Record.project_id, func.count()).where(Record.project_id.in_(list(project_ids)))
            .group_by(Record.project_id))
    return {int(p): int(n) for p, n in session.execute(stmt)}
