"""Acid leaching with filtration, washing and drying (the AMPSi step).

The solids from the previous step meet dilute acid dosed at a stated excess over what the declared
reactions consume. Mg3N2 gives MgCl2 and NH4Cl into the liquor; free Mg gives H2; Mg2Si left for the acid
gives SiH4 (pyrophoric, flagged). The insoluble solid is filtered, washed and dried: it is the step's
``material`` (AMPSi).

The acid's strength is one of ``concentration`` (mol/L), ``molality`` (mol/kg of water) or ``mass_fraction``
(wt%); ``density`` (the solution's, sourced) converts between them and the volume. Without a density a
mol/L solution's water is its volume times the density of water at the leach temperature (Kell 1975), the
acid's partial molar volume neglected (under 2 % of the volume at 1 M). ``purchased`` is the grade the acid is
bought as (37 wt% HCl): the batch takes that much solution plus the dilution water.
"""

from __future__ import annotations

from functools import cache

from ..errors import InputError
from ..recipe import Spec
from ..species import SpeciesDB, gibbs_crossing
from ..stream import Stream
from ..units import Q_
from ..vector import anywhere, fmt, maximum, worst
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


def run(spec: Spec, ctx: Context) -> StepResult:
    """One leaching step for a batch."""
    cond = spec.sub("conditions")
    T = float(cond.q("T", "temperature").magnitude)
    solids_in = ctx.stream(spec)
    acid = spec.sub("acid")
    acid_pd = ctx.db.get(acid.text("species"))
    if acid_pd.formula.text == "H2O":
        raise acid.error("species", "water is not an acid: wash with a `wash` step (solvent, filter, moisture)")
    excess = acid.q("excess", "dimensionless").to("dimensionless").magnitude
    if anywhere(excess < 0):
        raise acid.error("excess", f"must be 0 or more: with less acid than the reactions need the liquor turns "
                                   f"basic and the nitride gives NH3 (got {fmt(excess)})")
    reactions = declared_reactions(spec)
    after, done, demand = apply(solids_in, reactions, T, ctx.db, dosed=(acid_pd.formula.text,))
    n_acid = demand.get(acid_pd.name, 0.0) * (1 + excess)
    water = ctx.db.get("H2O(l)")
    volume_L, water_g, strength = _solution(acid, n_acid, acid_pd.molar_mass.magnitude, T)
    n_water = water_g / water.molar_mass.magnitude
    bought = _purchased(acid, n_acid * acid_pd.molar_mass.magnitude, water_g)
    acid_in = Stream.of([(acid_pd, n_acid), (water, n_water)])
    phases = split(after)
    solid = phases.solid
    liquor = phases.liquid + Stream.of([(acid_pd, n_acid - demand.get(acid_pd.name, 0.0)), (water, n_water)])
    gases = phases.gas
    q_r, warn = reaction_heat(done, T, ctx.db)
    rise, _ = adiabatic(q_r, liquor + solid, T)  # the wash comes after the reaction: it is no heat sink
    failure = scenario(q_r, liquor + solid, T, ctx)
    wash_in = wash_water(spec, ctx.db, solid, water_density(T) / 1000.0)
    n_moist = moisture(spec.sub("drying"), water, solid) if spec.has("drying") else 0.0
    vapour = Stream.of([(ctx.db.get("H2O(g)"), n_moist)])
    liquor = liquor + wash_in + Stream.of([(water, -n_moist)])
    drying_heat = _drying_heat(spec, ctx, n_moist)
    parts = {"reaction": q_r, "drying": drying_heat}
    dosing = acid.positive("dosing", "time").to("s").magnitude
    hold = cond.positive("hold", "time").to("s").magnitude
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
        id=spec.text("id"), type="acid_leach", title=spec.text("title", spec.text("id")), T=T,
        inputs={"carried": solids_in, "acid": acid_in, "wash": wash_in},
        outputs={"solid": solid, "liquor": liquor, "offgas": gases, "vapour": vapour},
        heat=Heat(parts, rise, None if failure is None else failure.reached,
                  duties=thermal_duties(parts, T, levels=_drying_level(spec)), runaway=failure),
        runs=runs, time=sum(rt.total for rt in occupancy), equipment=name,
        materials={"solid": spec.text("material")} if spec.has("material") else {},
        reactions=tuple((r.equation.text, x) for r, x in done),
        gases=tuple(Gas.of(pd, n, dosing) for pd, n in gases.items()),
        warnings=tuple(warnings),
        figures={"acid_demand": Q_(demand.get(acid_pd.name, 0.0), "mol"), "acid_charged": Q_(n_acid, "mol"),
                 "solution_volume": Q_(volume_L, "L"), "acid_concentration": strength, "acid_excess": excess, **bought,
                 "liquor_boiling_point": Q_(boiling, "K"), "runs_basis": why, "dosing_time": Q_(dosing, "s").to("h"),
                 **time_figures(occupancy)},
        run_times=occupancy,
    )


