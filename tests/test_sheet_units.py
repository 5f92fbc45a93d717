"""Plant units on the printed batch sheets (`synth sheet --format txt|md|html --units si|us`, `--unit KIND=UNIT`),
and the sheet's cost section and occupancy chart from one planned line.

Conversion factors: 1 lb = 453.59237 g exactly (NIST SP 811, 2008, B.8); t(°F) = t(°C) x 9/5 + 32 and a
difference of 1 K is 9/5 °F; 1 Btu (IT) = 1055.05585262 J, so 1 kWh = 3.6e6 / 1055.05585262 = 3412.14 Btu;
an ideal gas at 60 °F (288.70556 K) and 14.696 psia (101.325 kPa) fills V = n R T / P with R = 8.314462618
J/(mol K) (CODATA 2018), in ft³ with 1 ft = 0.3048 m exactly.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import sys
from pathlib import Path

import pytest
from test_robustness import run_cli as run

from synth.recipe import load
from synth.render import sheet_format as f, sheet_html, sheet_tables, sheet_text
from synth.render.plant_units import SHEET, PlantUnits, figures
from synth.report import build as build_report
from synth.scaling import scale
from synth.sheet import build as build_sheet

BASIS = "AMPSi@C=1 kg"
US, SI = PlantUnits.parse("us"), PlantUnits.parse("si")
LB = 453.59237  # g


def scf(mol: float) -> float:
    """ft³ of an ideal gas at 60 °F and 14.696 psia: n R T / P, m³ over 0.3048³."""
    return mol * 8.314462618 * 288.70556 / 101325 / 0.3048 ** 3


@pytest.fixture(scope="module")
def sheet():
    made, basis = scale(load("ampsi"), BASIS)
    return build_sheet(build_report(made, basis), datetime.date(2025, 1, 31), "UNITS-1")


@pytest.fixture(scope="module")
def us_md(sheet):
    return sheet_text.render(sheet, "md", units=US)


def row(text: str, *cells: str) -> bool:
    """Whether a Markdown table row starts with these cells (padding ignored)."""
    pattern = r"^\| " + r" +\| ".join(re.escape(c) for c in cells) + r" +\|"
    return re.search(pattern, text, re.M) is not None


def test_bom_mass_and_tolerance_in_pounds(us_md):
    # 915 g Si / 453.59237 g/lb = 2.01723 lb; its tolerance 0.5 % x 915 g = 4.575 g = 0.0100862 lb
    assert f"{915 / LB:.4g}" == "2.017" and f"{4.575 / LB:.4g}" == "0.01009"
    assert row(us_md, "1 ", "Si", "2.017 lb", "± 0.01009 lb")


def test_furnace_set_point_ramp_and_rise_in_fahrenheit(us_md, sheet):
    # nitridation at 750 °C: 750 x 9/5 + 32 = 1382 °F; ramp 5 K/min = 9 °F/min (a difference per minute)
    assert row(us_md, "2.9 ", "Bring to temperature", "1382 °F [An2019]")
    assert row(us_md, "2.8 ", "Heat at", "9 Δ°F/min [A16]")
    # the adiabatic rise is a temperature difference: x 9/5, no offset
    rise = sheet.energy[0].adiabatic_rise.m_as("K")
    assert row(us_md, "alloying", f"{figures(sheet.energy[0].net.m_as('kWh') * 3412.14163)} Btu",
               f"{figures(sheet.energy[0].electric.m_as('kWh') * 3412.14163)} Btu", f"{rise * 9 / 5:.4g} Δ°F")


def test_gas_volume_in_scf_from_its_amount(us_md, sheet):
    n2 = next(b for b in sheet.bom if b.material == "N2")
    assert n2.amount.m_as("mol") == pytest.approx(44.8174, rel=1e-5)  # the N2 fed to nitridation, 100 % excess
    # 44.8174 mol x 8.314462618 x 288.70556 / 101325 m³ / 0.3048³ = 37.4951 scf
    assert scf(44.8174) == pytest.approx(37.4951, rel=1e-5)
    assert row(us_md, "3 ", "N2", f"{scf(n2.amount.m_as('mol')):.4g} scf", "metered")
    # the flow meter's set-point per run: the amount per run (9 runs) at the same state
    assert row(us_md, "2.13", "Gas supply: N2 per run (at 60", f"{scf(n2.amount.m_as('mol') / 9):.4g} scf [balance]")


def test_gas_supply_label_names_the_state_of_its_volume(sheet):
    """A gas supply's volume per run in scf is at 60 °F and 14.696 psia, not at STP: the label says the state
    the number is at. The number is the amount per run at that state (V = n R T / P), not the STP litres by a
    length factor, which would be 273.15 / 288.71 (and 100 / 101.325 kPa) of it: 113.1 L at IUPAC STP is
    4.980 mol, 4.166 scf, where 113.1 L / 28.3168 L/ft³ = 3.994 ft³."""
    step = next(s for s in sheet.steps if s.id == "nitridation")
    n2 = next(b for b in sheet.bom if b.material == "N2")
    litres = next(x.value for x in step.setpoints if x.name == "N2 per run (at STP)")
    vm = sheet.header.gas_molar_volume
    mol = (litres / vm).m_as("mol")
    assert mol == pytest.approx(n2.amount.m_as("mol") / 9, rel=1e-9) and f"{scf(mol):.4g}" == "4.166"
    assert f"{litres.m_as('ft**3'):.4g}" == "3.994"  # the plain factor: not the scf
    nm3 = mol * 8.314462618 * 273.15 / 101325  # DIN 1343: 273.15 K, 101.325 kPa
    for units, label, shown in ((US, "Gas supply: N2 per run (at 60 °F, 14.696 psia)", f"{scf(mol):.4g} scf"),
                                (SI, "Gas supply: N2 per run (at 0 °C, 1 atm)", f"{nm3:.4g} Nm³"),
                                (SHEET, "Gas supply: N2 per run (at STP)", "113.1 l")):
        rows = {r[1]: r[2] for r in f.action_rows(step, sheet.bom, units, vm)}
        assert rows[label] == f"{shown} [balance]", (label, rows)
        table = sheet_tables.procedure(sheet, units)
        assert label in {r[3] for r in table.rows if r[2] == "nitridation"}


def test_header_states_the_units(us_md, sheet):
    assert re.search(r"^\| units +\| US units \(--units us\): mass lb, ", us_md, re.M)
    assert row(us_md, "gas volumes at", "scf: 60 °F and 14.696 psia (288.706 K, 101.325 kPa)")
    plain = sheet_text.render(sheet, "md")
    assert "| units " not in plain and row(plain, "gas volumes at", "STP (273.15 K, 100 kPa)")


def test_energy_totals_and_si(sheet):
    si = sheet_text.render(sheet, "md", units=SI)
    # SI plant units: masses in kg, temperatures in °C, gases in Nm³ at 273.15 K and 101.325 kPa (DIN 1343)
    assert row(si, "1 ", "Si", "0.915 kg", "± 0.004575 kg")
    n2 = next(b for b in sheet.bom if b.material == "N2").amount.m_as("mol")
    assert row(si, "3 ", "N2", f"{n2 * 8.314462618 * 273.15 / 101325:.4g} Nm³", "metered")
    heating = sheet.totals.heating.m_as("kWh")
    us = sheet_text.render(sheet, "md", units=US)
    assert row(us, "heating (fuel or steam), every step, not netted", f"{figures(heating * 3412.14163)} Btu")


def test_a_unit_override_beats_the_system(capsys):
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "md", "--units", "us",
                         "--unit", "mass=kg", "--date", "2025-01-31")
    assert code == 0, err
    assert row(out, "1 ", "Si", "0.915 kg", "± 0.004575 kg")  # mass as overridden
    assert row(out, "2.9 ", "Bring to temperature", "1382 °F [An2019]")  # the rest in US units
    assert "(--units us): mass kg, " in out and "--unit mass=kg" in out


def test_one_kind_given_two_units_is_refused(capsys):
    code, out, err = run(capsys, "scale", "ampsi", "--unit", "mass=lb", "--unit", "mass=kg")
    assert code == 2 and not out and err.count("\n") == 1
    assert "--unit mass= is given twice (lb and kg): give one" in err


@pytest.mark.parametrize(("options", "state"), [
    ((), "STP (273.15 K, 100 kPa)"),  # the recipe's gas_standard: IUPAC STP
    (("--units", "us"), "scf: 60 °F and 14.696 psia"),
    (("--units", "si"), "Nm³: 273.15 K and 101.325 kPa (DIN 1343)"),
])
def test_scale_states_the_gas_state_its_volumes_are_at(capsys, options, state):
    code, out, err = run(capsys, "scale", "ampsi", *options)
    assert code == 0, err
    assert f"gas volumes at {state}" in out


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_every_printed_format_takes_plant_units(capsys, fmt):
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", fmt, "--units", "us",
                         "--date", "2025-01-31")
    assert code == 0, err
    assert "2.017 lb" in out and "1382 °F" in out and "37.5 scf" in out
    assert "AMPSi@C, 2.205 lb per batch" in out and "60 °F and 14.696 psia" in out
    assert "1018 l" not in out and "174.7 kWh" not in out  # the sheet's own N2 and heating
    if fmt == "md":  # no table cell is left in the sheet's own units (the engine's words, such as the runs basis
        # "Si 915 g per batch / 110 g per run", and the recipe's assumption texts keep theirs)
        assert not re.search(r"\| -?[\d.e+]+ (mg|g|kg|t|l|kWh|K|°C) ", out)


def test_the_spreadsheets_take_them_too(capsys, tmp_path):
    code, _, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "csv", "-o", f"{tmp_path}/",
                       "--units", "us", "--unit", "energy=MJ")
    assert code == 0, err
    assert "mass [lb]" in (tmp_path / "bom.csv").read_text() and "[MJ]" in (tmp_path / "energy.csv").read_text()


@pytest.mark.parametrize("units", [US, SI, PlantUnits.parse("us", ["gas=Nm³", "temperature=K"])])
def test_the_printed_sheet_and_the_tables_show_the_same_numbers(sheet, units):
    """One computation: each printed quantity is the table's number (CSV and xlsx) to four figures."""
    tables = {t.name: t for t in sheet_tables.tables(sheet, units)}
    for b, table_row in zip(sheet.bom, tables["bom"].rows, strict=True):
        printed = f.bom_weighing(b, units)[2]
        number = table_row[10] if b.volume_stp is not None and b.stream != "air" else table_row[7]
        kind = "gas" if b.volume_stp is not None and b.stream != "air" else "mass"
        assert printed == f"{figures(number)} {units.shown(kind)}"
    numbers = f.stream_numbers(sheet)
    for printed, table_row in zip(f.flow_rows(sheet.streams, numbers, units), tables["streams"].rows, strict=True):
        assert printed[5] == f"{figures(table_row[8])} {units.shown('mass')}"
        assert printed[7] == ("" if table_row[10] is None else f"{figures(table_row[10])} {units.shown('gas')}")
    procedure = iter(tables["procedure"].rows)
    for step in sheet.steps:
        for printed in f.action_rows(step, sheet.bom, units, sheet.header.gas_molar_volume):
            value, unit = next(procedure)[4:6]
            if isinstance(value, float) and unit in (units.shown(k) for k in ("mass", "temperature", "gas", "ramp")):
                assert printed[2].startswith(f"{figures(value)} {unit}")


