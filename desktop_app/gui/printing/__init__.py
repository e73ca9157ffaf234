"""Printing in the GUI (issue 4 item 6): the preview dialog, printing through the Qt print
dialog at the printer's resolution (A4, actual size), save as PDF, batch print with progress
and cancel, the 纸质版 status, the 核验纸质表 dialog and blank forms.

The PDFs come from ``services.printing`` (no SQL here); pages are rasterised with QtPdf at the
printer's resolution (PITFALLS §3.22: QtPdf has no vector output).
"""
