"""GHS hazard data of the route's substances, from ``synth/data/hazards.yaml`` (CLP Annex VI, supplier SDS)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .units import from_json

NONE_IN_BATCH = "declared side reaction; none in this batch"


@cache
def _document() -> dict:
    text = resources.files("synth.data").joinpath("hazards.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster to start


def table() -> dict:
    """Formula -> {hazard, ghs, ref}."""
    return _document()["substances"]


def references() -> dict:
    """Key -> citation of the sources of the classifications (``CLP``, ``SDS``)."""
    return _document()["references"]


def describe(formula: str) -> str:
    """One line: the hazard in words and its GHS codes ('' when the substance is not listed)."""
    entry = table().get(formula)
    if not entry:
        return ""
    return f"{entry['hazard']} ({', '.join(entry['ghs'])})"


@dataclass(frozen=True)
class Hazard:
    """A hazardous substance in a step: its role there, mass per batch, hazard, GHS codes and their source."""

    step: str
    substance: str
    role: str
    mass: object
    hazard: str
    ghs: tuple[str, ...]
    source: str


def of_step(step: dict) -> list[Hazard]:
    """The listed hazardous substances of one step of a report (:func:`synth.report.step`), with their role
    and mass per batch: charged or carried in, released as gas, present in an output, or named by a declared
    reaction that does not run in this batch (SiH4 when no Mg2Si reaches the acid: 0 g, still on the sheet).
    """
    from .reaction import parse_equation

    found: dict[tuple[str, str], Hazard] = {}
    names = {key: entry["formula"] for key, entry in step["substances"].items()}

    def add(formula: str | None, role: str, mass: dict) -> None:
        entry = table().get(formula)
        if entry and (formula, role) not in found:
            found[(formula, role)] = Hazard(step["id"], formula, role, from_json(mass), entry["hazard"],
                                            tuple(entry["ghs"]), entry["ref"])

    for key, e in step["inputs"].items():
        add(names.get(key), "carried in" if e["streams"] == ["carried"] else "charged", e["mass"])
    for gas in step["gases"]:
        add(gas["species"].rsplit("(", 1)[0], "released as gas", gas["mass"])
    for key, e in step["outputs"].items():
        if e.get("phase") != "g":
            add(names.get(key), f"in output {' + '.join(e['streams'])}", e["mass"])
    for reaction in step["reactions"]:
        if reaction["extent"]["value"] == 0:
            for term in parse_equation(reaction["equation"]).products:
                if all(formula != term.formula.text for formula, _ in found):
                    add(term.formula.text, NONE_IN_BATCH, {"value": 0.0, "unit": "g"})
    return list(found.values())
