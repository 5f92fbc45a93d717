"""Words and numbers of a batch sheet, shared by its text, Markdown, HTML and CSV renderers.

Presentation only: quantities of :mod:`synth.sheet` as text with four significant figures (as ``synth scale``
prints them), and the rows of the sheet's tables, so that every format shows
the same columns with the same values. Each row function takes the plant units (:class:`PlantUnits`); the
default, :data:`~synth.render.plant_units.SHEET`, is the sheet's own wording (g to t, mol, L at STP, kWh).
"""

from __future__ import annotations

import re

from ..sheet import AT_STP, BomLine, Flow, Setting, Sheet, Step
from .plant_units import SHEET, PlantUnits, kind_of
from .procedure import Action, actions
from .terminal import UNIT_WORDS, mass, qty  # the sheet's numbers read as the terminal's

KINDS = {"fresh": "fresh charge", "intermediate": "to", "product": "product", "returned": "returned to",
         "off-gas": "off-gas", "by-product": "by-product / waste"}
BLANK = None  # a cell left empty for the operator to fill in


def m(value, u: PlantUnits = SHEET) -> str:
    """A mass in the plant unit, or in g, kg or t, whichever reads best."""
    return u.text(value, "mass", mass(value))


def q(value, kind: str, unit: str | None = None, u: PlantUnits = SHEET, digits: int = 4) -> str:
    """A quantity of ``kind`` in the plant unit, or (the sheet's own) in ``unit``."""
    return u.text(value, kind, qty(value, unit, digits), digits)


def gas(amount, volume, u: PlantUnits = SHEET) -> str:
    """A gas's volume: at the sheet's STP (``1018 l at STP``), or at the plant unit's state from its amount."""
    return u.text(amount, "gas", f"{qty(volume, 'L')} at STP")


def plain(value, u: PlantUnits = SHEET) -> str:
    """A value of no stated meaning (a set-point, a product figure) as the recipe or source wrote it, or in the
    plant unit of its kind where it is a temperature, mass, amount, volume, energy, power, time or ramp."""
    kind = kind_of(value)
    return qty(value) if kind is None else q(value, kind, None, u)


def setting(s: Setting, u: PlantUnits = SHEET) -> str:
    """A set-point's value, what it is of, and its source in brackets."""
    text = plain(s.value, u) + (f" of {s.of} per run" if s.of else "")
    return f"{text} [{s.source}]" if s.source else text


def basis(sheet: Sheet, u: PlantUnits = SHEET) -> str:
    b = sheet.header.basis
    return "the recipe's lab amounts" if b is None else f"{b[0]} = {plain(b[1], u)}"


def header_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[tuple[str, str]]:
    """The header as (field, value) pairs; the plant units where a sheet is in them."""
    h = sheet.header
    units = [] if u == SHEET else [("units", u.described())]
    return [
        ("route", h.title),
        ("recipe", f"{h.recipe} ({h.source}), version {h.version or '–'}"),
        ("recipe sha256", h.sha256),
        ("species data sha256", h.species_data_sha256),
        *(("species file", f"{name} (sha256 {sha})") for name, sha in h.species_files),
        ("basis", basis(sheet, u)),
        ("scale factor", f"{h.scale_factor:.6g} × the recipe's lab amounts"),
        ("product", f"{h.product}, {m(h.product_mass, u)} per batch"),
        ("batch id", h.batch_id),
        ("date", h.date),
        ("weighing tolerance", setting(h.weighing_tolerance, u) if h.weighing_tolerance else "not given in the recipe"),
        *units,
        ("gas volumes at", u.gas_state(h.gas_volumes_at)),
        ("made with", f"synth {h.synth_version}"),
    ]


