"""The look: Fusion with a light, calm palette (the same on every Windows version and offscreen),
a navigation bar on the left, page titles, and a highlighted totals line."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

ACCENT = "#1f5fa8"  # union blue
ACCENT_LIGHT = "#e8f0fa"
# The colours of what a text says (set_tone): every such colour of the program is here.
TONES = {"ok": "#2e7d32", "warning": "#b26a00", "error": "#b71c1c", "muted": "#6b7280"}
# A form field's border while it holds an error / a warning (gui/forms/base.FieldWidget)
PROBLEM_COLOURS = {"error": "#d32f2f", "warning": "#ef8f00"}
# 核验纸质表's verdict box: framed green (the paper is current) or red
VERDICT_OK = "background: #e8f5e9; color: #1b5e20; padding: 8px; border: 1px solid #81c784;"
VERDICT_BAD = "background: #ffebee; color: #b71c1c; padding: 8px; border: 1px solid #e57373;"

STYLESHEET = f"""
QListWidget#navigation {{
    background: #f3f5f8; border: none; border-right: 1px solid #d9dee5;
    outline: 0; padding-top: 8px;
}}
QListWidget#navigation::item {{
    padding: 9px 14px; margin: 1px 6px; border-radius: 4px; color: #1f2937;
}}
QListWidget#navigation::item:hover {{ background: #e6ebf2; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QLabel#brand {{
    background: #f3f5f8; color: {ACCENT}; font-weight: bold; padding: 12px 14px 4px 14px;
    border-right: 1px solid #d9dee5;
}}
QLabel#pageTitle {{ font-size: 16pt; font-weight: bold; color: #111827; }}
QLabel#pageSubtitle {{ color: #6b7280; }}
QLabel#totals {{
    background: {ACCENT_LIGHT}; border: 1px solid #c9d8ee; border-radius: 3px;
    padding: 6px 10px; color: #1f2937; font-weight: bold;
}}
QLabel#countLabel {{ color: #4b5563; }}
QFrame#card {{ background: white; border: 1px solid #d9dee5; border-radius: 6px; }}
QLabel#cardValue {{ font-size: 15pt; font-weight: bold; color: {ACCENT}; }}
QLabel#cardTitle {{ color: #6b7280; }}
QTableView {{ gridline-color: #e5e7eb; selection-background-color: #cfe0f5; selection-color: #111827; }}
QHeaderView::section {{
    background: #eef1f5; border: none; border-right: 1px solid #d9dee5;
    border-bottom: 1px solid #d0d6de; padding: 5px 6px; font-weight: bold; color: #374151;
}}
QPushButton {{ padding: 5px 14px; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 1px solid #184b86; border-radius: 3px; padding: 5px 16px;
}}
QPushButton#primary:hover {{ background: #2a6dba; }}
QPushButton#primary:disabled {{ background: #9bb5d6; border-color: #9bb5d6; }}
QStatusBar QLabel {{ color: #4b5563; padding: 0 8px; }}
QLabel#errorText {{ color: #b91c1c; }}
QLabel#hint {{ color: {TONES["muted"]}; }}
QLabel#returnedBanner {{ background: #ffebee; color: #b71c1c; padding: 6px; border: 1px solid #e57373; }}
QLabel#layoutWarning {{ background: #fff8e1; color: #8a5a00; padding: 6px; border: 1px solid #ffcc80; }}
QLabel#importCounts {{ font-size: 15px; font-weight: bold; }}
"""


def tone_style(tone: str | None, strong: bool = False) -> str:
    """The style sheet of a text coloured by what it says: "ok", "warning", "error" (TONES) or
    None for the default colour; bold with ``strong``."""
    return (f"color: {TONES[tone]};" if tone else "") + (" font-weight: bold;" if strong else "")


def set_tone(widget: QWidget, tone: str | None, *, strong: bool = False) -> None:
    """Colour a label by what it says (tone_style). A widget's own sheet, not a dynamic property
    with unpolish/polish: that way crashed PySide6 6.12 (a segfault in the next application
    setStyleSheet of the GUI test run)."""
    widget.setStyleSheet(tone_style(tone, strong))


def mark_primary(button: QWidget) -> None:
    """The dialog's main button, drawn in the accent colour (QPushButton#primary). A button made
    by a compiled Designer form (a standard button of its QDialogButtonBox) is already polished
    when its name is set: a non-empty sheet of its own makes Qt apply the rules again."""
    button.setObjectName("primary")
    button.setStyleSheet("/* QPushButton#primary: gui/style.py */")


def apply_style(qapp: QApplication) -> None:
    style = QStyleFactory.create("Fusion")
    if style is not None:
        qapp.setStyle(style)
    pal = qapp.style().standardPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#fafbfc"))
    pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8fb"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.Button, QColor("#f3f4f6"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#fffbe6"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor("#111827"))
    qapp.setPalette(pal)
    qapp.setStyleSheet(STYLESHEET)