def _solution(acid: Spec, n_acid, molar_mass: float, T: float):
    """(volume [L], water [g], the stated strength) of the solution that holds ``n_acid`` mol of acid."""
    given = [k for k in ("concentration", "molality", "mass_fraction") if acid.has(k)]
    if len(given) != 1:
        raise acid.error(None, "give the acid's strength once, as concentration (mol/L), molality (mol/kg) or "
                               f"mass_fraction (wt%); found {', '.join(given) or 'none'}")
    density = acid.positive("density", "density", None)
    rho = None if density is None else density.to("g/L").magnitude
    acid_g = n_acid * molar_mass
    key = given[0]
    if key == "concentration":
        c = acid.positive(key, "concentration")
        volume = n_acid / c.to("mol/L").magnitude
        return volume, (volume * rho - acid_g if rho is not None else volume * water_density(T)), c
    if key == "molality":
        strength = acid.positive(key, "molality")
        water = n_acid / strength.to("mol/g").magnitude
    else:
        w = acid.fraction(key)
        if anywhere((w <= 0) | (w >= 1)):
            raise acid.error(key, f"a solution's mass fraction is between 0 and 100 %, not {fmt(w)}")
        strength = acid.q(key, "dimensionless")
        water = acid_g * (1 - w) / w
    if rho is None:
        raise acid.error(key, f"a {key.replace('_', ' ')} needs the solution's density to give its volume: add "
                              "density: {q: '... g/mL', ref: KEY}")
    return (acid_g + water) / rho, water, strength


def _purchased(acid: Spec, acid_g, water_g) -> dict:
    """The acid as bought (``purchased: {q: 37 wt%}``): the mass of that solution and the water that dilutes it to
    the charge [as figures]; none when the recipe does not say."""
    if not acid.has("purchased"):
        return {}
    w = acid.fraction("purchased")
    if anywhere(w <= 0):
        raise acid.error("purchased", "the purchased acid's strength must be above 0 wt%")
    solution = acid_g / w
    dilution = water_g - (solution - acid_g)
    if anywhere(dilution < -1e-9 * solution):
        raise acid.error("purchased", f"the charge is stronger than the purchased acid ({fmt(w * 100, '.4g')} wt%): "
                                      "buy a stronger grade or state a weaker charge")
    return {"purchased_grade": acid.q("purchased", "dimensionless"), "purchased_solution": Q_(solution, "g").to("kg"),
            "dilution_water": Q_(maximum(dilution, 0.0), "g").to("kg")}


def water_density(T: float) -> float:
    """Density of air-free water at 1 atm [g/L] at ``T`` [K], 0-150 °C: G. S. Kell, J. Chem. Eng. Data 20, 97
    (1975), eq. 16 (IPTS-68): 997.04 g/L at 25 °C, 958.36 at 100 °C (IAPWS-95: 997.05, 958.35).

    Examples
    --------
    >>> round(water_density(298.15), 2)
    997.04
    """
    t = T - 273.15
    if anywhere((t < 0) | (t > 150)):
        raise InputError(f"the density of water is known here for 0-150 °C (Kell 1975), not {fmt(t, '.4g')} °C")
    num = (999.83952 + 16.945176 * t - 7.9870401e-3 * t**2 - 46.170461e-6 * t**3 + 105.56302e-9 * t**4
           - 280.54253e-12 * t**5)
    return num / (1 + 16.879850e-3 * t)


def _drying_heat(spec: Spec, ctx: Context, moisture: float) -> float:
    """Heat [J] to take the cake moisture from liquid at 25 °C to vapour at the drying temperature."""
    if not spec.has("drying"):
        return 0.0
    T = float(spec.sub("drying").q("T", "temperature").magnitude)
    return evaporation_heat(ctx.db, ctx.db.get(WATER), moisture, T)


def _occupancy(spec: Spec, name: str, runs, dosing: float, hold: float) -> tuple:
    """Per run: the reactor (dosing and stirring), then the dryer (its hold); the dryer is the reactor's unit
    unless ``drying`` names its own."""
    step_id, unit = spec.text("id"), unit_of(spec)
    leach = run_time(step_id, name, runs, {"dosing": dosing, "hold": hold}, spec.sub("conditions"), unit)
    if not spec.has("drying"):
        return (leach,)
    drying = spec.sub("drying")
    hold_s = drying.positive("hold", "time").to("s").magnitude
    return leach, run_time("drying", f"{name} (drying)", runs, {"hold": hold_s}, drying, unit_of(drying) or unit)


def _drying_level(spec: Spec) -> dict[str, float]:
    """The dryer's temperature [K]: the level of the drying duty."""
    return {"drying": float(spec.sub("drying").q("T", "temperature").magnitude)} if spec.has("drying") else {}


@cache
def _boiling(db: SpeciesDB) -> float:
    return gibbs_crossing(db.get("H2O(l)"), db.get("H2O(g)"), 300.0, 450.0)


def water_boiling_point(db: SpeciesDB) -> float:
    """Normal boiling point of water at 1 bar [K] from the species data (where G(l) = G(g))."""
    return _boiling(db)
