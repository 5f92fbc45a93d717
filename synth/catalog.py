"""The recipes shipped with synth, listed without importing the calculation stack (pint, Cantera)."""

from __future__ import annotations

from importlib import resources


def bundled() -> list[str]:
    """Names of the bundled recipes (``ampsi``, ``ns-mpsi``)."""
    return sorted(p.name[:-5] for p in resources.files("synth.recipes").iterdir() if p.name.endswith(".yaml"))
