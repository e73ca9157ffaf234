"""The screen offers only what the signed-in operator's role may do (issue 15 point 2): the
buttons and menu items of refused acts are greyed out with the reason as their tooltip; the
map is the one the services enforce (services.permissions, tests/unit/test_permissions.py)."""

from __future__ import annotations

import pytest

from desktop_app.gui.permissions import refused
from desktop_app.services import operators as ops
from desktop_app.services import permissions as perms
from tests.unit.exchange_helpers import PROJECT, add_record

pytestmark = pytest.mark.usefixtures("gui_env")
PW = "password-for-all-1"


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ops, "SCRYPT_N", 2**10)


def _window_as(qtbot, app, role: str | None):  # type: ignore[no-untyped-def]
    """A main window on a store with accounts, logged in as ``role`` (None: no accounts)."""
    from desktop_app.gui.main_window import MainWindow

    rid = add_record(app, "甲物流公司", [("李四", "31011819890517002X")], ready=False)
    if role is not None:
        with app.transaction() as s:
            ops.add_operator(s, "root", "admin", PW, first_admin=True)
        app.login("root", PW)
        with app.transaction() as s:
            ops.add_operator(s, "someone", role, PW)
        app.login("someone", PW)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window, rid


def _targets(window):  # type: ignore[no-untyped-def]
    """Every gated widget or action of the town's window, with the act it stands for."""
    records = window.show_page("records")
    records.set_project(PROJECT)
    home = window.show_page("home")
    units = window.show_page("units")
    people = window.show_page("people")
    exchange = window.show_page("exchange")
    settings = window.show_page("settings")
    town = exchange.panel
    found = {
        "records": [window.new_record_action, window.status_actions["ready"], records.new_button,
                    records.status_buttons["ready"], records.void_button, records.delete_button,
                    home.board.done_button],
        "import": [window.import_action, records.excel.import_button, town.receipt_button, town.return_button,
                   window._exchange_actions["import_receipt"]],
        "export": [town.export_button, window._exchange_actions["export"]],
        "print": [records.batch_button],
        "units": [units.add_button, units.edit_button],
        "catalogue": [home.edit_button, home.copy_button],
        "settings": [settings.edit_button, settings.backup_panel.place_button, settings.database_panel.save_button],
        "accounts": [settings.accounts_panel.add_button, settings.accounts_panel.disable_button],
        "backup": [settings.backup_panel.now_button, settings.backup_panel.folder_button, window.backup_actions[0]],
        "restore": [settings.backup_panel.file_button, settings.backup_panel.restore_button, window.backup_actions[1]],
    }
    people_import = [b for b in people.findChildren(type(records.new_button)) if b.text() == "从 Excel 导入…"]
    assert len(people_import) == 1
    found["import"].append(people_import[0])
    return found


@pytest.mark.parametrize("role", ["viewer", "clerk"])
def test_only_what_the_role_may_do_is_offered(qtbot, town_app, role) -> None:  # type: ignore[no-untyped-def]
    window, _rid = _window_as(qtbot, town_app, role)
    for act, targets in _targets(window).items():
        why = perms.refusal(role, act)
        for target in targets:
            name = target.text()
            if why is None:
                assert refused(target) is None, (role, act, name)
            else:
                assert not target.isEnabled() and refused(target) == why, (role, act, name)
                assert target.toolTip() == why, (role, act, name)
    if role == "viewer":
        assert refused(window.new_record_action) == "只读账户不能登记、修改、作废或删除记录（需要经办或管理员角色）"
        assert window.new_record_action.statusTip() == refused(window.new_record_action)
    else:  # a clerk records: the buttons of the clerk's acts stay as the selection makes them
        records = window.pages["records"]
        assert records.new_button.isEnabled() and records.excel.template_button.isEnabled()
        assert window.pages["settings"].backup_panel.now_button.isEnabled()
        assert not window.pages["settings"].edit_button.isEnabled()  # 管理员 only
        assert window.pages["settings"].accounts_panel.own_button.isEnabled()  # one's own password


def test_without_accounts_everything_stays_offered(qtbot, town_app) -> None:  # type: ignore[no-untyped-def]
    window, _rid = _window_as(qtbot, town_app, None)
    for act, targets in _targets(window).items():
        for target in targets:
            assert refused(target) is None, (act, target.text())
    settings = window.pages["settings"]
    assert settings.edit_button.isEnabled() and settings.accounts_panel.add_button.isEnabled()
    assert window.pages["records"].new_button.isEnabled()


def test_a_viewer_reads_a_record_but_cannot_change_it(qtbot, town_app, gui_env) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.forms.editor import RecordEditor
    from desktop_app.gui.person_view import PersonDialog
    from tests.unit.exchange_helpers import FORM

    window, rid = _window_as(qtbot, town_app, "viewer")
    editor = RecordEditor(town_app, rid, PROJECT, FORM)
    qtbot.addWidget(editor)
    assert not editor.save_button.isEnabled() and not editor.ready_button.isEnabled()
    assert editor.dirty_label.text().startswith("只读账户不能登记、修改、作废或删除记录")
    assert editor.save() is False
    records = window.show_page("records")
    records.set_project(PROJECT)
    records.new_record()  # Ctrl+N reaches here without the button: it says why
    assert gui_env.texts("information")[-1].startswith("只读账户不能登记")
    with town_app.session() as s:
        from sqlalchemy import select

        from desktop_app.store.models import Person

        person_id = s.scalar(select(Person.id))
    dialog = PersonDialog(town_app, person_id)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and not dialog.correct_button.isEnabled()
    assert all(edit.isReadOnly() for edit in dialog.edits.values())
    assert refused(dialog.save_button) == "只读账户不能修改人员资料（需要经办或管理员角色）"


@pytest.mark.parametrize("role", ["reviewer", "clerk"])
def test_the_districts_decisions_are_the_reviewers(qtbot, tmp_path, gui_env, role) -> None:  # type: ignore[no-untyped-def]
    """At the district 标记已通过 / 已退回 / 已结算 are decisions (审核); the packages, keys and
    records are the clerk's (经办) — each greyed out for the other role."""
    from desktop_app.gui.main_window import MainWindow
    from tests.unit.exchange_helpers import open_office

    district = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    try:
        with district.transaction() as s:
            ops.add_operator(s, "root", "admin", PW, first_admin=True)
        district.login("root", PW)
        with district.transaction() as s:
            ops.add_operator(s, "someone", role, PW)
        district.login("someone", PW)
        window = MainWindow(district)
        qtbot.addWidget(window)
        records = window.show_page("records")
        panel = window.show_page("exchange").panel
        targets = {"decide": [records.status_buttons[s] for s in ("approved", "returned", "settled")]
                   + [window.status_actions["approved"]],
                   "records": [records.status_buttons["ready"], window.new_record_action],
                   "import": [panel.import_button, window._exchange_actions["import_packages"]],
                   "export": [panel.return_button, panel.receipt_button],
                   "keys": [panel.keys.enrol_button, panel.keys.reissue_button]}
        for act, widgets in targets.items():
            why = perms.refusal(role, act)
            for w in widgets:
                assert refused(w) == why, (role, act, w.text())
    finally:
        district.close()
