"""The one place synth talks to Cantera: SI with kmol on Cantera's side, J/mol and K on ours.

Cantera is imported here (and in :mod:`synth.equilibrium`) only, and only when thermodynamic values are
needed, so that ``synth --help`` and recipe listing start without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import cantera as ct

#: What Cantera raises on data it cannot use (its input-file errors included)
CanteraError = ct.CanteraError
#: J/kmol -> J/mol
PER_KMOL = 1.0e-3
#: J/(mol K): the gas constant Cantera evaluates NASA polynomials with (CODATA 2018, all its digits)
GAS_CONSTANT = ct.gas_constant * PER_KMOL


def species_thermo(entry: Mapping) -> ct.SpeciesThermo:
    """Build Cantera's thermo object from one species entry of ``synth/data/species.yaml``."""
    return ct.Species.from_dict(dict(entry)).thermo


def enthalpy(thermo: ct.SpeciesThermo, T: float) -> float:
    """Molar enthalpy [J/mol] at ``T`` [K], on the elements' 298.15 K reference."""
    return thermo.h(T) * PER_KMOL


def entropy(thermo: ct.SpeciesThermo, T: float) -> float:
    """Standard molar entropy [J/(mol K)] at ``T`` [K]."""
    return thermo.s(T) * PER_KMOL


def heat_capacity(thermo: ct.SpeciesThermo, T: float) -> float:
    """Molar heat capacity at constant pressure [J/(mol K)] at ``T`` [K]."""
    return thermo.cp(T) * PER_KMOL


@cache
def words(text: str) -> str:
    """Cantera's own words from an error text, on one line: the lines that are not rules of asterisks or
    dashes (its last line is a rule, which is all a user saw of it before)."""
    lines = [line.strip() for line in text.splitlines()]
    said = [line for line in lines if line and not set(line) <= set("*-=")]
    return " ".join(said) or text.strip()


def atomic_weight(symbol: str) -> float:
    """Standard atomic weight [g/mol] as Cantera tabulates it (IUPAC/CIAAW values)."""
    return ct.Element(symbol).weight


def version() -> str:
    """Cantera's version, for provenance."""
    return ct.__version__


@cache
def cantera_data(name: str) -> dict:
    """A YAML data file bundled with Cantera (``nasa_condensed``, ``nasa_gas``), parsed."""
    from pathlib import Path

    import yaml

    return yaml.safe_load((Path(ct.__file__).parent / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
