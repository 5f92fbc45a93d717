"""Spreadsheet cells that a spreadsheet will not run: the one guard against formula injection.

A spreadsheet (Excel, LibreOffice, Google Sheets) treats a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula, and also one that begins with a tab or carriage return followed by one of them. A recipe is
user text (a grade written ``=HYPERLINK("http://...")``), so every text cell of every spreadsheet format
(CSV now, xlsx too) goes through :func:`cell`, as the OWASP "CSV Injection" page recommends: such a cell is
prefixed with a single quote, which spreadsheets show as text and do not evaluate.

Numbers are written by the renderers as numbers and never pass through here: a negative number such as
``-1.5`` must stay a number a spreadsheet can add up.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: object) -> str:
    """``text`` as a cell a spreadsheet shows and never evaluates.

    Examples
    --------
    >>> cell('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> cell("HCl, 37 wt%")
    'HCl, 37 wt%'
    """
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_START) else text
