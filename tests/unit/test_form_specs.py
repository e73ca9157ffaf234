"""Form specs (DESIGN §2 "one spec per paper form"; DOMAIN §4, §4.1, §4.2; docs/form-spec.md)."""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path

import pytest

from desktop_app.core.findings import has_errors
from desktop_app.core.forms import (
    CoerceError,
    FieldSpec,
    FormSpec,
    Option,
    SpecError,
    coerce_value,
    default_forms_dir,
    forms_as_json,
    load_spec,
    load_specs,
    validate_row,
    validate_values,
)
from desktop_app.core.rules.registry import RULES

FORMS_DIR = Path(__file__).resolve().parents[2] / "resources" / "forms"
PAPER_CODES = ["2-1-1", "2-1-2", "2-1-3", "2-3-2", "2-3-3", "2-3-4", "2-3-5", "2-3-6", "2-8", "JS-8"]
RECORD_CODES = ["INS", "WISH", "ILL", "POINT", "LR", "MW", "GIFT", "PSH"]
ROW_LISTS = ["POINT-LOG", "GIFT-LIST"]  # rows attached to POINT / GIFT records (no paper)


@pytest.fixture(scope="module")
def specs() -> dict[str, FormSpec]:
    return load_specs(FORMS_DIR)


def labels(spec: FormSpec, key: str) -> list[str]:
    return [o.label for o in spec.field(key).options]


def grid_labels(spec: FormSpec) -> list[str]:
    assert spec.grid is not None
    return [c.text for row in spec.grid.rows for c in row if c.kind == "label"]


def printed_order(spec: FormSpec) -> list[str]:
    keys: list[str] = []
    for line in spec.header:
        for c in line:
            keys += c.field_keys()
    if spec.grid:
        for row in spec.grid.rows:
            for c in row:
                keys += c.field_keys()
    for line in spec.footer:
        for c in line:
            keys += c.field_keys()
    return keys


# ---------------------------------------------------------------------------------------------
# The shipped specs


def test_all_shipped_specs_load_and_are_named_by_code(specs):
    assert set(specs) == set(PAPER_CODES + RECORD_CODES + ROW_LISTS)
    assert list(specs) == sorted(specs, key=lambda c: (not c[0].isdigit(), c))
    for code, spec in specs.items():
        assert spec.source == f"{code}.json"
    assert default_forms_dir() == FORMS_DIR


def test_every_paper_spec_declares_fields_in_print_order(specs):
    for code in PAPER_CODES:
        spec = specs[code]
        assert spec.paper is True
        assert printed_order(spec) == [f.key for f in spec.paper_fields()], code


def test_records_have_no_paper_and_an_auto_layout(specs):
    for code in RECORD_CODES:
        spec = specs[code]
        assert spec.paper is False and spec.kind == "record" and spec.attachment is None
        grid = spec.layout_grid()
        assert grid is not None
        placed = [k for row in grid.rows for c in row for k in c.field_keys()]
        assert placed == list(spec.all_field_keys), code
        for row in grid.rows:
            assert sum(c.colspan for c in row) == len(grid.widths)


def test_titles_take_the_year(specs):
    assert specs["2-1-1"].title_for(2023) == "2023 年“看上海”活动补贴申请表"
    assert specs["2-1-2"].title_for(2023) == "2023 年长三角及协作区域疗休养活动补贴申请表"
    assert specs["2-1-3"].title_for(2023) == "2023 年“看上海”和长三角及协作区域疗休养活动满意度测评表"
    assert specs["2-3-2"].title_for(2024) == "2024 年青浦工会企业职工健康体检行动补贴申请表"
    assert specs["2-3-3"].title_for(2023) == "2023 年青浦工会“送健康”活动企业申请表"
    assert specs["2-3-3"].subtitle == "（困难企业或环卫企业）"
    assert specs["2-3-4"].title_for(2023) == "2023 年青浦工会新就业形态劳动者健康体检申请表"
    assert specs["2-3-4"].subtitle == "（新就业形态劳动者）"
    assert specs["2-3-5"].title_for(2023) == "2023 年青浦工会职工健康体检活动满意度测评表"
    assert specs["2-3-6"].title_for(2023) == "2023 年青浦工会各类职工健康体检名册"
    assert specs["2-8"].title_for(2023) == "劳模工匠服务队需求申请表"
    for code, spec in specs.items():
        if code != "2-8":
            assert "{year}" in spec.title, code
        if spec.paper and code not in ("JS-8", "2-8"):
            assert spec.attachment == f"附件 {code}"
    # 2-8's paper is the attachment of the plan 附件 2-8 and prints only its title (issue 19)
    assert specs["2-8"].attachment is None


def test_2_1_1_kan_shanghai(specs):
    s = specs["2-1-1"]
    assert s.evaluator == "trip_kan_shanghai" and s.headcount_field == "headcount"
    assert grid_labels(s) == ["单位名称", "领队姓名", "单位地址", "领队电话", "起止时间", "参加人数",
                              "看上海线路", "承接旅行社"]
    assert s.stamp_labels() == ("活动单位工会", "镇、街道、委、局、区属公司工会", "区总工会", "承办单位")
    assert [f.label for f in s.paper_fields()][-3:] == ["填表人", "联系电话", "填表日期"]
    assert s.field("start_month_day").type == "month_day" and s.field("end_month_day").type == "month_day"
    # what R-TRIP-1/2 need but the paper lacks: on screen only
    assert [f.key for f in s.screen_only_fields()] == ["trip_kind", "total_cost", "meal_cost"]
    assert s.field("trip_kind").option_values == ("2d1n", "1d")
    assert s.notes == ("注：此表请如实填写所有内容，参加单位加盖公章，街镇、委、局、区属公司工会审核盖章，"
                       "经区总工会审核加盖公章后交承办单位。",)


