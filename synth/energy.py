"""Energy of a route by kind, never netted across steps: heat to supply, heat to remove, electricity.

Each step states its demands as :class:`~synth.steps.base.Duty` entries (``Heat.duties``). A step that
states none (the electrolysis step until it states its own) has them read off its heat parts: a part to
supply is heating, a part to remove is cooling, both at an unknown temperature level (NaN), and its
``Heat.electric`` is electricity. The parts of the cell itself (named ``... cell ...`` or ``electr...``: the
melt heated to cell T, the cell reaction and the electricity counted as heat) are one vessel's balance and are
netted there only: the Joule heat of the cell is what melts the salt and drives the reaction, and what is left
is heat to remove. :func:`route_energy` is the one computation of the totals: ``synth scale`` (terminal,
JSON, sheet) and ``synth sweep`` both call it, so their figures are the same number.
"""

from __future__ import annotations

from dataclasses import dataclass

from .steps.base import Duty, StepResult
from .vector import is_array

KINDS = ("heating", "cooling", "electricity")


def step_duties(s: StepResult) -> tuple[Duty, ...]:
    """The duties of step ``s``: its own, or those read off its heat parts (see the module docstring)."""
    if s.heat.duties:
        return s.heat.duties
    parts = {k: v for k, v in s.heat.parts.items() if not _in_cell(k)}
    if s.heat.electric is not None:
        parts["cell heat balance"] = sum(v for k, v in s.heat.parts.items() if _in_cell(k))
    out = []
    for name, q in parts.items():
        if is_array(q) or q > 0:
            out.append(Duty(name, "heating", q.clip(min=0.0) if is_array(q) else q, float("nan")))
        if is_array(q) or q < 0:
            out.append(Duty(name, "cooling", (-q).clip(min=0.0) if is_array(q) else -q, float("nan")))
    if s.heat.electric is not None:
        out.append(Duty("electrolysis", "electricity", s.heat.electric, s.T))
    return tuple(out)


def _in_cell(part: str) -> bool:
    """A heat part of an electrolysis cell's own balance (see the module docstring)."""
    return " cell " in f" {part} " or part.startswith("electr")


@dataclass(frozen=True)
class RouteEnergy:
    """Totals of a batch by kind [J per batch; arrays over a sweep's grid].

    ``primary`` is what is bought: heating at its stated efficiency (``Duty.primary``; the heat itself where no
    efficiency is stated) plus the electricity drawn. Cooling is heat to remove, not energy bought."""

    heating: float
    cooling: float
    electricity: float
    primary: float
    duties: tuple[tuple[str, Duty], ...]  # (step id, duty) in step order


def route_energy(plan) -> RouteEnergy:
    """Heating, cooling, electricity and primary energy of ``plan`` (a :class:`synth.route.Plan`)."""
    duties = tuple((s.id, d) for s in plan.steps for d in step_duties(s))
    total = {kind: sum((d.energy for _, d in duties if d.kind == kind), 0.0) for kind in KINDS}
    primary = sum((d.primary if d.primary is not None else d.energy for _, d in duties
                   if d.kind in ("heating", "electricity")), 0.0)
    return RouteEnergy(total["heating"], total["cooling"], total["electricity"], primary, duties)
