"""数据交换 — exchange with the district by file (issue 6).

Who this office is in the exchange, then the town panel (send packages, import receipts and
the district's decisions) or, for a district office, the district panel (import towns'
packages with a dry run first, overview, progress, double subsidies, return packages, the
city's summary). The panels live in desktop_app.gui.exchange."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.gui.exchange import common
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


class ExchangePage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.window_ = window
        self.header = PageHeader("数据交换", "通过U盘或电子邮件附件与区总工会交换数据包（加密、可验证、可重复导入）")
        self.office_box = QGroupBox("本单位在数据交换中的身份")
        form = QFormLayout(self.office_box)
        self.sender = QLabel()
        self.receiver = QLabel()
        self.folder = QLabel()
        common.selectable(self.sender, self.receiver, self.folder)
        form.addRow("本单位：", self.sender)
        form.addRow("上级：", self.receiver)
        form.addRow("默认保存位置：", self.folder)
        self.panel: QWidget | None = None
        self.mode: str | None = None
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.header)
        self.body.addWidget(self.office_box)
        self.activated()

    def _build_panel(self, mode: str) -> None:
        if self.mode == mode:
            return
        if self.panel is not None:
            self.body.removeWidget(self.panel)
            self.panel.deleteLater()
        if mode == "district":
            from desktop_app.gui.exchange.district import DistrictPanel

            self.panel = DistrictPanel(self.app, self)
            self.header.subtitle.setText("区总工会：导入各街镇的数据包（先试导入再确认）、出具回执、发回审核结果、汇总")
        elif mode == "town":
            from desktop_app.gui.exchange.town import TownPanel

            self.panel = TownPanel(self.app, self)
            self.header.subtitle.setText("通过U盘或电子邮件附件与区总工会交换数据包（加密、可验证、可重复导入）")
        else:
            self.panel = QLabel("请先在“设置”页设置本单位（名称、代码、上级），才能交换数据。")
            self.panel.setObjectName("hint")
        self.mode = mode
        self.body.addWidget(self.panel, 1)

    def activated(self) -> None:
        office = self.app.office()
        if office is None:
            self.sender.setText("（未设置本单位）")
            self.receiver.setText("—")
            self._build_panel("none")
        else:
            self.sender.setText(f"{office.name}（代码 {office.code}）")
            self.receiver.setText(f"{office.parent_name}（代码 {office.parent_code}）" if office.parent_code
                                  else "无（本单位为区总工会，接收各街镇的数据包）")
            self._build_panel("district" if office.is_district else "town")
        drives = common.removable_drives()
        where = common.default_folder(self.app)
        self.folder.setText(f"{where}（U 盘）" if drives else str(where))
        refresh = getattr(self.panel, "refresh", None)
        if callable(refresh):
            refresh()
