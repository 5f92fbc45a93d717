"""The batch sizes a scaled recipe holds for: the range over which every step keeps its number of runs.

A master recipe states a nominal batch size and the smallest and largest it is valid for. For synth's route
the procedure of a batch (how many furnace runs, reactor fills, cell runs) changes where a step's load
crosses a multiple of its equipment capacity; between those points the formula scales linearly. The route
engine is array-safe, so the range is found by evaluating the route once over a grid of batch sizes around
the nominal one (log-spaced, :data:`SPAN` either way) and keeping the grid points, next to the nominal, where
every step has the runs it has at the nominal size. The bounds are grid points inside the range, so they
are conservative by at most one grid step (:data:`POINTS` over the span: 0.23 %).
"""

from __future__ import annotations

import numpy as np

from .route import Plan, run
from .units import Q_

SPAN = 10.0  # searched from nominal / SPAN to nominal x SPAN
POINTS = 4001  # odd: the middle point is the nominal batch itself


def batch_range(plan: Plan) -> tuple[object, object, bool, bool]:
    """(smallest, largest product mass, smallest is the search limit, largest is the search limit) of ``plan``."""
    factors = np.geomspace(1.0 / SPAN, SPAN, POINTS)
    middle = POINTS // 2
    factors[middle] = 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        grid = run(plan.recipe, plan.scale * factors, plan.db)
    same = np.ones(POINTS, dtype=bool)
    for at_grid, nominal in zip(grid.steps, plan.steps, strict=True):
        same &= np.broadcast_to(np.asarray(at_grid.runs), factors.shape) == nominal.runs
    changed = np.flatnonzero(~same)
    below, above = changed[changed < middle], changed[changed > middle]
    lo = below[-1] + 1 if below.size else 0
    hi = above[0] - 1 if above.size else POINTS - 1
    step, label = plan.product()
    grams = step.outputs[label].mass_g()
    return Q_(grams * factors[lo], "g"), Q_(grams * factors[hi], "g"), bool(lo == 0), bool(hi == POINTS - 1)
