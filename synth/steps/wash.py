"""Washing and dissolving: a solid meets water or a solvent (no acid); what dissolves goes to the filtrate.

What dissolves is declared, as a reaction with its conversion (``NaCl -> NaCl(aq)``), so the balance closes
and the heat of solution is counted. The insoluble solid is filtered (:mod:`.separation`: crystalline and
amorphous phases only), its wet cake holds the stated moisture of the solvent, and an optional dryer
evaporates that moisture. ``wash`` names the filtered solid as its ``material``; ``dissolve`` names the
filtrate (the solution is what the step makes).

Recipe fields: ``from`` (default: the previous step's solid), ``feeds`` (fresh solids), ``solvent``
(``species``, default H2O(l); ``ratio``, volume of solvent per g of solid charged), ``reactions``,
``conditions`` (T, hold), ``filter`` (``moisture``: mass fraction of the wet cake), ``drying`` (T, hold),
``equipment`` (name, volume, solids_loading), ``material``.
"""

from __future__ import annotations

from functools import partial

from ..recipe import Spec
from ..stream import Stream
from ..units import Q_
from ..vector import ratio
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
    thermal_duties,
)
from .equipment import vessel_runs
from .furnace import feeds
from .runaway import scenario
from .separation import evaporation_heat, split, vapour_of, wet_cake


def run(spec: Spec, ctx: Context, kind: str = "wash") -> StepResult:
    """One wash (or dissolution) for a batch."""
    cond = spec.sub("conditions")
    T = cond.temperature()
    hold = cond.seconds("hold")
    carried = ctx.stream(spec) if spec.has("from") or ctx.previous else Stream()
    fresh, labels = feeds(spec, ctx)
    charge = carried + fresh
    liquid, solvent, volume_L = _solvent(spec, ctx, charge)
    after, done, _ = apply(charge + solvent, declared_reactions(spec), T, ctx.db)
    phases = split(after)
    solid, filtrate = phases.solid, phases.liquid
    if spec.has("filter"):
        solid, filtrate = wet_cake(spec.sub("filter"), liquid, solid, filtrate)
    solid, vapour, q_dry, t_dry, T_dry = _dry(spec, ctx, liquid, solid)
    # at 25 °C the charge needs no heat, so a material without thermo data may be washed without a warning
    q_in, warn1 = charge_heat(charge + solvent, T, ctx.db, where=cond) if abs(T - T_AMBIENT) > 1e-9 else (0.0, [])
    q_r, warn2 = reaction_heat(done, T, ctx.db)
    rise, _ = adiabatic(q_r, after.without(("g",)), T)
    failure = scenario(q_r, after.without(("g",)), T, ctx, cond)
    parts = {"charge to set-point": q_in, "reaction": q_r, "drying": q_dry}
    name, runs, why = vessel_runs(spec, volume_L, charge.mass_g(), "solvent")
    material = "filtrate" if kind == "dissolve" else "solid"
    return StepResult(
        id=spec.text("id"), type=kind, title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"carried": carried, "feed": fresh, "solvent": solvent},
        outputs={"solid": solid, "filtrate": filtrate, "offgas": phases.gas, "vapour": vapour},
        heat=Heat(parts, rise, duties=thermal_duties(parts, T, levels={"drying": T_dry}), runaway=failure),
        runs=runs, time_s=runs * (hold + t_dry), equipment=name,
        materials={material: spec.text("material")} if spec.has("material") else {}, labels=labels,
        reactions_mol=tuple((r.equation.text, x) for r, x in done),
        gases=tuple(Gas.of(pd, n, hold, runs) for pd, n in phases.gas.items()),
        warnings=tuple(warn1 + warn2),
        figures={"solvent_volume": Q_(volume_L, "L"), "runs_basis": why, "hold": Q_(hold, "s").to("h"),
                 "dissolved_fraction": ratio(charge.mass_g() - phases.solid.mass_g(), charge.mass_g())},
    )


def _solvent(spec: Spec, ctx: Context, charge: Stream):
    """(solvent species, solvent charged, its volume [L]): ``solvent.ratio`` [mL/g] × the solid charged."""
    sol = spec.sub("solvent")
    liquid = ctx.db.get(sol.text("species", "H2O(l)"))
    if liquid.phase != "l":
        raise sol.error("species", f"{liquid.name} is not a liquid: a wash needs a liquid solvent (e.g. H2O(l))")
    if liquid.density is None:
        raise sol.error("species", f"{liquid.name} has no density in the species data: add one to convert the "
                                   "solvent's volume to a mass")
    per_g = sol.magnitude("ratio", "specific volume", "mL/g")
    volume_mL = per_g * charge.mass_g()
    grams = volume_mL * liquid.density.to("g/mL").magnitude
    return liquid, Stream.of([(liquid, grams / liquid.molar_mass.magnitude)]), volume_mL / 1000.0


def _dry(spec: Spec, ctx: Context, liquid, cake: Stream) -> tuple[Stream, Stream, float, float, float]:
    """(dried solid, vapour, heat [J], time [s], T [K]): ``drying`` evaporates the cake's solvent at its T."""
    if not spec.has("drying"):
        return cake, Stream(), 0.0, 0.0, T_AMBIENT
    drying = spec.sub("drying")
    T = drying.temperature()
    n = cake.amount(liquid.name)
    vapour = Stream.of([(vapour_of(ctx.db, liquid), n)])
    dried = cake + Stream.of([(liquid, -n)])
    hold = drying.seconds("hold")
    return dried, vapour, evaporation_heat(ctx.db, liquid, n, T), hold, T


dissolve = partial(run, kind="dissolve")
