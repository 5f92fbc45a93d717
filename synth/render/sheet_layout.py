"""The sections of a batch sheet, in order, for any document format.

:func:`compose` tells a document (text, Markdown or HTML: anything with the methods of :class:`Document`)
what to show, so that every format holds the same sections, tables and words. Presentation only.
"""

from __future__ import annotations

from typing import Protocol

from ..sheet import Sheet, Step
from . import sheet_format as f, sheet_product_rows as pr


class Document(Protocol):
    """What a sheet format provides; ``wide`` formats (HTML) take the bill of materials as one table."""

    wide: bool

    def section(self, title: str, level: int = 2) -> None: ...
    def heading(self, title: str) -> None: ...
    def para(self, text: str) -> None: ...
    def label(self, text: str) -> None: ...
    def items(self, texts: list[str]) -> None: ...
    def table(self, headers: list[str], rows: list[list]) -> None: ...
    def figure(self, sheet: Sheet) -> None: ...


def compose(sheet: Sheet, doc: Document) -> None:
    """Header and signatures, flow diagram, then sections 1 to 9 and the references."""
    h = sheet.header
    doc.section(f"Batch sheet {h.batch_id}: {h.product}", level=1)
    doc.table(["field", "value"], [list(row) for row in f.header_rows(sheet)])
    doc.table(["", "name", "signature", "date"], [[role, f.BLANK, f.BLANK, f.BLANK] for role in h.signatures])
    doc.section("Process flow")
    doc.figure(sheet)
    doc.section("1. Bill of materials")
    doc.para(f.BOM_NOTE)
    if doc.wide:
        doc.table(f.BOM_IDENTITY + f.BOM_WEIGHING[2:], [f.bom_identity(b) + f.bom_weighing(b)[2:] for b in sheet.bom])
    else:
        doc.table(f.BOM_IDENTITY, [f.bom_identity(b) for b in sheet.bom])
        doc.table(f.BOM_WEIGHING, [f.bom_weighing(b) for b in sheet.bom])
    doc.section("2. Procedure")
    for step in sheet.steps:
        _step(doc, step, sheet)
    doc.section("3. By-products, wastes and recycle")
    doc.para("Every stream that is not carried on as the solid of the route, with where it goes.")
    doc.table(f.FLOW, f.flow_rows(sheet.waste, f.stream_numbers(sheet)))
    doc.label("Recycle at steady state (per batch)")
    doc.table(f.RECYCLE, f.recycle_rows(sheet))
    doc.section("4. Hazards")
    doc.para("Listed hazardous substances of each step with the mass per batch. Check against the safety data "
             "sheet of the lot used.")
    doc.table(["step", "substance", "where", "mass", "GHS"], f.hazard_rows(sheet))
    doc.table(["substance", "hazard", "GHS", "source"], f.hazard_legend(sheet))
    if sheet.hazard_data_missing:
        doc.label("Warning: substances without hazard data in synth (read their SDS before the batch)")
        doc.items(list(sheet.hazard_data_missing))
    doc.label("If cooling fails (exothermic steps)")
    doc.para("The reaction heat kept in the charge (enthalpy balance through melting, boiling and decomposition, "
             "never past the species data) and the criticality class after Stoessel, Thermal Safety of Chemical "
             "Processes (Wiley-VCH, 2008), ch. 3.")
    doc.table(f.RUNAWAY, f.runaway_rows(sheet))
    doc.items(f.runaway_reasons(sheet))
    _numbers(doc, sheet)
    _products(doc, sheet)
    doc.section("9. Assumptions")
    doc.para("Values the recipe marks as assumptions (no source gives them); check them before the batch.")
    if doc.wide:
        doc.table(["", "step", "value", "why"], f.assumption_rows(sheet))
    else:
        doc.items([f"{label} ({where}) {value}: {why}" for label, where, value, why in f.assumption_rows(sheet)])
    doc.label("References")
    doc.items([f"{key}: {text}" for key, text in sheet.references])


def _step(doc: Document, step: Step, sheet: Sheet) -> None:
    doc.heading(f"Step {step.number}: {step.id} — {step.title}")
    doc.para(f"Equipment: {f.run_line(step)}.")
    doc.label("Procedure (per run where runs repeat; write the actual value or result, and initial each action)")
    doc.table(["#", "action", "set-point [source]", "actual", "initials"], f.action_rows(step, sheet.bom))
    doc.label("Charges per batch")
    doc.table(["material", "per batch", "per run", "from"], [row[:4] for row in f.charge_rows(step)])
    doc.label("Reactions")
    doc.items([f"{eq} (extent {f.qty(x, 'mol')})" for eq, x in step.reactions])
    doc.label("Expected outputs")
    doc.table(["stream", "materials", "mass", "goes to"], f.output_rows(step))
    if step.returned_in:
        doc.label("Returned here at steady state")
        doc.items([f"{r.species}: {f.mass(r.returned)} from {r.source}; fresh make-up {f.mass(r.make_up)}"
                   for r in step.returned_in])
    if step.warnings:
        doc.label("Warnings")
        doc.items(list(step.warnings))


def _numbers(doc: Document, sheet: Sheet) -> None:
    """Energy, the stream table and the balance closure."""
    doc.section("5. Energy")
    doc.para("Energy by kind, per step and never netted across steps: heat to supply (at its temperature), heat "
             "to remove, and electricity; 'bought' is at the recipe's efficiency.")
    doc.table(f.DUTY, f.duty_rows(sheet))
    doc.table(["step", "net heat", "electricity", "adiabatic rise", "time"], f.energy_rows(sheet))
    doc.table(["step", "part", "heat"], f.energy_parts(sheet))
    doc.table(["total", "value"], f.totals_rows(sheet))
    doc.section("6. Stream table")
    doc.table(f.FLOW, f.flow_rows(sheet.streams, f.stream_numbers(sheet)))
    doc.section("7. Mass balance closure")
    doc.table(["balance", "in", "out", "relative error"], f.closure_rows(sheet.mass_closure, "kg"))
    doc.table(["element", "in", "out", "relative error"], f.closure_rows(sheet.element_closure, "mol", 8))


def _products(doc: Document, sheet: Sheet) -> None:
    """Per named material: the figures synth predicts, and the QC checks against the reported values."""
    doc.section("8. Product: predicted and reported, QC checks")
    doc.para(pr.NOTE)
    for p in sheet.products:
        doc.heading(pr.title(p))
        doc.table(pr.FIGURES, pr.figure_rows(p))
        if p.checks:
            doc.label("QC checks")
            doc.table(pr.CHECKS, pr.check_rows(p))
        if p.notes:
            doc.items(list(p.notes))
