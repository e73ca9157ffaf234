"""Rules of the code base that no linter states: kept by reading the source."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))
            if "designer" not in p.parts]


def test_no_sqlite_only_json_functions_outside_the_store() -> None:
    """JSON fields are read with SQLAlchemy's index operator (``Record.data["key"].as_string()``),
    which both engines understand; SQLite's json_extract / json_each appear only in store/,
    behind a dialect check (issue 15)."""
    offenders = [f"{p.relative_to(PACKAGE)}:{n}" for p, text in _sources() if "store" not in p.parts
                 for n, line in enumerate(text.splitlines(), 1)
                 if re.search(r"\bjson_(extract|each)\s*\(", line) and not line.lstrip().startswith("#")]
    assert not offenders, offenders


def test_the_check_character_table_is_in_one_module() -> None:
    """GB 11643's check characters (R-ID-1) are written once, in core/ids.py (issue 16)."""
    holders = [str(p.relative_to(PACKAGE)) for p, text in _sources()
               if "10X98765432" in text or "0123456789X\"" in text and "CHECK" in text]
    assert holders == ["core/ids.py"], holders


def _imports(path: Path) -> set[str]:
    """Every desktop_app module a file imports, anywhere in it (TYPE_CHECKING and functions too)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop_app"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("desktop_app"))
    return found


def test_the_named_import_cycles_stay_cut() -> None:
    """Issue 16: these pairs imported each other (some only for type hints); now one way at most."""
    pairs = [("core.form_model", "core.form_parser"), ("services.records", "services.record_rules"),
             ("services.exchange_import", "services.exchange_plan"),
             ("gui.excel.import_wizard", "gui.excel.wizard_pages"),
             ("gui.excel.import_wizard", "gui.excel.wizard_step"),
             ("gui.excel.wizard_pages", "gui.excel.wizard_step")]
    for a, b in pairs:
        a_imports = _imports(PACKAGE.joinpath(*a.split(".")).with_suffix(".py"))
        b_imports = _imports(PACKAGE.joinpath(*b.split(".")).with_suffix(".py"))
        both = f"desktop_app.{b}" in a_imports and f"desktop_app.{a}" in b_imports
        assert not both, f"{a} and {b} import each other"
