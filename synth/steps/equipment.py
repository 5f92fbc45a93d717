"""Equipment limits and the time a step takes: runs per batch from a capacity, and time per run.

``equipment: {name: ..., capacity: {q: "110 g", of: Si, ref: ...}}`` limits the mass of one material
(a formula in the step's streams, or ``charge`` for the whole solid charge) per run. Time per run is
heating ramp + hold + cooling for furnaces (``conditions``), or the stated cycle time of the step, with
the handling times a stage may state (``charge``, ``discharge``, ``cleaning`` between runs): together the
unit's full occupancy per run (:class:`~synth.steps.base.RunTime`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..recipe import Spec
from ..units import Q_
from ..vector import anywhere, fmt, maximum
from .base import T_AMBIENT, Context, RunTime, declared_reactions, runs_for

HANDLING = ("charge", "discharge", "cleaning")  # handling times of a stage, besides its process times


@dataclass(frozen=True)
class Schedule:
    """Runs and times of one step for a batch; times in s."""

    equipment: str
    runs: int  # an array over a sweep's grid, like every number here
    parts: Mapping[str, float]  # ramp, hold, cool [s per run]: the process time of one run
    load: str  # what limited the runs, in words

    @property
    def per_run(self) -> float:
        return sum(self.parts.values())

    @property
    def hold(self) -> float:
        return self.parts["hold"]

    def figures(self) -> dict:
        """The schedule as quantities, for results."""
        return {"runs_basis": self.load, "hold": Q_(self.hold, "s").to("h")}


def run_time(stage: str, equipment: str, runs, process: Mapping[str, float], block: Spec,
             unit: str | None) -> RunTime:
    """A stage's occupancy of its unit per run: ``charge`` + the ``process`` parts [s] + ``discharge`` +
    ``cleaning``, the handling times read from ``block`` where the recipe states them."""
    handling = {k: block.magnitude(k, "time", "s", None) for k in HANDLING}
    sec = {k: v for k, v in handling.items() if v is not None}
    parts = {**{k: sec[k] for k in ("charge",) if k in sec}, **process,
             **{k: sec[k] for k in ("discharge", "cleaning") if k in sec}}
    return RunTime(stage, equipment, runs, parts, unit)


def unit_of(spec: Spec) -> str | None:
    """The plant unit a step or stage names (``unit: tube-furnace``), if any."""
    return spec.text("unit") if spec.has("unit") else None


def time_figures(run_times) -> dict:
    """The time per run of a step: every stage's full occupancy per run, added up [h]."""
    return {"time_per_run": Q_(sum(rt.per_run_s for rt in run_times), "s").to("h")}


def capacity_runs(spec: Spec, loads: Mapping[str, float], unit: str = "g") -> tuple[str, int, str]:
    """(equipment name, runs, explanation) from ``equipment.capacity`` against ``loads`` (name -> amount)."""
    if not spec.has("equipment"):
        return "unspecified", 1, "no equipment limit given"
    eq = spec.sub("equipment")
    name = eq.text("name")
    if not eq.has("capacity"):
        return name, 1, "no capacity given"
    cap = eq.sub("capacity")
    of = cap.text("of")
    limit = eq.magnitude("capacity", "mass", unit)
    load = loads.get(of)
    if load is None and of in _reacting(spec):
        load = 0.0  # made or used by the step's reactions, none of it in this batch (a conversion of 0): one run
    if load is None:
        raise cap.error("of", f"{of!r} is not in this step's charge or products ({', '.join(sorted(loads))})")
    runs = runs_for(load, limit)
    return name, runs, f"{of} {fmt(load, '.4g')} {unit} per batch / {fmt(limit, '.4g')} {unit} per run"


def _reacting(spec: Spec) -> set[str]:
    """The formulas the step's declared reactions make or use (a load of none of one is 0, not unknown: the
    array path of a sweep holds every species at every point, 0 where there is none)."""
    if not spec.has("reactions"):
        return set()
    return {t.formula.text for r in declared_reactions(spec) for t in (*r.equation.reactants, *r.equation.products)}


def schedule(spec: Spec, ctx: Context, T: float, loads: Mapping[str, float]) -> Schedule:
    """Furnace schedule: runs from the capacity; per run = ramp from 25 °C + hold + cooling."""
    name, runs, why = capacity_runs(spec, loads)
    cond = spec.sub("conditions")
    hold = cond.seconds("hold")
    rate = cond.magnitude("ramp", "heating rate", "K/s", None)
    heat_up = (T - T_AMBIENT) / rate if rate is not None else 0.0
    cool = cond.magnitude("cool", "time", "s", None)
    cool_s = cool if cool is not None else 0.0
    parts = {**({"ramp": heat_up} if rate is not None else {}), "hold": hold,
             **({"cool": cool_s} if cool is not None else {})}
    return Schedule(name, runs, parts, why)


def vessel_runs(spec: Spec, volume_L: float, solids_g: float, what: str = "liquid") -> tuple[str, int, str]:
    """Runs of a stirred vessel from its working volume (``equipment.volume``) against ``volume_L`` of
    ``what`` (the acid, the solvent), and from its solids loading (g of solid per L of vessel) if given."""
    if not spec.has("equipment"):
        return "unspecified", 1, "no equipment limit given"
    eq = spec.sub("equipment")
    vol = eq.magnitude("volume", "volume", "L")
    runs = runs_for(volume_L, vol)
    why = f"{what} {fmt(volume_L, '.4g')} L / {fmt(vol, '.4g')} L working volume"
    if eq.has("solids_loading"):
        loading = eq.magnitude("solids_loading", "mass concentration", "g/L")
        by_solids = runs_for(solids_g, loading * vol)
        if anywhere(by_solids > runs):
            why = f"solids {fmt(solids_g, '.4g')} g / ({fmt(loading, '.4g')} g/L × {fmt(vol, '.4g')} L) per run"
            runs = maximum(by_solids, runs)
    return eq.text("name"), runs, why
