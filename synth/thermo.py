"""Thermodynamics at process conditions: reaction ΔH, ΔS, ΔG, K and cell voltage; heats of species.

Standard states: pure crystal or liquid; ideal gas at P° = 1 bar; aqueous species at 1 mol/kg,
infinitely dilute. ``dG`` is at the given pressure with every gas at that pressure; ``K`` is the
standard equilibrium constant, exp(-ΔG°/RT).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from numbers import Integral

from .errors import DataRangeError, InputError
from .reaction import Equation, parse_equation
from .species import (
    PURE_PHASES,
    PhaseData,
    R,
    SpeciesDB,
    as_db,
    gibbs_crossing,
    split_phase,
)
from .units import Q_, quantity

FARADAY = 96485.33212  # C/mol, CODATA 2018
P_STANDARD = 1.0e5  # Pa
T_REFERENCE = 298.15  # K
MAX_PATH_STEPS = 100_000  # a heat path's search steps: 5 K steps cover 500,000 K; more is a typo


@dataclass(frozen=True)
class SpeciesState:
    """A term of a reaction evaluated at T: which phase was used and why, and its molar properties."""

    written: str
    species: PhaseData
    nu: float
    phase_chosen: bool
    h: object
    s: object
    g: object


@dataclass(frozen=True)
class ReactionThermo:
    """ΔH, ΔS, ΔG (per mole of reaction as written) and K at ``T`` and ``P``; E when electrons are given."""

    equation: str
    T: object
    P: object
    dH: object
    dS: object
    dG: object
    K: float
    species: tuple[SpeciesState, ...]
    electrons: int | None = None

    @cached_property
    def E(self):
        """Reversible cell voltage ΔG/(nF): the minimum voltage to drive the reaction as written."""
        if not self.electrons:
            return None
        return (self.dG / (self.electrons * Q_(FARADAY, "C/mol"))).to("V")


def reaction_thermo(equation: str | Equation, T, P="1 bar", *, electrons: int | None = None,
                    db: SpeciesDB | None = None) -> ReactionThermo:
    """Thermodynamics of ``equation`` at temperature ``T`` and pressure ``P`` (quantities or strings).

    Species written without a phase take the phase stable at ``T``; the result says which.

    Examples
    --------
    >>> r = reaction_thermo("MgCl2(l) -> Mg(l) + Cl2", "1000 K", electrons=2)
    >>> round(r.dG.to("kJ/mol").magnitude), round(r.E.magnitude, 2)
    (483, 2.5)
    """
    db = as_db(db)
    if isinstance(equation, str | Equation) and isinstance(T, str) and isinstance(P, str):
        return _reaction_thermo_once(equation, T, P, electrons, db)  # a route asks the same on every run
    return _reaction_thermo(equation, T, P, electrons, db)


@lru_cache(maxsize=1024)
def _reaction_thermo_once(equation: str | Equation, T: str, P: str, electrons: int | None,
                          db: SpeciesDB) -> ReactionThermo:
    """:func:`reaction_thermo` of text arguments, computed once (a pure function of them and the data)."""
    return _reaction_thermo(equation, T, P, electrons, db)


def _reaction_thermo(equation: str | Equation, T, P, electrons: int | None, db: SpeciesDB) -> ReactionThermo:
    T_q, P_q = quantity(T, "temperature", "T"), quantity(P, "pressure", "P")
    if P_q.magnitude <= 0:
        raise InputError(f"P: {P_q:~P} is not a positive pressure")
    eq = parse_equation(equation) if isinstance(equation, str) else equation
    eq.check_balanced()
    if electrons is not None and (isinstance(electrons, bool) or not isinstance(electrons, Integral)
                                  or electrons <= 0):
        raise InputError(f"electrons: {electrons!r} must be a positive whole number")
    T_K, P_Pa = float(T_q.magnitude), float(P_q.to("Pa").magnitude)
    states = tuple(_state(term, nu, T_K, P_Pa, db) for term, nu in eq.terms)
    dH = sum(st.nu * st.h.to("J/mol").magnitude for st in states)
    dS = sum(st.nu * st.s.magnitude for st in states)
    dG = dH - T_K * dS
    dG0 = dG - sum(st.nu * R * T_K * math.log(P_Pa / P_STANDARD) for st in states if st.species.phase == "g")
    K = math.exp(min(700.0, max(-700.0, -dG0 / (R * T_K))))
    return ReactionThermo(eq.text, T_q, P_q.to("bar"), Q_(dH / 1e3, "kJ/mol"), Q_(dS, "J/(mol*K)"),
                          Q_(dG / 1e3, "kJ/mol"), K, states, electrons)


def _state(term, nu: float, T: float, P: float, db: SpeciesDB) -> SpeciesState:
    species = db.get(term.text, T)
    h, s = species.h(T), species.s(T)
    if species.phase == "g":
        s -= R * math.log(P / P_STANDARD)
    return SpeciesState(term.text, species, nu, term.phase is None and len(db.forms(term.formula)) > 1,
                        Q_(h / 1e3, "kJ/mol"), Q_(s, "J/(mol*K)"), Q_((h - T * s) / 1e3, "kJ/mol"))


@dataclass(frozen=True)
class HeatLeg:
    """Part of a heating path: sensible heat within one phase, or a phase change at one temperature."""

    kind: str  # "sensible" or "latent"
    phase_from: str
    phase_to: str
    T_from: float  # K
    T_to: float  # K
    dH: float  # J/mol


@dataclass(frozen=True)
class HeatPath:
    """Molar enthalpy change of a species from ``T1`` to ``T2`` through its phase changes."""

    species: str
    T1: object
    T2: object
    dH: object
    legs: tuple[HeatLeg, ...]

    @property
    def sensible(self):
        return Q_(sum(leg.dH for leg in self.legs if leg.kind == "sensible") / 1e3, "kJ/mol")

    @property
    def latent(self):
        return Q_(sum(leg.dH for leg in self.legs if leg.kind == "latent") / 1e3, "kJ/mol")


def heat_path(name: str, T1, T2, *, db: SpeciesDB | None = None, step: float = 5.0) -> HeatPath:
    """Heat [kJ/mol] to take ``name`` from ``T1`` to ``T2``, sensible and latent, in its stable phases.

    A name with a phase suffix stays in that phase (an error if its data do not reach); without one the
    substance follows its stable phase at 1 bar, and each change is found where the phases' Gibbs
    energies cross (or where a phase's data end).
    """
    db = as_db(db)
    T1_q, T2_q = quantity(T1, "temperature", "T1"), quantity(T2, "temperature", "T2")
    a, b = float(T1_q.magnitude), float(T2_q.magnitude)
    fixed = db.get(name, a)
    forms = [fixed] if _has_suffix(name) or fixed.phase not in PURE_PHASES else \
        [pd for pd in db.forms(fixed.formula) if pd.phase in PURE_PHASES and pd.has_thermo]
    if not all(pd.has_thermo for pd in forms) or not forms:
        raise DataRangeError(f"{name}: synth has no thermodynamic data for it ({fixed.name}), so no heat path")
    _pick(forms, db, b)  # the end point must have data: fail on it, not on a step on the way
    if not (isinstance(step, (int, float)) and step > 0 and abs(b - a) / step <= MAX_PATH_STEPS):
        raise InputError(f"step: {step!r} K must be positive and at least 1/{MAX_PATH_STEPS:,} of the span "
                         f"{abs(b - a):g} K")
    legs = _legs(forms, db, a, b, step)
    total = sum(leg.dH for leg in legs)
    return HeatPath(fixed.formula.text, T1_q, T2_q, Q_(total / 1e3, "kJ/mol"), tuple(legs))


def _has_suffix(name: str) -> bool:
    return split_phase(name)[1] is not None


def _legs(forms: list[PhaseData], db: SpeciesDB, a: float, b: float, step: float) -> list[HeatLeg]:
    direction = 1 if b >= a else -1
    phase = _pick(forms, db, a)
    legs: list[HeatLeg] = []
    T = start = a
    while direction * (b - T) > 1e-9:
        nxt = T + direction * min(step, abs(b - T))
        new = _pick(forms, db, nxt)
        if new is phase:
            T = nxt
            continue
        T_tr = _transition(phase, new, T, nxt)
        legs.append(_sensible(phase, start, T_tr))
        legs.append(HeatLeg("latent", phase.phase, new.phase, T_tr, T_tr, new.h(T_tr) - phase.h(T_tr)))
        phase, T, start = new, T_tr, T_tr
    legs.append(_sensible(phase, start, b))
    return [leg for leg in legs if leg.kind == "latent" or leg.T_from != leg.T_to]


def _pick(forms: list[PhaseData], db: SpeciesDB, T: float) -> PhaseData:
    if len(forms) == 1:
        forms[0].segment(T)  # raises DataRangeError outside its range
        return forms[0]
    return db.stable(forms, T)


def _transition(old: PhaseData, new: PhaseData, T: float, nxt: float) -> float:
    lo, hi = min(T, nxt), max(T, nxt)
    if old.covers(lo) and old.covers(hi) and new.covers(lo) and new.covers(hi):
        return gibbs_crossing(old, new, lo, hi)
    edge = old.T_range[1] if nxt > T else old.T_range[0]
    if not new.covers(edge):
        raise DataRangeError(f"{old.formula.text}: no data join {old.name} and {new.name} near {edge:g} K")
    return edge


def _sensible(pd: PhaseData, T_from: float, T_to: float) -> HeatLeg:
    return HeatLeg("sensible", pd.phase, pd.phase, T_from, T_to, pd.h(T_to) - pd.h(T_from))


def balance_temperature(equation: str | Equation, P="1 bar", *, T_low="298.15 K", T_high="3000 K",
                        db: SpeciesDB | None = None):
    """Temperature where ΔG of ``equation`` at ``P`` changes sign (bisection), e.g. where Mg3N2 starts to
    give Mg(g) + N2 with each gas at ``P``. The interval is narrowed to where every species has data;
    no sign change there is an error."""
    db = as_db(db)
    eq = parse_equation(equation) if isinstance(equation, str) else equation
    lo = float(quantity(T_low, "temperature", "T_low").magnitude)
    hi = float(quantity(T_high, "temperature", "T_high").magnitude)
    for term, _ in eq.terms:
        forms = [db.get(term.text, lo)] if term.phase else [pd for pd in db.forms(term.formula) if pd.has_thermo]
        lo = max(lo, min(pd.T_range[0] for pd in forms))
        hi = min(hi, max(pd.T_range[1] for pd in forms))
    def dG(T: float) -> float:
        """Reaction ΔG at ``T`` and ``P``."""
        return reaction_thermo(eq, f"{T} K", P, db=db).dG.magnitude

    g_lo, g_hi = dG(lo), dG(hi)
    if g_lo * g_hi > 0:
        raise InputError(f"ΔG of {eq.text} does not change sign between {lo:g} and {hi:g} K at {P}")
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if dG(mid) * g_lo > 0:
            lo = mid
        else:
            hi = mid
    return Q_(0.5 * (lo + hi), "K")
