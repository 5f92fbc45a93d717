"""Acid leaching with filtration, washing and drying (the AMPSi step).

The solids from the previous step meet dilute acid dosed at a stated excess over what the declared
reactions consume. Mg3N2 gives MgCl2 and NH4Cl into the liquor; free Mg gives H2; Mg2Si left for the acid
gives SiH4 (pyrophoric, flagged). The insoluble solid is filtered, washed and dried: it is the step's
``material`` (AMPSi).

The acid's strength is read as every dosed solution's is (:mod:`.solution`): ``concentration`` (mol/L, wt% or
mol/kg), ``molality`` or ``mass_fraction``, with the solution's ``density`` (sourced) converting between them
and the volume. Without a density a mol/L solution's water is its volume times the density of water at the
leach temperature (Kell 1975), the acid's partial molar volume neglected (under 2 % of the volume at 1 M).
``purchased`` is the grade the acid is bought as (37 wt% HCl): the batch takes that much solution plus the
dilution water.
"""

from __future__ import annotations

from functools import cache

from ..recipe import Spec
from ..species import SpeciesDB, gibbs_crossing
from ..stream import Stream
from ..units import Q_
from ..vector import fmt, worst
from . import solution
from .base import (
    Context,
    Gas,
    Heat,
    StepResult,
    adiabatic,
    apply,
    declared_reactions,
    reaction_heat,
    thermal_duties,
)
from .equipment import run_time, time_figures, unit_of, vessel_runs
from .runaway import scenario
from .separation import WATER, evaporation_heat, moisture, split, wash_water
from .solution import water_density


def run(spec: Spec, ctx: Context) -> StepResult:
    """One leaching step for a batch."""
    cond = spec.sub("conditions")
    T = cond.temperature()
    solids_in = ctx.stream(spec)
    acid = spec.sub("acid")
    acid_pd = ctx.db.get(acid.text("species"))
    if acid_pd.formula.text == "H2O":
        raise acid.error("species", "water is not an acid: wash with a `wash` step (solvent, filter, moisture)")
    excess = acid.excess("excess")
    reactions = declared_reactions(spec)
    after, done, demand = apply(solids_in, reactions, T, ctx.db, dosed=(acid_pd.formula.text,))
    n_acid = demand.get(acid_pd.name, 0.0) * (1 + excess)
    water = ctx.db.get("H2O(l)")
    made, strength = _acid_solution(acid, n_acid, acid_pd, water, T)
    volume_L, n_water = made.volume_L, made.water
    bought = solution.purchased(acid, "acid", n_acid * acid_pd.molar_mass.magnitude, made.water_g)
    acid_in = Stream.of([(acid_pd, n_acid), (water, n_water)])
    phases = split(after)
    solid = phases.solid
    liquor = phases.liquid + Stream.of([(acid_pd, n_acid - demand.get(acid_pd.name, 0.0)), (water, n_water)])
    gases = phases.gas
    q_r, warn = reaction_heat(done, T, ctx.db)
    rise, _ = adiabatic(q_r, liquor + solid, T)  # the wash comes after the reaction: it is no heat sink
    failure = scenario(q_r, liquor + solid, T, ctx, cond)
    wash_in = wash_water(spec, ctx.db, solid, water_density(T) / 1000.0)
    n_moist = moisture(spec.sub("drying"), water, solid) if spec.has("drying") else 0.0
    vapour = Stream.of([(ctx.db.get("H2O(g)"), n_moist)])
    liquor = liquor + wash_in + Stream.of([(water, -n_moist)])
    drying_heat = _drying_heat(spec, ctx, n_moist)
    parts = {"reaction": q_r, "drying": drying_heat}
    dosing = acid.seconds("dosing")
    hold = cond.seconds("hold")
    name, runs, why = vessel_runs(spec, volume_L, solids_in.mass_g(), "acid")
    occupancy = _occupancy(spec, name, runs, dosing, hold)
    boiling = water_boiling_point(ctx.db)
    warnings = list(warn)
    mtsr = None if failure is None else worst(failure.mtsr)  # None: not exothermic at any grid point
    if mtsr is not None and mtsr > boiling:
        warnings.append(f"if all the solid went into the acid at once the reaction heat (ΔT_ad {worst(rise):.0f} K at "
                        f"constant cp) would bring the liquor to its boiling point ({boiling - 273.15:.0f} °C): "
                        f"{failure.stop}; dose the solid slowly (over {fmt(dosing / 3600)} h or more) with cooling")
    return StepResult(
        id=spec.text("id"), type="acid_leach", title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"carried": solids_in, "acid": acid_in, "wash": wash_in},
        outputs={"solid": solid, "liquor": liquor, "offgas": gases, "vapour": vapour},
        heat=Heat(parts, rise, duties=thermal_duties(parts, T, levels=_drying_level(spec)), runaway=failure),
        runs=runs, time_s=sum(rt.total_s for rt in occupancy), equipment=name,
        materials={"solid": spec.text("material")} if spec.has("material") else {},
        reactions_mol=tuple((r.equation.text, x) for r, x in done),
        gases=tuple(Gas.of(pd, n, dosing, runs) for pd, n in gases.items()),
        warnings=tuple(warnings),
        figures={"acid_demand": Q_(demand.get(acid_pd.name, 0.0), "mol"), "acid_charged": Q_(n_acid, "mol"),
                 "solution_volume": Q_(volume_L, "L"), "acid_concentration": strength, "acid_excess": excess, **bought,
                 "liquor_boiling_point": Q_(boiling, "K"), "runs_basis": why, "dosing_time": Q_(dosing, "s").to("h"),
                 **time_figures(occupancy)},
        run_times=occupancy,
    )


