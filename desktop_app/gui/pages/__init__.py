"""The main window's pages, one module each, imported when first shown (main_window.PAGES)."""
