"""Rows of the batch sheet's product section, for every sheet format. Presentation only."""

from __future__ import annotations

from ..sheet_product import ProductSection
from .sheet_format import BLANK, mass, qty

FIGURES = ["figure", "basis", "predicted"]
CHECKS = ["QC check on the batch", "reported [source]", "predicted by synth", "where in the source", "result",
          "initials"]
NOTE = ("Predicted: computed from the route and the species data (how each is computed: `synth product`). "
        "Reported: measured on the material in the recipe's source. Measure each QC property on a sample of the "
        "batch and write the result beside it; a property synth cannot compute has no predicted value.")


def title(p: ProductSection) -> str:
    return f"{p.material} ({p.step} output, {mass(p.mass)} per batch)"


def figure_rows(p: ProductSection) -> list[list]:
    return [[f.label, f.basis, qty(f.value)] for f in p.figures]


def check_rows(p: ProductSection) -> list[list]:
    return [[c.label, f"{qty(c.reported)} [{c.source}]",
             "; ".join(f"{qty(f.value)} ({f.label}, {f.basis})" for f in c.predicted) or "not predicted",
             c.where or "", BLANK, BLANK] for c in p.checks]
