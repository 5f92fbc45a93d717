"""Routes side by side: the figures an engineer puts on one slide, each from the route's own evaluation.

:func:`compare` evaluates each recipe at its basis once and reads cost, metrics, time, hazards and the
worst thermal-safety class from that one plan, so every column agrees with ``synth scale`` and
``synth cost`` for the same recipe and basis.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..provenance import recipe_record
from ..recipe import Recipe
from ..route import Plan
from ..units import Q_, to_json
from .costing import Cost
from .metrics import Metrics
from .prices import PriceBook

TOP_LINES = 3


@dataclass(frozen=True)
class Column:
    """One route of a comparison: its plan, cost and metrics, and the figures read from them."""

    recipe: Recipe
    basis: str
    plan: Plan
    cost: Cost
    metrics: Metrics

    @property
    def time_per_batch(self):
        return Q_(sum(s.time_s for s in self.plan.steps), "s").to("h")

    @property
    def bottleneck(self) -> tuple[str, object]:
        worst = max(self.plan.steps, key=lambda s: s.time_s)
        return worst.id, Q_(worst.time_s, "s").to("h")

    @property
    def criticality(self) -> tuple[int, str] | None:
        """The worst Stoessel criticality class of the route's exothermic steps, and the step (None if none)."""
        classes = [(int(s.heat.runaway.criticality), s.id) for s in self.plan.steps if s.heat.runaway is not None]
        return max(classes) if classes else None

    @property
    def hazards(self) -> list[str]:
        """The gases and charged reagents with a GHS classification, by formula, in route order."""
        from ..hazards import table

        listed = table(self.plan.db)  # with what user species files state
        seen: list[str] = []
        for s in self.plan.steps:
            for stream in (*s.inputs.values(), *s.outputs.values()):
                for pd, _ in stream.items():
                    if listed.get(pd.formula.text, {}).get("ghs") and pd.formula.text not in seen:  # [] = none
                        seen.append(pd.formula.text)
        return seen

    def to_json(self) -> dict:
        step, time = self.bottleneck
        return {
            "recipe": recipe_record(self.recipe),
            "basis": self.basis,
            "cost_per_kg": to_json(self.cost.per_kg),
            "top_cost_lines": [{**row, "cost_per_kg": to_json(row["cost_per_kg"])}
                               for row in self.cost.breakdown()[:TOP_LINES]],
            "unpriced": [line.item for line in self.cost.unpriced],
            "metrics": self.metrics.to_json(),
            "time_per_batch": to_json(self.time_per_batch),
            "bottleneck": {"step": step, "time": to_json(time)},
            "worst_criticality_class": None if self.criticality is None else
            {"class": self.criticality[0], "step": self.criticality[1]},
            "hazards": self.hazards,
        }


def compare(routes: list[tuple[Recipe, str]], book: PriceBook) -> list[Column]:
    """Each ``(recipe, basis)`` on its line, costed with ``book`` and measured (as ``synth cost`` does)."""
    from .plant_cost import line_cost

    columns = []
    for recipe, basis in routes:
        line, result, measured = line_cost(recipe, book, basis=basis)
        columns.append(Column(recipe, basis, line.plan, result, measured))
    return columns


def bases(recipes: list[Recipe], given: list[str]) -> list[str]:
    """The basis of each recipe from ``--basis``: one ``QUANTITY`` (each recipe's own product), one
    ``PRODUCT=QUANTITY`` for all, or one per recipe in order."""
    from ..errors import InputError

    if len(given) == len(recipes) and len(given) > 1:
        return given
    if len(given) != 1:
        raise InputError(f"--basis: give one basis for all {len(recipes)} routes ('1 kg' for each route's product) "
                         f"or one per route, in order; got {len(given)}")
    text = given[0]
    if "=" in text:
        return [text] * len(recipes)
    return [f"{r.data.get('product')}={text}" for r in recipes]
