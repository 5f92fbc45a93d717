"""The batch sheet as plain tables for spreadsheets: one table per file (CSV) or per worksheet (xlsx).

Presentation only. Each table has a name (``bom``, ``procedure``, ``streams``, ``balances``, ``energy``),
column headers that carry the unit (``mass [g]``), and rows whose numbers are numbers (floats in the
header's unit, at full precision: CSV rounds them when it writes text, a workbook keeps them). ``None`` is an
empty cell; the columns in :attr:`Table.write_in` are left for the operator (lot number, actual, initials).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sheet import Sheet
from .plant_units import SHEET, PlantUnits
from .procedure import actions
from .sheet_format import named, qty, setpoint, stream_key, stream_numbers


@dataclass(frozen=True)
class Table:
    """One table of the sheet."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    write_in: tuple[int, ...] = ()  # columns the operator fills in


def tables(sheet: Sheet, units: PlantUnits = SHEET) -> tuple[Table, ...]:
    """Every table of the sheet, in the order of the sheet, with numbers in ``units``."""
    return (bom(sheet, units), procedure(sheet, units), streams(sheet, units), balances(sheet, units),
            energy(sheet, units))


NAMES = ("bom", "procedure", "streams", "balances", "energy")


def bom(sheet: Sheet, u: PlantUnits = SHEET) -> Table:
    headers = ("line", "step", "material", "formula", "CAS", "grade", "grade source", u.header("mass", "mass"),
               u.header("tolerance", "mass"), u.header("amount", "amount"), _gas_header(sheet, u),
               u.header("solution volume", "volume"), "charged as", "lot number", u.header("actual quantity", "mass"),
               "initials")
    rows = tuple((b.line, b.step, named(b.material, b.purchased, b.dilution), b.formula, b.cas,
                  _text(b.grade.value) if b.grade else None,
                  b.grade.source if b.grade else None, u.number(b.mass, "mass"), u.number(b.tolerance, "mass"),
                  u.number(b.amount, "amount"), _gas(u, b.amount, b.volume_stp), u.number(b.solution_volume, "volume"),
                  b.stream, None, None, None) for b in sheet.bom)
    return Table("bom", "Bill of materials", headers, rows, write_in=(13, 14, 15))


def procedure(sheet: Sheet, u: PlantUnits = SHEET) -> Table:
    """The numbered actions of every step; a set-point is a number in its own unit column (as the recipe wrote
    it, or in the plant unit of its kind, as the printed sheet shows it), or a text."""
    rows = []
    for step in sheet.steps:
        for a in actions(step, sheet.bom):
            converted, kind = setpoint(a, sheet.header.gas_molar_volume)
            value, unit = _split(a.setpoint) if kind is None or u.keeps(kind) else u.convert(converted, kind)
            rows.append((a.number, step.id, a.text, value, unit, a.source, None))
    return Table("procedure", "Procedure", ("action", "step", "what", "set-point", "unit", "source", "initials"),
                 tuple(rows), write_in=(6,))


def streams(sheet: Sheet, u: PlantUnits = SHEET) -> Table:
    headers = ("stream no.", "step", "stream", "kind", "destination", "material", "formula", "phase",
               u.header("mass", "mass"), u.header("amount", "amount"), _gas_header(sheet, u))
    numbers = stream_numbers(sheet)
    rows = tuple((numbers[stream_key(f)], f.step, f.stream, f.kind, f.destination or None, c.material, c.formula,
                  c.phase, u.number(c.mass, "mass"), u.number(c.amount, "amount"), _gas(u, c.amount, c.volume_stp))
                 for f in sheet.streams for c in f.components)
    return Table("streams", "Stream table", headers, rows)


def balances(sheet: Sheet, u: PlantUnits = SHEET) -> Table:
    """Mass closure per step and route, element closure, with the relative error of each."""
    mass, amount = (u.header("", kind).strip("[] ") for kind in ("mass", "amount"))
    rows = tuple(("mass", c.name, u.number(c.into, "mass"), u.number(c.out, "mass"), mass, c.relative)
                 for c in sheet.mass_closure)
    rows += tuple(("element", c.name, u.number(c.into, "amount"), u.number(c.out, "amount"), amount, c.relative)
                  for c in sheet.element_closure)
    return Table("balances", "Mass and element balance closure", ("balance", "name", "in", "out", "unit",
                                                                  "relative error"), rows)


def energy(sheet: Sheet, u: PlantUnits = SHEET) -> Table:
    headers = ("step", u.header("net heat", "energy"), u.header("electricity", "energy"),
               u.header("adiabatic rise", "difference"), u.header("time", "time"))
    rows = tuple((e.step, u.number(e.net, "energy"), u.number(e.electric, "energy"),
                  u.number(e.adiabatic_rise, "difference"), u.number(e.time, "time")) for e in sheet.energy)
    t = sheet.totals
    rows += (("all steps", u.number(t.heat_net, "energy"), u.number(t.electric, "energy"), None,
              u.number(t.time_sum, "time")),)
    return Table("energy", "Energy per batch", headers, rows)


def _gas_header(sheet: Sheet, u: PlantUnits) -> str:
    """The gas-volume column: at the sheet's own standard conditions, or in the plant unit's."""
    return f"gas volume at {sheet.header.gas_volumes_at} [L]" if u.keeps("gas") else u.header("gas volume", "gas")


def _gas(u: PlantUnits, amount, volume) -> float | None:
    """A gas's volume: the sheet's own, or the plant unit's from its amount (None for a solid or liquid)."""
    if volume is None:
        return None
    return u.number(volume, "volume") if u.keeps("gas") else u.number(amount, "gas")


def _split(value) -> tuple[object, str | None]:
    """A set-point as (number, unit) or (text, None), in the unit the recipe wrote it."""
    if value is None or isinstance(value, str):
        return value, None
    unit = qty(value).partition(" ")[2]  # the unit as the sheet writes it (wt%, not wt_pct)
    return float(value.magnitude), unit or None


def _text(value) -> str:
    return value if isinstance(value, str) else qty(value)

