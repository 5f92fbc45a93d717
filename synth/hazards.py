"""GHS hazard data of the route's substances, from ``synth/data/hazards.yaml`` (CLP Annex VI, supplier SDS)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def table() -> dict:
    """Formula -> {hazard, ghs, ref}."""
    text = resources.files("synth.data").joinpath("hazards.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["substances"]


def describe(formula: str) -> str:
    """One line: the hazard in words and its GHS codes ('' when the substance is not listed)."""
    entry = table().get(formula)
    if not entry:
        return ""
    return f"{entry['hazard']} ({', '.join(entry['ghs'])})"