def test_2_1_2_recuperation(specs):
    s = specs["2-1-2"]
    assert s.evaluator == "recuperation"
    assert grid_labels(s) == ["休养单位名称", "领队姓名", "单位地址", "领队电话", "疗休养起止时间",
                              "承接旅行社", "疗休养计划", "实际疗休养人数", "其中", "劳模先进",
                              "工匠技师", "为抗疫做出贡献", "产业工人", "其他对象"]
    assert s.field("plan").option_values == ("1", "2", "3")
    assert labels(s, "plan") == ["1 长三角区域", "2 对口合作区域", "3 市总直管院所"]
    breakdown = ["model_workers", "craftsmen", "covid_contributors", "industrial_workers", "others"]
    assert [s.field(k).label for k in breakdown] == ["劳模先进", "工匠技师", "为抗疫做出贡献", "产业工人", "其他对象"]
    assert all(s.field(k).group == "其中" for k in breakdown)
    assert s.field("model_workers").display_label == "其中（劳模先进）"
    assert s.stamp_labels() == ("区局(产业)工会", "休养单位工会", "承办单位")
    assert {f.key for f in s.screen_only_fields()} == {
        "days", "nights", "cost_per_person", "city_subsidy", "district_subsidy"}
    其中 = s.grid.rows[6][0]
    assert (其中.text, 其中.rowspan) == ("其中", 5)


@pytest.mark.parametrize("code, provider_label, note", [
    ("2-1-3", "承办旅行社", "注：1.本表请参加单位如实填写，活动结束一周内交区总综合保障部。"),
    ("2-3-5", "承办体检中心", "注：1.本表请参加体检单位如实填写，活动结束后交区总综合保障部。"),
])
def test_satisfaction_surveys(specs, code, provider_label, note):
    s = specs[code]
    assert s.kind == "survey" and s.evaluator == "satisfaction_survey"
    assert [f.label for f in s.paper_fields()] == [
        provider_label, "参加单位名称", "参加人数", "行程满意度", "餐饮满意度", "服务满意度",
        "意见和建议", "联系人", "联系电话", "填表日期"]
    for key in ("trip_rating", "catering_rating", "service_rating"):
        assert labels(s, key) == ["满意", "比较满意", "一般", "不满意"]
    assert s.header[0][0].text == f"{provider_label}："
    assert s.notes == (note,)


def test_2_3_2_health_check_application(specs):
    s = specs["2-3-2"]
    assert s.copies == 2 and s.roster_form == "2-3-6" and s.headcount_field == "headcount"
    assert s.evaluator == "health_check_application"
    assert grid_labels(s) == ["体检单位名称", "联系人", "单位地址", "联系电话", "体检人数", "体检时间",
                              "体检地点", "单位所有制形式", "体检计划"]
    assert labels(s, "ownership") == ["私营企业", "港澳台商投资企业", "外商投资企业", "股份制企业", "其他企业"]
    assert s.field("plan").option_values == ("A", "B", "C")
    assert labels(s, "plan") == ["职工健康体检计划 A", "职工健康体检计划 B", "职工健康体检计划 C"]
    assert s.stamp_labels() == ("体检单位工会", "镇、街道总工会", "区总工会", "承办单位")
    assert len(s.stamp_keys) == 4
    assert s.footer[0][0].text == "填表日期："
    assert "一式二份" in s.notes[0]
    assert {"R-HC-1", "R-HC-2", "R-HC-3"} <= set(s.rules)


def test_2_3_3_send_health(specs):
    s = specs["2-3-3"]
    assert s.evaluator == "health_check_send" and s.roster_form == "2-3-6"
    assert s.header[0][0].text == "企业（行政盖章）："
    assert grid_labels(s) == ["企业名称", "体检职工人数", "企业地址", "联系人", "手机", "申请理由", "体检地点", "意见"]
    assert s.stamp_labels() == ("申请企业工会", "街镇总工会", "街镇主管部门", "区总工会审核", "承检中心")
    assert s.field("mobile").type == "mobile"
    assert s.notes == ("备注：1. 申请表应认真填写，各项内容要真实可信。",)
    意见 = s.grid.rows[4][0]
    assert (意见.text, 意见.rowspan) == ("意见", 2)


def test_2_3_4_new_employment(specs):
    s = specs["2-3-4"]
    assert s.evaluator == "health_check_new_employment"
    assert grid_labels(s) == ["企业名称", "体检职工人数", "企业地址", "联系人", "手机", "申请补贴人数", "体检地点", "意见"]
    counts = s.grid.rows[0][3]
    assert [p.text or p.field for p in counts.parts] == [
        "总人数：", "total_count", "男：", "male_count", "女：", "female_count"]
    assert [s.field(k).display_label for k in ("total_count", "male_count", "female_count")] == [
        "体检职工人数（总人数）", "体检职工人数（男）", "体检职工人数（女）"]
    assert s.field("applied_count").label == "申请补贴人数"
    assert s.stamp_labels() == ("街镇总工会", "区总工会审核", "承检中心")
    assert [f.key for f in s.screen_only_fields()] == ["price_per_person"]
    assert s.headcount_field == "total_count"


