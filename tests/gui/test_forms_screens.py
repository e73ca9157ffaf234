"""Form screenshots for review against the paper (issue 3 item 9)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop_app.gui.forms.screens import render_form_screens
from desktop_app.services.form_session import projects_for_form


def test_every_form_rendered_empty_and_filled(qtbot, town_app, tmp_path):
    paths = render_form_screens(town_app, tmp_path)
    names = {p.name for p in paths}
    for code, spec in town_app.specs.items():
        if not projects_for_form(town_app, code):
            continue  # a roster entered only as the 名册 of another form
        for state in ("empty", "filled"):
            assert f"form_{code}_{state}.png" in names
        if spec.roster_form:
            assert f"form_{code}_roster.png" in names
    for p in paths:
        image = QImage(str(p))
        assert image.width() >= 1000 and image.height() >= 400, p.name
    empty = QImage(str(tmp_path / "form_2-3-2_empty.png"))
    filled = QImage(str(tmp_path / "form_2-3-2_filled.png"))
    assert empty != filled


def test_standalone_entry_point(tmp_path, qapp):
    from desktop_app.gui.forms import screens

    assert screens.main([str(tmp_path), "--form", "2-3-2", "--form", "INS"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "form_2-3-2_empty.png", "form_2-3-2_filled.png", "form_2-3-2_roster.png",
        "form_INS_empty.png", "form_INS_filled.png"]
