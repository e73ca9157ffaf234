# Compiled from ui/blank_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QSizePolicy,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_BlankFormDialog(object):
    def setupUi(self, BlankFormDialog):
        if not BlankFormDialog.objectName():
            BlankFormDialog.setObjectName(u"BlankFormDialog")
        BlankFormDialog.resize(560, 220)
        self.layout = QVBoxLayout(BlankFormDialog)
        self.layout.setObjectName(u"layout")
        self.fields = QFormLayout()
        self.fields.setObjectName(u"fields")
        self.form_label = QLabel(BlankFormDialog)
        self.form_label.setObjectName(u"form_label")

        self.fields.setWidget(0, QFormLayout.ItemRole.LabelRole, self.form_label)

        self.form = QComboBox(BlankFormDialog)
        self.form.setObjectName(u"form")

        self.fields.setWidget(0, QFormLayout.ItemRole.FieldRole, self.form)

        self.year_label = QLabel(BlankFormDialog)
        self.year_label.setObjectName(u"year_label")

        self.fields.setWidget(1, QFormLayout.ItemRole.LabelRole, self.year_label)

        self.year = QSpinBox(BlankFormDialog)
        self.year.setObjectName(u"year")
        self.year.setMinimum(2000)
        self.year.setMaximum(2100)

        self.fields.setWidget(1, QFormLayout.ItemRole.FieldRole, self.year)

        self.rows_label = QLabel(BlankFormDialog)
        self.rows_label.setObjectName(u"rows_label")

        self.fields.setWidget(2, QFormLayout.ItemRole.LabelRole, self.rows_label)

        self.rows = QSpinBox(BlankFormDialog)
        self.rows.setObjectName(u"rows")
        self.rows.setMinimum(1)
        self.rows.setMaximum(10000)
        self.rows.setValue(20)

        self.fields.setWidget(2, QFormLayout.ItemRole.FieldRole, self.rows)

        self.copies_label = QLabel(BlankFormDialog)
        self.copies_label.setObjectName(u"copies_label")

        self.fields.setWidget(3, QFormLayout.ItemRole.LabelRole, self.copies_label)

        self.copies = QSpinBox(BlankFormDialog)
        self.copies.setObjectName(u"copies")
        self.copies.setMinimum(1)
        self.copies.setMaximum(10)

        self.fields.setWidget(3, QFormLayout.ItemRole.FieldRole, self.copies)


        self.layout.addLayout(self.fields)

        self.buttons = QDialogButtonBox(BlankFormDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close|QDialogButtonBox.StandardButton.Save)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.form_label.setBuddy(self.form)
        self.year_label.setBuddy(self.year)
        self.rows_label.setBuddy(self.rows)
        self.copies_label.setBuddy(self.copies)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.form, self.year)
        QWidget.setTabOrder(self.year, self.rows)
        QWidget.setTabOrder(self.rows, self.copies)

        self.retranslateUi(BlankFormDialog)

        QMetaObject.connectSlotsByName(BlankFormDialog)
    # setupUi

    def retranslateUi(self, BlankFormDialog):
        BlankFormDialog.setWindowTitle(QCoreApplication.translate("BlankFormDialog", u"\u7a7a\u767d\u8868", None))
        self.form_label.setText(QCoreApplication.translate("BlankFormDialog", u"\u8868\u5355\uff1a", None))
        self.year_label.setText(QCoreApplication.translate("BlankFormDialog", u"\u6807\u9898\u5e74\u4efd\uff1a", None))
        self.rows_label.setText(QCoreApplication.translate("BlankFormDialog", u"\u540d\u518c\u7a7a\u884c\uff1a", None))
        self.rows.setSuffix(QCoreApplication.translate("BlankFormDialog", u" \u884c", None))
        self.copies_label.setText(QCoreApplication.translate("BlankFormDialog", u"\u4efd\u6570\uff1a", None))
        self.copies.setSuffix(QCoreApplication.translate("BlankFormDialog", u" \u4efd", None))
    # retranslateUi

