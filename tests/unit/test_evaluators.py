"""Evaluators: form values (as stored in JSON) → rule functions → typed values (fen, dates,
bools, shares), and ``stored_computed``: the text records store and packages carry."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.evaluators import (
    EVALUATOR_COMPUTED,
    EVALUATOR_FIELDS,
    EVALUATOR_ROSTER_COLUMNS,
    EVALUATORS,
    computed_types,
    default_params,
    evaluate,
    stored_computed,
)
from desktop_app.core.field_types import COMPUTED_TYPES
from desktop_app.core.rules.registry import RULES

TODAY = date(2023, 6, 15)


def ids(ev):
    return [(f.rule, f.severity) for f in ev.findings]


# A complete, valid set of values for every evaluator (as the form layer stores them).
SAMPLES: dict[str, tuple[dict, list[dict]]] = {
    "trip_kan_shanghai": (
        {
            "trip_kind": "2d1n",
            "headcount": 30,
            "start_month_day": "06-10",
            "end_month_day": "06-11",
            "total_cost": "21600.00",
            "meal_cost": "8000.00",
        },
        [],
    ),
    "recuperation": (
        {
            "plan": "1",
            "headcount": 20,
            "model_workers": 2,
            "craftsmen": 3,
            "covid_contributors": 5,
            "industrial_workers": 8,
            "others": 2,
            "start_month_day": "09-01",
            "end_month_day": "09-03",
            "days": 3,
            "nights": 2,
            "cost_per_person": "1500.00",
            "city_subsidy": "0.00",
            "district_subsidy": "300.00",
        },
        [],
    ),
    "health_check_application": (
        {"plan": "B", "headcount": 65, "male_count": 40, "female_count": 25},
        [{"gender": "男", "id_number": ""}] * 40 + [{"gender": "女", "id_number": ""}] * 25,
    ),
    "health_check_send": (
        {
            "headcount": 40,
            "category": "sanitation",
            "conditions": ["never_checked"],
            "check_date": "2023-09-01",
        },
        [],
    ),
    "health_check_new_employment": (
        {
            "total_count": 50,
            "male_count": 30,
            "female_count": 20,
            "applied_count": 45,
            "price_per_person": "260.00",
        },
        [],
    ),
    "jiangsu_registration": (
        {
            "group": "快递员",
            "gender": "女",
            "id_number": "31011819890517002X",
            "local_match": "100.00",
        },
        [],
    ),
    "insurance_enrolment": (
        {
            "plan": "E",
            "enrol_mode": "group_instant",
            "submit_date": "2023-05-20",
            "pay_date": "2023-06-01",
            "id_number": "31011819890517002X",
            "birth_date": "",
            "industry": "网约送餐",
        },
        [],
    ),
    "micro_wish": ({"amount": "500.00", "state": "reviewed"}, []),
    "illness_condolence": (
        {
            "diagnosis_date": "2023-08-14",
            "illness": "malignant_tumour",
            "has_member_card": True,
            "has_basic_protection": True,
            "apply_date": "2023-10-09",
            "materials": [
                "pre_op_report",
                "pathology_report",
                "discharge_summary",
                "hospital_invoice",
                "id_and_member_card",
                "protection_form",
            ],
        },
        [],
    ),
    "service_point": (
        {
            "point_kind": "new",
            "district_match": "15000.00",
            "town_match": "15000.00",
            "report_month": "2023-06",
        },
        [
            {"date": d, "kind": "service", "notice_date": ""}
            for d in ("2023-05-30", "2023-06-06", "2023-06-13", "2023-06-20", "2023-06-27")
        ]
        + [
            {"date": "2023-06-21", "kind": "visit", "notice_date": "2023-06-07"},
            {"date": "2023-05-25", "kind": "lecture", "notice_date": "2023-05-11"},
        ],
    ),
    "labour_visit": (
        {
            "enterprise_kind": "over_100",
            "visit_date": "2023-05-10",
            "result": "basic",
            "staff_days": 2,
            "follow_up_date": "2023-06-01",
        },
        [],
    ),
    "model_worker_demand": ({"demand_category": "技术培训", "industry": "土木建筑", "fee": ""}, []),
    "gift_distribution": (
        {"gift_kind": "couplets"},
        [
            {"unit": "赵巷镇总工会", "count": 300, "channel": "offline", "delivery": "handover"},
            {"unit": "线上抢春联", "count": 200, "channel": "online", "delivery": "courier"},
        ],
    ),
    "satisfaction_survey": (
        {
            "participants": 30,
            "trip_rating": "satisfied",
            "catering_rating": "fairly_satisfied",
            "service_rating": "dissatisfied",
        },
        [],
    ),
}


class Recorder(dict):
    """A dict that remembers which keys were read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


