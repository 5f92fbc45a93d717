"""Words and numbers of a batch sheet, shared by its text, Markdown, HTML and CSV renderers.

Presentation only: quantities of :mod:`synth.sheet` as text with four significant figures (as ``synth scale``
prints them), and the rows of the sheet's tables, so that every format shows
the same columns with the same values.
"""

from __future__ import annotations

import re

from ..sheet import BomLine, Flow, Setting, Sheet, Step
from .procedure import actions
from .terminal import mass, qty  # the sheet's numbers read as the terminal's

KINDS = {"fresh": "fresh charge", "intermediate": "to", "product": "product", "returned": "returned to",
         "off-gas": "off-gas", "by-product": "by-product / waste"}
BLANK = None  # a cell left empty for the operator to fill in


def as_written(T, written) -> str:
    """A step's temperature ``T`` in the unit the recipe wrote it (a cell at 1000 K stays 1000 K, a furnace at
    550 degC stays 550 °C): the first of the ``written`` quantities equal to ``T``, else in °C."""
    for value in written:
        if value.check("[temperature]") and abs(value.to("K").magnitude - T.to("K").magnitude) < 1e-6:
            return qty(value, None, 5)
    return qty(T, "degC", 5)


def setting(s: Setting) -> str:
    """A set-point's value, what it is of, and its source in brackets."""
    text = qty(s.value) + (f" of {s.of} per run" if s.of else "")
    return f"{text} [{s.source}]" if s.source else text


def basis(sheet: Sheet) -> str:
    b = sheet.header.basis
    return "the recipe's lab amounts" if b is None else f"{b[0]} = {qty(b[1])}"


def header_rows(sheet: Sheet) -> list[tuple[str, str]]:
    """The header as (field, value) pairs."""
    h = sheet.header
    return [
        ("route", h.title),
        ("recipe", f"{h.recipe} ({h.source}), version {h.version or '–'}"),
        ("recipe sha256", h.sha256),
        ("species data sha256", h.species_data_sha256),
        *(("species file", f"{name} (sha256 {sha})") for name, sha in h.species_files),
        ("basis", basis(sheet)),
        ("scale factor", f"{h.scale_factor:.6g} × the recipe's lab amounts"),
        ("product", f"{h.product}, {mass(h.product_mass)} per batch"),
        ("batch id", h.batch_id),
        ("date", h.date),
        ("weighing tolerance", setting(h.weighing_tolerance) if h.weighing_tolerance else "not given in the recipe"),
        ("gas volumes at", h.gas_volumes_at),
        ("made with", f"synth {h.synth_version}"),
    ]


def charged_as(b: BomLine) -> str:
    """How a BOM line is charged, where that is not plain weighing: a solution volume or a gas volume."""
    if b.stream == "air":
        return f"taken up from the air ({qty(b.volume_stp, 'L')} at STP), not weighed"
    if b.solution_volume is not None:
        verb = "diluted to" if b.purchased is not None or b.dilution else "as"
        return f"{verb} {qty(b.solution_volume, 'L')} of {qty(b.solution_concentration)} solution"
    if b.volume_stp is not None:
        return f"metered: {qty(b.volume_stp, 'L')} at STP ({mass(b.mass)})"
    return ""


def named(material: str, purchased, dilution: bool) -> str:
    """A charge's name as bought: ``HCl, 37 wt% solution``, ``H2O (dilution)`` or the material itself."""
    if purchased is not None:
        return f"{material}, {purchased.to('percent').magnitude:.4g} wt% solution"
    return f"{material} (dilution)" if dilution else material


def bom_identity(b: BomLine) -> list:
    grade = setting(b.grade) if b.grade else ""
    form = "; ".join(x for x in (grade, charged_as(b)) if x)
    return [str(b.line), b.step, named(b.material, b.purchased, b.dilution), b.formula, b.cas or "–", form]


