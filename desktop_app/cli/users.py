"""CLI: operator accounts (issue 15) — user add / list / disable / passwd."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="账户（多人共用的服务器数据库：登录、角色）")
    usub = p.add_subparsers(dest="user_command", metavar="<子命令>", required=True)
    c = usub.add_parser("add", help="添加账户（需管理员）")
    c.add_argument("name", metavar="NAME")
    c.add_argument("--role", required=True, help="admin=管理员 clerk=经办 reviewer=审核 viewer=只读")
    c.add_argument("--password-file", required=True, metavar="FILE", help="初始密码（文件第一行，至少 8 个字符）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_add)
    c = usub.add_parser("list", help="列出账户")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_list)
    c = usub.add_parser("disable", help="停用账户（需管理员）")
    c.add_argument("name", metavar="NAME")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_disable)
    c = usub.add_parser("passwd", help="修改密码（自己的；管理员可重设任何账户的密码并解除锁定）")
    c.add_argument("name", metavar="NAME")
    c.add_argument("--password-file", required=True, metavar="FILE", help="新密码（文件第一行）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_passwd)


def cmd_add(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.operators import add_operator, read_password_file
    from desktop_app.services.permissions import ROLES

    password = read_password_file(args.password_file)
    with app.transaction() as s:
        op = add_operator(s, args.name, args.role, password)
        row = {"name": op.name, "role": op.role, "role_label": ROLES[op.role]}
    if args.json:
        print_json(row)
    else:
        print(f"已添加账户“{row['name']}”（{row['role_label']}）。")
    return 0


def cmd_list(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.operators import list_operators

    with app.session() as s:
        rows = list_operators(s)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            state = "已停用" if r["disabled"] else ("已锁定" if r["locked"] else "正常")
            print(f"{r['name']}\t{r['role_label']}\t{state}\t上次登录 {r['last_login_at'] or '—'}")
        if not rows:
            print("尚无账户（本机单人使用无需账户；服务器数据库请用 setup --admin 创建第一个管理员）。")
    return 0


def cmd_disable(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.operators import disable_operator

    with app.transaction() as s:
        op = disable_operator(s, args.name)
        name = op.name
    if args.json:
        print_json({"name": name, "disabled": True})
    else:
        print(f"已停用账户“{name}”。")
    return 0


def cmd_passwd(app: App, args: argparse.Namespace) -> int:
    from desktop_app.cli import ENV_PASSWORD
    from desktop_app.services.operators import read_password_file, set_password

    password = read_password_file(args.password_file)
    # Changing one's own password: the old one is the one this command logged in with.
    old = None
    if app.operator is not None and app.operator.name == args.name.strip():
        pw_file = getattr(args, "login_password_file", None)
        old = read_password_file(pw_file) if pw_file else os.environ.get(ENV_PASSWORD)
    with app.transaction() as s:
        op = set_password(s, args.name, password, old_password=old)
        name = op.name
    if args.json:
        print_json({"name": name, "password_changed": True})
    else:
        print(f"账户“{name}”的密码已修改。")
    return 0
