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


# The flags `mypy --strict` turns on that can be set per module (warn_redundant_casts is global).
STRICT_FLAGS = ("disallow_any_generics", "disallow_subclassing_any", "disallow_untyped_calls",
                "disallow_untyped_defs", "disallow_incomplete_defs", "check_untyped_defs",
                "disallow_untyped_decorators", "warn_return_any", "no_implicit_reexport",
                "strict_equality", "extra_checks")


def test_core_store_and_services_are_typed_strictly_and_only_they() -> None:
    """issue 16 point 9: the core, the store and the services are held to every --strict flag,
    one by one — ``strict = true`` in an override is read as a global option (mypy issue
    16387) and silently made every module strict while it seemed to name the core."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "strict" not in config
    overrides = config.get("overrides", [])
    assert not [o for o in overrides if "strict" in o], "strict = true in an override applies to every module"
    strict = [o for o in overrides if "desktop_app.core.*" in o["module"]]
    assert len(strict) == 1
    assert set(strict[0]["module"]) == {"desktop_app.core.*", "desktop_app.store.*", "desktop_app.services.*"}
    assert {flag: strict[0].get(flag) for flag in STRICT_FLAGS} == dict.fromkeys(STRICT_FLAGS, True)
    ci = (PACKAGE.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\.venv/bin/mypy desktop_app/core desktop_app/store desktop_app/services "
                     r"desktop_app/documents desktop_app/cli$", ci, re.M)
    annotated = [o for o in overrides if "desktop_app.cli.*" in o["module"]]
    assert len(annotated) == 1 and "desktop_app.documents.*" in annotated[0]["module"]
    assert all(annotated[0].get(flag) for flag in ("disallow_untyped_defs", "disallow_incomplete_defs",
                                                    "check_untyped_defs"))


def test_no_blanket_untyped_def_ignores() -> None:
    """Parameters are annotated (the App, the specs, the Qt events), not excused line by line
    (issue 16) — in the GUI too, which mypy does not check."""
    offenders = [f"{p.relative_to(PACKAGE)}:{n}" for p, text in _sources()
                 for n, line in enumerate(text.splitlines(), 1) if "type: ignore[no-untyped-def]" in line]
    assert not offenders, offenders
