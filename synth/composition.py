"""Stoichiometry of any formula, with or without thermodynamic data: molar mass, composition, balances.

Engineers weigh and balance materials that synth has no thermo data for (NMC811 LiNi0.8Mn0.1Co0.1O2,
Li15Si4, Mg(OH)Cl, ammonium carnallite NH4MgCl3·6H2O). These need only the formula and atomic weights.
Atomic weights are Cantera's table (:func:`synth.cantera_bridge.atomic_weight`), the IUPAC/CIAAW standard
atomic weights (conventional values for elements given as intervals).
"""

from __future__ import annotations

from dataclasses import dataclass

import pint

from .formula import Formula, parse
from .reaction import Equation, balance, parse_equation
from .units import Q_


def weights_source() -> str:
    """Where the atomic weights come from, with the Cantera version that tabulates them."""
    from .cantera_bridge import version

    return (f"IUPAC/CIAAW standard atomic weights (conventional values for interval elements), as tabulated by "
            f"Cantera {version()}")


@dataclass(frozen=True)
class Composition:
    """One formula: its molar mass, element counts, and each element's share by mass and by mole (atoms)."""

    formula: Formula
    molar_mass: pint.Quantity
    counts: dict[str, float]
    mass_fractions: dict[str, float]
    mole_fractions: dict[str, float]
    source: str


def composition(text: str) -> Composition:
    """The composition of formula ``text`` (no phase, no thermo data needed).

    Examples
    --------
    >>> c = composition("Li15Si4")
    >>> round(c.molar_mass.magnitude, 2)  # 15 × 6.94 + 4 × 28.085 = 216.44 g/mol
    216.44
    """
    from .cantera_bridge import atomic_weight

    f = parse(text.strip())
    masses = {e: n * atomic_weight(e) for e, n in f.elements.items()}
    total, atoms = sum(masses.values()), sum(f.elements.values())
    return Composition(f, Q_(total, "g/mol"), dict(f.elements), {e: m / total for e, m in masses.items()},
                       {e: n / atoms for e, n in f.elements.items()}, weights_source())


def balanced(text: str) -> tuple[Equation, list[tuple[float, Composition]]]:
    """``text`` balanced by element counts alone (no species data), with each term's coefficient and composition.

    Examples
    --------
    >>> eq, _ = balanced("Li2CO3 + Ni0.8Mn0.1Co0.1(OH)2 + O2 -> LiNi0.8Mn0.1Co0.1O2 + CO2 + H2O")
    >>> eq.text
    '2 Li2CO3 + 4 Ni0.8Mn0.1Co0.1(OH)2 + O2 -> 4 LiNi0.8Mn0.1Co0.1O2 + 2 CO2 + 4 H2O'
    """
    eq = balance(parse_equation(text))
    return eq, [(t.coefficient, composition(t.formula.text)) for t, _ in eq.terms]
