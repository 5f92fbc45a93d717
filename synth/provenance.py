"""What a result was computed from: data hashes and versions, stated beside every result."""

from __future__ import annotations

import platform

from . import __version__


def provenance(db, *more, **extra) -> dict:
    """Species-data hash and the versions of synth, Cantera and Python, plus ``extra`` items.

    ``more``: the databases of further routes of the same result (``synth compare`` runs each recipe with its
    own species files); every database holds synth's species data, and their species files are listed once each."""
    from .cantera_bridge import version as cantera_version

    files = dict.fromkeys(f for d in (db, *more) for f in d.files[1:])  # user species files, in order, once
    return {
        **extra,
        "species_data": {"file": db.source, "sha256": db.sha256},
        "species_files": [{"file": f, "sha256": h} for f, h in files],
        "versions": {"synth": __version__, "cantera": cantera_version(), "python": platform.python_version()},
    }


def of_line(line, book=None) -> dict:
    """What a result computed on a line plan (:class:`synth.plant.line.LinePlan`) came from: its recipe and plant
    with their sha256, the species data, the price files of ``book`` (a :class:`synth.cost.prices.PriceBook`)
    with theirs where it is given, and the versions. ``synth plan``, ``campaign``, ``cost`` and the sheet's cost
    section state this one record."""
    recipe = line.plan.recipe
    extra = {"recipe": {"name": recipe.name, "source": recipe.source, "sha256": recipe.sha256},
             "plant": line.plant.provenance()}
    if book is not None:
        extra["price_data"] = [{"file": f, "sha256": h} for f, h in book.files]
    return provenance(line.plan.db, **extra)
