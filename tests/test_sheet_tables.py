"""The batch sheet as spreadsheets: one CSV per table, an xlsx workbook, and the numbered operator procedure."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from test_robustness import run_cli as run

from synth import catalog
from synth.recipe import load, parse
from synth.report import build as build_report
from synth.scaling import scale
from synth.sheet import build as build_sheet

pd = pytest.importorskip("pandas")
BASIS = "AMPSi@C=1 kg"
TABLES = ("bom", "procedure", "streams", "balances", "energy", "cost")


def build_sheet_1kg():
    """The sheet of a 1 kg AMPSi@C batch, from the library (what the CSV files must hold)."""
    plan, basis = scale(load("ampsi"), BASIS)
    return build_sheet(build_report(plan, basis), datetime.date(2025, 1, 31), "T-1")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """`synth sheet ampsi --format csv -o DIR/`: every table in its own file."""
    out = tmp_path_factory.mktemp("csv") / "sheet"
    from synth.cli.app import main

    with pytest.raises(SystemExit) as done:
        main(["sheet", "ampsi", "--basis", BASIS, "--date", "2025-01-31", "--format", "csv", "-o", f"{out}/"])
    assert done.value.code == 0
    return out


def test_csv_writes_one_table_per_file_that_pandas_reads(folder):
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    bom = pd.read_csv(folder / "bom.csv")
    assert list(bom["material"][:3]) == ["Si", "Mg", "N2"] and len(bom) == len(build_sheet_1kg().bom)
    assert bom["mass [g]"].dtype == float and bom.loc[0, "mass [g]"] == 915.0  # not 914.9999999999999
    streams = pd.read_csv(folder / "streams.csv")
    liquor = streams[(streams["step"] == "leaching") & (streams["stream"] == "liquor")].set_index("material")
    # mass = amount x M(MgCl2) = 24.305 + 2 x 35.45 = 95.205 g/mol (IUPAC abridged atomic weights), to 6 figures
    mgcl2 = liquor.loc["MgCl2"]
    assert mgcl2["mass [g]"] == pytest.approx(mgcl2["amount [mol]"] * 95.205, rel=2e-5)
    rows = list(csv.reader(io.StringIO((folder / "bom.csv").read_text(encoding="utf-8"))))
    assert rows[2][7] == "1633.93"  # 1633.9285714285716 g to 6 significant figures
    energy = pd.read_csv(folder / "energy.csv").set_index("step")
    electric = build_sheet_1kg().totals.electric.m_as("kWh")
    assert energy.loc["all steps", "electricity [kWh]"] == pytest.approx(electric, rel=1e-5)  # 6 figures


def test_procedure_csv_numbers_survive_pandas(folder):
    """Action 1.10 is step 1, action 10: two integer columns, so pandas never reads it as the float 1.1."""
    procedure = pd.read_csv(folder / "procedure.csv")
    assert procedure["step no."].dtype == int and procedure["action no."].dtype == int
    pairs = list(zip(procedure["step no."], procedure["action no."], strict=True))
    assert len(set(pairs)) == len(pairs)
    from synth.render.procedure import actions

    sheet = build_sheet_1kg()
    printed = [a.number for step in sheet.steps for a in actions(step, sheet.bom)]  # as the printed sheet numbers
    assert [f"{s}.{a}" for s, a in pairs] == printed
    assert any(a >= 10 for _, a in pairs)  # an action 10 or later exists, where the float would have collided


def exact(value: float):
    """``value`` as a workbook stores it: 16 significant figures (openpyxl writes a float as %.16g)."""
    return pytest.approx(value, rel=5e-16, abs=0)


def cost_json(capsys, *args) -> dict:
    code, out, err = run(capsys, "cost", "ampsi", "--basis", BASIS, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_cost_table_is_what_synth_cost_json_says(folder, tmp_path, capsys):
    """The workbook's cost worksheet holds the JSON's numbers (to 16 significant figures: openpyxl writes a float
    as %.16g, within one unit in the last place of the double); cost.csv holds them to 6 figures."""
    openpyxl = pytest.importorskip("openpyxl")
    want = cost_json(capsys)
    path = tmp_path / "batch.xlsx"
    code, _, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--date", "2025-01-31", "--format", "xlsx",
                       "-o", str(path))
    assert code == 0, err
    ws = openpyxl.load_workbook(path)["cost"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=3)]
    items = {r["item"]: r for r in rows if r["row"] in ("priced", "unpriced (not in the total)")}
    lines = {x["item"]: x for x in want["lines"]}
    assert list(items) == list(lines)  # every line, in the JSON's order
    assert items["Si"]["mass per batch [g]"] == pytest.approx(915.0, rel=1e-12)  # 2.01723 lb as priced, in g
    for item, column in [("Si", "cost per batch [USD]"), ("Mg", "once-through cost per batch [USD]"),
                         ("labour", "cost per batch [USD]"), ("electricity", "cost per batch [USD]")]:
        key = "once_through" if column.startswith("once") else "cost"
        assert items[item][column] == exact(lines[item][key]["value"])
    assert items["labour"]["time per batch [h]"] == exact(lines["labour"]["quantity"]["value"])
    assert (items["HCl"]["price"], items["HCl"]["price unit"]) == (168.0, "USD / t")  # as the price file writes it
    breakdown = {x["item"]: x for x in want["breakdown"]}
    assert items["Si"]["cost per kg product [USD/kg]"] == exact(breakdown["Si"]["cost_per_kg"]["value"])
    assert items["Si"]["share of total"] == exact(breakdown["Si"]["share"])
    for x in want["unpriced"]:  # listed, never zero
        row = items[x["item"]]
        assert row["row"] == "unpriced (not in the total)" and row["cost per batch [USD]"] is None
    totals = {(r["row"], r["item"]): r for r in rows}
    assert totals["subtotal", "raw materials, utilities and waste"]["cost per kg product [USD/kg]"] == \
        exact(want["variable_cost_per_kg"]["value"])
    steady = totals["total", "steady state"]
    assert steady["cost per batch [USD]"] == exact(want["cost_per_batch"]["value"])
    assert steady["cost per kg product [USD/kg]"] == exact(want["cost_per_kg"]["value"])
    once = totals["total", "once-through"]["cost per kg product [USD/kg]"]
    assert once == exact(want["once_through_cost_per_kg"]["value"])
    files = [(r["item"], r["source or note"]) for r in rows if r["row"] == "price file"]
    assert files == [(f["file"], f"sha256 {f['sha256']}") for f in want["price_files"]]
    csv_cost = pd.read_csv(folder / "cost.csv").set_index("item")
    assert csv_cost.loc["steady state", "cost per batch [USD]"] == pytest.approx(want["cost_per_batch"]["value"],
                                                                                 rel=1e-5)  # 6 figures
    assert pd.isna(csv_cost.loc["Tris", "cost per batch [USD]"])


def test_cost_table_in_plant_units_and_with_more_prices(tmp_path, capsys):
    """--units us: the physical amounts in lb, scf and Btu (1 lb = 453.59237 g; 1 kWh = 3412.14 Btu (IT)); N2
    priced per Nm³ (273.15 K, 101.325 kPa) is a gas volume at 60 °F and 14.696 psia: V = Nm³ x 288.70556 / 273.15
    in m³, / 0.3048³ in ft³. Money stays as the price files write it. Each price file given with --prices is
    named with its hash, as in synth cost."""
    prices = tmp_path / "quotes.yaml"
    prices.write_text('currency: USD\nreferences:\n  Quote: "a test quote (tests/test_sheet_tables.py)"\n'
                      "materials:\n  Tris:\n    price: {q: 40 USD/kg, year: 2025, ref: Quote}\n", encoding="utf-8")
    example = Path(__file__).parents[1] / "examples" / "prices-example.yaml"  # from any working folder
    given = ("--prices", str(example), "--prices", str(prices))
    want = cost_json(capsys, *given)
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "csv", "--table", "cost",
                         "--units", "us", *given)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out)).set_index("item")
    lines = {x["item"]: x for x in want["lines"]}
    assert table.loc["Si", "mass per batch [lb]"] == pytest.approx(915 / 453.59237, rel=1e-5)
    n2 = lines["N2"]["quantity"]
    assert n2["unit"] == "Nm3" and table.loc["N2", "price unit"] == "USD / Nm3"
    assert table.loc["N2", "gas per batch [scf]"] == pytest.approx(n2["value"] * 288.70556 / 273.15 / 0.3048**3,
                                                                   rel=1e-5)
    assert table.loc["N2", "cost per batch [USD]"] == pytest.approx(lines["N2"]["cost"]["value"], rel=1e-5)
    assert table.loc["electricity", "energy per batch [Btu]"] == pytest.approx(
        lines["electricity"]["quantity"]["value"] * 3412.14, rel=1e-5)
    assert table.loc["Tris", "row"] == "priced"
    assert table.loc["Tris", "cost per batch [USD]"] == pytest.approx(lines["Tris"]["cost"]["value"], rel=1e-5)
    assert table.loc["steady state", "cost per kg product [USD/kg]"] == pytest.approx(want["cost_per_kg"]["value"],
                                                                                      rel=1e-5)
    named = table[table["row"] == "price file"]
    assert list(named.index) == [f["file"] for f in want["price_files"]] and len(named) == 3
    assert list(named["source or note"]) == [f"sha256 {f['sha256']}" for f in want["price_files"]]


def test_capital_rows_count_the_equipment_priced_or_not(capsys):
    """A capital row is a count of units, whether the price files cost the unit or not; the size its cost is
    scaled from (the tube furnace's 110 g per run) is in its note, not an amount per batch."""
    example = str(Path(__file__).parents[1] / "examples" / "prices-example.yaml")
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "csv", "--table", "cost",
                         "--prices", example)
    assert code == 0, err
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "capital"]
    furnace = next(r for r in rows if r["item"].startswith("capital: tube-furnace"))
    assert furnace["row"] == "priced" and furnace["source or note"].startswith("capacity 110 g per run; ")
    assert any(r["row"] != "priced" for r in rows)
    amounts = [h for h in rows[0] if " per batch" in h and "cost" not in h and h != "count per batch"]
    assert len(amounts) == 6  # mass, gas, volume, energy, time, other
    for r in rows:
        assert r["count per batch"] == "1" and not any(r[h] for h in amounts), r


