"""Generate synth/data/species.yaml (the builder is :mod:`synth.bundled_species`). Run from the repository root::

    python tools/build_species.py
"""

from __future__ import annotations

from synth.bundled_species import REPO, build, write

__all__ = ["build", "write"]

if __name__ == "__main__":
    print(f"wrote {write().relative_to(REPO)}")
