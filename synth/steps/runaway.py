"""If cooling fails: the temperature a step's charge reaches, what stops it, and its Stoessel criticality class.

An enthalpy balance on everything that stays in the vessel after the reaction (solids, liquids, the liquor;
a flowing gas is no charge and is left out, which errs on the hot side): the reaction heat Q is spent heating
the charge from the process temperature Tp along each species' stable phases, through melting, boiling (the
vapour leaves: an open vessel) and decomposition into the elements (where ΔG of it changes sign within the
data, as ``synth thermo "Mg3N2 -> 3 Mg + N2" --solve-T`` finds). The balance never goes past a species' data:
where they end, the temperature reached is "at least" that and the heat left over is said.

Classes after F. Stoessel, *Thermal Safety of Chemical Processes*, Wiley-VCH (2008), ch. 3 (criticality
classes of a cooling-failure scenario), from four temperatures: Tp; MTSR, the maximum temperature of the
synthesis reaction (all the heat in the charge, melting counted, no boiling and no decomposition: Stoessel's
MTSR = Tp + ΔT_ad with the enthalpy balance in place of a constant cp); MTT, the maximum technical
temperature, here the lowest temperature at which the charge takes up heat at a fixed temperature and lets
off vapour or gas in an open vessel: its lowest boiling point, or a decomposition into the elements; and
TD24, the temperature at which an exothermic secondary decomposition reaches its maximum rate in 24 h under
adiabatic conditions. A decomposition found in the species data is never a TD24: ΔG of a decomposition can
only turn negative with rising temperature if it is endothermic, so it is a heat sink, a barrier like
boiling (Mg3N2 -> 3 Mg(g) + N2 takes 866 kJ/mol at 1704 K). An exothermic decomposition is a matter of
kinetics that equilibrium data cannot give: the TD24 is the one the recipe states (``conditions.td24``,
measured by DSC or ARC, with its ref), else there is none. Class 1: MTSR < MTT < TD24; class 2:
MTSR < TD24 < MTT; class 3: MTT < MTSR < TD24; class 4: MTT < TD24 < MTSR; class 5: TD24 < MTT and
TD24 < MTSR. A missing MTT or TD24 counts as infinitely high, and the reasoning says which is missing.

Array-safe: amounts and Q may be arrays over a sweep's grid; the temperature path of the species is computed
once per charge composition and temperature (memoised), and each grid point reads its temperature off it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .. import cantera_bridge as cb
from ..errors import InputError
from ..species import PhaseData, Segment, SpeciesDB, gibbs_crossing
from ..stream import Stream

if TYPE_CHECKING:
    from ..recipe import Spec
    from .base import Context

STEP_K = 10.0  # K between the points of the enthalpy path (linear in between: cp varies slowly)
T_LIMIT = 4000.0  # K: no path is followed further (a furnace lining would be long gone)
#: Heats of fusion where a species' data end at its melting point and no liquid data exist [J/mol].
FUSION_AT_DATA_END = {
    "Mg2Si": (1375.0, 85772.0, "JANAF Mg-036 (Chase 1998): H-H298 175.870 - 90.098 kJ/mol at 1375 K"),
}
AQUEOUS_SLACK = 0.1  # K past the end of a solute's data that the liquor is followed, to its solvent's boiling
DIATOMIC = {"N": "N2", "H": "H2", "O": "O2", "Cl": "Cl2", "F": "F2"}


@dataclass(frozen=True)
class Event:
    """A jump on the enthalpy path of one mol of ``species`` at ``T`` [K]: melting, boiling, decomposition."""

    species: str
    kind: str  # "melt", "boil", "decompose"
    T: float
    words: str  # "melt", "boil", "decompose to Mg(g) + N2"


@dataclass(frozen=True)
class Path:
    """The enthalpy path of a charge: points (T [K], event or None) and H per mol of each species [J/mol]."""

    T: np.ndarray  # (K,)
    events: tuple[Event | None, ...]  # (K,), the jump that ends at point k
    H: np.ndarray  # (K, species)
    end: float  # K: the data of a species still present end here
    end_words: str
    jumps: tuple[tuple[Event, int], ...] = ()  # every jump with its species' index, also past ``end``

    @cached_property
    def columns(self) -> tuple[np.ndarray, ...]:
        """``H`` by species, each contiguous (a sweep gathers one point per grid point from each)."""
        return tuple(np.ascontiguousarray(c) for c in self.H.T)


@dataclass(frozen=True)
class Runaway:
    """A cooling failure: temperatures [K] (arrays over a grid), the class, and in words what happens."""

    Tp: float
    reached: object  # T the charge reaches, boiling and decomposition absorbing heat
    stop: str  # what stops it (for the worst grid point)
    mtsr: object
    mtt: float | None
    mtt_words: str
    td24: float | None
    td24_words: str
    criticality: object  # Stoessel class 1-5 (an int array over a grid)
    reasoning: str


def scenario(q_reaction, charge: Stream, Tp: float, ctx: Context, conditions: Spec) -> Runaway | None:
    """:func:`runaway` for a step of the route, with the TD24 its ``conditions`` state; None in a plan evaluated
    without scenarios (``ctx.scenarios`` False: a plan that only its streams are read from)."""
    return runaway(q_reaction, charge, Tp, ctx.db, measured_td24(conditions)) if ctx.scenarios else None


def measured_td24(conditions: Spec) -> tuple[float, str] | None:
    """The TD24 a step's ``conditions`` state (``td24: {q: 180 degC, ref: DSC2024}``, measured by DSC or ARC),
    as (K, its source in words); None where they state none."""
    if not conditions.has("td24"):
        return None
    sourced = conditions.sourced("td24", "temperature")
    return conditions.temperature("td24"), f"measured: {sourced.cited}"


def runaway(q_reaction, charge: Stream, Tp: float, db: SpeciesDB,
            td24: tuple[float, str] | None = None) -> Runaway | None:
    """The cooling-failure scenario of a step whose reaction releases ``-q_reaction`` [J] into ``charge``
    (the vessel's content after the reaction) at ``Tp`` [K], with a measured ``td24`` (K, its source) if there
    is one; None where the step is not exothermic."""
    items = [(pd, n) for pd, n in charge.items() if pd.has_thermo and pd.covers(Tp)]
    # Exothermic, something in the vessel with data, and no amount past floating point (an input error elsewhere)
    if not isinstance(q_reaction, np.ndarray) and not any(isinstance(n, np.ndarray) for _, n in items):
        released = -float(q_reaction)  # one batch: the tests in floats (a numpy call each cost more than a test)
        usable = released > 0 and items and math.isfinite(released) and all(math.isfinite(n) for _, n in items)
        heat = np.asarray(released)
    else:
        heat = -np.asarray(q_reaction, dtype=float)
        usable = np.any(heat > 0) and items and np.all(np.isfinite(heat)) and all(np.all(np.isfinite(n))
                                                                              for _, n in items)
    if not usable:
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # amounts near the float limit: refused later, no noise
        return _charge(db, Tp, heat, items, td24)


def _charge(db: SpeciesDB, Tp: float, heat: np.ndarray, items: list, td24: tuple[float, str] | None) -> Runaway:
    """:func:`runaway` for the species with data (``items``: (species, mol) pairs) and ``heat`` > 0 [J]."""
    names = tuple(pd.name for pd, _ in items)
    if heat.ndim == 0 and not any(np.ndim(x) for _, x in items):  # one batch: memoised, a pure function
        return _one_batch(db, names, Tp, float(heat), tuple(float(x) for _, x in items), td24)
    shape = np.broadcast_shapes(heat.shape, *(np.shape(x) for _, x in items))
    heat = np.broadcast_to(heat, shape)
    n = np.array([np.broadcast_to(np.asarray(x, dtype=float), shape) for _, x in items])
    if _one_charge(heat, n):  # a grid that varies this charge in size only: one scenario serves every point
        one = _one_batch(db, names, Tp, float(heat.flat[0]), tuple(float(x) for x in n[:, 0]), td24)
        return replace(one, reached=np.full(shape, one.reached), mtsr=np.full(shape, one.mtsr),
                       criticality=np.full(shape, one.criticality))
    return _scenario(db, names, Tp, heat, n, td24)


#: Relative difference of two grid points' charges that is round-off of scaling, not a different charge.
SAME_CHARGE = 1e-13


def _one_charge(heat: np.ndarray, n: np.ndarray) -> bool:
    """Every grid point holds the first point's charge times a size λ: its heat and each amount (rows of
    ``n``) in the one proportion, within :data:`SAME_CHARGE` (a batch scaled to a basis, where the scale
    factor differs from point to point but the composition does not). The scenario is intensive, T(λ·heat,
    λ·n) = T(heat, n), so the first point's scenario is every point's; a Monte Carlo over a basis had spent
    half its route time solving the same charge at every sample."""
    first = heat.flat[0]
    if not first > 0:
        return False
    size = heat / first
    return bool(np.all(np.abs(n - n[:, :1] * size) <= SAME_CHARGE * np.abs(n)))


@lru_cache(maxsize=256)
def _one_batch(db: SpeciesDB, names: tuple[str, ...], Tp: float, heat: float, n: tuple[float, ...],
               td24: tuple[float, str] | None) -> Runaway:
    """:func:`_scenario` for one batch (``synth scale`` evaluates the same plan more than once)."""
    return _scenario(db, names, Tp, np.asarray(heat), np.array(n), td24)


def _scenario(db: SpeciesDB, names: tuple[str, ...], Tp: float, heat: np.ndarray, n: np.ndarray,
              td24: tuple[float, str] | None) -> Runaway:
    """The scenario for ``heat`` [J] released into ``n`` [mol] of the species ``names`` (arrays over a grid)."""
    real = _path(db, names, Tp, True)
    ideal = _path(db, names, Tp, False)
    reached, k_stop, share = _solve(real, n, heat)
    mtsr, _, _ = _solve(ideal, n, heat)
    mtt, barriers = _first(real, n, ("boil", "decompose"), Tp, _barrier)
    td = np.float64(td24[0] if td24 is not None else np.inf)
    capped = mtsr >= ideal.end - 1e-9
    criticality = _classes(mtsr, capped, mtt, td)
    exothermic = heat > 0
    reached, mtsr = np.where(exothermic, reached, np.nan), np.where(exothermic, mtsr, np.nan)
    i = int(np.nanargmax(np.where(exothermic, reached, -np.inf))) if reached.ndim else None
    def pick(x):
        """The value at the worst grid point (the hottest), or the one value."""
        return np.asarray(x).ravel()[i] if i is not None else np.asarray(x).item()

    stop = _stop_words(real, int(pick(k_stop)), float(pick(share)), float(pick(reached)))
    klass = int(pick(criticality))
    mtt, mtt_words = _words(float(pick(mtt)), barriers, "nothing in the charge boils or decomposes within the "
                            "species data")
    td, td_words = (td24 if td24 is not None else
                    (None, "none stated: an exothermic decomposition is not in equilibrium data; give the step's "
                           "conditions.td24 from DSC or ARC"))
    reasoning = _reasoning(klass, Tp, float(pick(mtsr)), bool(pick(capped)), mtt, mtt_words, td, td_words)
    if reached.ndim == 0:
        return Runaway(Tp, float(reached), stop, float(mtsr), mtt, mtt_words, td, td_words, klass, reasoning)
    return Runaway(Tp, reached, stop, mtsr, mtt, mtt_words, td, td_words,
                   np.where(exothermic, criticality, 0), reasoning)


def _solve(path: Path, n: np.ndarray, heat: np.ndarray):
    """T where the charge's enthalpy rise equals ``heat``: (T, index of the point reached or -1 past the data
    end, share of the step or jump to that point). A bisection over the path's points, all grid points at once
    (the charge's enthalpy rises along the path: its heat capacity and every jump on it are positive)."""
    if n.ndim == 1:  # one batch: the whole path's enthalpy (a few hundred points) and a sorted search
        H_all = path.H @ n
        k = int(np.searchsorted(H_all, heat, side="left"))
        if k >= len(H_all):
            return path.end, -1, 1.0
        k = max(k, 1)
        span = H_all[k] - H_all[k - 1]
        share = min(max((heat - H_all[k - 1]) / span, 0.0), 1.0) if span > 0 else 1.0
        return path.T[k - 1] + share * (path.T[k] - path.T[k - 1]), k, share
    n2, q = n, np.atleast_1d(heat)  # a grid: (species, points), bisected at every point at once

    columns = path.columns

    def H(k):
        """The charge's enthalpy rise at path point ``k`` (one index per grid point): the species' terms
        added in order, in place (a sweep's chunk is large: no temporary per term)."""
        total = columns[0][k]
        total *= n2[0]
        for column, amounts in zip(columns[1:], n2[1:], strict=True):
            term = column[k]
            term *= amounts
            total += term
        return total

    last = len(path.T) - 1
    # not `path.H[last] @ n2`: a product over a chunk is a BLAS call, whose threads then spin on the other core
    # (a 1e6-point sweep took 1.4 s of CPU for 0.87 s of wall time, 0.58 s alone)
    found = np.einsum("s,sp->p", path.H[last], n2) >= q
    lo, hi = np.zeros(q.shape, dtype=int), np.full(q.shape, last)  # H(lo) < q <= H(hi) where found
    while np.any(hi - lo > 1):
        mid = lo + hi
        mid //= 2
        below = H(mid) < q
        np.copyto(lo, mid, where=below)
        np.copyto(hi, mid, where=~below)
    H_k, H_before = H(hi), H(lo)
    share = np.clip((q - H_before) / np.where(H_k > H_before, H_k - H_before, 1.0), 0.0, 1.0)
    T = np.where(found, path.T[lo] + share * (path.T[hi] - path.T[lo]), path.end)
    k = np.where(found, hi, -1)
    return T, k, share


@lru_cache(maxsize=256)
def _path(db: SpeciesDB, names: tuple[str, ...], Tp: float, barriers: bool) -> Path:
    """The enthalpy path of one mol of each species from ``Tp``; ``barriers``: boiling and decomposition
    take heat (and the vapour leaves), else the charge stays condensed (Stoessel's MTSR)."""
    species = [_get(db, name) for name in names]
    walks = [_walk(db, pd, Tp, barriers) for pd in species]
    end = min((w.end for w in walks if w.end is not None), default=T_LIMIT)
    end_words = next((w.end_words for w in walks if w.end == end), f"the path is followed to {T_LIMIT:g} K only")
    grid = sorted({*np.arange(Tp, end, STEP_K).tolist(), end})  # polymorph changes are jumps (see _phase)
    jumps = sorted((e.T, i, e) for i, w in enumerate(walks) for e in w.events if e.T < end)
    rows: list[tuple[float, Event | None, int | None]] = [(T, None, None) for T in grid]
    rows += [(T, None, None) for T, _, _ in jumps] + [(T, e, i) for T, i, e in jumps]
    rows.sort(key=lambda r: (r[0], r[1] is not None))
    H = np.zeros((len(rows), len(species)))
    for i, w in enumerate(walks):
        total, last = 0.0, Tp
        for k, (T, event, who) in enumerate(rows):
            if event is None or who != i:
                total += w.sensible(last, T)
            else:
                total += w.sensible(last, T) + w.latent[event]
            last = T
            H[k, i] = total
    every = tuple((e, i) for i, w in enumerate(walks) for e in w.events)
    return Path(np.array([r[0] for r in rows]), tuple(r[1] for r in rows), H, end, end_words, every)


@dataclass
class _Walk:
    """One species' phases from Tp: phase intervals, the jumps at their ends, and where its data end."""

    phases: list  # (T_from, T_to, [(PhaseData, ν)] per mol of the species; [] once it has left)
    events: list
    latent: dict
    end: float | None
    end_words: str

    def sensible(self, a: float, b: float) -> float:
        """Sensible heat [J/mol] from ``a`` to ``b`` within the phase intervals (no jumps)."""
        total = 0.0
        for lo, hi, forms in self.phases:
            x, y = max(a, lo), min(b, hi)
            if y > x:
                total += sum(nu * (pd.h(y) - pd.h(x)) for pd, nu in forms)
        return total


def _walk(db: SpeciesDB, pd: PhaseData, Tp: float, barriers: bool) -> _Walk:
    """Follow one species upward from ``Tp``: its stable phase (aqueous species stay aqueous), jumps where it
    changes, the vapour leaving, its decomposition into the elements, and where its data end."""
    allowed = ("cr", "l", "g") if barriers else ("cr", "l")
    forms = [pd] if pd.phase in ("aq", "am") else \
        [f for f in db.forms(pd.formula) if f.phase in allowed and f.has_thermo] or [pd]
    decomposition = _decomposes(db, pd.name, Tp) if barriers and pd.phase in ("cr", "l") else None
    walk = _Walk([], [], {}, None, "")
    current, start, T = _stable(db, forms, Tp), Tp, Tp
    while T < T_LIMIT:
        nxt = T + STEP_K
        if decomposition and decomposition[0] <= nxt:
            T_d, dH, products, words = decomposition
            _phase(walk, current, start, T_d)
            _jump(walk, Event(pd.formula.text, "decompose", T_d, f"decompose to {words}"), dH)
            walk.phases.append((T_d, T_LIMIT, products))
            return walk
        new = _stable(db, forms, nxt)
        if new is current:
            T = nxt
            continue
        T_tr = gibbs_crossing(current, new, T, nxt) if new is not None and current.covers(nxt) else current.T_range[1]
        _phase(walk, current, start, T_tr)
        if new is None:
            return _data_end(walk, pd, current, T_tr)
        kind = "boil" if new.phase == "g" else "melt"
        _jump(walk, Event(pd.formula.text, kind, T_tr, "boil" if kind == "boil" else "melt"),
              new.h(T_tr) - current.h(T_tr))
        if new.phase == "g":  # the vapour leaves the open vessel: no more heat goes into it
            walk.phases.append((T_tr, T_LIMIT, []))
            return walk
        current, start, T = new, T_tr, T_tr
    _phase(walk, current, start, T_LIMIT)
    return walk


@dataclass(frozen=True)
class _Piece:
    """One temperature segment of a phase (a polymorph such as Mg3N2(cr,c)), on its own fit."""

    segment: Segment

    def h(self, T: float) -> float:
        return cb.enthalpy(self.segment._thermo, T)


def _phase(walk: _Walk, pd: PhaseData, start: float, end: float) -> None:
    """``pd`` from ``start`` to ``end`` [K], segment by segment: where one polymorph gives way to the next
    (Mg3N2 b -> c at 1061 K, JANAF) the enthalpy jumps, and that jump is an event like melting."""
    T = start
    for lower, upper in zip(pd.segments, pd.segments[1:], strict=False):
        edge = lower.T_max
        if not start < edge < end:
            continue
        walk.phases.append((T, edge, [(_Piece(lower), 1.0)]))
        jump = _Piece(upper).h(edge) - _Piece(lower).h(edge)
        if abs(jump) > 1e-6:
            _jump(walk, Event(pd.formula.text, "transform", edge, f"change to {upper.name}"), jump)
        T = edge
    piece = next((seg for seg in pd.segments if seg.covers(T) and seg.T_max > T), pd.segments[-1])
    walk.phases.append((T, end, [(_Piece(piece) if len(pd.segments) > 1 else pd, 1.0)]))


def _jump(walk: _Walk, event: Event, dH: float) -> None:
    walk.events.append(event)
    walk.latent[event] = dH


def _data_end(walk: _Walk, pd: PhaseData, current: PhaseData, T_end: float) -> _Walk:
    """Where a species' data end: its heat of fusion if that is the melting point and the heat is known."""
    fusion = FUSION_AT_DATA_END.get(pd.formula.text)
    if fusion and abs(fusion[0] - T_end) < 1e-6 and current.phase == "cr":
        _jump(walk, Event(pd.formula.text, "melt", T_end, "melt"), fusion[1])
        walk.end = T_end + 1e-6
        walk.end_words = f"no data for liquid {pd.formula.text} above its melting point ({T_end:g} K)"
    else:
        # NBS aqueous data end at 373.15 K, just below the boiling point of water in synth's data (373.18 K):
        # the liquor is followed to its boiling point, the solutes' enthalpy held there (0.03 K of sensible heat)
        walk.end = T_end + (AQUEOUS_SLACK if current.phase == "aq" else 0.0)
        walk.end_words = f"the data of {current.name} end at {T_end:g} K"
    return walk


def _stable(db: SpeciesDB, forms: list[PhaseData], T: float) -> PhaseData | None:
    usable = [f for f in forms if f.covers(T)]
    if not usable:
        return None
    return usable[0] if len(usable) == 1 else db.stable(usable, T)


@lru_cache(maxsize=256)
def _decomposes(db: SpeciesDB, name: str, Tp: float):
    """(T [K], ΔH [J/mol], condensed products per mol, words) where ``name`` would decompose into its elements
    in their stable phases (ΔG = 0, gases at 1 bar, as ``synth thermo --solve-T`` finds it) above ``Tp``; None
    for an element, or where ΔG keeps its sign within the data. In floats: this runs once per species and T."""
    pd = db.get(name)
    if len(pd.formula.elements) < 2 or pd.formula.charge:
        return None
    try:
        return _decomposition_point(db, pd, Tp)
    except InputError:  # an element without data in a usable phase: no decomposition synth can place
        return None


def _decomposition_point(db: SpeciesDB, pd: PhaseData, Tp: float):
    """The bisection of :func:`_decomposes`."""
    elements = [([f for f in db.forms(db.get(DIATOMIC.get(e, e)).formula) if f.phase in ("cr", "l", "g")
                  and f.has_thermo], x / 2 if e in DIATOMIC else x) for e, x in pd.formula.elements.items()]
    if not all(forms for forms, _ in elements):
        return None
    hi = min([pd.T_range[1]] + [max(f.T_range[1] for f in forms) for forms, _ in elements])

    def dG(T: float) -> float:
        """ΔG [J/mol] of the decomposition at ``T``."""
        return sum(nu * db.stable(forms, T).g(T) for forms, nu in elements) - pd.g(T)

    lo = Tp
    if not hi > lo or dG(lo) <= 0 or dG(hi) > 0:
        return None
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if dG(mid) > 0 else (lo, mid)
    T_d = 0.5 * (lo + hi)
    made = [(db.stable(forms, T_d), nu) for forms, nu in elements]
    dH = sum(nu * f.h(T_d) for f, nu in made) - pd.h(T_d)
    if dH <= 0:  # an exothermic decomposition is a second reaction, not a heat sink: not modelled
        return None
    return T_d, dH, [(f, nu) for f, nu in made if f.phase != "g"], " + ".join(f.name for f, _ in made)


def _get(db: SpeciesDB, name: str) -> PhaseData:
    return db.get(name)


def _barrier(e: Event) -> str:
    """A candidate for the MTT in words."""
    if e.kind == "boil":
        return f"{e.species} boils at {e.T:.0f} K"
    return f"{e.species} would {e.words} at {e.T:.0f} K (ΔG = 0, gases at 1 bar; endothermic)"


def _first(path: Path, n: np.ndarray, kinds: tuple[str, ...], Tp: float,
           phrase) -> tuple[object, list[tuple[float, str]]]:
    """The lowest temperature of the ``kinds`` of jump among the species present (n > 0) at each point (inf
    where none), and each candidate in words: the MTT from boiling points and decompositions."""
    found = sorted((e.T, i, e) for e, i in path.jumps if e.kind in kinds and e.T > Tp)
    T = np.full(n.shape[1:], np.inf)
    for T_e, i, _ in found:
        T = np.where(np.isinf(T) & (n[i] > 0), T_e, T)
    return T, [(T_e, phrase(e)) for T_e, _, e in found]


def _words(T: float, candidates: list[tuple[float, str]], none: str) -> tuple[float | None, str]:
    """(T or None, what it is) at one point."""
    if not math.isfinite(T):
        return None, none
    return T, next(words for T_e, words in candidates if T_e == T)


def _classes(mtsr, capped, mtt, td):
    """Stoessel's class at each point (MTT, TD24 inf where there is none); an MTSR capped by the end of the
    data counts as passing a finite MTT or TD24 above it (it may go further: the safe side)."""
    over_mtt = np.asarray((mtsr > mtt) | (capped & np.isfinite(mtt)))
    over_td = np.asarray((mtsr > td) | (capped & np.isfinite(td)))
    below = np.asarray((mtt < td) | np.isinf(td))  # neither MTT nor TD24 in the data: class 1
    return np.select([over_td & below, over_td, over_mtt, below], [4, 5, 3, 1], 2)


def _stop_words(path: Path, k: int, share: float, reached: float) -> str:
    """What stops the temperature: a jump part-way, the heat used up, or the end of the data."""
    if k < 0:
        return f"at least {reached:.0f} K: {path.end_words}; the heat left there is not followed"
    event = path.events[k]
    partial = event is not None and share < 1.0
    passed = [f"{e.species} would {e.words} at {e.T:.0f} K" for e in path.events[:k if partial else k + 1]
              if e is not None]
    way = f" (on the way: {'; '.join(passed)})" if passed else ""
    if partial:
        return f"{path.T[k]:.0f} K: {share * 100:.0f} % of the {event.species} would {event.words}{way}"
    return f"{reached:.0f} K: the heat is used up{way}"


def _reasoning(klass: int, Tp: float, mtsr: float, capped: bool, mtt: float | None, mtt_words: str,
               td: float | None, td_words: str) -> str:
    """Stoessel's class with the comparison that gives it, in words."""
    m = f"MTSR {'≥ ' if capped else ''}{mtsr:.0f} K"
    t = f"MTT {mtt:.0f} K ({mtt_words})" if mtt is not None else f"no MTT ({mtt_words})"
    d = f"TD24 {td:.0f} K ({td_words})" if td is not None else f"no TD24 ({td_words})"
    meaning = {1: "the cooling failure reaches neither the technical limit nor the TD24",
               2: "it cannot reach the TD24; the technical limit lies above the TD24",
               3: "the technical limit is reached first: boiling or an endothermic decomposition is the barrier, "
                  "if enough of the charge can boil or decompose (and its vapour or gas can leave)",
               4: "only the technical barrier stands before the TD24: it must be able to take the heat",
               5: "the TD24 is reached before any technical barrier"}[klass]
    return f"Stoessel class {klass}: Tp {Tp:.0f} K, {m}, {t}, {d}: {meaning}"
