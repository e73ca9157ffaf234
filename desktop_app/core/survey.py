"""What a satisfaction survey asks, read from its form spec (附件 2-1-3, 2-3-5, any ``kind:
survey`` spec added later), and how its answers add up. Pure: no SQL, no Qt.

- The questions are the spec's ``choice`` fields, in paper order, with their options exactly as
  printed (满意 / 比较满意 / 一般 / 不满意).
- 满意率 = (满意 + 比较满意) / answered: an option counts as satisfied when its printed label says
  满意 without 不 (满意, 比较满意, 非常满意 …); a question with no such option has no rate.
- The provider (承办旅行社 / 承办体检中心) is the field keyed ``provider`` or, failing that, the
  first text field whose label starts with 承办.
- The free text (意见和建议) is every ``multiline`` field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.field_types import field_type


@dataclass(frozen=True)
class Question:
    key: str
    label: str  # 行程满意度
    options: tuple[tuple[str, str], ...]  # (value, printed label) in paper order
    satisfied: frozenset[str]  # option values that count as satisfied


@dataclass(frozen=True)
class SurveyLayout:
    form_code: str
    questions: tuple[Question, ...]
    provider_key: str | None
    provider_label: str | None  # 承办旅行社
    text_keys: tuple[tuple[str, str], ...]  # (key, label) of free-text fields


def is_satisfied_label(label: str) -> bool:
    text = label.strip()
    return "满意" in text and "不" not in text


def survey_layout(spec: Any) -> SurveyLayout:
    """The survey's questions, provider field and free-text fields, from its spec."""
    questions = []
    texts = []
    provider_key = provider_label = None
    for f in spec.fields:
        ft = field_type(f.type)
        if ft.picks_one and f.options:
            opts = tuple((o.value, o.label) for o in f.options)
            sat = frozenset(v for v, lab in opts if is_satisfied_label(lab))
            questions.append(Question(f.key, f.label, opts, sat))
        elif ft.long_text:
            texts.append((f.key, f.label))
    for f in spec.fields:
        if f.key == "provider":
            provider_key, provider_label = f.key, f.label
            break
    if provider_key is None:
        f = next((f for f in spec.fields if field_type(f.type).free_text and f.label.startswith("承办")), None)
        if f is not None:
            provider_key, provider_label = f.key, f.label
    return SurveyLayout(spec.code, tuple(questions), provider_key, provider_label, tuple(texts))


def rate(satisfied: int, answered: int) -> float | None:
    """满意率 as a fraction rounded to 4 places; None when nobody answered."""
    return round(satisfied / answered, 4) if answered else None


@dataclass
class QuestionTally:
    label: str
    options: list[str]  # printed labels in paper order
    satisfied_labels: set[str]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(n for lab, n in self.counts.items() if lab in self.satisfied_labels)

    @property
    def rate(self) -> float | None:
        return rate(self.satisfied, self.answered) if self.satisfied_labels else None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {lab: self.counts.get(lab, 0) for lab in self.options}
        for lab, n in self.counts.items():  # a value no longer in the spec still shows
            out.setdefault(lab, n)
        out["rate"] = self.rate
        return out


@dataclass
class SurveyTally:
    """Counts per question and option of one group of responses (or of all of them)."""

    responses: int = 0
    questions: dict[str, QuestionTally] = field(default_factory=dict)
    texts: list[dict[str, Any]] = field(default_factory=list)  # {"record", "unit", "text"}

    @classmethod
    def empty(cls, layouts: Iterable[SurveyLayout]) -> SurveyTally:
        t = cls()
        for lay in layouts:
            for q in lay.questions:
                if q.label not in t.questions:
                    labels = [lab for _v, lab in q.options]
                    sat = {lab for v, lab in q.options if v in q.satisfied}
                    t.questions[q.label] = QuestionTally(q.label, labels, sat)
        return t

    def add(self, question: Question, value: str | None, n: int) -> None:
        if value in (None, ""):
            return  # not answered: neither in the counts nor in the denominator
        tally = self.questions[question.label]
        label = dict(question.options).get(str(value), str(value))
        tally.counts[label] = tally.counts.get(label, 0) + n

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.questions.values() if q.satisfied_labels)

    @property
    def satisfied(self) -> int:
        return sum(q.satisfied for q in self.questions.values() if q.satisfied_labels)

    @property
    def rate(self) -> float | None:
        """Overall 满意率: satisfied answers over answered ones, across every rated question."""
        return rate(self.satisfied, self.answered)

    def as_json(self) -> dict[str, Any]:
        return {"responses": self.responses,
                "questions": {label: q.as_json() for label, q in self.questions.items()},
                "rate": self.rate, "answered": self.answered}


def percent_text(value: float | None) -> str:
    """0.6 → "60.0%"; None → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


def tally_from_rows(layouts: Mapping[str, SurveyLayout], rows: Iterable[tuple[str, Any, tuple[Any, ...], int]],
                    ) -> dict[Any, SurveyTally]:
    """Rows (form code, group key, answers in the form's question order, count) → a tally per
    group key (every tally lists every question of every layout, so groups line up)."""
    out: dict[Any, SurveyTally] = {}
    all_layouts = list(layouts.values())
    for form, group, answers, n in rows:
        lay = layouts[form]
        t = out.get(group)
        if t is None:
            t = out[group] = SurveyTally.empty(all_layouts)
        t.responses += n
        for q, v in zip(lay.questions, answers):
            t.add(q, v, n)
    return out
