# Compiled from ui/first_run_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QRadioButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.setMinimumSize(QSize(520, 0))
        self.layout = QVBoxLayout(FirstRunDialog)
        self.layout.setObjectName(u"layout")
        self.intro = QLabel(FirstRunDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.own_box = QGroupBox(FirstRunDialog)
        self.own_box.setObjectName(u"own_box")
        self.own_form = QFormLayout(self.own_box)
        self.own_form.setObjectName(u"own_form")
        self.own_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_label = QLabel(self.own_box)
        self.name_label.setObjectName(u"name_label")

        self.own_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(self.own_box)
        self.name.setObjectName(u"name")

        self.own_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.code_label = QLabel(self.own_box)
        self.code_label.setObjectName(u"code_label")

        self.own_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.code_label)

        self.code = QLineEdit(self.own_box)
        self.code.setObjectName(u"code")

        self.own_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.code)

        self.level_label = QLabel(self.own_box)
        self.level_label.setObjectName(u"level_label")

        self.own_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.level_label)

        self.levels = QHBoxLayout()
        self.levels.setObjectName(u"levels")
        self.town = QRadioButton(self.own_box)
        self.town.setObjectName(u"town")
        self.town.setChecked(True)

        self.levels.addWidget(self.town)

        self.district = QRadioButton(self.own_box)
        self.district.setObjectName(u"district")

        self.levels.addWidget(self.district)

        self.levels_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.levels.addItem(self.levels_stretch)


        self.own_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.levels)


        self.layout.addWidget(self.own_box)

        self.parent_box = QGroupBox(FirstRunDialog)
        self.parent_box.setObjectName(u"parent_box")
        self.parent_form = QFormLayout(self.parent_box)
        self.parent_form.setObjectName(u"parent_form")
        self.parent_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.parent_name_label = QLabel(self.parent_box)
        self.parent_name_label.setObjectName(u"parent_name_label")

        self.parent_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.parent_name_label)

        self.parent_name = QLineEdit(self.parent_box)
        self.parent_name.setObjectName(u"parent_name")

        self.parent_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.parent_name)

        self.parent_code_label = QLabel(self.parent_box)
        self.parent_code_label.setObjectName(u"parent_code_label")

        self.parent_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.parent_code_label)

        self.parent_code = QLineEdit(self.parent_box)
        self.parent_code.setObjectName(u"parent_code")

        self.parent_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.parent_code)


        self.layout.addWidget(self.parent_box)

        self.error = QLabel(FirstRunDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.layout.addWidget(self.error)

        self.stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.layout.addItem(self.stretch)

        self.buttons = QDialogButtonBox(FirstRunDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name)
        self.code_label.setBuddy(self.code)
        self.parent_name_label.setBuddy(self.parent_name)
        self.parent_code_label.setBuddy(self.parent_code)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name, self.code)
        QWidget.setTabOrder(self.code, self.town)
        QWidget.setTabOrder(self.town, self.district)
        QWidget.setTabOrder(self.district, self.parent_name)
        QWidget.setTabOrder(self.parent_name, self.parent_code)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"\u521d\u6b21\u8bbe\u7f6e", None))
        self.intro.setText(QCoreApplication.translate("FirstRunDialog", u"\u8bf7\u586b\u5199\u672c\u5355\u4f4d\u4fe1\u606f\u3002\u5355\u4f4d\u4ee3\u7801\u7528\u4e8e\u4e0e\u4e0a\u7ea7\u4ea4\u6362\u6570\u636e\uff08\u6570\u636e\u5305\u7684\u53d1\u9001\u65b9\u548c\u63a5\u6536\u65b9\uff09\uff0c\u8bf7\u4f7f\u7528\u4e0a\u7ea7\u5de5\u4f1a\u5206\u914d\u7684\u4ee3\u7801\u3002", None))
        self.own_box.setTitle(QCoreApplication.translate("FirstRunDialog", u"\u672c\u5355\u4f4d", None))
        self.name_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.name.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b\u5982\uff1a\u6731\u5bb6\u89d2\u9547\u603b\u5de5\u4f1a", None))
        self.code_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u5355\u4f4d\u4ee3\u7801\uff1a", None))
        self.code.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b\u5982\uff1aZJJ\uff08\u5b57\u6bcd\u3001\u6570\u5b57\uff0c2\u201332 \u4f4d\uff09", None))
        self.level_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u7ea7\u522b\uff1a", None))
        self.town.setText(QCoreApplication.translate("FirstRunDialog", u"\u8857\u9547/\u59d4\u529e\u5c40/\u533a\u5c5e\u516c\u53f8\u5de5\u4f1a", None))
        self.district.setText(QCoreApplication.translate("FirstRunDialog", u"\u533a\uff08\u53bf\uff09\u603b\u5de5\u4f1a", None))
        self.parent_box.setTitle(QCoreApplication.translate("FirstRunDialog", u"\u4e0a\u7ea7\u5355\u4f4d\uff08\u533a\u603b\u5de5\u4f1a\uff09", None))
        self.parent_name_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u4e0a\u7ea7\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.parent_name.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b\u5982\uff1a\u9752\u6d66\u533a\u603b\u5de5\u4f1a", None))
        self.parent_code_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u4e0a\u7ea7\u5355\u4f4d\u4ee3\u7801\uff1a", None))
        self.parent_code.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b\u5982\uff1aQP", None))
    # retranslateUi

