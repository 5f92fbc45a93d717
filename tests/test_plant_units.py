"""Plant units in the terminal (`synth scale --units si|us`, `--unit KIND=UNIT`); JSON stays SI."""

from __future__ import annotations

import re

import pytest
from test_robustness import run_cli as run

from synth.render.plant_units import PlantUnits
from synth.units import Q_


def test_us_units_in_the_terminal(capsys):
    code, out, err = run(capsys, "scale", "ampsi", "--basis", "AMPSi@C=1 kg", "--units", "us")
    assert code == 0, err
    # 915 g / 453.59237 g/lb (exact, NIST SP 811) = 2.017 lb; 25 °C = 77 °F; 1000 K = 1340.3 °F
    assert re.search(r"│ Si +│ +2\.017 lb │", out) and re.search(r"leaching: .*  —  77 °F, 5 run", out)
    assert re.search(r"1340\.3\s+°F", out)
    assert "gas volume / note" in out and "scf" in out


def test_one_kind_overridden_and_the_rest_as_the_sheet(capsys):
    code, out, err = run(capsys, "scale", "ampsi", "--basis", "AMPSi@C=1 kg", "--unit", "energy=MJ")
    assert code == 0, err
    kwh = run(capsys, "scale", "ampsi", "--basis", "AMPSi@C=1 kg")[1]
    row = r"│ heating \(fuel or steam; every step, not netted\) +│ +([\d.]+) {} │"
    in_kwh = float(re.search(row.format("kWh"), kwh)[1])
    assert float(re.search(row.format("MJ"), out)[1]) == pytest.approx(in_kwh * 3.6, rel=1e-3)  # 1 kWh = 3.6 MJ
    assert "│ product AMPSi@C" in out and "1000 g" in out and "volume at STP" in out


def test_json_stays_si(capsys):
    code, out, err = run(capsys, "scale", "ampsi", "--json", "--units", "us")
    assert code == 2 and out == "" and "--json stays SI" in err


def test_gas_volume_changes_reference_state():
    """1 mol of ideal gas: 22.41397 L at 273.15 K and 101.325 kPa (Nm³), 23.6449 L at 60 °F and 1 atm
    = 0.835014 ft³ (scf), 22.71095 L at IUPAC STP; R = 8.314462618 J/(mol K), CODATA 2018."""
    one = Q_(1.0, "mol")
    assert PlantUnits.parse("si").number(one, "gas") == pytest.approx(8.314462618 * 273.15 / 101325, rel=1e-9)
    assert PlantUnits.parse("us").number(one, "gas") == pytest.approx(
        8.314462618 * 288.70556 / 101325 / 0.3048 ** 3, rel=1e-9)
    assert PlantUnits.parse(None, ["gas=L (STP)"]).number(one, "gas") == pytest.approx(8.314462618 * 273.15 / 100)
