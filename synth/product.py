"""What a route makes: figures of each named material, computed from the plan, beside what the recipe reports.

For every material a recipe names (``AMPSi``, ``AMPSi@C``, ``NS-MPSi``, ``pSi``) :func:`products` gives

- the composition by mass, from the route's balance (Si, C, and any residual phase such as MgO);
- the theoretical porosity of the skeleton: the precursor particle (the species that a reaction of the route
  turned into the skeleton: Mg2Si -> Si, SiO2 -> Si) keeps its volume, the solids left fill part of it, at no
  macroscopic shrinkage, from the densities of the species data; and at the shrinkage the recipe states;
- the pore volume per gram, ΔV = V_pores / V_skeleton + 1 (An et al. 2019), and the volume-limited lithiation
  capacity: the Li content at which lithiated Si fills the pores (:mod:`synth.lithiation`);
- the theoretical capacity of the composite from its composition (Si -> Li15Si4, C -> LiC6);
- the values measured on the material that the recipe reports (``product: expected:``), never predicted,
  and the figures they imply (the shrinkage that a measured porosity means, ΔV at the measured porosity).

Every figure says how it was computed. The functions are pure and array-safe (a sweep passes arrays); cost
per Ah is left to a cost module, which would divide its cost per kg by the capacity given here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from . import lithiation
from .reaction import parse_equation
from .recipe import Spec
from .steps.base import StepResult
from .units import Q_
from .validate import PRODUCT, dimension
from .vector import anywhere, at as at_point, failing

if TYPE_CHECKING:  # annotations only: the route engine sits below this module and imports it (via report)
    from .route import Plan

SOLID = ("cr", "am")  # phases that make up the skeleton; a liquid in a product (moisture) fills pores

#: Labels of the values a recipe may report under ``product: expected:`` (kinds in :data:`synth.validate.PRODUCT`).
REPORTED = {"porosity": "porosity", "tap_density": "tap density", "bet_surface_area": "BET surface area",
            "capacity": "reversible capacity", "initial_coulombic_efficiency": "initial Coulombic efficiency",
            "carbon_content": "carbon content", "oxygen_content": "oxygen content"}
#: Reported contents of an element that the route's composition may hold in no species of its own (an oxide
#: film formed in air after synthesis): the element's mass fraction in the stream stands beside them.
ELEMENT_CONTENT = {"oxygen_content": "O"}


@dataclass(frozen=True)
class Figure:
    """A computed figure of a material: its value (a quantity), how it was computed, and the key of the reported
    value it stands beside (``compare``), if any."""

    key: str
    label: str
    value: object
    how: str
    compare: str | None = None
    basis: str = "route"  # route | theoretical (no shrinkage) | stated (the recipe's shrinkage) | reported


@dataclass(frozen=True)
class Reported:
    """A value measured on the material, as the recipe reports it, with its source and where in it."""

    key: str
    label: str
    value: object
    source: str
    where: str | None = None


@dataclass(frozen=True)
class Product:
    """The figures of one named material of a plan."""

    material: str
    step: str
    mass: object
    composition: tuple[Figure, ...]
    figures: tuple[Figure, ...]
    reported: tuple[Reported, ...]
    notes: tuple[str, ...]  # what could not be computed, and why

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


@dataclass(frozen=True)
class Skeleton:
    """The precursor that a reaction turned into the skeleton species, per mol of skeleton."""

    species: object  # PhaseData of the skeleton (Si(cr))
    precursor: object  # PhaseData of the precursor (Mg2Si(cr), SiO2(cr))
    per_mol: float  # mol of precursor per mol of skeleton in that reaction
    step: str
    equation: str


def products(plan: Plan) -> tuple[Product, ...]:
    """The figures of every material the recipe names, in route order."""
    return tuple(product(plan, material) for s in plan.steps for material in dict.fromkeys(s.materials.values()))


def product(plan: Plan, material: str) -> Product:
    """The figures of ``material`` in ``plan``."""
    step, label = plan.material(material)
    stream = step.outputs[label]
    grams = stream.mass_g()
    composition = tuple(
        Figure(f"w({pd.formula.text})", f"{pd.formula.text} ({pd.phase})", _pct(n * pd.molar_mass.magnitude / grams),
               f"mass of {pd.name} in the {step.id} {label} stream / its total mass "
               "(route balance)", "carbon_content" if pd.formula.text == "C" else None) for pd, n in stream.items())
    reported = _reported(plan, step)
    composition += _element_contents(stream, grams, reported, f"the {step.id} {label} stream")
    notes: list[str] = []
    figures = _skeleton_figures(plan, step, stream, reported, notes) + _capacity(stream, notes)
    return Product(material, step.id, Q_(grams, "g"), composition, figures, reported, tuple(notes))


def _element_contents(stream, grams: float, reported: tuple[Reported, ...], where: str) -> tuple[Figure, ...]:
    """The mass fraction of each element a reported content names (:data:`ELEMENT_CONTENT`), from the route's
    balance: 0 % where the route makes no compound of it, beside a measured value that says what it missed."""
    from .cantera_bridge import atomic_weight

    amounts = stream.elements()
    return tuple(Figure(f"w({element})", f"{element} (element)",
                        _pct(amounts.get(element, 0.0) * atomic_weight(element) / grams),
                        f"mass of the element {element} in {where} / its total mass (route balance)", r.key)
                 for r in reported for key, element in ELEMENT_CONTENT.items() if r.key == key)


def _spec(plan: Plan, step_id: str) -> Spec:
    return next(sp for sp in plan.recipe.steps() if sp.data.get("id") == step_id)


def _chain(plan: Plan, step: StepResult):
    """The material's step, then the steps its carried input came from, nearest first."""
    step_id = step.id
    while step_id is not None:
        yield plan.step(step_id)
        step_id = plan.sources.get(step_id, (None,))[0]


