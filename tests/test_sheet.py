"""synth sheet: the batch sheet states the quantities of `synth scale`, fits its page, and is reproducible.

The acceptance case is ampsi at AMPSi@C = 1 kg: every fresh input of every step appears in the bill of
materials with the mass `synth scale --json` gives it (the same JSON value), and the printed sheet shows
it as `synth scale` prints it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import fields
from itertools import pairwise
from pathlib import Path

import pytest
from test_robustness import run_cli as run

from synth import catalog
from synth.audit import validate
from synth.catalog import bundled
from synth.recipe import parse
from synth.render import sheet_format
from synth.route import FRESH
from synth.sheet import Sheet
from synth.units import from_json

BASIS = "AMPSi@C=1 kg"
DATE = "2025-01-31"
FORMATS = ("txt", "md", "html", "csv", "json")


def sheet_text(capsys, fmt: str, recipe: str = "ampsi", *more) -> str:
    code, out, err = run(capsys, "sheet", recipe, *more, "--date", DATE, "--batch-id", "TEST-1", "--format", fmt)
    assert code == 0 and err == "", err
    return out


@pytest.fixture(scope="module")
def scaled():
    """`synth scale ampsi --basis "AMPSi@C=1 kg" --json`, as the console script prints it."""
    out = subprocess.run([sys.executable, "-m", "synth", "scale", "ampsi", "--basis", BASIS, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_bom_states_every_input_with_the_quantities_of_scale(capsys, scaled):
    """Every fresh input of scale is a BOM line with its mass, except the acid, bought as 37 wt% HCl (recipe):
    7.843 kg HCl / 0.37 = 21.197 kg of solution, and the rest of the acid's 214.49 kg water as dilution water,
    214.49 - 21.197 × 0.63 = 201.13 kg; together the same 222.33 kg."""
    sheet = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS))
    bom = {(b["step"], b["material"]): b for b in sheet["bom"]}
    fresh = [(s["id"], key, e) for s in scaled["steps"] for key, e in s["inputs"].items()
             if any(label in FRESH for label in e["streams"])]
    assert len(fresh) == len(bom) == 13  # 11 charges, and the coating furnace's purge: Ar and H2
    bought = {("leaching", "HCl"), ("leaching", "H2O")}
    for step, key, entry in fresh:
        if (step, key) not in bought:
            assert bom[(step, key)]["mass"] == entry["mass"], (step, key)
            assert bom[(step, key)]["amount"] == entry["amount"]
    dilution, solution = (from_json(bom[k]["mass"]).to("kg").magnitude for k in sorted(bought))  # H2O, HCl
    hcl = next(from_json(e["mass"]).to("kg").magnitude for s, k, e in fresh if (s, k) == ("leaching", "HCl"))
    h2o = next(from_json(e["mass"]).to("kg").magnitude for s, k, e in fresh if (s, k) == ("leaching", "H2O"))
    assert solution == pytest.approx(hcl / 0.37, rel=1e-12) and solution == pytest.approx(21.197, abs=0.001)
    assert dilution == pytest.approx(h2o - hcl / 0.37 * 0.63, rel=1e-12)
    assert dilution == pytest.approx(201.13, abs=0.01)
    assert dilution + solution == pytest.approx(hcl + h2o, rel=1e-12)
    assert bom[("leaching", "HCl")]["grade"]["value"] == {"value": 37.0, "unit": "wt_pct"}
    formula = {key: sub["formula"] for s in scaled["steps"] for key, sub in s["substances"].items()}
    on_sheet = {f: sum(from_json(b["mass"]).to("g").magnitude for b in sheet["bom"] if b["formula"] == f)
                for f in ("HCl", "H2O")}
    for key, total in scaled["totals"]["fresh_inputs"].items():
        if formula[key] in on_sheet:  # the acid's water moved from the H2O lines to the 37 % solution's line
            continue
        mass = sum(from_json(b["mass"]).to("g").magnitude for b in sheet["bom"] if b["formula"] == formula[key])
        assert mass == pytest.approx(from_json(total["mass"]).to("g").magnitude, rel=1e-12), key
    totals = scaled["totals"]["fresh_inputs"]
    assert sum(on_sheet.values()) == pytest.approx(sum(from_json(totals[k]["mass"]).to("g").magnitude
                                                       for k in ("HCl", "H2O")), rel=1e-12)
    md = sheet_text(capsys, "md", "ampsi", "--basis", BASIS)
    for step, key, entry in fresh:
        b = bom[(step, key)]
        shown = re.escape(sheet_format.mass(from_json(b["mass"])))
        name = re.escape({("leaching", "HCl"): "HCl, 37 wt% solution",
                          ("leaching", "H2O"): "H2O (dilution)"}.get((step, key), key))
        if "volume_stp" in entry and entry["streams"] != ["air"]:  # a gas is metered by volume, not weighed
            shown = re.escape(f"{sheet_format.qty(from_json(entry['volume_stp']), 'L')} at STP")
            assert b["tolerance"] is None
        assert re.search(rf"^\| {b['line']} +\| {name} +\| {shown} ", md, re.M), (step, key)


@pytest.mark.parametrize("recipe", bundled())
@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_text_fits_100_columns(capsys, recipe, fmt):
    lines = sheet_text(capsys, fmt, recipe).splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any("Bill of materials".upper() in line.upper() for line in lines)


def _same_bytes_args(fmt: str) -> list[str]:
    return ["sheet", "ns-mpsi", "--date", DATE, "--format", fmt, *(("--table", "streams") if fmt == "csv" else ())]


@pytest.fixture(scope="module")
def other_process(tmp_path_factory):
    """The sheet in each format written by another process, with another hash order: one process for all the
    formats (a process each cost about 0.6 s of CPU apiece)."""
    folder = tmp_path_factory.mktemp("other-process")
    calls = [[*_same_bytes_args(fmt), "-o", str(folder / f"b.{fmt}")] for fmt in FORMATS + ("xlsx",)]
    script = (f"from synth.cli.app import main\nfor argv in {calls!r}:\n    try:\n        main(argv)\n"
              "    except SystemExit as exc:\n        assert exc.code == 0, (argv, exc.code)\n")
    subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": "12345"}, check=True)
    return folder


@pytest.mark.parametrize("fmt", FORMATS + ("xlsx",))
def test_same_inputs_and_date_give_the_same_bytes(capsys, tmp_path, other_process, fmt):
    first = tmp_path / f"a.{fmt}"
    assert run(capsys, *_same_bytes_args(fmt), "-o", str(first))[0] == 0
    assert first.read_bytes() == (other_process / f"b.{fmt}").read_bytes()


def test_html_is_self_contained_with_an_svg_flow_diagram(capsys):
    html = sheet_text(capsys, "html", "ampsi", "--basis", BASIS)
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2 and html.count('<svg class="gantt"') == 1
    # Nothing is loaded from elsewhere: no attribute, style or element that fetches. (A price's source may cite
    # a web page in its text; printed words load nothing.)
    for needle in ("src=", "href=", "@import", "url(", "<script", "<link", "<iframe", "<object"):
        assert needle not in html, needle
    assert "@page { margin: 15mm; }" in html and "break-before: page" in html


def test_svg_stream_widths_follow_the_mass(capsys):
    html = sheet_text(capsys, "html", "ampsi", "--basis", BASIS)
    bands = sorted((float(m), float(w)) for w, m in
                   re.findall(r'stroke-width="([\d.]+)"[^>]*data-mass-g="([\d.e+-]+)"', html))
    assert len(bands) >= 20
    for (m1, w1), (m2, w2) in pairwise(bands):
        assert w2 >= w1 and (m2 == m1 or w2 > w1), (m1, w1, m2, w2)
    assert "AMPSi@C 1000 g" in html and "Cl2" in html


def test_a_failed_run_leaves_no_file(capsys, tmp_path):
    target = tmp_path / "sheet.html"
    code, _, err = run(capsys, "sheet", "ampsi", "--date", "2025-02-30", "--format", "html", "-o", str(target))
    assert code == 2 and list(tmp_path.iterdir()) == []
    assert run(capsys, "sheet", "ampsi", "--date", DATE, "--format", "html", "-o", str(target))[0] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.html"]


@pytest.mark.parametrize("args, message", [
    (("--date", "2025-02-30"), "expected a calendar date written YYYY-MM-DD"),
    (("--date", "31.01.2025"), "expected a calendar date written YYYY-MM-DD"),
    (("--date", "2025-1-5"), "expected a calendar date written YYYY-MM-DD"),
    (("--batch-id", "batch 7"), "--batch-id 'batch 7': use 1-64 letters"),
    (("--format", "pdf"), "is not one of"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, "sheet", "ns-mpsi", *args)
    assert code == 2 and out == ""
    assert err.startswith("synth: error: ") and err.count("\n") == 1 and message in err


def test_default_batch_id_comes_from_recipe_basis_and_date(capsys):
    ids = {json.loads(run(capsys, "sheet", "ns-mpsi", "--format", "json", "--date", d, *b)[1])["header"]["batch_id"]
           for d, b in [(DATE, ()), (DATE, ()), ("2025-02-01", ()), (DATE, ("--basis", "Si=1 kg"))]}
    assert len(ids) == 3 and all(re.fullmatch(r"NS-MPSI-2025\d{4}-[0-9A-F]{6}", i) for i in ids)


def test_json_is_the_sheet_model(capsys):
    data = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS))
    assert list(data) == [fd.name for fd in fields(Sheet)] + ["cost", "provenance"]
    assert data["header"]["product_mass"] == {"value": pytest.approx(1000.0), "unit": "g"}
    assert data["header"]["weighing_tolerance"]["value"] == {"value": 0.5, "unit": "%"}


def test_hazards_name_the_substances_with_ghs_codes_and_amounts(capsys):
    data = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS))
    hazards = {(h["step"], h["substance"]): h for h in data["hazards"]}
    assert {"Mg", "HCl", "NH3", "SiH4", "Cl2", "H2"} <= {s for _, s in hazards}
    assert hazards[("recycling", "Cl2")]["mass"]["value"] == pytest.approx(4528.0, rel=1e-3)
    assert "H250" in hazards[("leaching", "SiH4")]["ghs"] and hazards[("leaching", "SiH4")]["mass"]["value"] == 0
    assert all(h["ghs"] and h["source"] in ("CLP", "SDS") for h in data["hazards"])


def test_procedure_waste_recycle_and_closure(capsys):
    data = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS))
    steps = {s["id"]: s for s in data["steps"]}
    setpoints = {(x["stage"], x["name"]): x for x in steps["nitridation"]["setpoints"]}
    assert setpoints[("conditions", "T")] == {"name": "T", "value": {"value": 750.0, "unit": "°C"},
                                              "source": "An2019", "of": "", "stage": "conditions"}
    assert setpoints[("gas supply", "N2 mean flow over the hold")]["source"] == "balance"
    assert any(x["name"] == "stirring" for x in steps["leaching"]["setpoints"])
    assert all(s["checks"] for s in data["steps"])
    liquor = next(w for w in data["waste"] if w["stream"] == "liquor")
    assert liquor["destination"] == "recycling" and {"MgCl2", "NH4Cl"} <= {c["material"] for c in liquor["components"]}
    assert {r["species"] for r in data["recycles"]} == {"Mg", "HCl"}
    assert all(c["relative"] < 1e-9 for c in data["mass_closure"] + data["element_closure"])
    labels = {a["label"] for a in data["assumptions"]}
    sources = {x["source"] for s in data["steps"] for x in s["setpoints"]}
    assert {s for s in sources if re.fullmatch(r"A\d+", s)} <= labels


def test_recipe_checks_are_validated():

    text = catalog.text("ampsi")
    bad = text.replace('- {text: "XRD of the dried AMPSi: Si peaks only", ref: An2019}', "- {ref: An2019}")
    bad = bad.replace("weighing_tolerance: {q: 0.5 %", "weighing_tolerance: {q: 150 %")
    problems = validate(parse(bad, "bad.yaml"))
    assert any("checks[3]: missing required field 'text'" in p for p in problems)
    assert any("weighing_tolerance: expected a fraction" in p for p in problems)


EXAMPLE_PRICES = str(Path(__file__).parents[1] / "examples" / "prices-example.yaml")


def test_json_sheet_has_the_cost_section_of_synth_cost(capsys):
    """The JSON sheet carries section 10 (cost and green metrics) as the other formats do: the object ``synth cost
    --json`` prints for the same batch and price files, quantities as {value, unit}; its provenance names the
    recipe, the species data, every price file with its sha256, and the versions."""
    for prices in ((), ("--prices", EXAMPLE_PRICES)):
        data = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS, *prices))
        code, out, err = run(capsys, "cost", "ampsi", "--basis", BASIS, "--json", *prices)
        assert code == 0, err
        assert data["cost"] == json.loads(out)
        made_from = data["provenance"]
        assert made_from == data["cost"]["provenance"]
        assert [f["file"] for f in made_from["price_data"]] == ["synth/data/prices.yaml", *prices[1:]]
        assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in made_from["price_data"])
        assert set(made_from["versions"]) == {"synth", "cantera", "python"}
        assert made_from["recipe"]["sha256"] == data["header"]["sha256"]
        assert made_from["species_data"]["sha256"] == data["header"]["species_data_sha256"]
        assert data["cost"]["cost_per_kg"]["unit"] == "USD / kg"
    assert data["cost"]["price_files"][1]["file"] == EXAMPLE_PRICES  # the last run's: the example prices count


@pytest.mark.parametrize("fmt", FORMATS + ("xlsx",))
@pytest.mark.parametrize("prices, message", [
    ("missing.yaml", "cannot read (No such file or directory); give the path of a price file"),
    ("bad.yaml", "invalid YAML"),
    (".", "is a folder, not a price file; give the path of a price file"),
])
def test_a_missing_or_bad_price_file_exits_2_in_every_format(capsys, tmp_path, fmt, prices, message):
    (tmp_path / "bad.yaml").write_text("currency: [USD\n", encoding="utf-8")
    target = tmp_path / ("out" if fmt == "csv" else f"sheet.{fmt}")
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", fmt, "-o", f"{target}/" if fmt == "csv" else
                         str(target), "--prices", str(tmp_path / prices))
    assert code == 2 and out == "" and not target.exists()
    assert err.startswith(f"synth: error: {tmp_path / prices}") and err.count("\n") == 1 and message in err, err


def test_cost_per_ah_reads_usd_per_ah_as_synth_cost_prints_it(capsys):
    """Section 10 writes the cost per Ah with the unit ``synth cost`` prints (USD/Ah, not pint's USD/A/h); the
    JSON keeps pint's unit string."""
    from synth.render.terminal import unit_text
    from synth.units import Q_

    assert unit_text(Q_(1, "USD/(A*h)")) == "USD/Ah" and unit_text(Q_(1, "A*h/kg")) == "Ah/kg"
    assert unit_text(Q_(1, "mAh/g")) == "mAh/g" and unit_text(Q_(1, "wt_pct")) == "wt%"
    md = sheet_text(capsys, "md", "ampsi", "--basis", BASIS)
    code, out, err = run(capsys, "cost", "ampsi", "--basis", BASIS)
    assert code == 0, err
    sheet_lines = re.findall(r"per Ah of anode capacity: ([\d.,]+ \S+)", md)
    cost_lines = re.findall(r"per Ah of anode capacity: ([\d.,]+ \S+)", out)
    assert len(sheet_lines) == 3 and sheet_lines == cost_lines and all(x.endswith(" USD/Ah") for x in sheet_lines)
    data = json.loads(sheet_text(capsys, "json", "ampsi", "--basis", BASIS))
    assert {c["cost"]["unit"] for c in data["cost"]["cost_per_Ah"]} == {"USD / A / h"}
