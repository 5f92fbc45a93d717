"""What a result was computed from: data hashes and versions, stated beside every result."""

from __future__ import annotations

import platform

from . import __version__


def provenance(db, **extra) -> dict:
    """Species-data hash and the versions of synth, Cantera and Python, plus ``extra`` items."""
    from .cantera_bridge import version as cantera_version

    return {
        **extra,
        "species_data": {"file": db.source, "sha256": db.sha256},
        "species_files": [{"file": f, "sha256": h} for f, h in db.files[1:]],  # user species files
        "versions": {"synth": __version__, "cantera": cantera_version(), "python": platform.python_version()},
    }
