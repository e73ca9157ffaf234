"""Headless command line: the same services as the GUI, no display needed.

Each module in COMMAND_MODULES has `register(subparsers)`; its handlers take `(app, args)`
(or `(None, args)` when `needs_app=False`) and return an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

COMMAND_MODULES = [
    "desktop_app.cli.basic",
    "desktop_app.cli.selfcheck",
    "desktop_app.cli.records",
    "desktop_app.cli.history",
    "desktop_app.cli.pdf",
    "desktop_app.cli.roster",
    "desktop_app.cli.exchange",
    "desktop_app.cli.stats",
    "desktop_app.cli.backup",
    "desktop_app.cli.plan",
    "desktop_app.cli.users",
    "desktop_app.cli.db",
]

log = logging.getLogger("desktop_app.cli")


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    frozen = getattr(sys, "frozen", False)
    parser = ChineseArgumentParser(
        prog=Path(sys.argv[0]).stem if frozen else "python -m desktop_app",
        description="工会实事台账 UnionLedger。不带命令时启动图形界面。",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认：用户数据目录，或 UNIONLEDGER_HOME）")
    parser.add_argument("--db", metavar="URL", help="数据库服务器（多人共用的区总工会：postgresql://用户@主机/库；"
                        "默认本机数据库，或环境变量 UNIONLEDGER_DATABASE_URL）")
    parser.add_argument("--user", metavar="NAME", help="登录账户（启用了账户的数据库必填；或环境变量 UNIONLEDGER_USER）")
    parser.add_argument("--password-file", metavar="FILE", dest="login_password_file",
                        help="登录密码文件（第一行为密码；或环境变量 UNIONLEDGER_PASSWORD）")
    parser.add_argument("-v", "--verbose", action="store_true", help="详细日志")
    sub = parser.add_subparsers(dest="command", metavar="<命令>", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(text + "\n")


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


ENV_USER = "UNIONLEDGER_USER"
ENV_PASSWORD = "UNIONLEDGER_PASSWORD"


def _log_in(app: Any, args: argparse.Namespace) -> None:
    """--user NAME --password-file F (or UNIONLEDGER_USER / UNIONLEDGER_PASSWORD). A store with
    accounts refuses every command without a login (issue 15); one without needs none."""
    import os

    from desktop_app.services.operators import LoginRequired, read_password_file

    user = getattr(args, "user", None) or os.environ.get(ENV_USER)
    if not user:
        if app.login_required():
            raise LoginRequired("此数据库已启用账户，请先登录：--user 名称 --password-file 密码文件"
                                "（或环境变量 UNIONLEDGER_USER / UNIONLEDGER_PASSWORD）。")
        return
    pw_file = getattr(args, "login_password_file", None)
    password = read_password_file(pw_file) if pw_file else os.environ.get(ENV_PASSWORD)
    if not password:
        raise LoginRequired(f"已指定账户“{user}”，但没有密码：请用 --password-file 密码文件，"
                            "或环境变量 UNIONLEDGER_PASSWORD。")
    app.login(user, password)


def run_command(args: argparse.Namespace) -> int:
    from desktop_app.app_paths import DataDir, resolve_data_dir
    from desktop_app.core.redact import mask_text
    from desktop_app.disk_errors import chinese, describe
    from desktop_app.logging_setup import setup_logging
    from desktop_app.services.errors import ServiceError
    from desktop_app.store.db import StoreError

    _utf8_stdio()
    root = resolve_data_dir(args.data_dir)
    try:
        log_file = setup_logging(DataDir(root).logs, verbose=args.verbose)
    except OSError as exc:
        sys.stderr.write(f"错误：{describe(exc, root)}\n")
        return 2
    app = None
    try:
        if getattr(args, "needs_app", True):
            from desktop_app.services.app import App
            from desktop_app.store.migrate import quick_is_current

            db = DataDir(root).database
            if db.exists() and quick_is_current(db) is None:  # stderr: --json output stays clean
                sys.stderr.write("正在升级数据库（新版本第一次使用，原数据已先备份）…\n")
            app = App.open(root, getattr(args, "db", None))
            _log_in(app, args)
        return int(args.func(app, args) or 0)
    except (ServiceError, StoreError) as exc:
        sys.stderr.write(f"错误：{mask_text(str(exc))}\n")
        return 2
    except OSError as exc:
        log.exception("I/O error")
        sys.stderr.write(f"错误：{chinese(exc)}数据未作改动。\n")  # no English strerror (issue 20)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已取消。\n")
        return 130
    except Exception:  # noqa: BLE001 - last resort: log it, show where the log is
        log.exception("unexpected error in command %s", args.command)
        sys.stderr.write(f"内部错误：操作未完成，数据未作改动。详情见日志 {log_file}\n")
        return 3
    except BaseException as exc:
        # A Rust panic inside a reader (pyo3's PanicException is a BaseException): a damaged
        # input file, never exit code 1 (which scripts read as "rows rejected").
        if type(exc).__name__ != "PanicException":
            raise
        log.error("reader panicked in command %s: %s", args.command, exc)
        sys.stderr.write("错误：输入文件已损坏（内部结构不完整或被改动过），无法读取。数据未作改动。\n")
        return 2
    finally:
        if app is not None:
            app.close()
