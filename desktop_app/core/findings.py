"""Findings: what a rule check says about a value (DESIGN §2 "rules explain themselves")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One rule finding: rule id (R-…), severity, fields involved, a Chinese message."""

    rule: str
    severity: Severity
    message: str
    fields: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fields": list(self.fields),
        }


def error(rule: str, message: str, *fields: str) -> Finding:
    return Finding(rule, ERROR, message, tuple(fields))


def warning(rule: str, message: str, *fields: str) -> Finding:
    return Finding(rule, WARNING, message, tuple(fields))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


@dataclass
class Evaluation:
    """Result of evaluating a rule set: computed values plus findings."""

    computed: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def extend(self, other: "Evaluation") -> "Evaluation":
        self.computed.update(other.computed)
        self.findings.extend(other.findings)
        return self

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)
