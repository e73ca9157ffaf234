"""core.field_types: one table of what each field type is (issue 16 point 3)."""

from __future__ import annotations

from desktop_app.core.field_types import TYPES, field_type
from desktop_app.core.form_model import ROSTER_TYPES


def test_every_spec_type_is_described_once() -> None:
    assert set(TYPES) == set(ROSTER_TYPES)


def test_personal_phone_and_text_cells() -> None:
    assert {t for t, ft in TYPES.items() if ft.personal} == {"id_number", "phone", "mobile"}
    assert {t for t, ft in TYPES.items() if ft.phone} == {"phone", "mobile"}
    assert {t for t, ft in TYPES.items() if ft.text_cell} == {"id_number", "phone", "mobile", "text"}
    assert {t for t, ft in TYPES.items() if ft.printed_as_text} == {"text", "id_number", "phone", "mobile", "gender"}
    assert (field_type("id_number").excel_width, field_type("mobile").excel_width) == (22, 15)
    assert field_type(None) == field_type("no_such_type") and not field_type(None).personal


def test_personal_values_are_masked_in_a_roster_export() -> None:
    """services.roster_export masks what the table calls personal (phones by the phone flag)."""
    from desktop_app.core.form_model import FieldSpec
    from desktop_app.services.roster_export import _value as cell_value

    phone = FieldSpec(key="phone", label="电话", type="mobile")
    assert cell_value(phone, "13812345678", mask=True) != "13812345678"
    assert cell_value(phone, "13812345678", mask=False) == "13812345678"
