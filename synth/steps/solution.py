"""A solution made up to a stated strength: reading the strength, the water and volume it takes, the grade bought.

The one reader of a dosed solution's strength, for the reactor's ``dosing`` and the leach step's ``acid``.
A recipe states the strength as ``concentration`` (its unit says which: ``1 M`` mol/L, ``5 wt%`` mass fraction
or ``2 mol/kg`` molality), or as ``molality`` or ``mass_fraction``; ``density`` (the solution's, sourced)
optionally converts between mass and volume, and ``purchased`` is the grade the solution is bought as.

:func:`make_up` turns a strength into the water charged with ``n`` mol of solute and the solution's volume.
Without the solution's density, the water's mass and volume convert through the density of water the caller
names (the species data's at 25 °C for a reactor, Kell 1975 at the leach temperature for the leach): the
solute's partial molar volume is neglected (assumption: under 2 % of the volume for 1 M HCl).
"""

from __future__ import annotations

from dataclasses import dataclass

import pint

from ..errors import InputError
from ..recipe import Spec
from ..species import PhaseData
from ..units import Q_, parse, ureg
from ..vector import anywhere, fmt, maximum

#: The three ways a recipe may state a concentration, as kinds of :data:`synth.units.DIMENSIONS`.
KINDS = ("concentration", "molality", "dimensionless")
EXAMPLES = "'1 M' (mol/L), '5 wt%' (mass fraction) or '2 mol/kg' (molality)"
_UNITS = {"concentration": "mol/L", "molality": "mol/kg", "dimensionless": ""}
#: The fields a strength may be stated in, with their kind (``concentration``'s comes from its unit).
FIELDS = {"concentration": None, "molality": "molality", "mass_fraction": "dimensionless"}


@dataclass(frozen=True)
class Strength:
    """A solution's stated strength: the field it is in, its value (mol/L, mol/kg or a fraction; arrays over a
    sweep's grid) and the solution's density if the recipe gives one."""

    key: str
    value: pint.Quantity
    density: pint.Quantity | None

    @property
    def kind(self) -> str:
        """Which of :data:`KINDS` the strength is."""
        return kind_of(self.value, self.key)


@dataclass(frozen=True)
class Solution:
    """Solute [mol], water [g and mol] of a made-up solution, and its volume [L] (arrays over a sweep's grid)."""

    solute: float
    water_g: float
    water: float
    volume_L: float


def kind_of(q: pint.Quantity, what: str) -> str:
    """Which of :data:`KINDS` the quantity ``q`` is; an error naming the three forms otherwise."""
    for kind in KINDS:
        if q.dimensionality == ureg.get_dimensionality(_UNITS[kind]):
            return kind
    raise InputError(f"{what}: {q:~P} is not a concentration; write {EXAMPLES}")


def read(spec: Spec, what: str, required: bool = True) -> Strength | None:
    """The strength stated once in ``spec`` (see :data:`FIELDS`), positive and below 100 wt%, with the solution's
    density; None when ``spec`` states none and a pure substance is allowed (not ``required``)."""
    given = [key for key in FIELDS if spec.has(key)]
    if not given and not required:
        return None
    if len(given) != 1:
        raise spec.error(None, f"give the {what}'s strength once, as concentration (mol/L), molality (mol/kg) or "
                               f"mass_fraction (wt%); found {', '.join(given) or 'none'}")
    key = given[0]
    value = spec.positive(key, FIELDS[key] or _stated_kind(spec, key))
    if kind_of(value, key) == "dimensionless" and anywhere(value.to("dimensionless").magnitude >= 1):
        percent = fmt(value.to("percent").magnitude)
        raise spec.error(key, f"a solution's mass fraction must be below 100 wt%, not {percent} %")
    return Strength(key, value, spec.positive("density", "density", None))