def charged_as(b: BomLine, u: PlantUnits = SHEET) -> str:
    """How a BOM line is charged, where that is not plain weighing: a solution volume or a gas volume."""
    if b.stream == "air":
        return f"taken up from the air ({gas(b.amount, b.volume_stp, u)}), not weighed"
    if b.solution_volume is not None:
        verb = "diluted to" if b.purchased is not None or b.dilution else "as"
        return f"{verb} {q(b.solution_volume, 'volume', 'L', u)} of {qty(b.solution_concentration)} solution"
    if b.volume_stp is not None:
        return f"metered: {gas(b.amount, b.volume_stp, u)} ({m(b.mass, u)})"
    return ""


def named(material: str, purchased, dilution: bool) -> str:
    """A charge's name as bought: ``HCl, 37 wt% solution``, ``H2O (dilution)`` or the material itself."""
    if purchased is not None:
        return f"{material}, {purchased.to('percent').magnitude:.4g} wt% solution"
    return f"{material} (dilution)" if dilution else material


def bom_identity(b: BomLine, u: PlantUnits = SHEET) -> list:
    grade = setting(b.grade, u) if b.grade else ""
    form = "; ".join(x for x in (grade, charged_as(b, u)) if x)
    return [str(b.line), b.step, named(b.material, b.purchased, b.dilution), b.formula, b.cas or "–", form]


def bom_weighing(b: BomLine, u: PlantUnits = SHEET) -> list:
    """A gas is metered by volume at STP (the header's standard conditions), not weighed: no ± tolerance."""
    if b.volume_stp is not None and b.stream != "air":
        return [str(b.line), b.material, gas(b.amount, b.volume_stp, u), "metered", BLANK, BLANK, BLANK]
    tol = f"± {m(b.tolerance, u)}" if b.tolerance is not None else "–"
    return [str(b.line), named(b.material, b.purchased, b.dilution), m(b.mass, u), tol, BLANK, BLANK, BLANK]


BOM_NOTE = ("Fresh materials per batch, step by step. Weigh each within the tolerance; write the lot number, the "
            "actual quantity and your initials. Brackets give the source of a value: a reference, an assumption "
            "(A-numbers, section 8), or 'balance' (computed by synth from the mass balance). Gases are metered "
            "(flow controller or totaliser) by volume at the STP of the header, not weighed. CAS numbers: "
            "synth/data/species.yaml.")
BOM_IDENTITY = ["#", "step", "material", "formula", "CAS", "grade / form"]
BOM_WEIGHING = ["#", "material", "quantity", "tolerance", "lot no.", "actual", "initials"]


def charge_rows(step: Step, u: PlantUnits = SHEET) -> list[list]:
    return [[named(c.material, c.purchased, c.dilution), m(c.mass, u), m(c.per_run, u), c.origin, BLANK]
            for c in step.charges]


def run_line(step: Step, u: PlantUnits = SHEET) -> str:
    def hours(value) -> str:
        return q(value, "time", "h", u)

    per_run = f", {hours(step.time_per_run)} per run" if step.time_per_run is not None else ""
    if step.occupancy:  # every part of the occupancy, so that no stage hides in the time per run
        per_run += " (" + "; ".join(f"{where}: " + " + ".join(f"{k} {hours(v)}" for k, v in parts)
                                    for where, parts in step.occupancy) + ")"
    basis_ = f" ({step.runs_basis})" if step.runs_basis else ""
    return f"{step.equipment}, {step.runs} run(s){basis_}{per_run}; {hours(step.time)} per batch"


FLOW = ["#", "step", "stream", "goes to", "material", "mass", "amount", "at STP"]


def flow_headers(u: PlantUnits = SHEET) -> list[str]:
    """The stream table's columns; the gas volume is at the header's STP, or the plant unit's state."""
    return FLOW if u.keeps("gas") else [*FLOW[:-1], "gas volume"]


def stream_key(f: Flow) -> tuple[str, str, bool]:
    """What identifies a stream of the sheet: its step, its name, and whether it is a fresh charge into it."""
    return f.step, f.stream, f.kind == "fresh"