def test_a_cost_quantity_of_another_kind_is_written_as_it_is():
    """A quantity per batch that is no plant kind (an area, say) keeps its unit in its own text column."""
    from synth.render.sheet_tables import cost

    line = {"item": "film", "kind": "raw material", "quantity": {"value": 2.5, "unit": "m ** 2"}, "cost": None,
            "once_through": None, "price": None, "note": "no price in the price files"}
    costed = {"currency": "EUR", "breakdown": [], "prices": [], "lines": [line], "variable_cost_per_kg": None,
              "cost_per_batch": {"value": 0.0, "unit": "EUR"}, "cost_per_kg": {"value": 0.0, "unit": "EUR / kg"},
              "once_through_cost_per_kg": {"value": 0.0, "unit": "EUR / kg"}, "batch": {"material": "P"},
              "product_per_batch": {"value": 2.0, "unit": "kg"}, "price_files": []}
    table = cost(costed)
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert row["other quantity per batch"] == "2.5 m²" and row["cost per batch [EUR]"] is None
    assert row["row"] == "unpriced (not in the total)" and "mass per batch [g]" in table.headers
    product = dict(zip(table.headers, table.rows[-1], strict=True))
    assert product["mass per batch [g]"] == 2000.0  # 2 kg in the sheet's own unit


