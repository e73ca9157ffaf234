"""Qt table models. They hold ids or plain rows and call services; they never touch widgets,
so they are tested without a view (Vorta `tests/unit/test_archive_table_model.py` style)."""