# ---- the registry and its documentation -----------------------------------------------------
def assert_declared_types(name, computed):
    """Every computed value is None or exactly a Python type its declared type allows: fen and
    counts int (never bool), dates ``date``, yes/no bool, shares ``Decimal``, names text."""
    types = computed_types(name)
    for key, value in computed.items():
        if value is not None:
            assert type(value) in types[key].computed_as, (name, key, value, types[key])


def test_every_evaluator_is_documented_and_sampled():
    assert set(EVALUATORS) == set(EVALUATOR_FIELDS) == set(EVALUATOR_COMPUTED) == set(SAMPLES)
    assert set(EVALUATOR_ROSTER_COLUMNS) <= set(EVALUATORS)
    for name, fields in EVALUATOR_FIELDS.items():
        for key, doc in fields.items():
            assert key.isidentifier() and key == key.lower(), (name, key)
            assert " — " in doc or "—" in doc, (name, key)
    for name, computed in EVALUATOR_COMPUTED.items():
        assert computed, name
        for key, doc in computed.items():
            type_name, _, label = doc.partition(" — ")
            assert label and type_name in COMPUTED_TYPES, (name, key, doc)


@pytest.mark.parametrize("name", sorted(EVALUATORS))
def test_evaluator_reads_exactly_the_documented_fields(name):
    values, roster = SAMPLES[name]
    recorder = Recorder(values)
    assert set(values) == set(EVALUATOR_FIELDS[name])  # the sample fills every documented field
    EVALUATORS[name](recorder, roster, {}, TODAY)
    assert recorder.read == set(EVALUATOR_FIELDS[name])


@pytest.mark.parametrize("name", sorted(EVALUATORS))
def test_sample_is_clean_and_computed_keys_match(name):
    values, roster = SAMPLES[name]
    ev = EVALUATORS[name](dict(values), list(roster), {}, TODAY)
    assert ev.findings == [], [f.message for f in ev.findings]
    assert list(ev.computed) == list(EVALUATOR_COMPUTED[name])  # every key, in the declared order
    assert_declared_types(name, ev.computed)
    assert all(v is not None for v in ev.computed.values()), ev.computed  # the sample computes all
    json.dumps(stored_computed(name, ev.computed), ensure_ascii=False)  # stored: plain JSON values


@pytest.mark.parametrize("name", sorted(EVALUATORS))
def test_blank_form_gives_no_findings(name):
    ev = EVALUATORS[name]({}, [], {}, TODAY)
    assert ev.findings == []
    assert set(ev.computed) <= set(EVALUATOR_COMPUTED[name])
    assert_declared_types(name, ev.computed)
    json.dumps(stored_computed(name, ev.computed), ensure_ascii=False)
    blank = {key: "" for key in EVALUATOR_FIELDS[name]}
    assert EVALUATORS[name](blank, [], {}, TODAY).findings == []


def test_every_finding_rule_is_registered():
    seen = set()
    for name, (values, roster) in SAMPLES.items():
        for variant in (values, {k: "999999" for k in values}):
            for f in EVALUATORS[name](dict(variant), list(roster), {}, TODAY).findings:
                seen.add(f.rule)
                assert f.rule in RULES
                assert f.message.endswith(f"（{f.rule}）")
    assert seen  # the garbage variants did trigger rules


def test_default_params_merge_all_modules():
    p = default_params()
    assert p["year"] == 2023 and p["trip_2d1n_subsidy_per_person"] == 200
    assert p["hc_plans"]["B"] == {"male": 503, "female": 526, "subsidy": 150}
    assert p["ins_fee_e_full"] == 72 and p["wish_max"] == 500 and p["point_city_new"] == 15_000
    assert p["rest_city_district_subsidy_max"] == 300
    json.dumps(p, ensure_ascii=False)


