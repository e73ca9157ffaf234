"""Engine and sessions. SQLite on every connection: WAL, foreign_keys=ON, synchronous=FULL.

pysqlite's own transaction handling is switched off and BEGIN is emitted by us, so that
transactions and savepoints behave (SQLAlchemy SQLite dialect docs; PITFALLS §4.27).

Writers wait their turn (issue 20): a write transaction (:meth:`Store.transaction`) starts
with ``BEGIN IMMEDIATE``, so it takes SQLite's write lock up front and waits for it (busy
timeout) instead of starting as a reader and failing to upgrade — under WAL a deferred
transaction that read before another process committed gets SQLITE_BUSY at its first write
at once, whatever the timeout. Read-only sessions (:meth:`Store.session`) stay deferred and
cheap. A write that still cannot get the lock raises :class:`StoreBusy` (Chinese, retryable).

One store, two engines (issue 15): a path is the embedded SQLite store of one PC; a
``postgresql://`` URL (from ``--db``, ``UNIONLEDGER_DATABASE_URL`` or 设置 → 数据库) is a
server shared by several seats, reached with psycopg 3. The SQLite pragmas and BEGIN IMMEDIATE
apply to SQLite only; PostgreSQL's own row locks order its writers.

Engines are created with ``hide_parameters=True``: an SQL error's text (logged) never carries
the bound values — identity numbers and phones stay out of the log file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 20_000  # a roster import's commit or a district import of 20 packages fits
WRITE_OPTION = "unionledger_write"


class StoreError(Exception):
    """A problem with the store that the user must be told about (message in Chinese)."""


class StoreBusy(StoreError):
    """Another program or window held the write lock for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(
            f"数据库正被另一个窗口或程序写入（等待了 {max(1, BUSY_TIMEOUT_MS // 1000)} 秒仍未轮到），"
            "本次操作没有保存，数据未作改动。请等对方的导入或保存完成后再试一次。"
        )


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" / SQLITE_BUSY."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.close()


def _on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


ENV_DATABASE_URL = "UNIONLEDGER_DATABASE_URL"


def is_server_url(target: object) -> bool:
    """True for a PostgreSQL URL (``postgresql://``, ``postgresql+psycopg://``, ``postgres://``)."""
    return isinstance(target, str) and target.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def server_url(url: str) -> str:
    """The URL with the psycopg 3 driver named (what SQLAlchemy needs to pick it)."""
    scheme, rest = url.split(":", 1)
    if scheme in ("postgresql", "postgres"):
        scheme = "postgresql+psycopg"
    return f"{scheme}:{rest}"


def describe_target(target: Path | str) -> str:
    """Where the store is, for messages and logs: the file, or the server without its password."""
    if is_server_url(target):
        from sqlalchemy.engine import make_url

        u = make_url(server_url(str(target)))
        host = u.host or u.query.get("host") or "localhost"
        return f"服务器 {host}{':' + str(u.port) if u.port else ''} 数据库 {u.database}（用户 {u.username or '默认'}）"
    return str(target)


def _server_options(url: str) -> str:
    """The server session's settings: the URL's own ``options`` plus JIT off. The program's
    statements are short look-ups whose row estimates can be wild in the middle of a bulk
    import (a table grew since the last ANALYZE); PostgreSQL then JIT-compiles them, ~0.6 s
    each: 20 packages into a district took ~6 s longer than with JIT off (issue 15)."""
    from sqlalchemy.engine import make_url

    own = make_url(server_url(url)).query.get("options")
    own = " ".join(own) if isinstance(own, tuple) else own
    return f"{own} -c jit=off" if own else "-c jit=off"


def make_engine(target: Path | str) -> Engine:
    if is_server_url(target):
        return create_engine(server_url(str(target)), future=True, hide_parameters=True,
                             pool_pre_ping=True, pool_size=5, max_overflow=5,
                             connect_args={"options": _server_options(str(target))})
    url = "sqlite://" if str(target) == ":memory:" else f"sqlite:///{Path(target).as_posix()}"
    engine = create_engine(url, future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The opened database: an engine, a session factory for reading and one for writing."""

    def __init__(self, target: Path | str) -> None:
        self.server = is_server_url(target)
        self.target = target  # the server's URL or the SQLite file
        self.url: str | None = str(target) if self.server else None
        self.path: Path | None = None if self.server else Path(target)
        self.engine = make_engine(target)
        self.dialect = self.engine.dialect.name  # "sqlite" or "postgresql"
        self._factory = sessionmaker(self.engine, expire_on_commit=False, future=True)
        writer = self.engine.execution_options(**{WRITE_OPTION: True})
        self._writer = sessionmaker(writer, expire_on_commit=False, future=True)
        # The logged-in operator (services.operators.CurrentOperator) or None: put in every
        # session's info, where the services' role checks and the audit log read it.
        self.operator: object | None = None

    def session(self) -> Session:
        """A session for reading (deferred BEGIN: never waits for writers under WAL)."""
        return self._factory(info={"operator": self.operator})

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: BEGIN IMMEDIATE, commit on success, roll everything back on any
        error. :class:`StoreBusy` when the write lock stays taken past the busy timeout."""
        with self._writer(info={"operator": self.operator}) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                if is_busy(exc):
                    raise StoreBusy() from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def lock_for_transaction(session: Session, name: str) -> None:
    """Hold a named lock until the session's transaction ends (issue 15: two seats importing
    the same town's package are applied one after the other; the second then sees the first's
    exchange log and records and changes nothing). PostgreSQL: pg_advisory_xact_lock on a
    64-bit key from the name. SQLite: the write transaction (BEGIN IMMEDIATE) already holds
    the database's one write lock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    import hashlib

    from sqlalchemy import text

    key = int.from_bytes(hashlib.sha256(f"unionledger:{name}".encode()).digest()[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
