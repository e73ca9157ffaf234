"""The role → acts map (services.permissions) is what the services enforce: for every act, a
service of that act is called as every role and refused exactly when the map refuses it — the
same map the GUI reads to grey out buttons (tests/gui/test_role_gating.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop_app.services import operators as ops
from desktop_app.services import permissions as perms
from tests.unit.exchange_helpers import SECRET, add_record

PW = "password-for-all-1"


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ops, "SCRYPT_N", 2**10)


class _Rollback(Exception):
    pass


def _in_transaction(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Run ``fn(session)`` and roll back whatever it did (each role starts from the same store)."""
    def run(app: Any) -> None:
        try:
            with app.transaction() as s:
                fn(s)
                raise _Rollback
        except _Rollback:
            pass
    return run


def _services(rid: int, out: Any) -> dict[str, Callable[[Any], Any]]:
    from desktop_app.services import backups, catalog, deadlines, district, exchange, exchange_keys
    from desktop_app.services import exchange_receipt, exchange_return
    from desktop_app.services import office, person_file, printing, records, roster_import, units
    from desktop_app.services.exchange_import import import_package

    return {
        "records": _in_transaction(lambda s: records.set_status(s, rid, "ready")),
        "people": _in_transaction(lambda s: person_file.update_person(s, 1, {"phone": "13900000001"})),
        "units": _in_transaction(lambda s: units.save_unit(s, {"name": "新单位甲"})),
        "print": _in_transaction(lambda s: printing.print_records(s, None, [rid], out / "p.pdf")),
        "import": _in_transaction(lambda s: roster_import.commit(s, None)),  # type: ignore[arg-type]
        "export": _in_transaction(lambda s: exchange.export_package(s, out, "口令")),
        "decide": _in_transaction(lambda s: district.decide(s, rid, approve=True)),
        "backup": lambda app: backups.create(app),
        "restore": lambda app: backups.restore(app.data_dir, out / "none.sqlite3", app),
        "settings": _in_transaction(lambda s: office.setup_office(
            s, name="朱家角镇总工会", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")),
        "accounts": _in_transaction(lambda s: ops.add_operator(s, "新人", "viewer", PW)),
        "catalogue": _in_transaction(lambda s: catalog.edit_project(s, "QP2023-03", quota=10)),
        "keys": _in_transaction(lambda s: exchange_keys.enrol_town(s, SECRET, "XJ", "徐泾镇总工会")),
        # a second service of the same acts, where the act has more than one kind of call
        "import/return": _in_transaction(lambda s: exchange_return.import_return(s, out / "x.ulx", "口令")),
        "import/package": _in_transaction(lambda s: import_package(s, out / "x.ulx", "口令", dry_run=False)),
        "export/return": _in_transaction(lambda s: exchange_return.export_return(s, "ZJJ", out, "口令")),
        "import/receipt": _in_transaction(lambda s: exchange_receipt.import_receipt(s, out / "x.ulx", "口令")),
        "export/receipt": _in_transaction(lambda s: exchange_receipt.receipt_again(s, out / "x.ulx", "口令", out)),
        "records/deadline": _in_transaction(lambda s: deadlines.mark_done(s, "a|b|c|d")),
    }


def test_every_act_is_enforced_by_its_service_exactly_as_the_map_says(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "甲物流公司", [("李四", "31011819890517002X")], ready=False)
    with town_app.transaction() as s:
        ops.add_operator(s, "root", "admin", PW, first_admin=True)
    town_app.login("root", PW)
    with town_app.transaction() as s:
        for role in ("clerk", "reviewer", "viewer"):
            ops.add_operator(s, role, role, PW)
    services = _services(rid, tmp_path)
    assert {key.split("/")[0] for key in services} == set(perms.ACTS)  # every act has a service here
    for role in perms.ROLES:
        town_app.login("root" if role == "admin" else role, PW)
        for key, call in services.items():
            act = key.split("/")[0]
            why = perms.refusal(role, act)
            try:
                call(town_app)
            except ops.NotAllowed as exc:
                assert why is not None, f"{role} refused {key}: {exc}"
                assert perms.ROLES[role] in str(exc) and perms.ACTS[act].what in str(exc)
                continue
            except Exception:  # noqa: BLE001 - allowed, then refused for another reason (no file…)
                pass
            assert why is None, f"{role} was not refused {key}"


def test_refusal_texts() -> None:
    assert perms.refusal(None, "records") is None  # no accounts: everything as before
    assert perms.refusal("admin", "keys") is None
    assert perms.refusal("clerk", "records") is None
    assert perms.refusal("viewer", "records") == "只读账户不能登记、修改、作废或删除记录（需要经办或管理员角色）"
    assert perms.refusal("reviewer", "records") is not None and perms.refusal("reviewer", "decide") is None
    assert perms.refusal("clerk", "decide") == "经办账户不能作出区总工会的审核决定（需要审核或管理员角色）"
    assert perms.refusal("clerk", "settings") == "经办账户不能修改设置（需要管理员角色）"
