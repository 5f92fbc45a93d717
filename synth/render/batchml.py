"""A scaled route as an ISA-88 master recipe in BatchML (B2MML V0700, MESA International).

Presentation only: the batch sheet (:mod:`synth.sheet`) and the batch-size range of the plan
(:func:`synth.batch_range.batch_range`) in the ``MasterRecipe`` element of ``BatchML-BatchInformation.xsd``:

- header: product, batch size nominal / min / max (kg of product);
- equipment requirements: each step's equipment and its runs per batch;
- formula: every fresh input (``ProcessInput``) and route output (``ProcessOutput``), scaled with the batch
  size, and every set-point (``ProcessParameter``, not scaled), each with its source;
- procedure: one unit procedure per step, operations per part of the step (charge, conditions, drying, cell,
  ..., check, discharge), one phase per numbered action of the operator procedure
  (:mod:`synth.render.procedure`), whose parameter refers to the formula; procedure logic runs the unit
  procedures (and within each, its operations and phases) in order, each step followed by a transition on
  its completion.

Units are pint's symbols (``kg``, ``°C``, ``K/min``). "The Business To Manufacturing Markup Language (B2MML) is
used courtesy of MESA International."
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import numpy as np

from ..sheet import Sheet
from .procedure import Action, actions
from .sheet_format import qty

NS = "http://www.mesa.org/xml/B2MML"
COURTESY = "The Business To Manufacturing Markup Language (B2MML) is used courtesy of MESA International."
DIGITS = 6  # significant figures of a number, as in the CSV sheet (the JSON report keeps full precision)
OUTPUT_KINDS = ("product", "off-gas", "by-product")  # streams that leave the route (returned ones stay in it)


def render(sheet: Sheet, batch_range: tuple) -> str:
    """The master recipe as BatchML text. ``batch_range`` is (min, max, min is a search limit, max is one)."""
    ET.register_namespace("", NS)
    root = _el("BatchInformation")
    _text(root, "Description", f"ISA-88 master recipe of {sheet.header.title}, written by synth "
                               f"{sheet.header.synth_version}. {COURTESY}")
    recipe = _el("MasterRecipe", root)
    h = sheet.header
    _text(recipe, "ID", h.recipe)
    _text(recipe, "Version", h.version or "1")
    _text(recipe, "VersionDate", f"{h.date}T00:00:00Z")
    _text(recipe, "Description", f"{h.title}; recipe {h.source}, sha256 {h.sha256}; species data sha256 "
                                 f"{h.species_data_sha256}; formula for {h.product} {qty(h.product_mass, 'kg')} "
                                 f"per batch ({h.scale_factor:.6g} × the recipe's lab amounts)" + _limits(batch_range))
    _header(recipe, sheet, batch_range)
    for step in sheet.steps:
        _equipment(recipe, step)
    _formula(recipe, sheet)
    _logic(recipe, [(f"UP{s.number}", f"S{s.number}") for s in sheet.steps])
    procedure = _element(recipe, f"P-{h.recipe}", "Procedure", h.title)
    for step in sheet.steps:
        _unit_procedure(procedure, step, sheet)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _el(tag: str, parent: ET.Element | None = None) -> ET.Element:
    name = f"{{{NS}}}{tag}"
    return ET.Element(name) if parent is None else ET.SubElement(parent, name)


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = _el(tag, parent)
    element.text = text
    element.attrib.update(attributes)
    return element


def _decimal(x: float) -> str:
    """A number as xsd:decimal (no exponent) to :data:`DIGITS` significant figures, as the sheets write them."""
    return np.format_float_positional(float(x), precision=DIGITS, unique=False, fractional=False, trim="-")


def _limits(batch_range: tuple) -> str:
    """Which bound of the batch size is only the end of the search, not a change in the runs of a step."""
    ends = [name for name, at_limit in (("minimum", batch_range[2]), ("maximum", batch_range[3])) if at_limit]
    if not ends:
        return "; every step keeps its runs between the minimum and maximum batch size"
    return (f"; the {' and '.join(ends)} batch size {'is' if len(ends) == 1 else 'are'} the end of the search "
            f"(a tenth and ten times the nominal batch), not a limit of the equipment")


def _header(recipe: ET.Element, sheet: Sheet, batch_range: tuple) -> None:
    """Product and batch size: nominal (the basis), min and max (same runs in every step), in kg."""
    header = _el("Header", recipe)
    _text(header, "ProductID", sheet.header.product)
    _text(header, "ProductName", sheet.header.product)
    size = _el("BatchSize", header)
    nominal = sheet.header.product_mass.to("kg").magnitude
    _text(size, "Nominal", _decimal(nominal), unitCode="kg")
    _text(size, "Min", _decimal(batch_range[0].to("kg").magnitude), unitCode="kg")
    _text(size, "Max", _decimal(batch_range[1].to("kg").magnitude), unitCode="kg")
    _text(size, "ScaleReference", _decimal(nominal), unitCode="kg")
    _text(size, "UnitOfMeasure", "kg")


def _equipment(parent: ET.Element, step) -> None:
    """A step's equipment and how many runs a batch takes in it."""
    requirement = _el("EquipmentRequirement", parent)
    _text(requirement, "ID", f"EQ{step.number} {step.id}")
    constraint = _el("Constraint", requirement)
    _text(constraint, "ID", "runs per batch")
    _text(constraint, "Condition", f"{step.runs}" + (f" ({step.runs_basis})" if step.runs_basis else ""))
    _text(requirement, "Description", step.equipment)


