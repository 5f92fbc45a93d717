"""Equipment as a plant: units of equipment, which stage of a route runs in which unit, and operating time.

A recipe's ``plant:`` block (or a plant file given with ``--plant FILE``, holding ``references:`` and
``plant:``) declares the units: an ``id``, the ``kind``, the ``count`` of identical units in parallel and
the ``operators`` one unit needs while it runs; and the plant's ``hours_per_day`` and ``days_per_year``.
Steps name their unit with ``unit:`` (a coating step per stage: ``polymerization.unit``,
``carbonization.unit``), so two steps can share one unit. A stage that names no unit runs in a unit of its
own step (one, assumed). The capacity of a unit per run is the recipe's (the step's ``equipment`` or
``vessel`` block), unless the unit states a ``capacity`` (mass of the recipe's ``of`` material per run) or a
``volume``: that replaces the recipe's for every stage in the unit, and the route engine counts the runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, RecipeError
from ..recipe import Recipe, Spec
from ..steps.base import RunTime
from ..units import Q_, measured, measured_map, parse
from ..validate import PLANT, mapping_problems
from ..yamlio import load_text, read_file

#: Operating time when no plant says otherwise: round the clock, every day (written out as assumptions).
DEFAULT_HOURS = "assumption: 24 h a day when the plant states no hours_per_day"
DEFAULT_DAYS = "assumption: 365 days a year when the plant states no days_per_year"


@dataclass(frozen=True)
class Unit:
    """A kind of equipment with ``count`` identical units in parallel; ``operators`` per unit while it runs."""

    id: str
    kind: str
    count: int
    operators: float | None = None
    source: str = ""  # where the count comes from: a reference key or the assumption
    capacity: object = None  # pint mass per run, replacing the recipe's equipment capacity of its stages
    capacity_of: str | None = None  # the material the capacity counts; must be the recipe's where both say
    volume: object = None  # pint volume, replacing the recipe's equipment (or vessel) volume of its stages

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "count": self.count, "operators": self.operators,
                "source": self.source}


@dataclass(frozen=True)
class Plant:
    """The units of a line and its operating time; ``origin`` says where it was declared and ``sha256`` is the
    hash of that file's text (a plant file's, or the recipe's for its ``plant:`` block; None for the default
    plant), so that a result names the plant it was computed on. ``hours_per_day`` is a time quantity
    (operating hours in a day), ``days_per_year`` a quantity in day/year (operating days in a year; the field
    ``operating_days`` holds the count)."""

    units: tuple[Unit, ...]
    hours_per_day: object
    operating_days: float
    origin: str
    sources: Mapping[str, str]  # hours_per_day, days_per_year -> reference or assumption
    sha256: str | None = None

    days_per_year = measured("operating_days", "day/year")

    def provenance(self) -> dict:
        """Where the plant was declared and the sha256 of that file, for a result's provenance."""
        return {"origin": self.origin, "sha256": self.sha256}

    def unit(self, unit_id: str) -> Unit:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise InputError(f"no unit {unit_id!r} in the plant ({', '.join(u.id for u in self.units)})")

    def with_counts(self, counts: Mapping[str, int], why: str) -> Plant:
        """This plant with some units' counts replaced (``--optimize-units``), each marked with ``why``."""
        units = tuple(replace(u, count=counts[u.id], source=why) if u.id in counts and counts[u.id] != u.count
                      else u for u in self.units)
        return replace(self, units=units)


@dataclass(frozen=True)
class Operation:
    """One stage of a step in its unit for one batch: runs, and the occupancy of one run part by part (time
    quantities; the field ``parts_s`` holds them in s for the scheduler)."""

    step: str
    stage: str
    unit: str
    runs: int
    parts_s: Mapping[str, float]

    parts = measured_map("parts_s", "s")
    per_run = measured("per_run_s", "s")

    @property
    def per_run_s(self) -> float:
        return float(sum(self.parts_s.values()))

    @property
    def name(self) -> str:
        return self.step if self.stage == self.step else f"{self.step}/{self.stage}"


def load_plant(recipe: Recipe, path: str | None = None) -> Plant | None:
    """The plant of ``--plant FILE`` if given, else the recipe's ``plant:`` block, else None."""
    if path is not None:
        text = read_file(Path(path), "plant file", "give the path of a plant file (YAML with references: and plant:)")
        data = load_text(text, path, "plant file")
        if not isinstance(data, dict) or "plant" not in data:
            raise RecipeError(f"{path}:1:1: a plant file is a mapping with 'references:' and 'plant:'")
        holder = Recipe(Path(path).stem, path, hashlib.sha256(text.encode()).hexdigest(), data)
        return _parse(Spec(data, "plant file", holder).sub("plant"), path, holder.sha256)
    if "plant" in recipe.data:
        return _parse(recipe.spec.sub("plant"), recipe.source, recipe.sha256)
    return None


