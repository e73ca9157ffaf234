# Compiled from ui/password_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QWidget)

class Ui_PasswordDialog(object):
    def setupUi(self, PasswordDialog):
        if not PasswordDialog.objectName():
            PasswordDialog.setObjectName(u"PasswordDialog")
        PasswordDialog.setMinimumSize(QSize(360, 0))
        self.form = QFormLayout(PasswordDialog)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.old_label = QLabel(PasswordDialog)
        self.old_label.setObjectName(u"old_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.old_label)

        self.old = QLineEdit(PasswordDialog)
        self.old.setObjectName(u"old")
        self.old.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.old)

        self.new_label = QLabel(PasswordDialog)
        self.new_label.setObjectName(u"new_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.new_label)

        self.new = QLineEdit(PasswordDialog)
        self.new.setObjectName(u"new")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.new)

        self.again_label = QLabel(PasswordDialog)
        self.again_label.setObjectName(u"again_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.again_label)

        self.again = QLineEdit(PasswordDialog)
        self.again.setObjectName(u"again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.again)

        self.hint = QLabel(PasswordDialog)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.form.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.hint)

        self.buttons = QDialogButtonBox(PasswordDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.buttons)

        QWidget.setTabOrder(self.old, self.new)
        QWidget.setTabOrder(self.new, self.again)

        self.retranslateUi(PasswordDialog)

        QMetaObject.connectSlotsByName(PasswordDialog)
    # setupUi

    def retranslateUi(self, PasswordDialog):
        PasswordDialog.setWindowTitle(QCoreApplication.translate("PasswordDialog", u"\u4fee\u6539\u5bc6\u7801", None))
        self.old_label.setText(QCoreApplication.translate("PasswordDialog", u"\u539f\u5bc6\u7801\uff1a", None))
        self.new_label.setText(QCoreApplication.translate("PasswordDialog", u"\u65b0\u5bc6\u7801\uff1a", None))
        self.again_label.setText(QCoreApplication.translate("PasswordDialog", u"\u518d\u8f93\u4e00\u6b21\uff1a", None))
        self.hint.setText(QCoreApplication.translate("PasswordDialog", u"\u81f3\u5c11 8 \u4e2a\u5b57\u7b26\u3002", None))
    # retranslateUi

