"""``synth validate``: every problem of a recipe, the schema's first, then a dry run of the route.

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
    problems = list(_schema_problems_once(recipe))
    if not problems:
        problems += _dry_run(recipe)
    return problems


def _dry_run(recipe: Recipe) -> list[str]:
    """Run the route once at the recipe's lab scale: flow between steps, returns, equipment and element
    balances."""
    try:
        run(recipe).recycles()  # recycles() checks returns: which output goes back to which step
    except SynthError as exc:
        return [str(exc)]
    return []
