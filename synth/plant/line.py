"""Planning a line: the batch size and schedule that make a product rate on a plant's units.

The route engine gives, for a batch of a given size, every stage's runs and time per run; the runs grow
in steps with the batch (capacities), so the rate a line can keep is a saw-tooth in the batch size. The
engine is array-safe, so :func:`plan_line` evaluates it once over a geometric grid of batch sizes and
picks the smallest batch whose bottleneck keeps the rate (with ``optimize``: the batch size and the unit
counts that need the fewest units). That batch is then run by the scalar engine and scheduled
(:mod:`synth.plant.schedule`) with batches released at the cycle time; the schedule must keep it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import CheckFailed, InputError
from ..provenance import recipe_record
from ..recipe import Recipe
from ..route import Plan, run
from ..scaling import Basis, scale as scale_to
from ..species import SpeciesDB
from ..species_files import database_for
from ..units import Q_, measured, to_json, ureg
from .rate import Rate
from .schedule import Schedule, schedule
from .units import Operation, Plant, Unit, capacities, load_plant, operations, stages, with_capacities

GRID = 1200  # batch sizes tried, geometric between a batch of 5 min and one of 120 days of the rate
KEEP_UP = 0.01  # a schedule keeps the cycle time if batches complete no more than 1 % slower
SCHEDULE_TRIES = 12  # candidate batch sizes (or count increments) tried when a schedule misses the cycle
MAX_BATCHES = 1000
_PER_DAY = ureg.Unit("1/day")


class RateOutOfReach(CheckFailed):
    """The units cannot make the rate; the message gives the most they make and what it would take."""


@dataclass(frozen=True)
class UnitUse:
    """A unit of the line with what it does per batch and how busy it is: ``busy`` (a time quantity) is the
    unit time per batch over all runs of all its stages; ``utilisation`` is dimensionless, busy / (count ×
    cycle time)."""

    unit: Unit
    stages: tuple[str, ...]
    busy_s: float
    utilisation: float
    capacities: tuple[dict, ...]

    busy = measured("busy_s", "s")
    operator_hours = measured("operator_h", "h")

    @property
    def operator_h(self) -> float | None:
        """Operator hours per batch [h]: the unit's busy time × its operators (None when not stated)."""
        return None if self.unit.operators is None else self.busy_s / 3600.0 * self.unit.operators

    def to_json(self) -> dict:
        capacity = [{**c, "capacity": None if c["capacity"] is None else to_json(c["capacity"])}
                    for c in self.capacities]
        return {**self.unit.to_json(), "steps": list(self.stages), "capacity": capacity,
                "busy_per_batch": to_json(Q_(self.busy_s, "s").to("h")), "utilisation": self.utilisation,
                "operator_hours_per_batch": (None if self.operator_h is None
                                             else to_json(Q_(self.operator_h, "h")))}


@dataclass(frozen=True)
class LinePlan:
    """A batch size, the plant it runs on, the cycle time and the schedule of runs: ``product_per_batch`` (a
    mass quantity), ``cycle_time`` (operating time between batch starts), ``batches_per_day`` (per operating
    day). The fields hold SI floats (``product_per_batch_g``, ``cycle_time_s``) for the scheduler."""

    plan: Plan  # one batch, from the route engine
    plant: Plant
    rate: Rate | None
    product: str
    product_per_batch_g: float
    ops: tuple[Operation, ...]
    units: tuple[UnitUse, ...]
    cycle_time_s: float
    schedule: Schedule

    product_per_batch = measured("product_per_batch_g", "g")
    cycle_time = measured("cycle_time_s", "s")

    @property
    def bottleneck(self) -> UnitUse:
        return max(self.units, key=lambda u: u.utilisation)

    @property
    def batches_per_day(self):
        """Batches started per operating day (a quantity in 1/day)."""
        return Q_(self.plant.hours_per_day.to("s").magnitude / self.cycle_time_s, _PER_DAY)

    def throughput(self):
        """Product per operating day the schedule keeps (between batch completions, in steady state)."""
        interval = max(self.schedule.steady_interval_s(), self.cycle_time_s)
        return (Q_(self.product_per_batch_g / interval, "g/s") * self.plant.hours_per_day / Q_(1, "day")).to("kg/day")

    def labour_hours_per_day(self):
        """Operator hours per operating day over the units that state their operators (None if none does)."""
        stated = [u.operator_h for u in self.units if u.operator_h is not None]
        return Q_(sum(stated) * self.batches_per_day.m_as(_PER_DAY), "h/day") if stated else None

    def to_json(self) -> dict:
        hours = lambda s: to_json(Q_(s, "s").to("h"))  # noqa: E731
        return {
            "recipe": recipe_record(self.plan.recipe),
            "plant": {**self.plant.provenance(), "hours_per_day": to_json(self.plant.hours_per_day),
                      "days_per_year": to_json(self.plant.days_per_year), "sources": dict(self.plant.sources)},
            "rate": None if self.rate is None else to_json(self.rate.written),
            "batch": {"basis": {"material": self.product, "quantity": to_json(Q_(self.product_per_batch_g, "g"))},
                      "scale": self.plan.scale},
            "cycle_time": hours(self.cycle_time_s),
            "batches_per_day": to_json(self.batches_per_day),
            "throughput": to_json(self.throughput().to("kg/day")),
            "bottleneck": self.bottleneck.unit.id,
            "labour": None if self.labour_hours_per_day() is None else to_json(self.labour_hours_per_day()),
            "stages": [{"step": op.step, "stage": op.stage, "unit": op.unit, "runs": op.runs,
                        "time_per_run": hours(op.per_run_s), "parts": {k: hours(v) for k, v in op.parts_s.items()}}
                       for op in self.ops],
            "units": [u.to_json() for u in self.units],
            "schedule": [r.to_json() for r in self.schedule.runs],
        }


