"""Drawing samples of the uncertain values: a Latin hypercube or plain random points, mapped through each
value's inverse CDF, one column at a time.

The Latin hypercube is McKay, Beckman and Conover's (Technometrics 21, 239 (1979)), the design
``scipy.stats.qmc.LatinHypercube`` draws: each value's range is cut into n strata of equal probability, a
random permutation gives each sample its stratum, and a uniform draw places it inside. It is written here
rather than taken from scipy because the permutations are worth knowing: they are the samples' ranks, which
Spearman's rho needs (:mod:`synth.uncertainty.ranks`), and a sort of a million values costs more than the
whole draw. Each value has random generators of its own (numpy's spawned generators: independent, and the
same for the same seed), so its column is drawn whole into the sample matrix, and its strata can be drawn
again later rather than held.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .heap import give_back
from .parameters import Uncertain
from .ranks import threaded

#: Columns drawn at once, at most: each holds its temporaries (about 35 bytes a sample: 35 MB at 10^6, 350 at
#: 10^7), and numpy's shuffle holds the GIL, so a third thread adds memory for little time.
DRAW_THREADS = 2


@dataclass(frozen=True)
class Strata:
    """The strata of a Latin hypercube, as a recipe to draw them again: the permutations come from a generator
    of their own, so they can be drawn again when Spearman's rho needs them, rather than held (36 MB at 10^6
    samples of 9 values) while the route is evaluated, when memory peaks."""

    seed: int
    n: int
    d: int

    def ranks(self) -> np.ndarray:
        """The centred doubled ranks of the samples in each value (values x samples, int32: see
        :mod:`synth.uncertainty.ranks`): a sample's stratum s (0..n-1) is its rank s + 1."""
        out = np.empty((self.d, self.n), dtype=np.int32)
        for i, (strata, _) in enumerate(_generators(self.seed, self.d)):
            out[i] = _strata(strata, self.n)
        out *= 2
        out += 1 - self.n
        return out


def draw(parameters: Sequence[Uncertain], n: int, seed: int, method: str,
         threads: int = 1) -> tuple[np.ndarray, Strata | None]:
    """``n`` samples of ``parameters``: (samples x values in each value's unit, and for a Latin hypercube its
    :class:`Strata`, else None).

    The strata are returned only where they are the samples' ranks: where every value's inverse CDF keeps
    the strata apart (it does for any spread with a width; a value drawn equal for two strata has tied
    ranks, which only a sort averages). A Latin hypercube's columns are made on ``threads`` threads, at most
    :data:`DRAW_THREADS` (each value has generators of its own, so the numbers do not depend on the threads),
    and the memory the threads' allocators kept is then given back (:func:`synth.uncertainty.heap.give_back`):
    else it stays held through the route's evaluation, 40 MB more at a million samples' peak. Plain random
    points come from one generator, in order."""
    values = np.empty((n, len(parameters)), order="F")  # a column a value: each written and read whole
    if method != "lhs":
        rng = np.random.default_rng(seed)
        for i, p in enumerate(parameters):
            values[:, i] = p.values(rng.random(n)).magnitude
        return values, None
    generators = _generators(seed, len(parameters))

    def column(i: int) -> bool:
        """Draw value ``i``'s column; True if its values rise strictly with its strata."""
        strata, places = generators[i]
        stratum = _strata(strata, n)
        u = places.random(n)
        u += stratum
        u /= n
        values[:, i] = made = parameters[i].values(u).magnitude
        return _increasing(made, stratum)

    threads = min(threads, DRAW_THREADS)
    ranked = all(threaded(column, range(len(parameters)), threads))
    if threads > 1:
        give_back()
    return values, Strata(seed, n, len(parameters)) if ranked else None


def _strata(generator: np.random.Generator, n: int) -> np.ndarray:
    """Each sample's stratum: ``generator.permutation(n)``, the same numbers, shuffled as int32 (half the
    memory to move about: a quarter faster at 10^6; n <= 10^7 < 2^31)."""
    out = np.arange(n, dtype=np.int32)
    generator.shuffle(out)
    return out


def _generators(seed: int, d: int) -> list[tuple[np.random.Generator, np.random.Generator]]:
    """For each of ``d`` values, the generator of its strata's permutation and that of each sample's place in
    its stratum."""
    spawned = np.random.default_rng(seed).spawn(2 * d)
    return list(zip(spawned[:d], spawned[d:], strict=True))


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
