"""The cost section of a batch sheet: what ``synth cost --json`` says of this batch, laid out for the plant.

Presentation only: it selects and formats the cost report (:func:`synth.render.cost_view.as_json`), the
same numbers as ``synth cost``; unpriced items are listed, never shown as zero. In plant units the physical
amounts (an unpriced item's quantity per batch, the energy per mass of product) are in the plant's units; the
money per kg of product and the prices stay as the price files give them.
"""

from __future__ import annotations

from ..units import from_json
from .plant_units import SHEET, PlantUnits, figures, kind_of
from .terminal import money


def _q(obj) -> str:
    """A JSON quantity as text, as ``synth cost`` prints it (``5,731 USD/kg``, ``USD/Ah``)."""
    return "–" if obj is None else money(from_json(obj))


def _amount(obj, u: PlantUnits) -> str:
    """A physical amount per batch (a mass, an energy, a count) in the plant unit of its kind."""
    q = from_json(obj)
    return _q(obj) if kind_of(q) is None else u.text(q, kind_of(q), _q(obj))


def _intensity(obj, u: PlantUnits) -> str:
    """An energy per mass of product in the plant units of energy and mass (kWh/kg, Btu/lb)."""
    if u.keeps("energy") and u.keeps("mass"):
        return _q(obj)
    q = from_json(obj).to(f"{u.unit('energy')} / {u.unit('mass')}")
    return f"{figures(q.magnitude)} {q.units:~P}"


def add(doc, cost: dict, number: int, u: PlantUnits = SHEET) -> None:
    """Section ``number``, "Cost and green metrics", on ``doc`` (a text, Markdown or HTML document)."""
    doc.section(f"{number}. Cost and green metrics")
    doc.para(f"Cost per kg of product {_q(cost['cost_per_kg'])} at steady state (recycled Mg and HCl bought "
             f"only as make-up), {_q(cost['once_through_cost_per_kg'])} once-through; raw materials, "
             f"utilities and waste alone {_q(cost['variable_cost_per_kg'])}. Prices: "
             + "; ".join(f"{p['file']} (sha256 {p['sha256'][:12]})" for p in cost["price_files"]) + ".")
    doc.table(["item", "kind", "cost per kg product", "share"],
              [[row["item"], row["kind"], _q(row["cost_per_kg"]), f"{row['share']:.1%}"] for row in cost["breakdown"]])
    if cost["unpriced"]:
        doc.label("Unpriced (not in the total; give prices with synth cost --prices FILE)")
        doc.items([f"{x['item']} ({x['kind']}, {_amount(x['quantity'], u)} per batch): {x['why']}"
                   for x in cost["unpriced"]])
    if cost.get("cost_per_Ah"):
        doc.items([f"per Ah of anode capacity: {_q(c['cost'])} at {_q(c['at'])} ({c['capacity']})"
                   for c in cost["cost_per_Ah"]])
    m = cost["metrics"]
    doc.table(["green metric (ACS GCI PR; Sheldon)", "value"], [
        ["PMI, all inputs incl. water", f"{m['pmi']:.4g} kg/kg"],
        ["PMI without water", f"{m['pmi_without_water']:.4g} kg/kg"],
        ["E-factor, simple / complete (steady state)", f"{m['e_factor']:.4g} / {m['e_factor_complete']:.4g}"],
        ["E-factor, simple / complete (once-through)",
         f"{m['e_factor_once_through']:.4g} / {m['e_factor_complete_once_through']:.4g}"],
        *[[f"energy, {kind}", _intensity(v, u)] for kind, v in m["energy_intensity"].items()],
        ["CO2e", "–" if m["co2e_per_kg"] is None else f"{m['co2e_per_kg']['value']:.4g} kg/kg"],
    ])
    doc.para(m["co2e_note"])
    doc.items([f"{p['name']} ({p['year']}): {p['price']['value']:g} {p['price']['unit']}, {p['source']}"
               for p in cost["prices"]])
