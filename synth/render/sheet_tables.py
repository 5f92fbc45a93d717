"""The batch sheet as plain tables for spreadsheets: one table per file (CSV) or per worksheet (xlsx).

Presentation only. Each table has a name (``bom``, ``procedure``, ``streams``, ``balances``, ``energy``,
``cost``), column headers that carry the unit (``mass [g]``), and rows whose numbers are numbers (floats in the
header's unit, at full precision: CSV rounds them when it writes text, a workbook keeps 16 significant
figures). ``None`` is an empty cell; the columns in :attr:`Table.write_in` are left for the operator (lot
number, actual, initials).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sheet import Sheet
from ..units import from_json
from .plant_units import SHEET, PlantUnits, kind_of
from .procedure import actions
from .sheet_format import action_text, named, qty, setpoint, stream_key, stream_numbers


@dataclass(frozen=True)
class Table:
    """One table of the sheet."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    write_in: tuple[int, ...] = ()  # columns the operator fills in


def tables(sheet: Sheet, units: PlantUnits = SHEET, costed: dict | None = None) -> tuple[Table, ...]:
    """Every table of the sheet, in the order of the sheet, with numbers in ``units``; the cost table where
    ``costed`` (what ``synth cost --json`` says of this batch) is given."""
    return (bom(sheet, units), procedure(sheet, units), streams(sheet, units), balances(sheet, units),
            energy(sheet, units)) + (() if costed is None else (cost(costed, units),))


NAMES = ("bom", "procedure", "streams", "balances", "energy", "cost")


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
            step_no, action_no = (int(part) for part in a.number.split("."))  # "1.10": 1 and 10, never 1.1
            rows.append((step_no, action_no, step.id, action_text(a, u), value, unit, a.source, None))
    return Table("procedure", "Procedure", ("step no.", "action no.", "step", "what", "set-point", "unit", "source",
                                            "initials"), tuple(rows), write_in=(7,))


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


#: The physical kinds a cost line's quantity per batch is shown in, each in its own column in the plant unit: a gas
#: bought by its amount (Nm³) is a gas volume at the plant unit's state, a liquid bought by volume a volume.
COST_KINDS = ("mass", "gas", "volume", "energy", "time")


def cost(costed: dict, u: PlantUnits = SHEET) -> Table:
    """The cost of the batch as ``synth cost --json`` gives it (``costed``): every line (priced ones with their
    price, year and source; unpriced ones with empty cost cells, never zero), the variable subtotal, the totals
    at steady state and once-through, and the price files with their sha256. Money is in the price files'
    currency as written; quantities per batch are in the plant unit of their kind (a count, or a quantity of
    another kind, as written)."""
    cur = costed["currency"]
    headers = ("row", "item", "kind", *(u.header(f"{k} per batch", k) for k in COST_KINDS), "count per batch",
               "other quantity per batch", "price", "price unit", "price year", f"cost per batch [{cur}]",
               f"once-through cost per batch [{cur}]", f"cost per kg product [{cur}/kg]", "share of total",
               "source or note")
    per_kg = {row["item"]: row for row in costed["breakdown"]}
    prices = iter(costed["prices"])  # one per line that has a price, in the order of the lines
    rows = []
    for line in costed["lines"]:
        price = None if line["price"] is None else next(prices)
        share = per_kg.get(line["item"])
        rows.append(("unpriced (not in the total)" if line["cost"] is None else "priced", line["item"], line["kind"],
                     *_per_batch(from_json(line["quantity"]), u),
                     *((price["price"]["value"], price["price"]["unit"], price.get("year")) if price else (None,) * 3),
                     _value(line["cost"]), _value(line["once_through"]),
                     _value(share and share["cost_per_kg"]), share and share["share"],
                     f"{price['source']} ({price['file']}); {line['note']}" if price else line["note"]))
    blank = (None,) * (len(COST_KINDS) + 2)
    rows += [("subtotal", "raw materials, utilities and waste", None, *blank, None, None, None, None, None,
              _value(costed["variable_cost_per_kg"]), None, "the variable cost (no labour, no capital)"),
             ("total", "steady state", None, *blank, None, None, None, _value(costed["cost_per_batch"]), None,
              _value(costed["cost_per_kg"]), None, "recycled reagents bought only as make-up"),
             ("total", "once-through", None, *blank, None, None, None, None, None,
              _value(costed["once_through_cost_per_kg"]), None, "nothing recycled"),
             ("product per batch", costed["batch"]["material"], None,
              u.number(from_json(costed["product_per_batch"]), "mass"), *(None,) * (len(headers) - 4))]
    rows += [("price file", p["file"], None, *blank, None, None, None, None, None, None, None, f"sha256 {p['sha256']}")
             for p in costed["price_files"]]
    return Table("cost", "Cost per batch and per kg of product", headers, tuple(rows))


def _per_batch(q, u: PlantUnits) -> tuple:
    """A quantity per batch in its kind's column (plant unit), the count column, or the as-written column."""
    kind = "gas" if kind_of(q) == "amount" else kind_of(q)
    if kind in COST_KINDS:
        return tuple(u.number(q, k) if k == kind else None for k in COST_KINDS) + (None, None)
    if q.dimensionless:
        return (None,) * len(COST_KINDS) + (float(q.magnitude), None)
    return (None,) * len(COST_KINDS) + (None, qty(q))


def _value(obj: dict | None) -> float | None:
    """The number of a JSON quantity (its unit is the column's), or None."""
    return None if obj is None else obj["value"]


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

