"""Find what does not fit on screen: windows larger than the available screen, and buttons,
labels and table headers whose text is clipped or elided (the text's advance, as the widget's
font measures it, wider than the room the widget gives it). Used by
build_scripts/screenshots.py (layout.json) and by tests.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as _GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from desktop_app.gui.screen_fit import available

mightBeRichText = _GuiQt.mightBeRichText  # type: ignore[attr-defined]  # lives on QtGui.Qt

TOLERANCE = 1  # px: rounding at fractional scales
_TAGS = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    """A button's text without its mnemonic marker (&&→&)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(w: QWidget) -> str:
    return w.objectName() or type(w).__name__


def _problem(where: str, kind: str, widget: QWidget, text: str, need: int, have: int) -> dict[str, Any]:
    return {"window": where, "kind": kind, "widget": _name(widget), "text": text[:80],
            "needed": need, "available": have}


def _shown(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.isVisible() and w.width() > 0 and w.height() > 0


def button_problem(b: QAbstractButton) -> tuple[int, int] | None:
    text = _plain(b.text())
    if not text:
        return None
    fm = b.fontMetrics()
    text_w = max(fm.horizontalAdvance(line) for line in text.split("\n"))
    if isinstance(b, QPushButton):
        opt = QStyleOptionButton()
        b.initStyleOption(opt)
        icon_w = opt.iconSize.width() + 4 if not b.icon().isNull() else 0
        need = b.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt,
                                          QSize(text_w + icon_w, fm.height()), b).width()
        if b.menu() is not None:
            need += 12
    elif isinstance(b, (QCheckBox, QRadioButton)):
        need = b.sizeHint().width()
    else:  # tool buttons: text beside or under an icon
        need = b.sizeHint().width() if b.sizeHint().width() > 0 else text_w
    have = b.width()
    if need > have + TOLERANCE:
        return (need, have)
    lines_h = fm.height() * len(text.split("\n"))
    if lines_h > b.height() + TOLERANCE:  # squeezed vertically: the text's lines are cut
        return (lines_h, b.height())
    return None


def label_problem(label: QLabel) -> tuple[str, int, int] | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2 + max(0, label.indent())
    have_w = rect.width() - margin
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())
        if need_h > label.height() + TOLERANCE and need_h > label.minimumSizeHint().height():
            return ("clipped-lines", need_h, label.height())
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        need = int(doc.idealWidth() + 0.999)
    else:
        fm = label.fontMetrics()
        lines = text.split("\n")
        need = max(fm.horizontalAdvance(line) for line in lines)
        need_h = fm.height() * len(lines)
        if need_h > rect.height() + TOLERANCE:  # squeezed by its neighbours: lines cut off
            return ("clipped-lines", need_h, rect.height())
    return ("clipped-label", need, have_w) if need > have_w + TOLERANCE else None


def header_problems(view: QAbstractItemView, header: QHeaderView, where: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal or not header.isVisible():
        return out
    font = QFont(header.font())
    font.setBold(True)  # the style sheet's header sections are bold
    fm = QFontMetrics(font)
    sort_section = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        text = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if text is None or str(text) == "":
            continue
        lines = str(text).split("\n")
        need = max(fm.horizontalAdvance(line) for line in lines) + 14  # padding 6+6, border 1+1
        if logical == sort_section:
            need += 14
        have = header.sectionSize(logical)
        if need > have + TOLERANCE:
            out.append({"window": where, "kind": "clipped-header", "widget": _name(view),
                        "text": str(text)[:80], "needed": need, "available": have})
    return out


def check_window(window: QWidget, where: str) -> list[dict[str, Any]]:
    """Every problem of one shown top-level window."""
    problems: list[dict[str, Any]] = []
    area = available(window)
    frame = window.frameGeometry()
    if frame.width() > area.width() or frame.height() > area.height():
        problems.append({"window": where, "kind": "window-larger-than-screen", "widget": _name(window),
                         "text": window.windowTitle()[:80], "needed": [frame.width(), frame.height()],
                         "available": [area.width(), area.height()]})
    for b in window.findChildren(QAbstractButton):
        if _shown(b, window) and (p := button_problem(b)) is not None:
            problems.append(_problem(where, "clipped-button", b, _plain(b.text()), *p))
    for label in window.findChildren(QLabel):
        if _shown(label, window) and (p2 := label_problem(label)) is not None:
            kind, need, have = p2
            problems.append(_problem(where, kind, label, _TAGS.sub("", label.text()), need, have))
    for view in window.findChildren(QAbstractItemView):
        header = getattr(view, "horizontalHeader", None)
        if _shown(view, window) and callable(header):
            problems.extend(header_problems(view, header(), where))
    return problems
