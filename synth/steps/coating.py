"""Polydopamine coating and carbonization (AMPSi -> AMPSi@C).

The paper's coating batch (0.4 g AMPSi, 0.48 g Tris, 0.6 g dopamine hydrochloride, 400 mL water) is
scaled by the AMPSi that reaches this step. Dopamine polymerizes with dissolved O2 (the declared
``polymerization`` reaction); only part of the polydopamine (PDA) deposits on the particles, the rest
leaves with the filtrate. The deposited fraction is not measured in the paper: it is derived from the
measured carbon content of the product (``carbon_content``) and the declared ``carbonization`` reaction,
and reported. Carbonization runs in a furnace under a purge gas (``purge``: flow and composition).
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..recipe import Spec
from ..stream import Stream
from ..units import Q_, STP_MOLAR_VOLUME
from ..vector import anywhere, fmt, maximum, ratio
from .base import (
    CONDENSED,
    Context,
    Gas,
    Heat,
    Heater,
    StepResult,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    runs_for,
    thermal_duties,
)
from .equipment import run_time, schedule, time_figures, unit_of


def run(spec: Spec, ctx: Context) -> StepResult:
    """The coating step for a batch."""
    solid_in = ctx.stream(spec)
    basis_g = spec.magnitude("charge_basis", "mass", "g")
    factor = solid_in.mass_g() / basis_g
    fresh, labels = _scaled_feeds(spec, ctx, factor)
    poly = spec.sub("polymerization")
    T_poly = poly.temperature()
    solution, done_p, demand = apply(fresh, declared_reactions(poly), T_poly, ctx.db, dosed=("O2",))
    oxygen = Stream.of([(ctx.db.get(name), n) for name, n in demand.items()])
    carb = spec.sub("carbonization")
    reactions = declared_reactions(carb)
    pda = ctx.db.get(reactions[0].limiting)
    carbon = ctx.db.get(carb.text("carbon", "C(am)"))
    per_pda = _carbon_per_unit(reactions[0], carbon)
    w = spec.fraction("carbon_content")
    n_carbon = solid_in.mass_g() * w / (1 - w) / carbon.molar_mass.magnitude
    need = n_carbon / (per_pda * reactions[0].conversion)
    made = solution.amount(pda.name)
    if anywhere(need > made * (1 + 1e-12)):
        raise spec.error("carbon_content", f"{fmt(w, '.1%')} carbon needs {fmt(need, '.4g')} mol PDA "
                         f"but the dopamine charged gives {fmt(made, '.4g')} mol; raise the dopamine or lower "
                         "carbon_content")
    deposited = Stream.of([(pda, need)])
    filtrate = solution + Stream.of([(pda, -need)])
    T = carb.sub("conditions").temperature()
    coated = solid_in + deposited
    product, done_c, _ = apply(coated, reactions, T, ctx.db)
    solid = product.select(CONDENSED)
    released = product.select(("g",))
    sched = schedule(carb, ctx, T, {"charge": coated.mass_g(), **{pd.formula.text: n * pd.molar_mass.magnitude
                                                                   for pd, n in solid.items()}})
    vessel_runs, vessel = _vessel_runs(spec, fresh)
    runs = maximum(sched.runs, vessel_runs)
    purge = _purge(carb, ctx, runs * sched.per_run)
    q_charge, w1 = charge_heat(coated + purge, T, ctx.db, where=carb.sub("conditions"))
    q_poly, w2 = reaction_heat(done_p, T_poly, ctx.db)
    q_carb, w3 = reaction_heat(done_c, T, ctx.db)
    poly_time = poly.seconds("hold")
    occupancy = (run_time("polymerization", vessel, runs, {"hold": poly_time}, poly, unit_of(poly)),
                 run_time("carbonization", sched.equipment, runs, sched.parts, carb.sub("conditions"), unit_of(carb)))
    parts = {"charge to set-point": q_charge,
             **({} if w2 else {"polymerization": q_poly}), **({} if w3 else {"carbonization": q_carb})}
    return StepResult(
        id=spec.text("id"), type="coating", title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"carried": solid_in, "feed": fresh, "air": oxygen, "purge": purge},
        outputs={"solid": solid, "filtrate": filtrate, "offgas": released + purge},
        heat=Heat(parts, duties=thermal_duties(parts, T, Heater.of(carb), {"polymerization": T_poly})),
        runs=runs, time_s=sum(rt.total_s for rt in occupancy), equipment=f"{vessel}; {sched.equipment}",
        materials={"solid": spec.text("material")} if spec.has("material") else {}, labels=labels,
        reactions_mol=tuple((r.equation.text, x) for r, x in done_p + done_c),
        gases=_gases(released, runs * sched.hold, purge, runs * sched.per_run),
        warnings=tuple(w1 + w2 + w3),
        figures={"deposited_fraction": ratio(need, made), "scale_from_paper": factor,
                 "carbon_content": Q_(w * 100, "wt_percent"), **sched.figures(), **time_figures(occupancy),
                 **{f"purge {pd.formula.text}": Q_(n, "mol") for pd, n in purge.items()}},
        run_times=occupancy,
    )


def _gases(released: Stream, hold_s: float, purge: Stream, purge_s: float) -> tuple[Gas, ...]:
    """The off-gas species: what carbonization releases over the holds plus the purge that flows through the
    furnace over every run (forming gas: its H2 is a flammable gas on the sheet); the peak rate is both at once."""
    return tuple(replace(Gas.of(pd, n, None), peak_rate_mol_s=ratio(released.amount(pd.name), hold_s)
                         + ratio(purge.amount(pd.name), purge_s)) for pd, n in (released + purge).items())


def _scaled_feeds(spec: Spec, ctx: Context, factor: float) -> tuple[Stream, dict[str, str]]:
    """The paper's coating feeds times ``factor`` (masses or liquid volumes), and their recipe names."""
    items, labels = [], {}
    for name, feed in spec.items("feeds"):
        pd = ctx.db.get(feed.text("species", name))
        if feed.has("volume"):
            if pd.density is None:
                raise feed.error("volume", f"{pd.name} has no density in the species data; give its mass")
            grams = feed.derived("volume", ("g", pd.density.magnitude, str(pd.density.units)),
                                 lambda: (feed.positive("volume", "volume") * pd.density).to("g").magnitude)  # noqa: B023 - called at once
        else:
            grams = feed.magnitude("mass", "mass", "g")
        items.append((pd, grams / pd.molar_mass.magnitude * factor))
        labels[pd.name] = name
    return Stream.of(items), labels


