# Compiled from ui/settings_page.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_SettingsPage(object):
    def setupUi(self, SettingsPage):
        if not SettingsPage.objectName():
            SettingsPage.setObjectName(u"SettingsPage")
        self.layout = QVBoxLayout(SettingsPage)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.office_box = QGroupBox(SettingsPage)
        self.office_box.setObjectName(u"office_box")
        self.office_form = QFormLayout(self.office_box)
        self.office_form.setObjectName(u"office_form")
        self.office_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(self.office_box)
        self.name_label.setObjectName(u"name_label")

        self.office_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLabel(self.office_box)
        self.name.setObjectName(u"name")
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.office_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.code_label = QLabel(self.office_box)
        self.code_label.setObjectName(u"code_label")

        self.office_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.code_label)

        self.code = QLabel(self.office_box)
        self.code.setObjectName(u"code")
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.office_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.code)

        self.level_label = QLabel(self.office_box)
        self.level_label.setObjectName(u"level_label")

        self.office_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.level_label)

        self.level = QLabel(self.office_box)
        self.level.setObjectName(u"level")
        self.level.setWordWrap(True)
        self.level.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.office_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.level)

        self.parent_unit_label = QLabel(self.office_box)
        self.parent_unit_label.setObjectName(u"parent_unit_label")

        self.office_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.parent_unit_label)

        self.parent_unit = QLabel(self.office_box)
        self.parent_unit.setObjectName(u"parent_unit")
        self.parent_unit.setWordWrap(True)
        self.parent_unit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.office_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.parent_unit)

        self.edit_row_label = QLabel(self.office_box)
        self.edit_row_label.setObjectName(u"edit_row_label")

        self.office_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.edit_row_label)

        self.edit_row = QHBoxLayout()
        self.edit_row.setObjectName(u"edit_row")
        self.edit_button = QPushButton(self.office_box)
        self.edit_button.setObjectName(u"edit_button")

        self.edit_row.addWidget(self.edit_button)

        self.edit_row_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.edit_row.addItem(self.edit_row_spacer)


        self.office_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.edit_row)


        self.layout.addWidget(self.office_box)

        self.data_box = QGroupBox(SettingsPage)
        self.data_box.setObjectName(u"data_box")
        self.data_form = QFormLayout(self.data_box)
        self.data_form.setObjectName(u"data_form")
        self.data_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.folder_label = QLabel(self.data_box)
        self.folder_label.setObjectName(u"folder_label")

        self.data_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.folder_label)

        self.folder = QLabel(self.data_box)
        self.folder.setObjectName(u"folder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.data_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.folder)

        self.database_label = QLabel(self.data_box)
        self.database_label.setObjectName(u"database_label")

        self.data_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.database_label)

        self.database = QLabel(self.data_box)
        self.database.setObjectName(u"database")
        self.database.setWordWrap(True)
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.data_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.database)

        self.backups_label = QLabel(self.data_box)
        self.backups_label.setObjectName(u"backups_label")

        self.data_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.backups_label)

        self.backups = QLabel(self.data_box)
        self.backups.setObjectName(u"backups")
        self.backups.setWordWrap(True)
        self.backups.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.data_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.backups)

        self.version_label = QLabel(self.data_box)
        self.version_label.setObjectName(u"version_label")

        self.data_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.version_label)

        self.version = QLabel(self.data_box)
        self.version.setObjectName(u"version")
        self.version.setWordWrap(True)
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.data_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.version)

        self.open_row_label = QLabel(self.data_box)
        self.open_row_label.setObjectName(u"open_row_label")

        self.data_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.open_row_label)

        self.open_row = QHBoxLayout()
        self.open_row.setObjectName(u"open_row")
        self.open_button = QPushButton(self.data_box)
        self.open_button.setObjectName(u"open_button")

        self.open_row.addWidget(self.open_button)

        self.open_row_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.open_row.addItem(self.open_row_spacer)


        self.data_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.open_row)


        self.layout.addWidget(self.data_box)

        self.note = QLabel(SettingsPage)
        self.note.setObjectName(u"note")
        self.note.setWordWrap(True)

        self.layout.addWidget(self.note)


        self.retranslateUi(SettingsPage)

        QMetaObject.connectSlotsByName(SettingsPage)
    # setupUi

    def retranslateUi(self, SettingsPage):
        self.office_box.setTitle(QCoreApplication.translate("SettingsPage", u"\u672c\u5355\u4f4d", None))
        self.name_label.setText(QCoreApplication.translate("SettingsPage", u"\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.code_label.setText(QCoreApplication.translate("SettingsPage", u"\u5355\u4f4d\u4ee3\u7801\uff1a", None))
        self.level_label.setText(QCoreApplication.translate("SettingsPage", u"\u7ea7\u522b\uff1a", None))
        self.parent_unit_label.setText(QCoreApplication.translate("SettingsPage", u"\u4e0a\u7ea7\u5355\u4f4d\uff1a", None))
        self.edit_row_label.setText("")
        self.edit_button.setText(QCoreApplication.translate("SettingsPage", u"\u4fee\u6539\u672c\u5355\u4f4d\u4fe1\u606f\u2026", None))
        self.data_box.setTitle(QCoreApplication.translate("SettingsPage", u"\u6570\u636e", None))
        self.folder_label.setText(QCoreApplication.translate("SettingsPage", u"\u6570\u636e\u6587\u4ef6\u5939\uff1a", None))
        self.database_label.setText(QCoreApplication.translate("SettingsPage", u"\u6570\u636e\u5e93\u6587\u4ef6\uff1a", None))
        self.backups_label.setText(QCoreApplication.translate("SettingsPage", u"\u5907\u4efd\u6587\u4ef6\u5939\uff1a", None))
        self.version_label.setText(QCoreApplication.translate("SettingsPage", u"\u7a0b\u5e8f\u7248\u672c\uff1a", None))
        self.open_row_label.setText("")
        self.open_button.setText(QCoreApplication.translate("SettingsPage", u"\u6253\u5f00\u6570\u636e\u6587\u4ef6\u5939", None))
        self.note.setText(QCoreApplication.translate("SettingsPage", u"\u6570\u636e\u5e93\u8bf7\u4fdd\u5b58\u5728\u672c\u673a\u786c\u76d8\u4e0a\uff0c\u4e0d\u8981\u653e\u5728U\u76d8\u6216\u7f51\u7edc\u5171\u4eab\u6587\u4ef6\u5939\u4e2d\uff1b\u5907\u4efd\u4f7f\u7528\u6570\u636e\u5e93\u81ea\u8eab\u7684\u5907\u4efd\u529f\u80fd\uff0c\u7a0b\u5e8f\u8fd0\u884c\u4e2d\u4e5f\u80fd\u5f97\u5230\u5b8c\u6574\u4e00\u81f4\u7684\u526f\u672c\u3002", None))
        pass
    # retranslateUi