def test_2_3_6_roster(specs):
    s = specs["2-3-6"]
    assert s.kind == "roster" and s.fields == () and s.grid is None
    printed = [c for c in s.roster_columns if c.printed]
    assert [c.header for c in printed] == ["序号", "单 位", "姓名", "性别", "婚否", "年龄", "身份证号码"]
    assert [c.label for c in printed] == ["序号", "单位", "姓名", "性别", "婚否", "年龄", "身份证号码"]
    married = s.roster.column("married")
    assert married.split and [o.label for o in married.options] == ["已婚", "未婚"]
    assert s.roster.column("id_number").type == "id_number" and s.roster.column("id_number").required
    match = s.roster.match_header
    for header in ("身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证"):
        assert match(header) == "id_number"
    for header in ("单位", "单 位", "工作单位", "单位名称", "所在单位"):
        assert match(header) == "unit"
    for header in ("姓名", "名字", "职工姓名"):
        assert match(header) == "name"
    assert match("性别") == "gender" and match("年龄") == "age"
    assert match("婚否") == "married" and match("婚姻状况") == "married"
    for header in ("手机", "联系电话", "电话", "手机号码", "手机："):
        assert match(header) == "phone"
    assert match("备注") is None and match(None) is None
    assert s.roster.person_fields["id_number"] == "id_number"
    assert s.notes == ("注：1.此表由体检单位填写，以 Excel 格式发送到区总工会综合保障部。",)


def test_2_8_demand(specs):
    s = specs["2-8"]
    assert s.kind == "demand" and s.evaluator == "model_worker_demand"
    assert s.header[0][0].text == "所属委局或街镇："
    assert grid_labels(s) == ["单位名称", "单位地址", "单位类型", "行业类别", "联系人", "手机", "需求名称",
                              "需求类别", "需求内容简述（可附后）", "基层工会意见", "区总工会意见"]
    assert labels(s, "unit_type") == ["国有", "非公（民营、外资等）", "学校", "其他"]
    assert labels(s, "industry") == ["机械与动力电气", "土木建筑", "交通运输", "金属材料", "计算机通讯仪电",
                                     "药物与生物医学工程", "化工", "工艺设计", "绿化餐饮", "综合", "其他"]
    assert labels(s, "demand_category") == ["技术培训", "技术交流", "技术攻关", "技术协作", "公益讲座",
                                            "劳动教育", "其他"]
    assert s.field("unit_type").option_values == ("state", "non_public", "school", "other")
    assert [f.key for f in s.screen_only_fields()] == ["fee"]


def test_js_8_registration(specs):
    s = specs["JS-8"]
    assert s.kind == "registration" and s.evaluator == "jiangsu_registration" and "R-HC-6" in s.rules
    assert grid_labels(s)[:5] == ["姓名", "性别", "身份证号码", "工作单位", "联系电话"]
    assert labels(s, "group") == ["快递员", "送餐员", "货车司机", "护工护理员", "家政服务员", "商场信息员",
                                  "房产中介员", "保安员"]
    assert labels(s, "is_member") == ["是", "否"]
    assert s.field("voluntary_join").label == "自愿入会" and s.field("voluntary_join").type == "bool"
    assert s.field("extra_items").type == "multi_choice"
    assert labels(s, "extra_items") == ["两癌筛查（乳腺癌、宫颈癌）", "膝关节正侧位 X 光片", "双下肢静脉彩超",
                                   "泌尿系统超声"]
    assert s.field("card_no").label == "体检卡号" and s.field("institution").label == "定点体检机构"
    assert s.stamp_labels() == ("县（市、区）总工会审核",)


def test_records(specs):
    ins = specs["INS"]
    assert labels(ins, "industry") == ["快递物流", "货运驾驶", "网约送餐", "网约车司机", "护工护理", "家政服务",
                                       "商场信息", "房屋中介", "物业管理", "工地短工", "农业临工", "保洁环卫",
                                       "街面雇员"]
    assert ins.field("plan").option_values == ("C", "D", "E")
    assert ins.field("enrol_mode").option_values == (
        "group_concentrated", "group_instant", "individual", "transition")
    for key in ("submit_date", "pay_date", "plan_change_date", "accident_date", "birth_date"):
        assert ins.field(key).type == "date"
    assert ins.field("plan_change").option_values == ("C", "D", "E")
    assert len(ins.field("claim_type").options) == 6
    ill = specs["ILL"]
    assert ill.field("has_basic_protection").type == "bool" and ill.field("has_member_card").type == "bool"
    # the seed's checklist (附件 2-5 三(二)): six items, ID card and member card copies together
    assert ill.field("materials").type == "multi_choice"
    assert labels(ill, "materials") == [
        "术前报告（复印件）", "病理报告（复印件）", "出院小结（出院记录）（复印件）", "住院发票（复印件）",
        "身份证、工会会员服务卡正反面（复印件）", "上海工会会员专享基本保障给付申请审批表"]
    assert labels(ill, "illness")[0] == "恶性肿瘤"
    assert [f.key for f in ill.computed] == ["amount", "apply_by", "missing_materials"]
    wish = specs["WISH"]
    assert wish.field("amount").type == "money"
    assert wish.field("state").option_values == (
        "collected", "reviewed", "fulfilled_local", "published", "fulfilled_city", "lit_by_district")
    point = specs["POINT"]
    assert point.field("point_kind").option_values == ("new", "upgrade")
    assert point.roster_form == "POINT-LOG"
    assert [c.key for c in specs["POINT-LOG"].roster_columns] == ["seq", "date", "kind", "notice_date", "topic"]
    assert labels(specs["LR"], "result") == ["达标", "基本达标", "不达标"]
    assert len(specs["LR"].field("enterprise_kind").options) == 7
    gift = specs["GIFT"]
    assert gift.field("gift_kind").option_values == ("new_year_meal", "couplets")
    assert gift.roster_form == "GIFT-LIST"
    assert [c.key for c in specs["GIFT-LIST"].roster_columns] == ["seq", "unit", "count", "channel", "delivery"]
    assert [o.value for o in specs["GIFT-LIST"].roster.column("delivery").options] == ["handover", "courier"]
    assert specs["MW"].field("service_date").type == "date"


