"""Every form spec: typed into the real widgets, saved with Ctrl+S, reopened intact (issue 3).

A roster form (2-3-6 …) is tested on its own when a project uses it directly, and always as
the 名册 tab of the application it is attached to (``roster_form``)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.forms_fixtures import (  # noqa: F401 (msgbox is a fixture)
    ALL_CODES, chinese_for, fill_form, msgbox, open_editor, type_cell,
)

IDS = ["440306198002290519", "31011819890517002X", "11010519491231002X"]


def _norm(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v not in (None, "", [], False) and k != "seq"}


def type_roster(editor: Any, n_rows: int) -> None:
    """Type ``n_rows`` rows by keyboard: every value column, ticks with Space."""
    roster = editor.roster_editor
    view, model = roster.view, roster.model
    if editor.tabs is not None:
        editor.tabs.setCurrentIndex(1)
    has_id = any(c.key == model.id_key for c in model.columns)
    for r in range(n_rows):
        ticked: set[str] = set()
        for col, vc in enumerate(model.columns):
            if vc.kind == "tick" and vc.key not in ticked:
                ticked.add(vc.key)
                view.setCurrentIndex(model.index(r, col))
                QTest.keyClick(view, Qt.Key.Key_Space)
                continue
            if vc.kind != "value" or vc.column is None:
                continue
            t = vc.column.type
            if has_id and vc.key in (model.gender_key, model.age_key):
                continue  # filled from the identity number
            text = {"id_number": IDS[r % len(IDS)], "int": str(3 + r), "date": "2023-06-2" + str(r),
                    "phone": "021-5973123" + str(r), "mobile": "1391688123" + str(r),
                    "gender": "男", "money": "12.50"}.get(t)
            if t == "choice":
                text = vc.column.options[-1].label
            if text is None:
                text = chinese_for(vc.column.as_field()) + ("" if r == 0 else str(r))
            type_cell(view, r, col, text)


@pytest.mark.parametrize("code", ALL_CODES)
def test_form_typed_saved_and_reopened(qtbot, town_app, msgbox, code):  # noqa: F811
    from desktop_app.services.form_session import projects_for_form

    spec = town_app.specs[code]
    if not projects_for_form(town_app, code):
        parents = [s.code for s in town_app.specs.values() if s.roster_form == code]
        assert parents, f"form {code} is used by no project and attached to no form"
        pytest.skip(f"{code} is entered as the roster of {', '.join(parents)} (tested there)")
    editor = open_editor(qtbot, town_app, code)
    typed = fill_form(qtbot, editor.form_view, spec) if spec.kind != "roster" else {}
    if editor.roster_editor is not None:
        type_roster(editor, 2)
    values = editor.form_view.values() if spec.kind != "roster" else {}
    roster = editor.roster_editor.rows() if editor.roster_editor is not None else []
    for key, want in typed.items():  # what was typed is what the form holds
        assert values[key] == want, (code, key, values[key], want)
    if editor.roster_editor is not None:
        assert len(roster) == 2
        assert all(len(_norm(r)) >= 2 for r in roster), roster
    assert editor.is_dirty()

    focus = editor.form_view.tab_chain[0] if spec.kind != "roster" else editor.roster_editor.view
    if editor.tabs is not None:
        editor.tabs.setCurrentIndex(0)
    focus.setFocus()
    QTest.keyClick(focus, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.state.record_id is not None, timeout=15000)
    assert not editor.is_dirty()

    again = open_editor(qtbot, town_app, record_id=editor.state.record_id)
    assert again.spec.code == code
    if spec.kind != "roster":
        assert again.form_view.values() == values
    if again.roster_editor is not None:
        assert [_norm(r) for r in again.roster_editor.rows()] == [_norm(r) for r in roster]
    assert not again.is_dirty()
    assert again.status_label.text() in ("草稿", "待盖章")
