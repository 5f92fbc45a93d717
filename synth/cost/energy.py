"""Energy of a batch by kind, never netted across steps: heating, cooling and electricity, each delivered
and as primary energy through the efficiencies the recipe states (:class:`synth.steps.base.Duty`)."""

from __future__ import annotations

from dataclasses import dataclass

import pint

from ..route import Plan
from ..units import Q_

KINDS = ("heating", "cooling", "electricity")


@dataclass(frozen=True)
class Energy:
    """One kind of energy per batch: what the process takes (``delivered``) and what must be bought
    (``primary``: delivered / efficiency, where the recipe states one; else equal to delivered)."""

    kind: str
    delivered: pint.Quantity
    primary: pint.Quantity


def energy_by_kind(plan: Plan) -> dict[str, Energy]:
    """Sum each kind of duty over the steps of ``plan`` [J per batch]."""
    delivered = dict.fromkeys(KINDS, 0.0)
    primary = dict.fromkeys(KINDS, 0.0)
    for step in plan.steps:
        for duty in step.heat.duties:
            delivered[duty.kind] = delivered[duty.kind] + duty.energy
            primary[duty.kind] = primary[duty.kind] + (duty.energy if duty.primary is None else duty.primary)
    return {k: Energy(k, Q_(delivered[k], "J"), Q_(primary[k], "J")) for k in KINDS}