def stream_numbers(sheet: Sheet) -> dict[tuple[str, str, bool], str]:
    """``S1``, ``S2``, ...: the number of each stream in the stream table, which the flow diagram shows too."""
    return {stream_key(f): f"S{i}" for i, f in enumerate(sheet.streams, 1)}


def flow_rows(flows, numbers: dict, u: PlantUnits = SHEET) -> list[list]:
    """One row per material of each stream: number, step, stream, where it goes, material, mass, amount, gas
    volume."""
    return [[numbers[stream_key(f)], f.step, f.stream, destination(f), c.material, m(c.mass, u),
             q(c.amount, "amount", None, u) if c.amount is not None else "",
             u.text(c.amount, "gas", qty(c.volume_stp, "L")) if c.volume_stp is not None else ""]
            for f in flows for c in f.components]


def destination(f: Flow) -> str:
    """Where a stream goes, in words: ``to leaching``, ``returned to alloying``, ``off-gas``."""
    if f.kind in ("intermediate", "returned"):
        return f"{KINDS[f.kind]} {f.destination}"
    return KINDS[f.kind]


def output_rows(step: Step, u: PlantUnits = SHEET) -> list[list]:
    return [[f.stream, " + ".join(c.material for c in f.components), m(f.mass, u), destination(f)]
            for f in step.outputs]


def recycle_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    return [[r.species, f"{r.source} → {r.target}", m(r.once_through, u), m(r.returned, u), m(r.make_up, u),
             m(r.surplus, u)] for r in sheet.recycles]


RECYCLE = ["species", "from → to", "once-through", "returned", "fresh make-up", "surplus"]


def hazard_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    return [[h.step, h.substance, h.role, m(h.mass, u), ", ".join(h.ghs)] for h in sheet.hazards]


def hazard_legend(sheet: Sheet) -> list[list]:
    """Each hazardous substance once: the hazard in words, its GHS codes and their source."""
    seen = {}
    for h in sheet.hazards:
        seen.setdefault(h.substance, [h.substance, h.hazard, ", ".join(h.ghs), h.source])
    return list(seen.values())


def energy_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    return [[e.step, q(e.net, "energy", "kWh", u), q(e.electric, "energy", "kWh", u) if e.electric is not None else "–",
             q(e.adiabatic_rise, "difference", "K", u) if e.adiabatic_rise is not None else "–",
             q(e.time, "time", "h", u)] for e in sheet.energy]


DUTY = ["step", "kind", "duty", "energy", "at", "bought [source]"]


def duty_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    """Every energy demand by kind, per step, never netted: heat to supply, heat to remove, electricity."""
    return [[e.step, d.kind, d.name, q(d.energy, "energy", "kWh", u),
             q(d.T, "temperature", "degC", u) if d.T is not None else "–",
             (q(d.primary, "energy", "kWh", u) + (f" [{d.source}]" if d.source else "")) if d.primary is not None
             else "–"] for e in sheet.energy for d in e.duties]


RUNAWAY = ["step", "ΔT_ad at constant cp", "if cooling fails", "Stoessel class"]


def runaway_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    """Each exothermic step: the screening rise, the temperature its charge reaches and what stops it."""
    return [[e.step, q(e.adiabatic_rise, "difference", "K", u) if e.adiabatic_rise is not None else "–", e.runaway.stop,
             str(e.runaway.criticality)] for e in sheet.energy if e.runaway is not None]


def runaway_reasons(sheet: Sheet) -> list[str]:
    return [f"{e.step}: {e.runaway.reasoning}" for e in sheet.energy if e.runaway is not None]


