"""Write resources/collation/zh-pinyin-order.txt: every CJK ideograph of the BMP (U+3400–U+4DBF,
U+4E00–U+9FFF, U+F900–U+FAFF) in the order ICU's Chinese (pinyin) collation gives them.

The program sorts names and units with this table (`desktop_app.core.collation`), in the
services and the CLI as in the GUI, with no ICU at run time: the Windows build's Qt has no ICU
(its QCollator asks Windows), and the services may not import Qt. Run again after a Qt/ICU
upgrade: `python build_scripts/make_pinyin_order.py`; the file is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "collation" / "zh-pinyin-order.txt"
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def main() -> int:
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    chars = [chr(c) for lo, hi in RANGES for c in range(lo, hi + 1) if chr(c).isprintable()]
    from functools import cmp_to_key

    chars.sort(key=cmp_to_key(collator.compare))
    if chars.index("安") > chars.index("张"):  # the collator does not know Chinese here
        print("这个 Qt 的 QCollator 不按拼音排序（没有 ICU 中文规则），未写文件。", file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(chars) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(chars)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
