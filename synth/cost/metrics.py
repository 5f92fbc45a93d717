"""Green metrics of a route, from the same evaluation as its costs.

Definitions:

- PMI (process mass intensity) = total mass of materials brought in / mass of product: reactants,
  reagents, gases, solvents and water (C. Jiménez-González, C. S. Ponder, Q. B. Broxterman, J. B. Manley,
  Org. Process Res. Dev. 15, 912 (2011), the ACS GCI Pharmaceutical Roundtable's metric); also reported
  without water, as the Roundtable's calculator does.
- E-factor = mass of waste / mass of product (R. A. Sheldon, Green Chem. 19, 18 (2017)): the *complete*
  E-factor counts water and solvents, cEF = PMI - 1; the *simple* one leaves them out. Each is given with
  the recycle credit (steady state) and without it (once-through).
- Water intensity = fresh water / product; energy intensity by kind [kWh per kg of product].
- CO2e per kg: electricity times the grid factor plus the heating duty's primary (fuel) energy times the
  fuel factor, both from the price file with their sources and years. Process emissions and the embodied
  CO2e of purchased materials are not included: the metric says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pint

from ..energy import fuel_assumption, route_energy
from ..inventory import WATER, fresh
from ..route import Plan
from ..units import Q_, to_json
from ..vector import summed
from .prices import PriceBook

SOLVENTS: frozenset[str] = frozenset({WATER})  # the routes' only solvent is water; a solvent list grows here


@dataclass(frozen=True)
class Metrics:
    """Mass and energy intensities of one batch, per kg of product (dimensionless ratios are kg/kg)."""

    pmi: float
    pmi_without_water: float
    e_factor: float  # simple, at steady state (recycle credit)
    e_factor_complete: float  # with water, at steady state
    e_factor_once_through: float
    e_factor_complete_once_through: float
    water_intensity: float
    energy_intensity: dict[str, pint.Quantity]  # kind -> kWh/kg
    co2e_per_kg: pint.Quantity | None  # None when no factor is given for an energy that is used
    co2e_note: str

    def to_json(self) -> dict:
        return {
            "pmi": self.pmi, "pmi_without_water": self.pmi_without_water, "e_factor": self.e_factor,
            "e_factor_complete": self.e_factor_complete, "e_factor_once_through": self.e_factor_once_through,
            "e_factor_complete_once_through": self.e_factor_complete_once_through,
            "water_intensity": to_json(Q_(self.water_intensity, "kg/kg")),
            "energy_intensity": {k: to_json(v) for k, v in self.energy_intensity.items()},
            "co2e_per_kg": None if self.co2e_per_kg is None else to_json(self.co2e_per_kg),
            "co2e_note": self.co2e_note,
        }


def metrics(plan: Plan, book: PriceBook) -> Metrics:
    """The green metrics of ``plan``'s batch; CO2e factors come from ``book``."""
    product_g = _product_g(plan)
    masses = {steady: _masses(plan, steady) for steady in (True, False)}

    def total(steady: bool, exclude: frozenset[str] = frozenset()) -> float:
        return _total(masses[steady], exclude)

    water = _water(masses[True])
    energy = route_energy(plan)
    per_kg = {kind: (Q_(getattr(energy, kind), "J") / Q_(product_g, "g")).to("kWh/kg")
              for kind in ("heating", "cooling", "electricity", "primary")}
    co2e, note = _co2e(energy, book, product_g)
    return Metrics(
        pmi=total(True) / product_g,
        pmi_without_water=total(True, frozenset({WATER})) / product_g,
        e_factor=(total(True, SOLVENTS) - product_g) / product_g,
        e_factor_complete=(total(True) - product_g) / product_g,
        e_factor_once_through=(total(False, SOLVENTS) - product_g) / product_g,
        e_factor_complete_once_through=(total(False) - product_g) / product_g,
        water_intensity=water / product_g,
        energy_intensity=per_kg,
        co2e_per_kg=co2e,
        co2e_note=note,
    )


def _product_g(plan: Plan) -> float:
    step, label = plan.product()
    return step.outputs[label].mass_g()


def _masses(plan: Plan, steady: bool) -> list[tuple[str, float]]:
    """(formula, g) of every fresh input of a batch, at steady state (with the recycle credit) or once through,
    in the order of their names: the order the route meets them in can differ between one batch and a grid
    (a feed a batch does not use comes last, where a grid that uses it at other points has it in its place),
    and sums in different orders differ in the last digit."""
    return [(i.species.formula.text, i.mass_g(steady)) for _, i in sorted(fresh(plan).items())]


def _total(masses: list[tuple[str, float]], exclude: frozenset[str] = frozenset()) -> float:
    return summed(m for formula, m in masses if formula not in exclude)


def _water(masses: list[tuple[str, float]]) -> float:
    return summed(m for formula, m in masses if formula == WATER)


def _co2e(energy, book: PriceBook, product_g: float) -> tuple[pint.Quantity | None, str]:
    """Energy-related CO2e per kg: electricity at the grid factor, heating's primary energy at the fuel's."""
    uses = (("electricity", energy.electricity), ("heat", energy.primary - energy.electricity))
    missing = [name for name, amount in uses if np.any(amount.magnitude) and name not in book.factors]
    if missing:
        return None, f"no CO2e factor for {', '.join(missing)} in the price files"
    used = [(name, amount) for name, amount in uses if np.any(amount.magnitude)]
    total = sum(((book.factors[name].value * amount).to("kg") for name, amount in used), Q_(0.0, "kg"))
    sources = "; ".join(f"{name}: {book.factors[name].value:~P} ({book.factors[name].year})" for name, _ in used)
    heat = f"; {fuel_assumption(energy)}" if any(name == "heat" for name, _ in used) else ""
    note = f"energy-related CO2 only ({sources}); process emissions and the embodied CO2e of purchased materials " \
           f"not included{heat}"
    return (total / Q_(product_g, "g")).to("kg/kg"), note


def sweep_figures(plan: Plan, book: PriceBook) -> dict[str, tuple[str, str, object]]:
    """The economic and green figures a sweep reports per kg of product: name -> (unit, meaning, value).

    Array-safe: over a sweep's grid every value is an array, computed by the same functions as
    ``synth cost`` for one batch (:func:`metrics` computes PMI and water with the helpers used here; the
    sweep does not pay for the figures it does not report)."""
    from .costing import cost

    result = cost(plan, book)
    product_g, steady = _product_g(plan), _masses(plan, True)
    unpriced = ", ".join(line.item for line in result.unpriced)
    return {
        "variable cost": (f"{book.currency}/kg", "raw materials, utilities and waste per kg at steady state (no "
                          "labour or capital: those are the line's, see synth cost)"
                          + (f"; unpriced: {unpriced}" if unpriced else ""), result.variable_per_kg.magnitude),
        "PMI": ("kg/kg", "process mass intensity, all fresh inputs incl. water, steady state",
                _total(steady) / product_g),
        "water": ("kg/kg", "fresh water per kg of product", _water(steady) / product_g),
    }