def _formula(recipe: ET.Element, sheet: Sheet) -> None:
    """Inputs and outputs (scaled with the batch) and set-points (not scaled), each with its source."""
    formula = _el("Formula", recipe)
    labels = _labels(sheet)
    reference = sheet.header.product_mass.to("kg").magnitude
    for b in sheet.bom:
        _parameter(formula, f"IN{b.line} {b.material}", "ProcessInput", b.mass.to("kg"),
                   f"{b.material} ({b.formula}, CAS {b.cas or 'none'}), {b.stream} of step {b.step}", reference)
    outputs = [f for f in sheet.streams if f.kind in OUTPUT_KINDS]
    for i, f in enumerate(outputs, 1):
        names = " + ".join(c.material for c in f.components)
        _parameter(formula, f"OUT{i} {f.step} {f.stream}", "ProcessOutput", f.mass.to("kg"),
                   f"{f.kind} of step {f.step}: {names}", reference)
    for step in sheet.steps:
        for a in actions(step, sheet.bom):
            if a.operation not in ("charge", "discharge", "check") and a.setpoint is not None:
                _parameter(formula, _parameter_id(a), "ProcessParameter", a.setpoint,
                           f"{a.text}; {_source(a.source, labels)}")


def _parameter(parent: ET.Element, ident: str, kind: str, value, description: str,
               scale_reference: float | None = None, reference: str | None = None) -> None:
    """A BatchML parameter: a quantity or text as a constant, or a reference to a formula parameter."""
    parameter = _el("Parameter", parent)
    _text(parameter, "ID", ident)
    _text(parameter, "Description", description)
    _text(parameter, "ParameterType", kind)
    v = _el("Value", parameter)
    if reference is not None:
        _text(v, "ValueString", reference)
        interpretation, data_type, unit = "Reference", "string", ""
    elif isinstance(value, str):
        _text(v, "ValueString", value)
        interpretation, data_type, unit = "Constant", "string", ""
    else:
        _text(v, "ValueString", _decimal(value.magnitude))
        interpretation, data_type, unit = "Constant", "decimal", f"{value.units:~P}"
    _text(v, "DataInterpretation", interpretation)
    _text(v, "DataType", data_type)
    _text(v, "UnitOfMeasure", unit)
    if scale_reference is not None:
        _text(parameter, "Scaled", "Yes")
        _text(parameter, "ScaleReference", _decimal(scale_reference), unitCode="kg")
    elif reference is None and kind == "ProcessParameter":
        _text(parameter, "Scaled", "No")