def _acid_solution(acid: Spec, n_acid, acid_pd, water, T: float) -> tuple[solution.Solution, object]:
    """(the made-up acid, its stated strength): the solution's volume sizes the reactor's runs, so a strength by
    mass (molality, mass fraction) needs the solution's density; a mol/L one without it takes the water at the
    leach temperature (Kell 1975)."""
    strength = solution.read(acid, "acid")
    if strength.kind != "concentration" and strength.density is None:
        label = "molality" if strength.kind == "molality" else "mass fraction"
        raise acid.error(strength.key, f"a {label} needs the solution's density to give its volume: add "
                                       "density: {q: '... g/mL', ref: KEY}")
    made = solution.make_up(n_acid, strength.value, acid_pd, water, density=strength.density,
                            water_gL=water_density(T))
    return made, strength.value


def _drying_heat(spec: Spec, ctx: Context, moisture: float) -> float:
    """Heat [J] to take the cake moisture from liquid at 25 °C to vapour at the drying temperature."""
    if not spec.has("drying"):
        return 0.0
    T = spec.sub("drying").temperature()
    return evaporation_heat(ctx.db, ctx.db.get(WATER), moisture, T)


def _occupancy(spec: Spec, name: str, runs, dosing: float, hold: float) -> tuple:
    """Per run: the reactor (dosing and stirring), then the dryer (its hold); the dryer is the reactor's unit
    unless ``drying`` names its own."""
    step_id, unit = spec.text("id"), unit_of(spec)
    leach = run_time(step_id, name, runs, {"dosing": dosing, "hold": hold}, spec.sub("conditions"), unit)
    if not spec.has("drying"):
        return (leach,)
    drying = spec.sub("drying")
    hold_s = drying.seconds("hold")
    return leach, run_time("drying", f"{name} (drying)", runs, {"hold": hold_s}, drying, unit_of(drying) or unit)


def _drying_level(spec: Spec) -> dict[str, float]:
    """The dryer's temperature [K]: the level of the drying duty."""
    return {"drying": spec.sub("drying").temperature()} if spec.has("drying") else {}


@cache
def _boiling(db: SpeciesDB) -> float:
    return gibbs_crossing(db.get("H2O(l)"), db.get("H2O(g)"), 300.0, 450.0)


def water_boiling_point(db: SpeciesDB) -> float:
    """Normal boiling point of water at 1 bar [K] from the species data (where G(l) = G(g))."""
    return _boiling(db)
