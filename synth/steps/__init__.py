"""Step types: each a pure function ``run(spec, ctx) -> StepResult``, registered by its recipe name."""

from __future__ import annotations

from . import coating, dry, electrolysis, filter, furnace, leach, mill, reactor, wash

STEP_TYPES = {
    "furnace": furnace.run,
    "acid_leach": leach.run,
    "electrolysis": electrolysis.run,
    "coating": coating.run,
    "wash": wash.run,
    "dissolve": wash.dissolve,
    "reactor": reactor.run,
    "filter": filter.run,
    "dry": dry.run,
    "mill": mill.run,
    "classify": mill.classify,
}
