"""Excel rosters in the GUI: the import wizard, exports and templates, and their entry points.

- :mod:`import_wizard` — 从 Excel 导入名册 (choose file → mapping → dry-run preview → commit);
- :mod:`exports` — 导出名册 / 导出列表 / 下载空白模板, with the full-identity-number question;
- :mod:`entry` — the buttons other pages add with one line each.

All work goes through ``desktop_app.services.roster_import`` / ``roster_export`` (no SQL here).
"""
