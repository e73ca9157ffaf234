"""What a form gives the record services (screen, CLI JSON, import): values and roster rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordInput:
    """What a form (screen, CLI JSON, import) gives: the values and the roster rows."""

    values: dict[str, Any] = field(default_factory=dict)
    roster: list[dict[str, Any]] = field(default_factory=list)
    unit_name: str | None = None
