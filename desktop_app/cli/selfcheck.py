"""`self-check`: proves an installation (or a frozen bundle) can do its work.

Other capabilities add checks with `@check("名称")`; each returns a short detail string or
raises. Exit 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from desktop_app.cli import print_json

Check = Callable[..., str]
CHECKS: list[tuple[str, Check]] = []

# Modules that contribute checks (imported lazily by the command; missing ones are skipped).
CHECK_MODULES = [
    "desktop_app.documents.selfcheck",
    "desktop_app.services.exchange_selfcheck",
    "desktop_app.documents.selfcheck_xlsx",
    "desktop_app.services.deadlines_selfcheck",
]


def check(name: str) -> Callable[[Check], Check]:
    def deco(fn: Check) -> Check:
        CHECKS.append((name, fn))
        return fn

    return deco


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-check", help="自检：数据库、迁移、项目目录、表单、字体、资源")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_self_check)


@check("数据文件夹可写")
def _data_dir(app) -> str:  # type: ignore[no-untyped-def]
    probe = app.data_dir.root / ".write-test"
    probe.write_text("ok", encoding="utf-8")
    probe.unlink()
    return str(app.data_dir.root)


@check("数据库已迁移到最新版本")
def _migrated(app) -> str:  # type: ignore[no-untyped-def]
    from desktop_app.store.migrate import current_revision, head_revision

    cur, head = current_revision(app.data_dir.database), head_revision()
    if cur != head:
        raise RuntimeError(f"当前版本 {cur}，应为 {head}")
    with app.session() as s:
        ok = s.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
        fk = s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar()
        mode = s.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
    if ok != "ok" or fk != 1 or mode != "wal":
        raise RuntimeError(f"integrity={ok} foreign_keys={fk} journal_mode={mode}")
    return f"版本 {cur}，WAL，外键检查开启"


@check("项目目录已载入")
def _catalog(app) -> str:  # type: ignore[no-untyped-def]
    from desktop_app.services.catalog import list_projects

    with app.session() as s:
        projects = list_projects(s)
    if not projects:
        raise RuntimeError("没有项目")
    years = sorted({p.year for p in projects})
    return f"{len(projects)} 个项目，年度 {', '.join(map(str, years))}"


@check("表单定义可用")
def _forms(app) -> str:  # type: ignore[no-untyped-def]
    specs = app.specs
    if not specs:
        raise RuntimeError("没有表单定义")
    return f"{len(specs)} 张表单：{', '.join(sorted(specs))}"


@check("内置中文字体")
def _fonts(app) -> str:  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics

    from desktop_app.documents.fonts import register_bundled_font

    name = register_bundled_font()
    face = pdfmetrics.getFont(name).face
    missing = [ch for ch in "工会实事台账体检申请表盖章" if ord(ch) not in face.charToGlyph]
    if missing:
        raise RuntimeError(f"字体缺少字符：{''.join(missing)}")
    return name


@check("资源文件齐全")
def _resources(app) -> str:  # type: ignore[no-untyped-def]
    from desktop_app.app_paths import db_scripts_path, resource_path

    needed = [resource_path("catalog"), resource_path("forms"), resource_path("fonts"),
              db_scripts_path() / "env.py", db_scripts_path() / "versions"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise RuntimeError("缺少：" + "；".join(missing))
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl 未启用 defusedxml 防护")
    return "catalog, forms, fonts, db 迁移脚本；defusedxml 已启用"


def cmd_self_check(app, args) -> int:  # type: ignore[no-untyped-def]
    for name in CHECK_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    results = []
    for name, fn in CHECKS:
        try:
            detail = fn(app)
            results.append({"check": name, "ok": True, "detail": detail})
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none aborts
            results.append({"check": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"})
    ok = all(r["ok"] for r in results)
    if args.json:
        print_json({"ok": ok, "checks": results})
    else:
        for r in results:
            print(f"[{'通过' if r['ok'] else '失败'}] {r['check']}：{r['detail']}")
        print("自检通过。" if ok else "自检未通过。")
    return 0 if ok else 1
