"""The screen shows what prints (issue 19): the bundled faces are registered with Qt and the
application font falls back to HanaMinA / HanaMinB, so Extension A/B names are no boxes."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QLabel

NAMES = "䶮 㐀华 𠮷野 王堃"


def test_bundled_faces_registered(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.main import application_font, register_bundled_font

    families = register_bundled_font()
    for family in ("WenQuanYi Micro Hei", "AR PL UMing CN", "HanaMinA", "HanaMinB"):
        assert family in families and family in QFontDatabase.families(), family
    font = application_font()
    assert font.families()[-2:] == ["HanaMinA", "HanaMinB"]


def test_rare_names_drawn_with_real_glyphs(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.main import application_font

    font = application_font()
    layout = QTextLayout(NAMES.replace(" ", ""), font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    used = {run.rawFont().familyName() for run in runs}
    assert {"HanaMinA", "HanaMinB"} <= used  # 㐀 (Ext A) and 𠮷 (Ext B) from the Mincho faces
    glyphs = [g for run in runs for g in run.glyphIndexes()]
    assert len(glyphs) == len("䶮㐀华𠮷野王堃") and 0 not in glyphs  # no .notdef box
    label = QLabel(NAMES)
    label.setFont(font)
    qtbot.addWidget(label)
    assert label.fontMetrics().horizontalAdvance("𠮷") > 0
