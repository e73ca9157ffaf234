"""Form spec loading: the spec files of a directory (``resources/forms/``) → checked specs.

DESIGN §2 "One spec per paper form". Reading JSON from a directory passed in is the only I/O;
parsing and checking is :mod:`desktop_app.core.form_parser`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Mapping

from desktop_app.core.form_model import FormSpec
from desktop_app.core.form_parser import SpecError, _Parser


def default_forms_dir() -> Path:
    """resources/forms of a source checkout (the packaged app passes its own path)."""
    return Path(__file__).resolve().parents[2] / "resources" / "forms"


def load_spec(path: str | Path, evaluators: Mapping[str, Any] | None = None) -> FormSpec:
    """Load and check one spec file. ``evaluators`` defaults to core.evaluators.EVALUATORS
    when that module exists (otherwise evaluator names are not checked)."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SpecError(name, "", f"cannot read file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SpecError(name, "", f"not UTF-8 text: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(name, f"line {exc.lineno} column {exc.colno}", f"bad JSON: {exc.msg}") from exc
    if evaluators is None:
        evaluators = _known_evaluators()
    return _Parser(name, evaluators).form(data)


def load_specs(
    directory: str | Path | None = None, evaluators: Mapping[str, Any] | None = None
) -> dict[str, FormSpec]:
    """All ``*.json`` specs of a directory, keyed by code, sorted by code; cross-file checks
    (duplicate codes, roster_form pointing to a roster spec)."""
    directory = Path(directory) if directory is not None else default_forms_dir()
    if evaluators is None:
        evaluators = _known_evaluators()
    found: dict[str, FormSpec] = {}
    for path in sorted(directory.glob("*.json")):
        spec = load_spec(path, evaluators)
        if spec.code in found:
            other = found[spec.code].source
            raise SpecError(path.name, "code", f"duplicate code {spec.code!r} (also in {other})")
        found[spec.code] = spec
    for spec in found.values():
        if spec.roster_form is not None:
            target = found.get(spec.roster_form)
            if target is None or target.kind != "roster":
                raise SpecError(
                    spec.source, "roster_form", f"{spec.roster_form!r} is not a roster spec here"
                )
    return dict(sorted(found.items(), key=lambda kv: _code_sort_key(kv[0])))


def _code_sort_key(code: str) -> tuple[tuple[int, int, str], ...]:
    # "2-1-1" < "2-3-6" < "2-8" < records (letters) — numeric parts compare as numbers.
    parts = re.split(r"[-.]", code)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _known_evaluators() -> Mapping[str, Any]:
    """The evaluator names a spec may use (imported here, not at module level: the rules are
    needed only once specs are loaded)."""
    from desktop_app.core.evaluators import EVALUATORS

    return EVALUATORS
