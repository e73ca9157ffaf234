# Compiled from ui/database_panel.ui by build_scripts/compile_ui.py (pyside6-uic). Do not edit:
# change the .ui file in Qt Designer and compile again.

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QSizePolicy, QSpacerItem, QSpinBox,
    QWidget)

class Ui_DatabasePanel(object):
    def setupUi(self, DatabasePanel):
        if not DatabasePanel.objectName():
            DatabasePanel.setObjectName(u"DatabasePanel")
        self.form = QFormLayout(DatabasePanel)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.now = QLabel(DatabasePanel)
        self.now.setObjectName(u"now")
        self.now.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.now)

        self.local = QRadioButton(DatabasePanel)
        self.local.setObjectName(u"local")

        self.form.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.local)

        self.server = QRadioButton(DatabasePanel)
        self.server.setObjectName(u"server")

        self.form.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.server)

        self.host_label = QLabel(DatabasePanel)
        self.host_label.setObjectName(u"host_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.host_label)

        self.host = QLineEdit(DatabasePanel)
        self.host.setObjectName(u"host")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.host)

        self.port_label = QLabel(DatabasePanel)
        self.port_label.setObjectName(u"port_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.port_label)

        self.port = QSpinBox(DatabasePanel)
        self.port.setObjectName(u"port")
        self.port.setMinimum(1)
        self.port.setMaximum(65535)
        self.port.setValue(5432)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.port)

        self.database_label = QLabel(DatabasePanel)
        self.database_label.setObjectName(u"database_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.database_label)

        self.database = QLineEdit(DatabasePanel)
        self.database.setObjectName(u"database")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.database)

        self.user_label = QLabel(DatabasePanel)
        self.user_label.setObjectName(u"user_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.user_label)

        self.user = QLineEdit(DatabasePanel)
        self.user.setObjectName(u"user")

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.user)

        self.sslmode_label = QLabel(DatabasePanel)
        self.sslmode_label.setObjectName(u"sslmode_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.sslmode_label)

        self.sslmode = QComboBox(DatabasePanel)
        self.sslmode.setObjectName(u"sslmode")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.sslmode)

        self.password_label = QLabel(DatabasePanel)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password = QLineEdit(DatabasePanel)
        self.password.setObjectName(u"password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.password)

        self.button_row_label = QLabel(DatabasePanel)
        self.button_row_label.setObjectName(u"button_row_label")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.button_row_label)

        self.button_row = QHBoxLayout()
        self.button_row.setObjectName(u"button_row")
        self.test_button = QPushButton(DatabasePanel)
        self.test_button.setObjectName(u"test_button")

        self.button_row.addWidget(self.test_button)

        self.save_button = QPushButton(DatabasePanel)
        self.save_button.setObjectName(u"save_button")

        self.button_row.addWidget(self.save_button)

        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_row.addItem(self.button_spacer)


        self.form.setLayout(9, QFormLayout.ItemRole.FieldRole, self.button_row)

        self.result = QLabel(DatabasePanel)
        self.result.setObjectName(u"result")
        self.result.setWordWrap(True)

        self.form.setWidget(10, QFormLayout.ItemRole.SpanningRole, self.result)

        self.note = QLabel(DatabasePanel)
        self.note.setObjectName(u"note")
        self.note.setWordWrap(True)

        self.form.setWidget(11, QFormLayout.ItemRole.SpanningRole, self.note)

        QWidget.setTabOrder(self.local, self.server)
        QWidget.setTabOrder(self.server, self.host)
        QWidget.setTabOrder(self.host, self.port)
        QWidget.setTabOrder(self.port, self.database)
        QWidget.setTabOrder(self.database, self.user)
        QWidget.setTabOrder(self.user, self.sslmode)
        QWidget.setTabOrder(self.sslmode, self.password)
        QWidget.setTabOrder(self.password, self.test_button)
        QWidget.setTabOrder(self.test_button, self.save_button)

        self.retranslateUi(DatabasePanel)

        QMetaObject.connectSlotsByName(DatabasePanel)
    # setupUi

    def retranslateUi(self, DatabasePanel):
        DatabasePanel.setTitle(QCoreApplication.translate("DatabasePanel", u"\u6570\u636e\u5e93", None))
        self.local.setText(QCoreApplication.translate("DatabasePanel", u"\u672c\u673a\uff08\u5355\u673a\u4f7f\u7528\uff0c\u6570\u636e\u5728\u672c\u673a\u7684\u6570\u636e\u6587\u4ef6\u5939\uff09", None))
        self.server.setText(QCoreApplication.translate("DatabasePanel", u"\u670d\u52a1\u5668\uff08\u533a\u603b\u5de5\u4f1a\u591a\u4e2a\u5ea7\u5e2d\u5171\u7528\u4e00\u4e2a PostgreSQL \u6570\u636e\u5e93\uff09", None))
        self.host_label.setText(QCoreApplication.translate("DatabasePanel", u"\u4e3b\u673a\uff1a", None))
        self.port_label.setText(QCoreApplication.translate("DatabasePanel", u"\u7aef\u53e3\uff1a", None))
        self.database_label.setText(QCoreApplication.translate("DatabasePanel", u"\u6570\u636e\u5e93\uff1a", None))
        self.user_label.setText(QCoreApplication.translate("DatabasePanel", u"\u7528\u6237\uff1a", None))
        self.sslmode_label.setText(QCoreApplication.translate("DatabasePanel", u"\u52a0\u5bc6\uff08sslmode\uff09\uff1a", None))
        self.password_label.setText(QCoreApplication.translate("DatabasePanel", u"\u5bc6\u7801\uff1a", None))
        self.password.setPlaceholderText(QCoreApplication.translate("DatabasePanel", u"\u53ea\u7528\u4e8e\u6d4b\u8bd5\u8fde\u63a5\uff0c\u4e0d\u4fdd\u5b58", None))
        self.button_row_label.setText("")
        self.test_button.setText(QCoreApplication.translate("DatabasePanel", u"\u6d4b\u8bd5\u8fde\u63a5", None))
        self.save_button.setText(QCoreApplication.translate("DatabasePanel", u"\u4fdd\u5b58\uff08\u4e0b\u6b21\u542f\u52a8\u751f\u6548\uff09", None))
        self.note.setText(QCoreApplication.translate("DatabasePanel", u"\u670d\u52a1\u5668\u7684\u5bc6\u7801\u4e0d\u4fdd\u5b58\u5728\u7a0b\u5e8f\u91cc\uff1a\u8bf7\u5728\u672c\u673a\u8bbe\u7f6e\u73af\u5883\u53d8\u91cf PGPASSWORD\uff0c\u6216\u5199\u5165 pgpass \u6587\u4ef6\uff08Windows\uff1a%APPDATA%\\postgresql\\pgpass.conf\uff09\u3002\u8fde\u63a5\u540e\u8fd8\u987b\u7528\u672c\u7a0b\u5e8f\u7684\u8d26\u6237\u767b\u5f55\u3002\u73af\u5883\u53d8\u91cf UNIONLEDGER_DATABASE_URL \u4f18\u5148\u4e8e\u6b64\u5904\u7684\u8bbe\u7f6e\u3002", None))
    # retranslateUi