# ---- trip_kan_shanghai (2-1-1) ----------------------------------------------------------------
def _trip(**over):
    values = dict(SAMPLES["trip_kan_shanghai"][0], **over)
    return evaluate("trip_kan_shanghai", values, today=TODAY)


def test_trip_worked_example():
    ev = _trip()
    assert ev.computed == {
        "per_person_cost": 72_000,
        "meal_share": Decimal("37.0"),
        "subsidy_eligible": True,
        "subsidy_per_person": 20_000,
        "district_subsidy": 600_000,
        "days": 2,
    }


def test_trip_690_no_subsidy():
    ev = _trip(total_cost="20700.00")
    assert ev.computed["district_subsidy"] == 0 and ev.computed["subsidy_eligible"] is False
    assert ids(ev) == [("R-TRIP-1", "warning")] and ev.findings[0].fields == ("total_cost",)


def test_trip_meals_41_7():
    ev = _trip(meal_cost="9,000")
    assert [f.message for f in ev.findings] == [
        "餐费 9,000 元占总费用 41.7%，超过 40% 上限（R-TRIP-1）"
    ]
    assert ev.computed["meal_share"] == Decimal("41.7")


def test_trip_dates_outside_window_map_to_form_fields():
    ev = _trip(start_month_day="04-30", end_month_day="05-01")
    assert ids(ev) == [("R-TRIP-4", "error")]
    assert ev.findings[0].fields == ("start_month_day",)


def test_trip_bad_month_day():
    ev = _trip(end_month_day="02-30")
    assert ids(ev) == [("R-TRIP-4", "error")] and ev.findings[0].fields == ("end_month_day",)


def test_trip_uses_project_year():
    params = {"year": 2024, "activity_start": "2024-05-01", "activity_end": "2024-11-30"}
    ev = evaluate("trip_kan_shanghai", SAMPLES["trip_kan_shanghai"][0], params=params, today=TODAY)
    assert ev.findings == []
    # 2024: 02-29 is a real date, so it only fails the window, not the calendar
    ev = evaluate("trip_kan_shanghai", {"start_month_day": "02-29"}, params=params)
    assert ids(ev) == [("R-TRIP-4", "error")] and "2024-02-29" in ev.findings[0].message


def test_trip_one_day_and_chinese_kind():
    ev = _trip(
        trip_kind="一日游",
        start_month_day="06-10",
        end_month_day="06-10",
        headcount=40,
        total_cost="11,200",
        meal_cost="5000",
    )
    assert (
        ev.computed["subsidy_per_person"] == 10_000
        and ev.computed["district_subsidy"] == 400_000
    )
    assert ev.findings == []


def test_trip_without_kind_still_checks_dates():
    ev = evaluate("trip_kan_shanghai", {"start_month_day": "12-01"})
    assert ids(ev) == [("R-TRIP-4", "error")] and ev.computed["district_subsidy"] is None


# ---- recuperation (2-1-2) ---------------------------------------------------------------------
def test_recuperation_sample_values():
    ev = evaluate("recuperation", SAMPLES["recuperation"][0])
    assert ev.computed == {
        "plan_name": "长三角区域",
        "city_subsidy_per_person": 0,
        "district_subsidy_per_person": 30_000,
        "city_subsidy_total": 0,
        "district_subsidy_total": 600_000,
        "subsidy_total": 600_000,
        "total_cost": 3_000_000,
        "breakdown_sum": 20,
    }


def test_recuperation_plan3_and_breakdown():
    values = {
        "plan": "3",
        "headcount": 10,
        "city_subsidy": "450",
        "district_subsidy": "300",
        "model_workers": 11,
        "others": 1,
    }
    ev = evaluate("recuperation", values)
    assert ids(ev) == [("R-REST-3", "error"), ("R-REST-4", "error"), ("R-REST-4", "warning")]
    assert ev.findings[0].fields == ("city_subsidy",)
    assert (
        ev.computed["district_subsidy_total"] == 300_000 and ev.computed["breakdown_sum"] == 12
    )


def test_recuperation_without_plan_checks_breakdown():
    ev = evaluate("recuperation", {"headcount": 10, "others": 11})
    assert ids(ev) == [("R-REST-4", "error"), ("R-REST-4", "warning")]


