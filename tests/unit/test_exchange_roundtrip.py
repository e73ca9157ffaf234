"""Town → district → receipt → return, with two towns; re-import, order, refusals, dry run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop_app.documents import package_format as pf
from desktop_app.services import exchange as ex
from desktop_app.services.district import decide
from desktop_app.services.errors import ServiceError
from desktop_app.services.exchange_common import ExchangeRefused
from tests.unit.exchange_helpers import (
    SECRET,
    TOWN_KEYS,
    add_record,
    counts,
    district_id,
    edit_record,
    enrol,
    key_of,
    make_id,
    open_office,
    status_of,
    uid_of,
)

ZJJ_KEY = TOWN_KEYS["ZJJ"]
LI, WANG, ZHAO = ("李四", "31011819890517002X"), ("王五", "440306198002290519"), ("赵六", make_id(7))


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)  # test-only cost; the real default is stored per file


@pytest.fixture()
def offices(tmp_path: Path):  # type: ignore[no-untyped-def]
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    xj = open_office(tmp_path, "XJ", "徐泾镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会")
    enrol(qp, "XJ", "徐泾镇总工会")
    usb = tmp_path / "usb"
    usb.mkdir()
    yield zjj, xj, qp, usb
    for a in (zjj, xj, qp):
        a.close()


def export(app, usb, **kw):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.export_package(s, usb, key_of(app), **kw)


def import_(app, path, dry_run=False, secret=SECRET):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.import_package(s, path, secret, dry_run=dry_run)


def test_round_trip_two_towns(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, usb = offices
    z1 = add_record(zjj, "甲物流公司", [LI, WANG])
    z2 = add_record(zjj, "丙快递公司", [ZHAO])
    add_record(zjj, "草稿公司", [("钱七", make_id(8))], ready=False)  # drafts stay at home
    x1 = add_record(xj, "乙配送公司", [LI])  # 李四 on two towns' health-check rosters (R-ID-5)
    ez, ex_ = export(zjj, usb), export(xj, usb)
    info = ex.describe_package(ez.path)  # what the GUI lists before asking for the passphrase
    assert (info["kind"], info["sender"], info["receiver"], info["sequence"]) == ("data", "ZJJ", "QP", 1)
    assert (ez.records, ez.people, ez.sequence) == (2, 3, 1)
    assert ez.path.name.startswith("朱家角镇总工会_ZJJ_至_QP_") and ez.path.name.endswith("_第0001号.ulpkg")
    assert sorted(p.name for p in usb.iterdir()) == sorted([ez.file_name, ex_.file_name])  # no temp left

    before = counts(qp)
    dry = import_(qp, ez.path, dry_run=True)
    assert (dry.records.new, dry.people.new, dry.dry_run) == (2, 3, True)
    assert counts(qp) == before

    sz = import_(qp, ez.path)
    assert (sz.records.new, sz.people.new, sz.rejected, sz.conflicts) == (2, 3, 0, [])
    sx = import_(qp, ex_.path)
    assert (sx.records.new, sx.people.new, sx.people.unchanged) == (1, 0, 1)
    [conflict] = sx.conflicts
    assert conflict["id_number"] == "310118********002X" and conflict["project"] == "QP2023-03"
    assert {r["town"] for r in conflict["records"]} == {"ZJJ", "XJ"}
    msg = conflict["message"]
    assert msg.startswith("身份证号 310118********002X（李四）同时出现在徐泾镇总工会（记录 ")
    assert "和朱家角镇总工会（记录 " in msg and "职工健康体检 项目中" in msg
    assert sx.to_dict()["conflicts"][0]["message"] == msg
    from desktop_app.services.district import double_subsidies

    with qp.session() as s:
        [listed] = double_subsidies(s, 2023)
    assert listed["name"] == "李四" and {r["town"] for r in listed["records"]} == {"ZJJ", "XJ"}

    # Records arrive as 已报送 with origin = the town; people keep one row per identity number.
    dz1, dx1 = district_id(qp, uid_of(zjj, z1)), district_id(qp, uid_of(xj, x1))
    assert status_of(qp, dz1)[0] == "submitted"
    with qp.session() as s:
        from desktop_app.store.models import Record

        assert s.get(Record, dz1).origin == "ZJJ" and len(s.get(Record, dz1).entries) == 2
        at_district = sorted((e.seq, e.person.id_number, e.data) for e in s.get(Record, dz1).entries)
    with zjj.session() as s:  # the roster entries arrive as the town holds them, data and all
        at_town = sorted((e.seq, e.person.id_number, e.data) for e in s.get(Record, z1).entries)
    assert at_district == at_town and all(d for _, _, d in at_town)

    # Receipt → the town marks 已报送; nothing left to send.
    with qp.transaction() as s:
        rc = ex.make_receipt(s, sz, usb, SECRET)
        pdf = ex.receipt_pdf(s, sz, usb / "回执.pdf")
    assert "_回执_第0001号" in rc.file_name and pdf.read_bytes()[:4] == b"%PDF"
    with zjj.transaction() as s:
        rr = ex.import_receipt(s, rc.path, ZJJ_KEY)
    assert len(rr.marked) == 2 and rr.rejected == []
    assert status_of(zjj, z1)[0] == status_of(zjj, z2)[0] == "submitted"
    with zjj.transaction() as s, pytest.raises(ex.NothingToExport):
        ex.export_package(s, usb, ZJJ_KEY)
    with zjj.transaction() as s:
        assert ex.import_receipt(s, rc.path, ZJJ_KEY).already_imported  # idempotent

    # District decisions → return package → the town sees them.
    with qp.transaction() as s:
        decide(s, dz1, approve=True)
        decide(s, district_id(qp, uid_of(zjj, z2)), return_reason="名册缺少身份证复印件")
        decide(s, dx1, return_reason="重复补贴：已在朱家角镇申报")
    with qp.transaction() as s:
        ret = ex.export_return(s, "ZJJ", usb, SECRET)
    assert ret.count == 2 and "审核结果_第0001号" in ret.file_name
    with zjj.transaction() as s:
        back = ex.import_return(s, ret.path, ZJJ_KEY)
    assert back.count("applied") == 2
    assert status_of(zjj, z1)[0] == "approved"
    assert status_of(zjj, z2)[:2] == ("returned", "名册缺少身份证复印件")
    with qp.transaction() as s:  # no new decision: still a package (it carries the allocations)
        empty = ex.export_return(s, "ZJJ", usb, SECRET)
    assert empty.count == 0 and "审核结果_第0002号" in empty.file_name
    with zjj.transaction() as s:
        nothing = ex.import_return(s, empty.path, ZJJ_KEY)
    assert nothing.count("applied") == 0 and nothing.allocations == []

    # Settlement goes down in the next return package.
    with qp.transaction() as s:
        decide(s, dz1, settle_fen=48_000)
        ret2 = ex.export_return(s, "ZJJ", usb, SECRET)
    with zjj.transaction() as s:
        back2 = ex.import_return(s, ret2.path, ZJJ_KEY)
    assert back2.count("applied") == 1 and back2.count("unchanged") == 1
    with zjj.session() as s:
        from desktop_app.store.models import Record

        rec = s.get(Record, z1)
        assert (rec.status, rec.settled_fen) == ("settled", 48_000)

    # The town corrects the returned record and sends it again: the district updates it.
    edit_record(zjj, z2, contact="李经理")
    with zjj.transaction() as s:
        from desktop_app.services.records import set_status

        set_status(s, z2, "ready")
    e2 = export(zjj, usb)
    assert (e2.records, e2.sequence) == (1, 2)
    s2 = import_(qp, e2.path)
    assert (s2.records.updated, s2.records.new, s2.findings) == (1, 0, [])
    assert status_of(qp, district_id(qp, uid_of(zjj, z2)))[0] == "submitted"
    # An older return package never overwrites a newer one.
    with zjj.transaction() as s:
        old = ex.import_return(s, ret.path, ZJJ_KEY)
    assert old.count("applied") == 0


def test_reimport_is_a_no_op(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI, WANG])
    e = export(zjj, usb)
    first = import_(qp, e.path)
    after_first = counts(qp)
    again = import_(qp, e.path)
    assert (again.new, again.updated, again.rejected) == (0, 0, 0)
    assert again.unchanged == first.new == 3
    assert again.already_imported and again.findings[0]["type"] == "duplicate"
    assert counts(qp) == after_first  # ExchangeLog not duplicated, nothing audited twice


def test_out_of_order_and_duplicated_packages(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    rid = add_record(zjj, "甲物流公司", [LI, WANG])
    p1 = export(zjj, usb)
    edit_record(zjj, rid, contact="新联系人")  # still 待盖章, revision 2: goes again
    p2 = export(zjj, usb)
    assert (p1.sequence, p2.sequence) == (1, 2)

    s2 = import_(qp, p2.path)  # no.2 first: no.1 reported missing
    assert s2.records.new == 1 and [f["type"] for f in s2.findings] == ["sequence_gap"]
    assert "第 1 号" in s2.findings[0]["message"]
    dist = district_id(qp, uid_of(zjj, rid))
    assert status_of(qp, dist)[2] == 2

    s1 = import_(qp, p1.path)  # late no.1: the older revision never overwrites
    assert (s1.records.unchanged, s1.records.stale, s1.records.updated) == (1, 1, 0)
    assert {f["type"] for f in s1.findings} == {"out_of_order", "stale"}
    assert status_of(qp, dist)[2] == 2
    with qp.session() as s:
        from desktop_app.store.models import Record

        assert s.get(Record, dist).data["contact"] == "新联系人"
    dup = import_(qp, p2.path)
    assert dup.already_imported and dup.new == dup.updated == 0
    from desktop_app.services.district import towns_overview

    with qp.session() as s:
        [town] = [t for t in towns_overview(s) if t.code == "ZJJ"]
    assert (town.packages, town.last_sequence, town.gaps) == (2, 2, [])


def test_update_to_an_approved_record_is_rejected(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    rid = add_record(zjj, "甲物流公司", [LI])
    import_(qp, export(zjj, usb).path)
    with qp.transaction() as s:
        decide(s, district_id(qp, uid_of(zjj, rid)), approve=True)
    edit_record(zjj, rid, contact="改了")  # no receipt yet: still editable at the town
    s = import_(qp, export(zjj, usb).path)
    assert s.records.rejected == 1 and "已审核" in s.records.rejects[0]["reason"]
    assert s.received[0]["status"] == "rejected"


def test_refusals_change_nothing(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    e = export(zjj, usb)
    other = open_office(tmp_path, "SJ", "松江区总工会", level="district")
    before = counts(qp)
    with pytest.raises(ExchangeRefused) as wrong:
        import_(qp, e.path, secret="wrong passphrase")
    assert str(wrong.value) == "本区数据交换口令错误，打不开各街镇的交换密钥。请输入登记街镇时设定的区总工会口令。"
    with pytest.raises(ExchangeRefused) as foreign:
        import_(other, e.path)
    assert "此数据包的接收方是 青浦区总工会（代码 QP），不是本单位" in str(foreign.value)
    cut = usb / "cut.ulpkg"
    cut.write_bytes(e.path.read_bytes()[:-50])
    with pytest.raises(ExchangeRefused) as trunc:
        import_(qp, cut)
    assert trunc.value.code == "truncated" and "截断" in str(trunc.value)
    bad = usb / "bad.ulpkg"
    blob = bytearray(e.path.read_bytes())
    blob[-20] ^= 0x40
    bad.write_bytes(bytes(blob))
    with pytest.raises(ExchangeRefused):
        import_(qp, bad)
    with pytest.raises(ServiceError) as at_town:  # a town cannot import a data package
        import_(xj, e.path)
    assert "区总工会" in str(at_town.value)
    assert counts(qp) == before
    other.close()


def test_read_only_target_leaves_no_file_and_no_sequence(offices, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from desktop_app.documents import package_io

    zjj, _, _, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    before = counts(zjj)

    def read_only(*_a, **_k):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(package_io.os, "replace", read_only)
    with pytest.raises(ExchangeRefused) as info:
        export(zjj, usb)
    assert f"无法写入文件夹“{usb}”" in str(info.value) and "写保护" in str(info.value)
    assert list(usb.iterdir()) == [] and counts(zjj) == before
    with zjj.transaction() as s, pytest.raises(ExchangeRefused):  # a caller that swallows it commits nothing
        ex.export_package(s, usb, ZJJ_KEY)
    assert list(usb.iterdir()) == [] and counts(zjj) == before
    monkeypatch.undo()
    assert export(zjj, usb).sequence == 1


def test_people_edited_after_the_acknowledged_package_go_again(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI, WANG])
    e = export(zjj, usb)
    with qp.transaction() as s:
        sm = ex.import_package(s, e.path, SECRET, dry_run=False)
        rc = ex.make_receipt(s, sm, usb, SECRET)
    with zjj.transaction() as s:
        ex.import_receipt(s, rc.path, ZJJ_KEY)
    from desktop_app.services.people import upsert_person

    with zjj.transaction() as s:
        upsert_person(s, WANG[1], {"phone": "13711112222"})
    e2 = export(zjj, usb)
    assert (e2.records, e2.people) == (0, 1)
    s2 = import_(qp, e2.path)
    assert (s2.people.updated, s2.people.unchanged) == (1, 0)


def test_dry_run_receipt_is_refused(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    dry = import_(qp, export(zjj, usb).path, dry_run=True)
    from desktop_app.services.errors import ValidationFailed

    with qp.transaction() as s, pytest.raises(ValidationFailed):
        ex.make_receipt(s, dry, usb, SECRET)


def test_progress_can_cancel(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    e = export(zjj, usb)
    before = counts(qp)
    seen: list[tuple[float, str]] = []

    def cancel_at_write(fraction: float, message: str) -> bool:
        seen.append((fraction, message))
        return fraction < 0.6

    with qp.transaction() as s, pytest.raises(ex.Cancelled):
        ex.import_package(s, e.path, SECRET, dry_run=False, progress=cancel_at_write)
    assert counts(qp) == before and seen[0][0] < seen[-1][0]


def values(headcount: int, **changes: object) -> dict[str, object]:
    """A valid 2-3-2 application as a town stores it (the district evaluates it again)."""
    return {"unit_name": "甲公司", "contact": "张三", "contact_phone": "13812345678", "headcount": headcount,
            "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "A",
            "fill_date": "2023-05-20", **changes}


def _crafted(usb: Path, name: str, people: list[list[object]], sequence: int = 1,
             records: list[list[object]] | None = None) -> Path:
    """A data package as another program (or a damaged one) might write it."""
    records = records or []
    enc = pf.encode_package(
        kind="data", sender=pf.Party("ZJJ", "朱家角镇总工会"), receiver=pf.Party("QP", "青浦区总工会"),
        sequence=sequence, passphrase=ZJJ_KEY,
        files={"people.json": pf.table(ex.PERSON_COLUMNS, people),
               "records.json": pf.table(ex.RECORD_COLUMNS, records)},
        counts={"people": len(people), "records": len(records)})
    path = usb / name
    path.write_bytes(enc.blob)
    return path


def test_people_with_bad_numbers_are_rejected_one_by_one(offices) -> None:  # type: ignore[no-untyped-def]
    _, _, qp, usb = offices
    good = make_id(11)
    bad_check = LI[1][:17] + ("0" if LI[1][17] != "0" else "1")
    rows = [
        [good, 1, "张三", "女", "甲公司", "13812345678"],
        [bad_check, 1, "错校验", "女", None, None],  # R-ID-1 check character
        ["310118199902300011", 1, "无此日", "男", None, None],  # 30 February
        ["３１０１１８１９８９０５１７００２Ｘ", 1, "全角", "女", None, None],  # not ASCII
        ["31011889051700", 1, "太短", "女", None, None],
        [good, 1, "重复", "女", None, None],
        [WANG[1], 0, "无版本", "男", None, None],
        [ZHAO[1], 1, "  赵六  ", "不详", "  乙公司 ", " 13900001111 "],
        [["3101"], 1, "列表", "男", None, None],  # not even a text (and unhashable)
    ]
    assert ex.PERSON_COLUMNS == ["id_number", "revision", "name", "gender", "work_unit", "phone"]
    summary = import_(qp, _crafted(usb, "crafted.ulpkg", rows))
    people = summary.people
    assert (people.new, people.rejected) == (2, 7)
    assert [r["reason"] for r in people.rejects] == [
        "身份证号码无效（R-ID-1），未导入。", "身份证号码无效（R-ID-1），未导入。", "身份证号码无效（R-ID-1），未导入。",
        "身份证号码无效（R-ID-1），未导入。", "在数据包中重复出现，只取第一次。", "姓名或版本号缺失，未导入。",
        "身份证号码无效（R-ID-1），未导入。"]
    from sqlalchemy import select

    from desktop_app.store.models import Person
    with qp.session() as s:
        stored = {p.id_number: (p.name, p.gender, p.work_unit, p.phone, p.birth_date, p.origin)
                  for p in s.scalars(select(Person))}

    def born(n: str) -> dt.date:
        return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))

    assert stored == {good: ("张三", "女", "甲公司", "13812345678", born(good), "ZJJ"),
                      ZHAO[1]: ("赵六", None, "乙公司", "13900001111", born(ZHAO[1]), "ZJJ")}


def test_batch_import_goes_on_after_a_refused_file(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    first = export(zjj, usb).path
    add_record(xj, "乙快递公司", [WANG, ZHAO])
    second = export(xj, usb).path
    broken = usb / "broken.ulpkg"
    broken.write_bytes(second.read_bytes()[:-10])
    before = counts(qp)
    seen: list[float] = []
    done, bad = ex.import_packages(qp, [first, broken, second], SECRET,
                                   progress=lambda f, m: seen.append(f) is None)
    assert [d.package for d in done] == [first.name, second.name]
    assert [n for n, _ in bad] == ["broken.ulpkg"] and "截断" in bad[0][1]
    assert counts(qp)["people"] == before["people"] + 3 and seen == sorted(seen)
    again, bad_again = ex.import_packages(qp, [first, second], SECRET)
    assert not bad_again and all(d.already_imported and d.new == 0 for d in again)


def test_batch_import_cancel_keeps_the_packages_before(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    first = export(zjj, usb).path
    add_record(xj, "乙快递公司", [WANG])
    second = export(xj, usb).path
    before = counts(qp)
    done, bad = ex.import_packages(qp, [first, second], SECRET,
                                   progress=lambda f, m: f < 0.75)  # cancelled inside the second
    assert [d.package for d in done] == [first.name]
    assert bad and bad[0][0] == second.name and "已取消" in bad[0][1] and "之前的数据包已导入" in bad[0][1]
    assert counts(qp)["people"] == before["people"] + 1


def test_the_garbage_collector_is_paused_while_packages_are_imported(offices, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    from desktop_app.services import exchange_import as ei

    zjj, xj, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    first = export(zjj, usb).path
    broken = usb / "broken.ulpkg"
    broken.write_bytes(first.read_bytes()[:-10])
    during: list[bool] = []
    real = ei.plan_people

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        during.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(ei, "plan_people", spy)
    assert gc.isenabled()
    done, bad = ex.import_packages(qp, [first, broken], SECRET)
    assert len(done) == 1 and [n for n, _ in bad] == ["broken.ulpkg"]
    assert during == [False] and gc.isenabled()  # paused inside, running again after a refusal
    with qp.transaction() as s, pytest.raises(ExchangeRefused):
        ex.import_package(s, broken, SECRET, dry_run=True)
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it keeps it paused
        with qp.transaction() as s:
            ex.import_package(s, first, SECRET, dry_run=True)
        assert not gc.isenabled() and during == [False, False]
    finally:
        gc.enable()


def test_a_person_twice_on_a_roster_is_stored_once_with_the_first_entry(offices) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from desktop_app.store.models import Person, RosterEntry

    _, _, qp, usb = offices
    people = [[LI[1], 1, LI[0], "女", "甲公司", None], [WANG[1], 1, WANG[0], "男", "甲公司", None]]
    roster = [[1, LI[1], {"note": "第一次"}], [2, WANG[1], {"note": "王"}], [3, LI[1], {"note": "第二次"}]]
    once = [[1, WANG[1], {"note": "只一次"}]]

    def record(uid: str, entries: list[list[object]]) -> list[object]:
        return [uid, 1, "QP2023-03", "2-3-2", "甲公司", "ready", values(len(entries)), {}, [], len(entries), 0,
                "2023-05-20", "2023-05-20T10:00:00", entries]

    path = _crafted(usb, "twice.ulpkg", people, records=[record("rTwice", roster), record("rOnce", once)])
    summary = import_(qp, path)
    assert summary.records.new == 2 and summary.records.rejected == 0, summary.records.rejects
    with qp.session() as s:
        stored = sorted((e.record_id, e.seq, s.get(Person, e.person_id).id_number, e.data["note"])
                        for e in s.scalars(select(RosterEntry)))
    twice, once_id = district_id(qp, "rTwice"), district_id(qp, "rOnce")
    assert stored == sorted([(twice, 1, LI[1], "第一次"), (twice, 2, WANG[1], "王"), (once_id, 1, WANG[1], "只一次")])


def test_a_huge_sequence_number_costs_nothing(offices) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: the gap below package 999,999,999 was a list of every number up to it (2.9 GB)."""
    import tracemalloc

    _, _, qp, usb = offices
    path = _crafted(usb, "huge.ulpkg", [[LI[1], 1, LI[0], "女", None, None]], sequence=999_999_999)
    tracemalloc.start()
    try:
        summary = import_(qp, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024 and summary.people.new == 1
    [gap] = [f["message"] for f in summary.findings if f["type"] == "sequence_gap"]
    assert "缺少 朱家角镇总工会 的第 1 号、第 2 号" in gap and "等 999,999,998 个数据包" in gap
    from desktop_app.services.district import towns_overview

    with qp.session() as s:
        [town] = [t for t in towns_overview(s) if t.code == "ZJJ"]
    assert town.last_sequence == 999_999_999 and town.gap_count == 999_999_998 and town.gaps[:3] == [1, 2, 3]
    assert len(town.gaps) == 50


def test_hostile_values_in_a_valid_package_are_refused_by_name(offices) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: integers ≥ 2^63, deep nesting and list-typed fields gave 内部错误; now each
    row is refused with its reason and the rest of the package is imported."""
    _, _, qp, usb = offices
    people = [[LI[1], 2**63, LI[0], "女", None, None], [WANG[1], 1, ["王五"], "男", None, None],
              [ZHAO[1], 1, ZHAO[0], "男", {"x": 1}, 13900001111], [make_id(21), 1, "钱七", "女", None, None]]

    def rec(key: str, **over: object) -> list[object]:
        r = dict(zip(ex.RECORD_COLUMNS, [key, 1, "QP2023-03", "2-3-2", "甲公司", "ready", values(1), {}, [], 1, 12_000,
                                         "2023-05-20", "2023-05-20T10:00:00", [[1, make_id(21), {}]]]))
        r.update(over)
        return [r[c] for c in ex.RECORD_COLUMNS]

    nested: object = "x"
    for _ in range(50):
        nested = [nested]
    records = [rec("rBigInt", values={**values(1), "headcount": 2**63}), rec("rNested", values=values(1, note=nested)),
               rec("rListCount", headcount=[1]), rec("rSeq", roster=[[2**70, make_id(21), {}]]),
               rec("rListUid", uid=["x"]), rec("rGood")]
    summary = import_(qp, _crafted(usb, "hostile.ulpkg", people, records=records))
    assert summary.records.new == 1 and summary.people.new == 2  # 钱七 and 赵六 (bad unit/phone dropped)
    reasons = {r["key"].split()[-1]: r["reason"] for r in summary.records.rejects}
    assert reasons["rBigInt"] == "表单内容数字超出范围，未导入。"
    assert reasons["rNested"] == "表单内容嵌套层数过多，未导入。"
    assert reasons["rListCou"].startswith("人数 [1] 不在")
    assert reasons["rSeq"] == "名册格式不正确，未导入。"
    assert any(r["reason"] == "记录编号无效，未导入。" for r in summary.records.rejects)
    assert [r["reason"] for r in summary.people.rejects] == ["姓名或版本号缺失，未导入。"] * 2