def _parameter_id(a: Action) -> str:
    return f"SP{a.number}"


def _labels(sheet: Sheet) -> dict[str, str]:
    """Assumption label -> why (the recipe's words), to quote beside a value that cites it."""
    return {a.label: a.why for a in sheet.assumptions}


def _source(source: str, labels: dict[str, str]) -> str:
    if source in labels:
        return f"source: assumption {source}: {labels[source]}"
    return f"source: {source}" if source else "source: the recipe"


def _logic(parent: ET.Element, chain: list[tuple[str, str]]) -> None:
    """Procedure logic that runs the elements of ``chain`` (element id, step id) one after the other, as a
    sequential function chart: step, transition (the step is complete), next step."""
    logic = _el("ProcedureLogic", parent)
    links = []
    for (_, a), (_, b) in pairwise(chain):
        links += [(a, "Step", f"{a}-T", "Transition"), (f"{a}-T", "Transition", b, "Step")]
    for i, (a, a_type, b, b_type) in enumerate(links, 1):
        link = _el("Link", logic)
        _text(link, "ID", f"L{i}")
        for side, value, kind in (("From", a, a_type), ("To", b, b_type)):
            end = _el(f"{side}ID", link)
            _text(end, f"{side}IDValue", value)
            _text(end, f"{side}Type", kind)
            _text(end, "IDScope", "Internal")
        _text(link, "LinkType", "ControlLink")
        _text(link, "Depiction", "LineAndArrow")
    for element, step_id in chain:
        step = _el("Step", logic)
        _text(step, "ID", step_id)
        _text(step, "RecipeElementID", element)
        _text(step, "RecipeElementVersion", "1")
    for _, step_id in chain[:-1]:
        transition = _el("Transition", logic)
        _text(transition, "ID", f"{step_id}-T")
        _text(transition, "Condition", f"{step_id}.STATE = COMPLETE")


def _element(parent: ET.Element, ident: str, kind: str, description: str) -> ET.Element:
    element = _el("RecipeElement", parent)
    _text(element, "ID", ident)
    _text(element, "Version", "1")
    _text(element, "Description", description)
    _text(element, "RecipeElementType", kind)
    return element


def _unit_procedure(parent: ET.Element, step, sheet: Sheet) -> None:
    """A step as a unit procedure: its equipment, then one operation per part, one phase per action."""
    unit = _element(parent, f"UP{step.number}", "UnitProcedure", f"{step.id}: {step.title}")
    _equipment(unit, step)
    groups: dict[str, list[Action]] = {}
    labels = _labels(sheet)
    for a in actions(step, sheet.bom):
        groups.setdefault(a.operation, []).append(a)
    operations = [(f"OP{step.number}.{i}", name, group) for i, (name, group) in enumerate(groups.items(), 1)]
    _logic(unit, [(ident, f"S{ident[2:]}") for ident, _, _ in operations])
    for ident, name, group in operations:
        operation = _element(unit, ident, "Operation", name)
        _logic(operation, [(f"PH{a.number}", f"S{a.number}") for a in group])
        for a in group:
            _phase(operation, a, labels)


def _phase(parent: ET.Element, a: Action, labels: dict[str, str]) -> None:
    """One action as a phase; a set-point is a parameter that refers to the formula (charges carry their mass)."""
    phase = _element(parent, f"PH{a.number}", "Phase", f"{a.number} {a.text}")
    if a.setpoint is None:
        return
    if a.operation in ("charge", "discharge"):
        kind = "ProcessInput" if a.operation == "charge" else "ProcessOutput"
        _parameter(phase, f"{a.number} quantity", kind, a.setpoint, f"{a.text}; {_source(a.source, labels)}")
    else:
        _parameter(phase, f"{a.number} set-point", "ProcessParameter", None, a.text, reference=_parameter_id(a))
