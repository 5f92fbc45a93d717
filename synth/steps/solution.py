"""A solution made up to a stated concentration: how much water goes with each mole of solute.

Recipes state a concentration three ways: mol/L (``1 M`` HCl), mass fraction (``5 wt%`` HF) and molality
(``2 mol/kg``). :func:`make_up` turns any of them into the water charged with ``n`` mol of solute and the
solution's volume. The volume is the water's mass over the density of water at 25 °C (the species data):
the solute's partial molar volume is neglected (assumption: under 2 % of the volume for 1 M HCl, as the
leach step has always taken it; it affects the vessel's fill and runs, never the balance). For mol/L the
same approximation runs the other way: water = volume × density of water.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pint

from ..errors import InputError
from ..recipe import Spec
from ..species import PhaseData
from ..units import parse, ureg

#: The three ways a recipe may state a concentration, as kinds of :data:`synth.units.DIMENSIONS`.
KINDS = ("concentration", "molality", "dimensionless")
EXAMPLES = "'1 M' (mol/L), '5 wt%' (mass fraction) or '2 mol/kg' (molality)"


@dataclass(frozen=True)
class Solution:
    """Solute and water of a made-up solution [mol], and its volume [L] (arrays over a sweep's grid)."""

    solute: float
    water: float
    volume_L: float


def kind_of(q: pint.Quantity, what: str) -> str:
    """Which of :data:`KINDS` the quantity ``q`` is; an error naming the three forms otherwise."""
    for kind in KINDS:
        if q.dimensionality == ureg.get_dimensionality(_UNITS[kind]):
            return kind
    raise InputError(f"{what}: {q:~P} is not a concentration; write {EXAMPLES}")


_UNITS = {"concentration": "mol/L", "molality": "mol/kg", "dimensionless": ""}


def read(spec: Spec, key: str = "concentration") -> pint.Quantity:
    """The concentration at ``spec[key]`` in mol/L, mol/kg or as a fraction, positive and below 100 wt%."""
    swept = spec.recipe.overrides.get(f"{spec.path}.{key}")
    entry = spec.data.get(key)
    raw = swept if swept is not None else (entry.get("q") if isinstance(entry, dict) else None)
    if raw is None:
        return spec.positive(key, "concentration")  # the missing or malformed field gets the usual error
    q = raw if isinstance(raw, pint.Quantity) else parse(str(raw), f"{spec.path}.{key}")
    try:
        kind = kind_of(q, f"{spec.path}.{key}")
    except InputError as exc:
        raise spec.error(key, str(exc).split(": ", 1)[-1]) from None
    value = spec.positive(key, kind)
    if kind == "dimensionless" and not np.all(value.to("dimensionless").magnitude < 1):
        raise spec.error(key, f"a mass fraction must be below 100 wt%, not {value:~P}")
    return value


def make_up(n_solute: float, conc: pint.Quantity, solute: PhaseData, water: PhaseData) -> Solution:
    """The solution holding ``n_solute`` [mol] of ``solute`` at concentration ``conc`` (see :data:`KINDS`).

    Examples
    --------
    1 mol HCl at 5 wt%: water = 36.46 g × 95/5 = 692.7 g = 38.45 mol.

    >>> from synth.species import default_db
    >>> from synth.units import Q_
    >>> db = default_db()
    >>> s = make_up(1.0, Q_(5, "wt_percent"), db.get("HCl(aq)"), db.get("H2O(l)"))
    >>> round(s.water, 2)
    38.45
    """
    rho = water.density.to("g/L").magnitude
    m_w = water.molar_mass.to("g/mol").magnitude
    kind = kind_of(conc, "concentration")
    if kind == "concentration":
        volume = n_solute / conc.to("mol/L").magnitude
        return Solution(n_solute, volume * rho / m_w, volume)
    if kind == "molality":
        water_g = n_solute / conc.to("mol/g").magnitude
    else:
        w = conc.to("dimensionless").magnitude
        water_g = n_solute * solute.molar_mass.to("g/mol").magnitude * (1 - w) / w
    return Solution(n_solute, water_g / m_w, water_g / rho)
