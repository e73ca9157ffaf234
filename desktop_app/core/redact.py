"""Identity numbers and mobile numbers masked inside free text (issue 20, point 7).

Logs, command-line findings and the audit log must not carry full personal numbers. A rule's
message names the number ("身份证号码 31011819890517002X 与第 3 行重复"); where such text
leaves the screen it goes through :func:`mask_text`. Pure: no I/O.
"""

from __future__ import annotations

import re

from desktop_app.core.ids import mask_id
from desktop_app.core.phones import mask_phone

# An 18-character number (17 digits and a digit or X) or a legacy 15-digit one, and a
# mainland mobile (optionally +86 / 0086), each standing alone: not inside a longer run of
# digits or letters (amounts, file hashes, serial numbers stay as they are).
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z+])((?:\+86|0086)[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with every identity number and mobile number in it masked."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID.sub(lambda m: mask_id(m.group(1)), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(2).replace("-", "").replace(" ", "")), text)


def looks_like_id(value: object) -> bool:
    """A whole string that is an identity number (18 or 15 characters)."""
    return isinstance(value, str) and _ID.fullmatch(value.strip()) is not None