def bom_weighing(b: BomLine) -> list:
    """A gas is metered by volume at STP (the header's standard conditions), not weighed: no ± tolerance."""
    if b.volume_stp is not None and b.stream != "air":
        return [str(b.line), b.material, f"{qty(b.volume_stp, 'L')} at STP", "metered", BLANK, BLANK, BLANK]
    tol = f"± {mass(b.tolerance)}" if b.tolerance is not None else "–"
    return [str(b.line), named(b.material, b.purchased, b.dilution), mass(b.mass), tol, BLANK, BLANK, BLANK]


BOM_NOTE = ("Fresh materials per batch, step by step. Weigh each within the tolerance; write the lot number, the "
            "actual quantity and your initials. Brackets give the source of a value: a reference, an assumption "
            "(A-numbers, section 8), or 'balance' (computed by synth from the mass balance). Gases are metered "
            "(flow controller or totaliser) by volume at the STP of the header, not weighed. CAS numbers: "
            "synth/data/species.yaml.")
BOM_IDENTITY = ["#", "step", "material", "formula", "CAS", "grade / form"]
BOM_WEIGHING = ["#", "material", "quantity", "tolerance", "lot no.", "actual", "initials"]


def charge_rows(step: Step) -> list[list]:
    return [[named(c.material, c.purchased, c.dilution), mass(c.mass), mass(c.per_run), c.origin, BLANK]
            for c in step.charges]


def run_line(step: Step) -> str:
    per_run = f", {qty(step.time_per_run, 'h')} per run" if step.time_per_run is not None else ""
    if step.occupancy:  # every part of the occupancy, so that no stage hides in the time per run
        per_run += " (" + "; ".join(f"{where}: " + " + ".join(f"{k} {qty(v, 'h')}" for k, v in parts)
                                    for where, parts in step.occupancy) + ")"
    basis_ = f" ({step.runs_basis})" if step.runs_basis else ""
    return f"{step.equipment}, {step.runs} run(s){basis_}{per_run}; {qty(step.time, 'h')} per batch"


FLOW = ["#", "step", "stream", "goes to", "material", "mass", "amount", "at STP"]


def stream_key(f: Flow) -> tuple[str, str, bool]:
    """What identifies a stream of the sheet: its step, its name, and whether it is a fresh charge into it."""
    return f.step, f.stream, f.kind == "fresh"


def stream_numbers(sheet: Sheet) -> dict[tuple[str, str, bool], str]:
    """``S1``, ``S2``, ...: the number of each stream in the stream table, which the flow diagram shows too."""
    return {stream_key(f): f"S{i}" for i, f in enumerate(sheet.streams, 1)}


def flow_rows(flows, numbers: dict) -> list[list]:
    """One row per material of each stream: number, step, stream, where it goes, material, mass, amount, gas
    volume."""
    return [[numbers[stream_key(f)], f.step, f.stream, destination(f), c.material, mass(c.mass),
             qty(c.amount) if c.amount is not None else "", qty(c.volume_stp, "L") if c.volume_stp is not None else ""]
            for f in flows for c in f.components]


def destination(f: Flow) -> str:
    """Where a stream goes, in words: ``to leaching``, ``returned to alloying``, ``off-gas``."""
    if f.kind in ("intermediate", "returned"):
        return f"{KINDS[f.kind]} {f.destination}"
    return KINDS[f.kind]


def output_rows(step: Step) -> list[list]:
    return [[f.stream, " + ".join(c.material for c in f.components), mass(f.mass), destination(f)]
            for f in step.outputs]


def recycle_rows(sheet: Sheet) -> list[list]:
    return [[r.species, f"{r.source} → {r.target}", mass(r.once_through), mass(r.returned), mass(r.make_up),
             mass(r.surplus)] for r in sheet.recycles]


RECYCLE = ["species", "from → to", "once-through", "returned", "fresh make-up", "surplus"]


def hazard_rows(sheet: Sheet) -> list[list]:
    return [[h.step, h.substance, h.role, mass(h.mass), ", ".join(h.ghs)] for h in sheet.hazards]


