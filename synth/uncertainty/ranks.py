"""Spearman's rank correlation of every output with every uncertain value, over up to 10^7 samples.

Spearman's rho is Pearson's r of the ranks, ties taking the mean of their ranks (``scipy.stats.spearmanr``).
Ranks are held here as *centred doubled ranks*, c = 2 r - (n + 1): whole numbers even for a tie (whose rank
is a half), |c| < n <= 10^7 < 2^31 so int32 holds them (half the memory of float64: at 10^6 samples that is
what keeps a Monte Carlo under 500 MB), and they sum to exactly 0 with or without ties, since the ranks
always sum to n (n + 1) / 2. So r = c_x . c_y / (|c_x| |c_y|).

Every column is ranked once (a sort each, the cost of the analysis), the outputs on threads (numpy sorts
without the GIL), and a Latin hypercube's values need no sort: their strata are their ranks
(:func:`synth.uncertainty.sampling.draw`). An output's sums of products with every value are then formed a
block of samples at a time, and its ranks dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

BLOCK = 2**16  # samples per block of the sums of products (int64: 9 values and an output are 5 MB)
PROBE = 4096  # samples whose ranks pick the one value an output may follow (:func:`follower`)
RADIX = 2**16  # values above which :func:`ordered` sorts by radix (below, its fixed cost outweighs its gain)


def centred(x: np.ndarray) -> np.ndarray:
    """The centred doubled ranks of ``x`` (int32): ties share the mean of their ranks."""
    return ranked(x)[0]


def ranked(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(:func:`centred` ranks of ``x``, ``x`` sorted): one sort gives both (the percentiles read the second)."""
    n = len(x)
    order, s = ordered(x)
    first = np.empty(n, dtype=bool)
    first[:1] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    out = np.empty(n, dtype=np.int32)
    if first.all():  # no ties (the usual case for a continuous value): 1 - n, 3 - n, ..., n - 1 in sorted order
        out[order] = np.arange(1 - n, n, 2, dtype=np.int32)
        return out, s
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], n)
    out[order] = np.repeat(starts + ends - n, ends - starts)  # (start + 1 + end) - (n + 1): a tie's mean, doubled
    return out, s


