"""The operator's procedure of a step: numbered actions (1.1 "Charge Si", 1.2 "Seal and purge", ...).

Presentation only: each action is a charge, a set-point or a check of :class:`synth.sheet.Step`, in the
order an operator meets them (charge, close and purge, gas, heat, hold, stir, dose, cool, wash, dry, check,
discharge), with the set-point as the recipe or the balance gives it and its source (a reference key, ``A<n>``
for an assumption, ``BOM <n>`` for a weighed charge, ``balance`` for a figure of the mass balance). The
batch sheets, the workbook and the BatchML master recipe number and word the procedure from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sheet import BomLine, Setting, Step

#: set-point name -> (order within its stage, the action in words); others read "Set <name>"
VERBS = {"atmosphere": (0, "Close and purge"), "species": (1, "Connect the supply"),
         "concentration": (2, "Make up at"), "excess": (3, "Excess over demand"),
         "ramp": (4, "Heat at"), "T": (5, "Bring to temperature"),
         "hold": (6, "Hold for"), "stirring": (7, "Stir"), "dosing": (8, "Dose over"), "cool": (9, "Cool for"),
         "water": (10, "Wash with water"), "moisture": (11, "Dry to a moisture of at most"), "flow": (12, "Purge at"),
         "charge": (-1, "Charging takes"), "discharge": (13, "Discharging takes"), "cleaning": (14, "Clean for")}
VIA = {"gas": "Feed {0} gas{1}", "purge": "Feed {0} gas{1}",
       "air": "Let the batch take up {0}{1} from the air (not weighed)"}  # how a fresh stream comes in
#: the equipment (stated in the step's heading) and its figures, which the operator does not set
SKIPPED = ("name", "capacity", "volume", "solids_loading", "efficiency", "unit")  # unit: the plant unit's id
PLAIN = ("conditions", "step")  # stages whose actions need no "(stage)" after them


@dataclass(frozen=True)
class Action:
    """One numbered action of the procedure: what to do, its set-point, and the source of that set-point."""

    number: str  # "1.3": step 1, action 3
    text: str
    setpoint: object  # a quantity, a text, or None
    source: str
    operation: str  # what it belongs to: charge, a stage of the step (conditions, drying, cell, ...), check, discharge


def actions(step: Step, bom: tuple[BomLine, ...] = ()) -> tuple[Action, ...]:
    """The numbered actions of ``step``: charges, then each stage's set-points, the checks, the discharges.

    ``bom`` (the sheet's bill of materials) says how a fresh charge comes in: weighed, fed as a gas, or taken
    up from the air (not weighed)."""
    items: list[tuple[str, object, str, str]] = []
    per = " per run" if step.runs > 1 else ""
    verbs = {f"BOM {b.line}": VIA.get(b.stream, "Charge {0}{1}") for b in bom}
    for c in step.charges:
        items.append((verbs.get(c.origin, "Charge {0}{1}").format(c.material, per), c.per_run, c.origin, "charge"))
    for stage, settings in _stages(step.setpoints).items():
        items += [(*_action(stage, s), stage) for s in sorted(settings, key=_order) if s.name not in SKIPPED]
    items += [(f"Check: {c.value}", None, c.source, "check") for c in step.checks]
    items += [(f"Discharge the {o.stream}{per}" + (f" to {o.destination}" if o.destination else f" ({o.kind})"),
               o.mass / step.runs, "balance", "discharge") for o in step.outputs]
    return tuple(Action(f"{step.number}.{i}", *item) for i, item in enumerate(items, 1))


def _stages(settings: tuple[Setting, ...]) -> dict[str, list[Setting]]:
    """Set-points grouped by stage, in recipe order (a stage's entries stay together)."""
    stages: dict[str, list[Setting]] = {}
    for s in settings:
        stages.setdefault(s.stage, []).append(s)
    return stages


def _order(s: Setting) -> int:
    return VERBS.get(s.name, (len(VERBS), ""))[0]


def _action(stage: str, s: Setting) -> tuple[str, object, str]:
    """The words of one set-point as an action (``Bring to temperature``), with its value and source."""
    where = stage.removesuffix(".conditions").replace(".", ", ")
    if s.name == "species":
        return f"Connect the {where} supply", s.value, s.source
    if s.name not in VERBS:
        name = s.name.replace("_", " ")
        return (f"Set {name}" if stage in PLAIN else f"{where.capitalize()}: {name}"), s.value, s.source
    return VERBS[s.name][1] + ("" if stage in PLAIN else f" ({where})"), s.value, s.source