def test_stamps_are_dated_fields(specs):
    expected = {"2-1-1": 4, "2-1-2": 3, "2-3-2": 4, "2-3-3": 5, "2-3-4": 3, "JS-8": 1}
    for code, spec in specs.items():
        assert len(spec.stamp_keys) == expected.get(code, 0), code
        for key in spec.stamp_keys:
            assert key.startswith("stamp_") and spec.field(key).type == "date"
        for f in spec.fields:
            if f.key.startswith("stamp_"):
                assert f.key in spec.stamp_keys


def test_a_form_with_a_unit_name_says_which_field_it_is(specs):
    """Issue 16 point 3: records take their unit from unit_fields["name"], never from a list of
    likely keys; every form whose fields include a unit's or an enterprise's name declares it."""
    for code, spec in specs.items():
        named = [f.key for f in spec.fields if f.key in ("unit_name", "enterprise_name")]
        if named:
            assert spec.unit_fields.get("name") == named[0], code


def test_rules_and_roster_links_resolve(specs):
    assert RULES["R-FORM-1"] == "必填项与字段格式"
    for spec in specs.values():
        assert all(r in RULES for r in spec.rules)
        if spec.roster_form:
            assert specs[spec.roster_form].kind == "roster"
        if spec.headcount_field:
            assert spec.field(spec.headcount_field).type == "int"
    assert {c for c, s in specs.items() if s.roster_form} == {"2-3-2", "2-3-3", "2-3-4", "POINT", "GIFT"}


def _evaluators():
    try:
        return importlib.import_module("desktop_app.core.evaluators")
    except ModuleNotFoundError:
        pytest.skip("desktop_app.core.evaluators not written yet")


def test_field_keys_match_the_evaluators(specs):
    """Field keys are the evaluator's input keys (core.evaluators.EVALUATOR_FIELDS), computed
    keys are among what it computes, attached row lists carry the columns it reads."""
    ev = _evaluators()
    fields_of = getattr(ev, "EVALUATOR_FIELDS", {})
    computed_of = getattr(ev, "EVALUATOR_COMPUTED", {})
    columns_of = getattr(ev, "EVALUATOR_ROSTER_COLUMNS", {})
    used = set()
    for code, spec in specs.items():
        if spec.evaluator is None:
            continue
        used.add(spec.evaluator)
        assert spec.evaluator in ev.EVALUATORS, code
        missing = set(fields_of.get(spec.evaluator, {})) - set(spec.all_field_keys)
        assert not missing, f"{code}: evaluator {spec.evaluator} reads {sorted(missing)}"
        if spec.evaluator in computed_of:
            extra = [f.key for f in spec.computed if f.key not in computed_of[spec.evaluator]]
            assert not extra, f"{code}: {spec.evaluator} does not compute {extra}"
        wanted_cols = set(columns_of.get(spec.evaluator, {}))
        if wanted_cols:
            have = {c.key for c in specs[spec.roster_form].roster_columns} if spec.roster_form else set()
            assert wanted_cols <= have, f"{code}: roster lacks {sorted(wanted_cols - have)}"
    assert used == set(ev.EVALUATORS)  # every evaluator has a form


def test_computed_entries_say_how_the_value_is_stored(specs):
    """A spec's computed entry is typed as the JSON a record stores: `int` where the evaluator's
    value is a count (stored as a number), `text` for money, dates, yes/no, shares and names
    (stored as text by core.evaluators.stored_computed)."""
    from desktop_app.core.evaluators import computed_types

    checked = 0
    for code, spec in specs.items():
        declared = computed_types(spec.evaluator)
        for f in spec.computed:
            want = "int" if declared[f.key].name == "int" else "text"
            assert f.type == want, (code, f.key, f.type, declared[f.key])
            checked += 1
    assert checked > 40


def test_option_values_match_the_rule_modules(specs):
    _evaluators()
    from desktop_app.core.rules import care, health, insurance, recuperation, service, trips

    def values(code, key):
        return list(specs[code].field(key).option_values)

    assert values("2-1-1", "trip_kind") == list(trips.TRIP_KINDS)
    assert values("2-1-2", "plan") == list(recuperation.REST_PLANS)
    assert values("2-3-2", "plan") == list(health.PLANS)
    assert values("2-3-3", "category") == list(health.SEND_CATEGORIES)
    assert values("2-3-3", "conditions") == [*health.HARDSHIP_CONDITIONS, *health.SANITATION_CONDITIONS]
    assert values("JS-8", "group") == list(health.JIANGSU_GROUPS)
    assert values("JS-8", "extra_items") == [health.EXTRA_TWO_CANCERS, health.EXTRA_KNEE_XRAY,
                                             health.EXTRA_LEG_VEINS, health.EXTRA_URINARY]
    assert values("INS", "industry") == list(insurance.INDUSTRIES)
    assert values("INS", "plan") == list(insurance.PLANS)
    assert values("INS", "enrol_mode") == list(insurance.ENROL_MODES)
    assert values("INS", "claim_type") == list(insurance.CLAIM_TYPES)
    assert values("WISH", "state") == list(care.WISH_STATES)
    assert values("WISH", "priority")[:3] == list(care.WISH_PRIORITY_GROUPS)
    assert values("ILL", "illness") == list(care.ILLNESSES)
    assert values("ILL", "materials") == list(care.ILL_MATERIALS)
    assert values("GIFT", "gift_kind") == list(care.GIFT_KINDS)
    assert values("POINT", "point_kind") == list(service.POINT_KINDS)
    assert values("POINT", "card") == list(service.CARDS)
    assert values("LR", "enterprise_kind") == list(service.LR_ENTERPRISE_KINDS)
    assert values("LR", "result") == list(service.LR_RESULTS)
    assert values("2-8", "unit_type") == list(service.MW_UNIT_TYPES)
    assert values("2-8", "industry") == list(service.MW_INDUSTRIES)
    assert values("2-8", "demand_category") == list(service.MW_DEMAND_CATEGORIES)
    log = specs["POINT-LOG"].roster.column("kind")
    assert [o.value for o in log.options] == list(service.POINT_ACTIVITIES)
    gift_rows = specs["GIFT-LIST"].roster
    assert [o.value for o in gift_rows.column("channel").options] == list(care.CHANNELS)
    assert [o.value for o in gift_rows.column("delivery").options] == list(care.DELIVERIES)


