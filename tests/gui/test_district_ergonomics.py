"""District ergonomics (issue 18): 街镇 column and filter, approval asks with an optional
comment, a return needs a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from desktop_app.services.office import setup_office
from desktop_app.services.records import get_record
from desktop_app.services.units import save_unit
from desktop_app.store.models import Record
from tests.gui.records_helpers import health_record

pytestmark = pytest.mark.usefixtures("gui_env")


@pytest.fixture()
def district_app(app):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
        save_unit(s, {"name": "朱家角镇总工会", "code": "ZJJ", "role": "town", "level": "town"})
        save_unit(s, {"name": "练塘镇总工会", "code": "LT", "role": "town", "level": "town"})
    return app


@pytest.fixture()
def recs(district_app):  # type: ignore[no-untyped-def]
    ids = {"zjj": health_record(district_app, "上海朱家角科技有限公司", 30, "submitted"),
           "lt": health_record(district_app, "上海练塘食品有限公司", 35, "submitted")}
    with district_app.transaction() as s:  # as if imported from the towns' packages
        s.execute(update(Record).where(Record.id == ids["zjj"]).values(origin="ZJJ"))
        s.execute(update(Record).where(Record.id == ids["lt"]).values(origin="LT"))
    return ids


@pytest.fixture()
def page(qtbot, district_app, recs):  # type: ignore[no-untyped-def]
    from desktop_app.gui.main_window import MainWindow

    w = MainWindow(district_app)
    qtbot.addWidget(w)
    w.show()
    w.open_records("QP2023-03")
    return w.pages["records"]


def _cells(page, rid: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    m = page.model
    row = m.row_of(rid)
    return {c.key: m.index(row, i).data() for i, c in enumerate(m.columns)}


def test_town_column_and_filter(page, recs) -> None:
    titles = [c.title for c in page.model.columns]
    assert titles[:3] == ["编号", "街镇", "表单"]
    assert _cells(page, recs["zjj"])["town"] == "朱家角镇总工会"
    assert _cells(page, recs["lt"])["town"] == "练塘镇总工会"
    choices = [page.town.itemText(i) for i in range(page.town.count())]
    assert choices == ["全部街镇", "练塘镇总工会（LT）", "朱家角镇总工会（ZJJ）"]  # pinyin: lian < zhu
    page.town.setCurrentIndex(page.town.findData("ZJJ"))
    assert page.model.ids() == [recs["zjj"]]
    assert "人数 30" in page.totals.text()
    page.town.setCurrentIndex(0)
    assert sorted(page.model.ids()) == sorted(recs.values())


def test_approve_asks_and_keeps_the_comment(page, recs, district_app, gui_env) -> None:
    page.select_ids([recs["zjj"]])
    gui_env.text = None  # cancelled: still 已报送
    page.status_buttons["approved"].click()
    with district_app.session() as s:
        assert get_record(s, recs["zjj"]).status == "submitted"
    gui_env.text = "材料齐全"
    page.status_buttons["approved"].click()
    with district_app.session() as s:
        rec = get_record(s, recs["zjj"])
        assert (rec.status, rec.status_reason) == ("approved", "材料齐全")
    assert [t for k, t, _ in gui_env.calls if k == "getText"] == ["审核通过", "审核通过"]
    page.select_ids([recs["lt"]])
    gui_env.text = ""  # no comment: approved all the same
    page.status_buttons["approved"].click()
    with district_app.session() as s:
        rec = get_record(s, recs["lt"])
        assert (rec.status, rec.status_reason) == ("approved", None)


def test_return_without_a_reason_is_asked_again(page, recs, district_app, gui_env, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    answers = iter([("", True), ("  ", True), ("名册缺 2 人身份证号", True)])
    labels: list[str] = []

    def get_text(parent, title, label, *a, **k):  # type: ignore[no-untyped-def]
        labels.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    page.select_ids([recs["lt"]])
    page.status_buttons["returned"].click()
    with district_app.session() as s:
        rec = get_record(s, recs["lt"])
        assert (rec.status, rec.status_reason) == ("returned", "名册缺 2 人身份证号")
    assert len(labels) == 3 and "必须写明原因" in labels[1]
