"""Scheduling batches on a plant: which run holds which unit when.

Batches are released at a fixed interval (the cycle time). A batch starts a stage when its previous
stage has ended and a unit of the stage's kind is free; the stage's runs spread over the parallel units
(each run on the unit that frees first); the stage ends when its last run ends. Requests are served in
the order they become ready (first come, first served; ties by batch, then stage), and a run is never
interrupted. Two stages that share a unit (nitridation and carbonization in one tube furnace) compete
for it like any two requests. Times are operating hours, in seconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pint

from ..errors import InputError
from ..units import Q_, measured, quantity, to_json
from .units import Operation


@dataclass(frozen=True)
class Run:
    """One run: ``instance`` (0-based) of ``unit`` holds ``batch`` (1-based) from ``start`` to ``end`` (time
    quantities in operating time; the fields ``start_s``, ``end_s`` hold them in s)."""

    unit: str
    instance: int
    step: str
    stage: str
    batch: int
    run: int
    start_s: float
    end_s: float

    start = measured("start_s", "s")
    end = measured("end_s", "s")

    def to_json(self) -> dict:
        return {"unit": self.unit, "instance": self.instance + 1, "step": self.step, "stage": self.stage,
                "batch": self.batch, "run": self.run + 1, "start": to_json(Q_(self.start_s, "s").to("h")),
                "end": to_json(Q_(self.end_s, "s").to("h"))}


@dataclass(frozen=True)
class Schedule:
    """Every run of ``batches`` batches released every ``interval``; ``finish`` is when each batch's last stage
    ends (time quantities; the fields ``interval_s``, ``finish_s`` and the plain ``rows`` hold s)."""

    rows: tuple[tuple, ...]  # (unit, instance, step, stage, batch, run, start s, end s) of every run, as scheduled
    batches: int
    interval_s: float
    finish_s: tuple[float, ...]

    interval = measured("interval_s", "s")
    makespan = measured("makespan_s", "s")

    @property
    def finish(self):
        return Q_(np.asarray(self.finish_s, dtype=float), "s")

    @cached_property
    def runs(self) -> tuple[Run, ...]:
        """The runs as :class:`Run` objects (built when a view asks: a long schedule is kept as plain rows)."""
        return tuple(Run(*row) for row in self.rows)

    @property
    def makespan_s(self) -> float:
        return max(self.finish_s) if self.finish_s else 0.0

    def steady_interval(self):
        """Time between batch completions in steady state: the least-squares slope of completion time against
        batch number over the second half of the schedule (the first batches meet an empty line). A line that
        keeps up shows the release interval; one that falls behind, more."""
        return Q_(self.steady_interval_s(), "s")

    def steady_interval_s(self) -> float:
        """:meth:`steady_interval` in s."""
        if self.batches < 2:
            return self.interval_s
        first = self.batches // 2 if self.batches >= 4 else 0
        k = np.arange(first, self.batches, dtype=float)
        return float(np.polyfit(k, np.asarray(self.finish_s[first:]), 1)[0])

    def busy(self, unit: str):
        """How long ``unit`` (all its instances) is held over the schedule."""
        return Q_(sum(row[7] - row[6] for row in self.rows if row[0] == unit), "s")


def schedule(ops: Sequence[Operation], counts: Mapping[str, int], batches: int, interval) -> Schedule:
    """Schedule ``batches`` batches of the stages ``ops`` (in route order) on ``counts`` units of each kind,
    released every ``interval`` (a time quantity, such as ``line.cycle_time``, or a float in s)."""
    if isinstance(interval, pint.Quantity):
        interval = float(quantity(interval, "time", "interval").m_as("s"))
    if batches < 1:
        raise InputError(f"the number of batches must be 1 or more, not {batches}")
    for op in ops:
        if counts.get(op.unit, 0) < 1:
            raise InputError(f"unit {op.unit!r} of {op.name} has no units to run in")
    free = {unit: [(0.0, i) for i in range(n)] for unit, n in counts.items()}  # heaps of (free at, instance)
    per_run = [op.per_run_s for op in ops]
    pending = [(b * interval, b, 0) for b in range(batches)]  # (ready at, batch, stage index)
    heapq.heapify(pending)
    rows: list[tuple] = []
    add = rows.append
    finish = [0.0] * batches
    while pending:
        ready, b, k = heapq.heappop(pending)
        op, units, end = ops[k], free[ops[k].unit], ready
        for r in range(op.runs):
            at, i = units[0]
            start = at if at > ready else ready
            stop = start + per_run[k]
            heapq.heapreplace(units, (stop, i))
            add((op.unit, i, op.step, op.stage, b + 1, r, start, stop))
            end = stop if stop > end else end
        if k + 1 < len(ops):
            heapq.heappush(pending, (end, b, k + 1))
        else:
            finish[b] = end
    return Schedule(tuple(rows), batches, interval, tuple(finish))
