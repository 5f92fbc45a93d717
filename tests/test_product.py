"""Product figures against hand calculations: porosity, ΔV, volume-limited and theoretical capacity (issue 18)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from test_cli import run  # the CLI runner of the command-line tests

from synth import load_recipe, scale
from synth.errors import RecipeError
from synth.lithiation import host, swelling
from synth.product import molar_volume, porosity, product, products
from synth.recipe import parse
from synth.units import Q_

F = 96485.33212  # C/mol, CODATA 2018
M_SI, M_MG, M_O = 28.085, 24.305, 15.999  # g/mol: IUPAC 2013 abridged standard atomic weights, as Cantera has them


def figures(material: str, recipe: str = "ampsi", basis: str | None = "AMPSi@C=1 kg") -> dict:
    plan, _ = scale(load_recipe(recipe), basis)
    p = product(plan, material)
    return {f.key: f.value for f in p.figures} | {f.key: f.value for f in p.composition}


def test_theoretical_porosity_of_ampsi_is_one_minus_si_over_mg2si_per_mol_si():
    # per mol Si: V(Si) = 28.0855 / 2.3296 = 12.0559 cm³; V(Mg2Si) = (2 × 24.305 + 28.0855) / 1.99 = 38.5405 cm³
    # (CRC densities in the species data); 1 - 12.0559 / 38.5405 = 0.68719 -> 68.7 %. The paper gives 68.6 %.
    v_si = M_SI / 2.3296
    v_mg2si = (2 * M_MG + M_SI) / 1.99
    hand = 1 - v_si / v_mg2si
    assert hand == pytest.approx(0.68719, abs=1e-5)
    f = figures("AMPSi")
    assert f["porosity_theoretical"].to("dimensionless").magnitude == pytest.approx(hand, rel=1e-4)
    assert f["porosity_theoretical"].to("percent").magnitude == pytest.approx(68.6, abs=0.2)  # An2019, Results


def test_delta_v_is_280_percent_at_the_measured_porosity_and_320_at_the_theoretical():
    # ΔV = V_pores/V_Si + 1 = φ/(1 - φ) + 1 = 1/(1 - φ) for a skeleton of Si alone:
    # 1/(1 - 0.643) = 2.801 (An2019: 280 %); 1/(1 - 0.68719) = 3.1969 (the 319 % from 68.6 %).
    f = figures("AMPSi")
    assert f["dV_reported"].to("dimensionless").magnitude == pytest.approx(1 / (1 - 0.643), rel=1e-9)
    assert f["dV_reported"].to("dimensionless").magnitude == pytest.approx(2.80, abs=0.005)
    assert f["dV_theoretical"].to("dimensionless").magnitude == pytest.approx(1 / (1 - 0.68719), rel=1e-4)
    # pore volume per g of Si: φ/(1 - φ) / ρ(Si) = 1.8011 / 2.3296 = 0.7731 cm³/g at 64.3 %
    assert f["pore_volume_reported"].to("cm**3/g").magnitude == pytest.approx(0.643 / 0.357 / 2.3296, rel=1e-6)


def test_the_measured_porosity_means_about_12_percent_volume_shrinkage():
    # 1 - φ = V(Si) / (V(Mg2Si)(1 - s)):  1 - s = 0.31281 / 0.357 = 0.87622,  s = 12.4 %
    f = figures("AMPSi")
    s = 1 - (1 - 0.68719) / (1 - 0.643)
    assert f["shrinkage_implied"].to("dimensionless").magnitude == pytest.approx(s, rel=1e-3)
    assert f["shrinkage_implied"].to("percent").magnitude == pytest.approx(12, abs=0.5)


def test_si_to_li15si4_is_3579_mAh_per_g_and_carbon_to_lic6_is_372():
    # 3.75 F / M(Si) = 3.75 × 96485.33 / 28.0855 C/g = 12883.2 C/g / 3.6 = 3578.7 mAh/g (An2019: 3579)
    assert host("Si").capacity.to("mAh/g").magnitude == pytest.approx(3.75 * F / M_SI / 3.6, rel=1e-6)
    assert host("Si").capacity.to("mAh/g").magnitude == pytest.approx(3579, abs=0.5)
    # F / (6 × 12.011) / 3.6 = 371.9 mAh/g (graphite, 372 mAh/g, Holzapfel 2006)
    assert host("C").capacity.to("mAh/g").magnitude == pytest.approx(F / (6 * 12.011) / 3.6, rel=1e-4)


def test_theoretical_capacity_of_ampsi_at_c_is_the_mass_weighted_sum():
    # 0.915 × 3578.6 + 0.085 × 371.9 = 3274.4 + 31.6 = 3306.0 mAh/g
    f = figures("AMPSi@C")
    assert f["w(C)"].to("percent").magnitude == pytest.approx(8.5, rel=1e-9)  # the recipe's carbon content
    hand = 0.915 * 3.75 * F / M_SI / 3.6 + 0.085 * F / (6 * 12.011) / 3.6
    assert f["capacity_theoretical"].to("mAh/g").magnitude == pytest.approx(hand, rel=1e-4)
    assert f["capacity_carbon_share"].to("mAh/g").magnitude == pytest.approx(0.085 * 371.9, rel=1e-3)


def test_li15si4_cell_gives_275_percent_expansion():
    # a = 10.6322 Å, Z = 4 Li15Si4 = 16 Si per cell (Zeilinger 2013): 10.6322³ / 16 = 75.116 Å³ per Si;
    # × 0.602214 cm³/mol per Å³ = 45.237 cm³/mol, against 12.0559 cm³/mol of Si: ratio 3.752 (275 % expansion;
    # Obrovac & Christensen 2004 give about 280 % from their room-temperature cell).
    sw = swelling()
    v_full = 10.6322 ** 3 / 16 * 0.602214076
    assert sw.v_full.to("cm**3/mol").magnitude == pytest.approx(v_full, rel=1e-6)
    assert sw.full_ratio == pytest.approx(v_full / (M_SI / 2.3296), rel=1e-6)
    assert 3.70 < sw.full_ratio < 3.82


def test_volume_limited_capacity_against_the_papers_2382_mAh_per_g():
    # Lithiated Si fills the pores when V(LixSi)/V(Si) = ΔV = 2.801. Linear in x up to Li15Si4 (ratio 3.7524):
    # x = 3.75 × (2.801 - 1) / (3.7524 - 1) = 2.4537;  Q = x F / M(Si) = 2.4537 × 954.3 = 2341.6 mAh/g of Si.
    # The paper's ~2382 mAh/g is x = 2.496, i.e. the same model with an expansion of 270.6 % at Li15Si4. Our 275 %
    # is from a 123 K cell; at room temperature the cell is larger (a few tenths of a percent in a), so the
    # expansion data carry about ±2.5 % in capacity: 270 % to 281 % brackets both figures.
    f = figures("AMPSi")
    ratio = swelling().full_ratio
    x = 3.75 * (1 / (1 - 0.643) - 1) / (ratio - 1)
    hand = x * F / M_SI / 3.6
    q = f["capacity_volume_limited_per_g_Si_reported"].to("mAh/g").magnitude
    assert q == pytest.approx(hand, rel=1e-6)
    assert q == pytest.approx(2382, rel=0.025)
    band = [3.75 * 1.8011 / (r - 1) * F / M_SI / 3.6 for r in (3.81, 3.70)]  # 281 % and 270 % expansion
    assert band[0] < q < band[1] and band[0] < 2382 < band[1] + 10
    # per g of AMPSi@C (91.5 % Si): 0.915 × 2341.6 = 2142.6 mAh/g, beside the measured 2134 mAh/g at 0.1 C
    g = figures("AMPSi@C")
    assert g["capacity_volume_limited_reported"].to("mAh/g").magnitude == pytest.approx(0.915 * hand, rel=1e-6)


def test_oxide_route_porosity_from_the_silica_densities():
    # SiO2 -> Si: 1 - V(Si)/V(SiO2) per mol Si, M(SiO2) = 60.0843 g/mol
    # quartz 2.65 g/cm³: 1 - 12.0559 / 22.673 = 0.4683 (about 47 %); amorphous 2.20 g/cm³: 1 - 12.0559/27.311 = 0.5586
    v_si = molar_volume(Q_(M_SI, "g/mol"), Q_(2.3296, "g/cm**3"))
    for rho, hand in ((2.65, 0.4683), (2.20, 0.5586)):
        v_sio2 = molar_volume(Q_(60.0843, "g/mol"), Q_(rho, "g/cm**3"))
        assert porosity(v_si, v_sio2).to("dimensionless").magnitude == pytest.approx(hand, abs=2e-4)
    # and at a stated 10 % shrinkage of the quartz particle: 1 - 12.0559 / (22.673 × 0.9) = 0.4092
    v_q = molar_volume(Q_(60.0843, "g/mol"), Q_(2.65, "g/cm**3"))
    assert porosity(v_si, v_q, 0.10).to("dimensionless").magnitude == pytest.approx(0.4092, abs=2e-4)


OXIDE = """
recipe: mgtr-test
product: pSi
references: {X: "test"}
steps:
  - id: reduction
    type: furnace
    material: Si/MgO
    feeds:
      SiO2: {species: SiO2(cr), amount: {q: 0.1 mol, ref: X}}
      Mg: {species: Mg(cr), amount: {q: 0.2 mol, ref: X}}
    reactions:
      - {equation: SiO2 + 2 Mg -> Si + 2 MgO, limiting: SiO2, conversion: {q: 1.0, ref: X}}
    conditions: {T: {q: 650 degC, ref: X}, hold: {q: 6 h, ref: X}}
  - id: leaching
    type: acid_leach
    material: pSi
    acid: {species: HCl(aq), concentration: {q: 1 M, ref: X}, excess: {q: 20 %, ref: X}, dosing: {q: 1 h, ref: X}}
    reactions:
      - {equation: MgO + 2 HCl(aq) -> MgCl2(aq) + H2O(l), limiting: MgO, conversion: {q: 0.9, ref: X}}
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 2 h, ref: X}}
"""


def test_magnesiothermic_route_finds_its_precursor_and_residual_mgo():
    # The precursor is found from the route: SiO2(cr) (quartz, CRC 2.648 g/cm³) -> Si in the reduction.
    # 10 % of the MgO stays (conversion 0.9): 0.1 mol MgO per mol Si fills part of the pores:
    # 1 - (12.0559 + 0.2 × 40.304/3.6) / (60.0843/2.648) = 1 - (12.0559 + 2.2391) / 22.6904 = 0.3700
    plan, _ = scale(parse(OXIDE, "mgtr-test.yaml"), None)
    p = product(plan, "pSi")
    f = {x.key: x.value for x in p.figures}
    w = {x.key: x.value for x in p.composition}
    assert "w(MgO)" in w  # the residual phase is reported
    hand = 1 - (M_SI / 2.3296 + 0.2 * (M_MG + M_O) / 3.6) / ((M_SI + 2 * M_O) / 2.648)
    assert f["porosity_theoretical"].to("dimensionless").magnitude == pytest.approx(hand, rel=1e-3)
    reduced = product(plan, "Si/MgO")  # the unleached composite: Si + 2 MgO need more room than the SiO2
    assert reduced.figure("porosity_theoretical").value.magnitude < 0
    assert any("must grow" in n for n in reduced.notes)


def test_a_reported_oxygen_content_stands_beside_the_routes_oxygen():
    """An2019 measures 6.7 wt% O in AMPSi (SiOx from native oxidation after synthesis); the route makes no
    oxide, so its O is 0 % and the row says so. Where the route leaves an oxide, the O is the element's mass:
    the test route's pSi holds 0.1 mol Si and 0.02 mol MgO (10 % of 0.2 mol left by the leach), so
    w(O) = 0.02 x 15.999 / (0.1 x 28.085 + 0.02 x 40.304) = 8.84 %."""
    plan, _ = scale(load_recipe("ampsi"), None)
    p = product(plan, "AMPSi")
    reported = {r.key: r for r in p.reported}["oxygen_content"]
    assert reported.value.to("percent").magnitude == pytest.approx(6.7) and reported.source == "An2019"
    o = next(f for f in p.composition if f.key == "w(O)")
    assert o.value.magnitude == 0 and o.compare == "oxygen_content"
    text = OXIDE.replace("    material: pSi\n", "    material: pSi\n    product: {expected: {oxygen_content: "
                                                   "{q: 9 wt%, ref: X}}}\n")
    oxide = product(scale(parse(text, "mgtr-test.yaml"), None)[0], "pSi")
    hand = 0.02 * M_O / (0.1 * M_SI + 0.02 * (M_MG + M_O))
    w = {x.key: x.value for x in oxide.composition}
    assert w["w(O)"].to("dimensionless").magnitude == pytest.approx(hand, rel=1e-4)


def test_every_named_material_has_figures():
    plan, _ = scale(load_recipe("ampsi"), None)
    assert [p.material for p in products(plan)] == ["AMPSi", "AMPSi@C"]
    plan, _ = scale(load_recipe("ns-mpsi"), None)
    (p,) = products(plan)
    assert p.figure("porosity_theoretical").value.to("percent").magnitude == pytest.approx(68.72, abs=0.01)


def test_reported_values_are_read_with_their_sources_never_predicted():
    plan, _ = scale(load_recipe("ampsi"), None)
    p = product(plan, "AMPSi@C")
    reported = {r.key: r for r in p.reported}
    assert reported["capacity"].value.to("mAh/g").magnitude == 2134  # An2019, Fig. 4c
    assert reported["initial_coulombic_efficiency"].value.to("percent").magnitude == pytest.approx(80.3)
    assert reported["tap_density"].source == "An2019" and "Fig. 3e" in reported["tap_density"].where
    assert not any(f.key.startswith("tap_density") for f in p.figures)  # reported, not predicted


def test_a_shrinkage_that_leaves_no_room_is_refused():
    recipe = load_recipe("ampsi")
    path = "recipe.steps[2].product.shrinkage"
    plan, _ = scale(recipe.with_values({path: Q_(0.9, "")}), None)
    with pytest.raises(RecipeError, match="leaves no room for the solids; it must be below 68.7"):
        product(plan, "AMPSi")


def test_shrinkage_and_carbon_content_move_the_figures_over_a_grid():
    import numpy as np

    recipe = load_recipe("ampsi").with_values({"recipe.steps[2].product.shrinkage": Q_(np.array([0.0, 0.124]), "")})
    plan, _ = scale(recipe, "AMPSi@C=1 kg")
    phi = product(plan, "AMPSi").figure("porosity").value.to("dimensionless").magnitude
    assert phi == pytest.approx([0.68719, 1 - 0.31281 / 0.876], abs=2e-5)
    recipe = load_recipe("ampsi").with_values({"recipe.steps[4].carbon_content": Q_(np.array([0.05, 0.10]), "")})
    plan, _ = scale(recipe, "AMPSi@C=1 kg")
    q = product(plan, "AMPSi@C").figure("capacity_theoretical").value.to("mAh/g").magnitude
    assert q == pytest.approx([0.95 * 3578.62 + 0.05 * 371.90, 0.90 * 3578.62 + 0.10 * 371.90], rel=1e-5)


# ---- the views: one computation, shown by the CLI, scale --json, the sheet and a sweep -------------------



def test_product_command_shows_predicted_beside_reported(capsys):
    code, out, err = run(capsys, "product", "ampsi", "--basis", "AMPSi@C=1 kg")
    assert code == 0 and err == ""
    for text in ("68.72 %", "280.1 %", "319.7 %", "12.38 %", "2143 mAh/g", "2134 mAh/g", "0.84 g/cm³", "[An2019]",
                 "measured only", "how each figure is computed", "Zeilinger2013"):
        assert text in out, text


def test_scale_json_carries_the_products_and_product_json_is_the_same(capsys):
    import json

    _, out, _ = run(capsys, "scale", "ampsi", "--basis", "AMPSi@C=1 kg", "--json")
    scaled = json.loads(out)["products"]
    _, out, _ = run(capsys, "product", "ampsi", "--basis", "AMPSi@C=1 kg", "--json")
    assert json.loads(out)["products"] == scaled
    fig = scaled["AMPSi"]["figures"]["dV_reported"]
    assert fig["unit"] == "%" and fig["value"] == pytest.approx(100 / 0.357, rel=1e-9)
    assert fig["how"] and fig["basis"] == "reported"
    rep = scaled["AMPSi@C"]["reported"]["capacity"]
    assert rep == {"value": 2134.0, "unit": "mAh / g", "label": "reversible capacity", "source": "An2019",
                   "where": rep["where"]} and "Fig. 4c" in rep["where"]
    assert "tap_density" not in scaled["AMPSi@C"]["figures"]


def test_sheet_has_a_product_section_with_qc_checks():
    import datetime

    from synth.render.sheet_text import render
    from synth.report import build
    from synth.sheet import build as sheet

    plan, basis = scale(load_recipe("ampsi"), "AMPSi@C=1 kg")
    text = render(sheet(build(plan, basis), datetime.date(2025, 1, 31), "T-1"))
    section = text[text.index("## 8. Product"):text.index("## 9. Assumptions")]
    assert "QC checks" in section and "| tap density" in section and "not predicted" in section
    assert "68.72 %" in section and "2134 mAh/g" in section


def test_sweep_reports_porosity_dv_and_capacity():
    from synth.sweep import Range, point, sweep

    r = load_recipe("ampsi")
    result = sweep(r, [Range.parse("leaching.product.shrinkage=0..20 %:3", r)], basis="AMPSi@C=1 kg")
    phi = result.outputs["porosity AMPSi"].to("percent").magnitude
    # 1 - 0.31281 / (1 - s) at s = 0, 10 %, 20 %
    assert phi == pytest.approx([68.719, 65.243, 60.899], abs=2e-3)
    dv = result.outputs["ΔV AMPSi"].to("percent").magnitude
    assert dv == pytest.approx(100 / (1 - phi / 100), rel=1e-9)  # ΔV = 1/(1 - φ) for a skeleton of Si alone
    one = point(r, {"leaching.product.shrinkage": Q_(10, "percent")}, basis="AMPSi@C=1 kg")
    assert one["volume-limited capacity AMPSi@C"].magnitude == pytest.approx(
        result.outputs["volume-limited capacity AMPSi@C"].magnitude[1], rel=1e-12)


def test_validate_checks_the_expected_block():

    from synth import catalog
    from synth.audit import validate

    source = catalog.text("ampsi")
    bad = (source.replace("tap_density: {q: 0.84 g/cm**3", "tap_density: {q: 0.84 g")
           .replace("capacity: {q: 2134 mAh/g, ref: An2019", "capacity: {q: 2134 mAh/g, ref: Anx")
           .replace("        bet_surface_area: {q: 12.6", "        bet_surfce_area: {q: 12.6"))
    problems = validate(parse(bad, "bad.yaml"))
    assert len(problems) == 3, problems
    lines = bad.splitlines()
    for problem, needle in zip(problems, ["0.84 g", "bet_surfce_area", "Anx"], strict=True):
        assert needle in lines[int(problem.split(":")[1]) - 1], problem
    assert "expected a quantity of dimension density" in problems[0]
    assert "did you mean 'bet_surface_area'" in problems[1]


def test_a_product_block_needs_a_named_material():

    from synth import catalog
    from synth.audit import validate

    source = catalog.text("ampsi")
    problems = validate(parse(source.replace("    material: AMPSi\n", ""), "bad.yaml"))
    assert any("product figures need the step to name its output" in p for p in problems), problems


@settings(max_examples=15, deadline=None)
@given(st.floats(0.0, 0.6), st.floats(0.01, 0.3))
def test_figures_hold_their_identities_over_random_recipes(shrinkage, carbon):
    # for any shrinkage and carbon content: the composition adds to 100 %, the porosity is 1 - V(Si)/(V(Mg2Si)(1 - s)),
    # ΔV = 1/(1 - φ) (a skeleton of Si alone) and the theoretical capacity is w(Si) 3578.6 + w(C) 371.9 mAh/g
    recipe = load_recipe("ampsi").with_values({"recipe.steps[2].product.shrinkage": Q_(shrinkage, ""),
                                               "recipe.steps[4].carbon_content": Q_(carbon, "")})
    plan, _ = scale(recipe, "AMPSi@C=1 kg")
    p = product(plan, "AMPSi@C")
    assert sum(f.value.to("percent").magnitude for f in p.composition) == pytest.approx(100, rel=1e-12)
    phi = p.figure("porosity").value.to("dimensionless").magnitude
    assert phi == pytest.approx(1 - (M_SI / 2.3296) / ((2 * M_MG + M_SI) / 1.99 * (1 - shrinkage)), rel=1e-9)
    assert p.figure("dV").value.to("dimensionless").magnitude == pytest.approx(1 / (1 - phi), rel=1e-9)
    assert p.figure("capacity_theoretical").value.to("mAh/g").magnitude == pytest.approx(
        (1 - carbon) * 3.75 * F / M_SI / 3.6 + carbon * F / (6 * 12.011) / 3.6, rel=1e-9)
