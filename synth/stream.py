"""Streams: amounts of species in given phases, as immutable mappings with arithmetic.

Amounts are kept in mol (floats) inside the engine, keyed by the database name of the species in its
phase (``Mg(cr)``, ``HCl(aq)``); :meth:`Stream.mass` and friends return pint quantities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .species import PhaseData
from .units import Q_
from .vector import summed


@dataclass(frozen=True)
class Stream:
    """Species amounts [mol] keyed by phase name, with the species data kept beside them.

    An amount is a float, or a numpy array with one value per grid point in a sweep."""

    amounts: Mapping[str, float] = field(default_factory=dict)
    species: Mapping[str, PhaseData] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        kept = {k: v for k, v in self.amounts.items() if _nonzero(v)}  # zero at every grid point: absent
        object.__setattr__(self, "amounts", MappingProxyType(kept))
        object.__setattr__(self, "species", MappingProxyType(dict(self.species)))

    @classmethod
    def of(cls, items: Iterable[tuple[PhaseData, float]]) -> Stream:
        """A stream from (species, mol) pairs; repeated species add up (in the order given)."""
        amounts: dict[str, float] = {}
        species: dict[str, PhaseData] = {}
        for pd, n in items:
            name = pd.name
            if name in amounts:
                amounts[name] = amounts[name] + n
            else:  # a grid's first array is kept, not copied (amounts are never changed in place)
                amounts[name] = n if isinstance(n, np.ndarray) else 0.0 + n
            species[name] = pd
        return cls._made(amounts, species, list(amounts))  # the dicts are this call's own: no defensive copies

    @classmethod
    def _made(cls, amounts: dict[str, float], species: dict[str, PhaseData], new: Iterable[str]) -> Stream:
        """A stream of dicts this call owns, where only the amounts named in ``new`` may be zero (the others
        come from streams, which hold no zero amount): each array is tested once, not at every stream it
        passes into (in a Monte Carlo chunk those tests were an eighth of the array operations)."""
        for name in new:
            if name in amounts and not _nonzero(amounts[name]):
                del amounts[name]
        stream = object.__new__(cls)
        object.__setattr__(stream, "amounts", MappingProxyType(amounts))
        object.__setattr__(stream, "species", MappingProxyType(species))
        return stream

    def __add__(self, other: Stream) -> Stream:
        """Both streams' amounts, added where both hold a species (in the order of :meth:`of` of the items)."""
        amounts, species = dict(self.amounts), dict(self.species)
        added = []
        for name, n in other.amounts.items():
            if name in amounts:
                amounts[name] = amounts[name] + n
                added.append(name)
            else:
                amounts[name] = n
            species[name] = other.species[name]
        return Stream._made(amounts, species, added)

    def scaled(self, factor: float) -> Stream:
        return Stream({k: v * factor for k, v in self.amounts.items()}, self.species)

    def items(self) -> list[tuple[PhaseData, float]]:
        return [(self.species[k], v) for k, v in self.amounts.items()]

    def select(self, phases: Iterable[str]) -> Stream:
        """Only the species whose phase is one of ``phases`` (e.g. the solids)."""
        wanted = set(phases)
        return self._kept(lambda pd: pd.phase in wanted)

    def without(self, phases: Iterable[str]) -> Stream:
        unwanted = set(phases)
        return self._kept(lambda pd: pd.phase not in unwanted)

    def _kept(self, keep) -> Stream:
        names = [name for name in self.amounts if keep(self.species[name])]
        return Stream._made({k: self.amounts[k] for k in names}, {k: self.species[k] for k in names}, ())

    def amount(self, name: str) -> float:
        """mol of the species named exactly ``name`` (0 when absent)."""
        return self.amounts.get(name, 0.0)

    def mass_g(self) -> float:
        """Total mass [g]."""
        return summed(n * pd.molar_mass.magnitude for pd, n in self.items())

    @property
    def mass(self):
        return Q_(self.mass_g(), "g")

    def elements(self) -> dict[str, float]:
        """mol of each element in the stream."""
        return elements(self.items())

    def __bool__(self) -> bool:
        return bool(self.amounts)


def elements(items: Iterable[tuple[PhaseData, float]]) -> dict[str, float]:
    """mol of each element in (species, mol) pairs (for a grid, sums are formed in place: same order, same
    bits)."""
    total: dict[str, float] = {}
    owned: set[str] = set()  # elements whose grid array was made here, so may be added to in place
    for pd, n in items:
        for element, count in pd.formula.elements.items():
            term = n if count == 1 else n * count  # n * 1 == n exactly
            if element not in total:
                total[element] = term
                if term is not n and isinstance(term, np.ndarray):
                    owned.add(element)
            elif element in owned and (not isinstance(term, np.ndarray) or term.shape == total[element].shape):
                total[element] += term
            else:
                total[element] = total[element] + term
                if isinstance(total[element], np.ndarray):
                    owned.add(element)
    return total


def _nonzero(amount) -> bool:
    """An amount that is not zero (at one grid point at least); NaN counts as present, as ``!= 0`` does."""
    return bool(amount.any()) if isinstance(amount, np.ndarray) else amount != 0.0
