"""The 自动计算 panel formats the evaluators' typed values at the edge (issue 16 point 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.core.evaluators import EVALUATORS, evaluate, stored_computed
from desktop_app.core.field_types import computed_type, field_type
from desktop_app.core.forms import load_specs
from desktop_app.gui.forms.panels import computed_rows, computed_texts, format_computed

MONEY, INT = computed_type("money"), field_type("int")


@pytest.mark.parametrize(
    ("value", "ftype", "label", "text"),
    [
        (600_000, MONEY, "区总补贴金额", "6,000.00 元"),
        (20_000, MONEY, "区总补贴标准（元/人）", "200.00 元/人"),
        (0, MONEY, "向单位收费", "0.00 元"),
        (3001, INT, "发放总数", "3,001"),
        (Decimal("41.7"), computed_type("percent"), "餐费占比", "41.7%"),
        (True, computed_type("bool"), "是否符合补贴条件", "是"),
        (False, computed_type("bool"), "服务义务是否完成", "否"),
        (dt.date(2023, 6, 9), computed_type("date"), "划款截止日期", "2023-06-09"),
        ("E 类", computed_type("text"), "保障计划", "E 类"),
        (None, MONEY, "区总补贴金额", "—"),
    ],
)
def test_format_computed_through_the_type(value, ftype, label, text):
    assert format_computed(value, ftype, label) == text


def test_the_panel_of_the_trip_form():
    spec = load_specs()["2-1-1"]
    rows = computed_rows(spec)
    assert [(k, t.name) for k, _, t in rows] == [
        ("per_person_cost", "money"), ("meal_share", "percent"), ("subsidy_eligible", "bool"),
        ("subsidy_per_person", "money"), ("district_subsidy", "money"), ("days", "int"),
    ]
    values = {"trip_kind": "2d1n", "headcount": 30, "total_cost": "21600.00", "meal_cost": "8000.00",
              "start_month_day": "06-10", "end_month_day": "06-11"}
    ev = evaluate("trip_kan_shanghai", values, params={"year": 2023})
    assert computed_texts(rows, ev.computed) == {
        "per_person_cost": "720.00 元", "meal_share": "37.0%", "subsidy_eligible": "是",
        "subsidy_per_person": "200.00 元/人", "district_subsidy": "6,000.00 元", "days": "2",
    }


def test_the_panel_shows_what_is_stored_plus_the_unit():
    """Every form's panel, for its evaluator's blank result and a filled one: money is the stored
    text with 元, every other value its stored text (counts grouped)."""
    for spec in load_specs().values():
        if not spec.evaluator:
            continue
        ev = EVALUATORS[spec.evaluator]({"headcount": 30, "plan": "B"}, [], {}, dt.date(2023, 6, 15))
        stored = stored_computed(spec.evaluator, ev.computed)
        for key, text in computed_texts(computed_rows(spec), ev.computed).items():
            value = stored.get(key)
            if value is None:
                assert text == "—", (spec.code, key)
            elif isinstance(value, int):
                assert text == f"{value:,}", (spec.code, key)
            else:
                assert text in (value, f"{value} 元", f"{value} 元/人"), (spec.code, key, text)
