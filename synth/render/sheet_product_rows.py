"""Rows of the batch sheet's product section, for every sheet format. Presentation only."""

from __future__ import annotations

from ..sheet_product import ProductSection
from .plant_units import SHEET, PlantUnits
from .sheet_format import BLANK, m, plain

FIGURES = ["figure", "basis", "predicted"]
CHECKS = ["QC check on the batch", "reported [source]", "predicted by synth", "where in the source", "result",
          "initials"]
NOTE = ("Predicted: computed from the route and the species data (how each is computed: `synth product`). "
        "Reported: measured on the material in the recipe's source. Measure each QC property on a sample of the "
        "batch and write the result beside it; a property synth cannot compute has no predicted value.")


def title(p: ProductSection, u: PlantUnits = SHEET) -> str:
    return f"{p.material} ({p.step} output, {m(p.mass, u)} per batch)"


def figure_rows(p: ProductSection, u: PlantUnits = SHEET) -> list[list]:
    """Each figure as the product module gives it; a mass, temperature, ... in the plant unit (a fraction or a
    specific figure such as mAh/g stays as it is, to compare with the source)."""
    return [[f.label, f.basis, plain(f.value, u)] for f in p.figures]


def check_rows(p: ProductSection, u: PlantUnits = SHEET) -> list[list]:
    return [[c.label, f"{plain(c.reported, u)} [{c.source}]",
             "; ".join(f"{plain(f.value, u)} ({f.label}, {f.basis})" for f in c.predicted) or "not predicted",
             c.where or "", BLANK, BLANK] for c in p.checks]
