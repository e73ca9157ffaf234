# Compiled from ui/backup_panel.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
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

class Ui_BackupPanel(object):
    def setupUi(self, BackupPanel):
        if not BackupPanel.objectName():
            BackupPanel.setObjectName(u"BackupPanel")
        self.layout = QVBoxLayout(BackupPanel)
        self.layout.setObjectName(u"layout")
        self.offsite = QLabel(BackupPanel)
        self.offsite.setObjectName(u"offsite")
        self.offsite.setWordWrap(True)

        self.layout.addWidget(self.offsite)

        self.table = QTableWidget(BackupPanel)
        if (self.table.columnCount() < 5):
            self.table.setColumnCount(5)
        __qtablewidgetitem = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        self.table.setObjectName(u"table")
        self.table.setMinimumSize(QSize(0, 150))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)

        self.layout.addWidget(self.table)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.now_button = QPushButton(BackupPanel)
        self.now_button.setObjectName(u"now_button")

        self.row.addWidget(self.now_button)

        self.folder_button = QPushButton(BackupPanel)
        self.folder_button.setObjectName(u"folder_button")

        self.row.addWidget(self.folder_button)

        self.place_button = QPushButton(BackupPanel)
        self.place_button.setObjectName(u"place_button")

        self.row.addWidget(self.place_button)

        self.row_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.row_spacer)

        self.restore_button = QPushButton(BackupPanel)
        self.restore_button.setObjectName(u"restore_button")

        self.row.addWidget(self.restore_button)

        self.file_button = QPushButton(BackupPanel)
        self.file_button.setObjectName(u"file_button")

        self.row.addWidget(self.file_button)


        self.layout.addLayout(self.row)

        self.hint = QLabel(BackupPanel)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.layout.addWidget(self.hint)

        self.layout.setStretch(1, 1)

        self.retranslateUi(BackupPanel)

        QMetaObject.connectSlotsByName(BackupPanel)
    # setupUi

    def retranslateUi(self, BackupPanel):
        BackupPanel.setTitle(QCoreApplication.translate("BackupPanel", u"\u5907\u4efd\u4e0e\u6062\u590d", None))
        ___qtablewidgetitem = self.table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("BackupPanel", u"\u65e5\u671f", None))
        ___qtablewidgetitem1 = self.table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("BackupPanel", u"\u79cd\u7c7b", None))
        ___qtablewidgetitem2 = self.table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("BackupPanel", u"\u4f4d\u7f6e", None))
        ___qtablewidgetitem3 = self.table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("BackupPanel", u"\u5927\u5c0f", None))
        ___qtablewidgetitem4 = self.table.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("BackupPanel", u"\u6587\u4ef6", None))
        self.now_button.setText(QCoreApplication.translate("BackupPanel", u"\u7acb\u5373\u5907\u4efd", None))
        self.folder_button.setText(QCoreApplication.translate("BackupPanel", u"\u5907\u4efd\u5230\u6587\u4ef6\u5939\u2026", None))
        self.place_button.setText(QCoreApplication.translate("BackupPanel", u"\u8bbe\u7f6e\u5f02\u5730\u5907\u4efd\u4f4d\u7f6e\u2026", None))
        self.restore_button.setText(QCoreApplication.translate("BackupPanel", u"\u7528\u6240\u9009\u5907\u4efd\u6062\u590d\u2026", None))
        self.file_button.setText(QCoreApplication.translate("BackupPanel", u"\u4ece\u6587\u4ef6\u6062\u590d\u2026", None))
        self.hint.setText(QCoreApplication.translate("BackupPanel", u"\u6bcf\u5929\u7b2c\u4e00\u6b21\u6253\u5f00\u7a0b\u5e8f\u65f6\u81ea\u52a8\u5907\u4efd\uff08\u4fdd\u7559\u6700\u8fd1 7 \u5929\u30014 \u5468\u300112 \u4e2a\u6708\u5404\u4e00\u4efd\uff09\uff1b\u8bbe\u7f6e\u5f02\u5730\u4f4d\u7f6e\uff08U \u76d8\u6216\u7f51\u7edc\u6587\u4ef6\u5939\uff09\u540e\uff0c\u63a5\u5165\u65f6\u81ea\u52a8\u590d\u5236\u4e00\u4efd\u8fc7\u53bb\u3002\u6062\u590d\u524d\u4f1a\u5148\u68c0\u67e5\u5907\u4efd\u6587\u4ef6\uff0c\u5e76\u5148\u5907\u4efd\u5f53\u524d\u6570\u636e\u3002", None))
    # retranslateUi