def plan_line(recipe: Recipe, rate: str | None = None, basis: str | None = None, plant_file: str | None = None,
              optimize: bool = False, batches: int | None = None, db: SpeciesDB | None = None) -> LinePlan:
    """The line for ``rate`` of the recipe's product (or batches of ``basis``, or of the recipe's lab amounts,
    released as fast as the units allow) on the plant of ``plant_file`` or of the recipe."""
    db = db or database_for(recipe)  # synth's species and the recipe's own species files
    if rate is not None and basis is not None:
        raise InputError("give either --rate (e.g. '10 kg/day') or --basis (e.g. 'AMPSi@C=1 kg'), not both")
    if batches is not None and not 1 <= batches <= 100_000:
        raise InputError(f"--batches must be between 1 and 100000, not {batches}")
    lab_ops, plant = operations(run(recipe, 1.0, db), load_plant(recipe, plant_file))
    recipe = with_capacities(recipe, plant, lab_ops)
    if rate is None:  # batches of the basis (or the recipe's lab amounts), as fast as the units allow
        plan, _ = scale_to(recipe, None if basis is None else Basis.parse(basis), db)
        ops, _ = operations(plan, plant)
        return _line(plan, plant, None, ops, _min_cycle(ops, plant), batches)
    target = Rate.parse(rate, plant)
    grid = _Grid(recipe, db, target.g_per_s)
    if optimize:
        return _optimized(recipe, db, plant, target, grid, batches)
    ok = np.nonzero(grid.throughput(plant) >= target.g_per_s * (1 - 1e-9))[0]
    for i in ok[:SCHEDULE_TRIES]:
        line = _try(recipe, db, plant, target, grid.scales[i], batches)
        if line is not None:
            return line
    raise RateOutOfReach(_out_of_reach(target, plant, grid))


def _line(plan: Plan, plant: Plant, rate: Rate | None, ops, cycle: float, batches: int | None) -> LinePlan:
    """Schedule batches of ``plan`` every ``cycle`` seconds and describe the units."""
    product_step, label = plan.product()
    grams = float(product_step.outputs[label].mass_g())
    lead = sum(math.ceil(op.runs / plant.unit(op.unit).count) * op.per_run_s for op in ops)
    n = batches or min(MAX_BATCHES, max(24, math.ceil(3 * lead / cycle) + 2))
    sched = schedule(ops, {u.id: u.count for u in plant.units}, n, cycle)
    uses = []
    for u in plant.units:
        mine = [op for op in ops if op.unit == u.id]
        busy = sum(op.runs * op.per_run_s for op in mine)
        uses.append(UnitUse(u, tuple(op.name for op in mine), busy, busy / (u.count * cycle),
                            tuple(capacities(plan.recipe, mine))))
    name = product_step.materials.get(label, label)
    return LinePlan(plan, plant, rate, name, grams, tuple(ops), tuple(uses), cycle, sched)


def _min_cycle(ops, plant: Plant) -> float:
    """The shortest release interval the units allow: the busiest unit's time per batch over its count."""
    busy: dict[str, float] = {}
    for op in ops:
        busy[op.unit] = busy.get(op.unit, 0.0) + op.runs * op.per_run_s
    return max(b / plant.unit(u).count for u, b in busy.items())