def _parse(spec: Spec, origin: str, sha256: str) -> Plant:
    problems = mapping_problems(spec, PLANT)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RecipeError(problems[0] + more)
    units, seen = [], set()
    for u in spec.specs("units"):
        uid = u.text("id")
        if uid in seen:
            raise u.error("id", f"unit id {uid!r} is used twice")
        seen.add(uid)
        operators = u.q("operators", "dimensionless", None)
        units.append(Unit(uid, u.text("kind"), u.count("count"),
                          None if operators is None else float(operators.to("dimensionless").magnitude),
                          _source(u.sourced("count", "dimensionless")), capacity=u.positive("capacity", "mass", None),
                          capacity_of=u.sub("capacity").data.get("of") if u.has("capacity") else None,
                          volume=u.positive("volume", "volume", None)))
    hours = spec.sourced("hours_per_day", "time", None)
    days = spec.sourced("days_per_year", "dimensionless", None)
    hours_q = hours.value.to("h") if hours.value is not None else Q_(24, "h")
    if not hours_q.magnitude <= 24:
        raise spec.error("hours_per_day", f"a day has 24 h, not {hours_q:~P}")
    days_v = float(days.value.to("dimensionless").magnitude) if days.value is not None else 365.0
    if not days_v <= 366:
        raise spec.error("days_per_year", f"a year has at most 366 days, not {days_v:g}")
    return Plant(tuple(units), hours_q, days_v, origin,
                 {"hours_per_day": _source(hours) if hours.value is not None else DEFAULT_HOURS,
                  "days_per_year": _source(days) if days.value is not None else DEFAULT_DAYS}, sha256)


def _source(sourced) -> str:
    return f"ref: {sourced.ref}" if sourced.ref else f"assumption: {sourced.assumption}"


def stages(step) -> tuple:
    """The stages of a step result with their occupancy per run; a step type that gives no breakdown is one
    stage in its own unit, its time per batch over its runs (part ``run``)."""
    if step.run_times:
        return step.run_times
    return (RunTime(step.id, step.equipment, step.runs, {"run": step.time_s / step.runs}),)


def operations(plan, plant: Plant | None) -> tuple[tuple[Operation, ...], Plant]:
    """Every stage of every step of ``plan`` (a scalar route result) in the unit it runs in, and the plant
    completed with a unit (count 1, assumed) for each stage that names none."""
    ops, extra = [], []
    known = {u.id: u for u in plant.units} if plant else {}
    for s in plan.steps:
        for rt in stages(s):
            unit = rt.unit or s.id
            if unit not in known:
                if rt.unit is not None and plant is not None:
                    raise InputError(f"step {s.id!r} names unit {rt.unit!r}, which the plant ({plant.origin}) does "
                                     f"not declare (units: {', '.join(known) or 'none'})")
                known[unit] = Unit(unit, rt.equipment, 1, None, "assumption: one unit (the plant declares none)")
                extra.append(known[unit])
            ops.append(Operation(s.id, rt.stage, unit, int(rt.runs), {k: float(v) for k, v in rt.parts_s.items()}))
    if plant is None:
        plant = Plant((), Q_(24, "h"), 365.0, "default: one unit per step",
                      {"hours_per_day": DEFAULT_HOURS, "days_per_year": DEFAULT_DAYS})
    return tuple(ops), replace(plant, units=plant.units + tuple(extra))


def capacities(recipe: Recipe, unit_ops: list[Operation]) -> list[dict]:
    """The capacity per run of each stage in a unit, as the route engine counts it: the recipe's equipment, or
    the plant unit's where it states one ({"stage", "capacity": a quantity or None, "of"})."""
    out = []
    for op in unit_ops:
        spec = next(sp for sp in recipe.steps() if sp.data.get("id") == op.step)
        block = _equipment_block(spec, op.stage)
        if block is None:
            continue
        for key in ("capacity", "volume"):
            if block.has(key):
                entry = block.data[key]
                q = recipe.overrides.get(f"{block.path}.{key}")
                if q is None and isinstance(entry, Mapping):
                    q = parse(str(entry["q"]), f"{block.path}.{key}")
                out.append({"stage": op.name, "capacity": q,
                            "of": entry.get("of") if isinstance(entry, Mapping) else None})
                break
    return out


def with_capacities(recipe: Recipe, plant: Plant, ops: list[Operation]) -> Recipe:
    """``recipe`` with the equipment capacity (mass) or volume of every stage in a unit replaced by the unit's,
    where the plant states one: the route engine then counts the runs for the plant's equipment."""
    values = {}
    for u in plant.units:
        for key, q in (("capacity", u.capacity), ("volume", u.volume)):
            if q is None:
                continue
            paths = []
            for op in ops:
                spec = next(sp for sp in recipe.steps() if sp.data.get("id") == op.step)
                block = _equipment_block(spec, op.stage) if op.unit == u.id else None
                if block is not None and block.has(key):
                    of = block.sub(key).data.get("of")
                    if key == "capacity" and u.capacity_of is not None and u.capacity_of != of:
                        raise InputError(f"unit {u.id!r}: a capacity of {u.capacity_of}, but {op.name} in "
                                         f"{recipe.source} counts its capacity in {of}; write 'of: {of}'")
                    paths.append(f"{block.path}.{key}")
            if not paths:
                raise InputError(f"unit {u.id!r} states a {key} ({q:~P}), but none of its stages has an equipment "
                                 f"{key} in {recipe.source} to replace")
            values.update({path: q for path in paths})
    return recipe.with_values(values) if values else recipe


def _equipment_block(spec: Spec, stage: str) -> Spec | None:
    """Where a stage's capacity stands in the recipe: the step's ``equipment``, the coating's ``vessel`` or
    its ``carbonization.equipment``."""
    paths = {"polymerization": ("vessel",), "carbonization": ("carbonization", "equipment"),
             "drying": None, "dehydration": None, "cell": None}  # no capacity: time or current limits these
    path = paths.get(stage, ("equipment",))
    if path is None:
        return None
    node = spec
    for key in path:
        if not node.has(key):
            return None
        node = node.sub(key)
    return node
