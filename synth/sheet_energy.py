"""The energy and cooling-failure parts of a batch sheet (:mod:`synth.sheet`): duties by kind and the runaway
scenario of each step, selected from the report of ``synth scale``; nothing is computed here."""

from __future__ import annotations

from dataclasses import dataclass

from .units import from_json


@dataclass(frozen=True)
class Duty:
    """One energy demand of a step by kind, at its temperature level, and what is bought at the stated
    efficiency (with the source of that efficiency: a reference key or an assumption label)."""

    name: str
    kind: str  # heating, cooling, electricity
    energy: object
    T: object | None
    primary: object | None
    source: str


@dataclass(frozen=True)
class Runaway:
    """If cooling fails: the temperature reached and what stops it, and Stoessel's class with its reasoning."""

    reached: object
    stop: str
    criticality: int
    reasoning: str


def duties(s: dict, labels: dict) -> tuple[Duty, ...]:
    """The duties of a report step, each with the source of its efficiency as the sheet cites it."""
    return tuple(Duty(d["name"], d["kind"], from_json(d["energy"]), d["T"] and from_json(d["T"]),
                      d["primary"] and from_json(d["primary"]), _efficiency_label(d["efficiency_source"], labels))
                 for d in s.get("duties", ()))


def runaway(s: dict) -> Runaway | None:
    """The cooling-failure scenario of a report step, if it is exothermic."""
    r = s.get("runaway")
    return r and Runaway(from_json(r["reached"]), r["stop"], r["criticality_class"], r["reasoning"])


def _efficiency_label(source: str | None, labels: dict) -> str:
    """``recipe.steps[0].heating.efficiency (ref X)`` as the sheet's source: the ref key, or the A-label."""
    if not source:
        return ""
    field, _, why = source.partition(" (")
    return why.removeprefix("ref ").rstrip(")") if why.startswith("ref ") else labels.get(field, "assumption")
