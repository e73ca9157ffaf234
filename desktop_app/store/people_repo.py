"""The people registry's bulk SQL: the search index's reads (services.people_index) and the roster
import's stamp, registry look-up and insert (services.import_store).

All of its SQL, per dialect: the index reads whole columns at once (one UTF-8 decode per column
instead of 400,000 small ones, ~4× faster on SQLite), a cheap stamp to see what changed, the
rows changed since, and each sort order as a list of ids.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.store.bulk import driver_executemany, driver_rows, is_sqlite, lookup
from desktop_app.store.models import Person, table_of

_STAMP_SQL = ("SELECT (SELECT count(*) FROM people), (SELECT max(id) FROM people),"
              " (SELECT max(updated_at) FROM people WHERE updated_at > created_at)")
# PostgreSQL counts rows by scanning the table (MVCC: ~50 ms at 400,000 people, every search).
# The program never deletes a person, so on a server the stamp leaves the count out (None) and
# new or changed rows are found by max(id) and the partial ix_people_changed_at (~0.2 ms).
_STAMP_SQL_PG = ("SELECT NULL, (SELECT max(id) FROM people),"
                 " (SELECT max(updated_at) FROM people WHERE updated_at > created_at)")
# Whole columns as one string each: one UTF-8 decode instead of 400,000 small ones (~4× faster).
_BULK_SQL = {
    "sqlite": (
        "SELECT group_concat(id, ','), group_concat(lower(name || char(31) || ifnull(work_unit, '')), char(30)),"
        " group_concat(id_number, ','), group_concat(ifnull(phone, ''), char(30)), count(*)"
        " FROM (SELECT id, name, work_unit, id_number, phone FROM people {where}{order})"
    ),
    "postgresql": (
        "SELECT string_agg(id::text, ','), string_agg(lower(name || chr(31) || coalesce(work_unit, '')), chr(30)),"
        " string_agg(id_number, ','), string_agg(coalesce(phone, ''), chr(30)), count(*)"
        " FROM (SELECT id, name, work_unit, id_number, phone FROM people {where}{order}) t"
    ),
}
_ROWS_SQL = {  # the same, a row each (when a separator is inside a value)
    "sqlite": "SELECT id, lower(name || char(31) || ifnull(work_unit, '')), id_number, ifnull(phone, '')"
              " FROM people {where}{order}",
    "postgresql": "SELECT id, lower(name || chr(31) || coalesce(work_unit, '')), id_number, coalesce(phone, '')"
                  " FROM people {where}{order}",
}
_ORDER_SQL = {  # ids in display order; NULLs first ascending, as SQLite orders them
    "sqlite": "SELECT group_concat(id, ',') FROM (SELECT id FROM people ORDER BY {column} {direction}, id)",
    "postgresql": "SELECT string_agg(id::text, ',' ORDER BY {column} {direction} {nulls}, id) FROM people",
}


# A patch: new rows, and rows changed since the stamp. No ORDER BY: with it SQLite scans the
# whole table in id order (150 ms at 400,000 people) instead of using the primary key and
# ix_people_changed_at; positions need not follow ids.
_PATCH_WHERE = "WHERE id > ? OR (updated_at > created_at AND updated_at >= ?)"
PEOPLE = table_of(Person)
SORT_COLUMNS = frozenset(c.name for c in PEOPLE.columns)


def _dialect(session: Session) -> str:
    return "sqlite" if is_sqlite(session) else "postgresql"


def people_stamp(session: Session) -> tuple[Any, ...]:
    """(row count — None on PostgreSQL —, max id, max updated_at of rows changed after their
    creation): ~3 ms."""
    return tuple(driver_rows(session, _STAMP_SQL if is_sqlite(session) else _STAMP_SQL_PG)[0])


def search_columns(session: Session, where: str = "", params: tuple[Any, ...] = (),
                   order: str = " ORDER BY id") -> tuple[list[int], list[str], list[str], list[str]]:
    """ids, "name␟unit" (lower-cased), identity numbers and phones of the people ``where`` picks."""
    sql = _BULK_SQL[_dialect(session)].format(where=where, order=order)
    ids_s, texts_s, nums_s, phones_s, n = driver_rows(session, sql, params)[0]
    if not n:
        return [], [], [], []
    ids = list(map(int, ids_s.split(",")))
    texts, nums, phones = texts_s.split("\x1e"), nums_s.split(","), phones_s.split("\x1e")
    if not (len(ids) == len(texts) == len(nums) == len(phones) == n):
        # A separator inside a value: fetch row by row instead (slower, always right).
        rows = driver_rows(session, _ROWS_SQL[_dialect(session)].format(where=where, order=order), params)
        ids, texts, nums, phones = (list(col) for col in zip(*rows))
    return ids, texts, nums, phones


def changed_since(session: Session, max_id: int, max_updated: Any) -> tuple[list[int], list[str], list[str], list[str]]:
    """New rows (id > max_id) and rows changed at or after ``max_updated`` (None: no changed row
    at the last stamp, every changed row is new since)."""
    if max_updated is None:
        max_updated = "" if is_sqlite(session) else dt.datetime(1, 1, 1)
    return search_columns(session, _PATCH_WHERE, (max_id, max_updated), order="")


def ids_in_order(session: Session, column: str, descending: bool) -> list[int]:
    """Every person's id, ORDER BY column [DESC], id — NULLs first ascending (SQLite's order)."""
    if column not in SORT_COLUMNS:
        raise ValueError(f"not a people column: {column!r}")
    sql = _ORDER_SQL[_dialect(session)].format(column=column, direction="DESC" if descending else "ASC",
                                               nulls="NULLS LAST" if descending else "NULLS FIRST")
    text = driver_rows(session, sql)[0][0]
    return list(map(int, text.split(","))) if text else []


def column_values(session: Session, column: str) -> list[tuple[int, str]]:
    """(id, value or "") of every person, in no particular order."""
    if column not in SORT_COLUMNS:
        raise ValueError(f"not a people column: {column!r}")
    return [(r[0], r[1]) for r in driver_rows(session, f"SELECT id, coalesce({column}, '') FROM people")]


# -- the roster import (services.import_store) ------------------------------------------------
_IMPORT_STAMP_SQL = ("SELECT (SELECT count(*) FROM people), (SELECT max(id) FROM people),"
              " (SELECT max(updated_at) FROM people WHERE updated_at > created_at), (SELECT count(*) FROM records),"
              " (SELECT max(updated_at) FROM records), (SELECT count(*) FROM roster_entries),"
              " (SELECT max(id) FROM roster_entries)")


def import_stamp(session: Session) -> tuple[Any, ...]:
    """What a classification depends on, in a few index look-ups: every write to people or
    records sets updated_at (a roster is saved with its record; for people, a change makes
    updated_at > created_at, ix_people_changed_at), an insert moves max(id), a deletion the count."""
    return tuple(driver_rows(session, _IMPORT_STAMP_SQL)[0])



def people_by_numbers(session: Session, numbers: list[str], columns: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Registry rows (the person columns named by ``columns``, which include ``id_number``,
    typed as the ORM types them) by identity number: one plain SQL query for all the numbers
    (bulk.lookup); SQLAlchemy's own result processors turn the stored text back into dates and
    booleans."""
    if not numbers:
        return {}
    table = PEOPLE
    names = tuple(columns)
    key_at = names.index("id_number")
    dialect = session.get_bind().dialect
    procs = [(i, fn) for i, name in enumerate(names)
             if (fn := table.c[name].type.dialect_impl(dialect).result_processor(dialect, None)) is not None]
    registered = driver_rows(session, f"SELECT count(*) FROM {table.name}")[0][0]
    if registered <= len(numbers):
        # A registry no larger than the file (a new office, a first import): one scan of the
        # id_number index costs less than looking up every number of the file in it.
        if not registered:
            return {}
        wanted = set(numbers)
        numbers = [n for (n,) in driver_rows(session, f"SELECT id_number FROM {table.name}") if n in wanted]
        if not numbers:
            return {}
    selected = ", ".join("p." + c for c in names)
    sql = f"SELECT {selected} FROM {{keys}} k JOIN {table.name} p ON p.id_number = k.value"
    existing: dict[str, dict[str, Any]] = {}
    for raw in lookup(session, sql, set(numbers)):
        values = list(raw)
        for i, fn in procs:
            values[i] = fn(values[i])
        existing[values[key_at]] = dict(zip(names, values))
    return existing



_DATETIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\Z")


def insert_people(session: Session, columns: Sequence[str], rows: list[list[Any]], now: dt.datetime, *,
                  all_columns: Sequence[str]) -> None:
    """executemany on the session's own connection (same transaction / savepoint).

    ``rows`` hold id_number and ``columns`` (person columns the roster fills; birth dates
    already as the text SQLAlchemy's Date type stores, see ``_write_people``); every other
    person column is NULL, revision 1, created_at / updated_at the import's instant: those go
    into the statement as literals instead of being bound 10,000 times (about half the
    parameters, ~25 ms of ~90 ms per 10,000 people). The ORM / Core insert paths cost ~0.23 s
    per 10,000 people here, the driver's executemany ~0.1 s; values go through SQLAlchemy's own
    bind processors, so dates and times are stored exactly as the ORM stores them."""
    conn = session.connection()
    table = PEOPLE
    dialect = conn.dialect
    names = ("id_number", *columns)
    procs = [(i, fn) for i, name in enumerate(names)
             if name == "is_member"
             and (fn := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    for i, fn in procs:
        for row in rows:
            value = row[i]
            if value is not None:
                row[i] = fn(value)
    stamp = table.c["created_at"].type.dialect_impl(dialect).bind_processor(dialect)
    at = stamp(now) if stamp is not None else str(now)
    if not _DATETIME_TEXT.match(at):  # never expected: then bind it like any other value
        raise ValueError(f"unexpected datetime text {at!r}")
    literal = {"revision": "1", "created_at": f"'{at}'", "updated_at": f"'{at}'"}
    rest = [c for c in all_columns if c not in names]
    sql = (f"INSERT INTO {table.name} ({', '.join((*names, *rest))}) "
           f"VALUES ({', '.join(['?'] * len(names) + [literal.get(c, 'NULL') for c in rest])})")
    driver_executemany(session, sql, rows)


