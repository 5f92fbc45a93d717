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

from ..errors import InputError
from ..units import Q_, to_json
from .units import Operation


@dataclass(frozen=True)
class Run:
    """One run: ``instance`` (0-based) of ``unit`` holds ``batch`` (1-based) from ``start`` to ``end`` [s]."""

    unit: str
    instance: int
    step: str
    stage: str
    batch: int
    run: int
    start: float
    end: float

    def to_json(self) -> dict:
        return {"unit": self.unit, "instance": self.instance + 1, "step": self.step, "stage": self.stage,
                "batch": self.batch, "run": self.run + 1, "start": to_json(Q_(self.start, "s").to("h")),
                "end": to_json(Q_(self.end, "s").to("h"))}


@dataclass(frozen=True)
class Schedule:
    """Every run of ``batches`` batches released every ``interval`` seconds."""

    rows: tuple[tuple, ...]  # (unit, instance, step, stage, batch, run, start, end) of every run, as scheduled
    batches: int
    interval: float
    finish: tuple[float, ...]  # s: when each batch's last stage ends

    @cached_property
    def runs(self) -> tuple[Run, ...]:
        """The runs as :class:`Run` objects (built when a view asks: a long schedule is kept as plain rows)."""
        return tuple(Run(*row) for row in self.rows)

    @property
    def makespan(self) -> float:
        return max(self.finish) if self.finish else 0.0

    def steady_interval(self) -> float:
        """Time between batch completions in steady state [s]: the least-squares slope of completion time
        against batch number over the second half of the schedule (the first batches meet an empty line).
        A line that keeps up shows the release interval; one that falls behind, more."""
        if self.batches < 2:
            return self.interval
        first = self.batches // 2 if self.batches >= 4 else 0
        k = np.arange(first, self.batches, dtype=float)
        return float(np.polyfit(k, np.asarray(self.finish[first:]), 1)[0])

    def busy(self, unit: str) -> float:
        """Seconds ``unit`` (all its instances) is held over the schedule."""
        return sum(row[7] - row[6] for row in self.rows if row[0] == unit)


def schedule(ops: Sequence[Operation], counts: Mapping[str, int], batches: int, interval: float) -> Schedule:
    """Schedule ``batches`` batches of the stages ``ops`` (in route order) on ``counts`` units of each kind,
    released every ``interval`` seconds."""
    if batches < 1:
        raise InputError(f"the number of batches must be 1 or more, not {batches}")
    for op in ops:
        if counts.get(op.unit, 0) < 1:
            raise InputError(f"unit {op.unit!r} of {op.name} has no units to run in")
    free = {unit: [(0.0, i) for i in range(n)] for unit, n in counts.items()}  # heaps of (free at, instance)
    per_run = [op.per_run for op in ops]
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
