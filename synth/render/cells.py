"""Spreadsheet cells that a spreadsheet will not run: the one guard against formula injection.

A spreadsheet (Excel, LibreOffice, Google Sheets) treats a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula, and also one that begins with a tab or carriage return followed by one of them. A recipe is
user text (a grade written ``=HYPERLINK("http://...")``), so every text cell of every spreadsheet format
(CSV and xlsx) goes through :func:`cell`, as the OWASP "CSV Injection" page recommends: such a cell is
prefixed with a single quote, which spreadsheets show as text and do not evaluate. The ``#`` provenance lines
of a CSV file are text too: :func:`comment` neutralises each cell a spreadsheet splits them into.

Numbers are written as numbers (:func:`numbers`) and never pass through :func:`cell`: a negative number such
as ``-1.5`` must stay a number a spreadsheet can add up.
"""

from __future__ import annotations

import numpy as np

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What also starts a formula in a cell after a comma: a quote opens a quoted field (``,"=1+1"``).
_PIECE_START = (*FORMULA_START, '"')


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
    and, in a spreadsheet, cells that show as text. A line break in it (a recipe's path is user text) becomes a
    space; each comma starts a cell in a spreadsheet, so a piece after a comma that would start a formula (after
    its spaces) is prefixed with ``'``, as :func:`cell` does. Prose is left as it is.

    Examples
    --------
    >>> comment("synth sweep of /tmp/a,=1+1.yaml, seed 0")
    "# synth sweep of /tmp/a,'=1+1.yaml, seed 0\\n"
    """
    pieces = " ".join(text.splitlines()).split(",")
    return "# " + ",".join([pieces[0], *map(_inert_piece, pieces[1:])]) + "\n"


def _inert_piece(piece: str) -> str:
    body = piece.lstrip(" ")
    return piece[:len(piece) - len(body)] + ("'" + body if body.startswith(_PIECE_START) else body)


def made_from(provenance: dict) -> list[str]:
    """The ``#`` lines that say what a CSV file was computed from: the species data and files, the price files,
    and the versions (a :func:`synth.provenance.provenance` record)."""
    data = provenance["species_data"]
    versions = ", ".join(f"{k} {v}" for k, v in provenance["versions"].items())
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
