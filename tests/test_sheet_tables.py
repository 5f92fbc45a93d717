"""The batch sheet as spreadsheets: one CSV per table, an xlsx workbook, and the numbered operator procedure."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from test_robustness import run_cli as run

from synth import catalog
from synth.recipe import load, parse
from synth.report import build as build_report
from synth.scaling import scale
from synth.sheet import build as build_sheet

pd = pytest.importorskip("pandas")
BASIS = "AMPSi@C=1 kg"
TABLES = ("bom", "procedure", "streams", "balances", "energy")


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


def test_csv_one_table_to_stdout_and_the_errors(capsys):
    code, out, _ = run(capsys, "sheet", "ns-mpsi", "--date", "2025-01-31", "--format", "csv", "--table", "balances")
    assert code == 0 and out.splitlines()[0] == "balance,name,in,out,unit,relative error"
    for args, message in [((), "writes one table per file"), (("--table", "bom", "-f", "md"), "--table is for"),
                          (("--table", "cost"), "the sheet's tables are bom, procedure")]:
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


def test_xlsx_needs_a_file(capsys):
    code, out, err = run(capsys, "sheet", "ns-mpsi", "--format", "xlsx")
    assert code == 2 and "give -o FILE.xlsx" in err


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
