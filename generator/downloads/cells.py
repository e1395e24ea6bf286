"""Spreadsheet cells that cannot run: neutralising text that a spreadsheet would treat as a formula.

Per OWASP's CSV injection guidance, a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is prefixed with a single quote. Spreadsheets then show it as text, so a
contributed title such as ``=HYPERLINK(...)`` cannot run on a reader's machine. Both the CSV and
the XLSX exports pass every text cell through :func:`neutralise`.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def restore(text: str) -> str:
    """The original text of a cell :func:`neutralise` produced (for readers and tests)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text