def test_csv_one_table_to_stdout_and_the_errors(capsys):
    code, out, _ = run(capsys, "sheet", "ns-mpsi", "--date", "2025-01-31", "--format", "csv", "--table", "balances")
    assert code == 0 and out.splitlines()[0] == "balance,name,in,out,unit,relative error"
    for args, message in [((), "writes one table per file"), (("--table", "bom", "-f", "md"), "--table is for"),
                          (("--table", "costs"), "the sheet's tables are bom, procedure")]:
        code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "csv", *args)
        assert code == 2 and out == "" and message in err, err


def test_text_that_reads_as_a_formula_is_neutralised(tmp_path, capsys):
    text = catalog.text("ampsi").replace('grade: {text: "powder, 200 mesh"', 'grade: {text: "=HYPERLINK(\\"x\\")"')
    recipe = tmp_path / "hostile.yaml"
    recipe.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "sheet", str(recipe), "--format", "csv", "--table", "bom")
    assert code == 0, err
    assert "\"'=HYPERLINK(\"\"x\"\")\"" in out
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "s.xlsx"
    assert run(capsys, "sheet", str(recipe), "--format", "xlsx", "-o", str(book_path))[0] == 0
    cell = openpyxl.load_workbook(book_path)["bom"]["F4"]
    assert cell.value == "'=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_workbook_has_a_sheet_per_table_with_numbers_and_print_setup(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "batch.xlsx"
    code, _, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--date", "2025-01-31", "--format", "xlsx",
                       "-o", str(path), "--paper", "letter")
    assert code == 0, err
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["batch", *TABLES]
    bom = book["bom"]
    assert [c.value for c in bom[2]][:8] == ["line", "step", "material", "formula", "CAS", "grade", "grade source",
                                             "mass [g]"]
    assert isinstance(bom["H3"].value, float) and bom["H3"].value == pytest.approx(915.0, rel=1e-12)
    assert bom["N3"].border.left.style == "thin" and bom["P13"].border.bottom.style == "thin"  # write-in boxes
    assert bom["H3"].border.left.style is None
    for name in TABLES:
        ws = book[name]
        assert ws.page_setup.paperSize == 1 and ws.page_setup.orientation == "landscape"  # 1 = Letter
        assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$2:$2"
    header = {row[0].value: row[1].value for row in book["batch"].iter_rows(min_row=3)}
    assert header["date"] == "2025-01-31" and header["batch id"].startswith("AMPSI-20250131-")
    assert header["prepared by"] is None and book["batch"]["B16"].border.bottom.style == "thin"  # a line to sign


