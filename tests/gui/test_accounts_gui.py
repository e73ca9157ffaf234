"""Accounts and the database choice on screen (issue 15): the login dialog, 设置 → 账户,
设置 → 数据库, and other seats' changes showing in an open window (server store)."""

from __future__ import annotations

import pytest

from desktop_app.gui.changes import bus
from desktop_app.services import operators as ops
from tests.pg import base_url
from tests.unit.exchange_helpers import add_record

pytestmark = pytest.mark.usefixtures("gui_env")


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ops, "SCRYPT_N", 2**10)


def _accounts(app) -> None:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        ops.add_operator(s, "root", "admin", "admin-pass-1", first_admin=True)
    app.login("root", "admin-pass-1")
    with app.transaction() as s:
        ops.add_operator(s, "小李", "clerk", "clerk-pass-2")
    app.store.operator = None


def test_login_dialog(qtbot, town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.accounts import LoginDialog

    _accounts(town_app)
    assert town_app.login_required()
    dialog = LoginDialog(town_app)
    qtbot.addWidget(dialog)
    dialog.name.setText("小李")
    dialog.password.setText("wrong-one")
    assert not dialog.try_login()
    assert "再错 4 次" in dialog.problem.text() and dialog.password.text() == ""
    dialog.password.setText("clerk-pass-2")
    assert dialog.try_login()
    assert town_app.operator.name == "小李" and town_app.operator.role == "clerk"


def test_accounts_panel_for_an_admin_and_a_clerk(qtbot, town_app, gui_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from desktop_app.gui.accounts import AccountsPanel, AddOperatorDialog

    panel = AccountsPanel(town_app)
    qtbot.addWidget(panel)
    assert "尚未启用账户" in panel.who.text() and panel.add_button.isEnabled()

    def fill(self) -> QDialog.DialogCode:  # type: ignore[no-untyped-def]
        self.name.setText("root")
        self.role.setCurrentIndex(self.role.findData("admin"))
        self.password.setText("admin-pass-1")
        self.again.setText("admin-pass-1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddOperatorDialog, "exec", fill)
    panel.add()  # the first administrator, logged in at once
    assert town_app.operator is not None and town_app.operator.name == "root"
    assert "当前登录：root（管理员）" in panel.who.text()
    assert [panel.table.item(0, c).text() for c in range(3)] == ["root", "管理员", "正常"]
    with town_app.transaction() as s:
        ops.add_operator(s, "小李", "clerk", "clerk-pass-2")
    town_app.login("小李", "clerk-pass-2")
    panel.refresh()
    assert panel.table.rowCount() == 2
    assert not panel.add_button.isEnabled() and not panel.disable_button.isEnabled()
    assert panel.own_button.isEnabled()


def test_database_panel_saves_the_server_without_a_password(qtbot, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.pages.database_panel import DatabasePanel
    from desktop_app.services.app import SERVER_FILE

    panel = DatabasePanel(town_app)
    qtbot.addWidget(panel)
    assert panel.local.isChecked() and not panel.host.isEnabled()
    panel.server.setChecked(True)
    assert panel.host.isEnabled() and panel.sslmode.currentData() == "require"
    panel.host.setText("ul-server.qp.local")
    panel.database.setText("unionledger")
    panel.user.setText("qp_office")
    panel.password.setText("secret-not-saved")
    assert panel.save()
    saved = (town_app.data_dir.root / SERVER_FILE).read_text(encoding="utf-8").strip()
    assert saved == "postgresql://qp_office@ul-server.qp.local:5432/unionledger?sslmode=require"
    assert "下次启动" in panel.result.text()
    panel.user.setText("")
    assert not panel.save() and "请填写数据库用户名" in gui_env.texts("warning")[-1]
    panel.local.setChecked(True)
    assert panel.save() and not (town_app.data_dir.root / SERVER_FILE).exists()


def test_database_panel_tests_a_connection(qtbot, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.pages.database_panel import DatabasePanel

    panel = DatabasePanel(town_app)
    qtbot.addWidget(panel)
    panel.server.setChecked(True)
    panel.host.setText("127.0.0.1")
    panel.port.setValue(1)  # nothing listens there
    panel.user.setText("x")
    assert not panel.test() and panel.result.text().startswith("连接失败：")
    if base_url() is None or not town_app.store.server:
        return
    from sqlalchemy.engine import make_url

    from desktop_app.services import server_settings as ss

    u = make_url(town_app.store.url)
    report = ss.test_connection(town_app.store.url)
    assert report.revision == report.head and "PostgreSQL" in report.version
    assert "与本程序一致" in report.message() and u.database


@pytest.mark.skipif(base_url() is None, reason="a server store (UNIONLEDGER_TEST_PG)")
def test_another_seats_change_shows_without_a_restart(qtbot, window, town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.app import App
    from desktop_app.store.db import Store

    assert window.poll_timer is not None and window.poll_timer.interval() == 3000
    seen: list[str] = []
    bus().changed.connect(seen.append)
    assert not window.poll_changes()  # nothing changed yet
    other = App(town_app.data_dir, Store(town_app.store.url), town_app.migration, 0)  # a second seat
    try:
        add_record(other, "另一座席的公司", [("李四", "31011819890517002X")])
    finally:
        other.store.close()
    qtbot.waitUntil(lambda: "all" in seen, timeout=8000)  # the timer, not a call of ours
    assert not window.poll_changes()
