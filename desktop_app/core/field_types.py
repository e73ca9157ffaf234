"""What each form field type is, in one place (issue 16 point 3, begun).

The properties that printing, Excel, import and the screens used to spell out as lists of type
names (``in ("id_number", "phone", "mobile")``, ``in ("phone", "mobile")``): whether a value is
personal data (masked on screen and in exports unless revealed), whether it is a telephone
number (core.phones checks and masks it), whether a workbook keeps it as text (leading zeros,
18-digit numbers), its column width there, and whether a roster prints it as the text itself. A new type is added here and in
``form_model.FIELD_TYPES`` (a test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldType:
    name: str
    personal: bool = False  # identity numbers, phones: masked unless revealed
    phone: bool = False  # a telephone number (core.phones: landline or mobile)
    text_cell: bool = False  # a workbook column formatted as text
    excel_width: float | None = None  # fixed column width in a workbook (characters); None: from the spec
    printed_as_text: bool = False  # a stored text printed as it is (trimmed), no formatting


TYPES: dict[str, FieldType] = {t.name: t for t in (
    FieldType("text", text_cell=True, printed_as_text=True),
    FieldType("multiline"),
    FieldType("int"),
    FieldType("money"),
    FieldType("date"),
    FieldType("month_day"),
    FieldType("phone", personal=True, phone=True, text_cell=True, excel_width=15, printed_as_text=True),
    FieldType("mobile", personal=True, phone=True, text_cell=True, excel_width=15, printed_as_text=True),
    FieldType("id_number", personal=True, text_cell=True, excel_width=22, printed_as_text=True),
    FieldType("gender", printed_as_text=True),
    FieldType("bool"),
    FieldType("choice"),
    FieldType("multi_choice"),
    FieldType("seq"),  # a roster's row number
)}
_PLAIN = FieldType("")


def field_type(name: str | None) -> FieldType:
    """The type's properties; an unknown or missing type has none of them."""
    return TYPES.get(name or "", _PLAIN)
