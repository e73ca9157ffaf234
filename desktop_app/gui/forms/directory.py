"""Completion from the directories (issue 18): typing a few characters of a unit's name in
any unit-name field offers the units the office knows (pinyin order, matching anywhere in the
name); picking one fills the form's contact, phone, address and ownership fields from the
units directory. 体检地点 / 承办体检中心 complete from the check centres, 承接旅行社 from the
travel agencies (the spec's "unit_fields" and each field's "directory" say which is which)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from desktop_app.services.units import directory_entries, fill_values


def make_completer(names: list[str], parent: QObject) -> QCompleter:
    completer = QCompleter(parent)
    completer.setModel(QStringListModel(names, completer))
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "美馨" finds 上海美馨健康体检中心
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class DirectoryCompletion(QObject):
    """Completers on a FormView's directory fields; `reload()` after a save."""

    def __init__(self, app: Any, form_view: Any, spec: Any, roster_view: Any = None) -> None:
        super().__init__(form_view)
        self.app, self.view, self.spec = app, form_view, spec
        # The roster's 单位 column (the people's work unit) completes from the units too.
        self.roster_view = roster_view if roster_view is not None and roster_view.unit_column() is not None else None
        self.name_key: str | None = spec.unit_fields.get("name")
        self.fields: dict[str, str] = {}  # field key → directory
        if self.name_key:
            self.fields[self.name_key] = "units"
        for f in spec.fields:
            if f.directory and f.key not in self.fields:
                self.fields[f.key] = f.directory
        self.entries: dict[str, list[dict[str, Any]]] = {}
        self.completers: dict[str, QCompleter] = {}
        for key in self.fields:
            edit = self._edit(key)
            if edit is not None:
                completer = make_completer([], edit)
                completer.activated[str].connect(lambda name, key=key: self.picked(key, name))
                edit.setCompleter(completer)
                self.completers[key] = completer
        self.reload()

    def _edit(self, key: str) -> QLineEdit | None:
        widget = self.view.widgets.get(key)
        edit = getattr(widget, "edit", None)
        return edit if isinstance(edit, QLineEdit) else None

    def reload(self) -> None:
        wanted = set(self.fields.values()) | ({"units"} if self.roster_view is not None else set())
        with self.app.session() as s:
            for directory in wanted:
                self.entries[directory] = directory_entries(s, directory)
        if self.roster_view is not None:
            self.roster_view.unit_names = [e["name"] for e in self.entries["units"]]
        for key, completer in self.completers.items():
            names = [e["name"] for e in self.entries.get(self.fields[key], [])]
            completer.model().setStringList(names)  # type: ignore[attr-defined]

    def names(self, key: str) -> list[str]:
        return [e["name"] for e in self.entries.get(self.fields.get(key, ""), [])]

    def picked(self, key: str, name: str) -> dict[str, Any]:
        """A name chosen from the list: the unit's other fields filled in (only for the
        record's unit-name field). Returns the values set."""
        if key != self.name_key:
            return {}
        unit = next((e for e in self.entries.get("units", []) if e["name"] == name), None)
        if unit is None:
            return {}
        values = fill_values(self.spec, unit)
        values.pop(key, None)
        for field_key, value in values.items():
            widget = self.view.widgets.get(field_key)
            if widget is not None:
                widget.set_value(value)
        self._edit(key).setText(name)  # type: ignore[union-attr]
        self.view.changed.emit()
        return values
