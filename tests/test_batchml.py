"""``synth export --format batchml``: an ISA-88 master recipe that validates against the BatchML schema.

The schemas are BatchML/B2MML V0700 of MESA International, copied with their licence statement into
tests/reference/b2mml-batchml/ ("The Business To Manufacturing Markup Language (B2MML) is used courtesy of
MESA International.").
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_robustness import run_cli as run

from synth.catalog import bundled

xmlschema = pytest.importorskip("xmlschema")
SCHEMA = Path(__file__).parent / "reference" / "b2mml-batchml" / "BatchML-BatchInformation.xsd"
NS = {"b": "http://www.mesa.org/xml/B2MML"}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def export(capsys, recipe: str, *more) -> str:
    code, out, err = run(capsys, "export", recipe, "--format", "batchml", "--date", "2025-01-31", *more)
    assert code == 0 and err == "", err
    return out


@pytest.mark.parametrize("recipe, basis", [(r, ()) for r in bundled()] + [("ampsi", ("--basis", "AMPSi@C=1 kg"))])
def test_every_export_validates_against_batch_information(capsys, schema, recipe, basis):
    text = export(capsys, recipe, *basis)
    schema.validate(text)
    root = ET.fromstring(text)
    ids = {e.text for e in root.iterfind(".//b:RecipeElement/b:ID", NS)}
    referenced = {e.text for e in root.iterfind(".//b:ProcedureLogic/b:Step/b:RecipeElementID", NS)}
    assert referenced and referenced <= ids


def test_batch_size_range_keeps_every_steps_runs(capsys):
    """At 1 kg AMPSi@C the steps take 9, 9, 5, 1 and 9 runs. The batch keeps them while
    alloying stays within 8-9 runs of 310 g Mg2Si (2498.70 g per kg of product: 2480/2498.70 = 0.99252 to
    2790/2498.70 = 1.11658), nitridation and coating within 8-9 runs of 110 g Si (915 g per kg: 0.96175 to
    1.08197) and leaching within 4-5 fills of 50 L (215.123 L per kg: 0.92970 to 1.16213): 0.99252 to 1.08197 kg.
    The search grid makes each bound conservative by at most one grid step (0.23 %)."""
    root = ET.fromstring(export(capsys, "ampsi", "--basis", "AMPSi@C=1 kg"))
    size = root.find(".//b:Header/b:BatchSize", NS)
    nominal, low, high = (float(size.find(f"b:{k}", NS).text) for k in ("Nominal", "Min", "Max"))
    assert nominal == 1.0 and size.find("b:Nominal", NS).get("unitCode") == "kg"
    assert 0.99252 <= low <= 0.99252 * 1.0024
    assert 1.08197 / 1.0024 <= high <= 1.08197
    assert "every step keeps its runs between the minimum and maximum" in root.find(".//b:MasterRecipe/b:Description",
                                                                                       NS).text


def test_a_range_without_a_change_of_runs_says_so(capsys):
    """At the lab scale every step takes one run at any size in the search: both bounds are its ends."""
    root = ET.fromstring(export(capsys, "ns-mpsi"))
    size = root.find(".//b:Header/b:BatchSize", NS)
    nominal, low, high = (float(size.find(f"b:{k}", NS).text) for k in ("Nominal", "Min", "Max"))
    assert (low, high) == (pytest.approx(nominal / 10), pytest.approx(nominal * 10))
    assert "the minimum and maximum batch size are the end of the search" in \
        root.find(".//b:MasterRecipe/b:Description", NS).text


def test_formula_and_phases_carry_the_sheet_numbers(capsys):
    root = ET.fromstring(export(capsys, "ampsi", "--basis", "AMPSi@C=1 kg"))
    formula = {p.find("b:ID", NS).text: p for p in root.iterfind(".//b:Formula/b:Parameter", NS)}
    si = formula["IN1 Si"]
    assert si.find("b:ParameterType", NS).text == "ProcessInput" and si.find("b:Scaled", NS).text == "Yes"
    assert si.find("b:Value/b:ValueString", NS).text == "0.915" and si.find("b:Value/b:UnitOfMeasure", NS).text == "kg"
    ident, cell = next((k, p) for k, p in formula.items()
                       if p.find("b:Description", NS).text.startswith("Bring to temperature (cell);"))
    assert ident.startswith("SP4.")
    assert (cell.find("b:Value/b:ValueString", NS).text, cell.find("b:Value/b:UnitOfMeasure", NS).text) == ("1000", "K")
    sheet = json.loads(run(capsys, "sheet", "ampsi", "--basis", "AMPSi@C=1 kg", "--format", "json")[1])
    why = next(a for a in sheet["assumptions"] if a["field"] == "recipe.steps[3].cell.T")
    assert f"source: assumption {why['label']}: {why['why']}" in cell.find("b:Description", NS).text
    phase = next(e for e in root.iterfind(".//b:RecipeElement", NS) if e.find("b:ID", NS).text == f"PH{ident[2:]}")
    assert phase.find("b:RecipeElementType", NS).text == "Phase"
    reference = phase.find("b:Parameter/b:Value", NS)
    assert (reference.find("b:ValueString", NS).text, reference.find("b:DataInterpretation", NS).text) == \
        (ident, "Reference")
    top = root.find("b:MasterRecipe/b:ProcedureLogic", NS)  # step, transition, step, ...: a sequential chart
    assert [t.find("b:Condition", NS).text for t in top.iterfind("b:Transition", NS)] == \
        [f"S{i}.STATE = COMPLETE" for i in range(1, 5)]
    assert [(k.find("b:FromID/b:FromType", NS).text, k.find("b:ToID/b:ToType", NS).text)
            for k in top.iterfind("b:Link", NS)][:2] == [("Step", "Transition"), ("Transition", "Step")]
    kinds = [e.find("b:RecipeElementType", NS).text for e in root.iterfind(".//b:RecipeElement", NS)]
    assert kinds.count("Procedure") == 1 and kinds.count("UnitProcedure") == 5


def test_export_needs_a_format(capsys):
    code, out, err = run(capsys, "export", "ampsi")
    assert code == 2 and "--format" in err
