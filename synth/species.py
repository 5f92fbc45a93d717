"""The species database: formulas, phases, thermo, densities and their sources.

The data live in ``synth/data/species.yaml`` (Cantera's YAML format, with a ``synth:`` block per species
for formula, phase, aliases, CAS number, density and the cited formation enthalpy). A species in one phase
may consist of several *segments* (polymorphs such as NH4Cl(cr,a) and NH4Cl(cr,b)) whose temperature
ranges join; :class:`PhaseData` treats them as one phase.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import yaml

from . import cantera_bridge as cb
from .errors import DataRangeError, InputError, UnknownSpeciesError
from .formula import Formula, parse
from .units import Q_

PHASES = ("cr", "l", "g", "aq", "am")
#: What users may write as a phase suffix, mapped to the database's phase labels.
PHASE_ALIASES = {"s": "cr", "cr": "cr", "c": "cr", "l": "l", "liq": "l", "g": "g", "aq": "aq", "am": "am"}
#: Phases that compete for "the stable phase" when the user gives none: pure substances at 1 bar.
#: Solutions and amorphous solids are used only when asked for by name.
PURE_PHASES = ("cr", "l", "g")
R = 8.314462618  # J/(mol K), CODATA 2018


@dataclass(frozen=True)
class Segment:
    """One species entry of the database: a phase (or polymorph) over one temperature range."""

    name: str
    entry: Mapping

    @cached_property
    def T_min(self) -> float:
        return float(self._thermo.min_temp)

    @cached_property
    def T_max(self) -> float:
        return float(self._thermo.max_temp)

    @cached_property
    def _thermo(self):
        return cb.species_thermo(self.entry)

    def covers(self, T: float) -> bool:
        return self.T_min - 1e-9 <= T <= self.T_max + 1e-9


@dataclass(frozen=True)
class PhaseData:
    """A substance in one phase: identity, provenance, density, and thermo over its segments.

    Thermo methods take ``T`` in K and return J/mol or J/(mol K); they raise
    :class:`~synth.errors.DataRangeError` outside the data's range rather than extrapolate.
    """

    formula: Formula
    phase: str
    segments: tuple[Segment, ...]

    @cached_property
    def name(self) -> str:
        return f"{self.formula.text}({self.phase})"

    @property
    def info(self) -> Mapping:
        return self.segments[0].entry["synth"]

    @property
    def has_thermo(self) -> bool:
        return "thermo" in self.segments[0].entry

    @cached_property
    def T_range(self) -> tuple[float, float] | None:
        if not self.has_thermo:
            return None
        return self.segments[0].T_min, self.segments[-1].T_max

    @property
    def note(self) -> str:
        return " | ".join(dict.fromkeys(str(s.entry.get("note", "")) for s in self.segments))

    @cached_property
    def molar_mass(self):
        return Q_(sum(n * cb.atomic_weight(e) for e, n in self.formula.elements.items()), "g/mol")

    @cached_property
    def density(self):
        d = self.info.get("density")
        return None if d is None else Q_(d["value"], d["unit"])

    def covers(self, T: float) -> bool:
        return self.T_range is not None and self.T_range[0] - 1e-9 <= T <= self.T_range[1] + 1e-9

    def segment(self, T: float) -> Segment:
        if not self.has_thermo:
            raise DataRangeError(f"{self.name}: no thermodynamic data (source: {self.info.get('ref')}); "
                                 "only composition and molar mass are known")
        for seg in self.segments:
            if seg.covers(T):
                return seg
        lo, hi = self.T_range
        raise DataRangeError(f"{self.name}: data cover {lo:g}-{hi:g} K, not {T:g} K; synth does not "
                             "extrapolate (choose a temperature inside the range or another phase)")

    def h(self, T: float) -> float:
        """Molar enthalpy [J/mol] on the elements' reference (so h(298.15 K) is ΔfH°)."""
        return cb.enthalpy(self.segment(T)._thermo, T)

    def s(self, T: float) -> float:
        """Standard molar entropy [J/(mol K)]."""
        return cb.entropy(self.segment(T)._thermo, T)

    def cp(self, T: float) -> float:
        """Molar heat capacity [J/(mol K)]."""
        return cb.heat_capacity(self.segment(T)._thermo, T)

    def g(self, T: float) -> float:
        """Standard molar Gibbs energy [J/mol], h - T s."""
        seg = self.segment(T)._thermo
        return cb.enthalpy(seg, T) - T * cb.entropy(seg, T)