# ---- health checks ----------------------------------------------------------------------------
def test_health_application_worked_example_from_roster():
    values, roster = SAMPLES["health_check_application"]
    ev = evaluate("health_check_application", values, roster)
    c = ev.computed
    assert (c["price_total"], c["subsidy_total"], c["enterprise_total"]) == (
        3_327_000,
        975_000,
        2_352_000,
    )
    assert (c["male_count"], c["female_count"], c["roster_count"]) == (40, 25, 65)
    assert (c["price_male"], c["price_female"], c["enterprise_female"]) == (
        50_300,
        52_600,
        37_600,
    )


def test_health_application_roster_count_mismatch():
    values, roster = SAMPLES["health_check_application"]
    ev = evaluate("health_check_application", values, roster[:-1])
    assert ("R-HC-3", "error") in ids(ev)
    assert any("64 人" in f.message for f in ev.findings)


def test_numbered_empty_roster_rows_are_not_people():
    values, roster = SAMPLES["health_check_application"]
    padded = [dict(r, seq=i) for i, r in enumerate(roster, 1)] + [
        {"seq": 66, "gender": "", "id_number": ""}
    ]
    ev = evaluate("health_check_application", values, padded)
    assert ev.findings == [] and ev.computed["roster_count"] == 65


def test_health_application_gender_from_id_numbers():
    roster = [
        {"gender": "", "id_number": "31011819890517002X"},
        {"gender": "", "id_number": "440306198002290519"},
    ]
    ev = evaluate("health_check_application", {"plan": "A", "headcount": 2}, roster)
    assert ev.computed["male_count"] == 1 and ev.computed["female_count"] == 1
    assert ev.computed["price_total"] == 89_100  # 434 + 457 yuan
    assert ids(ev) == [("R-HC-2", "warning")]


def test_health_application_unknown_gender_in_roster():
    ev = evaluate(
        "health_check_application",
        {"plan": "A", "headcount": 1},
        [{"gender": "", "id_number": "123"}],
    )
    assert ("R-HC-1", "error") in ids(ev) and ev.computed["price_total"] is None


def test_health_application_stated_split_differs_from_roster():
    values, roster = SAMPLES["health_check_application"]
    ev = evaluate("health_check_application", dict(values, male_count=41, female_count=24), roster)
    assert ids(ev) == [("R-HC-3", "error")]
    assert ev.computed["price_total"] == 3_327_000  # the roster is the basis


def test_health_application_without_roster():
    ev = evaluate(
        "health_check_application",
        {"plan": "B", "headcount": 65, "male_count": 40, "female_count": 25},
    )
    assert ev.findings == [] and ev.computed["enterprise_total"] == 2_352_000
    assert ev.computed["roster_count"] is None
    small = evaluate("health_check_application", {"plan": "C", "headcount": 12})
    assert ids(small) == [("R-HC-2", "warning")] and small.computed["subsidy_total"] == 216_000


def test_health_send():
    ev = evaluate(
        "health_check_send", {"headcount": 40, "check_date": "2023-12-11"}, [{"name": "张三"}]
    )
    assert ev.computed == {
        "price_per_person": 30_000,
        "district_total": 1_200_000,
        "enterprise_total": 0,
    }
    assert ids(ev) == [("R-HC-4", "error"), ("R-HC-3", "error")]


@pytest.mark.parametrize(
    ("price", "per_person", "total"),
    [
        ("300", 12_000, 540_000),
        ("260", 8_000, 360_000),
        ("420", 12_000, 540_000),
        ("150", 0, 0),
    ],
)
def test_health_new_employment_worked_examples(price, per_person, total):
    values = dict(SAMPLES["health_check_new_employment"][0], price_per_person=price)
    ev = evaluate("health_check_new_employment", values)
    assert ev.computed["subsidy_per_person"] == per_person and ev.computed["subsidy_total"] == total


def test_health_new_employment_counts():
    ev = evaluate(
        "health_check_new_employment",
        {"total_count": 10, "male_count": 6, "female_count": 5, "applied_count": 11},
    )
    assert ids(ev) == [("R-HC-5", "error"), ("R-HC-5", "error")]


