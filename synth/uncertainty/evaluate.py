"""Evaluating samples in chunks: on this process, on local worker processes, or mapped over a Dask cluster,
always with the same chunks.

A chunk is a slice of the sample matrix; :func:`chunk_outputs` evaluates it with the route engine that
serves ``synth sweep`` (:func:`synth.sweep.evaluate`), so a sample is computed by the code that computes a
batch. The chunk boundaries depend only on the number of samples, so a cluster returns the same numbers
as one process for the same seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from ..errors import InputError
from ..recipe import Recipe
from ..sweep import column
from ..units import Q_
from .parameters import Uncertain

#: Samples per route evaluation. A chunk of ampsi with its 9 uncertain values takes about 2,500 bytes per
#: sample at its peak (tracemalloc), so this is about 40 MB, within a sweep's MEMORY_BUDGET (synth.sweep);
#: 4,096 before, when the fixed cost of a route run per chunk was half of a sample's time. A constant, not
#: measured per run as a sweep's chunks are: the chunk boundaries depend only on the number of samples.
CHUNK = 2**14


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
    """The sweep outputs for ``values`` (samples x parameters, in each parameter's unit): name -> array, and
    name -> (unit, meaning)."""
    from ..sweep import evaluate

    recipe_values = {p.path: Q_(values[:, i], p.unit) for i, p in enumerate(job.parameters) if p.path}
    book = _book(job.price_files)
    priced = {p.price: Q_(values[:, i], p.unit) for i, p in enumerate(job.parameters) if p.price}
    if priced:
        book = replace(book, prices=MappingProxyType({key: replace(price, value=priced.get(key, price.value))
                                                      for key, price in book.prices.items()}))
    found = evaluate(job.recipe, recipe_values, job.basis, None, book)
    n = len(values)
    return ({name: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for name, (_, v) in found.items()},
            {name: (o.unit, o.meaning) for name, (o, _) in found.items()})


@lru_cache(maxsize=8)
def _book(files: tuple[str, ...]):
    from ..cost import load_prices

    return load_prices(files)


def run(job: Job, samples: np.ndarray, client=None, progress: Callable[[int, int], None] | None = None,
        workers: int = 1) -> tuple[dict[str, np.ndarray], dict[str, tuple]]:
    """Every sample's outputs, chunk by chunk: here, on ``workers`` local processes, or as Dask tasks on
    ``client`` (a distributed.Client). Each chunk's outputs are copied into the columns as it is done, so that
    only the chunks in flight are held at a time."""
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
    done = 0
    for start, stop, result in _local(job, samples, parts, min(workers, len(parts))):
        _join(columns, meanings, n, start, stop, result)
        done += stop - start
        if progress:
            progress(done, n)
    return columns, meanings


def cores() -> int:
    """The processor cores this process may run on (its affinity where the system says, else all)."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _local(job: Job, samples: np.ndarray, parts: list[tuple[int, int]], workers: int) -> Iterator[tuple]:
    """(start, stop, outputs) of every chunk, evaluated here in order (one worker) or by ``workers``
    processes in the order they finish. Where the system can fork (Linux) and no other thread runs, the
    workers are forks of this process: they start at once, with the route's caches as warm as here;
    elsewhere they start fresh and import synth (about a second each)."""
    if workers <= 1:
        for start, stop in parts:
            yield start, stop, _guarded(job, samples, start, stop)
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and threading.active_count() == 1 else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt, initargs=(job,))
    try:
        futures = {pool.submit(_adopted, samples[a:b]): (a, b) for a, b in parts}
        for future in as_completed(futures):
            yield *futures.pop(future), future.result()  # popped: a future holds its chunk's outputs
    finally:
        pool.shutdown(cancel_futures=True)


_JOB: list[Job] = []  # a worker process's job, set once when it starts (:func:`_adopt`)


def _adopt(job: Job) -> None:
    _JOB[:] = [job]
    _keep_the_heap()


#: glibc's mallopt parameters (malloc.h): M_TRIM_THRESHOLD and M_MMAP_THRESHOLD, and the largest mmap threshold
#: it accepts on a 64-bit system (DEFAULT_MMAP_THRESHOLD_MAX, 32 MiB).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX = -1, -3, 32 * 2**20


def _keep_the_heap() -> None:
    """Let a worker process keep the memory it frees for its next chunk (glibc only; elsewhere nothing).

    A chunk allocates and frees thousands of arrays of a quarter megabyte. By default glibc serves each from
    fresh pages (mmap, or a heap it trims back after each free), and the kernel zeroes every page on its first
    touch; two workers doing that at once ran 1.3 times slower each than one alone on this 2-core machine
    (bench/bench.py). Served from a heap that is kept, both run at full speed. A worker lives for one
    analysis, so the memory it keeps is given back when it ends."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX)
        libc.mallopt(M_TRIM_THRESHOLD, 2**30)
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS, Windows): its own allocator's ways
        pass


def _adopted(values: np.ndarray):
    """One chunk on a worker process, of the job it adopted."""
    return _guarded(_JOB[0], values, 0, len(values))


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
