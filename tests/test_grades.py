"""Purchased grades and acid strengths (issue 10): each conversion by hand.

The lab batch needs n = 8 × 1.2 × n(Mg3N2) = 0.658 mol HCl (tests/test_route.py); HCl 36.46 g/mol, H2O 18.015.
"""

from __future__ import annotations

import pytest
import yamltext

from synth import catalog, recipe as recipe_mod
from synth.errors import SynthError
from synth.report import build
from synth.route import run
from synth.steps.leach import water_density

HCL, H2O = 36.458, 18.015  # g/mol from the species data's atomic weights (H 1.008, Cl 35.45, O 15.999)


def variant(acid: dict, drop=("concentration",)) -> recipe_mod.Recipe:
    """ampsi with the leach acid's fields ``drop`` removed and ``acid`` set."""
    text = catalog.text("ampsi")
    data = yamltext.load(text)
    spec = next(s for s in data["steps"] if s["id"] == "leaching")["acid"]
    for key in drop:
        spec.pop(key, None)
    spec.update(acid)
    return recipe_mod.parse(yamltext.dump(data), "variant of ampsi")


def acid_in(recipe) -> tuple[float, float, float]:
    """(mol HCl, g water, L solution) of the leach acid charge."""
    leach = run(recipe).step("leaching")
    acid = leach.inputs["acid"]
    return acid.amount("HCl(aq)"), acid.amount("H2O(l)") * H2O, leach.figures["solution_volume"].to("L").magnitude


@pytest.fixture(scope="module")
def n_acid():
    return acid_in(recipe_mod.load("ampsi"))[0]


def test_water_density_kell_1975():
    """Kell (1975) eq. 16: 999.84 g/L at 0 °C, 999.97 at 4 °C (the maximum), 998.20 at 20 °C, 997.04 at 25 °C,
    958.36 at 100 °C; IAPWS-95 (Wagner & Pruss 2002) gives 999.84, 999.97, 998.21, 997.05, 958.35."""
    for t, rho in ((0, 999.84), (4, 999.97), (20, 998.20), (25, 997.04), (100, 958.36)):
        assert water_density(273.15 + t) == pytest.approx(rho, abs=0.01), t
    with pytest.raises(SynthError, match="0-150 °C"):
        water_density(273.15 + 200)


def test_molar_acid_without_a_density_uses_water_at_the_leach_temperature(n_acid):
    """1 M at 25 °C: V = n / 1 mol/L; water = V × 997.04 g/L (Kell 1975), the HCl's volume neglected."""
    n, water_g, volume = acid_in(recipe_mod.load("ampsi"))
    assert n == pytest.approx(0.6583, abs=1e-4)
    assert volume == pytest.approx(n / 1.0, rel=1e-12)
    assert water_g == pytest.approx(volume * water_density(298.15), rel=1e-9)


def test_molar_acid_with_a_solution_density(n_acid):
    """1 M at 1.0165 g/mL: 1 L weighs 1016.5 g, of which 36.46 g HCl: 980.04 g water per L."""
    n, water_g, volume = acid_in(variant({"concentration": {"q": "1 M", "ref": "An2019"},
                                          "density": {"q": "1.0165 g/mL", "assumption": "test"}}, drop=()))
    assert volume == pytest.approx(n_acid, rel=1e-12)
    assert water_g / volume == pytest.approx(1016.5 - HCL, rel=1e-4)


def test_molality(n_acid):
    """1 mol/kg: water = n / (1 mol/kg) = 658.3 g for 0.6583 mol; at 1.0155 g/mL the solution's volume is
    (658.3 + 0.6583 × 36.46) g / 1015.5 g/L = 0.6719 L."""
    n, water_g, volume = acid_in(variant({"molality": {"q": "1 mol/kg", "assumption": "test"},
                                          "density": {"q": "1.0155 g/mL", "assumption": "test"}}))
    assert water_g == pytest.approx(n * 1000.0, rel=1e-12)
    assert volume == pytest.approx((n * 1000 + n * HCL) / 1015.5, rel=1e-4)
    assert volume == pytest.approx(0.6719, abs=1e-4)


def test_mass_fraction(n_acid):
    """3.5 wt%: water = m(HCl) × 96.5 / 3.5 = 0.6583 × 36.46 × 27.571 = 661.8 g; at 1.0157 g/mL the volume is
    (24.0 + 661.8) g / 1015.7 g/L = 0.6752 L."""
    n, water_g, volume = acid_in(variant({"mass_fraction": {"q": "3.5 wt%", "assumption": "test"},
                                          "density": {"q": "1.0157 g/mL", "assumption": "test"}}))
    assert water_g == pytest.approx(n * HCL * 96.5 / 3.5, rel=1e-4)
    assert water_g == pytest.approx(661.8, abs=0.1)
    assert volume == pytest.approx((n * HCL + water_g) / 1015.7, rel=1e-9)


