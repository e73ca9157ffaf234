# Compiled from ui/accounts_panel.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_AccountsPanel(object):
    def setupUi(self, AccountsPanel):
        if not AccountsPanel.objectName():
            AccountsPanel.setObjectName(u"AccountsPanel")
        self.layout = QVBoxLayout(AccountsPanel)
        self.layout.setObjectName(u"layout")
        self.who = QLabel(AccountsPanel)
        self.who.setObjectName(u"who")
        self.who.setWordWrap(True)

        self.layout.addWidget(self.who)

        self.table = QTableWidget(AccountsPanel)
        if (self.table.columnCount() < 4):
            self.table.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.table.setObjectName(u"table")
        self.table.setMinimumSize(QSize(0, 140))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.layout.addWidget(self.table)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.add_button = QPushButton(AccountsPanel)
        self.add_button.setObjectName(u"add_button")

        self.row.addWidget(self.add_button)

        self.disable_button = QPushButton(AccountsPanel)
        self.disable_button.setObjectName(u"disable_button")

        self.row.addWidget(self.disable_button)

        self.reset_button = QPushButton(AccountsPanel)
        self.reset_button.setObjectName(u"reset_button")

        self.row.addWidget(self.reset_button)

        self.row_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.row_spacer)

        self.own_button = QPushButton(AccountsPanel)
        self.own_button.setObjectName(u"own_button")

        self.row.addWidget(self.own_button)


        self.layout.addLayout(self.row)


        self.retranslateUi(AccountsPanel)

        QMetaObject.connectSlotsByName(AccountsPanel)
    # setupUi

    def retranslateUi(self, AccountsPanel):
        AccountsPanel.setTitle(QCoreApplication.translate("AccountsPanel", u"\u8d26\u6237", None))
        ___qtablewidgetitem = self.table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("AccountsPanel", u"\u7528\u6237\u540d", None))
        ___qtablewidgetitem1 = self.table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("AccountsPanel", u"\u89d2\u8272", None))
        ___qtablewidgetitem2 = self.table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("AccountsPanel", u"\u72b6\u6001", None))
        ___qtablewidgetitem3 = self.table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("AccountsPanel", u"\u4e0a\u6b21\u767b\u5f55", None))
        self.add_button.setText(QCoreApplication.translate("AccountsPanel", u"\u6dfb\u52a0\u8d26\u6237\u2026", None))
        self.disable_button.setText(QCoreApplication.translate("AccountsPanel", u"\u505c\u7528", None))
        self.reset_button.setText(QCoreApplication.translate("AccountsPanel", u"\u91cd\u8bbe\u5bc6\u7801\u2026", None))
        self.own_button.setText(QCoreApplication.translate("AccountsPanel", u"\u4fee\u6539\u6211\u7684\u5bc6\u7801\u2026", None))
    # retranslateUi

