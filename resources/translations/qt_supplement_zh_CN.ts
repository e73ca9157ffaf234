<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own texts that qtbase_zh_CN.qm (Qt 6.12) leaves in English: the file dialog's labels
     gained mnemonics ("&Look in:") and the catalogue still has the old strings. Loaded after
     qtbase_zh_CN by desktop_app.gui.main.install_qt_translations; compiled with PySide6's
     lrelease (python build_scripts/make_translations.py) and both files committed. -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
    <message><source>File &amp;name:</source><translation>文件名称(&amp;N)：</translation></message>
</context>
</TS>