class SpeciesDB:
    """All species of a database file, looked up by formula, phase or common name."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.sha256 = hashlib.sha256(text.encode()).hexdigest()
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.references: Mapping[str, str] = data.get("references", {})
        groups: dict[tuple[Formula, str], list[Segment]] = {}
        for entry in data["species"]:
            info = entry["synth"]
            key = (parse(info["formula"]), info["phase"])
            groups.setdefault(key, []).append(Segment(entry["name"], entry))
        self.phases: dict[tuple[Formula, str], PhaseData] = {
            key: PhaseData(key[0], key[1], tuple(_ordered(segs))) for key, segs in groups.items()
        }
        self._aliases = {alias.lower(): key for key, pd in self.phases.items()
                         for alias in pd.info.get("names", [])}
        self._indexed: tuple[int, int] = (-1, -1)  # (phases, aliases) counts the index below was built from

    def _index(self) -> dict[Formula, list[PhaseData]]:
        """Phases by formula, and the memo of :meth:`get`, rebuilt whenever species were added."""
        sizes = (len(self.phases), len(self._aliases))
        if sizes != self._indexed:
            self._by_formula: dict[Formula, list[PhaseData]] = {}
            for (f, _), pd in self.phases.items():
                self._by_formula.setdefault(f, []).append(pd)
            self._found: dict[tuple[str, float | None], PhaseData] = {}
            self._indexed = sizes
        return self._by_formula

    def __iter__(self):
        return iter(self.phases.values())

    def get(self, text: str, T: float | None = None) -> PhaseData:
        """The species named ``text``: ``Mg2Si``, ``Mg(l)``, ``HCl(aq)`` or a name like ``Tris``.

        Without a phase suffix the phase is the stable one at ``T`` [K] (lowest standard Gibbs energy
        among crystal, liquid and gas; 298.15 K when ``T`` is None), or the only phase known.
        """
        if not isinstance(text, str):
            raise InputError(f"species: expected a name or formula such as 'Mg2Si' or 'Mg(l)', found "
                             f"{type(text).__name__} {text!r:.40}")
        by_formula = self._index()
        try:
            return self._found[text, T]  # a pure function of the data: looked up once per (text, T)
        except (KeyError, TypeError):  # not yet, or T is not hashable
            pass
        formula_text, phase = split_phase(text)
        if phase is None and formula_text.lower() in self._aliases:
            return self.phases[self._aliases[formula_text.lower()]]
        try:
            formula = parse(formula_text)
        except InputError as exc:  # an ambiguous period or a coefficient: the formula error says what to write
            grammar = "ambiguous" in str(exc) or "coefficient" in str(exc)
            raise UnknownSpeciesError(str(exc) if grammar else self._unknown(text)) from None
        candidates = [pd for pd in by_formula.get(formula, ()) if phase in (None, pd.phase)]
        if not candidates:
            raise UnknownSpeciesError(self._unknown(text))
        found = candidates[0] if len(candidates) == 1 else self.stable(candidates, 298.15 if T is None else T)
        if isinstance(T, float | int | None):
            self._found[text, T] = found
        return found

    def stable(self, candidates: Iterable[PhaseData], T: float) -> PhaseData:
        """The pure phase of lowest Gibbs energy at ``T`` among those whose data cover it."""
        candidates = list(candidates)
        usable = [pd for pd in candidates if pd.phase in PURE_PHASES and pd.covers(T)]
        if not usable:
            names = ", ".join(f"{pd.name} {_range_text(pd)}" for pd in candidates)
            raise DataRangeError(f"no phase of {candidates[0].formula.text} has data at {T:g} K: {names}")
        return min(usable, key=lambda pd: pd.g(T))

    def forms(self, formula: Formula) -> list[PhaseData]:
        """Every phase of ``formula`` in the database."""
        return list(self._index().get(formula, ()))

    def _unknown(self, text: str) -> str:
        import difflib

        if len(text) > 100:  # difflib is quadratic in the length: no suggestions for a wall of text
            return f"unknown species {text[:30]!r}... ({len(text):,} characters)"
        names = sorted({pd.formula.text for pd in self} | set(self._aliases))
        near = difflib.get_close_matches(text.split("(")[0], names, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(near)}?" if near else "; `synth species` lists them"
        return f"unknown species {text!r}{hint}"


def split_phase(text: str) -> tuple[str, str | None]:
    """Split ``Mg(l)`` into ``("Mg", "l")``; ``Ca(OH)2`` has no phase suffix.

    Phase labels are lowercase: ``Cu(S)`` is copper sulfide, never Cu(cr)."""
    text = text.strip()
    if text.endswith(")") and "(" in text:
        head, _, suffix = text[:-1].rpartition("(")
        label = suffix.split(",")[0].strip()
        if label in PHASE_ALIASES and head:
            return head, PHASE_ALIASES[label]
    return text, None


def _ordered(segments: list[Segment]) -> list[Segment]:
    if "thermo" not in segments[0].entry:
        return segments
    return sorted(segments, key=lambda s: s.T_min)


def _range_text(pd: PhaseData) -> str:
    return "(no thermo)" if pd.T_range is None else f"({pd.T_range[0]:g}-{pd.T_range[1]:g} K)"


def as_db(db: object) -> SpeciesDB:
    """``db`` as a species database: None means :func:`default_db`; anything else is an InputError."""
    if db is None:
        return default_db()
    if not isinstance(db, SpeciesDB):
        raise InputError(f"db: expected a species database (synth.species_db()) or None, found "
                         f"{type(db).__name__} {db!r:.40}")
    return db


@cache
def default_db() -> SpeciesDB:
    """The database shipped with synth."""
    ref = resources.files("synth.data").joinpath("species.yaml")
    return SpeciesDB(ref.read_text(encoding="utf-8"), "synth/data/species.yaml")


def gibbs_crossing(a: PhaseData, b: PhaseData, lo: float, hi: float) -> float:
    """Temperature [K] in ``[lo, hi]`` where ``a`` and ``b`` have equal Gibbs energy (bisection)."""
    def f(T: float) -> float:
        """Gibbs energy of ``a`` minus that of ``b`` at ``T``."""
        return a.g(T) - b.g(T)

    f_lo = f(lo)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if math.copysign(1, f(mid)) == math.copysign(1, f_lo):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
    return 0.5 * (lo + hi)