def _typed(spec: FormSpec, texts: dict[str, str]) -> dict:
    return {k: coerce_value(spec.field(k), v) for k, v in texts.items()}


def test_worked_examples_through_the_specs(specs):
    """DOMAIN §5: text typed as on paper → coerce → validate → the form's evaluator."""
    ev = _evaluators()
    trip = specs["2-1-1"]
    values = _typed(trip, {
        "unit_name": "青浦某公司", "leader_name": "张三", "leader_phone": "138 1234 5678",
        "start_month_day": "6月10日", "end_month_day": "6月11日", "headcount": "30", "route": "红色之旅",
        "travel_agency": "某旅行社", "trip_kind": "两天一夜", "total_cost": "21,600", "meal_cost": "8000"})
    assert values["trip_kind"] == "2d1n" and values["total_cost"] == "21600.00"
    assert validate_values(trip, values) == []
    result = ev.EVALUATORS[trip.evaluator](values, [], {"year": 2023}, None)
    assert result.computed["district_subsidy"] == 600_000  # fen

    hc = specs["2-3-2"]
    values = _typed(hc, {"unit_name": "某厂", "contact": "李四", "contact_phone": "021-59729571",
                         "headcount": "65", "check_date": "2023年6月15日", "check_place": "青浦分院",
                         "ownership": "私营企业", "plan": "职工健康体检计划 B",
                         "male_count": "40", "female_count": "25"})
    assert validate_values(hc, values) == []
    result = ev.EVALUATORS[hc.evaluator](values, [], {"year": 2023}, None)
    assert result.computed["price_total"] == 3_327_000
    assert result.computed["subsidy_total"] == 975_000

    ne = specs["2-3-4"]
    for price, subsidy in (("300", 12_000), ("260", 8_000), ("420", 12_000)):
        values = _typed(ne, {"enterprise_name": "某配送站", "total_count": "10", "male_count": "8",
                             "female_count": "2", "contact": "王五", "mobile": "13812345678",
                             "applied_count": "10", "price_per_person": price})
        assert validate_values(ne, values) == []
        assert ev.EVALUATORS[ne.evaluator](values, [], {}, None).computed["subsidy_per_person"] == subsidy


# ---------------------------------------------------------------------------------------------
# Broken specs are refused with the file and the place


BASE = {
    "code": "T-1",
    "attachment": "附件 T-1",
    "title": "{year} 年测试表",
    "kind": "application",
    "rules": ["R-HC-1"],
    "fields": [
        {"key": "name", "label": "姓名", "type": "text", "required": True},
        {"key": "phone", "label": "电话", "type": "phone"},
        {"key": "plan", "label": "计划", "type": "choice",
         "options": [{"value": "A", "label": "计划 A"}, {"value": "B", "label": "计划 B"}]},
        {"key": "stamp_district", "label": "区总工会盖章", "type": "date"},
    ],
    "grid": {
        "widths": [2, 4, 2, 4],
        "rows": [
            [{"label": "姓名"}, {"field": "name"}, {"label": "电话"}, {"field": "phone"}],
            [{"label": "计划"}, {"field": "plan", "colspan": 3}],
            [{"stamp": "stamp_district", "label": "区总工会", "colspan": 4}],
        ],
    },
}


def write(tmp_path: Path, data, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2),
                    encoding="utf-8")
    return path


def broken(mutate) -> dict:
    data = copy.deepcopy(BASE)
    mutate(data)
    return data


def test_base_spec_is_valid(tmp_path):
    spec = load_spec(write(tmp_path, BASE), evaluators={})
    assert spec.code == "T-1" and spec.stamp_keys == ("stamp_district",)
    assert [p.col for p in spec.grid.placements()] == [0, 1, 2, 3, 0, 1, 0]


