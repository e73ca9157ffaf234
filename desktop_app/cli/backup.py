"""CLI: backups (backup create | list | verify | restore | second-place)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.app_paths import DataDir
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="备份与恢复")
    bs = p.add_subparsers(dest="backup_command", metavar="<子命令>", required=True)
    c = bs.add_parser("create", help="立即备份（备份文件夹；--out 另存一份到指定文件夹，如 U 盘）")
    c.add_argument("--out", metavar="DIR", help="另存到的文件夹")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_create)
    c = bs.add_parser("list", help="列出备份（日期、种类、大小）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_list, needs_app=False)
    c = bs.add_parser("verify", help="检查备份文件（完整性、数据库版本）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_verify, needs_app=False)
    c = bs.add_parser("restore", help="从备份恢复（先检查文件、先备份当前数据）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--yes", action="store_true", help="确认恢复（不加时只显示将丢失的改动）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_restore, needs_app=False)
    c = bs.add_parser("second-place", help="设置异地备份位置（U 盘或网络文件夹）；不带参数时显示当前设置")
    c.add_argument("folder", nargs="?", metavar="DIR")
    c.add_argument("--clear", action="store_true", help="取消异地备份位置")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_second_place, needs_app=False)


def _data_dir(args: argparse.Namespace) -> DataDir:
    from desktop_app.app_paths import DataDir, resolve_data_dir
    from desktop_app.packaging_guard import check_data_dir_location

    return DataDir(check_data_dir_location(resolve_data_dir(args.data_dir))).ensure()


def _server(args: argparse.Namespace) -> str | None:
    """The server URL when this data folder's store is a PostgreSQL server (issue 15)."""
    from desktop_app.services.app import database_target
    from desktop_app.store.db import is_server_url

    target = database_target(_data_dir(args), getattr(args, "db", None))
    return target if isinstance(target, str) and is_server_url(target) else None


SERVER_NOTE = ("当前使用的是服务器数据库：本机的备份文件夹只有本机数据库的备份（以及 backup create 用 pg_dump "
               "做的 .dump 文件）。服务器数据库的恢复由数据库管理员在服务器上用 pg_restore 完成（见 README）。")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def cmd_create(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services import backups

    made = backups.create(app, args.out)
    if args.json:
        print_json(made.to_dict())
    else:
        what = "服务器数据库 pg_dump 备份完成" if made.kind == "server" else "备份完成"
        print(f"{what}，已校验无误：{made.path}（{_size(made.size)}）")
    return 0


def cmd_list(_app: App | None, args: argparse.Namespace) -> int:
    from desktop_app.services import backups
    from desktop_app.store.backup import KIND_LABELS

    found = backups.list_all(_data_dir(args))
    server = _server(args)
    if server is not None:
        sys.stderr.write(SERVER_NOTE + "\n")
    if args.json:
        print_json([b.to_dict() for b in found])
        return 0
    if not found:
        print("还没有备份。")
    places = {"local": "本机", "offsite": "异地", "chosen": "另存"}
    for b in found:
        print(f"{b.at:%Y-%m-%d %H:%M}  {KIND_LABELS[b.kind]:<4}  {places.get(b.place, b.place)}  "
              f"{_size(b.size):>9}  {b.path}")
    return 0


def cmd_verify(_app: App | None, args: argparse.Namespace) -> int:
    from desktop_app.services import backups

    if _server(args) is not None and str(args.file).endswith(".dump"):
        from desktop_app.services.errors import ServiceError

        raise ServiceError("这是服务器数据库的 pg_dump 备份：请在服务器上用 pg_restore --list 检查（见 README）。")
    result = backups.verify(_data_dir(args), args.file)
    if args.json:
        print_json({"path": str(result.path), "ok": result.ok, "revision": result.revision,
                    "counts": result.counts, "problems": result.problems})
    elif result.ok:
        print(result.message())
    else:
        sys.stderr.write(f"错误：{result.message()}\n")
    return 0 if result.ok else 2


def cmd_restore(_app: App | None, args: argparse.Namespace) -> int:
    from desktop_app.services import backups

    data_dir = _data_dir(args)
    if _server(args) is not None:
        from desktop_app.services.errors import ServiceError

        raise ServiceError(backups.SERVER_RESTORE)
    if not args.yes:
        pv = backups.preview(data_dir, args.file)
        if args.json:
            print_json({"file": str(pv.file), "revision": pv.verified.revision, "lost": pv.lost,
                        "message": pv.warning(), "restored": False})
        else:
            print(f"{pv.verified.message()}\n{pv.warning()}\n确认恢复请加 --yes。")
        return 1
    result = backups.restore(data_dir, args.file)
    print_json(result.to_dict()) if args.json else print(result.message)
    return 0


def cmd_second_place(_app: App | None, args: argparse.Namespace) -> int:
    from desktop_app.services import backups

    data_dir = _data_dir(args)
    if args.clear or args.folder:
        place = backups.set_second_place(data_dir, None if args.clear else args.folder)
    else:
        place = backups.second_place(data_dir)
    line = backups.offsite_line(data_dir)
    if args.json:
        print_json({"second_place": str(place) if place else None, "last_offsite": backups.last_offsite(data_dir),
                    "message": line})
    else:
        print(f"异地备份位置：{place or '未设置'}\n{line}")
    return 0