def energy_parts(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    return [[e.step, part, q(value, "energy", "kWh", u)] for e in sheet.energy for part, value in e.parts]


def totals_rows(sheet: Sheet, u: PlantUnits = SHEET) -> list[list]:
    t = sheet.totals
    return [["heating (fuel or steam), every step, not netted", q(t.heating, "energy", "kWh", u)],
            ["cooling (heat to remove)", q(t.cooling, "energy", "kWh", u)],
            ["electricity (cells, electric furnaces)", q(t.electricity, "energy", "kWh", u)],
            ["primary energy (at the stated efficiencies)", q(t.primary_energy, "energy", "kWh", u)],
            ["time, steps in series", q(t.time_sum, "time", "h", u)],
            ["bottleneck", f"{t.bottleneck} ({q(t.bottleneck_time, 'time', 'h', u)})"]]


def closure_rows(rows, kind: str, unit: str, digits: int = 6, u: PlantUnits = SHEET) -> list[list]:
    """Balance, in, out (``kind`` numbers, in ``unit`` or the plant unit) and the relative error (below 1e-12,
    rounding noise, shown as such)."""
    return [[c.name, q(c.into, kind, unit, u, digits), q(c.out, kind, unit, u, digits),
             f"{c.relative:.1e}" if c.relative >= 1e-12 else "< 1e-12"] for c in rows]


def assumption_rows(sheet: Sheet) -> list[list]:
    """Label, where (the step's id, or ``recipe``), value (as the recipe wrote it, with pint's ``degC`` and
    ``wt_pct`` as people write them) and why: the sheet cites the label only."""
    return [[a.label, _step_of(sheet, a.field), _written(a.value), a.why] for a in sheet.assumptions]


_SYMBOLS = {"degC": "°C", "degF": "°F", **UNIT_WORDS}
_PINT_WORDS = re.compile(r"\b(" + "|".join(_SYMBOLS) + r")\b")


def _written(value: str) -> str:
    """``0 degC`` as ``0 °C``, ``5 wt_pct`` as ``5 wt%``: the recipe's text in the sheet's symbols."""
    return _PINT_WORDS.sub(lambda found: _SYMBOLS[found[1]], value)


def _step_of(sheet: Sheet, field: str) -> str:
    """The id of the step a recipe field belongs to (``recipe.steps[2].acid.excess`` -> ``leaching``)."""
    m = re.match(r"recipe\.steps\[(\d+)\]", field)
    return sheet.steps[int(m.group(1))].id if m and int(m.group(1)) < len(sheet.steps) else "recipe"


def action_rows(step: Step, bom: tuple[BomLine, ...] = (), u: PlantUnits = SHEET, molar_volume=None) -> list[list]:
    """The numbered actions of a step: number, what to do, set-point with its source, and write-in cells; a gas
    supply's volume at the sheet's STP of ``molar_volume`` goes to the plant unit's state."""
    rows = []
    for a in actions(step, bom):
        value = mass(a.setpoint) if a.operation in ("charge", "discharge") else qty(a.setpoint)
        converted, kind = setpoint(a, molar_volume)
        shown = "" if a.setpoint is None else value if kind is None else u.text(converted, kind, value)
        rows.append([a.number, action_text(a, u), f"{shown} [{a.source}]".strip() if a.source else shown, BLANK,
                     BLANK])
    return rows


def action_text(a: Action, u: PlantUnits = SHEET) -> str:
    """An action's words; a gas supply's volume "(at STP)", the header's state, names the plant unit's state
    where the volume is shown in one (``per run (at 60 °F, 14.696 psia)`` beside scf), so label and number agree."""
    if a.operation != "gas supply" or u.keeps("gas"):
        return a.text
    return a.text.replace(AT_STP, f"(at {u.gas_at()})")


def setpoint(a: Action, molar_volume=None) -> tuple[object, str | None]:
    """An action's set-point as (value, kind of :mod:`~synth.render.plant_units`) for plant units; kind None where
    it stays as written (a text, a fraction). A gas supply's volume or flow at the sheet's STP becomes its amount
    (over ``molar_volume``, that STP's molar volume), which a plant unit turns into a volume at its own state."""
    v = a.setpoint
    if v is None or isinstance(v, str):
        return v, None
    if a.operation == "gas supply" and molar_volume is not None and (v.check("[length] ** 3")
                                                                    or v.check("[length] ** 3 / [time]")):
        return v / molar_volume, "gas"
    return v, kind_of(v)
