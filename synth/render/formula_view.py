"""Terminal tables and JSON for ``synth formula``: presentation of :mod:`synth.composition` results only."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from ..units import to_json


def composition(c) -> Table:
    """One formula: molar mass, then each element's count, mass and mole (atom) fractions."""
    table = Table(title=f"{c.formula.text}   M = {c.molar_mass.magnitude:.4f} g/mol", title_justify="left")
    for col in ("element", "count", "mass %", "mole %"):
        table.add_column(col, justify="left" if col == "element" else "right")
    for e, n in c.counts.items():
        table.add_row(e, f"{n:g}", f"{100 * c.mass_fractions[e]:.4f}", f"{100 * c.mole_fractions[e]:.4f}")
    return table


def balanced(eq, terms) -> Group:
    """The balanced equation and the mass of each term per mole of reaction (it closes: Σ in = Σ out)."""
    table = Table(title=eq.text, title_justify="left")
    for col in ("term", "ν", "M / g/mol", "mass / g per mol of reaction"):
        table.add_column(col, justify="left" if col == "term" else "right")
    for nu, c in terms:
        table.add_row(c.formula.text, f"{nu:g}", f"{c.molar_mass.magnitude:.4f}", f"{nu * c.molar_mass.magnitude:.4f}")
    return Group(table)


def source_line(source: str) -> str:
    """Where the atomic weights come from, printed once under the tables."""
    return f"atomic weights: {source}"


def composition_json(c) -> dict:
    return {"formula": c.formula.text, "molar_mass": to_json(c.molar_mass), "elements": c.counts,
            "mass_fractions": c.mass_fractions, "mole_fractions": c.mole_fractions, "atomic_weights": c.source}


def balanced_json(eq, terms) -> dict:
    return {"equation": eq.text, "terms": [{"coefficient": nu, **composition_json(c)} for nu, c in terms]}
