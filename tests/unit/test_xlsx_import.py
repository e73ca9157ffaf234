"""Roster import service: detect → dry run → commit, with messy enterprise workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.services.errors import ServiceError
from desktop_app.services.people import count_people, find_by_id_number, upsert_person
from desktop_app.services.records import RecordInput, get_record, save_record
from desktop_app.services.errors import Cancelled
from desktop_app.services.roster_import import ImportRefused, commit, detect, dry_run
from desktop_app.store.models import AuditLog, ImportMapping
from tests.unit import xlsx_factory as xf

TODAY = dt.date(2023, 6, 1)
ID_A = xf.id_ending_x("19900101")  # male, check character X
ID_B = xf.make_id("19850620", 22, "440306")  # female
ID_OLD = xf.make_id("19600101", 33)  # male, 63 in 2023


def preview_of(app, path: Path, form: str = "2-3-6", **kw):  # type: ignore[no-untyped-def]
    with app.session() as s:
        plan = detect(path, form, specs=app.specs, session=s)
        return dry_run(s, plan, specs=app.specs, today=TODAY, **kw)


def import_file(app, path: Path, form: str = "2-3-6", valid_only: bool = False, **kw):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        plan = detect(path, form, specs=app.specs, session=s)
        preview = dry_run(s, plan, specs=app.specs, today=TODAY, **kw)
        return preview, commit(s, preview, valid_only=valid_only, specs=app.specs)


def people(app) -> int:  # type: ignore[no-untyped-def]
    with app.session() as s:
        return count_people(s)


def triples(preview) -> set[tuple[int, str | None, str]]:  # type: ignore[no-untyped-def]
    return {(f.row, f.column, f.rule) for f in preview.findings}


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    """Title row 1, header rows 2–3 (婚否 over 已婚/未婚), data from row 4."""
    return xf.roster_236(tmp_path / "messy.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, "13812345678"),            # row 4 ok
        xf.person(2, "李四", "男", "未婚", 43, xf.ID_M, "+86 139-1234-5678"),       # row 5 ok
        xf.person(3, "王五", "男", "已婚", 33, 110105194912310016),                 # row 6 R-ID-3
        [None] * 9,                                                                 # row 7 blank
        xf.person(5, "赵六", "男", "已婚", 33, " " + ID_A.lower() + " "),        # row 8 lower-case x
        xf.person(6, "孙七", "女", "未婚", 37, "４４０３０６１９８５０６２０" + ID_B[14:].lower()),  # row 9 full-width
        xf.person(7, "周八", "女", "已婚", 34, xf.ID_F),                            # row 10 dup of row 4
        xf.person(8, "吴九", "女", "已婚", 30, "440306198102290516"),               # row 11 R-ID-4 date
        xf.person(9, "郑十", "女", None, 33, ID_A),                                  # row 12 dup + gender
        [None, None, None, None, None, None, None, None, None],                     # row 13 blank
        ["注：1.此表由体检单位填写。"],                                             # row 14 note
    ])


def test_dry_run_rows_rules_and_counts(app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    p = preview_of(app, messy)
    assert p.plan.header_rows == [2, 3] and p.plan.first_data_row == 4
    assert p.counts == {"rows": 8, "added": 4, "updated": 0, "unchanged": 0, "rejected": 4}
    assert p.skipped == {"blank": 2, "note": 1, "header": 0}
    got = triples(p)
    assert (6, "身份证号码", "R-ID-3") in got
    assert (10, "身份证号码", "R-ID-5") in got
    assert (11, "身份证号码", "R-ID-4") in got
    assert (12, "性别", "R-ID-4") in got and (12, "身份证号码", "R-ID-5") in got
    dup = next(f for f in p.findings if f.row == 10 and f.rule == "R-ID-5")
    assert "与第 4 行重复" in dup.message
    by_row = {r.row: r for r in p.rows}
    assert by_row[8].id_number == ID_A  # lower-case x / plain digits
    assert by_row[9].id_number == ID_B  # full-width digits and x normalised (R-ID-2)
    assert by_row[5].values["phone"] == "13912345678"
    assert by_row[4].values == {"unit": "青浦甲公司", "name": "张三", "gender": "女", "married": "已婚",
                                "age": 34, "id_number": xf.ID_F, "phone": "13812345678"}
    assert {r.row for r in p.rows if r.action == "rejected"} == {6, 10, 11, 12}
    assert people(app) == 0  # a dry run writes nothing


def test_all_or_nothing_refuses_and_changes_nothing(app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    before = people(app)
    with pytest.raises(ImportRefused, match="未导入任何数据"):
        import_file(app, messy)
    assert people(app) == before == 0
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportMapping)) == 0


def test_valid_only_then_reimport_is_unchanged(app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    preview, summary = import_file(app, messy, valid_only=True)
    assert (summary.added, summary.rejected) == (4, 4)
    assert people(app) == 4
    with app.session() as s:
        p = find_by_id_number(s, xf.ID_F)
        assert (p.name, p.work_unit, p.phone, p.gender) == ("张三", "青浦甲公司", "13812345678", "女")
        logs = s.scalars(select(AuditLog).where(AuditLog.action == "import")).all()
        assert len(logs) == 1 and logs[0].new["added"] == 4  # one summary row, not one per person
    again = preview_of(app, messy)
    assert again.counts == {"rows": 8, "added": 0, "updated": 0, "unchanged": 4, "rejected": 4}
    _, second = import_file(app, messy, valid_only=True)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 4)
    assert people(app) == 4


def test_existing_person_is_updated(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        upsert_person(s, xf.ID_F, {"name": "张三", "work_unit": "旧单位"})
        upsert_person(s, xf.ID_M, {"name": "李四", "work_unit": "青浦甲公司"})
    path = xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "李四", "男", "未婚", 43, xf.ID_M),
        xf.person(3, "王五", "男", "未婚", 33, ID_A),
    ])
    p = preview_of(app, path)
    assert [r.action for r in p.rows] == ["updated", "unchanged", "added"]
    assert p.rows[0].changes == {"work_unit": ("旧单位", "青浦甲公司")}
    import_file(app, path)
    with app.session() as s:
        assert find_by_id_number(s, xf.ID_F).work_unit == "青浦甲公司"
        updates = s.scalars(select(AuditLog).where(AuditLog.action == "update", AuditLog.entity == "person")).all()
        assert len(updates) == 1 and updates[0].old == {"work_unit": "旧单位"}
    assert people(app) == 3


def _record(app, rows: list[dict], unit: str = "甲公司") -> int:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        res = save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                          data=RecordInput(roster=rows, unit_name=unit), draft=True)
        return res.record.id


def test_import_into_record_merges_and_reimports_unchanged(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rid = _record(app, [{"name": "钱一", "id_number": ID_B, "gender": "女", "married": "已婚", "unit": "甲公司"}])
    path = xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "钱一", "女", "未婚", 37, ID_B, unit="甲公司"),
    ])
    p, summary = import_file(app, path, record_id=rid)
    assert [r.action for r in p.rows] == ["added", "updated"]
    assert summary.record_id == rid
    with app.session() as s:
        rec = get_record(s, rid)
        names = [e.person.name for e in rec.entries]
        assert names == ["钱一", "张三"]  # the record's own row kept, the new one appended
        assert rec.entries[0].data["married"] == "未婚" and rec.unit_name == "甲公司"
    assert preview_of(app, path, record_id=rid).counts["unchanged"] == 2


def test_same_person_on_another_record_of_the_project(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = _record(app, [{"name": "张三", "id_number": xf.ID_F, "gender": "女"}], unit="乙公司")
    mine = _record(app, [{"name": "李四", "id_number": xf.ID_M, "gender": "男"}])
    path = xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "王五", "男", "未婚", 33, ID_A),
    ])
    p = preview_of(app, path, record_id=mine)
    f = next(f for f in p.findings if f.rule == "R-ID-5")
    assert (f.row, f.column) == (4, "身份证号码") and f"记录 {other}" in f.message and "乙公司" in f.message
    assert [r.action for r in p.rows] == ["rejected", "added"]
    assert preview_of(app, path).count("rejected") == 0  # registry only: no project conflict


def test_xls_file(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.xls_roster(tmp_path / "old.xls", [
        [1, "甲公司", "张三", "女", "已婚", 34, xf.ID_F, "13812345678"],
        [2, "甲公司", "李四", "男", "未婚", 43, 440306198002290519.0, None],
        [3, "甲公司", "王五", "男", "是", 33, ID_A.lower(), 13912345678],
    ])
    p = preview_of(app, path)
    assert p.plan.file_kind == "xls" and p.plan.header_rows == [2]
    assert triples(p) == {(4, "公民身份号码", "R-ID-3")}
    assert p.rows[2].values["married"] == "已婚" and p.rows[2].values["phone"] == "13912345678"
    _, summary = import_file(app, path, valid_only=True)
    assert summary.added == 2


def test_warnings_do_not_reject_and_legacy_numbers(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 50, xf.ID_F),          # age wrong: warning only
        xf.person(2, "老王", "女", "已婚", 34, "310118890517002"),  # 15 digits → upgraded
    ])
    p = preview_of(app, path)
    assert [(f.row, f.rule, f.severity) for f in p.findings] == [
        (4, "R-ID-4", "warning"), (5, "R-ID-2", "warning"), (5, "R-ID-5", "error")]
    assert p.rows[1].id_number == xf.ID_F


def test_not_a_roster_and_hostile_files(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    budget = xf.simple_sheet(tmp_path / "budget.xlsx", [["项目", "金额"], ["餐费", 8000]])
    with pytest.raises(ImportRefused, match="没有找到可识别的名册表头"):
        preview_of(app, budget)
    with pytest.raises(ImportRefused, match="压缩炸弹"):
        preview_of(app, xf.zip_bomb(tmp_path / "bomb.xlsx", megabytes=40))
    with pytest.raises(ImportRefused, match="已加密"):
        preview_of(app, xf.ole_file(tmp_path / "enc.xlsx", {"EncryptedPackage": b"\0" * 8}))
    (tmp_path / "cut.xlsx").write_bytes(xf.roster_236(tmp_path / "ok.xlsx", []).read_bytes()[:900])
    with pytest.raises(ImportRefused, match="损坏"):
        preview_of(app, tmp_path / "cut.xlsx")
    assert people(app) == 0


def test_unknown_header_mapping_is_remembered(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["人员名称", "身份证件号", "性别"], ["张三", xf.ID_F, "女"]]
    first = xf.simple_sheet(tmp_path / "a.xlsx", rows)
    with app.session() as s, pytest.raises(ImportRefused, match="没有找到可识别的名册表头"):
        detect(first, "2-3-6", specs=app.specs, session=s)
    with app.transaction() as s:
        plan = detect(first, "2-3-6", specs=app.specs, session=s, header_row=1)
        with pytest.raises(ImportRefused, match="缺少必需的列"):
            dry_run(s, plan, specs=app.specs, today=TODAY)
        plan.set_target(0, "name")
        plan.set_target(1, "id_number")
        preview = dry_run(s, plan, specs=app.specs, today=TODAY)
        commit(s, preview, specs=app.specs)
    second = xf.simple_sheet(tmp_path / "b.xlsx", [["某公司名单"], rows[0], ["李四", xf.ID_M, "男"]])
    with app.session() as s:  # found by its remembered layout, under a title row this time
        plan = detect(second, "2-3-6", specs=app.specs, session=s)
        assert plan.remembered and plan.mapping == {0: "name", 1: "id_number", 2: "gender"}
        assert plan.header_rows == [2]
        assert dry_run(s, plan, specs=app.specs, today=TODAY).counts["added"] == 1


def test_progress_can_cancel(app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(fraction)
        return fraction < 0.5

    with app.session() as s:
        plan = detect(messy, "2-3-6", specs=app.specs, session=s, progress=progress)
        with pytest.raises(Cancelled):
            dry_run(s, plan, specs=app.specs, progress=progress)
    assert seen and all(0 <= f <= 1 for f in seen)
    assert isinstance(Cancelled(), ServiceError)


def test_insurance_roster_eligibility(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.simple_sheet(tmp_path / "ins.xlsx", [
        ["2023 年互助保障参保名单"],
        ["姓名", "身份证号", "手机号码", "行业", "保障计划", "参保方式"],
        ["张三", ID_A, "13812345678", "快递物流", "E 类", "团体集中参保"],
        ["老王", ID_OLD, "13812345679", "网约送餐", "C", "团体集中参保"],
        ["李四", xf.ID_M, "13812345670", "程序员", "D 类", "个人参保"],
    ])
    p = preview_of(app, path, form="INS", project_code="QP2023-02")
    assert [r.action for r in p.rows] == ["added", "rejected", "rejected"]
    assert (4, "身份证号", "R-INS-1") in triples(p)
    assert (5, "行业", "R-FORM-1") in triples(p)
    _, summary = import_file(app, path, form="INS", valid_only=True, project_code="QP2023-02")
    with app.session() as s:
        p = find_by_id_number(s, ID_A)
        assert (p.industry, p.phone) == ("快递物流", "13812345678")


def test_roster_without_people_needs_a_record(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.simple_sheet(tmp_path / "gift.xlsx", [
        ["接收单位", "份数", "发放方式"], ["甲公司工会", 30, "线下发放"], ["乙公司工会", 12, "线上抢春联"]])
    with pytest.raises(ImportRefused, match="只能导入到一条记录"):
        preview_of(app, path, form="GIFT-LIST")
    with app.transaction() as s:
        rid = save_record(s, app.specs, project_code="QP2023-09", form_code="GIFT",
                          data=RecordInput(values={"batch_name": "第一批"}), draft=True).record.id
    p, summary = import_file(app, path, form="GIFT-LIST", record_id=rid)
    assert summary.added == 2
    assert preview_of(app, path, form="GIFT-LIST", record_id=rid).counts["unchanged"] == 2
    assert people(app) == 0


def test_bulk_inserted_people_read_back_like_orm_ones(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.simple_sheet(tmp_path / "js8.xlsx", [
        ["姓名", "性别", "身份证号码", "工作单位", "联系电话", "群体", "是否工会会员"],
        ["张三", "女", xf.ID_F, "快递公司", "021-59729571", "快递员", "是"],
    ])
    import_file(app, path, form="JS-8")
    with app.session() as s:
        p = find_by_id_number(s, xf.ID_F)
        assert p.birth_date == dt.date(1989, 5, 17) and p.gender == "女"
        assert p.is_member is True and p.phone == "021-59729571" and p.work_unit == "快递公司"
        assert isinstance(p.created_at, dt.datetime) and p.revision == 1


def test_importable_forms(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.roster_import import importable_forms

    forms = dict(importable_forms(app.specs))
    assert forms["2-3-6"] == "青浦工会各类职工健康体检名册"
    assert {"INS", "JS-8", "GIFT-LIST"} <= set(forms) and "2-1-1" not in forms


def test_unit_merged_over_its_people(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """单位 merged down over several rows belongs to each of them; marks land on the merge."""
    import openpyxl

    from desktop_app.services.roster_import import write_error_report

    path = xf.roster_236(tmp_path / "m.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, unit="合并公司"),
        xf.person(2, "李四", "男", "未婚", 43, xf.ID_M, unit=None),  # type: ignore[arg-type]
        xf.person(3, "王五", "男", "未婚", 33, ID_A, unit=None),  # type: ignore[arg-type]
    ])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("B4:B6")
    wb.active.merge_cells("G5:G6")  # a stated age merged over two people: 43 for 王五 is wrong
    wb.save(path)
    p = preview_of(app, path)
    assert [r.values.get("unit") for r in p.rows] == ["合并公司"] * 3
    assert [r.values.get("age") for r in p.rows] == [34, 43, 43]
    out = write_error_report(p, tmp_path / "back.xlsx")
    ws = openpyxl.load_workbook(out)["体检名册"]
    assert "R-ID-4" in ws["G5"].comment.text and "R-ID-4" in ws["J6"].value


def test_plan_for_the_wizard(app, messy: Path) -> None:  # type: ignore[no-untyped-def]
    with app.session() as s:
        plan = detect(messy, "2-3-6", specs=app.specs, session=s)
    assert plan.sheets == ["体检名册"] and plan.sample[0][2] == "张三" and len(plan.sample) == 10
    choices = dict(plan.target_choices())
    assert choices["married=已婚"] == "婚否/已婚" and choices["id_number"] == "身份证号码"
    plan.set_target(8, "name")  # the 手机 column now feeds 姓名: the old 姓名 column is freed
    assert plan.mapping[8] == "name" and 2 not in plan.mapping
    assert plan.to_dict()["columns"][2] == {"column": "C", "header": "姓名", "target": None}
    with pytest.raises(ImportRefused):
        plan.set_target(8, "no_such_column")


def test_remark_rows_and_casual_values(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.simple_sheet(tmp_path / "casual.xlsx", [
        ["XX公司2023年职工体检名单"],
        ["填报单位：XX公司", None, None, "填报日期：2023.5.1"],
        ["编号", "姓 名", "性别", "婚姻状况", "年龄(岁)", "身份证号", "联系电话", "单位"],
        [1, "张三", "女性", "已婚", "34岁", "310118 19890517 002x", "138-1234-5678", "甲"],   # row 4
        [2, "李四", "M", "否", "43", xf.ID_M, "021-59729571", "甲"],                         # row 5
        [3, None, None, None, None, ID_A, None, "注塑厂"],                                   # row 6
        ["合计", None, None, None, None, "共 3 人"],
        ["注：本表由单位填写"],
    ])
    p = preview_of(app, path)
    assert p.skipped["note"] == 2 and [r.row for r in p.rows] == [4, 5, 6]
    assert p.rows[0].values == {"name": "张三", "gender": "女", "married": "已婚", "age": 34, "id_number": xf.ID_F,
                                "phone": "13812345678", "unit": "甲"}
    assert p.rows[1].values["married"] == "未婚" and p.rows[1].values["phone"] == "021-59729571"
    assert triples(p) == {(6, "姓 名", "R-FORM-1")}


def test_commit_after_the_registry_moved_classifies_again(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The wizard's preview and its commit run in separate transactions: a person registered
    in between (another window, an exchange import) is updated, not inserted twice; with
    nothing changed in between, the preview's classification is used as it is."""
    path = xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "王五", "男", "未婚", 33, ID_A),
    ])
    with app.session() as s:
        plan = detect(path, "2-3-6", specs=app.specs, session=s)
        preview = dry_run(s, plan, specs=app.specs, today=TODAY)
    assert [r.action for r in preview.rows] == ["added", "added"] and preview.store_stamp is not None
    with app.transaction() as s:
        upsert_person(s, xf.ID_F, {"name": "张三", "work_unit": "旧单位"})
    with app.transaction() as s:
        summary = commit(s, preview, specs=app.specs)
    assert (summary.added, summary.updated) == (1, 1)
    assert [r.action for r in preview.rows] == ["updated", "added"]
    with app.session() as s:
        assert find_by_id_number(s, xf.ID_F).work_unit == "青浦甲公司"
    assert people(app) == 2
    # unchanged registry: the preview's own classification stands (and is right)
    path2 = xf.roster_236(tmp_path / "r2.xlsx", [xf.person(1, "李四", "男", "未婚", 43, xf.ID_M)])
    with app.session() as s:
        plan = detect(path2, "2-3-6", specs=app.specs, session=s)
        preview = dry_run(s, plan, specs=app.specs, today=TODAY)
    with app.transaction() as s:
        assert commit(s, preview, specs=app.specs).added == 1
    assert people(app) == 3
