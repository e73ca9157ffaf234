"""`self-check`: proves an installation (or a frozen bundle) can do its work.

The checks are registered in core.selfcheck and run by services.selfcheck; this module only
prints them. Exit 0 only when every check passed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-check", help="自检：数据库、迁移、项目目录、表单、字体、资源")
    p.add_argument("--quick", action="store_true", help="只检查数据文件夹、数据库和项目目录（程序能否启动）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_self_check)


QUICK = ("数据文件夹可写", "数据库已迁移到最新版本", "项目目录已载入")


def _quick_checks(app: App) -> list[dict[str, Any]]:
    """The start-up checks only (no capability modules loaded): the kill trials' "it starts"."""
    from desktop_app.core.selfcheck import CHECKS
    from desktop_app.services import selfcheck  # noqa: F401 - registers the start-up checks

    results = []
    for name, fn in CHECKS:
        if name in QUICK:
            try:
                results.append({"check": name, "ok": True, "detail": fn(app)})
            except Exception as exc:  # noqa: BLE001 - reported like every check
                results.append({"check": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"})
    return results


def cmd_self_check(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.selfcheck import run_checks

    results = _quick_checks(app) if args.quick else run_checks(app)
    ok = all(r["ok"] for r in results)
    if args.json:
        print_json({"ok": ok, "checks": results})
    else:
        for r in results:
            print(f"[{'通过' if r['ok'] else '失败'}] {r['check']}：{r['detail']}")
        print("自检通过。" if ok else "自检未通过。")
    return 0 if ok else 1
