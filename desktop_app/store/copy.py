"""Moving an office (issue 15, point 5): copy a SQLite store into an empty PostgreSQL database.

The target is migrated to head first, then every table is copied in dependency order in ONE
transaction (executemany in chunks), self-references (units.parent_id) filled in afterwards,
the id sequences set past the copied ids (setval), and each table's row count compared with
the source's before the commit. Any difference, or any error, rolls the whole copy back: the
target stays empty. The source is read in one read transaction (one snapshot).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select, text, update

from desktop_app.store.db import StoreError, describe_target, is_server_url, make_engine
from desktop_app.store.models import Base

CHUNK = 5_000


@dataclass
class CopyResult:
    target: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "tables": dict(self.counts), "total_rows": self.total}


def _self_refs(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def copy_store(source: Path, url: str, *, extra: Callable[[Connection], dict[str, int]] | None = None,
               progress: Callable[[str], None] | None = None) -> CopyResult:
    """Copy the SQLite store at ``source`` into the empty server database ``url``. ``extra(conn)``
    runs in the same transaction after the tables (the first administrator, the audit secret) and
    returns how many rows it added per table (counted in the check)."""
    from desktop_app.store.migrate import migrate_server

    if not is_server_url(url):
        raise StoreError(f"目标“{url}”不是 PostgreSQL 服务器地址（应以 postgresql:// 开头）。")
    where = describe_target(url)
    migrate_server(url)
    src = make_engine(source)
    dst = make_engine(url)
    tables = list(Base.metadata.sorted_tables)
    result = CopyResult(where)
    try:
        with dst.connect() as check:
            for t in tables:
                n = check.scalar(select(func.count()).select_from(t)) or 0
                if n:
                    raise StoreError(f"目标数据库不是空的（{where} 的表 {t.name} 已有 {n} 行），为免覆盖其中的数据，"
                                     "已拒绝复制，什么也没有改动。请在服务器上新建一个空数据库再复制。")
        with src.connect() as read, dst.begin() as write:
            for t in tables:
                refs = _self_refs(t)
                pk = list(t.primary_key.columns)
                stmt = select(t).order_by(*pk) if pk else select(t)
                later: list[dict[str, Any]] = []
                copied = 0
                rows = read.execute(stmt).mappings()
                while True:
                    chunk = [dict(r) for r in rows.fetchmany(CHUNK)]
                    if not chunk:
                        break
                    for r in chunk:
                        if refs and any(r[c] is not None for c in refs):
                            later.append({"_id": r["id"], **{c: r[c] for c in refs}})
                            for c in refs:
                                r[c] = None
                    write.execute(t.insert(), chunk)
                    copied += len(chunk)
                if later:
                    for row in later:
                        write.execute(update(t).where(t.c.id == row["_id"]).values({c: row[c] for c in refs}))
                if "id" in t.c and t.c.id.autoincrement is not False and pk and pk[0].name == "id" \
                        and str(pk[0].type).upper().startswith("INTEGER"):
                    write.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {t.name}), 1), "
                        f"(SELECT MAX(id) FROM {t.name}) IS NOT NULL)"))
                if progress:
                    progress(f"{t.name}: {copied}")
            added = extra(write) if extra is not None else {}
            for t in tables:
                want = (read.scalar(select(func.count()).select_from(t)) or 0) + added.get(t.name, 0)
                got = write.scalar(select(func.count()).select_from(t)) or 0
                if got != want:
                    raise StoreError(f"复制后核对行数不符（表 {t.name}：源 {want} 行，目标 {got} 行），"
                                     "已全部撤销，目标数据库未作改动。")
                result.counts[t.name] = int(got)
    finally:
        src.dispose()
        dst.dispose()
    return result
