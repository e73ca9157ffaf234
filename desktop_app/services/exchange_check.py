"""District: the numbers a town sends are evaluated again here (issue 20).

A package proves which town sent it, not that its numbers are right: a town's program could be
old, damaged or edited. So each record the district is about to store is evaluated with the
same form spec, the same evaluator (core EVALUATORS) and the project parameters of the
district's own catalogue, as of the day the package was made. A record whose values break the
rules (a negative headcount, a meal share over the cap, an amount beyond the rules' caps) is
refused with the findings; a record whose headcount, subsidy or computed values differ from
the town's is stored with the district's results, and each difference is listed.

Roster rows are given to the evaluator with the gender their (already checked) identity number
states, which is what the evaluators derive when a row has none. The per-person rules of the
roster (services.record_rules.roster_findings, as the town's editor runs them: each column,
R-ID-1…4 with the stated gender and the age at the record's reference date, R-ID-5 twice on one
roster) run on the rows as the town had them — the entry's data, the number, the person's name
and gender from the package (or the district's registry). They do not refuse a record (the
town's save refuses their errors; the district lists what it finds, as it lists R-ID-5 across
towns): the findings are stored with the record, and those the town's data did not carry
(same rule, severity and row) are listed in the import summary (`Verdict.new_findings`).
R-ID-5 across records needs the whole package and the store: exchange_plan does it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from desktop_app.core.evaluators import stored_computed
from desktop_app.core.findings import Evaluation, Finding
from desktop_app.core.money import fen_to_yuan_str

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

_GENDER = ("女", "男")


@lru_cache(maxsize=1)
def _specs() -> Mapping[str, FormSpec]:
    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs

    return load_specs(resource_path("forms"))


@dataclass
class Verdict:
    headcount: int
    subsidy_fen: int
    computed: dict[str, Any]
    findings: list[dict[str, Any]]
    errors: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)  # not among the town's findings


class Rechecker:
    """Evaluates records of one package: `projects` maps a project id to (params, year)."""

    def __init__(self, projects: Mapping[int, tuple[dict[str, Any], int]], day: dt.date | None,
                 specs: Mapping[str, FormSpec] | None = None,
                 people: Mapping[str, tuple[str, str | None]] | None = None,
                 verified: Mapping[str, tuple[str, dt.date, str]] | None = None) -> None:
        """``people``: identity number → (name, gender) of the roster people, as the package
        (or the district's registry) has them; ``verified``: canonical_id's verdicts on the
        numbers the plan checked (new people)."""
        self.projects = projects
        self.day = day
        self.specs = specs if specs is not None else _specs()
        self.people = people if people is not None else {}
        self.verified = verified
        self.evaluated = 0  # records evaluated (tests count the work, not the time)
        self.rows_checked = 0  # roster rows through the per-person rules
        self._fields: dict[tuple[Any, ...], list[Any]] = {}
        # per evaluation key: the evaluation and its computed values as stored (stored_computed)
        self._evaluations: dict[tuple[Any, ...], tuple[Evaluation, dict[str, Any]]] = {}
        self._cells: dict[Any, Any] = {}  # roster_findings' memo, one per package

    def __call__(self, r: dict[str, Any], project_id: int) -> Verdict | None:
        """The district's own evaluation of a record row (values, roster, headcount, subsidy_fen,
        computed), or None when the form has no spec here (nothing to evaluate it with)."""
        from desktop_app.services.records import RecordInput, headcount_of, subsidy_of

        spec = self.specs.get(r["form"])
        if spec is None:
            return None
        self.evaluated += 1
        values, entries = r["values"], r["roster"]
        findings = self._field_findings(spec, values) if spec.kind != "roster" else []
        try:
            ev, stored = self._evaluate(spec, project_id, values, entries)
        except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
            # a value of a type no form ever stores: the rules cannot be applied
            return Verdict(0, 0, {}, [], errors=[f"表单内容无法按规则计算（{type(exc).__name__}）"])
        ev = Evaluation(dict(ev.computed), findings + list(ev.findings))
        data = RecordInput(values=values, roster=entries)  # headcount_of counts the rows only
        # computed as the town stores and sends it (core.evaluators.stored_computed): compared
        # with the town's below, stored here, sent back in return packages
        verdict = Verdict(headcount_of(spec, data, ev), subsidy_of(spec, ev), dict(stored),
                          [f.to_dict() for f in ev.findings])
        verdict.errors = [f.message for f in ev.findings if f.is_error]
        if entries:
            rows = self._roster_findings(spec, project_id, values, entries)
            verdict.findings += [f.to_dict() for f in rows]
            ev.findings.extend(rows)
        verdict.new_findings = not_carried(ev.findings, r.get("findings"))
        if r["headcount"] != verdict.headcount:
            verdict.differences.append(f"人数 街镇 {r['headcount']:,}，区里 {verdict.headcount:,}")
        if r["subsidy_fen"] != verdict.subsidy_fen:
            verdict.differences.append(f"补贴 街镇 {_yuan(r['subsidy_fen'])} 元，区里 {_yuan(verdict.subsidy_fen)} 元")
        town = r["computed"] if isinstance(r["computed"], dict) else {}
        changed = [k for k in verdict.computed if k in town and town[k] != verdict.computed[k]]
        if changed and not verdict.differences:
            labels = ", ".join(changed[:3]) + (" 等" if len(changed) > 3 else "")
            verdict.differences.append(f"计算结果（{labels}）与街镇不同")
        return verdict

    def _roster_findings(self, spec: FormSpec, project_id: int, values: dict[str, Any],
                         entries: list[list[Any]]) -> list[Finding]:
        """The town's per-person roster rules (record_rules.roster_findings) on the rows as the
        town had them: the entry's data, the number, the person's name and gender."""
        from desktop_app.core.forms import reference_date
        from desktop_app.services.record_rules import roster_findings
        from desktop_app.services.records import roster_spec_for

        rspec = roster_spec_for(self.specs, spec)
        if rspec is None or rspec.roster is None:
            return []
        keys = {v: k for k, v in (rspec.roster.person_fields or {}).items()}
        id_key, name_key, gender_key = keys.get("id_number", "id_number"), keys.get("name"), keys.get("gender")
        people = self.people
        rows = []
        for seq, idn, data in entries:
            row = {**data, "seq": seq, id_key: idn}
            person = people.get(idn)
            if person is not None:
                if name_key:
                    row[name_key] = person[0]
                if gender_key:
                    row[gender_key] = person[1]
            rows.append(row)
        self.rows_checked += len(rows)
        year = self.projects[project_id][1]
        today = self.day or dt.date.today()
        on = reference_date(spec, values, year, today)
        return roster_findings(rspec, rows, year, today, on, self._cells, self.verified)

    def _field_findings(self, spec: FormSpec, values: dict[str, Any]) -> list[Any]:
        """validate_values(spec, values), field by field, each (field, value) checked once per
        package: check_field is a pure function of the two (a town's 1,000 records repeat
        their plans, dates and counts)."""
        from desktop_app.core.forms import check_field

        out: list[Any] = []
        memo = self._fields
        for f in spec.fields:
            v = values.get(f.key)
            key = (spec.code, f.key, _frozen(v))
            found = memo.get(key)
            if found is None:
                found = memo[key] = check_field(f, v)
            out += found
        return out

    def _evaluate(self, spec: FormSpec, project_id: int, values: dict[str, Any], entries: list[list[Any]]
                  ) -> tuple[Evaluation, dict[str, Any]]:
        """The form's evaluator, memoised on exactly what it reads (EVALUATOR_FIELDS and
        EVALUATOR_ROSTER_COLUMNS — tests hold every evaluator to those lists). Every roster row
        gets the gender its identity number states; the number itself is read only for a row
        without a gender, so the rows' genders stand for both columns. Returned with its
        computed values as stored (formatted once per distinct evaluation)."""
        from desktop_app.core.evaluators import (
            EVALUATOR_FIELDS,
            EVALUATOR_ROSTER_COLUMNS,
            EVALUATORS,
        )

        name = spec.evaluator
        if not name:
            return Evaluation(), {}
        columns = [c for c in EVALUATOR_ROSTER_COLUMNS.get(name, {}) if c not in ("id_number", "gender")]
        genders = "".join([e[1][16:17] for e in entries]).translate(_PARITY)
        rows_key = tuple(tuple(_frozen(e[2].get(c)) for c in columns) for e in entries) if columns else ()
        key = (name, project_id, tuple(_frozen(values.get(k)) for k in EVALUATOR_FIELDS.get(name, values)),
               len(entries), genders, rows_key)
        held = self._evaluations.get(key)
        if held is None:
            params, year = self.projects[project_id]
            params = dict(params or {})
            params.setdefault("year", year)
            roster = [{**data, "id_number": idn, "gender": _gender(idn)} for _seq, idn, data in entries]
            ev = EVALUATORS[name](values, roster, params, self.day)
            held = self._evaluations[key] = (ev, stored_computed(name, ev.computed))
        return held


_PARITY = str.maketrans({**{str(d): "女" for d in range(0, 10, 2)}, **{str(d): "男" for d in range(1, 10, 2)}})


def _gender(idn: str) -> str | None:
    c = idn[16:17]
    return _GENDER[int(c) % 2] if c.isdigit() else None


def _frozen(v: Any) -> Any:
    """A hashable stand-in for a JSON value (lists and objects as tuples; 1, 1.0 and True apart)."""
    t = type(v)
    if t is str or v is None:
        return v
    if t is list:
        return ("list", tuple(_frozen(x) for x in v))
    if t is dict:
        return ("dict", tuple(sorted((k, _frozen(x)) for k, x in v.items())))
    return (t.__name__, v)


def not_carried(found: list[Finding], town: Any) -> list[Finding]:
    """The district's findings the town's record did not carry: same rule, severity and fields
    (a row's finding names its row) — the wording may differ between program versions."""
    carried = set()
    for f in town if isinstance(town, list) else ():
        if isinstance(f, dict) and isinstance(f.get("fields") or [], list):
            carried.add((f.get("rule"), f.get("severity"), tuple(str(k) for k in f.get("fields") or ())))
    return [f for f in found if (f.rule, f.severity, f.fields) not in carried]


def _yuan(fen: int) -> str:
    return fen_to_yuan_str(fen)
