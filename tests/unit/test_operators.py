"""Operators (issue 15): accounts, roles enforced in the services, lockout, audit names the
operator, the CLI contract, stale updates refused, one seat at a time per town's package.
Runs on SQLite and (UNIONLEDGER_TEST_PG) on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop_app.services import operators as ops
from desktop_app.services.errors import ServiceError
from desktop_app.store import models
from tests.unit.exchange_helpers import add_record, counts, edit_record, open_office

PW = {"root": "admin-pass-1", "xiaoli": "clerk-pass-22", "shen": "review-pass-3", "kan": "viewer-pass-4"}


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ops, "SCRYPT_N", 2**10)  # test-only cost; the hash names its own parameters


def _accounts(app) -> None:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        ops.add_operator(s, "root", "admin", PW["root"], first_admin=True)
    app.login("root", PW["root"])
    with app.transaction() as s:
        ops.add_operator(s, "xiaoli", "clerk", PW["xiaoli"])
        ops.add_operator(s, "shen", "审核", PW["shen"])
        ops.add_operator(s, "kan", "viewer", PW["kan"])


def test_password_hash_is_scrypt_with_salt_and_parameters(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ops, "SCRYPT_N", 2**15)
    a, b = ops.hash_password("same-password"), ops.hash_password("same-password")
    kind, n, r, p, salt, key = a.split("$")
    assert (kind, n, r, p) == ("scrypt", "32768", "8", "3")
    assert a != b  # a random salt each time
    assert ops.verify_password("same-password", a) and not ops.verify_password("same-passwore", a)
    assert not ops.verify_password("x", "garbage")


def test_roles_are_enforced_in_the_services(town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.catalog import edit_project
    from desktop_app.services.office import setup_office
    from desktop_app.services.records import set_status, void_record

    _accounts(town_app)
    town_app.login("xiaoli", PW["xiaoli"])
    rid = add_record(town_app, "甲物流公司", [("李四", "31011819890517002X")], ready=False)  # a clerk records
    with pytest.raises(ops.NotAllowed, match="经办.*不能修改项目目录"):
        with town_app.transaction() as s:
            edit_project(s, "QP2023-03", quota=10)
    with pytest.raises(ops.NotAllowed):
        with town_app.transaction() as s:
            setup_office(s, name="别的镇", code="BB", level="town", parent_name="青浦区总工会", parent_code="QP")
    with pytest.raises(ops.NotAllowed):
        with town_app.transaction() as s:
            ops.add_operator(s, "intruder", "admin", "whatever-123")
    town_app.login("kan", PW["kan"])  # a viewer changes nothing
    for act in (lambda s: set_status(s, rid, "ready"), lambda s: void_record(s, rid, "重复")):
        with pytest.raises(ops.NotAllowed, match="只读"):
            with town_app.transaction() as s:
                act(s)
    with pytest.raises(ops.NotAllowed):
        edit_record(town_app, rid, contact="王五")
    from desktop_app.services.printing import print_records

    out = town_app.data_dir.root / "viewer.pdf"
    with pytest.raises(ops.NotAllowed):
        with town_app.transaction() as s:
            print_records(s, town_app.specs, [rid], out, for_stamping=True)
    assert not out.exists()
    town_app.login("root", PW["root"])  # an administrator may do everything
    with town_app.transaction() as s:
        edit_project(s, "QP2023-03", quota=10)
        set_status(s, rid, "ready")
    with town_app.session() as s:
        rec = s.get(models.Record, rid)
        assert rec.status == "ready" and rec.data["contact"] == "张三"


def test_the_district_decision_is_the_reviewers(tmp_path: Path) -> None:
    from desktop_app.services.district import decide
    from desktop_app.services.records import set_status

    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    try:
        _accounts(qp)
        qp.login("xiaoli", PW["xiaoli"])
        rid = add_record(qp, "甲物流公司", [("李四", "31011819890517002X")], ready=False)
        with qp.transaction() as s:
            set_status(s, rid, "ready")
            set_status(s, rid, "submitted")
        with pytest.raises(ops.NotAllowed, match="不能作出区总工会的审核决定"):
            with qp.transaction() as s:
                decide(s, rid, approve=True)
        qp.login("shen", PW["shen"])
        with qp.transaction() as s:
            decide(s, rid, approve=True)
        with qp.session() as s:
            assert s.get(models.Record, rid).status == "approved"
            actors = [a for (a,) in s.execute(select(models.AuditLog.actor).where(
                models.AuditLog.entity == "record", models.AuditLog.entity_id == rid).order_by(models.AuditLog.id))]
        assert actors[0] == "xiaoli" and actors[-1] == "shen"  # every audit row names the operator
    finally:
        qp.close()


def test_lockout_after_five_failures_and_reset_by_admin(app) -> None:  # type: ignore[no-untyped-def]
    _accounts(app)
    for n in range(4):
        with pytest.raises(ops.LoginFailed, match=f"再错 {4 - n} 次"):
            app.login("xiaoli", "wrong-password")
    with pytest.raises(ops.LoginFailed, match="连续输错 5 次.*已锁定 15 分钟"):
        app.login("xiaoli", "wrong-password")
    with pytest.raises(ops.LoginFailed, match="已锁定，请 15 分钟后再试"):
        app.login("xiaoli", PW["xiaoli"])  # even the right password, while locked
    with app.session() as s:
        assert [r["locked"] for r in ops.list_operators(s) if r["name"] == "xiaoli"] == [True]
    with app.transaction() as s:  # the lock runs out
        s.execute(update(models.Operator).where(models.Operator.name == "xiaoli")
                  .values(locked_until=models.utcnow() - dt.timedelta(seconds=1)))
    assert app.login("xiaoli", PW["xiaoli"]).role == "clerk"
    with pytest.raises(ops.LoginFailed, match="用户名或密码不正确"):
        app.login("nobody", "whatever-123")


def test_disabled_and_changed_passwords(app) -> None:  # type: ignore[no-untyped-def]
    _accounts(app)
    app.login("xiaoli", PW["xiaoli"])
    with pytest.raises(ServiceError, match="原密码不正确"):
        with app.transaction() as s:
            ops.set_password(s, "xiaoli", "new-pass-999", old_password="not-it")
    with app.transaction() as s:
        ops.set_password(s, "xiaoli", "new-pass-999", old_password=PW["xiaoli"])
    with pytest.raises(ops.NotAllowed):  # not someone else's
        with app.transaction() as s:
            ops.set_password(s, "kan", "new-pass-999")
    with pytest.raises(ops.LoginFailed):
        app.login("xiaoli", PW["xiaoli"])
    app.login("xiaoli", "new-pass-999")
    app.login("root", PW["root"])
    with app.transaction() as s:
        ops.disable_operator(s, "kan")
    with pytest.raises(ops.LoginFailed, match="已停用"):
        app.login("kan", PW["kan"])
    app.login("root", PW["root"])
    with pytest.raises(ServiceError, match="最后一个管理员"):
        with app.transaction() as s:
            ops.disable_operator(s, "root")
    with pytest.raises(ServiceError, match="至少 8 个字符"):
        with app.transaction() as s:
            ops.add_operator(s, "short", "clerk", "abc")


def test_a_store_with_accounts_refuses_writes_without_a_login(town_app) -> None:  # type: ignore[no-untyped-def]
    add_record(town_app, "甲物流公司", [("李四", "31011819890517002X")])  # no accounts: as before
    with town_app.session() as s:
        assert s.scalar(select(models.AuditLog.actor).order_by(models.AuditLog.id.desc()).limit(1))
    _accounts(town_app)
    town_app.store.operator = None  # logged out
    with pytest.raises(ops.LoginRequired, match="请先登录"):
        add_record(town_app, "乙公司", [("王五", "440306198002290519")])


def _write(path: Path, text: str) -> str:
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_cli_contract(run_cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root_pw = _write(tmp_path / "root.txt", PW["root"])
    li_pw = _write(tmp_path / "li.txt", PW["xiaoli"])
    code, out, err = run_cli("setup", "--name", "青浦区总工会", "--code", "QP", "--level", "district",
                             "--admin", "root", "--password-file", root_pw)
    assert code == 0, err
    assert "已创建管理员账户“root”" in out
    code, _, err = run_cli("projects", "list")
    assert code == 2 and "请先登录" in err
    code, _, err = run_cli("--user", "root", "--password-file", li_pw, "projects", "list")
    assert code == 2 and "用户名或密码不正确" in err
    login = ("--user", "root", "--password-file", root_pw)
    code, out, err = run_cli(*login, "user", "add", "小李", "--role", "clerk", "--password-file", li_pw)
    assert code == 0 and "已添加账户“小李”（经办）" in out, err
    code, out, _ = run_cli(*login, "user", "list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["role"], r["disabled"]) for r in rows] == [("root", "admin", False), ("小李", "clerk", False)]
    monkeypatch.setenv("UNIONLEDGER_USER", "小李")
    monkeypatch.setenv("UNIONLEDGER_PASSWORD", PW["xiaoli"])
    code, _, err = run_cli("user", "add", "x", "--role", "viewer", "--password-file", li_pw)
    assert code == 2 and "不能管理账户" in err
    new_pw = _write(tmp_path / "new.txt", "brand-new-pass")
    code, out, err = run_cli("user", "passwd", "小李", "--password-file", new_pw)
    assert code == 0 and "密码已修改" in out, err
    code, _, err = run_cli("projects", "list")
    assert code == 2 and "用户名或密码不正确" in err  # the old password no longer works
    monkeypatch.delenv("UNIONLEDGER_USER")
    monkeypatch.delenv("UNIONLEDGER_PASSWORD")
    code, out, err = run_cli(*login, "user", "disable", "小李", "--json")
    assert code == 0 and json.loads(out) == {"name": "小李", "disabled": True}, err
    code, _, err = run_cli("--user", "小李", "--password-file", new_pw, "projects", "list")
    assert code == 2 and "已停用" in err
    code, out, _ = run_cli(*login, "user", "list", "--json")
    assert [r["disabled"] for r in json.loads(out)] == [False, True]


def test_stale_update_is_refused_and_changes_nothing(run_cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root_pw = _write(tmp_path / "root.txt", PW["root"])
    li_pw = _write(tmp_path / "li.txt", PW["xiaoli"])
    assert run_cli("setup", "--name", "朱家角镇总工会", "--code", "ZJJ", "--level", "town", "--parent-name",
                   "青浦区总工会", "--parent-code", "QP", "--admin", "root", "--password-file", root_pw)[0] == 0
    login = ("--user", "root", "--password-file", root_pw)
    assert run_cli(*login, "user", "add", "小李", "--role", "clerk", "--password-file", li_pw)[0] == 0
    values = {"unit_name": "甲物流公司", "contact": "张三", "contact_phone": "13812345678", "headcount": 1,
              "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "A",
              "fill_date": "2023-05-20",
              "roster": [{"unit": "甲物流公司", "name": "李四", "id_number": "31011819890517002X", "married": "已婚"}]}
    data = tmp_path / "rec.json"
    data.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    li = ("--user", "小李", "--password-file", li_pw)
    code, out, err = run_cli(*li, "record", "add", "--form", "2-3-2", "--project", "QP2023-03", "--data", str(data),
                             "--draft", "--json")
    assert code in (0, 1), err
    rid = json.loads(out)["id"]
    shown = json.loads(run_cli(*login, "record", "show", str(rid), "--json")[1])
    assert shown["revision"] == 1
    # 小李 saves on revision 1 …
    data.write_text(json.dumps({**values, "contact": "小李改的"}, ensure_ascii=False), encoding="utf-8")
    code, _, err = run_cli(*li, "record", "update", str(rid), "--data", str(data), "--draft", "--expect-revision", "1")
    assert code in (0, 1), err
    # … and root, who opened revision 1 too, is refused
    data.write_text(json.dumps({**values, "contact": "管理员改的"}, ensure_ascii=False), encoding="utf-8")
    code, _, err = run_cli(*login, "record", "update", str(rid), "--data", str(data), "--draft",
                           "--expect-revision", "1")
    now = dt.datetime.now().astimezone()
    assert code == 2
    assert "记录已被 小李 于 " in err and "修改，请重新打开后再改" in err
    hhmm = err.split(" 于 ", 1)[1][:5]
    stamp = dt.datetime.combine(now.date(), dt.time(int(hhmm[:2]), int(hhmm[3:])), now.tzinfo)
    assert abs((now - stamp).total_seconds()) < 120
    shown = json.loads(run_cli(*login, "record", "show", str(rid), "--json")[1])
    assert shown["revision"] == 2 and shown["values"]["contact"] == "小李改的"  # nothing changed
    code, _, err = run_cli(*login, "record", "update", str(rid), "--data", str(data), "--draft",
                           "--expect-revision", "2")
    assert code in (0, 1), err
    shown = json.loads(run_cli(*login, "record", "show", str(rid), "--json")[1])
    assert shown["revision"] == 3 and shown["values"]["contact"] == "管理员改的"


def test_two_seats_saving_the_same_revision_at_once(town_app) -> None:  # type: ignore[no-untyped-def]
    """Both seats based their edit on revision 1 and save at the same moment: exactly one wins,
    the other is refused as stale (the row lock on PostgreSQL, the write lock on SQLite)."""
    from desktop_app.services.records import StaleRecord, get_record, record_input_of, save_record

    rid = add_record(town_app, "甲物流公司", [("李四", "31011819890517002X")], ready=False)
    second = type(town_app)(town_app.data_dir, type(town_app.store)(town_app.store.url or town_app.store.path),
                            town_app.migration, 0)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def seat(app, contact: str) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=10)
            with app.transaction() as s:
                rec = get_record(s, rid)
                data = record_input_of(rec, app.specs)
                data.values["contact"] = contact
                save_record(s, app.specs, project_code=rec.project.code, form_code=rec.form_code, data=data,
                            record_id=rid, draft=True, expected_revision=1)
            outcome[contact] = "saved"
        except StaleRecord:
            outcome[contact] = "stale"

    try:
        threads = [threading.Thread(target=seat, args=(a, c)) for a, c in ((town_app, "甲"), (second, "乙"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        second.store.close()
    assert sorted(outcome.values()) == ["saved", "stale"]
    winner = next(c for c, o in outcome.items() if o == "saved")
    with town_app.session() as s:
        rec = s.get(models.Record, rid)
        assert (rec.revision, rec.data["contact"]) == (2, winner)


def test_two_seats_importing_the_same_package_apply_it_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.documents import package_format as pf
    from desktop_app.services import exchange as ex
    from tests.unit.exchange_helpers import SECRET, enrol, key_of

    monkeypatch.setattr(pf, "KDF_LOG2N", 10)
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会")
    usb = tmp_path / "usb"
    usb.mkdir()
    add_record(zjj, "甲物流公司", [("李四", "31011819890517002X"), ("王五", "440306198002290519")])
    with zjj.transaction() as s:
        path = ex.export_package(s, usb, key_of(zjj)).path
    before = counts(qp)
    second = type(qp)(qp.data_dir, type(qp.store)(qp.store.url or qp.store.path), qp.migration, 0)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def seat(app) -> None:  # type: ignore[no-untyped-def]
        barrier.wait(timeout=10)
        try:
            with app.transaction() as s:
                results.append(ex.import_package(s, path, SECRET, dry_run=False))
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    try:
        threads = [threading.Thread(target=seat, args=(a,)) for a in (qp, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        second.store.close()
        zjj.close()
    try:
        assert all(not isinstance(r, Exception) for r in results), results
        news = sorted(r.new for r in results)  # type: ignore[attr-defined]
        assert news[0] == 0 and news[1] > 0
        assert sorted(r.already_imported for r in results) == [False, True]  # type: ignore[attr-defined]
        after = counts(qp)
        assert after["exchange_log"] == before["exchange_log"] + 1
        assert after["records"] == before["records"] + 1
        with qp.session() as s:
            assert s.scalar(select(func.count()).select_from(models.Person)) == 2
    finally:
        qp.close()