def test_jiangsu_registration():
    ev = evaluate("jiangsu_registration", SAMPLES["jiangsu_registration"][0])
    assert ev.computed["extras"] == "两癌筛查（乳腺癌、宫颈癌）、膝关节正侧位 X 光片"
    assert ev.computed["subsidy_total"] == 20_000
    mismatch = evaluate(
        "jiangsu_registration",
        {"group": "货车司机", "gender": "男", "id_number": "31011819890517002X"},
        today=TODAY,
    )
    assert ids(mismatch) == [("R-ID-4", "error")] and mismatch.findings[0].fields == ("gender",)
    derived = evaluate(
        "jiangsu_registration", {"group": "保安员", "id_number": "31011819890517002X"}
    )
    assert derived.computed["gender"] == "女"
    assert derived.computed["extras"] == "两癌筛查（乳腺癌、宫颈癌）、双下肢静脉彩超"
    low = evaluate("jiangsu_registration", {"group": "保安员", "local_match": "80"})
    assert ids(low) == [("R-HC-6", "error")]


# ---- insurance ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paid", "start", "months", "fee"),
    [("2023-05-20", date(2023, 6, 1), 7, 7_200), ("2023-06-03", date(2023, 7, 1), 6, 3_600)],
)
def test_insurance_individual_worked_examples(paid, start, months, fee):
    ev = evaluate(
        "insurance_enrolment",
        {"plan": "E", "enrol_mode": "individual", "pay_date": paid, "industry": "快递物流"},
    )
    assert ev.findings == []
    assert ev.computed["coverage_start"] == start and ev.computed["coverage_end"] == date(2023, 12, 31)
    assert ev.computed["months"] == months and ev.computed["fee"] == fee
    assert ev.computed["fee_due_by"] is None


def test_insurance_group_fee_due_and_late_payment():
    values = dict(SAMPLES["insurance_enrolment"][0], pay_date="2023-06-30")
    ev = evaluate("insurance_enrolment", values)
    assert (
        ev.computed["coverage_start"] == date(2023, 6, 1) and ev.computed["fee_due_by"] == date(2023, 6, 9)
    )
    assert ids(ev) == [("R-INS-8", "error")]


def test_insurance_age_from_id_number():
    values = {
        "plan": "D",
        "enrol_mode": "individual",
        "pay_date": "2023-03-05",
        "id_number": "110105196303150013",
        "industry": "工地短工",
    }
    # the id number has a bad check character: birth_date field is used instead
    ev = evaluate("insurance_enrolment", dict(values, birth_date="1963-03-15"))
    assert ids(ev) == [("R-INS-1", "error")]
    ok = evaluate(
        "insurance_enrolment", dict(values, id_number="31011819890517002X", birth_date="1963-03-15")
    )
    assert ok.findings == [] and ok.computed["fee"] == 12_000


def test_insurance_industry_without_mode():
    ev = evaluate("insurance_enrolment", {"industry": "银行"})
    assert ids(ev) == [("R-INS-1", "error")]


# ---- care -----------------------------------------------------------------------------------------
def test_micro_wish():
    assert evaluate("micro_wish", {"amount": "500"}).findings == []
    ev = evaluate("micro_wish", {"amount": "501", "state": "已发布至市总实物募集平台"})
    assert ids(ev) == [("R-WISH-1", "error")]
    assert ev.computed == {"amount": 50_100, "state_label": "已发布至市总实物募集平台"}


def test_illness_condolence():
    ev = evaluate("illness_condolence", {"diagnosis_date": "2023-08-14"})
    assert ev.findings == []
    assert ev.computed["apply_by"] == date(2024, 6, 30) and ev.computed["amount"] == 300_000
    partial = evaluate(
        "illness_condolence",
        {
            "diagnosis_date": "2023-12-31",
            "apply_date": "2024-07-01",
            "materials": ["pre_op_report"],
            "has_member_card": False,
        },
    )
    assert ids(partial) == [("R-ILL-1", "error"), ("R-ILL-1", "error"), ("R-ILL-1", "warning")]
    assert "病理报告" in partial.computed["missing_materials"]
    assert (
        evaluate("illness_condolence", SAMPLES["illness_condolence"][0]).computed[
            "missing_materials"
        ]
        == "无"
    )


