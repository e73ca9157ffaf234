"""Screen forms built from the form specs (DESIGN §2): widgets, the paper-like FormView, the
roster grid, the record editor and the form screenshots."""

from __future__ import annotations

__all__ = ["FormView", "RecordEditor", "RosterEditor", "open_record_dialog", "render_form_screens"]


def __getattr__(name: str):  # lazy: importing the package must not import every module
    if name == "FormView":
        from desktop_app.gui.forms.builder import FormView
        return FormView
    if name in ("RecordEditor", "open_record_dialog"):
        from desktop_app.gui.forms import editor
        return getattr(editor, name)
    if name == "RosterEditor":
        from desktop_app.gui.forms.roster import RosterEditor
        return RosterEditor
    if name == "render_form_screens":
        from desktop_app.gui.forms.screens import render_form_screens
        return render_form_screens
    raise AttributeError(name)