CASES = [
    ("unknown field type",
     lambda d: d["fields"][1].update(type="telephone"),
     r"^bad\.json: fields\[1\]\.type: unknown field type 'telephone'"),
    ("unknown key in a cell",
     lambda d: d["grid"]["rows"][0][1].update(colour="red"),
     r"^bad\.json: grid\.rows\[0\]\[1\]: unknown key 'colour' in a cell"),
    ("undeclared field",
     lambda d: d["grid"]["rows"][0][3].update(field="fax"),
     r"^bad\.json: grid\.rows\[0\]\[3\]: cell refers to undeclared field 'fax'"),
    ("field used twice",
     lambda d: d["grid"]["rows"][1][1].update(field="name"),
     r"^bad\.json: grid\.rows\[1\]\[1\]: field 'name' used twice \(first at grid\.rows\[0\]\[1\]\)"),
    ("field declared twice",
     lambda d: d["fields"].append({"key": "name", "label": "又名", "type": "text"}),
     r"^bad\.json: fields\[4\]\.key: field 'name' declared twice"),
    ("row too short",
     lambda d: d["grid"]["rows"][1][1].update(colspan=2),
     r"^bad\.json: grid\.rows\[1\]: row fills 3 of 4 slots"),
    ("row too long",
     lambda d: d["grid"]["rows"][1][1].update(colspan=4),
     r"^bad\.json: grid\.rows\[1\]\[1\]: row fills more than 4 slots"),
    ("overlapping spans",
     lambda d: (d["grid"]["rows"][0][3].update(rowspan=2), d["grid"]["rows"][1][1].update(colspan=3)),
     r"^bad\.json: grid\.rows\[1\]\[1\]: cell overlaps a rowspan from row 0"),
    ("rowspan past the end",
     lambda d: d["grid"]["rows"][2][0].update(rowspan=2),
     r"^bad\.json: grid\.rows\[2\]\[0\]: rowspan 2 runs past the last row"),
    ("unknown rule",
     lambda d: d["rules"].append("R-NOPE-9"),
     r"^bad\.json: rules\[1\]: unknown rule id 'R-NOPE-9'"),
    ("choice without options",
     lambda d: d["fields"][2].pop("options"),
     r"^bad\.json: fields\[2\]\.options: choice field without options"),
    ("missing title",
     lambda d: d.pop("title"),
     r"^bad\.json: title: missing"),
    ("unknown top-level key",
     lambda d: d.update(titel="x"),
     r"^bad\.json: titel: unknown key 'titel'"),
    ("stamp that is not a date",
     lambda d: d["fields"][3].update(type="text"),
     r"^bad\.json: fields\[3\]\.type: stamp field 'stamp_district' must be of type date"),
    ("printed field not placed",
     lambda d: d["fields"].insert(1, {"key": "age", "label": "年龄", "type": "int"}),
     r"^bad\.json: fields\[1\]: printed field 'age' is not placed"),
    ("screen-only field placed on paper",
     lambda d: d["fields"][1].update({"print": False}),
     r"^bad\.json: grid\.rows\[0\]\[3\]: field 'phone' has \"print\": false"),
    ("fields out of paper order",
     lambda d: d["fields"].insert(0, d["fields"].pop(1)),
     r"^bad\.json: fields\[0\]: fields must be declared in paper order: 'name' is printed before 'phone'"),
    ("headcount field not int",
     lambda d: d.update(headcount_field="name"),
     r"^bad\.json: headcount_field: 'name' is not an int field"),
    ("subsidy field without an evaluator",
     lambda d: d.update(subsidy_field="subsidy_total", evaluator=None),
     r"^bad\.json: subsidy_field: a computed key: needs an evaluator"),
    ("record date field not a date",
     lambda d: d.update(record_date_field="name"),
     r"^bad\.json: record_date_field: 'name' is not a date field"),
    ("unknown kind",
     lambda d: d.update(kind="letter"),
     r"^bad\.json: kind: unknown kind 'letter'"),
    ("cell with two contents",
     lambda d: d["grid"]["rows"][0][0].update(field="name"),
     r"^bad\.json: grid\.rows\[0\]\[0\]: a cell holds exactly one of"),
    ("duplicate option value",
     lambda d: d["fields"][2]["options"].append({"value": "A", "label": "又一个 A"}),
     r"^bad\.json: fields\[2\]\.options\[2\]: duplicate option value 'A'"),
    ("options on a text field",
     lambda d: d["fields"][0].update(options=[{"value": "a", "label": "甲"}]),
     r"^bad\.json: fields\[0\]\.options: options on a text field"),
    ("reference date not a date",
     lambda d: d.update(reference_date="name"),
     r"^bad\.json: reference_date: 'name' is not a date field"),
    ("directory on a phone field",
     lambda d: d["fields"][1].update(directory="units"),
     r"^bad\.json: fields\[1\]\.directory: only a text field completes from a directory"),
]