def _block(plan: Plan, step: StepResult, key: str) -> tuple[Spec, str] | None:
    """The nearest ``product:`` block along the chain that holds ``key`` (``shrinkage``), with its step id."""
    for s in _chain(plan, step):
        spec = _spec(plan, s.id)
        if spec.has("product") and spec.sub("product").has(key):
            return spec.sub("product"), s.id
    return None


def _reported(plan: Plan, step: StepResult) -> tuple[Reported, ...]:
    spec = _spec(plan, step.id)
    if not (spec.has("product") and spec.sub("product").has("expected")):
        return ()
    expected = spec.sub("product").sub("expected")
    out = []
    for key in expected.data:
        kind = PRODUCT["?expected"][f"?{key}"]
        sourced = expected.sourced(key, dimension(kind))
        entry = expected.data[key]
        source = sourced.ref or f"assumption: {sourced.assumption}"
        value = sourced.value.to("percent") if kind == "fraction" else sourced.value
        out.append(Reported(key, REPORTED[key], value, source, entry.get("where") if isinstance(entry, dict) else None))
    return tuple(out)


@lru_cache(maxsize=256)
def _equation(text: str):
    return parse_equation(text)


def skeleton(plan: Plan, step: StepResult, species) -> Skeleton | None:
    """The reaction nearest the material (its own step, then the steps it was carried from) that makes
    ``species`` from a condensed precursor holding its elements (3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2)."""
    for s in _chain(plan, step):
        for text, _ in s.reactions:
            eq = _equation(text)
            made = [t for t in eq.products if t.formula == species.formula]
            for t in eq.reactants if made else ():
                if t.formula != species.formula and set(species.formula.elements) <= set(t.formula.elements):
                    pd = _present(s, t.formula)
                    if pd is not None:
                        return Skeleton(species, pd, t.coefficient / made[0].coefficient, s.id, text)
    return None


