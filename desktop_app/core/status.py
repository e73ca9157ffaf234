"""Record status: one type holding what every status means (label, editable, counted, final,
allowed changes), in place of the tuples that services and screens kept of their own.

The life of a paper form (DOMAIN §1): 草稿 → 待盖章 (printed for stamping) → 已报送 (the
district's receipt) → 已通过 / 已退回 → 已结算. 已作废 is a separate act with a reason
(issue 12): a voided record leaves progress, totals and the cross-record rules, stays visible
under a filter and travels to the district in the next package.

Who may change what: the town clerk moves a record between 草稿 and 待盖章 (and 已报送 by
receipt); the district's answers (已通过, 已退回, 已结算) are the district's acts — at the
town they arrive only with a return package (``by="district"``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    editable: bool  # the clerk may change the record's values
    counted: bool  # counts towards progress, R-QUOTA-1, totals and the district's progress
    final: bool  # the district's answer that locks the record at the town (已通过, 已结算)
    town: tuple[str, ...]  # statuses the town clerk may move it to
    district: tuple[str, ...]  # statuses the district's decisions may move it to
    voidable: bool  # 作废 is allowed (not once the district approved or settled it)
    original: bool  # a PDF of it is the stamped original (verification code, print log)

    @property
    def transitions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.town + self.district))

    def can_become(self, target: str, by: str = "any") -> bool:
        allowed = {"town": self.town, "district": self.district}.get(by, self.transitions)
        return target in allowed

    def lock_reason(self) -> str | None:
        """Why the record cannot be edited at the town (None: it can)."""
        if self.editable:
            return None
        if self.key == "voided":
            return "记录已作废，不能再修改。"
        if self.final:
            return f"区总工会已{'审核通过' if self.key == 'approved' else '结算'}此记录（{self.label}），不能再修改；如需修改，请联系区总工会先退回。"
        return f"记录已报送区总工会（{self.label}），等待审核，不能修改；如需修改，请联系区总工会退回。"


def _s(key: str, label: str, *, editable: bool, counted: bool, final: bool = False,
       town: tuple[str, ...] = (), district: tuple[str, ...] = (), voidable: bool = True) -> Status:
    return Status(key, label, editable, counted, final, town, district, voidable and not final and key != "voided",
                  original=counted)


DRAFT = _s("draft", "草稿", editable=True, counted=False, town=("ready",))
READY = _s("ready", "待盖章", editable=True, counted=True, town=("draft", "submitted"))
SUBMITTED = _s("submitted", "已报送", editable=False, counted=True, town=("ready",),
               district=("approved", "returned"))
APPROVED = _s("approved", "已通过", editable=False, counted=True, final=True, district=("settled", "returned"))
RETURNED = _s("returned", "已退回", editable=True, counted=False, town=("draft", "ready"))
SETTLED = _s("settled", "已结算", editable=False, counted=True, final=True)
VOIDED = _s("voided", "已作废", editable=False, counted=False)

STATUS_LIST: tuple[Status, ...] = (DRAFT, READY, SUBMITTED, APPROVED, RETURNED, SETTLED, VOIDED)
BY_KEY: dict[str, Status] = {s.key: s for s in STATUS_LIST}
COUNTED_KEYS: tuple[str, ...] = tuple(s.key for s in STATUS_LIST if s.counted)
EDITABLE_KEYS: tuple[str, ...] = tuple(s.key for s in STATUS_LIST if s.editable)
FINAL_KEYS: tuple[str, ...] = tuple(s.key for s in STATUS_LIST if s.final)
# Statuses whose record is alive for the cross-record rules (R-ID-5, R-TRIP-3): not voided.
LIVE_KEYS: tuple[str, ...] = tuple(s.key for s in STATUS_LIST if s.key != "voided")


def get(key: str) -> Status:
    """The status of a key; an unknown key (a newer program's data) is read-only and not counted."""
    found = BY_KEY.get(key)
    if found is not None:
        return found
    return Status(key, key, False, False, False, (), (), False, False)


def label(key: str | None) -> str:
    return get(key).label if key else ""


def labels() -> dict[str, str]:
    """key → label in the order of the paper's life (for filters and the CLI)."""
    return {s.key: s.label for s in STATUS_LIST}


__all__ = [
    "APPROVED",
    "BY_KEY",
    "COUNTED_KEYS",
    "DRAFT",
    "EDITABLE_KEYS",
    "FINAL_KEYS",
    "LIVE_KEYS",
    "READY",
    "RETURNED",
    "SETTLED",
    "STATUS_LIST",
    "SUBMITTED",
    "VOIDED",
    "Status",
    "get",
    "label",
    "labels",
]
