"""Generate synth/data/species.yaml (the builder is :mod:`synth.bundled_species`). Run from the repository root::

    python tools/build_species.py
"""

from __future__ import annotations

from synth.bundled_species import build, main

__all__ = ["build", "main"]

if __name__ == "__main__":
    main()
