# Compiled from ui/add_operator_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QWidget)

class Ui_AddOperatorDialog(object):
    def setupUi(self, AddOperatorDialog):
        if not AddOperatorDialog.objectName():
            AddOperatorDialog.setObjectName(u"AddOperatorDialog")
        AddOperatorDialog.setMinimumSize(QSize(420, 0))
        self.form = QFormLayout(AddOperatorDialog)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(AddOperatorDialog)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(AddOperatorDialog)
        self.name.setObjectName(u"name")
        self.name.setMaxLength(60)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.role_label = QLabel(AddOperatorDialog)
        self.role_label.setObjectName(u"role_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role = QComboBox(AddOperatorDialog)
        self.role.setObjectName(u"role")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.role)

        self.password_label = QLabel(AddOperatorDialog)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password = QLineEdit(AddOperatorDialog)
        self.password.setObjectName(u"password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.password)

        self.again_label = QLabel(AddOperatorDialog)
        self.again_label.setObjectName(u"again_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.again_label)

        self.again = QLineEdit(AddOperatorDialog)
        self.again.setObjectName(u"again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.again)

        self.note = QLabel(AddOperatorDialog)
        self.note.setObjectName(u"note")
        self.note.setWordWrap(True)

        self.form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.note)

        self.buttons = QDialogButtonBox(AddOperatorDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.form.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.buttons)

        QWidget.setTabOrder(self.name, self.role)
        QWidget.setTabOrder(self.role, self.password)
        QWidget.setTabOrder(self.password, self.again)

        self.retranslateUi(AddOperatorDialog)

        QMetaObject.connectSlotsByName(AddOperatorDialog)
    # setupUi

    def retranslateUi(self, AddOperatorDialog):
        AddOperatorDialog.setWindowTitle(QCoreApplication.translate("AddOperatorDialog", u"\u6dfb\u52a0\u8d26\u6237", None))
        self.name_label.setText(QCoreApplication.translate("AddOperatorDialog", u"\u7528\u6237\u540d\uff1a", None))
        self.role_label.setText(QCoreApplication.translate("AddOperatorDialog", u"\u89d2\u8272\uff1a", None))
        self.password_label.setText(QCoreApplication.translate("AddOperatorDialog", u"\u521d\u59cb\u5bc6\u7801\uff1a", None))
        self.again_label.setText(QCoreApplication.translate("AddOperatorDialog", u"\u518d\u8f93\u4e00\u6b21\uff1a", None))
        self.note.setText(QCoreApplication.translate("AddOperatorDialog", u"\u7ba1\u7406\u5458\uff1a\u8d26\u6237\u3001\u8bbe\u7f6e\u3001\u9879\u76ee\u76ee\u5f55\uff1b\u7ecf\u529e\uff1a\u8bb0\u5f55\u3001\u5bfc\u5165\u3001\u5bfc\u51fa\uff1b\u5ba1\u6838\uff1a\u533a\u603b\u5de5\u4f1a\u7684\u5ba1\u6838\u51b3\u5b9a\uff1b\u53ea\u8bfb\uff1a\u53ea\u80fd\u67e5\u770b\u3002", None))
    # retranslateUi