@pytest.mark.parametrize("mutate, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_spec_is_refused_with_file_and_place(tmp_path, mutate, pattern):
    with pytest.raises(SpecError, match=pattern) as info:
        load_spec(write(tmp_path, broken(mutate)), evaluators={})
    assert info.value.file == "bad.json" and info.value.path


def test_unknown_evaluator_is_refused_when_evaluators_are_known(tmp_path):
    path = write(tmp_path, broken(lambda d: d.update(evaluator="no_such_thing")))
    with pytest.raises(SpecError, match=r"^bad\.json: evaluator: unknown evaluator 'no_such_thing'"):
        load_spec(path, evaluators={"trip_kan_shanghai": object()})
    assert load_spec(path, evaluators=None if _no_evaluators() else {"no_such_thing": 1}).evaluator


def _no_evaluators() -> bool:
    try:
        importlib.import_module("desktop_app.core.evaluators")
    except ModuleNotFoundError:
        return True
    return False


def test_bad_json_names_the_line(tmp_path):
    text = '{\n  "code": "T-1",\n  "title": "x",,\n  "kind": "record"\n}\n'
    with pytest.raises(SpecError, match=r"^bad\.json: line 3 column \d+: bad JSON"):
        load_spec(write(tmp_path, text), evaluators={})


def test_duplicate_codes_across_files(tmp_path):
    write(tmp_path, BASE, "a.json")
    write(tmp_path, BASE, "b.json")
    with pytest.raises(SpecError, match=r"^b\.json: code: duplicate code 'T-1' \(also in a\.json\)"):
        load_specs(tmp_path, evaluators={})


def test_roster_form_must_name_a_roster(tmp_path):
    write(tmp_path, broken(lambda d: d.update(roster_form="2-3-6")), "T-1.json")
    with pytest.raises(SpecError, match=r"^T-1\.json: roster_form: '2-3-6' is not a roster spec"):
        load_specs(tmp_path, evaluators={})


def test_broken_roster_columns(tmp_path):
    roster = {
        "code": "R-1", "title": "名册", "kind": "roster",
        "roster": {"columns": [
            {"key": "name", "label": "姓名", "type": "text"},
            {"key": "married", "label": "婚否", "type": "text", "split": True},
        ]},
    }
    with pytest.raises(SpecError, match=r"^bad\.json: roster\.columns\[1\]\.split: split needs a choice"):
        load_spec(write(tmp_path, roster), evaluators={})
    roster["roster"]["columns"][1] = {"key": "alias", "label": "名字", "type": "text", "synonyms": ["姓名"]}
    with pytest.raises(SpecError, match=r"^bad\.json: roster\.columns\[1\]: header '姓名' also names column"):
        load_spec(write(tmp_path, roster), evaluators={})


# ---------------------------------------------------------------------------------------------
# Values


def test_validate_values_required_and_types(specs):
    s = specs["2-3-2"]
    findings = validate_values(s, {})
    assert findings and all(f.rule == "R-FORM-1" and f.is_error for f in findings)
    assert {f.fields[0] for f in findings} == {
        "unit_name", "contact", "contact_phone", "headcount", "check_date", "check_place", "ownership", "plan"}
    assert any("「体检单位名称」为必填项" in f.message for f in findings)

    good = {
        "unit_name": "青浦某某有限公司", "contact": "张三", "unit_address": "青浦区公园路 1 号",
        "contact_phone": "021-59729571", "headcount": 65, "check_date": "2023-06-15",
        "check_place": "上海美馨健康体检中心有限公司", "ownership": "private", "plan": "B",
        "male_count": "40", "female_count": 25, "fill_date": "2023-05-20", "price_total": "33270.00",
    }
    assert validate_values(s, good) == []

    bad = dict(good, headcount="六十五", check_date="2023-02-30", ownership="state", plan="D",
               contact_phone="12345", male_count=True)
    by_field = {f.fields[0]: f for f in validate_values(s, bad)}
    assert set(by_field) == {"headcount", "check_date", "ownership", "plan", "contact_phone", "male_count"}
    assert by_field["contact_phone"].rule == "R-PHONE-1"
    assert "私营企业" in by_field["ownership"].message


def test_validate_values_month_day_money_ids(specs):
    s = specs["2-1-1"]
    base = {"unit_name": "甲", "leader_name": "乙", "leader_phone": "13812345678", "start_month_day": "05-01",
            "end_month_day": "05-02", "headcount": 30, "route": "线路", "travel_agency": "社",
            "trip_kind": "2d1n", "total_cost": "21600.00", "meal_cost": "8000"}
    assert validate_values(s, base) == []
    assert validate_values(s, dict(base, end_month_day="02-29")) == []
    for bad_md in ("02-30", "13-01", "5-1", "0501"):
        (f,) = validate_values(s, dict(base, end_month_day=bad_md))
        assert f.fields == ("end_month_day",) and "月日" in f.message
    for bad_money in ("12.345", "abc", -5, 1.5):
        (f,) = validate_values(s, dict(base, total_cost=bad_money))
        assert f.fields == ("total_cost",)
    js = specs["JS-8"]
    person = {"name": "李四", "gender": "女", "id_number": "31011819890517002X", "work_unit": "某快递公司",
              "phone": "13812345678", "group": "快递员", "is_member": "no", "voluntary_join": True,
              "extra_items": ["两癌筛查（乳腺癌、宫颈癌）", "膝关节正侧位 X 光片"]}
    assert validate_values(js, person) == []
    found = validate_values(js, dict(person, id_number="310118198905170021", extra_items=["x"], gender="F"))
    rules = {f.fields[0]: f.rule for f in found}
    assert rules == {"id_number": "R-ID-1", "extra_items": "R-FORM-1", "gender": "R-FORM-1"}
    assert has_errors(found)


def test_validate_row_for_roster(specs):
    s = specs["2-3-6"]
    row = {"seq": 1, "unit": "某公司", "name": "王五", "gender": "男", "married": "已婚", "age": 43,
           "id_number": "440306198002290519"}
    assert validate_row(s, row) == []
    found = validate_row(s, dict(row, name="", married="离异", id_number="440306198102290516"))
    assert {f.fields[0] for f in found} == {"name", "married", "id_number"}


def test_coerce_value():
    md = FieldSpec("d", "起止时间（起）", "month_day")
    assert coerce_value(md, "5月1日") == "05-01" and coerce_value(md, "05-01") == "05-01"
    with pytest.raises(CoerceError, match="月日"):
        coerce_value(md, "2月30日")
    assert coerce_value(FieldSpec("n", "人数", "int"), " ３０ ") == 30
    assert coerce_value(FieldSpec("n", "人数", "int"), 30.0) == 30
    assert coerce_value(FieldSpec("n", "人数", "int"), "") is None
    with pytest.raises(CoerceError, match="「人数」应为整数"):
        coerce_value(FieldSpec("n", "人数", "int"), "三十")
    money = FieldSpec("m", "总费用", "money")
    assert coerce_value(money, "1,234.5") == "1234.50"
    assert coerce_value(money, "￥720") == "720.00"
    with pytest.raises(CoerceError):
        coerce_value(money, "12.345")
    date = FieldSpec("d", "填表日期", "date")
    for text in ("2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日", "20230501"):
        assert coerce_value(date, text) == "2023-05-01"
    with pytest.raises(CoerceError):
        coerce_value(date, "2023-02-29")
    choice = FieldSpec("o", "单位所有制形式", "choice",
                       options=(Option("private", "私营企业"), Option("other", "其他企业")))
    assert coerce_value(choice, "私营企业") == "private" and coerce_value(choice, "☑其他企业") == "other"
    with pytest.raises(CoerceError, match="私营企业、其他企业"):
        coerce_value(choice, "国有企业")
    plan = FieldSpec("p", "疗休养计划", "choice", options=(Option("1", "1 长三角区域"),))
    assert coerce_value(plan, "长三角区域") == "1"
    multi = FieldSpec("m", "申请材料", "multi_choice",
                      options=(Option("a", "术前报告"), Option("b", "病理报告")))
    assert coerce_value(multi, "术前报告、病理报告，术前报告") == ["a", "b"]
    assert coerce_value(FieldSpec("g", "性别", "gender"), "女") == "女"
    assert coerce_value(FieldSpec("b", "自愿入会", "bool"), "是") is True
    assert coerce_value(FieldSpec("b", "自愿入会", "bool"), "") is False
    ident = FieldSpec("i", "身份证号码", "id_number")
    assert coerce_value(ident, " 31011８1989０517002x ") == "31011819890517002X"
    with pytest.raises(CoerceError, match="R-ID-3"):
        coerce_value(ident, 3.10118198905170e17)
    assert coerce_value(FieldSpec("p", "手机", "mobile"), "+86 138-1234-5678") == "13812345678"


# ---------------------------------------------------------------------------------------------
# CLI shape


def test_forms_as_json_shape(specs):
    data = forms_as_json(specs)
    json.dumps(data, ensure_ascii=False)  # plain data
    assert [d["code"] for d in data] == list(specs)
    by_code = {d["code"]: d for d in data}
    hc = by_code["2-3-2"]
    assert hc["title"] == "{year} 年青浦工会企业职工健康体检行动补贴申请表"
    assert hc["title_example"] == "2023 年青浦工会企业职工健康体检行动补贴申请表"
    assert hc["kind"] == "application"
    first = hc["fields"][0]
    assert {"key", "label", "type", "required"} <= set(first) and "options" not in first
    assert first["label"] == "体检单位名称"
    ownership = next(f for f in hc["fields"] if f["key"] == "ownership")
    assert ownership["options"][0] == {"value": "private", "label": "私营企业"}
    assert "roster_columns" not in hc
    roster = by_code["2-3-6"]["roster_columns"]
    assert [c["label"] for c in roster][:7] == ["序号", "单位", "姓名", "性别", "婚否", "年龄", "身份证号码"]
    assert next(c for c in roster if c["key"] == "married")["options"] == [
        {"value": "已婚", "label": "已婚"}, {"value": "未婚", "label": "未婚"}]
    trip = next(f for f in by_code["2-1-1"]["fields"] if f["key"] == "total_cost")
    assert trip["print"] is False


SUBSIDY_FIELDS = {"2-1-1": "district_subsidy", "2-1-2": "district_subsidy_total", "2-3-2": "subsidy_total",
                  "2-3-3": "district_total", "2-3-4": "subsidy_total", "JS-8": "subsidy_total", "WISH": "amount",
                  "ILL": "amount", "POINT": "subsidy_total", "LR": "staff_subsidy"}


def test_specs_name_their_subsidy_field(specs):
    """The record's committed subsidy is the computed key the spec names (no per-evaluator table
    in the services); it is one of the keys its evaluator computes."""
    from desktop_app.core.evaluators import EVALUATOR_COMPUTED, computed_types

    named = {code: spec.subsidy_field for code, spec in specs.items() if spec.subsidy_field}
    assert named == SUBSIDY_FIELDS
    for code, key in named.items():
        assert key in EVALUATOR_COMPUTED[specs[code].evaluator], code
        assert computed_types(specs[code].evaluator)[key].name == "money", code  # fen, read as such


def test_subsidy_of_reads_the_named_field(specs):
    from desktop_app.core.findings import Evaluation
    from desktop_app.services.records import subsidy_of

    ev = Evaluation(computed={"district_subsidy": 123_450, "subsidy_total": 900})  # fen
    assert subsidy_of(specs["2-1-1"], ev) == 123_450
    assert subsidy_of(specs["2-3-2"], ev) == 900
    assert subsidy_of(specs["2-1-3"], ev) == 0  # a survey carries no subsidy
    assert subsidy_of(specs["2-1-1"], Evaluation(computed={"district_subsidy": None})) == 0  # not yet computable
    with pytest.raises(TypeError):  # formatted text is for records and packages, not for counting
        subsidy_of(specs["2-1-1"], Evaluation(computed={"district_subsidy": "1,234.50"}))


def test_specs_name_the_field_that_dates_a_record(specs):
    named = {code: spec.record_date_field for code, spec in specs.items() if spec.record_date_field}
    assert named == {"2-1-1": "fill_date", "2-1-2": "fill_date", "2-1-3": "fill_date", "2-3-2": "fill_date",
                     "2-3-5": "fill_date", "2-8": "apply_date", "ILL": "apply_date", "INS": "submit_date",
                     "JS-8": "fill_date", "LR": "visit_date"}
    from desktop_app.services.records import _record_date

    assert _record_date(specs["LR"], {"visit_date": "2023-06-01", "fill_date": "2023-01-01"}) == __import__(
        "datetime").date(2023, 6, 1)
    assert _record_date(specs["POINT"], {"fill_date": "2023-01-01"}) is None
