"""Every page, dialog and form editor fits 1366×768 at 100 % and 1920×1080 at 150 %: the
screenshot script lists no window larger than the screen and no clipped button, label or
header text (issue 18). Each size runs in its own process (the screen and QT_SCALE_FACTOR are
fixed before Qt starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# Its own process on data folders of its own (the screenshot script makes them): the layout does
# not depend on the engine, and the PostgreSQL run would only repeat the SQLite run.
@pytest.mark.sqlite_only
@pytest.mark.parametrize(("size", "scale", "available"), [("1366x768", "1", [1366, 720]),
                                                          ("1920x1080", "1.5", [1280, 672])])
def test_screenshots_list_no_layout_problem(tmp_path: Path, size: str, scale: str, available: list[int]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    out = tmp_path / "shots"
    proc = subprocess.run([sys.executable, str(ROOT / "build_scripts" / "screenshots.py"), str(out),
                           "--size", size, "--scale", scale], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((out / "layout.json").read_text(encoding="utf-8"))
    assert report["available"] == available
    shots = set(report["shots"])
    # Pages of the main window (town and district), dialogs, and every form editor were shown.
    assert {"05-records", "06d-exchange-district", "06e-district-records", "04b-unit-dialog",
            "07b-excel-import-preview", "09-manual", "form-2-3-2-roster", "form-2-1-1-filled"} <= shots
    assert len([s for s in shots if s.startswith("form-")]) >= 40
    assert report["problems"] == []


def test_checker_finds_clipped_text_and_oversized_windows(qtbot) -> None:
    """The checker is not blind: a squeezed button, a cut label, a narrow header, a huge window."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

    from desktop_app.gui.layout_check import check_window
    from desktop_app.gui.screen_fit import available

    w = QWidget()
    qtbot.addWidget(w)
    lay = QVBoxLayout(w)
    row = QHBoxLayout()
    button = QPushButton("标记已退回…")
    button.setFixedWidth(40)
    label = QLabel("一段很长很长的说明文字，放不下")
    label.setFixedWidth(50)
    squeezed = QLabel("最近一次异地备份：未设置")
    squeezed.setFixedHeight(6)  # pressed by its neighbours on a short screen
    row.addWidget(button)
    row.addWidget(label)
    row.addWidget(squeezed)
    lay.addLayout(row)
    table = QTableView()
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["身份证号码", "单位"])
    table.setModel(model)
    table.setColumnWidth(0, 20)
    lay.addWidget(table)
    area = available(w)
    w.resize(area.width() + 100, 300)
    w.show()
    qtbot.waitExposed(w)
    w.resize(area.width() + 100, 300)  # larger than the screen on purpose
    kinds = {(p["kind"], p["text"]) for p in check_window(w, "probe")}
    assert ("clipped-button", "标记已退回…") in kinds
    assert ("clipped-label", "一段很长很长的说明文字，放不下") in kinds
    assert ("clipped-header", "身份证号码") in kinds
    assert ("clipped-lines", "最近一次异地备份：未设置") in kinds
    assert any(k == "window-larger-than-screen" for k, _ in kinds)
