"""Chunks of samples on local worker processes that write their outputs straight into this process's columns.

The workers are forks of this process, made after a probe of a few samples has named the outputs
(:func:`synth.uncertainty.evaluate.run`): they start at once, with the samples, the job and the route's
caches as they are here, and nothing is pickled to them but two numbers per chunk. The result columns live
in one anonymous shared mapping, so a worker writes a chunk's outputs where they belong and sends back only
their meanings, any output the probe did not have, and each output that is one value throughout the chunk,
as that value (the caller writes it once the workers are gone: :func:`shared_columns`). Returning the
outputs by pickle had kept this process busy for a third of the workers' time, on a machine of two cores.

Forking needs a system where it is safe (Linux and the BSDs: macOS can fork, but its system libraries may
hold threads, and Python warns against it) and a process with no other Python thread (a thread holding a
lock when the fork happens leaves it held for ever in the child). Elsewhere, and in a notebook kernel, which
runs threads, :func:`possible` says no and the chunks are evaluated in the calling process. Threads that
native libraries keep idle (OpenBLAS's pool) do not count: they take no Python lock, and OpenBLAS resets
its own across a fork.

If a chunk fails, the chunks started before it are let finish and the failure of the earliest chunk is
raised, so the sample an error names is the first failing one, as in one process.

Signals. Ctrl-C reaches every process of the terminal's process group, the workers too. A worker ignores
it (:func:`_start`): this process alone answers it, cancelling the chunks not begun and letting the running
ones end before the pool shuts down. And the pool is started with SIGINT, SIGTERM and SIGHUP held back
(:func:`_deferred`): one that arrived after the pool forked its workers but before it started the thread
that feeds them would leave them waiting for work for ever, and this process waiting for them at its exit.
(The hang seen in one run in six of an interrupted million-sample analysis came from a second SIGINT
breaking the shutdown; the CLI now ignores later signals while it unwinds: synth.cli.app._interrupt. This
window is narrower, found by reading the pool's start, not seen.)
"""

from __future__ import annotations

import mmap
import sys
import warnings
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import numpy as np

from . import heap

FORKING = ("linux", "freebsd", "openbsd", "netbsd")  # sys.platform prefixes of the systems forked on
_SHARED: list = []  # (chunk, job, samples, columns) while a pool runs, for the forks to read (:func:`evaluate`)


def cores() -> int:
    """The processor cores this process may run on (its affinity where the system says, else all)."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def possible() -> bool:
    """This process can fork workers safely: a system where forking is (Linux, the BSDs), and no other Python
    thread runs."""
    import threading

    return sys.platform.startswith(FORKING) and threading.active_count() == 1


def shared_columns(names: Iterable[str], n: int) -> dict[str, np.ndarray]:
    """A column of ``n`` values per name, in memory that forks made later share. Not filled: each chunk
    writes every column (:func:`_chunk`), so that the pages are first touched by the workers, at once, not by
    this process before they start; except where a chunk's output is one value throughout, bit for bit (NaN
    where it has no such output): that value comes back, for the caller to write once the workers are gone
    (:func:`synth.uncertainty.evaluate.run`), so that those pages are not held at the peak, while the workers
    hold their chunks. ampsi has 6 such outputs of 27, its criticality classes and the temperatures of
    reactions that stop at a boiling point: 48 MB at a million samples."""
    names = list(names)
    block = np.frombuffer(mmap.mmap(-1, max(len(names) * n * 8, 1)), dtype=np.float64, count=len(names) * n)
    block = block.reshape(len(names), n)
    return {name: block[i] for i, name in enumerate(names)}


def evaluate(chunk: Callable, job, samples: np.ndarray, parts: list[tuple[int, int]], workers: int,
             columns: dict[str, np.ndarray]) -> Iterable[tuple[int, int, dict, dict]]:
    """(start, stop, outputs to write, meanings) of every chunk in ``parts``, in the order ``workers`` forked
    processes finish them; ``chunk(job, samples, start, stop)`` gives a chunk's (outputs, meanings). The
    outputs ``columns`` (from :func:`shared_columns`) has are written there by the worker, except those of one
    value throughout the chunk: those, as an array of that one value, and the outputs ``columns`` does not
    have are returned, for the caller to write (after the last chunk: then the workers are gone)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _SHARED[:] = [(chunk, job, samples, columns)]
    pool = None
    try:
        with _deferred(), warnings.catch_warnings():  # 3.12+ warns of any thread, a native library's idle ones too
            warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start)
            futures = {pool.submit(_chunk, a, b): a for a, b in parts}
        for future in as_completed(futures):
            if future.exception() is None:
                yield future.result()
                continue
            pool.shutdown(cancel_futures=True)  # chunks start in order: every earlier one has now run
            first = min((f for f in futures if f.done() and not f.cancelled() and f.exception() is not None),
                        key=futures.__getitem__)
            raise first.exception()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        _SHARED.clear()


#: The signals that stop an analysis (the CLI's: synth.cli.app), held back while its pool starts.
STOPS = ("SIGINT", "SIGTERM", "SIGHUP")


def _stops() -> set:
    """:data:`STOPS` that this system has (Windows has no SIGHUP)."""
    import signal

    return {getattr(signal, name) for name in STOPS if hasattr(signal, name)}


@contextmanager
def _deferred():
    """Hold back :data:`STOPS` in this thread while the pool starts: one that arrives meanwhile is delivered,
    and raised, as the block ends, when the pool and the thread that feeds its workers exist and a shutdown
    stops them. The workers, forked inside, inherit the mask; :func:`_start` lifts it."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _stops())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _start() -> None:
    """A worker's start: Ctrl-C ignored (this process answers it: see the module), SIGTERM and SIGHUP back to
    their default, ending the worker at once (the pool sees a worker end and stops the others), and the
    memory it frees kept for its next chunk (:func:`synth.uncertainty.heap.keep`)."""
    import signal

    for stop in _stops():
        signal.signal(stop, signal.SIG_IGN if stop == signal.SIGINT else signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the pool started (_deferred): let them through again
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _stops())
    heap.keep()


def _chunk(start: int, stop: int) -> tuple[int, int, dict, dict]:
    """One chunk on a worker: its outputs written into the shared columns; returned, the outputs the columns
    do not have, and as that value alone (an array of one) each output that is one value throughout the chunk
    (NaN for a column it has no output for: see :func:`shared_columns`)."""
    chunk, job, samples, columns = _SHARED[0]
    found, meanings = chunk(job, samples, start, stop)
    back = {}
    for name, column in columns.items():
        values = found.pop(name, _NONE)
        if _one_value(values):
            back[name] = values[:1]
        else:
            column[start:stop] = values
    return start, stop, found | back, meanings


_NONE = np.full(1, np.nan)  # a chunk's value for a column it has no output for


def _one_value(values: np.ndarray) -> bool:
    """Every value the same, bit for bit (-0.0 is not 0.0, and a NaN is the same NaN)."""
    bits = values.view(np.int64)
    return bool(bits.min() == bits.max())
