"""History (issue 12 point 4) and the person file (point 5): the audit log read back one row
per field, oldest first, operator = the OS user; the person's audited edits and the separate
identity-number correction that re-checks R-ID-5."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop_app.services.errors import ValidationFailed
from desktop_app.services.history import LogFilter, audit_log, person_history, record_history
from desktop_app.services.person_file import correct_id_number, person_file, update_person
from desktop_app.services.records import (
    RecordInput,
    get_record,
    save_record,
    set_status,
    void_record,
)
from tests.unit.exchange_helpers import add_record, edit_record

LI, WANG = ("李四", "31011819890517002X"), ("王五", "440306198002290519")
KEYS = {"at", "operator", "action", "field", "old", "new"}


@pytest.fixture(autouse=True)
def _operator(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("getpass.getuser", lambda: "wangfang")  # the Windows user of the seat


def test_record_history_field_by_field(town_app) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI, WANG], ready=False)
    edit_record(town_app, rid, contact="新联系人", check_place="中山医院青浦分院")
    with town_app.transaction() as s:
        set_status(s, rid, "ready")
        void_record(s, rid, "企业取消")
    with town_app.session() as s:
        rows = record_history(s, rid)
    assert all(set(r) == KEYS for r in rows) and {r["operator"] for r in rows} == {"wangfang"}
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)  # oldest first
    dt.datetime.fromisoformat(rows[0]["at"])
    assert rows[0]["action"] == "create"
    changed = {(r["field"], r["old"], r["new"]) for r in rows if r["action"] == "update"}
    assert ("contact", "张三", "新联系人") in changed
    assert ("check_place", "青浦区体检中心", "中山医院青浦分院") in changed
    statuses = [(r["old"], r["new"]) for r in rows if r["action"] == "status" and r["field"] == "status"]
    assert statuses == [("draft", "ready")]
    voids = {r["field"]: (r["old"], r["new"]) for r in rows if r["action"] == "void"}
    assert voids["status"] == ("ready", "voided") and voids["reason"] == (None, "企业取消")
    # a roster is summarised, never copied (identity numbers)
    created = {r["field"]: r["new"] for r in rows if r["action"] == "create"}
    assert created["roster"] == "2 行" and "31011819890517002X" not in json.dumps(rows, ensure_ascii=False)


def test_history_of_an_identity_number_field_is_masked(town_app) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.pdf_samples import sample_values

    values = dict(sample_values(town_app.specs["ILL"]), id_number=WANG[1])
    with town_app.transaction() as s:
        rid = save_record(s, town_app.specs, project_code="QP2023-05", form_code="ILL",
                          data=RecordInput(values, []), draft=True).record.id
    with town_app.session() as s:
        rows = record_history(s, rid)
    [idn] = [r for r in rows if r["field"] == "id_number"]
    assert idn["new"] == "440306********0519"
    assert not [r for r in rows if str(r["field"]).endswith("_hmac")]


def test_person_edit_and_id_correction_audited(town_app) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI, WANG])
    with town_app.session() as s:
        from desktop_app.services.history import find_person

        li = find_person(s, LI[1]).id
        wang = find_person(s, " 440306198002290519 ").id
    with town_app.transaction() as s:
        update_person(s, li, {"phone": "139 1234 5678", "work_unit": "甲物流公司青浦分部", "is_member": "是"})
        with pytest.raises(ValidationFailed, match="更正身份证号码"):
            update_person(s, li, {"id_number": "110105194912310021"})
        with pytest.raises(ValidationFailed, match="姓名不能为空"):
            update_person(s, li, {"name": " "})
        with pytest.raises(ValidationFailed, match="电话"):
            update_person(s, li, {"phone": "12345"})
        # R-ID-5: the number of somebody else here is refused
        with pytest.raises(ValidationFailed, match="R-ID-5"):
            correct_id_number(s, li, WANG[1], "录错")
        with pytest.raises(ValidationFailed, match="无效"):
            correct_id_number(s, li, "310118198905170021", "录错")  # wrong check character
        p = correct_id_number(s, li, "11010519491231002X", "登记时录错")
        assert (p.id_number, p.gender, p.birth_date) == ("11010519491231002X", "女", dt.date(1949, 12, 31))
    with town_app.session() as s:
        rows = person_history(s, "11010519491231002X")
        info = person_file(s, li)
    fields = [(r["action"], r["field"], r["old"], r["new"]) for r in rows]
    assert ("update", "phone", "139****0000", "139****5678") in fields
    assert ("update", "work_unit", None, "甲物流公司青浦分部") in fields or any(
        f[1] == "work_unit" and f[3] == "甲物流公司青浦分部" for f in fields)
    assert ("correct_id", "id_number", "310118********002X", "110105********002X") in fields
    assert info["id_number"] == "110105********002X" and info["phone"] == "139****5678"
    assert [r["record_id"] for r in info["records"]] == [rid] and info["records"][0]["via"] == "roster"
    assert info["subsidy_fen"] == (lambda fen: fen // 2)(_subsidy(town_app, rid))
    assert wang != li


def _subsidy(app, rid: int) -> int:  # type: ignore[no-untyped-def]
    with app.session() as s:
        return get_record(s, rid).subsidy_fen


def test_audit_log_filters(town_app) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI])
    other = add_record(town_app, "乙公司", [WANG], ready=False)
    with town_app.transaction() as s:
        void_record(s, other, "重复")
    with town_app.session() as s:
        everything = audit_log(s)
        assert everything[0]["action"] == "void" and everything[0]["action_label"] == "作废"  # newest first
        only = audit_log(s, LogFilter(record_id=rid))
        assert {r["entity_id"] for r in only} == {rid} and {r["entity"] for r in only} == {"record"}
        assert [r["action"] for r in audit_log(s, LogFilter(action="void"))] == ["void"]
        assert audit_log(s, LogFilter(operator="nobody")) == []
        today = dt.date.today()
        assert len(audit_log(s, LogFilter(date_from=today, date_to=today))) == len(everything)
        assert audit_log(s, LogFilter(date_to=today - dt.timedelta(days=2))) == []
        assert everything[0]["summary"] == "状态：草稿 → 已作废；原因：（空） → 重复"


def test_cli_history_and_people(town_app, run_cli) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI, WANG])
    code, out, err = run_cli("history", "record", str(rid), "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(set(r) == KEYS for r in rows) and rows[0]["action"] == "create"
    assert rows[-1]["action"] == "status" and rows[-1]["operator"] == "wangfang"
    code, out, err = run_cli("history", "record", str(rid))
    assert code == 0 and "新建" in out and "改状态" in out
    code, out, err = run_cli("history", "record", "424242", "--json")
    assert code == 2 and "找不到编号为 424242 的记录" in err
    code, out, err = run_cli("people", "update", LI[1], "--set", "phone=13912345678", "--json")
    assert code == 0, err
    code, out, err = run_cli("history", "person", LI[1], "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["action"], r["field"], r["new"]) for r in rows if r["action"] == "update"] == [
        ("update", "phone", "139****5678")]
    code, out, err = run_cli("people", "correct-id", LI[1], WANG[1], "--reason", "录错")
    assert code == 2 and "R-ID-5" in err
    code, out, err = run_cli("people", "show", LI[1], "--json")
    info = json.loads(out)
    assert info["id_number"] == "310118********002X" and info["records"][0]["record_id"] == rid
    code, out, err = run_cli("history", "person", "110105194912310021", "--json")
    assert code == 2 and "人员库中没有" in err
