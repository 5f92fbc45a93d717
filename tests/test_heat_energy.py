"""Energy by kind, never netted across steps: heating, cooling, electricity and primary energy (issue 10).

One computation (synth.energy.route_energy) serves scale (terminal, JSON, sheet) and sweep: the same number.
"""

from __future__ import annotations

import pytest

from synth import catalog
from synth.audit import validate
from synth.energy import route_energy, step_duties
from synth.errors import InputError
from synth.recipe import load, parse
from synth.report import build
from synth.route import run
from synth.scaling import scale
from synth.sweep import Range, point, sweep
from synth.units import from_json

AMPSI = catalog.text("ampsi")
BASIS = "AMPSi@C=1 kg"


@pytest.fixture(scope="module")
def ampsi():
    return load("ampsi")


@pytest.fixture(scope="module")
def kg(ampsi):
    return scale(ampsi, BASIS)


def test_sweep_and_scale_give_the_same_thermal_energy(ampsi, kg):
    """The sweep's thermal energy per kg of product is the report's heating total at 1 kg (was 190.3 vs 199.2)."""
    plan, basis = kg
    totals = build(plan, basis)["totals"]
    at_recipe = point(ampsi, {"leaching.acid.excess": from_json({"value": 20, "unit": "percent"})}, BASIS)
    assert at_recipe["thermal energy"].to("kWh/kg").magnitude == pytest.approx(
        from_json(totals["heating"]).to("kWh").magnitude, rel=1e-12)
    electricity = from_json(totals["electricity"]).to("kWh").magnitude
    assert at_recipe["electric energy"].magnitude == pytest.approx(electricity, rel=1e-12)
    swept = sweep(ampsi, [Range.parse("leaching.acid.excess=20..30 %:2", ampsi)], BASIS)
    assert swept.outputs["thermal energy"][0].magnitude == pytest.approx(at_recipe["thermal energy"].magnitude,
                                                                         rel=1e-12)


def test_duties_by_hand(kg):
    """Per step, each heat part by its sign, never netted:
    - alloying, an electric furnace at 50 % (recipe assumption): electricity = charge heat / 0.5, at 550 °C;
      the reaction heat (exothermic) is cooling at 550 °C;
    - leaching: the reaction heat is cooling at 25 °C, the drying heat is heating at the dryer's 80 °C;
    - recycling (its own duties, tests/test_recycle.py): evaporator and dryer heating, HCl synthesis cooling, and
      the cell's own balance (MgCl2 from dryer T to cell T + cell reaction - electricity) netted in that one
      vessel: here cooling; heating = 0.2773 (leach drying) + 161.5 (evaporator) + 12.95 (dryer) = 174.7 kWh;
    totals: heating = Σ heating duties, electricity = Σ electricity, primary = heating + electricity."""
    plan, _ = kg
    alloying = {d.name: d for d in step_duties(plan.step("alloying"))}
    parts = plan.step("alloying").heat.parts_J
    assert alloying["charge to set-point"].kind == "electricity"
    assert alloying["charge to set-point"].energy_J == pytest.approx(parts["charge to set-point"] / 0.50, rel=1e-12)
    assert alloying["charge to set-point"].T_K == pytest.approx(823.15)
    assert "assumption" in alloying["charge to set-point"].efficiency_source
    assert alloying["reaction"].kind == "cooling" and alloying["reaction"].energy_J == pytest.approx(-parts["reaction"])
    leach = {d.name: d for d in step_duties(plan.step("leaching"))}
    assert (leach["reaction"].kind, leach["reaction"].T_K) == ("cooling", pytest.approx(298.15))
    assert (leach["drying"].kind, leach["drying"].T_K) == ("heating", pytest.approx(353.15))
    cell = plan.step("recycling")
    duties = {d.name: d for d in step_duties(cell)}
    p = cell.heat.parts_J
    balance = p["heating MgCl2 from dryer T to cell T"] + p["electrolysis reaction"] + p["electric input (as heat)"]
    cell_balance = duties["cell heat balance (melt, reaction, Joule heat)"]
    assert cell_balance.kind == "cooling"
    assert cell_balance.energy_J == pytest.approx(-balance)
    assert duties["electrolysis cell"].energy_J == cell.heat.electric_J
    assert duties["dryer"].kind == "heating"
    e = route_energy(plan)
    heating = e.heating.m_as("J")
    assert heating == pytest.approx(sum(d.energy_J for _, d in e.duties if d.kind == "heating"))
    assert e.primary.m_as("J") == pytest.approx((e.heating + e.electricity).m_as("J"), rel=1e-12)  # no efficiency
    assert heating > sum(max(s.heat.net_J, 0.0) for s in plan.steps)  # nothing netted away
    assert e.heating.m_as("kWh") == pytest.approx(0.2773 + 161.5 + 12.95, abs=0.05)  # AMPSi@C = 1 kg, as the README


def test_a_fuel_heater_buys_heat_at_its_efficiency():
    """A fuel-fired alloying furnace at 40 %: heating = charge heat (delivered), primary = heat / 0.40."""
    text = AMPSI.replace("    heating:\n      electric: true\n      efficiency: {q: 50 %",
                         "    heating:\n      electric: false\n      efficiency: {q: 40 %", 1)
    assert text != AMPSI
    plan = run(parse(text, "fuel.yaml"))
    d = next(d for d in step_duties(plan.step("alloying")) if d.name == "charge to set-point")
    q = plan.step("alloying").heat.parts_J["charge to set-point"]
    assert (d.kind, d.energy_J, d.primary_J) == ("heating", pytest.approx(q), pytest.approx(q / 0.40))


@pytest.mark.parametrize("bad, message", [
    ("electric: yes-please", "expected true or false, found 'yes-please'"),
    ("electric: 1", "expected true or false, found 1"),
])
def test_bad_heating_fields_are_refused_with_their_line(bad, message):
    text = AMPSI.replace("      electric: true", f"      {bad}", 1)
    problems = validate(parse(text, "bad.yaml"))
    assert any(p.startswith("bad.yaml:") and "heating.electric" in p and message in p for p in problems), problems


def test_a_zero_efficiency_is_an_error():
    text = AMPSI.replace("efficiency: {q: 50 %", "efficiency: {q: 0 %", 1)
    with pytest.raises(InputError, match=r"heating.efficiency: must be above 0"):
        run(parse(text, "zero.yaml"))
