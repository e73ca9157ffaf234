"""数据交换 — exchange with the district by file (issue 6). A placeholder page for now: who
this office is in the exchange, and where packages will be written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


class ExchangePage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        header = PageHeader("数据交换", "通过U盘或电子邮件附件与区总工会交换数据包（加密、可验证、可重复导入）")
        self.office_box = QGroupBox("本单位在数据交换中的身份")
        self.form = QFormLayout(self.office_box)
        self.sender = QLabel()
        self.receiver = QLabel()
        self.folder = QLabel()
        for w in (self.sender, self.receiver, self.folder):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("发送方（本单位）：", self.sender)
        self.form.addRow("接收方（上级）：", self.receiver)
        self.form.addRow("默认导出文件夹：", self.folder)
        plan = QLabel(
            "<p><b>即将提供：</b></p><ul>"
            "<li>导出数据包：本单位自上次回执以来新增、修改的记录和人员，加密后写入U盘；</li>"
            "<li>导入回执：区总工会收到后生成的回执，导入后记录标记为“已报送”；</li>"
            "<li>导入审核结果：区总工会的通过、退回（含原因）和结算金额；</li>"
            "<li>区总工会模式：导入各街镇数据包（先预览再导入）、汇总、跨街镇重复人员检查。</li></ul>"
            "<p>在此之前，可以使用命令行：<code>python -m desktop_app exchange export --out 文件夹</code></p>"
        )
        plan.setWordWrap(True)
        plan.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.office_box)
        layout.addWidget(plan)
        layout.addStretch(1)
        self.activated()

    def activated(self) -> None:
        office = self.app.office()
        if office is None:
            self.sender.setText("（未设置本单位）")
            self.receiver.setText("—")
        else:
            self.sender.setText(f"{office.name}（代码 {office.code}）")
            self.receiver.setText(f"{office.parent_name}（代码 {office.parent_code}）" if office.parent_code
                                  else "无（本单位为区总工会，接收各街镇的数据包）")
        self.folder.setText(str(self.app.data_dir.exports))
