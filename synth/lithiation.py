"""Lithium storage of anode hosts: theoretical capacity, and the volume of lithiated Si against its Li content.

The data live in ``synth/data/lithiation.yaml``, each value with its source. A host (Si, C) has a lithiated
end phase (Li15Si4, LiC6) whose formula gives x, the Li per host atom, so the theoretical capacity is
x F / M(host). For Si the crystal cell of Li15Si4 gives the volume of the fully lithiated host per Si atom;
between Si (x = 0, the density of the species data) and Li15Si4 the volume is taken as linear in x (stated
in the data as an assumption). Functions are array-safe: a sweep passes numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np
import yaml

from .errors import InputError
from .formula import parse
from .species import SpeciesDB, default_db
from .units import Q_, ureg

AVOGADRO = ureg.avogadro_constant
FARADAY = ureg.faraday_constant
FARADAY_MAH = Q_(1, FARADAY).to("mAh/mol").magnitude  # 26801.48 mAh/mol, for array arithmetic in floats


@dataclass(frozen=True)
class Host:
    """An anode host: its element, lithiated end phase, Li per host atom and where each comes from."""

    element: str
    lithiated: str
    x_full: float  # Li per host atom in the lithiated end phase
    source: str  # reference key of the end phase (see :func:`references`)
    assumption: str | None  # why a value stands where no source gives it

    @cached_property
    def capacity(self):
        """Theoretical specific capacity x F / M(host) [mAh/g]: Si -> Li15Si4 3579 mAh/g."""
        from .cantera_bridge import atomic_weight

        return (self.x_full * FARADAY / Q_(atomic_weight(self.element), "g/mol")).to("mA*h/g")


@dataclass(frozen=True)
class Swelling:
    """Volume of lithiated Si per Si atom, linear in x from Si to the fully lithiated phase."""

    v_host: object  # molar volume of the host (cm³ per mol of host atoms), from the species data
    v_full: object  # molar volume of the lithiated phase per mol of host atoms, from its crystal cell
    x_full: float
    lithiated: str
    how: str  # the data and their sources, in words

    @property
    def full_ratio(self) -> float:
        """V(lithiated) / V(host): 3.75 for Li15Si4 from the 123 K cell (275 % expansion)."""
        return float((self.v_full / self.v_host).to("dimensionless").magnitude)

    def x_at(self, ratio):
        """Li per host atom at which the host has swollen to ``ratio`` × its volume, at most ``x_full``."""
        x = (np.asarray(ratio, dtype=float) - 1.0) / (self.full_ratio - 1.0) * self.x_full
        x = np.clip(x, 0.0, self.x_full)
        return x if np.ndim(x) else float(x)


@cache
def _data() -> dict:
    text = resources.files("synth.data").joinpath("lithiation.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def references() -> dict[str, str]:
    """The sources of the lithiation data, by key."""
    return dict(_data()["references"])


@cache
def host(element: str) -> Host | None:
    """The lithiation data of ``element`` (``Si``, ``C``), or None where synth has none."""
    entry = _data()["hosts"].get(element)
    if entry is None:
        return None
    counts = parse(entry["lithiated"]).elements
    if set(counts) != {"Li", element}:
        raise InputError(f"synth/data/lithiation.yaml: {entry['lithiated']} is not a lithiated {element}")
    return Host(element, entry["lithiated"], counts["Li"] / counts[element], entry["ref"], entry.get("assumption"))


@cache
def swelling(element: str = "Si", db: SpeciesDB | None = None) -> Swelling | None:
    """The volume of lithiated ``element`` against x, from the species data and the lithiated phase's cell
    (memoised: a pure function of the two data files); None where the data give no cell."""
    db = db or default_db()
    entry = _data()["hosts"].get(element, {})
    cell = entry.get("cell")
    if cell is None:
        return None
    h = host(element)
    per_formula = parse(entry["lithiated"]).elements[element]
    a = Q_(cell["a"]["value"], cell["a"]["unit"])
    v_full = (a ** 3 / (cell["formula_units"] * per_formula) * AVOGADRO).to("cm**3/mol")
    solid = db.get(f"{element}(cr)")
    v_host = (solid.molar_mass / solid.density).to("cm**3/mol")
    how = (f"V({h.lithiated}) = a³/{cell['formula_units'] * per_formula} per {element} atom, a = "
           f"{a.magnitude:g} Å at {cell['T']['value']:g} K ({cell['ref']}), against {solid.name} at "
           f"{solid.density.magnitude:g} g/cm³ (species data); {entry['volume_model']['text']} "
           f"(assumption: {' '.join(entry['volume_model']['assumption'].split())})")
    return Swelling(v_host, v_full, h.x_full, h.lithiated, how)
