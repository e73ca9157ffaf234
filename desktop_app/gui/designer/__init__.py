"""Modules compiled from the Qt Designer sources in ui/ (see build_scripts/compile_ui.py)."""
