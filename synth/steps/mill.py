"""Milling and classifying: a solid kept at a stated mass yield, the rest leaving as a named loss stream.

The loss has the composition of the feed (assumption: milling and classifying do not change composition,
only size). Milling energy is electricity: ``specific_energy`` per mass milled (e.g. kWh/t). No heat
balance is needed, so a material without thermodynamic data may pass.

Recipe fields: ``from`` (default: the previous step's solid), ``yield`` (mass fraction kept), ``loss``
(the loss stream's name, e.g. ``fines``, ``oversize``, ``dust``), ``specific_energy``, ``hold`` (time per
run), ``equipment`` (name, capacity), ``material``.
"""

from __future__ import annotations

from functools import partial

from ..recipe import Spec
from .base import T_AMBIENT, Context, Duty, Heat, StepResult
from .equipment import capacity_runs

KEPT = "solid"


def run(spec: Spec, ctx: Context, kind: str = "mill") -> StepResult:
    """One milling (or classifying) step for a batch."""
    feed = ctx.stream(spec)
    kept = spec.fraction("yield")
    loss = spec.text("loss")
    if loss in (KEPT, "carried"):
        raise spec.error("loss", f"name the loss stream for what it is (fines, oversize, dust), not {loss!r}")
    grams = feed.mass_g()
    energy = spec.positive("specific_energy", "specific energy", None)
    joules = 0.0 if energy is None else energy.to("J/g").magnitude * grams
    duties = (Duty("milling", "electricity", joules, T_AMBIENT),) if energy is not None else ()
    hold = spec.positive("hold", "time", None)
    name, runs, why = capacity_runs(spec, {"charge": grams, **{pd.formula.text: n * pd.molar_mass.magnitude
                                                               for pd, n in feed.items()}})
    return StepResult(
        id=spec.text("id"), type=kind, title=spec.text("title", spec.text("id")), T_K=T_AMBIENT,
        inputs={"carried": feed}, outputs={KEPT: feed.scaled(kept), loss: feed.scaled(1 - kept)},
        heat=Heat({}, electric_J=joules if energy is not None else None, duties=duties),
        runs=runs, time_s=runs * (0.0 if hold is None else hold.to("s").magnitude), equipment=name,
        materials={KEPT: spec.text("material")} if spec.has("material") else {},
        figures={"runs_basis": why, "yield": kept},
    )


classify = partial(run, kind="classify")
