"""Deadlines (issue 13) with the seed's dates: every obligation by date, overdue, the .ics file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop_app.core.workdays import add_working_days
from desktop_app.services.deadlines import deadlines, write_ics
from desktop_app.services.records import RecordInput, save_record


def _save(app, project: str, form: str, values: dict, roster: list | None = None, unit: str | None = None) -> int:
    with app.transaction() as s:
        r = save_record(s, app.specs, project_code=project, form_code=form,
                        data=RecordInput(values=values, roster=roster or [], unit_name=unit), draft=True)
        return r.record.id


@pytest.fixture()
def seeded(town_app):
    ids = {
        "ill": _save(town_app, "QP2023-05", "ILL", {"name": "李娟", "id_number": "31011819890517002X",
                                                     "illness": "malignant_tumour", "diagnosis_date": "2023-08-14"}),
        "ill_done": _save(town_app, "QP2023-05", "ILL", {"name": "王五", "id_number": "440306198002290519",
                                                          "diagnosis_date": "2023-03-02", "apply_date": "2023-05-01"}),
        "ins": _save(town_app, "QP2023-02", "INS", {"name": "赵六", "id_number": "440306198002290519",
                                                     "industry": "快递物流", "plan": "E", "enrol_mode": "individual",
                                                     "pay_date": "2023-01-20", "claim_type": "accidental_disability",
                                                     "accident_date": "2023-03-10"}),
        "trip": _save(town_app, "QP2023-01", "2-1-1", {"unit_name": "甲物流公司", "start_month_day": "10-19",
                                                        "end_month_day": "10-20", "headcount": 30, "trip_kind": "2d1n"},
                      unit="甲物流公司"),
        "lr": _save(town_app, "QP2023-07", "LR", {"enterprise": "乙制造公司", "enterprise_kind": "non_public",
                                                   "visit_date": "2023-06-01", "result": "basic"}),
    }
    return town_app, ids


def _by(items, rule, record=None):
    return [i for i in items if i.rule == rule and (record is None or i.record == record)]


def test_seed_dates(seeded) -> None:
    app, ids = seeded
    with app.session() as s:
        items = deadlines(s, on=dt.date(2023, 7, 1), year=2023)
    assert [i.date for i in items] == sorted(i.date for i in items)
    ill = _by(items, "R-ILL-1")
    assert [(i.date, i.record) for i in ill] == [(dt.date(2024, 6, 30), ids["ill"])]  # applied one: met
    assert "2023-08-14 确诊" in ill[0].title
    ins = _by(items, "R-INS-6", ids["ins"])
    assert [i.date for i in ins] == [dt.date(2023, 9, 6)] and "意外伤残保障金" in ins[0].title
    trip = _by(items, "R-TRIP-4")
    assert (dt.date(2023, 11, 30), None) in [(i.date, i.record) for i in trip]  # activities and subsidies
    survey = [i for i in trip if i.record == ids["trip"]]
    assert [i.date for i in survey] == [dt.date(2023, 10, 27)] and "2-1-3" in survey[0].title
    assert [i.date for i in _by(items, "R-HC-4")] == [dt.date(2023, 12, 10)]
    ins8 = {i.title: i.date for i in _by(items, "R-INS-8") if i.record is None}
    assert ins8["集中参保名单报送截止"] == dt.date(2023, 2, 28)
    assert ins8["集中参保费用划款及凭证上传截止（名单报送后 15 个工作日）"] == dt.date(2023, 3, 21)
    lr = _by(items, "R-LR-1", ids["lr"])
    assert [i.date for i in lr] == [dt.date(2023, 7, 1)]  # 30 days after the 06-01 visit
    assert {i.rule for i in items if i.overdue} == {"R-INS-8"}  # only February's were due before 07-01
    assert all(i.overdue == (i.date < dt.date(2023, 7, 1)) for i in items)
    wish = _by(items, "R-WISH-1")
    assert [i.date for i in wish] == [dt.date(2023, 12, 31)]
    # every POINT record would add its monthly visits; the labour-relations report is monthly
    assert dt.date(2023, 7, 31) in [i.date for i in _by(items, "R-LR-1") if i.record is None]


def test_survey_met_and_follow_up_done(seeded) -> None:
    app, ids = seeded
    _save(app, "QP2023-01", "2-1-3", {"unit_name": "甲物流公司", "provider": "青旅"}, unit="甲物流公司")
    with app.transaction() as s:
        from desktop_app.store.models import Record

        rec = s.get(Record, ids["lr"])
        rec.data = {**rec.data, "follow_up_date": "2023-06-20"}
    with app.session() as s:
        items = deadlines(s, on=dt.date(2023, 7, 1), year=2023)
    assert not [i for i in items if i.record in (ids["trip"], ids["lr"])]


def test_within_and_cli_json(seeded, run_cli) -> None:
    _app, ids = seeded
    code, out, err = run_cli("deadlines", "--on", "2023-09-01", "--within", "10", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert set(rows[0]) >= {"date", "rule", "project", "record", "title", "overdue"}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all(r["overdue"] == (r["date"] < "2023-09-01") for r in rows)
    assert all(r["date"] <= "2023-09-11" for r in rows)
    claim = [r for r in rows if r["rule"] == "R-INS-6"]
    assert claim == [{"date": "2023-09-06", "rule": "R-INS-6", "project": "QP2023-02", "record": ids["ins"],
                      "title": claim[0]["title"], "overdue": False, "note": None,
                      "key": f"R-INS-6|QP2023-02|{ids['ins']}|2023-09-06"}]
    assert "2024-06-30" not in [r["date"] for r in rows]
    code, _out, err = run_cli("deadlines", "--on", "2023-13-01")
    assert code == 2 and "“--on”须为日期" in err


def test_working_days_follow_the_official_calendar() -> None:
    # National Day 2023: 09-29 … 10-06 off, Sat 10-07 and Sun 10-08 are make-up working days.
    assert add_working_days(dt.date(2023, 9, 27), 5) == (dt.date(2023, 10, 10), None)
    # Spring Festival 2024 (02-10 … 02-17 off, Sun 02-04 and Sat 02-18 worked)
    assert add_working_days(dt.date(2024, 2, 8), 2)[0] == dt.date(2024, 2, 18)
    # Beyond the calendar's tables: weekends only, and a note says so
    day, note = add_working_days(dt.date(2099, 2, 27), 15)
    assert day == dt.date(2099, 3, 20) and "2099 年的法定节假日安排尚未收入日历数据" in note


def test_ics_file(seeded, tmp_path) -> None:
    app, _ids = seeded
    with app.session() as s:
        items = deadlines(s, on=dt.date(2023, 7, 1), year=2023)
    path = write_ics(items, tmp_path / "待办")
    assert path.name == "待办.ics"
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == len(items)
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20240630\r\nDTEND;VALUE=DATE:20240701\r\n" in unfolded
    assert "SUMMARY:李娟大病慰问申请截止（2023-08-14 确诊）（R-ILL-1）" in unfolded
    assert len({line for line in unfolded.split("\r\n") if line.startswith("UID:")}) == len(items)


def test_ics_text_escaping_and_folding() -> None:
    from desktop_app.documents.ics import Event, calendar_text, escape_text, fold

    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "工会" * 40
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line and all(len(p.encode()) <= 75 for p in parts)
    text = calendar_text([Event(dt.date(2023, 11, 30), "活动结束")], stamp=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    assert "DTSTAMP:20230101T000000Z" in text


def test_marking_done_takes_an_item_off_and_back(seeded, run_cli) -> None:
    from sqlalchemy import select

    from desktop_app.services.deadlines import mark_done
    from desktop_app.store.models import AuditLog

    app, _ids = seeded
    key = "R-INS-8|QP2023-02||2023-02-28"
    with app.session() as s:
        assert key in [i.key for i in deadlines(s, on=dt.date(2023, 7, 1))]
    code, out, err = run_cli("deadlines", "--on", "2023-07-01", "--year", "2023", "--done", key, "--json")
    assert code == 0, err
    assert key not in [r["key"] for r in json.loads(out)]
    with app.session() as s:
        assert s.scalars(select(AuditLog.new).where(AuditLog.action == "deadline_done")).all() == [{"key": key}]
    code, out, _ = run_cli("deadlines", "--on", "2023-07-01", "--undo", key, "--json")
    assert key in [r["key"] for r in json.loads(out)]
    with app.transaction() as s, pytest.raises(Exception, match="待办编号“乱码”无法识别"):
        mark_done(s, "乱码")
