"""The product section of a batch sheet: per named material, the figures synth predicts and the QC checks
that compare the batch with the values the recipe reports.

Selects from ``products`` of the report (:func:`synth.product.as_json`) and computes nothing: a reported value
(tap density, BET surface area, ...) that synth cannot compute has no predicted value beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .units import from_json

#: Words for the basis of a predicted figure.
BASES = {"theoretical": "no shrinkage", "stated": "recipe", "route": "recipe", "reported": "at reported porosity"}


@dataclass(frozen=True)
class Predicted:
    """A figure synth computed for the material, on one basis, with how."""

    label: str
    basis: str
    value: object
    how: str


@dataclass(frozen=True)
class QCCheck:
    """A property to measure on the batch: the reported value and its source, and what synth predicts for it."""

    label: str
    reported: object
    source: str
    where: str | None
    predicted: tuple[Predicted, ...]


@dataclass(frozen=True)
class ProductSection:
    """One named material of the route on the sheet."""

    material: str
    step: str
    mass: object
    figures: tuple[Predicted, ...]
    checks: tuple[QCCheck, ...]
    notes: tuple[str, ...]


def sections(report: dict) -> tuple[ProductSection, ...]:
    """The product section of the sheet of ``report``, one entry per named material."""
    return tuple(_section(material, entry) for material, entry in report.get("products", {}).items())


def _section(material: str, entry: dict) -> ProductSection:
    composition = [_predicted(f"mass fraction {f['label']}", f) for f in entry["composition"].values()]
    figures = [_predicted(f["label"], f) for f in entry["figures"].values()]
    compared = {}
    for f in list(entry["composition"].values()) + list(entry["figures"].values()):
        if f.get("compare") and f["basis"] != "reported":
            compared.setdefault(f["compare"], []).append(_predicted(f["label"], f))
    checks = tuple(QCCheck(r["label"], from_json(r), r["source"], r.get("where"), _preferred(compared.get(key, [])))
                   for key, r in entry["reported"].items())
    return ProductSection(material, entry["step"], from_json(entry["mass"]), tuple(composition + figures), checks,
                          tuple(entry["notes"]))


def _preferred(found: list[Predicted]) -> tuple[Predicted, ...]:
    """The predictions at the recipe's own values where there are any, else those at no shrinkage."""
    recipe = tuple(p for p in found if p.basis == "recipe")
    return recipe or tuple(found)


def _predicted(label: str, f: dict) -> Predicted:
    return Predicted(label, BASES[f["basis"]], from_json(f), f["how"])


def references(report: dict) -> dict[str, str]:
    """The sources of the data the product figures cite (the lithiation data), by key."""
    return {k: v for entry in report.get("products", {}).values() for k, v in entry["references"].items()}
