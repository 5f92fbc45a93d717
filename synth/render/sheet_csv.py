"""A batch sheet as CSV for spreadsheets: the bill of materials, then the stream table.

Two tables in one file, each under a title row and separated by an empty row. Numbers are written in full
precision in the unit named in the column header (g, mol, L at STP), so a spreadsheet can add them up;
the lot number, actual quantity and initials columns are left empty for the operator. Every text cell goes
through :func:`synth.render.cells.cell`, so a recipe's text never runs as a spreadsheet formula.
Presentation only.
"""

from __future__ import annotations

import csv
import io

from ..sheet import Sheet
from .cells import cell
from .sheet_format import named, qty

BOM = ["line", "step", "material", "formula", "CAS", "grade", "grade source", "mass / g", "tolerance / g",
       "amount / mol", "volume at {stp} / L", "solution volume / L", "charged as", "lot number", "actual quantity",
       "initials"]
STREAMS = ["step", "stream", "kind", "destination", "material", "formula", "phase", "mass / g", "amount / mol",
           "volume at {stp} / L"]


def render(sheet: Sheet) -> str:
    """Both tables as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["bill of materials", cell(sheet.header.batch_id), cell(sheet.header.date)])
    stp = sheet.header.gas_volumes_at  # the standard conditions of every gas volume, in the column header
    writer.writerow([c.format(stp=stp) for c in BOM])
    for b in sheet.bom:
        writer.writerow([b.line, cell(b.step), cell(named(b.material, b.purchased, b.dilution)), cell(b.formula),
                         cell(b.cas), cell(qty(b.grade.value) if b.grade else ""),
                         cell(b.grade.source if b.grade else ""), _number(b.mass, "g"), _number(b.tolerance, "g"),
                         _number(b.amount, "mol"), _number(b.volume_stp, "L"), _number(b.solution_volume, "L"),
                         cell(b.stream), "", "", ""])
    writer.writerow([])
    writer.writerow(["stream table", cell(sheet.header.batch_id), cell(sheet.header.date)])
    writer.writerow([c.format(stp=stp) for c in STREAMS])
    for f in sheet.streams:
        for c in f.components:
            writer.writerow([*map(cell, (f.step, f.stream, f.kind, f.destination, c.material, c.formula, c.phase)),
                             _number(c.mass, "g"), _number(c.amount, "mol"), _number(c.volume_stp, "L")])
    return out.getvalue()


def _number(value, unit: str) -> str:
    """A quantity's magnitude in ``unit`` at full precision ('' for none)."""
    return "" if value is None else repr(float(value.to(unit).magnitude))
