"""Drying on its own: the liquids of a wet solid evaporated at a set temperature.

Every liquid (``l``) in the stream leaves as its vapour; the heat is the solid's sensible heat from 25 °C
plus each liquid's heat from liquid at 25 °C to vapour at T. Dissolved species (``aq``) cannot dry to a
known solid here: they stay, with a warning (wash the cake first, or declare their crystallisation).

Recipe fields: ``from`` (default: the previous step's solid), ``conditions`` (T, hold), ``equipment``
(name, capacity of one material per run), ``material``.
"""

from __future__ import annotations

from ..recipe import Spec
from ..stream import Stream
from .base import Context, Heat, StepResult, charge_heat, thermal_duties
from .equipment import capacity_runs
from .separation import evaporation_heat, vapour_of


def run(spec: Spec, ctx: Context) -> StepResult:
    """One drying step for a batch."""
    cond = spec.sub("conditions")
    T = cond.temperature()
    hold = cond.seconds("hold")
    wet = ctx.stream(spec)
    liquids = wet.select(("l",))
    dried = wet.without(("l", "g"))
    vapour = Stream.of([(vapour_of(ctx.db, pd), n) for pd, n in liquids.items()] + list(wet.select(("g",)).items()))
    q_solid, warnings = charge_heat(dried, T, ctx.db, where=cond)
    q_evap = sum(evaporation_heat(ctx.db, pd, n, T) for pd, n in liquids.items())
    warnings += [f"{pd.name} stays in the dried solid: synth does not know what it crystallises as; wash the cake "
                 "first or declare its crystallisation in an earlier step" for pd, _ in wet.select(("aq",)).items()]
    parts = {"solid to set-point": q_solid, "evaporation": q_evap}
    loads = {"charge": wet.mass_g(), **{pd.formula.text: n * pd.molar_mass.magnitude for pd, n in dried.items()}}
    name, runs, why = capacity_runs(spec, loads)
    return StepResult(
        id=spec.text("id"), type="dry", title=spec.text("title", spec.text("id")), T_K=T,
        inputs={"carried": wet}, outputs={"solid": dried, "vapour": vapour},
        heat=Heat(parts, duties=thermal_duties(parts, T)),
        runs=runs, time_s=runs * hold,
        equipment=name, materials={"solid": spec.text("material")} if spec.has("material") else {},
        warnings=tuple(warnings), figures={"runs_basis": why},
    )