def test_xlsx_needs_a_file(capsys, tmp_path):
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "xlsx")
    assert code == 2 and "give -o FILE.xlsx" in err
    # a workbook under another name would open as garbage in an editor: refused before the work
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "xlsx", "-o", str(tmp_path / "x.md"))
    assert code == 2 and err.rstrip().endswith(f"give -o FILE.xlsx, not -o {tmp_path / 'x.md'}")
    assert not list(tmp_path.iterdir())


def test_paper_is_for_the_workbook(capsys):
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "md", "--paper", "letter")
    assert code == 2 and not out and "--paper is for --format xlsx, not md" in err


def test_operator_procedure_is_numbered_with_setpoints_and_sources():
    plan, basis = scale(load("ampsi"), BASIS)
    sheet = build_sheet(build_report(plan, basis), datetime.date(2025, 1, 31), "P-1")
    from synth.render.procedure import actions

    first = actions(sheet.steps[0])
    assert [a.number for a in first] == [f"1.{i}" for i in range(1, len(first) + 1)]
    # 9 runs of 310 g Mg2Si (A6): 915 g Si / 9 = 101.67 g of Si per run, from BOM line 1
    assert (first[0].text, first[0].source) == ("Charge Si per run", "BOM 1")
    assert first[0].setpoint.m_as("g") == pytest.approx(915 / 9)
    by_text = {a.text: a for a in first}
    assert f"{by_text['Bring to temperature'].setpoint:~P}" == "550.0 °C"
    atmosphere = next(a.label for a in sheet.assumptions if a.field == "recipe.steps[0].conditions.atmosphere")
    assert by_text["Close and purge"].source == atmosphere  # cited by its A-number
    nitridation = {a.text: a for a in actions(sheet.steps[1], sheet.bom)}
    assert nitridation["Feed N2 gas per run"].source == "BOM 3"  # the BOM's gas line, fed, not weighed in
    coating = [a.text for a in actions(sheet.steps[4], sheet.bom)]
    assert "Let the batch take up O2 per run from the air (not weighed)" in coating  # the BOM's air line
    recycling = {a.text: a for a in actions(sheet.steps[3])}
    assert f"{recycling['Bring to temperature (cell)'].setpoint:~P}" == "1000.0 K"  # as the recipe wrote it
    assert parse  # the parser is imported for the hostile recipe above


