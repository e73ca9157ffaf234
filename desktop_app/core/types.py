"""Type names shared by the rules and the evaluators.

A record's values, a roster row and a project's parameters are JSON objects keyed by field or
parameter name (the form spec and the catalogue say which keys exist and what they hold).
"""

from __future__ import annotations

from typing import Any

Values = dict[str, Any]  # a record's field values, or one roster row's
Params = dict[str, Any]  # a project's rule parameters (catalogue), keyed by parameter name
