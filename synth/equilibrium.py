"""Multiphase equilibrium as a check (Cantera's solvers), never as the source of a step's products.

Each condensed species is its own pure phase; gases share one ideal-gas phase. Cantera's multiphase
solvers are known to fail quietly on some condensed-phase systems, so every solve is followed by an
element-conservation check, and the VCS result is cross-checked against the Gibbs solver; a failure or
disagreement is raised as :class:`~synth.errors.CheckFailed`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import cantera as ct
import yaml

from .errors import CheckFailed, InputError
from .species import PhaseData, SpeciesDB, as_db
from .units import Q_, quantity

CONSERVATION_TOLERANCE = 1e-8  # relative, per element
SOLVERS = ("vcs", "gibbs")
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
    initial = {pd.name: _moles(pd, amounts[key]) for key, pd in _initial(amounts, species, db, T_K)}
    results = [_solve(species, initial, T_K, float(P_q.magnitude), solver) for solver in SOLVERS]
    _cross_check(results)
    moles, error = results[0]
    return EquilibriumResult(Q_(T_K, "K"), P_q.to("bar"), _report(species, moles, P_q), error, SOLVERS[0])


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


def _initial(amounts: Mapping, species: list[PhaseData], db: SpeciesDB, T: float):
    names = {pd.name for pd in species}
    for key in amounts:
        pd = db.get(key, T)
        if pd.name not in names:
            raise InputError(f"initial amount of {key} ({pd.name}) is not among the phases {sorted(names)}")
        yield key, pd


def _moles(pd: PhaseData, value) -> float:
    q = quantity(value, "mass", pd.name) / pd.molar_mass if _is_mass(value) else quantity(value, "amount", pd.name)
    moles = float(q.to("mol").magnitude)
    if moles < 0:
        raise InputError(f"{pd.name}: amount {moles:g} mol is negative")
    return moles


def _is_mass(value) -> bool:
    q = Q_(value) if isinstance(value, str) else value
    return q.check("[mass]")


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


def _solve(species: list[PhaseData], initial: Mapping[str, float], T: float, P: float, solver: str):
    text = _yaml(species, T)
    names = ["gas"] if any(pd.phase == "g" for pd in species) else []
    names += [pd.name for pd in species if pd.phase != "g"]
    mix = ct.Mixture([(ct.Solution(yaml=text, name=n), 0.0) for n in names])
    mix.T, mix.P = T, P
    order = [mix.species_name(k) for k in range(mix.n_species)]
    start = [initial.get(_base(n), 0.0) * 1e-3 for n in order]  # kmol
    mix.species_moles = start
    before = _elements(mix)
    try:
        mix.equilibrate("TP", solver=solver, max_steps=5000, max_iter=500)
    except ct.CanteraError as exc:
        raise CheckFailed(f"equilibrium solver '{solver}' failed: {str(exc).strip().splitlines()[-1]}") from None
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
    (a, _), (b, _) = results
    total = sum(a.values()) or 1.0
    worst = max(abs(a[k] - b[k]) / total for k in a)
    if worst > AGREEMENT_TOLERANCE:
        raise CheckFailed(f"the equilibrium solvers disagree ({SOLVERS[0]} vs {SOLVERS[1]}: relative "
                          f"difference {worst:.1e}); the result cannot be trusted")


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