def test_default_units_are_the_sheets_own(sheet):
    """SHEET is today's wording, byte for byte (the golden file holds the Markdown); an explicit default too."""
    assert sheet_text.render(sheet, "txt", units=PlantUnits.parse(None, [])) == sheet_text.render(sheet, "txt")
    assert sheet_html.render(sheet, units=SHEET) == sheet_html.render(sheet)


def test_the_sheet_plans_its_line_once(capsys, monkeypatch):
    """The batch, its cost section and its occupancy chart come from one planned line."""
    import synth.plant.line as line

    calls = []
    real = line.plan_line

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(line, "plan_line", counted)
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "html", "--date", "2025-01-31")
    assert code == 0, err
    assert len(calls) == 1 and "Equipment occupancy" in out and "Cost and green metrics" in out


def test_the_workbook_header_states_the_units(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "sheet.xlsx"
    code, _, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "xlsx", "-o", str(path), "--units", "si")
    assert code == 0, err
    fields = {r[0]: r[1] for r in openpyxl.load_workbook(path)["batch"].iter_rows(min_row=2, values_only=True)}
    assert fields["units"].startswith("SI plant units (--units si): mass kg, ")
    assert fields["gas volumes at"] == "Nm³: 273.15 K and 101.325 kPa (DIN 1343)"


