"""A batch sheet as CSV for spreadsheets and pandas: one table per file.

Presentation only: the tables of :mod:`synth.render.sheet_tables` (``bom``, ``procedure``, ``streams``,
``balances``, ``energy``, ``cost``), each with one header row whose columns carry the unit, so that
``pandas.read_csv`` loads each file as it is. Numbers are written to :data:`DIGITS` significant figures (the
JSON sheet keeps full precision); text that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io

from ..errors import InputError
from ..sheet import Sheet
from .cells import cell
from .plant_units import SHEET, PlantUnits
from .sheet_tables import NAMES, tables

DIGITS = 6  # significant figures: finer than any balance or flow meter on the plant reads


def render(sheet: Sheet, table: str, units: PlantUnits = SHEET, costed: dict | None = None) -> str:
    """The table named ``table`` as CSV text (``cost`` needs ``costed``, what ``synth cost --json`` says)."""
    made = files(sheet, units, costed)
    if f"{table}.csv" not in made:
        names = ", ".join(name for name in NAMES if f"{name}.csv" in made)
        raise InputError(f"--table {table!r}: the sheet's tables are {names}")
    return made[f"{table}.csv"]


def files(sheet: Sheet, units: PlantUnits = SHEET, costed: dict | None = None) -> dict[str, str]:
    """Every table as ``{"bom.csv": text, ...}``, numbers in ``units``; ``cost.csv`` where ``costed`` is given."""
    out = {}
    for t in tables(sheet, units, costed):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(t.headers)
        writer.writerows([_cell(v) for v in row] for row in t.rows)
        out[f"{t.name}.csv"] = buf.getvalue()
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{DIGITS}g}"
    return cell(value) if isinstance(value, str) else str(value)
