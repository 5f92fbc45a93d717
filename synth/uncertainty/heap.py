"""How this process's C allocator holds the memory numpy frees: kept for reuse by a worker, given back after
work on threads. glibc only (Linux); elsewhere these do nothing and the allocator keeps its own ways.

A fresh page costs more than the arithmetic on it on this kind of machine: the kernel zeroes each page on
its first touch, and on a virtual machine the host may have to find it too.
"""

from __future__ import annotations

from functools import lru_cache

#: glibc's mallopt parameters (malloc.h): M_TRIM_THRESHOLD and M_MMAP_THRESHOLD, and the largest mmap threshold
#: it accepts on a 64-bit system (DEFAULT_MMAP_THRESHOLD_MAX, 32 MiB).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX = -1, -3, 32 * 2**20


@lru_cache(maxsize=1)
def _glibc():
    """glibc, or None (musl, macOS, Windows: no mallopt or malloc_trim)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except (OSError, TypeError):
        return None


def keep() -> None:
    """Let this process keep the memory it frees for its next use (a worker process: see
    :mod:`synth.uncertainty.forked`).

    A chunk allocates and frees thousands of arrays of a quarter megabyte. By default glibc serves each from
    fresh pages (mmap, or a heap it trims back after each free); two workers doing that at once ran 1.3
    times slower each than one alone on a machine of 2 cores. Served from a heap that is kept, both run at
    full speed. A worker lives for one analysis, so the memory it keeps is given back when it ends."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX)
        libc.mallopt(M_TRIM_THRESHOLD, 2**30)


def give_back() -> None:
    """Return the free memory of every allocator arena to the system (``malloc_trim``): each thread that
    allocates gets an arena of its own, and keeps what it freed in it, so work done on threads (drawing the
    samples) would otherwise leave its peak held through what comes after (the route's evaluation)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
