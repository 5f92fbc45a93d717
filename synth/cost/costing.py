"""The cost of a batch and of a kg of product: prices times the quantities of one route evaluation.

Raw materials are costed once-through and at steady state, where a recycled reagent is bought only for its
make-up. Utilities are costed by kind (electricity; heat by its fuel through the stated efficiencies;
cooling; process water; purge and reaction gases), wastes by class, labour from the operator hours of a
line plan. Anything without a price is listed as unpriced, never counted as zero. Every line keeps the
quantity it priced and the price with its source and year, so a breakdown can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pint

from ..energy import fuel_assumption, route_energy
from ..inventory import Fresh, fresh, wastes
from ..provenance import file_records
from ..route import Plan
from ..units import Q_, to_json
from .prices import Price, PriceBook

#: Fresh materials that are utilities of the plant rather than raw materials of the product.
UTILITY_MATERIALS = {"H2O": "water", "N2": "N2", "Ar": "Ar"}
VARIABLE = ("raw material", "utility", "waste")  # the kinds of line that scale with the batch


@dataclass(frozen=True)
class Line:
    """One line of a cost breakdown: ``quantity`` per batch (in the price's basis), its ``price`` and the
    ``cost`` per batch; a line with no price has ``cost`` None and is reported as unpriced."""

    item: str
    kind: str  # "raw material", "utility", "waste", "labour", "capital"
    quantity: pint.Quantity
    price: Price | None
    cost: pint.Quantity | None
    once_through: pint.Quantity | None = None  # cost per batch with nothing recycled (raw materials)
    note: str = ""


@dataclass(frozen=True)
class Cost:
    """The cost of one batch of ``product`` at steady state, its breakdown, and what is unpriced."""

    recipe: str
    product: pint.Quantity  # mass of product per batch
    currency: str
    lines: tuple[Line, ...]
    files: tuple[tuple[str, str], ...]  # price files read, with their sha256
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def per_batch(self) -> pint.Quantity:
        """Priced lines at steady state (with the recycle credit)."""
        return sum((line.cost for line in self.lines if line.cost is not None), Q_(0.0, self.currency))

    @property
    def per_kg(self) -> pint.Quantity:
        return (self.per_batch / self.product).to(f"{self.currency}/kg")

    @property
    def variable_per_kg(self) -> pint.Quantity:
        """Raw materials, utilities and waste per kg (no labour, no capital): the cost a sweep or a Monte
        Carlo reports, since labour and capital belong to a line plan, not to one evaluation of the route."""
        total = sum((line.cost for line in self.lines if line.cost is not None and line.kind in VARIABLE),
                    Q_(0.0, self.currency))
        return (total / self.product).to(f"{self.currency}/kg")

    @property
    def once_through_per_kg(self) -> pint.Quantity:
        """Cost per kg if nothing were recycled: raw materials at their once-through amounts."""
        total = sum(((line.once_through if line.once_through is not None else line.cost)
                     for line in self.lines if line.cost is not None), Q_(0.0, self.currency))
        return (total / self.product).to(f"{self.currency}/kg")

    @property
    def unpriced(self) -> list[Line]:
        return [line for line in self.lines if line.cost is None]

    def breakdown(self) -> list[dict]:
        """Priced lines, largest first, each with its cost per kg of product and its share of the total."""
        total = self.per_batch.magnitude
        rows = sorted((line for line in self.lines if line.cost is not None), key=lambda line: -line.cost.magnitude)
        return [{"item": line.item, "kind": line.kind, "cost_per_kg": (line.cost / self.product).to(
                 f"{self.currency}/kg"), "share": line.cost.magnitude / total if total else 0.0} for line in rows]

    def to_json(self) -> dict:
        return {
            "cost_per_kg": to_json(self.per_kg),
            "cost_per_batch": to_json(self.per_batch),
            "variable_cost_per_kg": to_json(self.variable_per_kg),
            "once_through_cost_per_kg": to_json(self.once_through_per_kg),
            "product_per_batch": to_json(self.product.to("kg")),
            "breakdown": [{**row, "cost_per_kg": to_json(row["cost_per_kg"])} for row in self.breakdown()],
            "lines": [_line_json(line) for line in self.lines],
            "unpriced": [{"item": line.item, "kind": line.kind, "quantity": to_json(line.quantity),
                          "why": line.note} for line in self.unpriced],
            "prices": [line.price.to_json() for line in self.lines if line.price is not None],
            "notes": {line.item: line.note for line in self.lines if line.note},
            "price_files": file_records(self.files),
        }


def cost(plan: Plan, book: PriceBook, extra: tuple[Line, ...] = ()) -> Cost:
    """The cost of ``plan``'s batch with ``book``'s prices; ``extra`` holds the labour and capital lines of the
    line the batch runs on (:func:`synth.cost.plant_cost.line_cost`)."""
    step, label = plan.product()
    lines = [_material(item, book) for item in fresh(plan).values()]
    lines += _utilities(plan, book)
    lines += _wastes(plan, book)
    return Cost(plan.recipe.name, step.outputs[label].mass, book.currency, tuple(lines) + tuple(extra), book.files)


def _material(item: Fresh, book: PriceBook) -> Line:
    utility = UTILITY_MATERIALS.get(item.species.formula.text)
    kind = "utility" if utility else "raw material"
    price = book.get("utilities", "water") if utility == "water" else book.get("materials", item.name)
    steady, once = Q_(item.mass_g(), "g"), Q_(item.mass_g(steady=False), "g")
    if price is None:
        return Line(item.name, kind, steady, None, None, note="no price in the price files")
    bought, bought_once = _in_basis(steady, item, price, book.currency), _in_basis(once, item, price, book.currency)
    return Line(item.name, kind, bought, price, (price.value * bought).to(book.currency),
                (price.value * bought_once).to(book.currency), price.grade or "")


def _in_basis(mass: pint.Quantity, item: Fresh, price: Price, currency: str) -> pint.Quantity:
    """The quantity bought, in the unit the price is per: a purchased grade's mass (species / content), a
    gas amount in Nm3, a liquid's volume from its density."""
    basis = (Q_(1, currency) / price.value).units  # the unit after the slash: kg, Nm3, m3
    if Q_(1, basis).check("[mass]"):
        return (mass / price.content).to(basis)
    if Q_(1, basis).check("[substance]"):
        return (mass / item.species.molar_mass).to(basis)
    return (mass / price.content / item.species.density).to(basis)


def _utilities(plan: Plan, book: PriceBook) -> list[Line]:
    """Electricity at the meter, heat as primary fuel energy through the stated efficiencies, cooling duty."""
    energy = route_energy(plan)
    fuel = book.settings.get("fuel", "fuel")
    wanted = (("electricity", "electricity", energy.electricity, "cells and electric furnaces, as drawn"),
              ("heat", f"heat ({fuel})", energy.primary - energy.electricity,
               "fuel energy bought: heating duties through the stated efficiencies; " + fuel_assumption(energy)),
              ("cooling", "cooling", energy.cooling, "heat removed"))
    lines = []
    for key, item, amount, note in wanted:
        if not np.any(amount.magnitude):
            continue
        price = book.get("utilities", key)
        if price is None:
            lines.append(Line(item, "utility", amount.to("kWh"), None, None, note=f"no {key} price; {note}"))
        else:
            lines.append(Line(item, "utility", amount.to("kWh"), price, (price.value * amount).to(book.currency),
                              note=note))
    return lines


def _wastes(plan: Plan, book: PriceBook) -> list[Line]:
    """Waste treatment per class per batch; vented off-gas (inert, non-toxic) costs nothing to treat."""
    by_kind: dict[str, float] = {}
    for waste in wastes(plan):
        if waste.kind != "off-gas vented":
            by_kind[waste.kind] = by_kind.get(waste.kind, 0.0) + waste.mass_g()
    lines = []
    for kind, grams in by_kind.items():
        mass, price = Q_(grams, "g").to("kg"), book.get("waste", kind)
        if price is None:
            lines.append(Line(f"waste: {kind}", "waste", mass, None, None, note=f"no treatment price for {kind!r}"))
        else:
            lines.append(Line(f"waste: {kind}", "waste", mass, price, (price.value * mass).to(book.currency)))
    return lines


def _line_json(line: Line) -> dict:
    return {"item": line.item, "kind": line.kind, "quantity": to_json(line.quantity),
            "cost": None if line.cost is None else to_json(line.cost),
            "once_through": None if line.once_through is None else to_json(line.once_through),
            "price": None if line.price is None else to_json(line.price.value), "note": line.note}
