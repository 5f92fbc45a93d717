"""Step types: each a pure function ``run(spec, ctx) -> StepResult``, registered by its recipe name."""

from __future__ import annotations

from . import coating, electrolysis, furnace, leach

STEP_TYPES = {
    "furnace": furnace.run,
    "acid_leach": leach.run,
    "electrolysis": electrolysis.run,
    "coating": coating.run,
}
