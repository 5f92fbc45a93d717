"""Drawing samples of the uncertain values: a Latin hypercube or plain random points, mapped through each
value's inverse CDF, one column at a time.

The Latin hypercube is McKay, Beckman and Conover's (Technometrics 21, 239 (1979)), the design
``scipy.stats.qmc.LatinHypercube`` draws: each value's range is cut into n strata of equal probability, a
random permutation gives each sample its stratum, and a uniform draw places it inside. It is written here
rather than taken from scipy because the permutations are worth keeping: they are the samples' ranks, which
Spearman's rho needs (:mod:`synth.uncertainty.ranks`), and a sort of a million values costs more than the
whole draw. Columns are drawn one by one into the sample matrix: a unit hypercube beside it would hold a
second copy (72 MB at 10^6 samples of 9 values).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .parameters import Uncertain


def draw(parameters: Sequence[Uncertain], n: int, seed: int, method: str) -> tuple[np.ndarray, np.ndarray | None]:
    """``n`` samples of ``parameters``: (samples x values in each value's unit, and for a Latin hypercube the
    stratum 0..n-1 of every sample in each value, values x samples in int32, else None).

    The strata are returned only where they are the samples' ranks: where every value's inverse CDF keeps
    the strata apart (it does for any spread with a width; a value drawn equal for two strata has tied
    ranks, which only a sort averages)."""
    rng = np.random.default_rng(seed)
    values = np.empty((n, len(parameters)), order="F")  # a column a value: each written and read whole
    if method != "lhs":
        for i, p in enumerate(parameters):
            values[:, i] = p.values(rng.random(n)).magnitude
        return values, None
    strata = np.empty((len(parameters), n), dtype=np.int32)
    ranked = True
    for i, p in enumerate(parameters):
        strata[i] = rng.permutation(n)
        u = strata[i] + rng.random(n)
        u /= n
        column = p.values(u).magnitude
        values[:, i] = column
        ranked = ranked and _increasing(column, strata[i])
    return values, strata if ranked else None


def unit_values(parameters: Sequence[Uncertain], unit: np.ndarray) -> np.ndarray:
    """Samples in each parameter's unit from points of the unit hypercube (samples x values), column by
    column (a Saltelli design is drawn by SALib in the unit hypercube)."""
    out = np.empty(unit.shape)
    for i, p in enumerate(parameters):
        out[:, i] = p.values(unit[:, i]).magnitude
    return out


def _increasing(column: np.ndarray, strata: np.ndarray) -> bool:
    """The values of ``column`` rise strictly from stratum to stratum."""
    by_stratum = np.empty_like(column)
    by_stratum[strata] = column
    return bool(np.all(by_stratum[1:] > by_stratum[:-1]))