def test_gift_distribution_kind_from_catalogue_item():
    rows = [{"unit": "A", "count": "3000"}, {"unit": "B", "count": 1}]
    ev = evaluate("gift_distribution", {}, rows, params={"item": "年夜饭礼包", "quota": 3000})
    assert ev.computed == {"gift_name": "年夜饭礼包", "total_count": 3001, "unit_count": 2}
    assert ids(ev) == [("R-GIFT-1", "warning")]
    couplets = evaluate(
        "gift_distribution",
        {},
        [{"unit": "线上", "count": 5, "channel": "online", "delivery": "handover"}],
        params={"item": "春联"},
    )
    assert ids(couplets) == [("R-GIFT-1", "error")] and couplets.computed["gift_name"] == "春联"


# ---- service -------------------------------------------------------------------------------------
def test_service_point():
    values, roster = SAMPLES["service_point"]
    ev = evaluate("service_point", values, roster)
    c = ev.computed
    assert (c["city_subsidy"], c["match_min"], c["subsidy_total"]) == (
        1_500_000,
        1_500_000,
        4_500_000,
    )
    assert (c["visits"], c["lectures"], c["weeks_without_service"], c["obligations_met"]) == (
        1,
        1,
        0,
        True,
    )
    low = evaluate("service_point", {"point_kind": "upgrade", "town_match": "5000"})
    assert ids(low) == [("R-POINT-1", "error")] and low.findings[0].fields == ("town_match",)
    bad_month = evaluate("service_point", {"report_month": "2023-13"}, roster)
    assert ids(bad_month) == [("R-POINT-1", "error")]


def test_labour_visit():
    ev = evaluate(
        "labour_visit",
        {"visit_date": "2023-05-10", "result": "不达标", "staff_days": 3},
        today=date(2023, 6, 20),
    )
    assert ev.computed == {
        "result_label": "不达标",
        "follow_up_required": True,
        "follow_up_due": date(2023, 6, 9),
        "staff_subsidy": 45_000,
    }
    assert ids(ev) == [("R-LR-1", "warning")]


def test_model_worker_demand_fee():
    ev = evaluate("model_worker_demand", {"demand_category": "公益讲座", "fee": "200"})
    assert ids(ev) == [("R-MW-1", "error")]
    assert evaluate("model_worker_demand", SAMPLES["model_worker_demand"][0]).computed == {
        "batch_key": "技术培训/土木建筑",
        "fee_to_unit": 0,
    }


def test_satisfaction_survey_counts():
    ev = evaluate("satisfaction_survey", SAMPLES["satisfaction_survey"][0])
    assert ev.computed == {
        "participants": 30,
        "answered": 3,
        "satisfied_count": 2,
        "dissatisfied_count": 1,
    }
    labels = evaluate("satisfaction_survey", {"trip_rating": "满意", "catering_rating": "一般"})
    assert labels.computed["answered"] == 2 and labels.computed["satisfied_count"] == 1


def test_a_spec_declares_the_rules_its_evaluator_emits():
    """A form spec's `rules` list the rules its evaluator can emit (the sample, and garbage in
    every field): no finding of a rule the form does not name."""
    from desktop_app.core.form_loader import load_specs

    specs = load_specs()
    checked = set()
    for code, spec in specs.items():
        if spec.evaluator is None:
            continue
        values, roster = SAMPLES[spec.evaluator]
        emitted = set()
        for variant in (values, {k: "999999" for k in values}, {k: "-1" for k in values}):
            emitted |= {f.rule for f in EVALUATORS[spec.evaluator](dict(variant), list(roster), {}, TODAY).findings}
        assert emitted <= set(spec.rules), f"{code}: {spec.evaluator} emits {sorted(emitted - set(spec.rules))}"
        checked.add(code)
    assert {"2-1-1", "2-3-2", "INS", "WISH"} <= checked


