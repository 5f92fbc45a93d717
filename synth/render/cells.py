"""Spreadsheet cells that a spreadsheet will not run: the one guard against formula injection.

A spreadsheet (Excel, LibreOffice, Google Sheets) treats a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula, and also one that begins with a tab or carriage return followed by one of them. A recipe is
user text (a grade written ``=HYPERLINK("http://...")``), so every text cell of every spreadsheet format
(CSV and xlsx) goes through :func:`cell`, as the OWASP "CSV Injection" page recommends: such a cell is
prefixed with a single quote, which spreadsheets show as text and do not evaluate. The ``#`` provenance lines
of a CSV file are text too: :func:`comment` keeps each one a single cell.

Numbers are written as numbers (:func:`numbers`) and never pass through :func:`cell`: a negative number such
as ``-1.5`` must stay a number a spreadsheet can add up.
"""

from __future__ import annotations

import numpy as np

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What would split a ``#`` line into several cells or lines, and what it is written as instead.
_COMMENT_SAFE = str.maketrans({",": ";", '"': "'", "\n": " ", "\r": " "})


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


def comment(text: str) -> str:
    """``text`` as a ``#`` line of a CSV file: one line that a reader skips (``pandas.read_csv(comment="#")``)
    and one cell that a spreadsheet shows as text. A comma, double quote or line break in it (a recipe's path
    is user text) would start another cell, possibly a formula, or another line: they are written as ``;``,
    ``'`` and a space.

    Examples
    --------
    >>> comment("synth sweep of /tmp/a,=1+1.yaml")
    '# synth sweep of /tmp/a;=1+1.yaml\\n'
    """
    return f"# {text.translate(_COMMENT_SAFE)}\n"


def made_from(provenance: dict) -> list[str]:
    """The ``#`` lines that say what a CSV file was computed from: the species data and files, the price files,
    and the versions (a :func:`synth.provenance.provenance` record)."""
    data = provenance["species_data"]
    versions = "; ".join(f"{k} {v}" for k, v in provenance["versions"].items())
    return [comment(f"species data {data['file']} (sha256 {data['sha256']}); versions {versions}"),
            *(comment(f"species file {f['file']} (sha256 {f['sha256']})") for f in provenance.get("species_files", [])),
            *(comment(f"prices {f['file']} (sha256 {f['sha256']})") for f in provenance.get("price_data", []))]


def numbers(values) -> list[str]:
    """Each value in full precision (``repr``), or an empty cell where it is NaN or infinite: numbers, never text.

    Examples
    --------
    >>> numbers([-1.5, float("nan"), 2])
    ['-1.5', '', '2.0']
    """
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    return [repr(v) if ok else "" for v, ok in zip(values.tolist(), finite.tolist(), strict=True)]