def _present(step: StepResult, formula):
    """The solid phase of ``formula`` among the inputs of ``step``, as charged."""
    for stream in step.inputs.values():
        for pd, _ in stream.items():
            if pd.formula == formula and pd.phase in SOLID:
                return pd
    return None


def _molar_volume(pd) -> float:
    """cm³/mol from the species data's density."""
    return _cm3_per_mol(pd.molar_mass.magnitude, pd.density.magnitude, str(pd.density.units))


@lru_cache(maxsize=256)
def _cm3_per_mol(grams_per_mol: float, density: float, unit: str) -> float:
    return molar_volume(Q_(grams_per_mol, "g/mol"), Q_(density, unit)).magnitude


def molar_volume(molar_mass, density):
    """Molar volume [cm³/mol] from a molar mass and a density (quantities)."""
    return (molar_mass / density).to("cm**3/mol")


def porosity(v_solids, v_particle, shrinkage=0.0):
    """1 - V(solids) / (V(particle) × (1 - shrinkage)): the pore fraction of a particle that kept its
    precursor's volume less a volume shrinkage; volumes in one unit, per the same amount of skeleton.

    Examples
    --------
    >>> v_si = molar_volume(Q_(28.0855, "g/mol"), Q_(2.3296, "g/cm**3"))
    >>> v_mg2si = molar_volume(Q_(76.6955, "g/mol"), Q_(1.99, "g/cm**3"))
    >>> f"{porosity(v_si, v_mg2si).to('percent'):.1f~P}"
    '68.7 %'
    """
    return _pct(1 - v_solids / (v_particle * (1 - shrinkage)))


@dataclass(frozen=True)
class _Particle:
    """Volumes [cm³] of one material's particle at no shrinkage: of its solids, its skeleton and the precursor."""

    solids: object
    skeleton: object
    precursor: object
    grams: object
    main: object  # PhaseData of the skeleton
    n_main: object  # mol of skeleton
    solids_text: str


def _skeleton_figures(plan: Plan, step: StepResult, stream, reported, notes: list) -> tuple[Figure, ...]:
    """Porosity, pore volume, ΔV and volume-limited capacity at no shrinkage, at the recipe's stated shrinkage
    and at the reported porosity (each where it applies)."""
    found = _particle(plan, step, stream, notes)
    if found is None:
        return ()
    pt, sk = found
    phi0 = porosity(pt.solids, pt.precursor).magnitude / 100
    if anywhere(phi0 < 0):
        notes.append(f"the solids ({pt.solids_text}) take more volume than the {sk.precursor.name} particle they "
                     "came from: at no shrinkage the porosity is below zero, the particle must grow")
    where = (f"{sk.precursor.name} -> {pt.main.name} in {sk.step} ({sk.equation}): V({sk.precursor.name}) = "
             f"{_molar_volume(sk.precursor):.4g} cm³/mol ({sk.precursor.density:~P}), V({pt.main.name}) = "
             f"{_molar_volume(pt.main):.4g} cm³/mol ({pt.main.density:~P}), species data")
    out = [Figure("porosity_theoretical", "porosity", _pct(phi0),
                  f"1 - V(solids)/V(precursor particle), {sk.per_mol:g} mol {sk.precursor.formula.text} per mol "
                  f"{pt.main.formula.text}; solids {pt.solids_text}; {where}", "porosity", "theoretical")]
    out += _pores("theoretical", pt.precursor, pt, "at no shrinkage")
    out += _stated(plan, step, pt)
    measured = next((r for r in reported if r.key == "porosity"), None)
    if measured is not None:
        phi_r = measured.value.to("dimensionless").magnitude
        v_r = pt.solids / (1 - phi_r)
        out.append(Figure("shrinkage_implied", "volume shrinkage", _pct(1 - v_r / pt.precursor),
                          f"1 - V(solids)/(1 - {_fmt_pct(phi_r)}) / V(precursor particle), reported porosity "
                          f"[{measured.source}]", "porosity", "reported"))
        out += _pores("reported", v_r, pt, f"at the reported porosity {_fmt_pct(phi_r)} [{measured.source}]")
    return tuple(out)


