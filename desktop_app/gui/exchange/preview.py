"""The district's dry-run preview (DHIS2's import summary, per package): new / updated /
unchanged / rejected per kind, the reasons, R-ID-5 conflicts and sequence findings; 确认导入
commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from desktop_app.gui.screen_fit import fit_window
from desktop_app.gui.exchange.common import fill_table, make_list_table, selectable

MAX_CHECK_ROWS = 500  # the district's own findings listed per package; the rest stay with their records
COUNT_HEADERS = ["数据包", "发送方", "序号", "记录新增", "记录更新", "记录未变", "记录拒收",
                 "人员新增", "人员更新", "人员未变", "人员拒收", "重复补贴", "区里复核"]


def issue_rows(summaries: Sequence[Any], refused: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Everything the clerk should read before committing, one line each."""
    rows: list[list[str]] = [[file, "无法导入", message] for file, message in refused]
    for s in summaries:
        who = f"{s.sender_name} 第 {s.sequence} 号"
        for kind, label in (("records", "拒收记录"), ("people", "拒收人员")):
            for r in getattr(s, kind).rejects:
                rows.append([who, label, f"{r['key']}：{r['reason']}"])
        for c in s.conflicts:
            rows.append([who, "重复补贴（R-ID-5）", c["message"]])
        for c in s.checks[:MAX_CHECK_ROWS]:
            kind = "错误" if c["severity"] == "error" else "警告"
            rows.append([who, f"区里复核{kind}（{c['rule']}）", f"{c['key']}：{c['message']}"])
        if len(s.checks) > MAX_CHECK_ROWS:
            rows.append([who, "区里复核", f"另有 {len(s.checks) - MAX_CHECK_ROWS:,} 处未列出（命令行 exchange import --json "
                                          "列出全部；导入后也随各记录保存）。"])
        for f in s.findings:
            rows.append([who, "提示", f["message"]])
    return rows


class ImportPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, summaries: Sequence[Any], refused: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(parent)
        self.summaries = list(summaries)
        self.refused = list(refused)
        self.setWindowTitle("试导入结果（数据未作改动）")
        fit_window(self, (1100, 620))  # the preferred size, shrunk to the screen
        new = sum(s.records.new for s in self.summaries)
        upd = sum(s.records.updated for s in self.summaries)
        conflicts = sum(len(s.conflicts) for s in self.summaries)
        checks = sum(len(s.checks) for s in self.summaries)
        head = (f"共 {len(self.summaries)} 个数据包可以导入：记录新增 {new} 条、更新 {upd} 条"
                + (f"；疑似重复补贴 {conflicts} 处" if conflicts else "")
                + (f"；区里复核发现街镇未列出的问题 {checks} 处" if checks else "")
                + (f"；{len(self.refused)} 个文件无法导入（见下方原因）" if self.refused else "") + "。")
        if not self.summaries:
            head = "没有可以导入的数据包（原因见下方）。"
        elif all(s.new == 0 and s.updated == 0 for s in self.summaries):
            head += "\n这些数据包的内容本机都已有，再次导入不会改变数据。"
        self.headline = QLabel(head + "\n这是试导入，数据还没有改动。核对无误后点“确认导入”。")
        self.headline.setWordWrap(True)
        selectable(self.headline)
        self.counts_table = make_list_table(COUNT_HEADERS, self)
        fill_table(self.counts_table, [self.count_row(s) for s in self.summaries], numeric=range(2, 13))
        self.counts_table.resizeColumnsToContents()
        self.counts_table.setColumnWidth(0, min(self.counts_table.columnWidth(0), 240))
        self.issues_table = make_list_table(["数据包", "类别", "内容"], self)
        issues = issue_rows(self.summaries, self.refused) or [["", "", "没有拒收、重复补贴或缺号。"]]
        fill_table(self.issues_table, issues, widths=(200, 140))
        self.issues_table.setWordWrap(True)
        issues_label = QLabel("需要留意的内容（拒收原因、跨街镇重复人员、区里复核发现的问题、缺号或重复的数据包）：")
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(issues_label)
        lay.addWidget(self.issues_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.counts_table)
        split.addWidget(box)
        split.setSizes([220, 320])
        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton("确认导入", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setEnabled(bool(self.summaries))
        self.ok_button.setDefault(True)
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    @staticmethod
    def count_row(s: Any) -> list[Any]:
        r, p = s.records, s.people
        return [s.package, f"{s.sender_name}（{s.sender_code}）", s.sequence, r.new, r.updated, r.unchanged,
                r.rejected, p.new, p.updated, p.unchanged, p.rejected, len(s.conflicts), len(s.checks)]
