"""The magnesiothermic route (recipes/mgtr.yaml), written in YAML only, checked by hand.

Atomic weights (IUPAC abridged, as Cantera tabulates them): O 15.999, Mg 24.305, Si 28.085.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings, strategies as st

from synth import catalog, recipe as recipe_mod
from synth.audit import validate
from synth.errors import RecipeError
from synth.route import run
from synth.scaling import scale
from synth.steps import STEP_TYPES

OX, MG, SI = 15.999, 24.305, 28.085
FULL = {"recipe.steps[0].reactions[0].conversion": "1.0"}  # every SiO2 reduced: no Mg left for Mg2Si


@pytest.fixture(scope="module")
def mgtr():
    return recipe_mod.load("mgtr")


def test_valid(mgtr):
    assert validate(mgtr) == []


def test_one_kg_of_si_at_full_conversion(mgtr):
    # 1000 g / 28.085 g/mol = 35.6062 mol Si = mol SiO2 = half the mol of Mg:
    # SiO2 35.6062 × 60.083 = 2139.33 g; Mg 71.2124 × 24.305 = 1730.82 g.
    plan, _ = scale(mgtr.with_values(FULL), "pSi=1 kg")
    feed = plan.step("reduction").inputs["feed"]
    grams = {pd.formula.text: n * pd.molar_mass.magnitude for pd, n in feed.items()}
    assert grams["SiO2"] == pytest.approx(1000 / SI * (SI + 2 * OX), rel=1e-4)
    assert round(grams["SiO2"], 1) == 2139.3
    assert round(grams["Mg"], 1) == 1730.8


def test_product_is_the_solid_only(mgtr):
    plan, _ = scale(mgtr, "pSi=1 kg")
    step, label = plan.product()
    product = step.outputs[label]
    assert {pd.phase for pd, _ in product.items()} <= {"cr", "am"}
    assert product.mass_g() == pytest.approx(1000.0, rel=1e-12)
    assert {pd.formula.text for pd, _ in product.items()} == {"Si"}


def test_leach_water_joins_the_liquor(mgtr):
    # Issue 10 bug 3: MgO + 2 HCl(aq) -> MgCl2(aq) + H2O(l) forms water; it belongs in the liquor.
    plan = run(mgtr)
    leach = plan.step("hcl_leach")
    assert {pd.phase for pd, _ in leach.outputs["solid"].items()} <= {"cr", "am"}
    mgo = plan.step("reduction").outputs["solid"].amount("MgO(cr)")
    water_in = sum(st.amount("H2O(l)") for label, st in leach.inputs.items())
    water_out = leach.outputs["liquor"].amount("H2O(l)") + leach.outputs["vapour"].amount("H2O(g)")
    assert water_out - water_in == pytest.approx(mgo, rel=1e-9)  # one H2O per MgO


def test_side_reactions_give_silane_and_hydrogen(mgtr):
    # 20 mmol SiO2 at 90 %: 18 mmol reduced with 36 mmol Mg; 4 mmol Mg left, half (2 mmol) -> 1 mmol Mg2Si.
    plan = run(mgtr)
    gases = {g.name: g.amount.m_as("mol") for g in plan.step("hcl_leach").gases}
    assert gases["SiH4(g)"] == pytest.approx(0.001)
    assert gases["H2(g)"] == pytest.approx(0.002)


def test_scavenger_counts_in_the_adiabatic_rise(mgtr):
    text = catalog.text("mgtr")
    hot = run(recipe_mod.parse(_without_salt(text), "mgtr-no-salt.yaml")).step("reduction").heat.adiabatic_rise_K
    cooled = run(mgtr).step("reduction").heat.adiabatic_rise_K
    assert cooled < hot / 3  # 12 g NaCl against 2.2 g of charge


def _without_salt(text: str) -> str:
    """mgtr.yaml with the NaCl feed removed (the optional heat scavenger)."""
    start = text.index("      NaCl:\n")
    end = text.index("    reactions:", start)
    return text[:start] + text[end:]


def test_runs_without_the_scavenger(mgtr):
    text = catalog.text("mgtr")
    plan = run(recipe_mod.parse(_without_salt(text), "mgtr-no-salt.yaml"))
    assert not plan.step("salt_wash").outputs["filtrate"].amount("NaCl(aq)")


def test_needs_no_python_of_its_own(tmp_path):
    # The route is a YAML file of generic step types: copied anywhere, it runs as it is.
    text = catalog.text("mgtr")
    path = tmp_path / "my-route.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = recipe_mod.load(str(path))
    kinds = {s.text("type") for s in loaded.steps()}
    assert kinds <= set(STEP_TYPES)
    assert kinds <= {"furnace", "wash", "acid_leach"}  # none written for this route
    assert run(loaded).product()[0].id == "hf_wash"


def test_hazards_of_the_new_reagents(mgtr):
    from synth.hazards import describe, unlisted

    assert "H330" in describe("HF") and "H314" in describe("H2SiF6") and "H261" in describe("Al")
    assert describe("NaCl").startswith("not classified") and describe("MgO").startswith("not classified")
    missing = unlisted(run(mgtr))
    assert "no hazard data for Si(cr) (reduction, salt_wash, hcl_leach, hf_wash)" in missing
    assert not any(f" {name}(" in m for m in missing for name in ("HF", "NaCl", "MgO", "SiO2", "H2SiF6", "Mg"))


def test_validate_and_sheet_warn_of_missing_hazard_data(capsys):
    from synth.cli.app import main

    with pytest.raises(SystemExit) as exit_:
        main(["validate", "mgtr"])
    assert exit_.value.code == 0
    assert "warning: no hazard data for Mg2Si(cr)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["sheet", "mgtr", "--basis", "pSi=1 kg", "--date", "2025-01-31"])
    out = capsys.readouterr().out
    assert "substances without hazard data" in out and "no hazard data for Si(cr)" in out
    assert "HF" in out.split("## 4. Hazards")[1]


ALUMINOTHERMIC = """
recipe: altr
product: Si-Al2O3
references: {CRC: "CRC Handbook of Chemistry and Physics"}
steps:
  - id: reduction
    type: furnace
    feeds:
      SiO2: {species: SiO2(cr), amount: {q: 3 mol, assumption: "hand calculation"}}
      Al: {species: Al(cr), amount: {q: 4 mol, assumption: "stoichiometric"}}
    reactions:
      - equation: 3 SiO2 + 4 Al -> 3 Si + 2 Al2O3
        conversion: {q: 1.0, assumption: "complete"}
    conditions: {T: {q: 25 degC, assumption: "heat of reaction at 298.15 K"}, hold: {q: 1 h, assumption: "x"}}
    material: Si-Al2O3