def _particle(plan: Plan, step: StepResult, stream, notes: list) -> tuple[_Particle, Skeleton] | None:
    """The skeleton (the heaviest solid that a reaction made from a precursor) and the volumes of the particle."""
    solids = [(pd, n) for pd, n in stream.items() if pd.phase in SOLID]
    by_mass = sorted(solids, key=lambda item: -float(np.ravel(item[1] * item[0].molar_mass.magnitude)[0]))
    found = [(pd, n, sk) for pd, n in by_mass if (sk := skeleton(plan, step, pd)) is not None]
    if not found:
        if solids:
            notes.append(f"no porosity: no reaction of the route makes {', '.join(pd.name for pd, _ in by_mass)} "
                         "from a solid precursor")
        return None
    main, n_main, sk = found[0]
    missing = [pd.name for pd in (sk.precursor, main) if pd.density is None]
    if missing:
        notes.append(f"no porosity: no density for {', '.join(missing)} in the species data")
        return None
    counted = [(pd, n) for pd, n in solids if pd.density is not None]
    uncounted = [pd.name for pd, _ in solids if pd.density is None]
    text = " + ".join(pd.name for pd, _ in counted) + (
        f"; {', '.join(uncounted)} not counted (no density in the species data; a coating taken as outside "
        "the pores)" if uncounted else "")
    return _Particle(sum(n * _molar_volume(pd) for pd, n in counted), n_main * _molar_volume(main),
                     n_main * sk.per_mol * _molar_volume(sk.precursor), stream.mass_g(), main, n_main, text), sk


def _stated(plan: Plan, step: StepResult, pt: _Particle) -> list[Figure]:
    """The figures at the shrinkage the recipe states (on the material's step or the steps it came from)."""
    stated = _block(plan, step, "shrinkage")
    if stated is None:
        return []
    block, at = stated
    s = block.fraction("shrinkage")
    src = block.sourced("shrinkage", "dimensionless")
    why = src.ref or f"assumption: {src.assumption}"
    bad = pt.precursor * (1 - s) <= pt.solids
    if anywhere(bad):
        where_bad, i = failing(bad)
        raise block.error("shrinkage", f"a shrinkage of {_fmt_pct(at_point(s, i))}{where_bad} leaves no room for "
                                       f"the solids; it must be below "
                                       f"{_fmt_pct(at_point(1 - pt.solids / pt.precursor, i))}")
    phi = porosity(pt.solids, pt.precursor, s)
    return [Figure("shrinkage", "volume shrinkage", _pct(s), f"the recipe's value, {at}.product.shrinkage [{why}]",
                   None, "stated"),
            Figure("porosity", "porosity", phi, f"1 - V(solids)/(V(precursor particle) × (1 - {_fmt_pct(s)})), "
                   f"shrinkage from {at}.product.shrinkage [{why}]", "porosity", "stated"),
            *_pores("stated", pt.precursor * (1 - s), pt, "at the stated shrinkage")]