def test_a_recipe_on_standard_input_is_read_once(capsys, monkeypatch):
    """The sheet, its cost section and its occupancy chart read the one recipe from stdin (it cannot be read twice)."""
    text = (Path(__file__).resolve().parent.parent / "recipes" / "ampsi.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, err = run(capsys, "sheet", "-", "--basis", BASIS, "--format", "html", "--date", "2025-01-31")
    assert code == 0, err
    assert "Cost and green metrics" in out and "Equipment occupancy" in out


def test_cost_section_amounts_in_plant_units(capsys):
    """Energy per mass of product: 1 kWh/kg = 3412.14163 Btu / (1000 / 453.59237 lb) = 1547.72 Btu/lb; an unpriced
    mass per batch in lb; money per kg stays as the price files give it."""
    code, cost, err = run(capsys, "cost", "ampsi", "--basis", BASIS, "--json")
    assert code == 0, err
    heating = json.loads(cost)["metrics"]["energy_intensity"]["heating"]
    assert heating["unit"] == "kWh / kg"
    code, out, err = run(capsys, "sheet", "ampsi", "--basis", BASIS, "--format", "md", "--units", "us",
                         "--date", "2025-01-31")
    assert code == 0, err
    assert row(out, "energy, heating", f"{figures(heating['value'] * 3412.14163 * 453.59237 / 1000)} Btu/lb")
    assert "- N2 (utility, 2.768 lb per batch)" in out and "USD/kg" in out  # 1255.5 g N2 / 453.59237 = 2.768 lb
