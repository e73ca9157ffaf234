"""Draw the program icon: `python build_scripts/make_icon.py` (needs PySide6 and Pillow).

Writes resources/icons/unionledger.png (256 px) and resources/icons/unionledger.ico
(16…256 px). The results are committed; run this again only to change the design.
A red rounded square with the character 账 (ledger) in white, drawn with the bundled
WenQuanYi Micro Hei so the output is the same on every machine.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = [16, 24, 32, 48, 64, 128, 256]


def render(size: int) -> bytes:
    """One PNG of the icon at `size` pixels, drawn natively at that size (crisp at 16 px)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen

    font_id = QFontDatabase.addApplicationFont(str(FONT))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(1.0, size * 0.03)
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    radius = size * 0.18
    path.addRoundedRect(box, radius, radius)
    p.fillPath(path, QColor("#C8102E"))
    # A thin gold band along the bottom, like the binding of a ledger book.
    if size >= 32:
        band = QRectF(box.left(), box.bottom() - size * 0.16, box.width(), size * 0.05)
        p.fillRect(band, QColor("#F2C14E"))
    font = QFont(family)
    font.setPixelSize(int(size * (0.74 if size >= 32 else 0.82)))
    font.setBold(False)
    p.setFont(font)
    p.setPen(QPen(QColor("white")))
    text_box = QRectF(box.left(), box.top() - size * (0.06 if size >= 32 else 0.0), box.width(), box.height())
    p.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "账")
    p.end()

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    ICONS.mkdir(parents=True, exist_ok=True)
    images = {s: Image.open(io.BytesIO(render(s))).convert("RGBA") for s in SIZES}
    images[256].save(ICONS / "unionledger.png", optimize=True)
    # Pillow writes every size in `sizes` from the largest image, unless given the others.
    images[256].save(
        ICONS / "unionledger.ico", format="ICO", sizes=[(s, s) for s in SIZES],
        append_images=[images[s] for s in SIZES if s != 256],
    )
    print(f"wrote {ICONS / 'unionledger.png'} and {ICONS / 'unionledger.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
