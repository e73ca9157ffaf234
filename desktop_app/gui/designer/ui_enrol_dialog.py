# Compiled from ui/enrol_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
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
    QVBoxLayout, QWidget)

class Ui_EnrolDialog(object):
    def setupUi(self, EnrolDialog):
        if not EnrolDialog.objectName():
            EnrolDialog.setObjectName(u"EnrolDialog")
        EnrolDialog.setMinimumSize(QSize(420, 0))
        self.layout = QVBoxLayout(EnrolDialog)
        self.layout.setObjectName(u"layout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code_label = QLabel(EnrolDialog)
        self.code_label.setObjectName(u"code_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.code_label)

        self.code = QLineEdit(EnrolDialog)
        self.code.setObjectName(u"code")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.code)

        self.name_label = QLabel(EnrolDialog)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(EnrolDialog)
        self.name.setObjectName(u"name")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name)


        self.layout.addLayout(self.form)

        self.hint = QLabel(EnrolDialog)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.layout.addWidget(self.hint)

        self.buttons = QDialogButtonBox(EnrolDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.code, self.name)

        self.retranslateUi(EnrolDialog)

        QMetaObject.connectSlotsByName(EnrolDialog)
    # setupUi

    def retranslateUi(self, EnrolDialog):
        EnrolDialog.setWindowTitle(QCoreApplication.translate("EnrolDialog", u"\u767b\u8bb0\u8857\u9547", None))
        self.code_label.setText(QCoreApplication.translate("EnrolDialog", u"\u8857\u9547\u4ee3\u7801\uff1a", None))
        self.code.setPlaceholderText(QCoreApplication.translate("EnrolDialog", u"\u5982 XJ\uff082\u201332 \u4f4d\u5b57\u6bcd\u3001\u6570\u5b57\uff09", None))
        self.name_label.setText(QCoreApplication.translate("EnrolDialog", u"\u8857\u9547\u540d\u79f0\uff1a", None))
        self.name.setPlaceholderText(QCoreApplication.translate("EnrolDialog", u"\u5982 \u5f90\u6cfe\u9547\u603b\u5de5\u4f1a", None))
        self.hint.setText(QCoreApplication.translate("EnrolDialog", u"\u767b\u8bb0\u540e\u7a0b\u5e8f\u4f1a\u4e3a\u8be5\u8857\u9547\u751f\u6210\u4e13\u7528\u7684\u4ea4\u6362\u5bc6\u94a5\uff0c\u53ea\u663e\u793a\u8fd9\u4e00\u6b21\uff0c\u8bf7\u6253\u5370\u5bc6\u94a5\u5355\u4ea4\u7ed9\u8857\u9547\u3002", None))
    # retranslateUi

