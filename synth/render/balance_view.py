"""The element balance of every step and of the route, as rows, a rich table or JSON."""

from __future__ import annotations

from rich.table import Table

from ..route import BALANCE_TOLERANCE


def rows(plan) -> list[tuple[str, str, float, float, float]]:
    """(where, element, in mol, out mol, relative error) for each step and for the route."""
    out = []
    for where, bal in [(s.id, s.balance_mol()) for s in plan.steps] + [("route", plan.element_balance_mol())]:
        for element, (a, b) in bal.items():
            out.append((where, element, a, b, abs(a - b) / max(abs(a), abs(b), 1e-300)))
    return out


def table(rows_) -> Table:
    t = Table(title=f"element balance (closure required: relative error < {BALANCE_TOLERANCE:g})")
    for col in ("step", "element", "in / mol", "out / mol", "relative error"):
        t.add_column(col, justify="left" if col in ("step", "element") else "right")
    for where, element, a, b, err in rows_:
        t.add_row(where, element, f"{a:.10g}", f"{b:.10g}", f"{err:.1e}")
    return t


def as_json(rows_, plan, provenance: dict) -> dict:
    """``synth balance --json``: the rows with their amounts as quantities, and what they were computed from
    (``provenance``: the :func:`synth.provenance.provenance` record of the scaled recipe, as ``synth scale``
    states it)."""
    return {
        "recipe": {"name": plan.recipe.name, "sha256": plan.recipe.sha256},
        "scale_factor": plan.scale,
        "balance": [{"step": w, "element": e, "in": {"value": a, "unit": "mol"}, "out": {"value": b, "unit": "mol"},
                     "relative_error": err} for w, e, a, b, err in rows_],
        "provenance": provenance,
    }
