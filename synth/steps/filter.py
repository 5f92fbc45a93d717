"""Filtration on its own: a slurry split into a washed wet cake and the filtrate (see :mod:`.separation`).

Recipe fields: ``from`` (default: the previous step's ``contents``, what a ``reactor`` leaves), ``wash``
(``water``: volume per g of filtered solid), ``moisture`` (water in the wet cake, mass fraction), ``hold``
(time per run), ``equipment`` (name, volume, solids_loading), ``material`` (names the wet cake).
"""

from __future__ import annotations

from ..recipe import Spec
from ..units import Q_
from .base import Context, Heat, StepResult
from .equipment import vessel_runs
from .separation import WATER, split, wash_water, wet_cake


def run(spec: Spec, ctx: Context) -> StepResult:
    """One filtration for a batch."""
    slurry = ctx.stream(spec, default="contents")
    parts = split(slurry)
    wash = wash_water(spec, ctx.db, parts.solid)
    cake, filtrate = wet_cake(spec, ctx.db.get(WATER), parts.solid, parts.liquid + wash)
    hold = spec.positive("hold", "time", None)
    seconds = 0.0 if hold is None else hold.to("s").magnitude
    volume_L = sum(n * pd.molar_mass.magnitude / pd.density.to("g/L").magnitude
                   for pd, n in (parts.liquid + wash).items() if pd.density is not None)
    name, runs, why = vessel_runs(spec, volume_L, parts.solid.mass_g(), "filtrate")
    return StepResult(
        id=spec.text("id"), type="filter", title=spec.text("title", spec.text("id")), T_K=298.15,
        inputs={"carried": slurry, "wash": wash},
        outputs={"solid": cake, "filtrate": filtrate, "offgas": parts.gas},
        heat=Heat({}), runs=runs, time_s=runs * seconds, equipment=name,
        materials={"solid": spec.text("material")} if spec.has("material") else {},
        figures={"runs_basis": why, "filtrate_volume": Q_(volume_L, "L")},
    )
