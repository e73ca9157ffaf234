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
