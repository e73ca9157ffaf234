"""Example data for the form screenshots (and tests): DOMAIN §5 worked examples where they
apply, plausible values driven by the spec elsewhere. Pure Python (no Qt)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.core.field_types import field_type
from desktop_app.core.forms import FieldSpec, FormSpec
from desktop_app.core.ids import age_at, check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢"
GIVEN = ("丽华", "建国", "晓明", "海燕", "志强", "秀英", "伟", "芳", "敏", "静", "磊", "洋", "艳", "勇", "军",
         "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "玉兰", "春梅", "国强", "文博", "思远", "佳怡")

# DOMAIN §5 worked examples, by form code; keys that a spec does not have are ignored.
OVERRIDES: dict[str, dict[str, Any]] = {
    "2-1-1": {"headcount": 30, "trip_kind": "2d1n", "total_cost": "21600.00", "meal_cost": "8000.00",
              "start_date": "06-10", "end_date": "06-11",
              "start_month_day": "06-10", "end_month_day": "06-11",
              "route": "朱家角古镇—东方绿舟—上海天文馆", "fill_date": "2023-05-20"},
    "2-1-2": {"plan": "1", "headcount": 30, "model_workers": 3, "craftsmen": 5, "covid_contributors": 2,
              "industrial_workers": 15, "others": 5, "days": 3, "nights": 2, "cost_per_person": "1500.00",
              "district_subsidy": "300.00", "city_subsidy": None, "start_date": "09-12", "end_date": "09-14",
              "start_month_day": "09-12", "end_month_day": "09-14", "fill_date": "2023-08-20"},
    "2-3-2": {"plan": "B", "headcount": 65, "male_count": 40, "female_count": 25, "ownership": "private",
              "check_date": "2023-06-15", "fill_date": "2023-05-20"},
    "2-3-3": {"headcount": 30, "enterprise_kind": "hardship",
              "conditions": ["union_active", "covid_difficulty", "profit_decline"]},
    "2-3-4": {"total_count": 30, "male_count": 20, "female_count": 10, "applied_count": 30,
              "price_per_person": "300.00"},
    "INS": {"plan": "E", "enrol_mode": "individual", "payment_date": "2023-05-20", "pay_date": "2023-05-20",
            "industry": "food_delivery", "name": "王晓明", "id_number": "440306198002290519",
            "birth_date": "1980-02-29", "submit_date": None, "plan_change": None, "plan_change_date": None, "claim_type": None, "accident_date": None,
            "transition": False, "half_year_transition": False},
    "ILL": {"diagnosis_date": "2023-08-14", "illness": "malignant_tumour", "apply_date": "2023-09-01",
            "name": "李秀英", "id_number": "31011819890517002X"},
}
ROSTER_SIZES = {"2-3-2": (40, 25), "2-3-3": (18, 12), "2-3-4": (20, 10), "2-3-6": (40, 25)}


def make_id(birth: dt.date, seq: int, area: str = "310118") -> str:
    """A valid 18-character identity number (odd sequence = male, even = female)."""
    first17 = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_char(first17)


def person(n: int, gender: str) -> tuple[str, str]:
    """(name, identity number) of the n-th example person of a gender."""
    name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
    birth = dt.date(1968 + n % 33, 1 + n % 12, 1 + (n * 3) % 28)
    seq = 2 * (n % 400) + (1 if gender == "男" else 2)
    return name, make_id(birth, seq)


def roster_rows(men: int, women: int, unit: str = "上海青浦示例科技有限公司",
                age_on: dt.date | None = None) -> list[dict[str, Any]]:
    """``men`` + ``women`` people with valid numbers; ages filled when ``age_on`` is given."""
    rows = []
    for i in range(men + women):
        gender = "男" if i < men else "女"
        name, number = person(i, gender)
        row: dict[str, Any] = {"unit": unit, "name": name, "gender": gender,
                               "married": "已婚" if i % 3 else "未婚", "id_number": number}
        if age_on is not None:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            row["age"] = age_at(birth, age_on)
        rows.append(row)
    return rows


def _text(f: FieldSpec) -> str:
    label = f.label
    for words, value in (
        (("旅行社",), "上海青旅国际旅行社有限公司"),
        (("体检中心", "体检机构", "承检", "体检地点"), "复旦大学附属中山医院青浦分院体检中心"),
        (("地址",), "上海市青浦区公园路 100 号"),
        (("线路",), "朱家角古镇—东方绿舟"),
        (("姓名", "联系人", "领队", "填表人", "负责人"), "张丽华"),
        (("所属委局或街镇", "街镇"), "朱家角镇"),
        (("卡号",), "QP20230001"),
        (("名称", "单位", "企业"), "上海青浦示例科技有限公司"),
        (("月份",), "2023-06"),
    ):
        if any(w in label for w in words):
            return value[: f.max_length] if f.max_length else value
    value = f"{label}示例"
    return value[: f.max_length] if f.max_length else value


def field_example(f: FieldSpec) -> Any:
    """An example value of a field: text by its label (OVERRIDES, _text), else its type's."""
    ft = field_type(f.type)
    return _text(f) if ft.free_text else ft.example(f)


def example_values(spec: FormSpec) -> dict[str, Any]:
    values = {f.key: field_example(f) for f in spec.fields}
    for key, value in OVERRIDES.get(spec.code, {}).items():
        if key not in values:
            continue
        f = spec.field(key)
        wanted = value if isinstance(value, list) else [value] if value is not None else []
        if field_type(f.type).has_options and not set(wanted) <= set(f.option_values):
            continue  # the spec's options changed: keep the generic example
        values[key] = value
    return values


def example_roster(spec: FormSpec, roster_spec: FormSpec | None = None,
                   age_on: dt.date | None = None) -> list[dict[str, Any]]:
    """Example roster of a form: people (2-3-6 …) or, for other rosters, three generic rows."""
    rspec = roster_spec or spec
    keys = {c.key for c in rspec.roster_columns}
    if "id_number" in keys:
        men, women = ROSTER_SIZES.get(spec.code, (3, 2))
        return roster_rows(men, women, age_on=age_on)
    rows = []
    for i in range(3):
        row = {}
        for c in rspec.roster_columns:
            ft = field_type(c.type)
            if not ft.row_number:
                value = field_example(c.as_field())
                if ft.dated:
                    value = f"2023-06-{10 + 7 * i:02d}"
                elif ft.picks_one:
                    value = c.options[i % len(c.options)].value
                elif ft.free_text and i:
                    value = f"{value}（{i + 1}）"
                row[c.key] = value
        rows.append(row)
    return rows