def hazard_legend(sheet: Sheet) -> list[list]:
    """Each hazardous substance once: the hazard in words, its GHS codes and their source."""
    seen = {}
    for h in sheet.hazards:
        seen.setdefault(h.substance, [h.substance, h.hazard, ", ".join(h.ghs), h.source])
    return list(seen.values())


def energy_rows(sheet: Sheet) -> list[list]:
    return [[e.step, qty(e.net, "kWh"), qty(e.electric, "kWh") if e.electric is not None else "–",
             qty(e.adiabatic_rise, "K") if e.adiabatic_rise is not None else "–", qty(e.time, "h")]
            for e in sheet.energy]


DUTY = ["step", "kind", "duty", "energy", "at", "bought [source]"]


def duty_rows(sheet: Sheet) -> list[list]:
    """Every energy demand by kind, per step, never netted: heat to supply, heat to remove, electricity."""
    return [[e.step, d.kind, d.name, qty(d.energy, "kWh"), qty(d.T, "degC") if d.T is not None else "–",
             (qty(d.primary, "kWh") + (f" [{d.source}]" if d.source else "")) if d.primary is not None else "–"]
            for e in sheet.energy for d in e.duties]


RUNAWAY = ["step", "ΔT_ad at constant cp", "if cooling fails", "Stoessel class"]


def runaway_rows(sheet: Sheet) -> list[list]:
    """Each exothermic step: the screening rise, the temperature its charge reaches and what stops it."""
    return [[e.step, qty(e.adiabatic_rise, "K") if e.adiabatic_rise is not None else "–", e.runaway.stop,
             str(e.runaway.criticality)] for e in sheet.energy if e.runaway is not None]


def runaway_reasons(sheet: Sheet) -> list[str]:
    return [f"{e.step}: {e.runaway.reasoning}" for e in sheet.energy if e.runaway is not None]


def energy_parts(sheet: Sheet) -> list[list]:
    return [[e.step, part, qty(value, "kWh")] for e in sheet.energy for part, value in e.parts]


def totals_rows(sheet: Sheet) -> list[list]:
    t = sheet.totals
    return [["heating (fuel or steam), every step, not netted", qty(t.heating, "kWh")],
            ["cooling (heat to remove)", qty(t.cooling, "kWh")],
            ["electricity (cells, electric furnaces)", qty(t.electricity, "kWh")],
            ["primary energy (at the stated efficiencies)", qty(t.primary_energy, "kWh")],
            ["time, steps in series", qty(t.time_sum, "h")],
            ["bottleneck", f"{t.bottleneck} ({qty(t.bottleneck_time, 'h')})"]]


def closure_rows(rows, unit: str, digits: int = 6) -> list[list]:
    """Balance, in, out and the relative error (below 1e-12, rounding noise, shown as such)."""
    return [[c.name, qty(c.into, unit, digits), qty(c.out, unit, digits),
             f"{c.relative:.1e}" if c.relative >= 1e-12 else "< 1e-12"] for c in rows]


def assumption_rows(sheet: Sheet) -> list[list]:
    """Label, where (the step's id, or ``recipe``), value and why: the sheet cites the label only."""
    return [[a.label, _step_of(sheet, a.field), a.value, a.why] for a in sheet.assumptions]


def _step_of(sheet: Sheet, field: str) -> str:
    """The id of the step a recipe field belongs to (``recipe.steps[2].acid.excess`` -> ``leaching``)."""
    m = re.match(r"recipe\.steps\[(\d+)\]", field)
    return sheet.steps[int(m.group(1))].id if m and int(m.group(1)) < len(sheet.steps) else "recipe"


def action_rows(step: Step, bom: tuple[BomLine, ...] = ()) -> list[list]:
    """The numbered actions of a step: number, what to do, set-point with its source, and write-in cells."""
    rows = []
    for a in actions(step, bom):
        value = mass(a.setpoint) if a.operation in ("charge", "discharge") else qty(a.setpoint)
        shown = "" if a.setpoint is None else value
        rows.append([a.number, a.text, f"{shown} [{a.source}]".strip() if a.source else shown, BLANK, BLANK])
    return rows
