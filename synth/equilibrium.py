"""Multiphase equilibrium as a check (Cantera's solvers), never as the source of a step's products.

Each condensed species is its own pure phase; gases share one ideal-gas phase. Cantera's multiphase
solvers fail on some condensed-phase systems (VCS stops with "We shouldn't be here" on Mg2Si + N2 at
750 °C, and with "Index out of bounds" on MgCl2(l) at 1000 K), so the solvers are tried in turn:
VCS, the Gibbs solver, and VCS again from its own estimate of the equilibrium. Every result must
conserve the elements; the first result is cross-checked against the next solver that succeeds, or, where
only one succeeds, against the second law directly: no reaction among the species, run a small step
either way, may lower the Gibbs energy (:func:`_is_minimum`). A disagreement, or a failure of every
solver, is raised as :class:`~synth.errors.CheckFailed` with each solver's own message.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass

import cantera as ct
import numpy as np
import yaml

from .cantera_bridge import words
from .errors import CheckFailed, InputError
from .species import PhaseData, SpeciesDB, as_db
from .units import Q_, parse, quantity

CONSERVATION_TOLERANCE = 1e-8  # relative, per element
#: (name, Cantera solver, estimate_equil) in the order tried; -1 lets VCS start from its own estimate.
SOLVERS = (("vcs", "vcs", 0), ("gibbs", "gibbs", 0), ("vcs (own estimate)", "vcs", -1))
AGREEMENT_TOLERANCE = 1e-4  # relative difference in any phase amount between the two solvers


@dataclass(frozen=True)
class PhaseAmount:
    """A species at equilibrium: its amount, and for gases its mole fraction and partial pressure."""

    name: str
    amount: object
    mole_fraction: float | None = None
    partial_pressure: object = None


@dataclass(frozen=True)
class EquilibriumResult:
    """Equilibrium amounts at ``T`` and ``P``; ``element_error`` is the largest relative imbalance."""

    T: object
    P: object
    species: tuple[PhaseAmount, ...]
    element_error: float
    solver: str
    checked: str = ""  # how the result was checked: against another solver, or by the second law
    failures: tuple[str, ...] = ()  # the solvers that failed, each with its own message


def equilibrate(amounts: Mapping[str, object], phases: Sequence[str], T, P="1 bar", *,
                db: SpeciesDB | None = None) -> EquilibriumResult:
    """Equilibrate initial ``amounts`` (name -> amount or mass) over the species ``phases`` at T, P.

    ``phases`` is a list of species or one comma-separated string (``"Mg2Si(cr),Mg(g),N2(g)"``)."""
    db = as_db(db)
    if not isinstance(amounts, Mapping):
        raise InputError(f"amounts: expected a mapping of species to amount, e.g. {{'Mg3N2': '1 mol'}}, found "
                         f"{type(amounts).__name__}")
    if isinstance(phases, str):
        phases = [p.strip() for p in phases.split(",") if p.strip()]
    T_K = float(quantity(T, "temperature", "T").magnitude)
    P_q = quantity(P, "pressure", "P").to("Pa")
    species = _species(phases, amounts, T_K, db)
    initial = _amounts(amounts, species, db, T_K)
    P_Pa = float(P_q.magnitude)
    found, failures = [], []
    for name, solver, estimate in SOLVERS:
        try:
            found.append((name, *_solve(species, initial, T_K, P_Pa, solver, estimate)))
        except CheckFailed as exc:
            failures.append(f"{name}: {exc}")
        if len(found) == 2:
            break
    if not found:
        raise CheckFailed(f"every equilibrium solver failed ({'; '.join(failures)})")
    name, moles, error = found[0]
    if len(found) == 2:
        _cross_check(found)
        checked = f"checked against {found[1][0]}"
    else:
        _is_minimum(species, moles, T_K, P_Pa)
        checked = "checked by the second law (no reaction step lowers G)"
    return EquilibriumResult(Q_(T_K, "K"), P_q.to("bar"), _report(species, moles, P_q), error, name, checked,
                             tuple(failures))


def _species(phases: Sequence[str], amounts: Mapping, T: float, db: SpeciesDB) -> list[PhaseData]:
    chosen = [db.get(name, T) for name in phases]
    for pd in chosen:
        if pd.phase == "aq":
            raise InputError(f"{pd.name}: aqueous species are not supported in equilibrium (molal models in "
                             "Cantera have open bugs); use `synth thermo` with declared reactions")
        pd.segment(T)  # data must cover T
    if len({pd.name for pd in chosen}) != len(chosen):
        raise InputError("each phase may be named once")
    return chosen


def _amounts(amounts: Mapping, species: list[PhaseData], db: SpeciesDB, T: float) -> dict[str, float]:
    """Species name -> initial mol: each species given once (``Mg2Si`` and ``Mg2Si(cr)`` are one), and not all
    of them zero (an empty charge has no equilibrium to find: the solvers only said the problem was ill-posed)."""
    initial: dict[str, float] = {}
    for key, pd in _initial(amounts, species, db, T):
        if pd.name in initial:
            raise InputError(f"initial amount of {pd.name} given twice ({key!r} is the same species); give it once, "
                             "with the whole amount")
        initial[pd.name] = _moles(pd, amounts[key])
    if not any(initial.values()):
        raise InputError("every initial amount is zero: give at least one species a positive amount, e.g. "
                         "'Mg2Si(cr)=1 mol'")
    return initial


def _initial(amounts: Mapping, species: list[PhaseData], db: SpeciesDB, T: float):
    names = {pd.name for pd in species}
    for key in amounts:
        pd = db.get(key, T)
        if pd.name not in names:
            raise InputError(f"initial amount of {key} ({pd.name}) is not among the phases {sorted(names)}")
        yield key, pd


def _moles(pd: PhaseData, value) -> float:
    """The amount [mol] of ``pd`` from an amount or a mass, written as text (read strictly:
    :func:`synth.units.parse`) or a quantity."""
    value = parse(value, pd.name) if isinstance(value, str) else value
    is_mass = isinstance(value, Q_) and value.check("[mass]")
    q = quantity(value, "mass", pd.name) / pd.molar_mass if is_mass else quantity(value, "amount", pd.name)
    moles = float(q.to("mol").magnitude)
    if moles < 0:
        raise InputError(f"{pd.name}: amount {moles:g} mol is negative")
    return moles


def _yaml(species: list[PhaseData], T: float) -> str:
    gases = [pd for pd in species if pd.phase == "g"]
    entries, phases = [], []
    if gases:
        phases.append({"name": "gas", "thermo": "ideal-gas", "species": [pd.name for pd in gases]})
    for pd in species:
        raw = pd.segment(T).entry
        # NASA TM-4513 and JANAF data are for a 1 bar standard state; Cantera assumes 1 atm unless told
        thermo = {**raw["thermo"], "reference-pressure": "1 bar"}
        entry = {"name": pd.name, "composition": raw["composition"], "thermo": thermo}
        if pd.phase != "g":
            entry["equation-of-state"] = {"model": "constant-volume", "molar-volume": _molar_volume(pd)}
            phases.append({"name": pd.name, "thermo": "fixed-stoichiometry", "species": [pd.name]})
        entries.append(entry)
    return yaml.safe_dump({"phases": phases, "species": entries}, sort_keys=False)


def _molar_volume(pd: PhaseData) -> str:
    if pd.density is None:
        return "1.0 cm^3/mol"  # volume of a condensed phase does not enter G at these pressures
    return f"{(pd.molar_mass / pd.density).to('cm**3/mol').magnitude!r} cm^3/mol"


def _solve(species: list[PhaseData], initial: Mapping[str, float], T: float, P: float, solver: str,
           estimate: int = 0):
    text = _yaml(species, T)
    names = ["gas"] if any(pd.phase == "g" for pd in species) else []
    names += [pd.name for pd in species if pd.phase != "g"]
    mix = ct.Mixture([(ct.Solution(yaml=text, name=n), 0.0) for n in names])
    mix.T, mix.P = T, P
    order = [mix.species_name(k) for k in range(mix.n_species)]
    start = [initial.get(_base(n), 0.0) * 1e-3 for n in order]  # kmol
    mix.species_moles = start
    before = _elements(mix)
    log = io.StringIO()
    try:
        with redirect_stdout(log):  # Cantera's solvers log to Python's stdout, where a --json result goes
            mix.equilibrate("TP", solver=solver, max_steps=5000, max_iter=500, estimate_equil=estimate)
    except ct.CanteraError as exc:
        said = words(log.getvalue())
        raise CheckFailed(f"equilibrium solver '{solver}' failed: {words(str(exc))}"
                          + (f" (its log: {said})" if said else "")) from None
    after = _elements(mix)
    scale = max(max(abs(v) for v in before.values()), 1e-300)
    error = max(abs(after[e] - before[e]) / scale for e in before)
    if error > CONSERVATION_TOLERANCE or any(not math.isfinite(x) for x in mix.species_moles):
        raise CheckFailed(f"equilibrium solver '{solver}' did not conserve elements (relative error {error:.2e})")
    return {_base(n): mix.species_moles[k] * 1e3 for k, n in enumerate(order)}, error


def _base(cantera_name: str) -> str:
    return cantera_name.split(":")[-1]


def _elements(mix: ct.Mixture) -> dict[int, float]:
    return {e: mix.element_moles(e) for e in range(mix.n_elements)}


def _cross_check(results) -> None:
    (first, a, _), (second, b, _) = results
    total = sum(a.values()) or 1.0
    worst = max(abs(a[k] - b[k]) / total for k in a)
    if worst > AGREEMENT_TOLERANCE:
        raise CheckFailed(f"the equilibrium solvers disagree ({first} vs {second}: relative "
                          f"difference {worst:.1e}); the result cannot be trusted")


STEP = 1e-6  # relative size of the reaction steps tried by the second-law check
R = 8.314462618  # J/(mol K), CODATA 2018


def _is_minimum(species: list[PhaseData], moles: Mapping[str, float], T: float, P: float) -> None:
    """Raise CheckFailed unless ``moles`` is a minimum of G at T, P: a step of every reaction among the
    species (each species formed from the others, and each basis reaction of the element balance), taken
    either way where the amounts allow, must not lower G by more than round-off."""
    names = [pd.name for pd in species]
    elements = sorted({e for pd in species for e in pd.formula.elements})
    A = np.array([[pd.formula.elements.get(e, 0) for pd in species] for e in elements], dtype=float)
    n = np.array([moles[name] for name in names])
    total = n.sum()
    g0 = np.array([pd.g(T) for pd in species])
    gas = np.array([pd.phase == "g" for pd in species])

    def gibbs(x):
        n_gas = x[gas].sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            mix = np.where(gas & (x > 0), x * np.log(np.where(x > 0, x, 1.0) / (n_gas or 1.0) * P / 1e5), 0.0)
        return float(x @ g0 + R * T * mix.sum())

    G = gibbs(n)
    for r in _reactions(A):
        for sign in (1.0, -1.0):
            step = sign * r * STEP * total / np.abs(r).max()
            trial = n + step
            if np.any(trial < 0):
                continue
            drop = G - gibbs(trial)
            if drop > 1e-12 * abs(G) + 1e-9 * R * T * STEP * total:  # round-off of G, and of the step
                reaction = " + ".join(f"{abs(c):.3g} {names[i]}" for i, c in enumerate(r * sign) if c < -1e-12)
                made = " + ".join(f"{c:.3g} {names[i]}" for i, c in enumerate(r * sign) if c > 1e-12)
                raise CheckFailed(f"the equilibrium result is not a minimum of G: {reaction} -> {made} lowers it; "
                                  "the result cannot be trusted")


def _reactions(A: np.ndarray) -> list[np.ndarray]:
    """Reactions among the species (columns of the element matrix ``A``): a basis of its null space, and
    for each species the reaction that forms one mole of it from the others (least squares)."""
    _, s, vt = np.linalg.svd(A)
    rank = int((s > 1e-10).sum())
    out = list(vt[rank:])
    for k in range(A.shape[1]):
        others = np.delete(np.arange(A.shape[1]), k)
        coef, *_ = np.linalg.lstsq(A[:, others], -A[:, k], rcond=None)
        r = np.zeros(A.shape[1])
        r[k], r[others] = 1.0, coef
        if np.allclose(A @ r, 0.0, atol=1e-9):
            out.append(r)
    return out


def _report(species: list[PhaseData], moles: Mapping[str, float], P) -> tuple[PhaseAmount, ...]:
    gas_total = sum(moles[pd.name] for pd in species if pd.phase == "g")
    out = []
    for pd in species:
        n = moles[pd.name]
        if pd.phase == "g" and gas_total > 0:
            x = n / gas_total
            out.append(PhaseAmount(pd.name, Q_(n, "mol"), x, (x * P).to("Pa")))
        else:
            out.append(PhaseAmount(pd.name, Q_(n, "mol")))
    return tuple(out)
