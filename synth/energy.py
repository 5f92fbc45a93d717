"""Energy of a route by kind, never netted across steps: heat to supply, heat to remove, electricity.

Each step states its demands as :class:`~synth.steps.base.Duty` entries (``Heat.duties``): furnaces, leach
and coating through :func:`synth.steps.base.thermal_duties`, the recycling through its dehydration and cell.
:func:`route_energy` is the one computation of the totals: ``synth scale`` (terminal, JSON, sheet) and
``synth sweep`` both call it, so their figures are the same number.
"""

from __future__ import annotations

from dataclasses import dataclass

from .steps.base import Duty, StepResult
from .units import Q_, ureg
from .vector import fmt

KINDS = ("heating", "cooling", "electricity")
_J = ureg.Unit("J")


def step_duties(s: StepResult) -> tuple[Duty, ...]:
    """The duties of step ``s`` (every step type states its own)."""
    return s.heat.duties


@dataclass(frozen=True)
class RouteEnergy:
    """Totals of a batch by kind, quantities in J per batch (arrays over a sweep's grid).

    ``primary`` is what is bought: heating at its stated efficiency (``Duty.primary``; the heat itself where no
    efficiency is stated) plus the electricity drawn. Cooling is heat to remove, not energy bought."""

    heating: object
    cooling: object
    electricity: object
    primary: object
    duties: tuple[tuple[str, Duty], ...]  # (step id, duty) in step order


def route_energy(plan) -> RouteEnergy:
    """Heating, cooling, electricity and primary energy of ``plan`` (a :class:`synth.route.Plan`)."""
    return plan.once("energy", lambda: _route_energy(plan))


def _route_energy(plan) -> RouteEnergy:
    duties = tuple((s.id, d) for s in plan.steps for d in step_duties(s))
    total = {kind: sum((d.energy_J for _, d in duties if d.kind == kind), 0.0) for kind in KINDS}
    primary = sum((d.primary_J if d.primary_J is not None else d.energy_J for _, d in duties
                   if d.kind in ("heating", "electricity")), 0.0)
    return RouteEnergy(Q_(total["heating"], _J), Q_(total["cooling"], _J), Q_(total["electricity"], _J),
                       Q_(primary, _J), duties)


def fuel_assumption(energy: RouteEnergy) -> str:
    """What counting ``energy.primary`` as fuel assumes, in words for the cost and CO2e notes: no boiler or
    heater loss where the recipe states no efficiency, and none in raising an evaporator's steam (its steam
    economy is stated, the boiler behind it is not)."""
    bare = [(step, d) for step, d in energy.duties if d.kind == "heating" and d.efficiency_source is None]
    kwh = sum((d.energy_J for _, d in bare), 0.0) / 3.6e6
    unstated = (f" ({fmt(kwh, '.4g')} kWh state no efficiency: {', '.join(f'{step} {d.name}' for step, d in bare)})"
                if bare else "")
    return (f"assumption: the fuel is the heat it delivers, directly or as steam, with no boiler or flue loss"
            f"{unstated}; state heating.efficiency in the recipe to count the losses")
