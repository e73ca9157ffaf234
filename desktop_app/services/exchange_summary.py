"""What a package import found or did: counts per kind (people, records), conflicts, findings —
shared by the plan (services.exchange_plan), the import (exchange_import) and the receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class KindCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    stale: int = 0  # counted in `unchanged`: an older revision than the one held here

    def reject(self, key: str, reason: str) -> None:
        self.rejected += 1
        self.rejects.append({"key": key, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
                "stale": self.stale, "rejects": self.rejects}


@dataclass
class PackageImportSummary:
    """What a package brings (dry run) or brought: per kind counts, conflicts, findings."""

    package: str
    package_id: str
    sender_code: str
    sender_name: str
    sequence: int
    created: str
    content_hash: str
    dry_run: bool
    people: KindCounts = field(default_factory=KindCounts)
    records: KindCounts = field(default_factory=KindCounts)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)  # per record, for the receipt
    differences: list[dict[str, Any]] = field(default_factory=list)  # where the district's evaluation differs
    # the district's own findings the town's data did not carry (rule, severity, message masked)
    checks: list[dict[str, Any]] = field(default_factory=list)
    already_imported: bool = False

    def _total(self, attr: str) -> int:
        return int(getattr(self.people, attr) + getattr(self.records, attr))

    @property
    def new(self) -> int:
        return self._total("new")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def rejected(self) -> int:
        return self._total("rejected")

    def finding(self, kind: str, message: str) -> None:
        self.findings.append({"type": kind, "message": message})

    @property
    def message(self) -> str:
        head = "试导入（数据未作改动）" if self.dry_run else "已导入"
        tail = f"；疑似重复补贴 {len(self.conflicts)} 处" if self.conflicts else ""
        if self.checks:
            tail += f"；区里复核发现街镇未列出的问题 {len(self.checks)} 处"
        return (f"{head} {self.sender_name} 第 {self.sequence} 号数据包：记录 新增 {self.records.new}、更新 "
                f"{self.records.updated}、未变 {self.records.unchanged}、拒收 {self.records.rejected}；人员 新增 "
                f"{self.people.new}、更新 {self.people.updated}、未变 {self.people.unchanged}、拒收 "
                f"{self.people.rejected}{tail}。")

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": self.package, "sender": self.sender_code, "sequence": self.sequence,
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
            "conflicts": self.conflicts, "findings": self.findings, "differences": self.differences,
            "checks": self.checks,
            "by_kind": {"people": self.people.to_dict(), "records": self.records.to_dict()},
        }
