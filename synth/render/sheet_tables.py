"""The batch sheet as plain tables for spreadsheets: one table per file (CSV) or per worksheet (xlsx).

Presentation only. Each table has a name (``bom``, ``procedure``, ``streams``, ``balances``, ``energy``),
column headers that carry the unit (``mass [g]``), and rows whose numbers are numbers (floats in the
header's unit, at full precision: CSV rounds them when it writes text, a workbook keeps them). ``None`` is an
empty cell; the columns in :attr:`Table.write_in` are left for the operator (lot number, actual, initials).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sheet import Sheet
from .procedure import actions
from .sheet_format import qty, stream_key, stream_numbers


@dataclass(frozen=True)
class Table:
    """One table of the sheet."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    write_in: tuple[int, ...] = ()  # columns the operator fills in


def tables(sheet: Sheet) -> tuple[Table, ...]:
    """Every table of the sheet, in the order of the sheet."""
    return (bom(sheet), procedure(sheet), streams(sheet), balances(sheet), energy(sheet))


NAMES = ("bom", "procedure", "streams", "balances", "energy")


def bom(sheet: Sheet) -> Table:
    headers = ("line", "step", "material", "formula", "CAS", "grade", "grade source", "mass [g]", "tolerance [g]",
               "amount [mol]", "volume at STP [L]", "solution volume [L]", "charged as", "lot number",
               "actual quantity [g]", "initials")
    rows = tuple((b.line, b.step, b.material, b.formula, b.cas, _text(b.grade.value) if b.grade else None,
                  b.grade.source if b.grade else None, _in(b.mass, "g"), _in(b.tolerance, "g"), _in(b.amount, "mol"),
                  _in(b.volume_stp, "L"), _in(b.solution_volume, "L"), b.stream, None, None, None) for b in sheet.bom)
    return Table("bom", "Bill of materials", headers, rows, write_in=(13, 14, 15))


def procedure(sheet: Sheet) -> Table:
    """The numbered actions of every step; a set-point is a number in its own unit column, or a text."""
    rows = []
    for step in sheet.steps:
        for a in actions(step):
            value, unit = _split(a.setpoint)
            rows.append((a.number, step.id, a.text, value, unit, a.source, None))
    return Table("procedure", "Procedure", ("action", "step", "what", "set-point", "unit", "source", "initials"),
                 tuple(rows), write_in=(6,))


def streams(sheet: Sheet) -> Table:
    headers = ("stream no.", "step", "stream", "kind", "destination", "material", "formula", "phase", "mass [g]",
               "amount [mol]", "volume at STP [L]")
    numbers = stream_numbers(sheet)
    rows = tuple((numbers[stream_key(f)], f.step, f.stream, f.kind, f.destination or None, c.material, c.formula,
                  c.phase, _in(c.mass, "g"), _in(c.amount, "mol"), _in(c.volume_stp, "L"))
                 for f in sheet.streams for c in f.components)
    return Table("streams", "Stream table", headers, rows)


def balances(sheet: Sheet) -> Table:
    """Mass closure per step and route [kg], element closure [mol], with the relative error of each."""
    rows = tuple(("mass", c.name, _in(c.into, "kg"), _in(c.out, "kg"), "kg", c.relative) for c in sheet.mass_closure)
    rows += tuple(("element", c.name, _in(c.into, "mol"), _in(c.out, "mol"), "mol", c.relative)
                  for c in sheet.element_closure)
    return Table("balances", "Mass and element balance closure", ("balance", "name", "in", "out", "unit",
                                                                  "relative error"), rows)


def energy(sheet: Sheet) -> Table:
    headers = ("step", "net heat [kWh]", "electricity [kWh]", "adiabatic rise [K]", "time [h]")
    rows = tuple((e.step, _in(e.net, "kWh"), _in(e.electric, "kWh"), _in(e.adiabatic_rise, "K"), _in(e.time, "h"))
                 for e in sheet.energy)
    t = sheet.totals
    rows += (("all steps", _in(t.heat_net, "kWh"), _in(t.electric, "kWh"), None, _in(t.time_sum, "h")),)
    return Table("energy", "Energy per batch", headers, rows)


def _in(value, unit: str) -> float | None:
    """A quantity's magnitude in ``unit`` (None for none)."""
    return None if value is None else float(value.to(unit).magnitude)


def _split(value) -> tuple[object, str | None]:
    """A set-point as (number, unit) or (text, None), in the unit the recipe wrote it."""
    if value is None or isinstance(value, str):
        return value, None
    unit = qty(value).partition(" ")[2]  # the unit as the sheet writes it (wt%, not wt_pct)
    return float(value.magnitude), unit or None


def _text(value) -> str:
    return value if isinstance(value, str) else qty(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def safe_text(text: str) -> str:
    """A text cell a spreadsheet shows as text and never evaluates: a leading formula character gets a ``'``.

    The one call through which the CSV and the workbook neutralise text (the shared CSV function of the
    hard-inputs work can replace its body)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text
