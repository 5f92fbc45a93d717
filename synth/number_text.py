"""How synth reads a number written as text, wherever it is written: a quantity's number (:mod:`synth.units`)
and a number option of the command line (:mod:`synth.cli.common`) are one grammar.

ASCII digits only ([0-9], not ``\\d``: ``١٢`` is refused, not read as 12), at most one decimal point, an
optional exponent; no digit grouping (``1_000``, ``1,000``) and no spaces. Light: the command line's options
are read before pint is imported.
"""

from __future__ import annotations

import math
import re

#: An unsigned decimal: ``2.8``, ``.5``, ``5.``, ``1.5e3``.
UNSIGNED = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#: A decimal with an optional sign.
DECIMAL = rf"[+-]?{UNSIGNED}"
_DECIMAL = re.compile(DECIMAL)


def finite(text: str) -> float | None:
    """``text`` as a finite number (``48``, ``-1.5e3``), else None (not one number, or ``1e999``: infinity)."""
    read = float(text) if _DECIMAL.fullmatch(text) else math.nan
    return read if math.isfinite(read) else None