# ---- stored_computed: the text records store and packages carry ---------------------------------
def test_stored_computed_is_the_text_records_and_packages_hold():
    """Exactly the text earlier programs wrote (packages from older towns and existing databases
    hold it; the district compares it with its own): money grouped with two decimals, shares
    with their "%", yes/no in Chinese, ISO dates, counts as numbers; key order kept."""
    stored = stored_computed("trip_kan_shanghai", _trip().computed)
    assert list(stored.items()) == [
        ("per_person_cost", "720.00"),
        ("meal_share", "37.0%"),
        ("subsidy_eligible", "是"),
        ("subsidy_per_person", "200.00"),
        ("district_subsidy", "6,000.00"),
        ("days", 2),
    ]
    assert json.dumps(stored, ensure_ascii=False) == (
        '{"per_person_cost": "720.00", "meal_share": "37.0%", "subsidy_eligible": "是", '
        '"subsidy_per_person": "200.00", "district_subsidy": "6,000.00", "days": 2}'
    )
    insurance = evaluate("insurance_enrolment", SAMPLES["insurance_enrolment"][0])
    assert stored_computed("insurance_enrolment", insurance.computed) == {
        "plan_name": "E 类",
        "coverage_start": "2023-06-01",
        "coverage_end": "2023-12-31",
        "months": 7,
        "fee": "72.00",
        "fee_due_by": "2023-06-09",
    }
    visit = evaluate("labour_visit", {"visit_date": "2023-05-10", "result": "pass"}, today=TODAY)
    assert stored_computed("labour_visit", visit.computed) == {
        "result_label": "达标", "follow_up_required": "否", "follow_up_due": None, "staff_subsidy": None,
    }
    gifts = evaluate("gift_distribution", {}, [{"unit": "A", "count": 3001}], params={"item": "春联"})
    assert stored_computed("gift_distribution", gifts.computed) == {
        "gift_name": "春联", "total_count": 3001, "unit_count": 1,  # counts stay numbers
    }


@pytest.mark.parametrize(
    ("name", "key", "value", "text"),
    [
        ("micro_wish", "amount", 0, "0.00"),
        ("micro_wish", "amount", 5, "0.05"),
        ("micro_wish", "amount", 123_456_789, "1,234,567.89"),
        ("micro_wish", "amount", -150, "-1.50"),
        ("trip_kan_shanghai", "meal_share", Decimal("41.7"), "41.7%"),
        ("trip_kan_shanghai", "meal_share", Decimal("100.0"), "100.0%"),
        ("trip_kan_shanghai", "subsidy_eligible", False, "否"),
        ("trip_kan_shanghai", "days", 12_000, 12_000),
        ("illness_condolence", "apply_by", date(2024, 2, 29), "2024-02-29"),
        ("jiangsu_registration", "gender", "男", "男"),
        ("micro_wish", "amount", None, None),
    ],
)
def test_stored_computed_per_type(name, key, value, text):
    assert stored_computed(name, {key: value}) == {key: text}


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("micro_wish", "amount", "6,000.00"),  # already text: an adapter that formats itself
        ("micro_wish", "amount", 12.5),  # money is never float
        ("trip_kan_shanghai", "days", True),  # a bool is no count
        ("trip_kan_shanghai", "subsidy_eligible", "是"),
        ("trip_kan_shanghai", "meal_share", 37.0),
        ("illness_condolence", "apply_by", "2024-06-30"),
    ],
)
def test_stored_computed_refuses_a_value_of_another_type(name, key, value):
    with pytest.raises(TypeError):
        stored_computed(name, {key: value})


def test_stored_computed_of_undeclared_keys_and_evaluators():
    assert stored_computed("micro_wish", {"other": 5}) == {"other": 5}
    assert stored_computed(None, {"x": 1}) == stored_computed("nonesuch", {"x": 1}) == {"x": 1}


@pytest.mark.parametrize("name", sorted(EVALUATORS))
def test_computed_values_keep_their_types_whatever_the_input(name):
    """Blank, garbage and odd inputs: every computed value is None or of its declared type, so
    stored_computed can always write it."""
    values, roster = SAMPLES[name]
    variants = [dict(values), {}, {k: "999999" for k in values}, {k: "-1" for k in values},
                {k: "abc" for k in values}, {k: 0 for k in values}]
    for variant in variants:
        for rows in (list(roster), []):
            ev = EVALUATORS[name](variant, rows, {}, TODAY)
            assert_declared_types(name, ev.computed)
            json.dumps(stored_computed(name, ev.computed), ensure_ascii=False)
