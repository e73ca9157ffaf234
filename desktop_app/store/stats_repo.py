"""Aggregations for the statistics page and the year report: one GROUP BY per question asked,
done by the database (SQLite's json_extract through SQLAlchemy's JSON index operator, which
PostgreSQL renders as ->>; the month expression is the one dialect-specific piece).

Callers (services.statistics) pass the statuses that count, so the rule of what counts lives
in services.catalog, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, func, literal, or_, select
from sqlalchemy.orm import Session

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
            .where(Record.form_code == form_code, Record.project_id.in_(list(project_ids)),
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
            .where(Record.form_code == form_code, Record.project_id.in_(list(project_ids)),
                   Record.status.not_in(list(excluded)), or_(*nonempty))
            .order_by(g, Record.id))
    return [(str(r[0] or ""), int(r[1]), r[2] or "", tuple(r[3:])) for r in session.execute(stmt)]


def progress_rows(session: Session, project_ids: Sequence[int], statuses: Sequence[str], by: str | None,
                  settled_statuses: Sequence[str] = ("settled",),
                  ) -> list[tuple[int, str, int, int, int, int]]:
    """(project id, key, records, headcount, subsidy fen, settled fen) of the records that
    count, per project and ``by`` = None | "month" | "unit" | "town"."""
    if by == "month":
        key: ColumnElement[Any] = month_expr(session)
    elif by in ("unit", "town"):
        key = _group_expr(by, None)
    else:
        key = literal("")
    settled = func.sum(func.coalesce(Record.settled_fen, 0)).filter(Record.status.in_(list(settled_statuses)))
    stmt = (select(Record.project_id, key, func.count(), func.sum(Record.headcount), func.sum(Record.subsidy_fen),
                   settled)
            .where(Record.project_id.in_(list(project_ids)), Record.status.in_(list(statuses)))
            .group_by(Record.project_id, key))
    return [(int(pid), str(k or ""), int(n), int(hc or 0), int(fen or 0), int(st or 0))
            for pid, k, n, hc, fen, st in session.execute(stmt)]


def people_reached(session: Session, project_ids: Sequence[int], statuses: Sequence[str],
                   by: str | None = None) -> dict[tuple[int, str], int]:
    """Distinct people on the rosters of the records that count, per project (and town/unit):
    a person on three rosters of one project is one person reached."""
    key = _group_expr(by, None) if by in ("unit", "town") else literal("")
    stmt = (select(Record.project_id, key, func.count(func.distinct(RosterEntry.person_id)))
            .join(Record, Record.id == RosterEntry.record_id)
            .where(Record.project_id.in_(list(project_ids)), Record.status.in_(list(statuses)))
            .group_by(Record.project_id, key))
    return {(int(pid), str(k or "")): int(n) for pid, k, n in session.execute(stmt)}


def record_counts(session: Session, project_ids: Sequence[int]) -> dict[int, int]:
    """All records of each project, whatever their status (drafts included)."""
    stmt = (select(Record.project_id, func.count()).where(Record.project_id.in_(list(project_ids)))
            .group_by(Record.project_id))
    return {int(p): int(n) for p, n in session.execute(stmt)}
