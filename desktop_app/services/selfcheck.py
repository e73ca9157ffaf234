"""Running the self-checks (`self-check` in the CLI, the frozen bundle's smoke test).

The checks of the store, the catalogue, the form specs, the font and the resources are here;
documents and services add theirs in the modules of CHECK_MODULES (imported by name, so the
PyInstaller spec lists them as hidden imports).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desktop_app.core.selfcheck import CHECKS, check

if TYPE_CHECKING:
    from desktop_app.services.app import App

# Modules that contribute checks, imported by load_checks().
CHECK_MODULES = [
    "desktop_app.documents.selfcheck",
    "desktop_app.services.exchange_selfcheck",
    "desktop_app.documents.selfcheck_xlsx",
    "desktop_app.services.deadlines_selfcheck",
    "desktop_app.documents.selfcheck_charts",
]


def load_checks() -> list[str]:
    """Import every contributing module; the names of all registered checks, in order."""
    for name in CHECK_MODULES:
        importlib.import_module(name)
    return [name for name, _fn in CHECKS]


def run_checks(app: App) -> list[dict[str, Any]]:
    """Run every check: ``{"check", "ok", "detail"}`` each; a failure never stops the others."""
    load_checks()
    results = []
    for name, fn in CHECKS:
        try:
            results.append({"check": name, "ok": True, "detail": fn(app)})
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none aborts
            results.append({"check": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"})
    return results


@check("数据文件夹可写")
def _data_dir(app: App) -> str:
    probe = app.data_dir.root / ".write-test"
    probe.write_text("ok", encoding="utf-8")
    probe.unlink()
    return str(app.data_dir.root)


@check("数据库已迁移到最新版本")
def _migrated(app: App) -> str:
    from desktop_app.store.migrate import current_revision, head_revision

    store = app.store
    cur, head = current_revision(store.target), head_revision()
    if cur != head:
        raise RuntimeError(f"当前版本 {cur}，应为 {head}")
    if store.server:
        with app.session() as s:
            version = s.connection().exec_driver_sql("SHOW server_version").scalar()
        return f"版本 {cur}，PostgreSQL {version}"
    with app.session() as s:
        ok = s.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
        fk = s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar()
        mode = s.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
    if ok != "ok" or fk != 1 or mode != "wal":
        raise RuntimeError(f"integrity={ok} foreign_keys={fk} journal_mode={mode}")
    return f"版本 {cur}，WAL，外键检查开启"


@check("项目目录已载入")
def _catalog(app: App) -> str:
    from desktop_app.services.catalog import list_projects

    with app.session() as s:
        projects = list_projects(s)
    if not projects:
        raise RuntimeError("没有项目")
    years = sorted({p.year for p in projects})
    return f"{len(projects)} 个项目，年度 {', '.join(map(str, years))}"


@check("表单定义可用")
def _forms(app: App) -> str:
    specs = app.specs
    if not specs:
        raise RuntimeError("没有表单定义")
    return f"{len(specs)} 张表单：{', '.join(sorted(specs))}"


@check("内置中文字体")
def _fonts(app: App) -> str:
    from reportlab.pdfbase import pdfmetrics

    from desktop_app.documents.fonts import register_bundled_font

    name = register_bundled_font()
    face = pdfmetrics.getFont(name).face
    missing = [ch for ch in "工会实事台账体检申请表盖章" if ord(ch) not in face.charToGlyph]
    if missing:
        raise RuntimeError(f"字体缺少字符：{''.join(missing)}")
    return name


@check("资源文件齐全")
def _resources(app: App) -> str:
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
