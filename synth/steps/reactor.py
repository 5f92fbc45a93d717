"""A generic reactor: a stirred or fixed vessel with feeds, inerts, a dosed reactant and declared reactions.

Feeds and inerts are charged at the batch scale (an inert, such as a NaCl heat scavenger, takes part in no
reaction but is heated with the charge and counts in the adiabatic balance). The dosed reactant is supplied
to what the reactions consume times (1 + excess), as a pure substance or as a solution at a stated strength
(mol/L, wt% or mol/kg, read as the leach step's acid is: :mod:`.solution`). The vessel leaves its ``contents``
(everything condensed, unseparated, cooled to 25 °C: a ``filter`` step splits them) and its ``offgas``.

Recipe fields: ``from`` (optional), ``feeds``, ``inerts`` (same form as feeds), ``dosing`` (``species``,
``excess``, ``time``, optional strength: ``concentration``, ``molality`` or ``mass_fraction``, and ``density``),
``reactions``, ``conditions`` (T, hold, ...), ``vessel`` (``name``, working ``volume``: runs from the volume of
the condensed charge), ``material`` (names the contents).
"""

from __future__ import annotations

from ..recipe import Spec
from ..stream import Stream
from ..units import Q_
from ..vector import fmt
from . import solution
from .base import (
    T_AMBIENT,
    Context,
    Gas,
    Heat,
    StepResult,
    adiabatic,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    rephase,
    runs_for,
    thermal_duties,
)
from .furnace import feeds
from .runaway import scenario
from .separation import WATER


def run(spec: Spec, ctx: Context) -> StepResult:
    """One reactor step for a batch."""
    cond = spec.sub("conditions")
    T = cond.temperature()
    hold = cond.seconds("hold")
    fresh, labels = feeds(spec, ctx)
    inert, inert_labels = feeds(spec, ctx, "inerts")
    carried = ctx.stream(spec) if spec.has("from") else Stream()
    charge = rephase(fresh + inert + carried, T, ctx.db)
    dose = spec.sub("dosing") if spec.has("dosing") else None
    dosed_pd = ctx.db.get(dose.text("species")) if dose else None
    reactions = declared_reactions(spec)
    if dosed_pd and not any(t.formula == dosed_pd.formula for r in reactions for t in r.equation.reactants):
        raise dose.error("species", f"{dosed_pd.name} is a reactant of no declared reaction, so nothing doses it: "
                                    "add the reaction, or charge it as a feed")
    after, done, demand = apply(charge, reactions, T, ctx.db, (dosed_pd.formula.text,) if dosed_pd else ())
    dosed, dose_s = _dosed(dose, ctx, dosed_pd, demand)
    leftover = dosed + Stream.of([(dosed_pd, -demand.get(dosed_pd.name, 0.0))]) if dosed_pd else Stream()
    contents = after.without(("g",)) + leftover.without(("g",))
    gases = after.select(("g",)) + leftover.select(("g",))
    q_in, warn1 = charge_heat(fresh + inert + carried + dosed, T, ctx.db, where=cond)
    q_r, warn2 = reaction_heat(done, T, ctx.db)
    rise, _ = adiabatic(q_r, contents, T)
    failure = scenario(q_r, contents, T, ctx, cond)
    parts = {"charge to set-point": q_in, "reaction": q_r}
    volume_L, unsized = _volume(contents)
    runs, vessel, why = _vessel(spec, volume_L)
    warnings = warn1 + warn2 + ([f"the vessel fill leaves out {', '.join(unsized)} (no density in the species data)"]
                                if unsized and spec.has("vessel") else [])
    return StepResult(
        id=spec.text("id"), type="reactor", title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"feed": fresh + inert, "carried": carried, "dosed": dosed},
        outputs={"contents": rephase(contents, T_AMBIENT, ctx.db), "offgas": gases},  # cooled to 25 °C
        heat=Heat(parts, rise, duties=thermal_duties(parts, T), runaway=failure),
        runs=runs, time_s=runs * (dose_s + hold), equipment=vessel,
        materials={"contents": spec.text("material")} if spec.has("material") else {},
        labels={**labels, **inert_labels},
        reactions_mol=tuple((r.equation.text, x) for r, x in done),
        gases=tuple(Gas.of(pd, n, dose_s if dose is not None else hold, runs) for pd, n in gases.items()),
        warnings=tuple(warnings),
        figures={"runs_basis": why, "contents_volume": Q_(volume_L, "L"), "hold": Q_(hold, "s").to("h"),
                 **({"dosed_demand": Q_(demand.get(dosed_pd.name, 0.0), "mol")} if dosed_pd else {})},
    )


def _dosed(dose: Spec | None, ctx: Context, pd, demand: dict) -> tuple[Stream, float]:
    """(dosed stream, dosing time [s]) for the demand times (1 + excess), with its water if a solution."""
    if dose is None:
        return Stream(), 0.0
    excess = dose.excess("excess")
    n = demand.get(pd.name, 0.0) * (1 + excess)
    seconds = dose.seconds("time")
    strength = solution.read(dose, "dosed reactant", required=False)
    if strength is None:
        return Stream.of([(pd, n)]), seconds
    water = ctx.db.get(WATER)
    made = solution.make_up(n, strength.value, pd, water, density=strength.density)
    return Stream.of([(pd, made.solute), (water, made.water)]), seconds


def _volume(contents: Stream) -> tuple[float, list[str]]:
    """Volume [L] of the condensed contents: Σ m/ρ of the species with a density (water included; a solute's
    partial volume is neglected, as in :func:`.solution.make_up`), and the names of those without one."""
    volume, unsized = 0.0, []
    for pd, n in contents.items():
        if pd.phase == "aq":
            continue
        if pd.density is None:
            unsized.append(pd.name)
            continue
        volume = volume + n * pd.molar_mass.magnitude / pd.density.to("g/L").magnitude
    return volume, unsized


def _vessel(spec: Spec, volume_L: float) -> tuple[int, str, str]:
    """Runs from the vessel's working volume against the contents' volume."""
    if not spec.has("vessel"):
        return 1, "unspecified", "no vessel volume given"
    vessel = spec.sub("vessel")
    vol = vessel.magnitude("volume", "volume", "L")
    return (runs_for(volume_L, vol), vessel.text("name"),
            f"contents {fmt(volume_L, '.4g')} L / {fmt(vol, '.4g')} L working volume")
