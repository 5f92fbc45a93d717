"""Array-safe arithmetic for the step engine, so that one code path serves a batch and a sweep.

A scalar recipe gives floats; a sweep (:mod:`synth.sweep`) puts numpy arrays of the varied values where
the recipe had numbers, and the same step functions then compute every grid point at once. These
helpers keep Python's float semantics for scalars (so one batch's results are plain floats) and apply
element-wise for arrays; checks fail if any grid point fails.
"""

from __future__ import annotations

import math

import numpy as np


def is_array(x) -> bool:
    return isinstance(x, np.ndarray)


def maximum(a, b):
    """max(a, b), element-wise for arrays."""
    return np.maximum(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else max(a, b)


def anywhere(condition) -> bool:
    """True if ``condition`` holds for one value or any grid point."""
    if condition is True or condition is False or isinstance(condition, np.bool_):  # one value: no reduction
        return bool(condition)
    return bool(np.any(condition))


def summed(terms):
    """The sum of ``terms`` (0.0 for none), added from the first: Python's ``sum`` starts from 0, and over a
    grid 0 + x is one more operation on every point. The same bits as ``sum`` for one batch, where no term is
    -0.0 (0 + -0.0 is 0.0): amounts and masses, whose zero terms streams drop."""
    it = iter(terms)
    out = next(it, 0.0)
    if not isinstance(out, np.ndarray):
        return sum(it, 0.0 + out)  # one batch: sum's own loop, from a float as sum's 0 + first gives
    for term in it:
        out = out + term
    return out


def ceil_count(x):
    """The whole number of times ``x`` rounded up, at least 1 (runs of a vessel)."""
    if is_array(x):
        return np.maximum(1, np.ceil(x - 1e-9)).astype(np.int64)
    return max(1, math.ceil(x - 1e-9))


def ratio(a, b):
    """a / b, and 0 where b is 0 (a share of nothing is nothing)."""
    if is_array(a) or is_array(b):
        b = np.asarray(b, dtype=float)
        return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)
    return a / b if b else 0.0


def fmt(x, spec: str = "g") -> str:
    """``format(x, spec)``; for a grid, the range of values (``"12 to 31"``), for messages."""
    if not is_array(x):
        return format(x, spec)
    if not x.size:
        return "n/a"
    lo, hi = np.fmin.reduce(x, axis=None), np.fmax.reduce(x, axis=None)  # NaN ignored; NaN only if all are
    if np.isnan(lo):
        return "n/a"
    return format(lo, spec) if lo == hi else f"{format(lo, spec)} to {format(hi, spec)}"


def worst(x):
    """The grid value that matters for a warning (the largest), or ``x`` itself."""
    if not is_array(x):
        return x
    return None if np.all(np.isnan(x)) else float(np.nanmax(x))


def failing(condition) -> tuple[str, int | None]:
    """Where a check fails: ``""`` for one value, else ``" at 3 of 50 grid points"`` and the index of the
    first failing point, so that a message can quote its values (:func:`at`) and a sweep can name it."""
    if not is_array(condition):
        return "", None
    bad = np.flatnonzero(condition)
    return f" at {bad.size} of {condition.size} grid points", int(bad[0])


def at(x, i: int | None) -> float:
    """``x`` at grid point ``i`` (``x`` itself for one value, or for a value the grid does not vary)."""
    return float(x[i]) if i is not None and is_array(x) and x.ndim else float(x)