def _stated_kind(spec: Spec, key: str) -> str:
    """The kind of ``concentration`` from its unit (a swept value's or the file's); a malformed or missing entry
    is left to the usual quantity error."""
    swept = spec.recipe.overrides.get(f"{spec.path}.{key}")
    entry = spec.data.get(key)
    raw = swept if swept is not None else (entry.get("q") if isinstance(entry, dict) else None)
    if raw is None:
        return "concentration"
    q = raw if isinstance(raw, pint.Quantity) else parse(str(raw), f"{spec.path}.{key}")
    try:
        return kind_of(q, f"{spec.path}.{key}")
    except InputError as exc:
        raise spec.error(key, str(exc).split(": ", 1)[-1]) from None


def make_up(n_solute, conc: pint.Quantity, solute: PhaseData, water: PhaseData, *,
            density: pint.Quantity | None = None, water_gL=None) -> Solution:
    """The solution holding ``n_solute`` [mol] of ``solute`` at ``conc`` (see :data:`KINDS`).

    ``density`` is the solution's; without it the water converts at ``water_gL`` [g/L] (default: the species
    data's density of ``water``), the solute's volume neglected.

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
    rho_w = water.density.to("g/L").magnitude if water_gL is None else water_gL
    rho = None if density is None else density.to("g/L").magnitude
    m_w = water.molar_mass.magnitude
    solute_g = n_solute * solute.molar_mass.magnitude
    kind = kind_of(conc, "concentration")
    if kind == "concentration":
        volume = n_solute / conc.to("mol/L").magnitude
        water_g = volume * rho - solute_g if rho is not None else volume * rho_w
        return Solution(n_solute, water_g, water_g / m_w, volume)
    if kind == "molality":
        water_g = n_solute / conc.to("mol/g").magnitude
    else:
        w = conc.to("dimensionless").magnitude
        water_g = solute_g * (1 - w) / w
    volume = (solute_g + water_g) / rho if rho is not None else water_g / rho_w
    return Solution(n_solute, water_g, water_g / m_w, volume)


def purchased(spec: Spec, what: str, solute_g, water_g) -> dict:
    """The ``what`` as bought (``purchased: {q: 37 wt%}``): the mass of that solution and the water that dilutes it
    to the charge of ``solute_g`` and ``water_g`` [as figures]; none when the recipe does not say."""
    if not spec.has("purchased"):
        return {}
    w = spec.fraction("purchased")
    if anywhere(w <= 0):
        raise spec.error("purchased", f"the purchased {what}'s strength must be above 0 wt%")
    bought = solute_g / w
    dilution = water_g - (bought - solute_g)
    if anywhere(dilution < -1e-9 * bought):
        raise spec.error("purchased", f"the charge is stronger than the purchased {what} ({fmt(w * 100, '.4g')} wt%): "
                                      "buy a stronger grade or state a weaker charge")
    return {"purchased_grade": spec.q("purchased", "dimensionless"), "purchased_solution": Q_(bought, "g").to("kg"),
            "dilution_water": Q_(maximum(dilution, 0.0), "g").to("kg")}


def water_density(T) -> float:
    """Density of air-free water at 1 atm [g/L] at ``T`` [K], 0-150 °C: G. S. Kell, J. Chem. Eng. Data 20, 97
    (1975), eq. 16 (IPTS-68): 997.04 g/L at 25 °C, 958.36 at 100 °C (IAPWS-95: 997.05, 958.35).

    Examples
    --------
    >>> round(water_density(298.15), 2)
    997.04
    """
    t = T - 273.15
    if anywhere((t < 0) | (t > 150)):
        raise InputError(f"the density of water is known here for 0-150 °C (Kell 1975), not {fmt(t, '.4g')} °C")
    num = (999.83952 + 16.945176 * t - 7.9870401e-3 * t**2 - 46.170461e-6 * t**3 + 105.56302e-9 * t**4
           - 280.54253e-12 * t**5)
    return num / (1 + 16.879850e-3 * t)
