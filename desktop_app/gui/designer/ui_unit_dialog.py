# Compiled from ui/unit_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
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
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_UnitDialog(object):
    def setupUi(self, UnitDialog):
        if not UnitDialog.objectName():
            UnitDialog.setObjectName(u"UnitDialog")
        UnitDialog.setMinimumSize(QSize(480, 0))
        self.layout = QVBoxLayout(UnitDialog)
        self.layout.setObjectName(u"layout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_label = QLabel(UnitDialog)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(UnitDialog)
        self.name.setObjectName(u"name")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.credit_code_label = QLabel(UnitDialog)
        self.credit_code_label.setObjectName(u"credit_code_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.credit_code_label)

        self.credit_code = QLineEdit(UnitDialog)
        self.credit_code.setObjectName(u"credit_code")
        self.credit_code.setMaxLength(18)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.credit_code)

        self.ownership_label = QLabel(UnitDialog)
        self.ownership_label.setObjectName(u"ownership_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.ownership_label)

        self.ownership = QComboBox(UnitDialog)
        self.ownership.setObjectName(u"ownership")
        self.ownership.setEditable(True)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.ownership)

        self.address_label = QLabel(UnitDialog)
        self.address_label.setObjectName(u"address_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address = QLineEdit(UnitDialog)
        self.address.setObjectName(u"address")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.address)

        self.contact_label = QLabel(UnitDialog)
        self.contact_label.setObjectName(u"contact_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.contact_label)

        self.contact = QLineEdit(UnitDialog)
        self.contact.setObjectName(u"contact")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.contact)

        self.phone_label = QLabel(UnitDialog)
        self.phone_label.setObjectName(u"phone_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone = QLineEdit(UnitDialog)
        self.phone.setObjectName(u"phone")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.phone)


        self.layout.addLayout(self.form)

        self.error = QLabel(UnitDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(UnitDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name)
        self.credit_code_label.setBuddy(self.credit_code)
        self.ownership_label.setBuddy(self.ownership)
        self.address_label.setBuddy(self.address)
        self.contact_label.setBuddy(self.contact)
        self.phone_label.setBuddy(self.phone)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name, self.credit_code)
        QWidget.setTabOrder(self.credit_code, self.ownership)
        QWidget.setTabOrder(self.ownership, self.address)
        QWidget.setTabOrder(self.address, self.contact)
        QWidget.setTabOrder(self.contact, self.phone)

        self.retranslateUi(UnitDialog)

        QMetaObject.connectSlotsByName(UnitDialog)
    # setupUi

    def retranslateUi(self, UnitDialog):
        UnitDialog.setWindowTitle(QCoreApplication.translate("UnitDialog", u"\u65b0\u589e\u5355\u4f4d", None))
        self.name_label.setText(QCoreApplication.translate("UnitDialog", u"\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.name.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"\u5fc5\u586b", None))
        self.credit_code_label.setText(QCoreApplication.translate("UnitDialog", u"\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\uff1a", None))
        self.credit_code.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"18 \u4f4d\uff0c\u53ef\u4e0d\u586b", None))
        self.ownership_label.setText(QCoreApplication.translate("UnitDialog", u"\u4f01\u4e1a\u6027\u8d28\uff1a", None))
        self.address_label.setText(QCoreApplication.translate("UnitDialog", u"\u5730\u5740\uff1a", None))
        self.contact_label.setText(QCoreApplication.translate("UnitDialog", u"\u8054\u7cfb\u4eba\uff1a", None))
        self.phone_label.setText(QCoreApplication.translate("UnitDialog", u"\u8054\u7cfb\u7535\u8bdd\uff1a", None))
    # retranslateUi