def test_plant_units_convert_the_spreadsheets(capsys):
    """--units us: 915 g Si = 2.01723 lb (1 lb = 453.59237 g exactly, NIST SP 811); N2 44.8174 mol at 60 °F and
    14.696 psia is n R T / P = 44.8174 x 8.314462618 x 288.70556 / 101325 m³ = 37.4951 scf (1 ft = 0.3048 m).
    --units si: the same N2 in Nm³ (273.15 K, 101.325 kPa) is 1017.84 L at STP x 100 / 101.325 = 1.00453 m³."""
    args = ("sheet", "ampsi", "--basis", BASIS, "--date", "2025-01-31", "--format", "csv", "--table", "bom")
    us = pd.read_csv(io.StringIO(run(capsys, *args, "--units", "us")[1])).set_index("material")
    assert us.loc["Si", "mass [lb]"] == pytest.approx(915 / 453.59237, rel=1e-5)
    n2 = us.loc["N2"]
    assert n2["gas volume [scf]"] == pytest.approx(n2["amount [mol]"] * 8.314462618 * 288.70556 / 101325 / 0.3048**3,
                                                   rel=1e-5)
    si = pd.read_csv(io.StringIO(run(capsys, *args, "--units", "si")[1])).set_index("material")
    assert si.loc["N2", "gas volume [Nm³]"] == pytest.approx(1.00453, rel=1e-5)
    assert si.loc["Si", "mass [kg]"] == pytest.approx(0.915)
    energy = pd.read_csv(io.StringIO(run(capsys, *args[:-1], "energy", "--units", "us", "--unit", "energy=MJ")[1]))
    assert list(energy.columns) == ["step", "net heat [MJ]", "electricity [MJ]", "adiabatic rise [Δ°F]", "time [h]"]
    kelvin = pd.read_csv(io.StringIO(run(capsys, *args[:-1], "energy")[1])).set_index("step")
    # a rise of 1 K is a rise of 9/5 °F; 1 kWh = 3.6 MJ
    rise = energy.set_index("step").loc["alloying", "adiabatic rise [Δ°F]"]
    assert rise == pytest.approx(kelvin.loc["alloying", "adiabatic rise [K]"] * 9 / 5, rel=1e-5)
    assert energy["net heat [MJ]"].iloc[-1] == pytest.approx(kelvin["net heat [kWh]"].iloc[-1] * 3.6, rel=1e-5)


@pytest.mark.parametrize("args, message", [
    (("--units", "imperial"), "--units 'imperial': choose si or us"),
    (("--unit", "mass=m"), "--unit mass: expected a quantity of dimension mass"),
    (("--unit", "weight=lb"), "write KIND=UNIT with KIND one of mass"),
    (("--unit", "gas=foo"), "a gas volume is one of"),
])
def test_bad_plant_units_are_explained(capsys, args, message):
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "csv", "--table", "bom", *args)
    assert code == 2 and out == "" and message in err, err


def test_the_json_sheet_stays_si(capsys):
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "json", "--units", "us")
    assert code == 2 and out == "" and "--format json stays SI" in err
