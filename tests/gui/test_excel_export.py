"""Exports from the GUI (名册, 列表, 空白模板) with the full-identity-number question, and the
Excel buttons on the people page, the records page and the record editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.gui.excel import exports
from desktop_app.services.roster_export import FULL_ID_NOTICE
from tests.gui.records_helpers import health_record

pytestmark = pytest.mark.usefixtures("gui_env")


class Asked:
    def __init__(self) -> None:
        self.answer = "脱敏导出"
        self.texts: list[str] = []
        self.saves: list[str] = []


@pytest.fixture()
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Asked:
    a = Asked()

    def exec_(box: QMessageBox) -> int:  # the clerk clicks the button named a.answer
        a.texts.append(box.text())
        for b in box.buttons():
            if b.text() == a.answer:
                b.click()
        return 0

    def save(parent: Any, title: str, start: str = "", *args: Any, **kw: Any) -> tuple[str, str]:
        a.saves.append(title)
        return (str(tmp_path / "out" / Path(start).stem) if a.answer else "", "")

    a.out = tmp_path / "out"  # type: ignore[attr-defined]
    a.out.mkdir()  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    return a


def cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value is not None]


def roster_ids(app: Any, rid: int) -> list[str]:
    from desktop_app.services.records import get_record

    with app.session() as s:
        return [e.person.id_number for e in get_record(s, rid).entries]


@pytest.mark.parametrize("answer", ["导出完整号码", "脱敏导出", "取消"])
def test_export_roster_asks_about_full_ids(town_app, asked: Asked, answer: str) -> None:  # type: ignore[no-untyped-def]
    rid = health_record(town_app, "青浦乙公司", 3)
    asked.answer = answer
    path = exports.export_roster_dialog(None, town_app, rid)
    assert asked.saves == ["导出名册"]
    assert len(asked.texts) == 1 and "完整的身份证号码" in asked.texts[0]
    assert asked.texts[0].startswith(FULL_ID_NOTICE.split("{name}")[0]) and "--mask" not in asked.texts[0]
    ids = roster_ids(town_app, rid)
    if answer == "取消":
        assert path is None and not list(asked.out.glob("*"))
        return
    assert path is not None and path.suffix == ".xlsx" and path.exists()
    text = "".join(cells(path))
    assert "青浦乙公司" in text
    if answer == "导出完整号码":
        assert all(i in text for i in ids)
    else:
        assert not any(i in text for i in ids) and ids[0][:6] in text


def test_template_and_list_need_no_question(town_app, asked: Asked, gui_env) -> None:  # type: ignore[no-untyped-def]
    health_record(town_app, "青浦丙公司", 2)
    tpl = exports.template_dialog(None, town_app, "2-3-6")
    assert tpl is not None and tpl.exists() and "身份证号码" in "".join(cells(tpl))
    lst = exports.export_list_dialog(None, town_app, "2-3-2", "QP2023-03")
    assert lst is not None and lst.exists() and "青浦丙公司" in "".join(cells(lst))
    assert asked.texts == []  # neither holds identity numbers
    assert [k for k in gui_env.kinds() if k == "information"] == ["information", "information"]


def test_people_page_has_the_import_button(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.excel import import_wizard

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(import_wizard, "run_import_wizard", lambda parent, app, **kw: calls.append(kw))
    page = window.show_page("people")
    assert page.import_button.text() == "从 Excel 导入…"
    page.import_button.click()
    assert calls == [{}]  # the registry only


def test_records_page_buttons(window, town_app, asked: Asked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.excel import import_wizard

    rid = health_record(town_app, "青浦丁公司", 2)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(import_wizard, "run_import_wizard", lambda parent, app, **kw: calls.append(kw))
    page = window.show_page("records")
    page.set_project("QP2023-03")
    buttons = page.excel
    assert not buttons.import_button.isEnabled()  # nothing selected
    page.select_ids([rid])
    assert buttons.import_button.isEnabled() and buttons.export_button.isEnabled()
    buttons.import_button.click()
    assert calls and calls[0]["record_id"] == rid and calls[0]["form_code"] == "2-3-6"
    asked.answer = "脱敏导出"
    buttons.export_button.click()
    buttons.template_button.click()
    assert asked.saves[:2] == ["导出名册", "下载空白模板"] and len(asked.texts) == 1
    assert len(list(asked.out.glob("*.xlsx"))) == 2  # type: ignore[attr-defined]


def test_editor_roster_has_the_import_button(qtbot, town_app, gui_env, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.excel import import_wizard
    from desktop_app.gui.forms.editor import RecordEditor

    rid = health_record(town_app, "青浦戊公司", 2)
    editor = RecordEditor(town_app, rid, None, None)
    qtbot.addWidget(editor)
    assert editor.excel_import_button is not None

    def fake_wizard(parent: Any, app: Any, **kw: Any) -> Any:  # the wizard's own steps, no clicks
        from desktop_app.services.roster_import import commit, detect, dry_run
        from tests.unit import xlsx_factory as xf

        assert kw["record_id"] == rid and kw["form_code"] == "2-3-6"
        path = xf.roster_236(tmp_path / "one.xlsx", [xf.person(1, "新来的", "女", "已婚", None, xf.ID_F)])
        with app.transaction() as s:
            preview = dry_run(s, detect(path, "2-3-6", specs=app.specs, session=s), specs=app.specs,
                              record_id=rid)
            return commit(s, preview, specs=app.specs)

    monkeypatch.setattr(import_wizard, "run_import_wizard", fake_wizard)
    saved: list[int] = []
    editor.saved.connect(saved.append)
    editor.excel_import_button.click()
    assert len(editor.roster_editor.rows()) == 3 and saved == [rid] and not editor.is_dirty()
