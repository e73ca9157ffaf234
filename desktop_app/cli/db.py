"""CLI: db copy — move an office's store from this PC to a PostgreSQL server (issue 15)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="数据库（迁到服务器）")
    dsub = p.add_subparsers(dest="db_command", metavar="<子命令>", required=True)
    c = dsub.add_parser("copy", help="把本机数据库整体复制到一个空的服务器数据库（一次事务，逐表核对行数）")
    c.add_argument("--to", required=True, metavar="URL", help="目标：postgresql://用户@主机:端口/库?sslmode=require")
    c.add_argument("--admin", metavar="NAME", help="同时在服务器上创建第一个管理员账户")
    c.add_argument("--password-file", metavar="FILE", help="该管理员的密码（文件第一行）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_copy)


def cmd_copy(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.db_move import copy_to_server
    from desktop_app.services.errors import ServiceError
    from desktop_app.services.operators import read_password_file

    password = None
    if args.admin:
        if not args.password_file:
            raise ServiceError("创建管理员须同时给出 --password-file 密码文件。")
        password = read_password_file(args.password_file)
    result = copy_to_server(app, args.to, admin=args.admin, password=password)
    if args.json:
        print_json({**result.to_dict(), **({"admin": args.admin.strip()} if args.admin else {})})
        return 0
    print(f"已复制到 {result.target}，逐表核对行数一致：")
    for name, n in result.counts.items():
        print(f"  {name}\t{n}")
    print(f"共 {result.total} 行。各座席改用此服务器：设置 → 数据库，或环境变量 UNIONLEDGER_DATABASE_URL。")
    return 0