"""


def test_aluminothermic_route_from_yaml_only():
    # CRC: ΔfH Al2O3(α) -1675.7, SiO2(α-quartz) -910.7 kJ/mol: ΔH = 2(-1675.7) - 3(-910.7) = -619.3 kJ
    plan = run(recipe_mod.parse(ALUMINOTHERMIC, "altr.yaml"))
    q = plan.step("reduction").heat.parts_J["reaction"] / 1e3
    assert q == pytest.approx(-619.3, abs=1.5)  # NASA data (J 12/79, J 6/67) against the CRC table
    out = plan.step("reduction").outputs["solid"]
    assert out.amount("Al2O3(cr)") == pytest.approx(2.0) and out.amount("Si(cr)") == pytest.approx(3.0)


@settings(max_examples=10, deadline=None)
@given(x=st.floats(0.05, 1.0), side=st.floats(0.0, 1.0), excess=st.floats(0.0, 2.0))
def test_balances_close_at_any_conversion(x, side, excess):
    # per mol SiO2: x Si formed, 2(1 - x) Mg left, side × (1 - x) Mg2Si takes as much Si: some Si must remain
    assume(side * (1 - x) < 0.9 * x)
    mgtr = recipe_mod.load("mgtr")
    plan = run(mgtr.with_values({"recipe.steps[0].reactions[0].conversion": f"{x}",
                                 "recipe.steps[0].reactions[1].conversion": f"{side}",
                                 "recipe.steps[3].acid.excess": f"{excess}"}))
    for element, (a, b) in plan.element_balance_mol().items():
        assert a == pytest.approx(b, rel=1e-9), element
    step, label = plan.product()
    assert {pd.formula.text for pd, _ in step.outputs[label].items()} == {"Si"}


def test_side_reaction_short_of_silicon_is_an_error():
    # 25 % reduced: 0.25 Si and 1.5 Mg per SiO2; all that Mg as Mg2Si would need 0.75 Si.
    mgtr = recipe_mod.load("mgtr").with_values({"recipe.steps[0].reactions[0].conversion": "0.25",
                                                "recipe.steps[0].reactions[1].conversion": "1.0"})
    with pytest.raises(RecipeError, match=r"not enough Si\(cr\)"):
        run(mgtr)


def test_scavenger_stops_the_runaway_by_melting(mgtr):
    # issue 12: NaCl melts at 1073.8 K (NASA data, 801 °C); the reduction's heat melts part of it, no more
    failure = run(mgtr).step("reduction").heat.runaway
    assert failure.reached == pytest.approx(1073.8, abs=0.5)
    assert "NaCl would melt" in failure.stop


def test_compare_lists_only_classified_hazards(mgtr):
    # MgO, NaCl and H2O carry hazard data that says "not classified" (ghs: []): not hazards to compare
    from synth.cost import load_prices
    from synth.cost.compare import compare

    (column,) = compare([(mgtr, "pSi=1 kg")], load_prices(()))
    assert {"HF", "H2SiF6", "SiH4", "H2", "HCl", "Mg", "SiO2"} <= set(column.hazards)
    assert not {"MgO", "NaCl", "H2O"} & set(column.hazards)
