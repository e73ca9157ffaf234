"""Field widgets and the paper-like FormView (issue 3 items 1–2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel

from desktop_app.core.findings import Evaluation, error, warning
from desktop_app.core.forms import FieldSpec, Option, load_specs
from desktop_app.gui.forms.builder import FormView
from desktop_app.gui.forms.widgets import make_widget
from tests.gui.forms_fixtures import ALL_CODES, type_text

SPECS = load_specs()


def _widget(qtbot, field):
    w = make_widget(field)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def test_choice_is_exclusive_but_can_be_left_blank(qtbot):
    f = FieldSpec("plan", "体检计划", "choice", options=(Option("A", "计划 A"), Option("B", "计划 B")))
    w = _widget(qtbot, f)
    seen = []
    w.changed.connect(lambda: seen.append(w.get_value()))
    w.box_for("A").setChecked(True)
    w.box_for("B").setChecked(True)
    assert w.get_value() == "B" and not w.box_for("A").isChecked()
    w.box_for("B").setFocus()
    QTest.keyClick(w.box_for("B"), Qt.Key.Key_Space)  # untick: the question left blank
    assert w.get_value() is None
    assert seen[-1] is None
    QTest.keyClick(w.box_for("B"), Qt.Key.Key_Left)  # arrows move between the □
    assert QApplication.focusWidget() is w.box_for("A")
    w.set_value("A")
    assert w.get_value() == "A"


def test_multi_choice_any_number(qtbot):
    f = FieldSpec("m", "已交材料", "multi_choice", options=(Option("a", "甲"), Option("b", "乙"), Option("c", "丙")))
    w = _widget(qtbot, f)
    w.box_for("a").setChecked(True)
    w.box_for("c").setChecked(True)
    assert w.get_value() == ["a", "c"]
    w.set_value(["b"])
    assert w.get_value() == ["b"]


def test_int_blank_is_not_zero_and_money_in_yuan(qtbot):
    n = _widget(qtbot, FieldSpec("n", "参加人数", "int", minimum=1))
    assert n.get_value() is None
    QTest.keyClicks(n.edit, "0")
    assert n.get_value() == 0
    QTest.keyClicks(n.edit, "x")  # refused by the validator
    assert n.edit.text() == "0"
    m = _widget(qtbot, FieldSpec("fee", "总费用（元）", "money"))
    QTest.keyClicks(m.edit, "1,234.5")
    assert m.get_value() == "1234.50"
    QTest.keyClicks(m.edit, "67")  # a third decimal is refused
    assert m.edit.text() == "1,234.56" and m.get_value() == "1234.56"
    assert any(isinstance(c, QLabel) and c.text() == "元" for c in m.children())


def test_date_accepts_clerk_formats_and_calendar(qtbot):
    d = _widget(qtbot, FieldSpec("d", "填表日期", "date"))
    assert d.get_value() is None  # blank allowed
    d.edit.setFocus()
    QTest.keyClicks(d.edit, "2023/5/20")
    QTest.keyClick(d.edit, Qt.Key.Key_Return)
    assert d.edit.text() == "2023-05-20" and d.get_value() == "2023-05-20"
    cal = d.open_calendar()
    from PySide6.QtCore import QDate
    cal.clicked.emit(QDate(2023, 6, 3))
    assert d.get_value() == "2023-06-03"
    d.edit.clear()
    assert d.get_value() is None


def test_month_day_two_small_boxes(qtbot):
    w = _widget(qtbot, FieldSpec("s", "起止时间（起）", "month_day"))
    assert w.get_value() is None
    QTest.keyClicks(w.month, "6")
    QTest.keyClicks(w.day, "10")
    assert w.get_value() == "06-10"
    w.set_value("11-30")
    assert (w.month.value(), w.day.value()) == (11, 30)


def test_id_number_normalised_as_typed(qtbot):
    w = _widget(qtbot, FieldSpec("id_number", "身份证号码", "id_number"))
    w.edit.setFocus()
    type_text(w.edit, " 31011８1989０517002x ")  # full-width digits from an input method (R-ID-2)
    QTest.keyClick(w.edit, Qt.Key.Key_Tab)
    assert w.edit.text() == "31011819890517002X" and w.get_value() == "31011819890517002X"
    QTest.keyClicks(w.edit, "9")  # no 19th character
    assert len(w.edit.text()) == 18


def test_phone_normalised_and_gender_combo(qtbot):
    p = _widget(qtbot, FieldSpec("mobile", "手机", "mobile"))
    p.edit.setFocus()
    QTest.keyClicks(p.edit, "+86 139-1688-1234")
    QTest.keyClick(p.edit, Qt.Key.Key_Tab)
    assert p.get_value() == "13916881234"
    g = _widget(qtbot, FieldSpec("gender", "性别", "gender"))
    assert g.get_value() is None
    g.set_value("女")
    assert g.get_value() == "女"


def test_every_field_type_has_a_widget_that_round_trips_its_example(qtbot):
    """A new type in core.field_types needs its Qt widget in WIDGETS (recipe step 3)."""
    from desktop_app.core.field_types import TYPES
    from desktop_app.core.form_model import FIELD_TYPES
    from desktop_app.gui.forms.widgets import WIDGETS

    assert set(WIDGETS) == set(FIELD_TYPES)
    options = (Option("a", "甲"), Option("b", "乙"), Option("c", "丙"))
    for name in sorted(FIELD_TYPES):
        field = FieldSpec("x", "字段", name, options=options if TYPES[name].has_options else ())
        w = make_widget(field)
        qtbot.addWidget(w)
        example = TYPES[name].example(field)
        w.set_value(example)
        assert w.get_value() == example, name


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_spec_builds_with_every_field(qtbot, code):
    spec = SPECS[code]
    view = FormView(spec, 2023)
    qtbot.addWidget(view)
    assert set(view.widgets) == set(spec.all_field_keys)
    values = view.values()
    view.set_values(values)
    assert view.values() == values
    assert view.paper.findChild(QLabel, "formTitle").text() == spec.title_for(2023)


def test_paper_grid_spans_stamps_and_extra_box(qtbot):
    spec = SPECS["2-3-2"]
    view = FormView(spec, 2024)
    qtbot.addWidget(view)
    assert "2024 年" in view.paper.findChild(QLabel, "formTitle").text()  # the project's year
    cell = view.widgets["check_place"].parentWidget()
    row, col, rowspan, colspan = view.grid_layout.getItemPosition(view.grid_layout.indexOf(cell))
    assert (col, colspan) == (1, 3)  # 体检地点 | [ ] over three columns, as on paper
    texts = [w.text() for w in view.paper.findChildren(QLabel)]
    for label in spec.stamp_labels():
        assert f"{label}\n盖章：" in texts
    assert all(key in view.widgets for key in spec.stamp_keys)  # stamp dates entered later
    extra = view.findChild(QGroupBox, "extraBox")
    assert extra is not None and extra.title() == "补充信息（不打印）"
    for f in spec.screen_only_fields():
        assert extra.isAncestorOf(view.widgets[f.key])
    for f in spec.paper_fields():
        assert view.paper.isAncestorOf(view.widgets[f.key])


def test_tab_order_follows_the_paper(qtbot):
    spec = SPECS["2-3-2"]
    view = FormView(spec, 2023)
    qtbot.addWidget(view)
    view.show()
    order = ["unit_name", "contact", "unit_address", "contact_phone", "headcount", "check_date"]
    first = view.widgets[order[0]].focus_widgets()[0]
    assert view.tab_chain[0] is first
    for a, b in zip(order, order[1:]):
        wa, wb = view.widgets[a].focus_widgets()[-1], view.widgets[b].focus_widgets()[0]
        assert wa.nextInFocusChain() is wb or view.tab_chain.index(wb) == view.tab_chain.index(wa) + 1


def test_findings_mark_fields_and_click_focuses(qtbot):
    spec = SPECS["2-3-2"]
    view = FormView(spec, 2023)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    ev = Evaluation(computed={}, findings=[
        error("R-HC-3", "申请表体检人数 65 人，与名册人数 64 人不一致（R-HC-3）", "headcount"),
        warning("R-HC-2", "体检人数 5 人，不在每批 30–120 人的范围内（R-HC-2）", "headcount", "contact"),
    ])
    view.set_evaluation(ev)
    assert view.widgets["headcount"].problem == "error"
    assert view.widgets["contact"].problem == "warning"
    assert "R-HC-3" in view.widgets["headcount"].toolTip()
    assert view.widgets["unit_name"].problem == ""
    assert view.findings_list.texts()[0].startswith("申请表体检人数")
    view.findings_list.list.itemClicked.emit(view.findings_list.list.item(0))
    assert QApplication.focusWidget() is view.widgets["headcount"].edit
