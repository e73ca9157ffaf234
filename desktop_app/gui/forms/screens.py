"""Form screenshots for review against the paper originals (issue 3 item 9).

``render_form_screens(app, outdir)`` renders every spec's editor empty and filled with example
data (DOMAIN §5 where it applies) to ``form_<code>_empty.png`` / ``form_<code>_filled.png``
(plus ``form_<code>_roster.png`` for an application with an attached roster).
Standalone: ``python -m desktop_app.gui.forms.screens OUTDIR`` (uses a throw-away data folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
WIDTH = 1500
SCREEN_TODAY = dt.date(2023, 6, 1)  # the worked examples are of 2023


def ensure_fonts() -> None:
    """Chinese (and Extension A/B names) render offscreen with no system fonts: the bundled
    faces registered and the application font set as the program does at start."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main import application_font, register_rare_fonts

    register_rare_fonts()
    app = QApplication.instance()
    font = application_font()
    if app is not None and font.families():
        app.setFont(font)


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def _fit(editor: Any) -> None:
    """Make the editor tall enough that the whole paper shows without scrolling."""
    content = editor.form_view.scroll.widget()
    content.adjustSize()
    height = content.sizeHint().height() + 110 + (40 if editor.tabs is not None else 0)
    editor.resize(WIDTH, max(700, min(height, 4000)))
    _settle()


def render_editor(editor: Any, path: Path) -> Path:
    _fit(editor)
    editor.grab().save(str(path))
    return path


def render_form_screens(app: Any, outdir: str | Path, *, codes: list[str] | None = None,
                        today: dt.date | None = SCREEN_TODAY) -> list[Path]:
    """Render every form (or ``codes``) empty and filled; returns the PNG paths written."""
    from desktop_app.gui.forms.editor import RecordEditor
    from desktop_app.gui.forms.examples import example_roster, example_values
    from desktop_app.services.form_session import projects_for_form

    ensure_fonts()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for code, spec in app.specs.items():
        if codes and code not in codes:
            continue
        projects = projects_for_form(app, code)
        if not projects:
            log.warning("no project uses form %s: not rendered", code)
            continue
        editor = RecordEditor(app, None, projects[0], code, today=today)
        if spec.kind == "roster" and editor.roster_editor is not None:
            editor.roster_editor.setMinimumHeight(880)  # about 30 rows in the picture
        editor.show()
        try:
            written.append(render_editor(editor, out / f"form_{code}_empty.png"))
            if spec.kind != "roster":
                editor.form_view.set_values(example_values(spec))
            if editor.roster_editor is not None:
                editor.roster_editor.set_rows(
                    example_roster(spec, editor.rspec, age_on=editor.roster_editor.model.age_on))
            editor.evaluate_now()
            if editor.roster_editor is not None:
                editor.roster_editor.refresh()
            written.append(render_editor(editor, out / f"form_{code}_filled.png"))
            if editor.tabs is not None and editor.roster_editor is not None and spec.kind != "roster":
                editor.tabs.setCurrentIndex(1)
                _settle()
                written.append(render_editor(editor, out / f"form_{code}_roster.png"))
        finally:
            editor.close()
            editor.deleteLater()
    _settle()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.gui.forms.screens",
                                     description="Render every form spec empty and filled to PNG files.")
    parser.add_argument("outdir")
    parser.add_argument("--form", action="append", help="only this form code (repeatable)")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from desktop_app.services.app import App
    from desktop_app.services.office import setup_office

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="unionledger-screens-") as tmp:
        app = App.open(Path(tmp) / "data")
        try:
            with app.transaction() as s:
                setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town",
                             parent_name="青浦区总工会", parent_code="QP")
            paths = render_form_screens(app, args.outdir, codes=args.form)
        finally:
            app.close()
    for p in paths:
        print(p)
    del qapp
    return 0


if __name__ == "__main__":
    sys.exit(main())