@pytest.mark.parametrize("acid, drop, message", [
    ({"molality": {"q": "1 mol/kg", "assumption": "t"}}, ("concentration",),
     r"acid.molality: a molality needs the solution's density to give its volume: add density"),
    ({"molality": {"q": "1 mol/kg", "assumption": "t"}}, (),
     r"acid: give the acid's strength once, as concentration \(mol/L\), molality \(mol/kg\) or mass_fraction "
     r"\(wt%\); found concentration, molality"),
    ({"purchased": {"q": "3 wt%", "assumption": "t"}}, (),
     r"acid.purchased: the charge is stronger than the purchased acid \(3 wt%\)"),
])
def test_acid_strength_errors(acid, drop, message):
    with pytest.raises(SynthError, match=message):
        run(variant(acid, drop))


def test_purchased_acid_and_dilution_water():
    """7.843 kg HCl per kg of AMPSi@C bought as 37 wt% acid: 7.843 / 0.37 = 21.197 kg of solution, holding
    13.354 kg water; the acid's 214.49 kg water less that is 201.13 kg of dilution water."""
    from synth.scaling import scale

    plan, _ = scale(recipe_mod.load("ampsi"), "AMPSi@C=1 kg")
    figures = plan.step("leaching").figures
    hcl_kg = plan.step("leaching").inputs["acid"].amount("HCl(aq)") * HCL / 1000
    water_kg = plan.step("leaching").inputs["acid"].amount("H2O(l)") * H2O / 1000
    assert hcl_kg == pytest.approx(7.843, abs=0.001)
    assert figures["purchased_solution"].to("kg").magnitude == pytest.approx(hcl_kg / 0.37, rel=1e-4)
    assert figures["purchased_solution"].to("kg").magnitude == pytest.approx(21.197, abs=0.002)
    assert figures["dilution_water"].to("kg").magnitude == pytest.approx(water_kg - hcl_kg / 0.37 * 0.63, rel=1e-4)
    assert figures["dilution_water"].to("kg").magnitude == pytest.approx(201.13, abs=0.02)


def test_gas_volumes_at_the_recipes_standard_conditions():
    """gas_standard 0 °C, 101.325 kPa: Vm = R T / P = 8.3144626 × 273.15 / 101.325 = 22.414 L/mol, so the
    nitridation's 44.817 mol N2 per kg of product is 1004.5 L (1017.8 L at 100 kPa); the label says so."""
    text = catalog.text("ampsi")
    data = yamltext.load(text)
    data["gas_standard"]["P"]["q"] = "101.325 kPa"
    from synth.scaling import scale

    plan, _ = scale(recipe_mod.parse(yamltext.dump(data), "v"), "AMPSi@C=1 kg")
    report = build(plan)
    assert report["gas_volumes_at"] == "STP (273.15 K, 101.325 kPa)"
    n2 = report["steps"][1]["inputs"]["N2"]
    assert n2["amount"]["value"] == pytest.approx(44.817, abs=0.001)
    R = 8.31446261815324  # J/(mol K), CODATA 2018 (exact: N_A k)
    assert n2["volume_stp"]["value"] == pytest.approx(n2["amount"]["value"] * R * 273.15 / 101.325, rel=1e-12)
    assert n2["volume_stp"]["value"] == pytest.approx(1004.5, abs=0.1)
    assert build(run(recipe_mod.load("ampsi")))["gas_volumes_at"] == "STP (273.15 K, 100 kPa)"


def test_absurd_amounts_are_an_input_error_not_an_overflow():
    """1e20 g of Mg needs 1.32e19 L of 1 M acid: 2.6e17 runs of the 50 L leach reactor, an input error (exit 2)
    rather than an overflow of the run times (found by tests/test_robustness.py's fuzzing with 1e308 g, which
    the quantity reader now refuses first: any magnitude beyond 1e30, see test_hostile.py)."""
    text = catalog.text("ampsi")
    text = text.replace("mass: {q: 5 g, ref: An2019}", "mass: {q: 1e20 g, ref: An2019}", 1)
    with pytest.raises(SynthError, match=r"a batch would need 2.6\de\+17 runs of one unit .* check the recipe"):
        run(recipe_mod.parse(text, "absurd.yaml"))
