# Compiled from ui/verify_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_VerifyDialog(object):
    def setupUi(self, VerifyDialog):
        if not VerifyDialog.objectName():
            VerifyDialog.setObjectName(u"VerifyDialog")
        VerifyDialog.resize(560, 360)
        self.layout = QVBoxLayout(VerifyDialog)
        self.layout.setObjectName(u"layout")
        self.code_label = QLabel(VerifyDialog)
        self.code_label.setObjectName(u"code_label")

        self.layout.addWidget(self.code_label)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.code = QLineEdit(VerifyDialog)
        self.code.setObjectName(u"code")
        self.code.setClearButtonEnabled(True)

        self.row.addWidget(self.code)

        self.check_button = QPushButton(VerifyDialog)
        self.check_button.setObjectName(u"check_button")

        self.row.addWidget(self.check_button)


        self.layout.addLayout(self.row)

        self.verdict = QLabel(VerifyDialog)
        self.verdict.setObjectName(u"verdict")
        self.verdict.setWordWrap(True)

        self.layout.addWidget(self.verdict)

        self.details = QFormLayout()
        self.details.setObjectName(u"details")
        self.record_label = QLabel(VerifyDialog)
        self.record_label.setObjectName(u"record_label")

        self.details.setWidget(0, QFormLayout.ItemRole.LabelRole, self.record_label)

        self.record_value = QLabel(VerifyDialog)
        self.record_value.setObjectName(u"record_value")

        self.details.setWidget(0, QFormLayout.ItemRole.FieldRole, self.record_value)

        self.unit_label = QLabel(VerifyDialog)
        self.unit_label.setObjectName(u"unit_label")

        self.details.setWidget(1, QFormLayout.ItemRole.LabelRole, self.unit_label)

        self.unit_value = QLabel(VerifyDialog)
        self.unit_value.setObjectName(u"unit_value")

        self.details.setWidget(1, QFormLayout.ItemRole.FieldRole, self.unit_value)

        self.form_label = QLabel(VerifyDialog)
        self.form_label.setObjectName(u"form_label")

        self.details.setWidget(2, QFormLayout.ItemRole.LabelRole, self.form_label)

        self.form_value = QLabel(VerifyDialog)
        self.form_value.setObjectName(u"form_value")

        self.details.setWidget(2, QFormLayout.ItemRole.FieldRole, self.form_value)

        self.revision_label = QLabel(VerifyDialog)
        self.revision_label.setObjectName(u"revision_label")

        self.details.setWidget(3, QFormLayout.ItemRole.LabelRole, self.revision_label)

        self.revision_value = QLabel(VerifyDialog)
        self.revision_value.setObjectName(u"revision_value")

        self.details.setWidget(3, QFormLayout.ItemRole.FieldRole, self.revision_value)

        self.status_label = QLabel(VerifyDialog)
        self.status_label.setObjectName(u"status_label")

        self.details.setWidget(4, QFormLayout.ItemRole.LabelRole, self.status_label)

        self.status_value = QLabel(VerifyDialog)
        self.status_value.setObjectName(u"status_value")

        self.details.setWidget(4, QFormLayout.ItemRole.FieldRole, self.status_value)

        self.printed_at_label = QLabel(VerifyDialog)
        self.printed_at_label.setObjectName(u"printed_at_label")

        self.details.setWidget(5, QFormLayout.ItemRole.LabelRole, self.printed_at_label)

        self.printed_at_value = QLabel(VerifyDialog)
        self.printed_at_value.setObjectName(u"printed_at_value")

        self.details.setWidget(5, QFormLayout.ItemRole.FieldRole, self.printed_at_value)


        self.layout.addLayout(self.details)

        self.stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.layout.addItem(self.stretch)

        self.bottom = QHBoxLayout()
        self.bottom.setObjectName(u"bottom")
        self.bottom_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottom.addItem(self.bottom_stretch)

        self.close_button = QPushButton(VerifyDialog)
        self.close_button.setObjectName(u"close_button")

        self.bottom.addWidget(self.close_button)


        self.layout.addLayout(self.bottom)

#if QT_CONFIG(shortcut)
        self.code_label.setBuddy(self.code)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(VerifyDialog)

        QMetaObject.connectSlotsByName(VerifyDialog)
    # setupUi

    def retranslateUi(self, VerifyDialog):
        VerifyDialog.setWindowTitle(QCoreApplication.translate("VerifyDialog", u"\u6838\u9a8c\u7eb8\u8d28\u8868", None))
        self.code_label.setText(QCoreApplication.translate("VerifyDialog", u"\u6821\u9a8c\u7801\uff1a", None))
        self.code.setPlaceholderText(QCoreApplication.translate("VerifyDialog", u"\u8f93\u5165\u7eb8\u8d28\u8868\u53f3\u4e0b\u89d2\u7684\u6821\u9a8c\u7801\uff08\u5982 7KQ2-9XHM\uff09\uff0c\u6216\u7528\u626b\u7801\u67aa\u626b\u63cf\u4e8c\u7ef4\u7801", None))
        self.check_button.setText(QCoreApplication.translate("VerifyDialog", u"\u6838\u9a8c", None))
        self.record_label.setText(QCoreApplication.translate("VerifyDialog", u"\u8bb0\u5f55\uff1a", None))
        self.record_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.unit_label.setText(QCoreApplication.translate("VerifyDialog", u"\u5355\u4f4d\uff1a", None))
        self.unit_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.form_label.setText(QCoreApplication.translate("VerifyDialog", u"\u8868\u5355 / \u9879\u76ee\uff1a", None))
        self.form_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.revision_label.setText(QCoreApplication.translate("VerifyDialog", u"\u7248\u672c\uff1a", None))
        self.revision_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.status_label.setText(QCoreApplication.translate("VerifyDialog", u"\u72b6\u6001\uff1a", None))
        self.status_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.printed_at_label.setText(QCoreApplication.translate("VerifyDialog", u"\u6253\u5370\u65f6\u95f4\uff1a", None))
        self.printed_at_value.setText(QCoreApplication.translate("VerifyDialog", u"\u2014", None))
        self.close_button.setText(QCoreApplication.translate("VerifyDialog", u"\u5173\u95ed", None))
    # retranslateUi

