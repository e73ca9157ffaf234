# Compiled from ui/issued_key_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_IssuedKeyDialog(object):
    def setupUi(self, IssuedKeyDialog):
        if not IssuedKeyDialog.objectName():
            IssuedKeyDialog.setObjectName(u"IssuedKeyDialog")
        IssuedKeyDialog.setMinimumSize(QSize(560, 0))
        self.layout = QVBoxLayout(IssuedKeyDialog)
        self.layout.setObjectName(u"layout")
        self.head = QLabel(IssuedKeyDialog)
        self.head.setObjectName(u"head")
        self.head.setWordWrap(True)

        self.layout.addWidget(self.head)

        self.key = QLabel(IssuedKeyDialog)
        self.key.setObjectName(u"key")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.layout.addWidget(self.key)

        self.notes = QLabel(IssuedKeyDialog)
        self.notes.setObjectName(u"notes")
        self.notes.setWordWrap(True)

        self.layout.addWidget(self.notes)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.print_button = QPushButton(IssuedKeyDialog)
        self.print_button.setObjectName(u"print_button")

        self.row.addWidget(self.print_button)

        self.save_button = QPushButton(IssuedKeyDialog)
        self.save_button.setObjectName(u"save_button")

        self.row.addWidget(self.save_button)

        self.row_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.row_spacer)

        self.close_button = QPushButton(IssuedKeyDialog)
        self.close_button.setObjectName(u"close_button")

        self.row.addWidget(self.close_button)


        self.layout.addLayout(self.row)


        self.retranslateUi(IssuedKeyDialog)

        QMetaObject.connectSlotsByName(IssuedKeyDialog)
    # setupUi

    def retranslateUi(self, IssuedKeyDialog):
        IssuedKeyDialog.setWindowTitle(QCoreApplication.translate("IssuedKeyDialog", u"\u4ea4\u6362\u5bc6\u94a5\u5355", None))
        self.print_button.setText(QCoreApplication.translate("IssuedKeyDialog", u"\u6253\u5370\u5bc6\u94a5\u5355\u2026", None))
        self.save_button.setText(QCoreApplication.translate("IssuedKeyDialog", u"\u4fdd\u5b58\u5bc6\u94a5\u5355\uff08PDF\uff09\u2026", None))
        self.close_button.setText(QCoreApplication.translate("IssuedKeyDialog", u"\u5173\u95ed", None))
    # retranslateUi

