"""设置 → 数据库 (issue 15, point 1): this seat's choice of store — 本机 (the SQLite file of the
data folder) or 服务器 (a PostgreSQL server shared by the office's seats).

The choice is saved as one line, the server's URL, in ``database-server.txt`` in the data
folder (services.app.SERVER_FILE) and takes effect at the next start. The file never holds a
password: libpq takes it from the PGPASSWORD environment variable or the pgpass file
(``%APPDATA%\\postgresql\\pgpass.conf`` on Windows, ``~/.pgpass`` elsewhere), and the program's
own accounts log in separately (services.operators). UNIONLEDGER_DATABASE_URL and ``--db``
override the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from desktop_app.app_paths import DataDir
from desktop_app.services.errors import ServiceError

SSL_MODES = ("require", "verify-full", "verify-ca", "prefer", "disable")


@dataclass
class ServerFields:
    host: str = ""
    port: int = 5432
    database: str = "unionledger"
    user: str = ""
    sslmode: str = "require"

    def url(self) -> str:
        host = self.host.strip()
        if not host:
            raise ServiceError("请填写服务器的主机名或 IP 地址。")
        if not self.database.strip():
            raise ServiceError("请填写数据库名。")
        if not self.user.strip():
            raise ServiceError("请填写数据库用户名。")
        if not 0 < int(self.port) < 65536:
            raise ServiceError(f"端口 {self.port} 不对（1–65535，PostgreSQL 默认 5432）。")
        if self.sslmode not in SSL_MODES:
            raise ServiceError(f"加密方式（sslmode）应为 {' / '.join(SSL_MODES)} 之一。")
        if any(c in host for c in "/@?# ") or "\n" in self.database + self.user:
            raise ServiceError("主机名里不能有 / @ ? # 或空格。")
        return (f"postgresql://{quote(self.user.strip(), safe='')}@{host}:{int(self.port)}/"
                f"{quote(self.database.strip(), safe='')}?sslmode={self.sslmode}")

    @classmethod
    def from_url(cls, url: str) -> "ServerFields":
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        return cls(host=parts.hostname or (query.get("host") or [""])[0], port=parts.port or 5432,
                   database=unquote(parts.path.lstrip("/")) or "unionledger",
                   user=unquote(parts.username or ""), sslmode=(query.get("sslmode") or ["require"])[0])


def saved_server(data_dir: DataDir) -> str | None:
    from desktop_app.services.app import SERVER_FILE
    from desktop_app.store.db import is_server_url

    try:
        text = (data_dir.root / SERVER_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text if is_server_url(text) else None


def save_server(data_dir: DataDir, url: str | None) -> None:
    """Save 服务器 (``url``) or 本机 (None): written to a temporary name and renamed."""
    from desktop_app.services.app import SERVER_FILE

    path = data_dir.root / SERVER_FILE
    if url is None:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        return
    if urlsplit(url).password:
        raise ServiceError("服务器地址中不能保存密码（请用 PGPASSWORD 或 pgpass 文件，见 README）。")
    tmp = path.with_name(f"~{path.name}.part")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(url + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class ConnectionReport:
    version: str
    revision: str | None
    head: str

    def message(self) -> str:
        if self.revision is None:
            schema = "数据库还是空的：下次启动时程序会建立数据表（或先用 db copy 把本机数据复制过去）。"
        elif self.revision == self.head:
            schema = f"数据表已建立，版本 {self.revision}，与本程序一致。"
        else:
            schema = f"数据表版本 {self.revision}，本程序为 {self.head}：下次启动时会升级（或须先升级程序）。"
        return f"连接成功：{self.version}。\n{schema}"


def test_connection(url: str, password: str | None = None, *, timeout: int = 5) -> ConnectionReport:
    """Connect once: the server's version and whether our schema is there."""
    from sqlalchemy import create_engine, text

    from desktop_app.store.db import server_url
    from desktop_app.store.migrate import head_revision

    args: dict[str, object] = {"connect_timeout": timeout}
    if password:
        args["password"] = password
    engine = create_engine(server_url(url), connect_args=args, poolclass=None)
    try:
        with engine.connect() as conn:
            version = str(conn.scalar(text("SELECT version()")) or "").split(" on ")[0].split(",")[0]
            has = conn.scalar(text("SELECT to_regclass('public.alembic_version') IS NOT NULL"))
            revision = conn.scalar(text("SELECT version_num FROM alembic_version")) if has else None
    except Exception as exc:  # noqa: BLE001 - every failure becomes one Chinese sentence
        raise ServiceError(connection_problem(exc)) from None
    finally:
        engine.dispose()
    return ConnectionReport(version, revision, head_revision())


def connection_problem(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        why = "用户名或密码不对（密码来自 PGPASSWORD 或 pgpass 文件，或在此处临时输入）"
    elif "does not exist" in text and "database" in text:
        why = "服务器上没有这个数据库"
    elif "timeout" in text or "timed out" in text:
        why = "连接超时：服务器没有回应（检查地址、端口、防火墙）"
    elif "could not translate host name" in text or "name or service not known" in text:
        why = "找不到这个主机名"
    elif "connection refused" in text:
        why = "服务器拒绝连接（PostgreSQL 没有运行，或端口不对）"
    elif "ssl" in text:
        why = "加密连接（SSL）没有建立：服务器未启用 TLS，或 sslmode 与服务器设置不符"
    elif "pg_hba" in text or "no pg_hba.conf entry" in text:
        why = "服务器的 pg_hba.conf 不允许这台电脑连接"
    else:
        why = "无法连接"
    return f"连接失败：{why}。"
