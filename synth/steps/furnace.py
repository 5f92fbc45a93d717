"""Furnace steps: solids (and fresh feeds) held at a set-point, with declared reactions and a gas.

Serves alloying (2 Mg + Si -> Mg2Si, sealed), nitridation (3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2 in flowing
N2) and vacuum distillation (Mg2Si -> 2 Mg(g) + Si, the Mg condensed and recovered).

Recipe fields: ``feeds`` (fresh materials, scaled with the batch), ``from`` (default: the previous step's
solids), ``gas`` (species, excess over demand, flow), ``reactions``, ``conditions`` (T, hold, ramp, cool,
P, atmosphere), ``condense`` (species, recovery), ``equipment`` (name, capacity of one material per run),
``material`` (the name of the solid product).
"""

from __future__ import annotations

from ..recipe import Spec
from ..species import PhaseData
from ..stream import Stream
from ..vector import worst
from .base import (
    CONDENSED,
    T_AMBIENT,
    Context,
    Gas,
    Heat,
    Heater,
    StepResult,
    adiabatic,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    rephase,
    thermal_duties,
)
from .equipment import run_time, schedule, time_figures, unit_of
from .runaway import scenario

RUNAWAY_MARGIN = 50.0  # K of possible adiabatic rise above which a furnace step warns


def feeds(spec: Spec, ctx: Context, key: str = "feeds") -> tuple[Stream, dict[str, str]]:
    """Fresh materials of a step at the batch scale (``{NAME: {species: Si(cr), mass: {...}}}`` under ``key``),
    and the recipe's name of each (species name -> NAME)."""
    items, labels = [], {}
    for name, feed in spec.items(key):
        pd = ctx.db.get(feed.text("species", name))
        if feed.has("mass"):
            mol = feed.derived("mass", ("mol", pd.molar_mass.magnitude),
                               lambda: (feed.positive("mass", "mass") / pd.molar_mass).to("mol").magnitude)  # noqa: B023 - called at once
        else:
            mol = feed.magnitude("amount", "amount", "mol")
        items.append((pd, mol * ctx.scale))
        labels[pd.name] = name
    return Stream.of(items), labels


def run(spec: Spec, ctx: Context) -> StepResult:
    """One furnace step for a batch."""
    cond = spec.sub("conditions")
    T = cond.temperature()
    fresh, labels = feeds(spec, ctx)
    carried = ctx.stream(spec) if spec.has("from") or ctx.previous else Stream()
    charge = rephase(fresh + carried, T, ctx.db)
    reactions = declared_reactions(spec)
    gas_pd, excess = _gas(spec, ctx)
    dosed = (gas_pd.formula.text,) if gas_pd else ()
    after, done, demand = apply(charge, reactions, T, ctx.db, dosed)
    supplied = Stream.of([(gas_pd, demand.get(gas_pd.name, 0.0) * (1 + excess))]) if gas_pd else Stream()
    unused = Stream.of([(gas_pd, demand.get(gas_pd.name, 0.0) * excess)]) if gas_pd else Stream()
    solids, gases = after.select(CONDENSED), after.select(("g",)) + unused
    recovered, gases = _condense(spec, ctx, gases)
    sched = schedule(spec, ctx, T, {"charge": charge.mass_g(), **_masses(charge), **_masses(solids)})
    heat_in, warn1 = charge_heat(fresh + carried + supplied, T, ctx.db, where=cond)
    q_r, warn2 = reaction_heat(done, T, ctx.db)
    rise, _ = adiabatic(q_r, solids, T)
    failure = scenario(q_r, solids, T, ctx, cond)
    parts = {"charge to set-point": heat_in, "reaction": q_r}
    outputs = {"solid": rephase(solids, T_AMBIENT, ctx.db), "offgas": gases}  # cooled: Mg(l) leaves as Mg(cr)
    if recovered:
        outputs["recovered"] = recovered
    hold = sched.hold
    occupancy = run_time(spec.text("id"), sched.equipment, sched.runs, sched.parts, spec.sub("conditions"),
                         unit_of(spec))
    return StepResult(
        id=spec.text("id"), type="furnace", title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"feed": fresh, "carried": carried, "gas": supplied},
        outputs=outputs,
        heat=Heat(parts, rise, duties=thermal_duties(parts, T, Heater.of(spec)), runaway=failure),
        runs=sched.runs, time_s=occupancy.total_s, equipment=sched.equipment,
        materials=_materials(spec), labels=labels,
        reactions_mol=tuple((r.equation.text, x) for r, x in done),
        gases=tuple(Gas.of(pd, n, hold, sched.runs) for pd, n in gases.items()),
        warnings=tuple(warn1 + warn2 + _runaway(rise, failure)),
        figures={**sched.figures(), **time_figures([occupancy]), **({"gas_excess": excess} if gas_pd else {})},
        run_times=(occupancy,),
    )


def _runaway(rise: float | None, failure) -> list[str]:
    """A plain-words warning where the reaction heat alone could overheat the charge."""
    rise = worst(rise)
    if rise is None or failure is None or not rise >= RUNAWAY_MARGIN:
        return []
    return [f"the reaction heat would raise the charge by {rise:.0f} K at constant cp (screening); if it were not "
            f"removed the charge would reach {failure.stop}; Stoessel class {worst(failure.criticality)}: control "
            "the ramp and the charge depth"]


def _gas(spec: Spec, ctx: Context) -> tuple[PhaseData | None, float]:
    if not spec.has("gas"):
        return None, 0.0
    gas = spec.sub("gas")
    pd = ctx.db.get(gas.text("species"))
    if pd.phase != "g":
        raise gas.error("species", f"{pd.name} is not a gas")
    excess = gas.excess("excess")
    return pd, excess


def _condense(spec: Spec, ctx: Context, gases: Stream) -> tuple[Stream, Stream]:
    """Gases condensed and recovered as solid (``condense: {species: Mg, recovery: ...}``)."""
    if not spec.has("condense"):
        return Stream(), gases
    cond = spec.sub("condense")
    target = ctx.db.get(cond.text("species"), 298.15)
    recovery = cond.fraction("recovery")
    items_rec, items_gas = [], []
    for pd, n in gases.items():
        if pd.formula == target.formula:
            items_rec.append((target, n * recovery))
            items_gas.append((pd, n * (1 - recovery)))
        else:
            items_gas.append((pd, n))
    return Stream.of(items_rec), Stream.of(items_gas)


def _masses(stream: Stream) -> dict[str, float]:
    out: dict[str, float] = {}
    for pd, n in stream.items():
        out[pd.formula.text] = out.get(pd.formula.text, 0.0) + n * pd.molar_mass.magnitude
    return out


def _materials(spec: Spec) -> dict[str, str]:
    return {"solid": spec.text("material")} if spec.has("material") else {}

