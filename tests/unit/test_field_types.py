"""core.field_types: each field type parses, checks, shows, exports and prints its own values
(issue 16 point 3)."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.field_types import (
    TYPES,
    CoerceError,
    UnknownFieldType,
    field_type,
    identity_key,
    type_of,
)
from desktop_app.core.form_model import FIELD_TYPES, ROSTER_TYPES, FieldSpec, Option, RosterColumn

OPTS = (Option("a", "长三角区域"), Option("b", "省内"), Option("c", "1 市内"))


def spec(ftype: str, **kw: object) -> FieldSpec:
    return FieldSpec(key=kw.pop("key", "k"), label=kw.pop("label", "字段"), type=ftype, **kw)  # type: ignore[arg-type]


def test_every_spec_type_is_described_once() -> None:
    assert set(TYPES) == set(ROSTER_TYPES) == FIELD_TYPES | {"seq"}
    assert all(ft.name == name for name, ft in TYPES.items())


def test_an_unknown_type_fails_loudly() -> None:
    with pytest.raises(UnknownFieldType, match="未知的字段类型"):
        field_type("no_such_type")
    with pytest.raises(UnknownFieldType):
        field_type(None)  # type: ignore[arg-type]
    assert type_of(None) is None and type_of("split") is None and type_of("date") is field_type("date")


def test_traits() -> None:
    def having(trait: str) -> set[str]:
        return {t for t, ft in TYPES.items() if getattr(ft, trait)}

    assert having("personal") == {"id_number", "phone", "mobile"}
    assert having("phone") == {"phone", "mobile"}
    assert having("identity") == {"id_number"}
    assert having("text_cell") == {"id_number", "phone", "mobile", "text"}
    assert having("printed_as_text") == {"text", "id_number", "phone", "mobile", "gender"}
    assert having("numeric") == {"int", "money", "seq"}
    assert having("boxed") == {"choice", "multi_choice", "gender", "bool"}
    assert having("has_options") == {"choice", "multi_choice"}
    assert having("person_row") == {"text", "phone", "mobile", "gender", "bool", "choice", "int", "id_number"}
    assert (field_type("id_number").excel_width, field_type("mobile").excel_width) == (22, 15)
    assert identity_key([spec("text", key="name"), spec("id_number", key="idno")]) == "idno"
    assert identity_key([spec("text")]) is None


# -- parse ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ftype, raw, stored", [
    ("text", "  王 芳 ", "王 芳"),
    ("text", "", None),
    ("multiline", "第一行\n第二行", "第一行\n第二行"),
    ("int", "1,200人", 1200),
    ("int", "３０", 30),  # full-width digits (NFKC)
    ("int", "40.00", 40),
    ("money", "1,234.5", "1234.50"),
    ("money", Decimal("80"), "80.00"),
    ("money", 0, "0.00"),
    ("date", "2023年5月1日", "2023-05-01"),
    ("date", "20230501", "2023-05-01"),
    ("date", dt.datetime(2023, 5, 1, 9, 30), "2023-05-01"),
    ("month_day", "5月1日", "05-01"),
    ("month_day", "02-29", "02-29"),
    ("gender", "女性", "女"),
    ("gender", "M", "男"),
    ("id_number", " 31011819890517002x ", "31011819890517002X"),
    ("mobile", "+86 138-1234-5678", "13812345678"),
    ("phone", "021 5973 1234", "021-59731234"),
    ("bool", "√", True),
    ("bool", "", False),
    ("bool", None, False),
    ("choice", "省内", "b"),
    ("choice", "市内", "c"),  # "1 市内" without its number
    ("choice", "☑长三角区域", "a"),
    ("multi_choice", "长三角区域、省内，省内", ["a", "b"]),
    ("multi_choice", ["b", "长三角区域"], ["b", "a"]),
    ("seq", "3", 3),
])
def test_parse(ftype: str, raw: object, stored: object) -> None:
    from desktop_app.core.forms import coerce_value

    f = spec(ftype, options=OPTS if "choice" in ftype else ())
    assert coerce_value(f, raw) == stored


@pytest.mark.parametrize("ftype, raw, words", [
    ("int", "3.5", "应为整数"),
    ("money", "12.345", "应为金额"),
    ("money", "十元", "应为金额"),
    ("date", "2023-02-30", "应为日期"),
    ("month_day", "13月1日", "应为月日"),
    ("gender", "未知", "应为“男”或“女”"),
    ("bool", "也许", "应填“是”或“否”"),
    ("choice", "国外", "应为以下之一：长三角区域、省内、1 市内"),
    ("id_number", 310118198905170021, "R-ID-3"),  # an 18-digit number cell: never repaired
])
def test_parse_refuses_in_words(ftype: str, raw: object, words: str) -> None:
    f = spec(ftype, label="出行区域", options=OPTS if "choice" in ftype else ())
    with pytest.raises(CoerceError) as caught:
        field_type(ftype).parse(f, raw)
    assert "「出行区域」" in str(caught.value) and words in str(caught.value)


def test_typed_values() -> None:
    assert field_type("money").typed("1234.50") == 123450
    assert field_type("money").typed("") is None
    assert field_type("date").typed("2023-05-01") == dt.date(2023, 5, 1)
    assert field_type("date").typed("not a date") is None
    assert field_type("int").typed(" 7 ") == 7
    assert field_type("text").typed("  ") is None


# -- check ------------------------------------------------------------------------------------

def test_check() -> None:
    def rules(ftype: str, value: object, **kw: object) -> list[str]:
        return [f.rule for f in field_type(ftype).check(spec(ftype, **kw), value)]

    assert rules("text", "一二三四", max_length=3) == ["R-FORM-1"]
    assert rules("int", 5, minimum=6) == ["R-FORM-1"] and rules("int", "5", minimum=5) == []
    assert rules("int", True) == ["R-FORM-1"]
    assert rules("money", "-1.00") == ["R-FORM-1"] and rules("money", "0.00") == []
    assert rules("date", "2023-5-1") == ["R-FORM-1"]  # stored dates are ISO
    assert rules("month_day", "02-30") == ["R-FORM-1"]
    assert rules("choice", "z", options=OPTS) == ["R-FORM-1"]
    assert rules("multi_choice", ["a", "a"], options=OPTS) == ["R-FORM-1"]
    assert rules("bool", "是") == ["R-FORM-1"]
    assert rules("id_number", "31011819890517002X") == []
    assert "R-ID-1" in rules("id_number", "310118198905170021")  # wrong check character
    assert rules("mobile", "021-59731234") == ["R-PHONE-1"] and rules("phone", "021-59731234") == []
    found = field_type("mobile").check(spec("mobile", label="联系方式"), "123")
    assert found[0].message.startswith("「联系方式」：手机号码“123”") and found[0].fields == ("k",)


# -- display / excel / print ------------------------------------------------------------------

def test_display() -> None:
    def shown(ftype: str, value: object, masked: bool = False) -> str:
        return field_type(ftype).display(spec(ftype, options=OPTS), value, masked=masked)

    assert shown("choice", "b") == "省内" and shown("choice", "zz") == "zz"
    assert shown("multi_choice", ["a", "b"]) == "长三角区域、省内"
    assert shown("bool", False) == "否"
    assert shown("id_number", "31011819890517002X") == "31011819890517002X"
    assert shown("id_number", "31011819890517002X", masked=True) == "310118********002X"
    assert shown("mobile", "13812345678", masked=True) == "138****5678"
    assert shown("text", "13812345678", masked=True) == "13812345678"  # not personal by type
    assert shown("date", None) == "" and shown("int", 0) == "0"


def test_excel_values() -> None:
    def cell(ftype: str, value: object, masked: bool = False) -> object:
        return field_type(ftype).excel_value(spec(ftype, options=OPTS), value, masked=masked)

    assert cell("id_number", "31011819890517002X") == "31011819890517002X"  # text, never a number
    assert cell("id_number", "31011819890517002X", masked=True) == "310118********002X"
    assert cell("mobile", "13812345678") == "13812345678"
    assert cell("phone", "021-59731234", masked=True) == "021-****1234"
    assert cell("money", "1234.50") == Decimal("1234.50") and cell("money", "1,000") == Decimal("1000")
    assert cell("money", "abc") == "abc"
    assert cell("int", "12") == 12 and cell("int", 3) == 3 and cell("int", "3人") == "3人"
    assert cell("bool", True) == "是" and cell("choice", "a") == "长三角区域"
    assert cell("multi_choice", ["c", "a"]) == "1 市内、长三角区域"
    assert cell("date", "2023-05-01") == "2023-05-01"
    assert cell("text", "") is None and cell("multi_choice", []) is None and cell("int", None) is None


def test_print_text() -> None:
    def printed(ftype: str, value: object) -> str:
        return field_type(ftype).print_text(spec(ftype, options=OPTS), value)

    assert printed("date", "2023-05-20") == "2023年5月20日"
    assert printed("date", "5/20") == "5/20"  # unparsable text as it is
    assert printed("month_day", "06-01") == "6月1日"
    assert printed("bool", True) == "是" and printed("bool", None) == ""
    assert printed("multi_choice", ["b", "a", "zz"]) == "长三角区域、省内、zz"  # option order, unknown last
    assert printed("money", "1234.50") == "1234.50" and printed("id_number", "  ") == ""
    col = RosterColumn(key="d", label="日期", type="date")
    assert field_type("date").roster_text(col, "2023-05-20") == "2023-05-20"
    assert field_type("text").roster_text(col, "  单位 ") == "单位"
    assert field_type("choice").roster_text(RosterColumn("c", "区域", "choice", options=OPTS), "b") == "省内"


def test_choices_and_examples() -> None:
    assert field_type("gender").choices(spec("gender")) == ("男", "女")
    assert field_type("bool").choices(spec("bool")) == ("是", "否")
    assert field_type("choice").choices(spec("choice", options=OPTS)) == ("长三角区域", "省内", "1 市内")
    assert field_type("text").choices(spec("text")) == ()
    for name, ft in TYPES.items():
        f = spec(name, options=OPTS, key="x")
        example = ft.example(f)
        assert ft.check(f, example) == [], name  # every example passes its own check


def test_personal_values_are_masked_in_a_roster_export() -> None:
    """services.roster_export masks what the table calls personal."""
    from desktop_app.services.roster_export import _value as cell_value

    phone = FieldSpec(key="phone", label="电话", type="mobile")
    assert cell_value(phone, "13812345678", mask=True) != "13812345678"
    assert cell_value(phone, "13812345678", mask=False) == "13812345678"


# -- the guard: no switches on type names outside core.field_types ----------------------------

_TYPE_NAMES = frozenset(ROSTER_TYPES)
# Where naming a type is the point, not a switch on behaviour:
ALLOWED: dict[str, str] = {
    "desktop_app/core/field_types.py": "the registry itself",
    "desktop_app/core/form_model.py": "RosterColumn.as_field reads a roster's seq as an int "
                                      "(core.field_types imports this module)",
}


def _names_a_type(node: ast.AST) -> bool:
    """``x.type``, ``getattr(x, "type", …)`` or a local called type / ftype / ctype / t."""
    if isinstance(node, ast.Attribute):
        return node.attr == "type"
    if isinstance(node, ast.Name):
        return node.id in {"ftype", "ctype", "t", "type_name"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
        return len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "type"
    return False


def _type_literals(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in _TYPE_NAMES
    if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
        return any(_type_literals(e) for e in node.elts)
    return False


def test_no_switch_on_type_names_outside_the_registry() -> None:
    root = Path(__file__).resolve().parents[2]
    offences = []
    for path in sorted((root / "desktop_app").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in ALLOWED or "/designer/" in rel:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            if any(_names_a_type(s) for s in sides) and any(_type_literals(s) for s in sides):
                offences.append(f"{rel}:{node.lineno}")
    assert offences == [], "ask core.field_types.field_type(...) instead: " + ", ".join(offences)


def test_the_guard_sees_a_switch() -> None:
    tree = ast.parse('if f.type == "date": pass\nif ftype in ("phone", "mobile"): pass\n'
                     'if getattr(f, "type", "") == "gender": pass\nif kind == "report": pass')
    hits = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)
            and any(_names_a_type(s) for s in [n.left, *n.comparators])
            and any(_type_literals(s) for s in [n.left, *n.comparators])]
    assert len(hits) == 3
