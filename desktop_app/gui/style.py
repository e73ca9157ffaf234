"""The look: Fusion with a light, calm palette (the same on every Windows version and offscreen),
a navigation bar on the left, page titles, and a highlighted totals line."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#1f5fa8"  # union blue
ACCENT_LIGHT = "#e8f0fa"

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
QLabel#hint {{ color: #6b7280; }}
"""


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