def _try(recipe, db, plant: Plant, target: Rate, s: float, batches: int | None) -> LinePlan | None:
    """The line at scale ``s`` if its schedule keeps the cycle time the rate needs, else None."""
    plan = run(recipe, float(s), db)
    ops, _ = operations(plan, plant)
    product_step, label = plan.product()
    cycle = float(product_step.outputs[label].mass_g()) / target.g_per_s
    line = _line(plan, plant, target, ops, cycle, None)  # enough batches to judge the steady state
    if line.schedule.steady_interval_s() > cycle * (1 + KEEP_UP):
        return None
    return line if batches is None else _line(plan, plant, target, ops, cycle, batches)


class _Grid:
    """The route over a grid of batch sizes at once: product and unit time per batch at each size."""

    def __init__(self, recipe: Recipe, db: SpeciesDB, g_per_s: float) -> None:
        lab = run(recipe, 1.0, db)
        product_step, label = lab.product()
        lab_g = float(product_step.outputs[label].mass_g())
        lo, hi = g_per_s * 300 / lab_g, g_per_s * 120 * 86400 / lab_g  # 5 min to 120 days of product
        self.scales = np.geomspace(max(lo, 1e-9), min(hi, 1e11), GRID)
        plan = run(recipe, self.scales, db)
        product_step, label = plan.product()
        self.product = np.asarray(product_step.outputs[label].mass_g(), dtype=float) * np.ones(GRID)
        self.busy: dict[str, np.ndarray] = {}
        for s in plan.steps:
            for rt in stages(s):
                unit = rt.unit or s.id
                self.busy[unit] = self.busy.get(unit, 0.0) + np.asarray(rt.runs) * np.asarray(rt.per_run_s, float)
        self.busy = {u: np.asarray(b, dtype=float) * np.ones(GRID) for u, b in self.busy.items()}

    def cycle(self, plant: Plant) -> np.ndarray:
        """The shortest release interval at each batch size [s]."""
        return np.max([self.busy[u] / plant.unit(u).count for u in self.busy], axis=0)

    def throughput(self, plant: Plant) -> np.ndarray:
        """The most product the units make at each batch size [g per operating s]."""
        return self.product / self.cycle(plant)

    def counts(self, g_per_s: float) -> dict[str, np.ndarray]:
        """Units of each kind needed at each batch size to keep ``g_per_s``."""
        cycle = self.product / g_per_s
        return {u: np.maximum(1, np.ceil(b / cycle - 1e-9)).astype(int) for u, b in self.busy.items()}


def _optimized(recipe, db, plant: Plant, target: Rate, grid: _Grid, batches: int | None) -> LinePlan:
    """The batch size and unit counts with the fewest units in all that keep the rate."""
    counts = grid.counts(target.g_per_s)
    total = sum(counts.values())
    i = int(np.argmin(total))
    chosen = {u: int(c[i]) for u, c in counts.items()}
    why = "chosen by --optimize-units"
    for _ in range(SCHEDULE_TRIES):
        trial = plant.with_counts(chosen, why)
        line = _try(recipe, db, trial, target, grid.scales[i], batches)
        if line is not None:
            return line
        busiest = max(chosen, key=lambda u: grid.busy[u][i] / chosen[u])
        chosen[busiest] += 1
    raise RateOutOfReach(f"no schedule kept {target.written:~P} after {SCHEDULE_TRIES} tries; give the counts "
                         "in the plant")


def _out_of_reach(target: Rate, plant: Plant, grid: _Grid) -> str:
    """Why the rate cannot be made, the most the units make, and what it would take at the batch size that
    needs the fewest units in all."""
    throughput = grid.throughput(plant)
    best = target.from_operating(float(throughput.max()), plant)
    bottleneck = max(grid.busy, key=lambda u: grid.busy[u][int(np.argmax(throughput))] / plant.unit(u).count)
    counts = grid.counts(target.g_per_s)
    i = int(np.argmin(sum(counts.values())))
    needs = []
    for u, need in sorted(counts.items(), key=lambda kv: -grid.busy[kv[0]][i] / plant.unit(kv[0]).count):
        have = plant.unit(u).count
        if need[i] > have:
            cycle_h = grid.product[i] / target.g_per_s / 3600
            needs.append(f"add {need[i] - have} {u} ({need[i]} in all) or cut its time per batch from "
                         f"{grid.busy[u][i] / 3600:.4g} h to {cycle_h * have:.4g} h")
    return (f"{target.written:~P} is out of reach of these units: they make at most {best:.4g~P} (bottleneck "
            f"{bottleneck}); to reach it with batches of {grid.product[i] / 1000:.4g} kg: {'; '.join(needs)}; "
            "or let --optimize-units choose the counts")
