"""Form specs: each paper form (and each record kind without paper) described once, as data.

DESIGN §2 "One spec per paper form": the screen form, the PDF, the Excel columns and field
validation are all derived from the JSON files in ``resources/forms/`` (format:
``docs/form-spec.md``). A bad spec is refused at load with the file name and the JSON path of
the problem (:class:`SpecError`).

This module is the stable import point; the code lives in
- :mod:`desktop_app.core.form_model`  — the frozen spec dataclasses, ``auto_grid``;
- :mod:`desktop_app.core.form_parser` — ``SpecError`` and the checking JSON parser;
- :mod:`desktop_app.core.form_loader` — ``load_spec``, ``load_specs``, ``default_forms_dir``;
- :mod:`desktop_app.core.form_values` — ``coerce_value``, ``validate_values``,
  ``validate_row``, ``check_field``, ``forms_as_json``.

Pure Python: no Qt, no SQL. Reading JSON from a directory passed in is the only I/O.
"""

from __future__ import annotations

from desktop_app.core.form_loader import default_forms_dir, load_spec, load_specs
from desktop_app.core.form_model import (
    FIELD_TYPES,
    FORM_RULE,
    GENDERS,
    KINDS,
    ROSTER_TYPES,
    Cell,
    FieldSpec,
    FormSpec,
    GridSpec,
    Option,
    Placement,
    RosterColumn,
    RosterSpec,
    auto_grid,
)
from desktop_app.core.form_parser import SpecError
from desktop_app.core.form_values import (
    CoerceError,
    check_field,
    coerce_value,
    forms_as_json,
    reference_date,
    validate_row,
    validate_values,
)

__all__ = [
    "FIELD_TYPES", "FORM_RULE", "GENDERS", "KINDS", "ROSTER_TYPES",
    "Cell", "CoerceError", "FieldSpec", "FormSpec", "GridSpec", "Option", "Placement",
    "RosterColumn", "RosterSpec", "SpecError",
    "auto_grid", "check_field", "coerce_value", "default_forms_dir", "forms_as_json",
    "load_spec", "load_specs", "reference_date", "validate_row", "validate_values",
]
