"""The screen shows what prints (issue 19): the bundled faces are registered with Qt and the
application font falls back to HanaMinA / HanaMinB, so Extension A/B names are no boxes."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QLabel

NAMES = "䶮 㐀华 𠮷野 王堃"


def test_bundled_faces_registered(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.main import application_font, register_bundled_font, register_rare_fonts

    assert "WenQuanYi Micro Hei" in register_bundled_font()
    assert register_rare_fonts() == ["HanaMinA", "HanaMinB"]  # inflated from the .gz files
    for family in ("WenQuanYi Micro Hei", "HanaMinA", "HanaMinB"):
        assert family in QFontDatabase.families(), family
    assert application_font().families()[-2:] == ["HanaMinA", "HanaMinB"]


def test_rare_faces_added_in_the_background(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At start the faces are inflated off the GUI thread and added when ready."""
    from desktop_app.gui import main

    monkeypatch.setattr(main, "_rare_added", [])
    added: list[int] = []
    real = main._add_rare
    monkeypatch.setattr(main, "_add_rare", lambda datas: added.append(len(datas)) or real(datas))
    from PySide6.QtWidgets import QApplication

    main.start_rare_fonts(QApplication.instance())
    qtbot.waitUntil(lambda: added == [2], timeout=20000)
    assert main._rare_added == ["HanaMinA", "HanaMinB"]


def test_rare_names_drawn_with_real_glyphs(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.main import application_font, register_rare_fonts

    register_rare_fonts()
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
