# Compiled from ui/project_edit_dialog.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_ProjectEditDialog(object):
    def setupUi(self, ProjectEditDialog):
        if not ProjectEditDialog.objectName():
            ProjectEditDialog.setObjectName(u"ProjectEditDialog")
        ProjectEditDialog.resize(980, 640)
        self.layout = QVBoxLayout(ProjectEditDialog)
        self.layout.setObjectName(u"layout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(ProjectEditDialog)
        self.name_label.setObjectName(u"name_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name = QLineEdit(ProjectEditDialog)
        self.name.setObjectName(u"name")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.quota_row_label = QLabel(ProjectEditDialog)
        self.quota_row_label.setObjectName(u"quota_row_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.quota_row_label)

        self.quota_row = QHBoxLayout()
        self.quota_row.setObjectName(u"quota_row")
        self.quota = QLineEdit(ProjectEditDialog)
        self.quota.setObjectName(u"quota")
        self.quota.setMaximumSize(QSize(140, 16777215))

        self.quota_row.addWidget(self.quota)

        self.quota_unit = QLabel(ProjectEditDialog)
        self.quota_unit.setObjectName(u"quota_unit")

        self.quota_row.addWidget(self.quota_unit)

        self.quota_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.quota_row.addItem(self.quota_spacer)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.quota_row)

        self.period_label = QLabel(ProjectEditDialog)
        self.period_label.setObjectName(u"period_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.period_label)

        self.period = QHBoxLayout()
        self.period.setObjectName(u"period")
        self.start = QDateEdit(ProjectEditDialog)
        self.start.setObjectName(u"start")
        self.start.setCalendarPopup(True)

        self.period.addWidget(self.start)

        self.period_to = QLabel(ProjectEditDialog)
        self.period_to.setObjectName(u"period_to")

        self.period.addWidget(self.period_to)

        self.end = QDateEdit(ProjectEditDialog)
        self.end.setObjectName(u"end")
        self.end.setCalendarPopup(True)

        self.period.addWidget(self.end)

        self.period_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.period.addItem(self.period_spacer)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.period)


        self.layout.addLayout(self.form)

        self.params_label = QLabel(ProjectEditDialog)
        self.params_label.setObjectName(u"params_label")

        self.layout.addWidget(self.params_label)

        self.table = QTableWidget(ProjectEditDialog)
        if (self.table.columnCount() < 4):
            self.table.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)

        self.layout.addWidget(self.table)

        self.hint = QLabel(ProjectEditDialog)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.layout.addWidget(self.hint)

        self.buttons = QDialogButtonBox(ProjectEditDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.layout.addWidget(self.buttons)

        self.layout.setStretch(2, 1)
        QWidget.setTabOrder(self.name, self.quota)
        QWidget.setTabOrder(self.quota, self.start)
        QWidget.setTabOrder(self.start, self.end)
        QWidget.setTabOrder(self.end, self.table)

        self.retranslateUi(ProjectEditDialog)

        QMetaObject.connectSlotsByName(ProjectEditDialog)
    # setupUi

    def retranslateUi(self, ProjectEditDialog):
        ProjectEditDialog.setWindowTitle(QCoreApplication.translate("ProjectEditDialog", u"\u7f16\u8f91\u9879\u76ee", None))
        self.name_label.setText(QCoreApplication.translate("ProjectEditDialog", u"\u9879\u76ee\u540d\u79f0", None))
        self.quota_row_label.setText(QCoreApplication.translate("ProjectEditDialog", u"\u540d\u989d\uff08\u76ee\u6807\u6570\uff09", None))
        self.period_label.setText(QCoreApplication.translate("ProjectEditDialog", u"\u5b9e\u65bd\u65f6\u95f4", None))
        self.start.setDisplayFormat(QCoreApplication.translate("ProjectEditDialog", u"yyyy-MM-dd", None))
        self.period_to.setText(QCoreApplication.translate("ProjectEditDialog", u"\u81f3", None))
        self.end.setDisplayFormat(QCoreApplication.translate("ProjectEditDialog", u"yyyy-MM-dd", None))
        self.params_label.setText(QCoreApplication.translate("ProjectEditDialog", u"\u89c4\u5219\u53c2\u6570", None))
        ___qtablewidgetitem = self.table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ProjectEditDialog", u"\u53c2\u6570", None))
        ___qtablewidgetitem1 = self.table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ProjectEditDialog", u"\u89c4\u5219", None))
        ___qtablewidgetitem2 = self.table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ProjectEditDialog", u"\u503c", None))
        ___qtablewidgetitem3 = self.table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ProjectEditDialog", u"\u952e\u540d", None))
        self.hint.setText(QCoreApplication.translate("ProjectEditDialog", u"\u4fee\u6539\u540e\u6309\u201c\u4fdd\u5b58\u201d\uff1a\u6240\u6709\u6570\u503c\u4e00\u5e76\u6821\u9a8c\uff08\u540d\u989d\u4e3a\u4e0d\u5c0f\u4e8e 0 \u7684\u6574\u6570\u3001\u65e5\u671f\u5148\u540e\u3001\u91d1\u989d\u4e0d\u4e3a\u8d1f\u3001\u8303\u56f4\u4e0b\u9650\u4e0d\u9ad8\u4e8e\u4e0a\u9650\uff09\uff0c\u6709\u8bef\u65f6\u6307\u51fa\u54ea\u4e00\u9879\uff0c\u4ec0\u4e48\u90fd\u4e0d\u6539\u3002\u6bcf\u6b21\u4fee\u6539\u8bb0\u5165\u5ba1\u8ba1\u65e5\u5fd7\u3002", None))
    # retranslateUi

