"""The sections of a batch sheet, in order, for any document format.

:func:`compose` tells a document (text, Markdown or HTML: anything with the methods of :class:`Document`)
what to show, so that every format holds the same sections, tables and words. Presentation only.
"""

from __future__ import annotations

from typing import Protocol

from ..sheet import Sheet, Step
from . import sheet_format as f, sheet_product_rows as pr
from .plant_units import SHEET, PlantUnits


class Document(Protocol):
    """What a sheet format provides; ``wide`` formats (HTML) take the bill of materials as one table."""

    wide: bool

    def section(self, title: str, level: int = 2) -> None: ...
    def heading(self, title: str) -> None: ...
    def para(self, text: str) -> None: ...
    def label(self, text: str) -> None: ...
    def items(self, texts: list[str]) -> None: ...
    def table(self, headers: list[str], rows: list[list]) -> None: ...
    def figure(self, sheet: Sheet, units: PlantUnits = SHEET) -> None: ...


def compose(sheet: Sheet, doc: Document, u: PlantUnits = SHEET) -> None:
    """Header and signatures, flow diagram, then sections 1 to 9 and the references, quantities in ``u``."""
    h = sheet.header
    doc.section(f"Batch sheet {h.batch_id}: {h.product}", level=1)
    doc.table(["field", "value"], [list(row) for row in f.header_rows(sheet, u)])
    doc.table(["", "name", "signature", "date"], [[role, f.BLANK, f.BLANK, f.BLANK] for role in h.signatures])
    doc.section("Process flow")
    doc.figure(sheet, u)
    doc.section("1. Bill of materials")
    doc.para(f.BOM_NOTE)
    if doc.wide:
        doc.table(f.BOM_IDENTITY + f.BOM_WEIGHING[2:],
                  [f.bom_identity(b, u) + f.bom_weighing(b, u)[2:] for b in sheet.bom])
    else:
        doc.table(f.BOM_IDENTITY, [f.bom_identity(b, u) for b in sheet.bom])
        doc.table(f.BOM_WEIGHING, [f.bom_weighing(b, u) for b in sheet.bom])
    doc.section("2. Procedure")
    for step in sheet.steps:
        _step(doc, step, sheet, u)
    doc.section("3. By-products, wastes and recycle")
    doc.para("Every stream that is not carried on as the solid of the route, with where it goes.")
    doc.table(f.flow_headers(u), f.flow_rows(sheet.waste, f.stream_numbers(sheet), u))
    doc.label("Recycle at steady state (per batch)")
    doc.table(f.RECYCLE, f.recycle_rows(sheet, u))
    doc.section("4. Hazards")
    doc.para("Listed hazardous substances of each step with the mass per batch. Check against the safety data "
             "sheet of the lot used.")
    doc.table(["step", "substance", "where", "mass", "GHS"], f.hazard_rows(sheet, u))
    doc.table(["substance", "hazard", "GHS", "source"], f.hazard_legend(sheet))
    if sheet.hazard_data_missing:
        doc.label("Warning: substances without hazard data in synth (read their SDS before the batch)")
        doc.items(list(sheet.hazard_data_missing))
    doc.label("If cooling fails (exothermic steps)")
    doc.para("The reaction heat kept in the charge (enthalpy balance through melting, boiling and decomposition, "
             "never past the species data) and the criticality class after Stoessel, Thermal Safety of Chemical "
             "Processes (Wiley-VCH, 2008), ch. 3.")
    doc.table(f.RUNAWAY, f.runaway_rows(sheet, u))
    doc.items(f.runaway_reasons(sheet))
    _numbers(doc, sheet, u)
    _products(doc, sheet, u)
    doc.section("9. Assumptions")
    doc.para("Values the recipe marks as assumptions (no source gives them); check them before the batch.")
    if doc.wide:
        doc.table(["", "step", "value", "why"], f.assumption_rows(sheet))
    else:
        doc.items([f"{label} ({where}) {value}: {why}" for label, where, value, why in f.assumption_rows(sheet)])
    doc.label("References")
    doc.items([f"{key}: {text}" for key, text in sheet.references])


def _step(doc: Document, step: Step, sheet: Sheet, u: PlantUnits) -> None:
    doc.heading(f"Step {step.number}: {step.id} — {step.title}")
    doc.para(f"Equipment: {f.run_line(step, u)}.")
    doc.label("Procedure (per run where runs repeat; write the actual value or result, and initial each action)")
    doc.table(["#", "action", "set-point [source]", "actual", "initials"],
              f.action_rows(step, sheet.bom, u, sheet.header.gas_molar_volume))
    doc.label("Charges per batch")
    doc.table(["material", "per batch", "per run", "from"], [row[:4] for row in f.charge_rows(step, u)])
    doc.label("Reactions")
    doc.items([f"{eq} (extent {f.q(x, 'amount', 'mol', u)})" for eq, x in step.reactions])
    doc.label("Expected outputs")
    doc.table(["stream", "materials", "mass", "goes to"], f.output_rows(step, u))
    if step.returned_in:
        doc.label("Returned here at steady state")
        doc.items([f"{r.species}: {f.m(r.returned, u)} from {r.source}; fresh make-up {f.m(r.make_up, u)}"
                   for r in step.returned_in])
    if step.warnings:
        doc.label("Warnings")
        doc.items(list(step.warnings))


def _numbers(doc: Document, sheet: Sheet, u: PlantUnits) -> None:
    """Energy, the stream table and the balance closure."""
    doc.section("5. Energy")
    doc.para("Energy by kind, per step and never netted across steps: heat to supply (at its temperature), heat "
             "to remove, and electricity; 'bought' is at the recipe's efficiency.")
    doc.table(f.DUTY, f.duty_rows(sheet, u))
    doc.table(["step", "net heat", "electricity", "adiabatic rise", "time"], f.energy_rows(sheet, u))
    doc.table(["step", "part", "heat"], f.energy_parts(sheet, u))
    doc.table(["total", "value"], f.totals_rows(sheet, u))
    doc.section("6. Stream table")
    doc.table(f.flow_headers(u), f.flow_rows(sheet.streams, f.stream_numbers(sheet), u))
    doc.section("7. Mass balance closure")
    doc.table(["balance", "in", "out", "relative error"], f.closure_rows(sheet.mass_closure, "mass", "kg", 6, u))
    doc.table(["element", "in", "out", "relative error"],
              f.closure_rows(sheet.element_closure, "amount", "mol", 8, u))


def _products(doc: Document, sheet: Sheet, u: PlantUnits) -> None:
    """Per named material: the figures synth predicts, and the QC checks against the reported values."""
    doc.section("8. Product: predicted and reported, QC checks")
    doc.para(pr.NOTE)
    for p in sheet.products:
        doc.heading(pr.title(p, u))
        doc.table(pr.FIGURES, pr.figure_rows(p, u))
        if p.checks:
            doc.label("QC checks")
            doc.table(pr.CHECKS, pr.check_rows(p, u))
        if p.notes:
            doc.items(list(p.notes))
