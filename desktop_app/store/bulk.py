"""Bulk lookups and writes for imports of tens of thousands of rows (exchange packages).

Dialect-aware (issue 15): the statements here are written with ``?`` placeholders and turned
into psycopg's ``%s`` on PostgreSQL (:func:`driver_sql`); key lookups go through ``json_each``
on SQLite and ``unnest`` of an array on PostgreSQL; SQLite's pragmas are skipped there.

The ORM compiles and type-processes every parameter set (~25 µs a row); an import of 20
packages of 20,000 people each needs the DBAPI's own executemany with values already in
SQLite's storage format, written here in one place: JSON as json.dumps text (what SQLAlchemy's
JSON type writes), dates as
YYYY-MM-DD, datetimes as SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff". Everything runs on the
session's connection, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

CHUNK = 900  # below SQLITE_MAX_VARIABLE_NUMBER of every SQLite build (999 before 3.32)


def sql_json(value: Any) -> str:
    """As SQLAlchemy's JSON type stores it (its default serializer is json.dumps with default
    settings: ASCII escapes, ", " and ": "). The C encoder without json.dumps' per-call set-up
    (a private stdlib API) saved ~0.4 s of a 20-package import (~3 %): not worth it."""
    return json.dumps(value)


def sql_jsons(values: list[Any]) -> list[str]:
    """[sql_json(v) for v in values]: a whole roster's entry data."""
    dumps = json.dumps
    return [dumps(v) for v in values]


def sql_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def sql_datetime(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def driver_sql(session: Session, sql: str) -> str:
    """``sql`` written with ``?`` placeholders, in the driver's own style (psycopg: ``%s``).
    Our statements hold no other ``?`` or ``%`` (sql_literal admits neither)."""
    return sql if is_sqlite(session) else sql.replace("?", "%s")


def driver_rows(session: Session, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of one statement through the DB-API connection of the session (same transaction),
    as plain tuples: no SQLAlchemy row wrapping for the bulk paths."""
    dbapi = _driver(session)
    cur = dbapi.cursor()
    try:
        cur.execute(driver_sql(session, sql), tuple(params))
        return [tuple(r) for r in cur.fetchall()] if cur.description else []
    finally:
        cur.close()


def driver_executemany(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    dbapi = _driver(session)
    cur = dbapi.cursor()
    try:
        cur.executemany(driver_sql(session, sql), rows if isinstance(rows, list) else list(rows))
    finally:
        cur.close()


def tune_for_bulk(session: Session) -> None:
    """For this connection: a 64 MiB page cache (index inserts into 400,000-row tables stay in
    memory) and a WAL checkpoint every ~32 MiB instead of ~4 MiB (index pages rewritten by
    consecutive imports are copied to the database file once, not after every package).
    Durability is unchanged: a commit is durable once in the WAL (synchronous=FULL)."""
    if not is_sqlite(session):
        return
    conn = _raw(session)
    conn.exec_driver_sql("PRAGMA cache_size=-65536")
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=8000")


def _raw(session: Session) -> Connection:
    return session.connection()


def _driver(session: Session) -> Any:
    """The driver's own connection under the session's (sqlite3 or psycopg; the DB-API has no
    common type), in the session's transaction."""
    dbapi = session.connection().connection.driver_connection
    if dbapi is None:  # only after the connection was invalidated
        raise RuntimeError("the session's connection is closed")
    return dbapi


_JSON_EACH: dict[str, bool] = {}  # SQLite library version → has json_each (probed once)


def _json_each_works(dbapi: sqlite3.Connection) -> bool:
    version = sqlite3.sqlite_version
    if version not in _JSON_EACH:
        try:
            _JSON_EACH[version] = dbapi.execute("SELECT count(*) FROM json_each('[1,\"a\"]')").fetchone()[0] == 2
        except sqlite3.Error:  # a build without JSON (SQLITE_OMIT_JSON)
            _JSON_EACH[version] = False
    return _JSON_EACH[version]


_SEP = "\x1f"  # the unit separator: in no identity number, name or code a clerk can type


def _storable(key: Any) -> bool:
    """A key that can be stored at all (a text with a lone surrogate cannot: never found)."""
    if type(key) is str and not key.isascii():
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def lookup(session: Session, sql: str, keys: Iterable[Any], extra: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of `sql` for many keys (distinct texts or integers) in one statement: `sql` reads
    them from a one-column table ``{keys}`` (column ``value``), e.g.
    ``SELECT p.id_number, p.id FROM {keys} k JOIN people p ON p.id_number = k.value``;
    `extra` binds the ``?`` after it. The keys travel as one JSON array read by json_each, so
    SQLite probes the index once per key with no list to build and sort (20,000 identity numbers:
    ~5 ms instead of ~15 ms in IN lists of 900); a SQLite without JSON gets chunks of 900 keys
    as a VALUES table. Rows come back as plain tuples, straight from the driver."""
    keys = keys if isinstance(keys, list) else list(keys)
    if not keys:
        return []
    if not is_sqlite(session):
        # PostgreSQL: the keys as one array parameter, unnested into the one-column table
        keys = [k for k in keys if _storable(k)]
        if all(type(k) is int for k in keys):
            # one text, split by the server: psycopg builds an array parameter element by
            # element (~0.1 s per 20,000 keys), a joined string in one call
            table = "(SELECT CAST(unnest(string_to_array(?, ',')) AS bigint) AS value)"
            return _key_driven_rows(session, sql.format(keys=table), (",".join(map(str, keys)), *extra))
        if all(type(k) is str and k and _SEP not in k for k in keys):
            table = "(SELECT unnest(string_to_array(?, chr(31))) AS value)"
            return _key_driven_rows(session, sql.format(keys=table), (_SEP.join(keys), *extra))
        table = "(SELECT unnest(?::text[]) AS value)"
        return _key_driven_rows(session, sql.format(keys=table), (keys, *extra))
    dbapi: sqlite3.Connection = _driver(session)
    if _json_each_works(dbapi):
        # json.dumps escapes every non-ASCII character: a text that cannot be stored (a lone
        # surrogate) travels as an escape and simply matches nothing
        return dbapi.execute(sql.format(keys="json_each(?)"), (json.dumps(keys), *extra)).fetchall()
    keys = [k for k in keys if _storable(k)]  # binding such a text would raise
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i:i + CHUNK]
        table = f"(SELECT column1 AS value FROM (VALUES {','.join(['(?)'] * len(chunk))}))"
        out.extend(dbapi.execute(sql.format(keys=table), (*chunk, *extra)).fetchall())
    return out


_PLANNER = ("enable_hashjoin", "enable_mergejoin")


def _key_driven_rows(session: Session, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """PostgreSQL: a look-up by keys planned as what it is, one index probe per key (nested
    loops). In the middle of a bulk import the planner's statistics are stale (a table grew by
    20,000 rows since the last ANALYZE) and it chose to hash or sort whole 400,000-row tables:
    ~0.2 s a look-up instead of ~0.05 s (issue 15, district import on a server). Switched off
    for this statement only (SET LOCAL, put back at once)."""
    before = driver_rows(session, "SELECT " + ", ".join(
        f"current_setting('{name}'), set_config('{name}', 'off', true)" for name in _PLANNER))[0]
    rows = driver_rows(session, sql, params)
    driver_rows(session, "SELECT " + ", ".join(
        f"set_config('{name}', ?, true)" for name in _PLANNER), before[0::2])
    return rows


_SAFE_TEXT = re.compile(r"[0-9A-Za-z :._-]{0,64}\Z")


def sql_literal(value: Any) -> str:
    """A value the same for every row, written into the statement instead of being bound once
    per row: NULL, an integer, or a short plain text (codes, timestamps we format). Anything
    else is refused, never quoted by hand."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is str and _SAFE_TEXT.match(value):
        return f"'{value}'"
    raise ValueError(f"not a plain literal: {value!r}")


def insert_many(session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                constants: Mapping[str, Any] | None = None) -> None:
    """executemany of `rows` (values in `columns` order); `constants` (column → value the same
    for every row, see sql_literal) go into the statement itself: fewer bound parameters."""
    if rows:
        constants = constants or {}
        names = [*columns, *constants]
        values = ["?"] * len(columns) + [sql_literal(v) for v in constants.values()]
        if not is_sqlite(session):
            _copy_in(session, table, names, rows, tuple(constants.values()))
            return
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"
        _raw(session).exec_driver_sql(driver_sql(session, sql), rows if isinstance(rows, list) else list(rows))


def _copy_in(session: Session, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]],
             constants: tuple[Any, ...]) -> None:
    """PostgreSQL: COPY … FROM STDIN (issue 15). One stream instead of a statement per row:
    a district import of 20 packages (400,000 people, 400,000 roster entries) spent most of its
    time in the server parsing and running single-row INSERTs; the same rows, the same checks."""
    dbapi = _driver(session)
    with dbapi.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            if constants:
                for row in rows:
                    copy.write_row((*row, *constants))
            else:
                for row in rows:
                    copy.write_row(row)


