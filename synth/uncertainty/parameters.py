"""The uncertain values of a recipe and its prices, and how a unit sample becomes values of them.

A recipe value or a price is uncertain when it carries a spread (:mod:`synth.spread`). Each becomes an
:class:`Uncertain` parameter; a sample in the unit hypercube is turned into values by each parameter's
inverse cumulative distribution (scipy.stats), so Latin-hypercube and Saltelli designs share one path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pint

from ..cost.prices import PriceBook
from ..errors import InputError
from ..recipe import Recipe
from ..spread import Spread, bounds_of, read_spread
from ..sweep import parameters
from ..units import Q_, to_json


@dataclass(frozen=True)
class Uncertain:
    """One uncertain input: a recipe field (``path``) or a price (``price``: (section, name))."""

    name: str  # as shown: leaching.acid.excess, price Mg
    unit: str  # pint unit text (text, so that a Dask worker can unpickle it into its own registry)
    spread: Spread
    source: str
    path: str | None = None
    price: tuple[str, str] | None = None

    def values(self, u: np.ndarray) -> pint.Quantity:
        """The values at unit-interval points ``u`` (0 < u < 1), through the inverse CDF."""
        return Q_(ppf(self.spread, u), self.unit)

    def to_json(self) -> dict:
        """Name, distribution and source, with the nominal, the range and the sd as quantities (a fraction such
        as an excess or a conversion has the unit "", as every dimensionless quantity in synth's JSON)."""
        s = self.spread
        unit = self.unit or "dimensionless"
        out = {"name": self.name, "dist": s.dist, "nominal": to_json(Q_(s.nominal, unit)), "source": self.source}
        if math.isfinite(s.low) and math.isfinite(s.high) and s.dist in ("uniform", "triangular"):
            out["range"] = [to_json(Q_(s.low, unit)), to_json(Q_(s.high, unit))]
        if s.sd is not None:
            # synth.spread: a normal's sd is in the value's unit; a lognormal's is the sd of ln(value), a pure
            # number whatever the value's unit (read_spread converts it to dimensionless), so its unit is "".
            out["sd"] = to_json(Q_(s.sd, unit if s.dist == "normal" else "dimensionless"))
        return out


def uncertain(recipe: Recipe, book: PriceBook | None = None) -> list[Uncertain]:
    """Every uncertain value of ``recipe`` (in step order) and of ``book`` (in file order)."""
    found = []
    for p in parameters(recipe):
        if not p.spread or p.fixed:
            continue
        try:
            spread = read_spread(p.spread, p.value, bounds_of(p.kind), p.name)
        except InputError as exc:
            raise InputError(f"{recipe.source}: {p.path}.{exc}") from None
        found.append(Uncertain(p.name, spread.unit, spread, p.source, path=p.path))
    for (section, name), price in (book.prices.items() if book is not None else ()):
        if price.spread is not None:
            found.append(Uncertain(f"price {name}", price.spread.unit, price.spread, price.source,
                                   price=(section, name)))
    return found


def ppf(s: Spread, u: np.ndarray) -> np.ndarray:
    """Inverse cumulative distribution of ``s`` at ``u``; a normal is truncated to its support.

    The triangular one is written out, in scipy.stats.triang's own arithmetic (its ``_ppf``, then ``loc +
    scale``: the same numbers), because scipy's generic argument checks took four times as long."""
    if s.dist == "uniform":
        return s.low + u * (s.high - s.low)
    if s.dist == "triangular":
        width = s.high - s.low
        c = (s.nominal - s.low) / width if width else 0.5
        x = np.where(u < c, np.sqrt(c * u), 1.0 - np.sqrt((1.0 - c) * (1.0 - u)))
        return x * width + s.low
    from scipy import stats

    if s.dist == "normal":
        a, b = (s.low - s.nominal) / s.sd, (s.high - s.nominal) / s.sd
        return stats.truncnorm.ppf(u, a, b, loc=s.nominal, scale=s.sd)
    return stats.lognorm.ppf(u, s.sd, scale=s.nominal)  # median = nominal, sd of ln(value) = s.sd