def _pores(basis: str, v_particle, pt: _Particle, at: str) -> list[Figure]:
    """Pore volume per gram, ΔV and the volume-limited capacity of a particle of volume ``v_particle``; keys end
    in ``_theoretical`` or ``_reported`` for those bases (none for the stated shrinkage)."""
    suffix = "" if basis == "stated" else f"_{basis}"
    v_pores = v_particle - pt.solids
    dV = v_pores / pt.skeleton + 1
    main = pt.main
    out = [Figure(f"pore_volume{suffix}", "pore volume", Q_(v_pores / pt.grams, "cm**3/g"),
                  f"(V(particle) - V(solids)) / mass of the material, {at}", None, basis),
           Figure(f"dV{suffix}", f"ΔV = V_pores/V_{main.formula.text} + 1", _pct(dV),
                  f"pore volume / volume of {main.name} + 1 (An et al. 2019), {at}", None, basis)]
    sw = lithiation.swelling(main.formula.text)
    if sw is not None:
        per_host = Q_(sw.x_at(dV) * lithiation.FARADAY_MAH / main.molar_mass.magnitude, "mAh/g")
        w = pt.n_main * main.molar_mass.magnitude / pt.grams
        out.append(Figure(f"capacity_volume_limited{suffix}", "volume-limited capacity", per_host * w,
                          f"x in Li_x{main.formula.text} at which the lithiated host fills the pores "
                          f"(V/V0 = ΔV, at most {sw.lithiated}), × F/M × its mass fraction, {at}; {sw.how}",
                          "capacity", basis))
        out.append(Figure(f"capacity_volume_limited_per_g_{main.formula.text}{suffix}",
                          f"volume-limited capacity per g of {main.formula.text}", per_host,
                          f"as the volume-limited capacity, per gram of {main.formula.text}, {at}", None, basis))
    return out


def _capacity(stream, notes: list) -> tuple[Figure, ...]:
    """Σ w_i × x_i F / M_i over the hosts of the material; the carbon's share on its own."""
    grams = stream.mass_g()
    total, parts, out, inactive = 0.0, [], [], []
    for pd, n in stream.items():
        host = lithiation.host(pd.formula.text) if len(pd.formula.elements) == 1 else None
        if host is None:
            inactive.append(pd.name)
            continue
        w = n * pd.molar_mass.magnitude / grams
        share = host.capacity.magnitude * w
        total = total + share
        why = f"assumption: {' '.join(host.assumption.split())}" if host.assumption else host.source
        parts.append(f"{pd.name} -> {host.lithiated} {host.capacity.magnitude:.0f} mAh/g [{why}]")
        if pd.formula.text == "C":
            out.append(Figure("capacity_carbon_share", "carbon's share of the theoretical capacity",
                              Q_(share, "mAh/g"), f"w(C) × {host.capacity.magnitude:.0f} mAh/g ({host.lithiated}) "
                              f"[{why}]"))
    if not parts:
        notes.append("no theoretical capacity: no lithiation host (Si, C) in the material")
        return ()
    rest = f"; {', '.join(inactive)} counted as inactive" if inactive else ""
    return (Figure("capacity_theoretical", "theoretical capacity of the composite", Q_(total, "mAh/g"),
                   "Σ mass fraction × x F/M of each host: " + "; ".join(parts) + rest, "capacity"), *out)


def _pct(fraction):
    return Q_(np.asarray(fraction, dtype=float) * 100 if np.ndim(fraction) else float(fraction) * 100, "percent")


def _fmt_pct(fraction) -> str:
    value = np.ravel(np.asarray(fraction, dtype=float))
    lo, hi = value.min() * 100, value.max() * 100
    return f"{lo:.4g} %" if lo == hi else f"{lo:.4g} to {hi:.4g} %"


def as_json(found: tuple[Product, ...]) -> dict:
    """``products`` of ``synth scale --json``: material -> composition, figures and reported values, each a
    quantity ``{"value", "unit"}`` with its label and how it was computed (or its source)."""
    from .units import to_json

    def figure(f: Figure) -> dict:
        return {**to_json(f.value), "label": f.label, "basis": f.basis, "how": f.how, "compare": f.compare}

    out = {}
    for p in found:
        cited = any(f.key.startswith("capacity") for f in p.figures)
        out[p.material] = {
            "step": p.step, "mass": to_json(p.mass.to("g")),
            "composition": {f.key[2:-1]: figure(f) for f in p.composition},
            "figures": {f.key: figure(f) for f in p.figures},
            "reported": {r.key: {**to_json(r.value), "label": r.label, "source": r.source, "where": r.where}
                         for r in p.reported},
            "notes": list(p.notes),
            "references": lithiation.references() if cited else {},
        }
    return out