def insert_many_ids(session: Session, table: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]], constants: Mapping[str, Any] | None = None) -> list[int] | None:
    """Insert and return the new ids in row order, or None when they cannot be proven.

    SQLite gives each new row max(rowid) + 1; inside our write transaction nobody else
    inserts, so the ids are consecutive — checked (count and range), never assumed.
    """
    if not rows:
        return []
    if not is_sqlite(session):
        insert_many(session, table, columns, rows, constants)
        return None  # a server's sequence is shared with other seats: the caller looks them up
    conn = _raw(session)
    before = int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar() or 0)
    insert_many(session, table, columns, rows, constants)
    lo, hi, n = conn.exec_driver_sql(f"SELECT min(id), max(id), count(*) FROM {table} WHERE id > ?",
                                     (before,)).one()
    if n == len(rows) and lo == before + 1 and hi == before + n:
        return list(range(lo, hi + 1))
    return None


def update_many(session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                key: str = "id") -> None:
    """rows: the new values in `columns` order, then the key."""
    if rows:
        sql = f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {key} = ?"
        _raw(session).exec_driver_sql(driver_sql(session, sql), list(rows))


def delete_in(session: Session, table: str, column: str, values: Iterable[Any]) -> None:
    conn = _raw(session)
    values = list(values)
    for i in range(0, len(values), CHUNK):
        chunk = values[i:i + CHUNK]
        conn.exec_driver_sql(driver_sql(session, f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})"),
                             tuple(chunk))