def ordered(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(an order that sorts ``x``, ``x`` sorted in it): :func:`numpy.argsort`'s result up to the order of equal
    values, which no rank or percentile reads.

    Above :data:`RADIX` finite values it is a radix sort: each value gets a 32-bit key that never falls as
    the value rises (its place between the least and the greatest, in 2^32 - 2^12 steps: a subtraction, a
    product and a truncation, each monotone as rounded), and two stable counting sorts of 16 bits each
    (numpy sorts 16-bit integers so) order the keys. Values the key cannot tell apart (within one step of
    each other) may then be out of order; where any is, a stable merge sort, quick on a sequence so nearly
    sorted, puts them in order. At 10^6 values this is 1.6 to 2.3 times as fast as ``np.argsort`` and the
    gather of the sorted values (35 to 50 ms against 80 to 90 here), and a Monte Carlo sorts an output so for
    its ranks. A few values far out (one 1e300 among values in [0, 1)) put the rest in one key, and the merge
    sort then does all the work: slower than ``np.argsort`` (0.2 s against 0.1), never wrong."""
    if len(x) > RADIX and x.dtype.kind == "f":  # else few values, or whole numbers (the key is formed in floats)
        lo, hi = x.min(), x.max()
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            step = (2.0**32 - 2.0**12) / (hi - lo)  # the 2^12 spare: (x - lo) * step may round past 2^32 - 2^12
        if np.isfinite(lo) and np.isfinite(hi) and np.isfinite(step) and step > 0:  # not NaN, inf, a constant
            return _radix(x, lo, step)
    order = np.argsort(x)
    return order, x[order]


def _radix(x: np.ndarray, lo: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`ordered` by the 32-bit key ``(x - lo) * step``, then the merge sort where the key fell short."""
    key = x - lo
    key *= step
    key = key.astype(np.uint32)
    order = np.argsort(key.astype(np.uint16), kind="stable")  # the low 16 bits
    key >>= 16
    order = order[np.argsort(key.astype(np.uint16)[order], kind="stable")]
    s = x[order]
    if not np.all(s[1:] >= s[:-1]):
        fix = np.argsort(s, kind="stable")
        order, s = order[fix], s[fix]
    return order, s


def follower(y: np.ndarray, x: np.ndarray, head: np.ndarray | None = None) -> tuple[int, int, np.ndarray] | None:
    """Where output ``y`` rises or falls strictly with one value, whose ranks (centred doubled, each row of
    ``x`` a permutation: a Latin hypercube's) are then its own: (that row, +1 or -1, ``y`` sorted), else None.

    An output set by one value alone (the porosity by the shrinkage, a leach's temperature rise by the acid's
    excess) is common: 8 of the 19 outputs of ampsi that move. Its ranks need no sort: the row is picked from
    Spearman's rho over the first :data:`PROBE` samples (``head``: their ranks in each value, from
    :func:`probed`, which one analysis takes once for all its outputs) and then checked over all, by placing
    each sample at its rank in that value (one pass): the output must rise, or fall, strictly from place to
    place."""
    n = len(y)
    if n <= PROBE:
        return None
    rho = correlations(probed(x) if head is None else head, [centred(y[:PROBE])])[:, 0]
    if not np.isfinite(rho).any():  # constant over the probe (it moves only further on): no value to pick
        return None
    row = int(np.nanargmax(np.abs(rho)))
    if not abs(rho[row]) > 1.0 - 1e-9:
        return None
    placed = np.empty_like(y)
    placed[(x[row] + (n - 1)) >> 1] = y  # rank - 1 = (c + n - 1) / 2
    sign = 1 if rho[row] > 0 else -1
    steps = placed[1:] > placed[:-1] if sign > 0 else placed[1:] < placed[:-1]
    if not steps.all():
        return None
    return row, sign, placed if sign > 0 else placed[::-1]


def probed(x: np.ndarray) -> np.ndarray:
    """The ranks of the first :data:`PROBE` samples in each value (a row of ``x``), among themselves."""
    return of_columns(np.ascontiguousarray(x[:, :PROBE].T))


def of_columns(columns: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """The centred doubled ranks of each column of a samples x k array (of its ``rows`` only, a boolean
    mask, if given), as k x samples."""
    k = columns.shape[1]
    out = np.empty((k, columns.shape[0] if rows is None else int(rows.sum())), dtype=np.int32)
    for i in range(k):
        out[i] = centred(columns[:, i] if rows is None else columns[rows, i])
    return out


def correlations(x: np.ndarray, ys: Sequence[np.ndarray]) -> np.ndarray:
    """Pearson's r of each row of ``x`` (values x samples) with each of ``ys`` (centred ranks: see the module),
    as values x len(ys); a constant column gives NaN.

    The sums are whole numbers, formed exactly in int64 a block of samples at a time (|c| < n, so a block's
    sum is below BLOCK x n^2 <= 6.6e18 < 2^63 for n <= 10^7) and added up in float64. Not through BLAS: its own
    threads, called from the threads that rank the outputs, made those run one at a time."""
    d, n = x.shape
    dots, xx, yy = np.zeros((d, len(ys))), np.zeros(d), np.zeros(len(ys))
    for start in range(0, n, BLOCK):
        a = x[:, start:start + BLOCK].astype(np.int64)
        b = np.array([y[start:start + BLOCK] for y in ys], dtype=np.int64)
        dots += a @ b.T
        xx += np.einsum("ij,ij->i", a, a)
        yy += np.einsum("ij,ij->i", b, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip(dots / np.sqrt(np.outer(xx, yy)), -1.0, 1.0)


def threaded(work: Callable, items: Iterable, threads: int) -> list:
    """``[work(item) for item in items]``, on ``threads`` threads where more than one (numpy's sorts and
    selections release the GIL, so ranking outputs shares the cores)."""
    items = list(items)
    if threads <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(threads, len(items))) as pool:
        return list(pool.map(work, items))