def _carbon_per_unit(reaction, carbon) -> float:
    """mol of carbon per mol of the limiting reactant in the declared carbonization."""
    coef = {t.formula: t.coefficient for t in reaction.equation.products}
    limiting = next(t for t in reaction.equation.reactants if t.formula.text == reaction.limiting)
    if carbon.formula not in coef:
        raise InputError(f"carbonization {reaction.equation.text!r} makes no {carbon.formula.text}")
    return coef[carbon.formula] / limiting.coefficient


def _vessel_runs(spec: Spec, fresh: Stream) -> tuple[int, str]:
    """Runs of the coating vessel, limited by its volume against the water charged."""
    if not spec.has("vessel"):
        return 1, "coating vessel (no limit given)"
    vessel = spec.sub("vessel")
    volume = vessel.magnitude("volume", "volume", "mL")
    water = sum(n * pd.molar_mass.magnitude / pd.density.to("g/mL").magnitude
                for pd, n in fresh.items() if pd.phase == "l" and pd.density is not None)
    return runs_for(water, volume), f"{vessel.text('name')} ({fmt(volume / 1000)} L)"


def _purge(carb: Spec, ctx: Context, seconds: float) -> Stream:
    """Purge gas passed through the furnace: flow at STP × time, split by ``composition`` (mole fractions)."""
    if not carb.has("purge"):
        return Stream()
    purge = carb.sub("purge")
    flow = purge.magnitude("flow", "flow", "L/s")
    total = flow * seconds / STP_MOLAR_VOLUME.to("L/mol").magnitude
    comp = purge.sub("composition")
    fractions = {name: comp.fraction(name) for name in comp.data}
    if anywhere(abs(sum(fractions.values()) - 1) > 1e-6):
        raise comp.error(None, f"mole fractions add up to {fmt(sum(fractions.values()))}, not 1")
    return Stream.of([(ctx.db.get(name), total * x) for name, x in fractions.items()])
