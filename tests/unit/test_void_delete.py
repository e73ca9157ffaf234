"""Void and delete (issue 12 point 3): 作废 with a reason leaves progress, totals, R-ID-5 and
R-TRIP-3, stays visible under a filter and travels to the district; 删除 only for drafts never
printed and never sent. The CLI contract: `record void/delete`, refused with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.documents import package_format as pf
from desktop_app.services import exchange as ex
from desktop_app.services.catalog import progress
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.records import (
    RecordInput,
    delete_record,
    get_record,
    list_record_ids,
    save_record,
    set_status,
    totals,
    void_record,
)
from tests.unit.exchange_helpers import (
    SECRET,
    add_record,
    district_id,
    enrol,
    key_of,
    make_id,
    open_office,
    status_of,
    uid_of,
)

LI, WANG = ("李四", "31011819890517002X"), ("王五", "440306198002290519")


def test_void_leaves_progress_totals_and_r_id_5(town_app) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI, WANG])
    with town_app.transaction() as s:
        pid = get_record(s, rid).project_id
        assert progress(s)[pid].headcount == 2 and totals(s, [rid]) == (2, get_record(s, rid).subsidy_fen)
        with pytest.raises(ValidationFailed, match="作废须填写原因"):
            void_record(s, rid, "  ")
        rec = void_record(s, rid, "单位重复申报")
        assert (rec.status, rec.status_reason, rec.revision) == ("voided", "单位重复申报", 2)
        assert progress(s).get(pid) is None and totals(s, [rid]) == (0, 0)
        # visible under its filter, hidden from the lists' default
        assert rid in list_record_ids(s, status="voided") and rid not in list_record_ids(s, hide_voided=True)
        assert rid in list_record_ids(s)
        with pytest.raises(ValidationFailed, match="已经作废"):
            void_record(s, rid, "再来一次")
        with pytest.raises(ValidationFailed, match="记录已作废"):
            save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                        data=RecordInput({}, []), record_id=rid, draft=True)
    # R-ID-5: the same people on a new application are no longer "already in record rid"
    other = add_record(town_app, "乙公司", [LI, WANG], ready=False)
    with town_app.session() as s:
        assert not [f for f in get_record(s, other).findings if f["rule"] == "R-ID-5"]


def test_void_refused_once_the_district_approved(town_app) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI])
    with town_app.transaction() as s:
        set_status(s, rid, "submitted")
        set_status(s, rid, "approved", by="district")
        with pytest.raises(ValidationFailed, match="不能作废"):
            void_record(s, rid, "想作废")
        assert get_record(s, rid).status == "approved"


def test_delete_only_a_draft_never_printed_or_sent(town_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.audit import history

    draft = add_record(town_app, "甲物流公司", [LI], ready=False)
    was_ready = add_record(town_app, "乙公司", [WANG], ready=True)
    with town_app.transaction() as s:
        set_status(s, was_ready, "draft")  # back to 草稿, but it may have gone in a package
        with pytest.raises(ValidationFailed, match="曾标记为“待盖章”"):
            delete_record(s, was_ready)
        out = delete_record(s, draft)
        assert out["deleted"] is True and s.get(type(get_record(s, was_ready)), draft) is None
        assert [a.action for a in history(s, "record", draft)][-1] == "delete"
    printed = add_record(town_app, "丙公司", [(("赵六", make_id(7)))], ready=False)
    from desktop_app.services.printing import print_records

    with town_app.transaction() as s:
        rec = get_record(s, printed)
        rec.status = "ready"
        print_records(s, town_app.specs, [printed], tmp_path / "p.pdf")
        rec.status = "draft"
    with town_app.transaction() as s, pytest.raises(ValidationFailed, match="已打印过"):
        delete_record(s, printed)


def test_cli_void_and_delete(town_app, run_cli) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [LI], ready=False)
    other = add_record(town_app, "乙公司", [WANG], ready=True)
    code, out, err = run_cli("record", "delete", str(other))
    assert code == 1 and "只有从未打印、从未报送的草稿才能删除" in err and out == ""
    code, out, err = run_cli("record", "void", str(other), "--reason", "重复", "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["status"] == "voided" and payload["status_label"] == "已作废" and payload["reason"] == "重复"
    code, out, err = run_cli("record", "void", str(other), "--reason", "再次")
    assert code == 1 and "已经作废" in err
    code, out, err = run_cli("record", "void", "424242", "--reason", "x")
    assert code == 1 and "找不到编号为 424242 的记录" in err
    code, out, err = run_cli("record", "show", str(other), "--json")
    shown = json.loads(out)
    assert shown["revision"] == 2 and shown["status"] == "voided" and shown["editable"] is False
    code, out, err = run_cli("record", "delete", str(rid), "--json")
    assert code == 0 and json.loads(out)["deleted"] is True
    code, out, err = run_cli("record", "show", str(rid))
    assert code == 2 and "找不到" in err


@pytest.fixture()
def offices(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会")
    usb = tmp_path / "usb"
    usb.mkdir()
    yield zjj, qp, usb
    for a in (zjj, qp):
        a.close()


def _export(app, usb):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.export_package(s, usb, key_of(app))


def _import(app, path):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.import_package(s, path, SECRET, dry_run=False)


def test_a_void_travels_to_the_district(offices) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.district import quota_progress, towns_overview

    zjj, qp, usb = offices
    rid = add_record(zjj, "甲物流公司", [LI, WANG])
    summary = _import(qp, _export(zjj, usb).path)
    with qp.transaction() as s:
        receipt = ex.make_receipt(s, summary, usb, SECRET)
    with zjj.transaction() as s:
        ex.import_receipt(s, receipt.path, key_of(zjj))
    assert status_of(zjj, rid)[0] == "submitted"
    dist = district_id(qp, uid_of(zjj, rid))
    with qp.session() as s:
        [p] = [p for p in quota_progress(s, 2023) if p.code == "QP2023-03"]
        assert p.headcount == 2
    with zjj.transaction() as s:
        void_record(s, rid, "企业取消体检")
    pkg = _export(zjj, usb)  # the void goes with the next package
    assert pkg.records == 1
    s2 = _import(qp, pkg.path)
    assert s2.records.updated == 1 and s2.records.rejected == 0
    assert status_of(qp, dist) == ("voided", "企业取消体检", 2)
    with qp.session() as s:
        [p] = [p for p in quota_progress(s, 2023) if p.code == "QP2023-03"]
        assert p.headcount == 0  # dropped from the district's progress
        [town] = [t for t in towns_overview(s) if t.code == "ZJJ"]
        assert town.by_status == {"voided": 1} and town.headcount == 0
    with qp.transaction() as s, pytest.raises(ValidationFailed):
        set_status(s, dist, "approved")  # nothing to decide on a voided record
    with qp.transaction() as s:
        receipt2 = ex.make_receipt(s, s2, usb, SECRET)
    with zjj.transaction() as s:
        ex.import_receipt(s, receipt2.path, key_of(zjj))
    assert status_of(zjj, rid)[0] == "voided"  # the receipt leaves the void as it is
    with zjj.transaction() as s, pytest.raises(ex.NothingToExport):
        ex.export_package(s, usb, key_of(zjj))  # acknowledged: not sent again


def test_a_voided_records_pdf_says_so_and_has_no_code(town_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.pdf_samples import pdf_text, print_to

    rid = add_record(town_app, "甲物流公司", [LI])
    with town_app.transaction() as s:
        void_record(s, rid, "重复")
    rec = print_to(town_app, [rid], tmp_path / "v.pdf").records[0]  # even "for stamping"
    text = "".join(pdf_text(tmp_path / "v.pdf"))
    assert rec.code is None and rec.status == "voided" and "已作废" in text and "校验码" not in text
