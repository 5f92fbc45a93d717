"""``synth validate``: every problem of a recipe, its species files' first, then the schema's, then a dry run
of the route; and the warnings a sound recipe still owes its user.

The schema (:mod:`synth.validate`) sits below the route engine, which checks it before every run; the dry
run checks what the schema cannot (that each step consumes what earlier steps produce, and that every
element balance closes) and so sits above the engine.
"""

from __future__ import annotations

from .errors import SynthError
from .recipe import Recipe
from .route import run
from .validate import _schema_problems_once


def validate(recipe: Recipe) -> list[str]:
    """Every problem of ``recipe`` as one message each; empty when the recipe is sound."""
    from .species_files import sources

    problems = species_file_problems(recipe)
    if problems:
        return problems
    problems = list(_schema_problems_once(recipe, tuple(sources(recipe, recipe.species_files))))
    if not problems:
        problems += _dry_run(recipe)
    return problems


def warnings(recipe: Recipe) -> list[str]:
    """What a sound recipe should still make its user check: substances without hazard data in synth."""
    from .hazards import unlisted

    return unlisted(run(recipe))


def species_file_problems(recipe: Recipe) -> list[str]:
    """Every problem of the species files the recipe runs with (continuity, ranges, sources, charges, Cp),
    then whether they merge with synth's own data (no silent shadowing)."""
    from .species_files import check, database_for, sources

    try:
        files = sources(recipe, recipe.species_files)
    except SynthError as exc:
        return [str(exc)]
    problems = [p for text, source in files for p in check(text, source)]
    if not problems and files:
        try:
            database_for(recipe)
        except SynthError as exc:
            problems.append(str(exc))
    return problems


def _dry_run(recipe: Recipe) -> list[str]:
    """Run the route once at the recipe's lab scale: flow between steps, returns, equipment and element
    balances."""
    try:
        run(recipe).recycles()  # recycles() checks returns: which output goes back to which step
    except SynthError as exc:
        return [str(exc)]
    return []
