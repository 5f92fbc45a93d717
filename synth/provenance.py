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
        "species_files": file_records(files),
        "versions": {"synth": __version__, "cantera": cantera_version(), "python": platform.python_version()},
    }


def recipe_record(recipe) -> dict:
    """A recipe as results name it: its name, source and sha256."""
    return {"name": recipe.name, "source": recipe.source, "sha256": recipe.sha256}


def file_records(files) -> list[dict]:
    """(file, sha256) pairs (the species files of a database, the price files of a book) as results name them."""
    return [{"file": f, "sha256": h} for f, h in files]


def of_recipe(recipe, db, book=None, **extra) -> dict:
    """What a result computed from ``recipe`` came from: the recipe with its sha256, ``extra`` items, the species
    data ``db``, the versions, and the price files of ``book`` (a :class:`synth.cost.prices.PriceBook`) with
    theirs where it is given."""
    made_from = provenance(db, recipe=recipe_record(recipe), **extra)
    if book is not None:
        made_from["price_data"] = file_records(book.files)
    return made_from


def of_line(line, book=None) -> dict:
    """:func:`of_recipe` for a result computed on a line plan (:class:`synth.plant.line.LinePlan`), naming its
    plant with the sha256 of the plant's file: ``synth plan``, ``campaign``, ``cost`` and the sheet's cost
    section state this one record."""
    return of_recipe(line.plan.recipe, line.plan.db, book, plant=line.plant.provenance())
