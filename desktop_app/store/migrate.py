"""Migration runner: run at start-up before any window; backup first; refuse a newer schema."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.app_paths import db_scripts_path
from desktop_app.store.db import StoreError, describe_target, is_server_url, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration is due: at start-up with the schema already at
# head, `quick_is_current` answers with sqlite3 and a glance at db/versions (~2 ms instead of
# ~0.3 s of imports, a fifth of the cold-start budget).
_REV_RE = re.compile(r"""^(down_)?revision\s*(?::[^=]*)?=\s*(.+?)\s*$""", re.M)

log = logging.getLogger(__name__)


class NewerSchemaError(StoreError):
    pass


@dataclass
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> "Config":
    from alembic.config import Config

    scripts = db_scripts_path()
    cfg = Config(str(scripts / "alembic.ini"))
    cfg.set_main_option("script_location", str(scripts))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db_path: Path | str) -> str | None:
    if not is_server_url(db_path) and not Path(db_path).exists():
        return None
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(db_path)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def backup_database(db_path: Path, backup_dir: Path, label: str) -> Path:
    """A verified backup (temporary name → integrity, revision, row counts → rename; see
    store/backup.py). `label` "before-<rev>" makes a pre-migration backup, else the kind."""
    from desktop_app.store.backup import BackupError, create_backup

    kind, revision = ("pre-migration", label[len("before-"):]) if label.startswith("before-") else (label, None)
    try:
        return create_backup(db_path, backup_dir, kind, revision=revision).path
    except BackupError as exc:
        raise StoreError(f"升级数据库前的备份未能完成，数据库未作改动：{exc}") from exc


def _declared_heads(versions: Path) -> set[str] | None:
    """Head revisions declared by the scripts in db/versions; None when they cannot be read
    plainly (then Alembic decides)."""
    revs: set[str] = set()
    downs: set[str] = set()
    try:
        files = sorted(versions.glob("*.py"))
        for f in files:
            found = dict((bool(m.group(1)), m.group(2)) for m in _REV_RE.finditer(f.read_text(encoding="utf-8")))
            if False not in found:
                return None
            rev = found[False].strip("'\"")
            if not re.fullmatch(r"[0-9A-Za-z_]+", rev):
                return None
            revs.add(rev)
            down = found.get(True, "None")
            downs.update(re.findall(r"[0-9A-Za-z_]+", down.replace("None", "")))
    except OSError:
        return None
    return (revs - downs) or None


def quick_is_current(db_path: Path) -> str | None:
    """The revision when the database is already at the single head, else None (no Alembic)."""
    if not db_path.exists():
        return None
    heads = _declared_heads(db_scripts_path() / "versions")
    if not heads or len(heads) != 1:
        return None
    try:
        con = sqlite3.connect(str(db_path))
        try:
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    current = {r[0] for r in rows}
    return rows[0][0] if current == heads else None


def _newer(target: Path | str, before: str) -> NewerSchemaError:
    return NewerSchemaError(
        f"数据库 {describe_target(target)} 由更新版本的工会实事台账创建（数据库版本 {before}），"
        "本程序无法打开。请安装最新版本后再打开；数据未作任何改动。"
    )


def migrate_server(url: str) -> MigrationResult:
    """A PostgreSQL store: refuse a newer schema, else upgrade to head in one transaction (DDL
    is transactional there too) under an advisory lock, so two seats starting a new version at
    once migrate it once. Backups of a server are the server's (pg_dump; see the README)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('unionledger-migrate'))"))
            before = MigrationContext.configure(conn).get_current_revision()
            if before == head:
                conn.commit()
                return MigrationResult(before, head, None)
            if before is not None:
                try:
                    script.get_revision(before)
                except Exception as exc:  # alembic raises ResolutionError / CommandError variants
                    raise _newer(url, before) from exc
            log.info("migrating %s from %s to %s", describe_target(url), before, head)
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except StoreError:
        raise
    except Exception as exc:
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            raise StoreError(f"无法连接数据库服务器：{describe_target(url)}。请检查服务器地址、端口、"
                             "用户名和口令，以及网络是否连通；数据未作改动。") from exc
        raise
    finally:
        engine.dispose()
    return MigrationResult(before, head, None)


def migrate(db_path: Path | str, backup_dir: Path) -> MigrationResult:
    if is_server_url(db_path):
        return migrate_server(str(db_path))
    db_path = Path(db_path)
    from desktop_app.store.backup import clean_leftovers

    clean_leftovers(backup_dir)  # what a killed backup left (never a file that looks complete)
    current = quick_is_current(db_path)
    if current is not None:
        return MigrationResult(current, current, None)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    before = current_revision(db_path)
    if before == head:
        return MigrationResult(before, head, None)
    if before is not None:
        try:
            script.get_revision(before)
        except Exception as exc:  # alembic raises ResolutionError / CommandError variants
            raise _newer(db_path, before) from exc
    backup = None
    if before is not None:
        backup = backup_database(db_path, backup_dir, f"before-{before}")
        log.info("backup before migration: %s", backup)
    log.info("migrating %s from %s to %s", db_path, before, head)
    upgrade_sqlite(db_path, "head")
    return MigrationResult(before, head, backup)


def upgrade_sqlite(db_path: Path, revision: str) -> None:
    """Run the migrations of a SQLite file up to ``revision`` ("head", or an older one: the
    tests and the crash harness make a store as an earlier release left it), foreign keys off
    while tables are rebuilt. No backup, no checks: ``migrate`` does those first."""
    from alembic import command

    db_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(db_path)
    try:
        with engine.connect() as conn:
            # Outside any transaction, so that the pragma takes effect (PITFALLS §4.30): on the
            # sqlite3 connection itself (SQLAlchemy's exec_driver_sql would BEGIN first).
            driver = conn.connection.driver_connection
            if driver is None:  # never: the connection was just opened
                raise RuntimeError("no driver connection")
            driver.execute("PRAGMA foreign_keys=OFF")
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if conn.in_transaction():
                conn.commit()
    finally:
        engine.dispose()
