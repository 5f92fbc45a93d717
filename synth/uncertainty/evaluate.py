"""Evaluating samples in chunks: on this process, on local worker processes, or mapped over a Dask cluster,
always with the same chunks.

A chunk is a slice of the sample matrix; :func:`chunk_outputs` evaluates it with the route engine that
serves ``synth sweep`` (:func:`synth.sweep.evaluate`), so a sample is computed by the code that computes a
batch. The chunk boundaries depend only on the number of samples, so a cluster returns the same numbers
as one process for the same seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from ..errors import InputError
from ..recipe import Recipe
from ..sweep import column
from ..units import Q_
from . import forked
from .parameters import Uncertain

#: Samples per route evaluation. A chunk of ampsi with its 9 uncertain values takes about 1,770 bytes per
#: sample at its peak (tracemalloc), so this is about 58 MB, within a sweep's MEMORY_BUDGET (synth.sweep).
#: 16,384 before: the fixed cost of a chunk's route runs (about 11 ms) was still a third of its time. Twice
#: this was up to 1.2 times as fast, but a million samples on two workers then held 570 MB (PSS) rather than
#: 460: each worker holds a chunk, beside the samples and the result columns. A constant, not measured per
#: run as a sweep's chunks are: the chunk boundaries depend only on the number of samples, so the numbers do
#: not depend on where the chunks ran.
CHUNK = 2**15
#: Samples evaluated here before workers are forked, to name the outputs (the columns they share).
PROBE = 2


@dataclass(frozen=True)
class Job:
    """What a worker needs to evaluate chunks: picklable, so a Dask worker can rebuild the rest."""

    recipe: Recipe
    basis: str | None
    price_files: tuple[str, ...]
    parameters: tuple[Uncertain, ...]


def chunks(n: int) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]


def chunk_outputs(job: Job, values: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, tuple[str, str]]]:
    """The sweep outputs for ``values`` (samples x parameters, in each parameter's unit): name -> array (read
    only: a view of the route's own array, or one value broadcast; the caller copies it where it belongs),
    and name -> (unit, meaning)."""
    from ..sweep import evaluate

    recipe_values = {p.path: Q_(values[:, i], p.unit) for i, p in enumerate(job.parameters) if p.path}
    book = _book(job.price_files)
    priced = {p.price: Q_(values[:, i], p.unit) for i, p in enumerate(job.parameters) if p.price}
    if priced:
        book = replace(book, prices=MappingProxyType({key: replace(price, value=priced.get(key, price.value))
                                                      for key, price in book.prices.items()}))
    found = evaluate(job.recipe, recipe_values, job.basis, None, book)
    n = len(values)
    return ({name: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for name, (_, v) in found.items()},
            {name: (o.unit, o.meaning) for name, (o, _) in found.items()})


@lru_cache(maxsize=8)
def _book(files: tuple[str, ...]):
    from ..cost import load_prices

    return load_prices(files)


def run(job: Job, samples: np.ndarray, client=None, progress: Callable[[int, int], None] | None = None,
        workers: int = 1) -> tuple[dict[str, np.ndarray], dict[str, tuple]]:
    """Every sample's outputs, chunk by chunk: here, on ``workers`` local processes (where this process can
    fork them: :mod:`synth.uncertainty.forked`; the outputs of the first :data:`PROBE` samples, evaluated
    here, name the columns they share), or as Dask tasks on ``client`` (a distributed.Client)."""
    n = len(samples)
    parts = chunks(n)
    columns: dict[str, np.ndarray] = {}
    meanings: dict[str, tuple] = {}
    if client is not None:
        futures = client.map(_guarded, [job] * len(parts), [samples[a:b] for a, b in parts],
                             [0] * len(parts), [b - a for a, b in parts], pure=False)
        for (start, stop), result in zip(parts, client.gather(futures), strict=True):
            _join(columns, meanings, n, start, stop, result)
        return columns, meanings
    workers = min(workers, len(parts))
    forking = workers > 1 and forked.possible()
    if forking:
        names, meaning = _guarded(job, samples, 0, min(n, PROBE))  # warms the caches the forks will inherit
        columns, meanings = forked.shared_columns(names, n), dict(meaning)
        rest = forked.evaluate(_guarded, job, samples, parts, workers, columns)
    else:
        rest = ((start, stop, *_guarded(job, samples, start, stop)) for start, stop in parts)
    done = 0
    held = []  # the workers' outputs that they did not write: written once the workers are gone (forked)
    try:
        for start, stop, found, meaning in rest:
            if forking:
                held.append((start, stop, found, meaning))
            else:
                _join(columns, meanings, n, start, stop, (found, meaning))
            done += stop - start
            if progress:
                progress(done, n)
    finally:
        rest.close()  # an error here (a progress bar's) stops the workers now, not when the generator is collected
    for start, stop, found, meaning in held:
        _join(columns, meanings, n, start, stop, (found, meaning))
    return columns, meanings


def _guarded(job: Job, samples: np.ndarray, start: int, stop: int):
    """One chunk; a failing sample is named by its parameter values."""
    try:
        return chunk_outputs(job, samples[start:stop])
    except InputError as exc:
        i = getattr(exc, "grid_point", None)
        if i is None:
            raise
        where = ", ".join(f"{p.name} = {samples[start + i, k]:.6g} {p.unit}" for k, p in enumerate(job.parameters))
        raise InputError(f"{exc}; the first failing sample has {where}") from None


def _join(columns: dict[str, np.ndarray], meanings: dict[str, tuple], n: int, start: int, stop: int,
          result: tuple) -> None:
    """Copy one chunk's outputs (:func:`chunk_outputs`) into the columns of all ``n`` samples."""
    found, meaning = result
    for name, values in found.items():
        column(columns, name, n)[start:stop] = values
    meanings.update(meaning)
