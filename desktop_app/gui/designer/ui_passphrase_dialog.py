# Compiled from ui/passphrase_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_PassphraseDialog(object):
    def setupUi(self, PassphraseDialog):
        if not PassphraseDialog.objectName():
            PassphraseDialog.setObjectName(u"PassphraseDialog")
        PassphraseDialog.setMinimumSize(QSize(420, 0))
        self.layout = QVBoxLayout(PassphraseDialog)
        self.layout.setObjectName(u"layout")
        self.hint = QLabel(PassphraseDialog)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.layout.addWidget(self.hint)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.edit = QLineEdit(PassphraseDialog)
        self.edit.setObjectName(u"edit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.row.addWidget(self.edit)

        self.show_box = QCheckBox(PassphraseDialog)
        self.show_box.setObjectName(u"show_box")

        self.row.addWidget(self.show_box)


        self.layout.addLayout(self.row)

        self.problem = QLabel(PassphraseDialog)
        self.problem.setObjectName(u"problem")
        self.problem.setWordWrap(True)

        self.layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(PassphraseDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.edit, self.show_box)

        self.retranslateUi(PassphraseDialog)

        QMetaObject.connectSlotsByName(PassphraseDialog)
    # setupUi

    def retranslateUi(self, PassphraseDialog):
        PassphraseDialog.setWindowTitle(QCoreApplication.translate("PassphraseDialog", u"\u6570\u636e\u4ea4\u6362\u53e3\u4ee4", None))
        self.hint.setText(QCoreApplication.translate("PassphraseDialog", u"\u8bf7\u8f93\u5165\u6570\u636e\u4ea4\u6362\u53e3\u4ee4\uff08\u672c\u7a0b\u5e8f\u4e0d\u4fdd\u5b58\u53e3\u4ee4\uff0c\u6bcf\u6b21\u90fd\u8981\u8f93\u5165\uff09\uff1a", None))
        self.edit.setPlaceholderText(QCoreApplication.translate("PassphraseDialog", u"\u6570\u636e\u4ea4\u6362\u53e3\u4ee4", None))
        self.show_box.setText(QCoreApplication.translate("PassphraseDialog", u"\u663e\u793a", None))
    # retranslateUi

