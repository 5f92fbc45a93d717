"""Generic unit operations (wash, dissolve, reactor, filter, dry, mill, classify) and solution make-up.

Hand calculations use the species data's water: density 0.997025 g/cm3 (CRC, 25 °C), M 18.015 g/mol;
HCl 36.458 g/mol (H 1.008, Cl 35.45), HF 20.006 g/mol (F 18.998403), MgO 40.304 g/mol, Si 28.085 g/mol.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from synth import recipe as recipe_mod
from synth.audit import validate
from synth.errors import RecipeError
from synth.route import run
from synth.species import default_db
from synth.steps import solution
from synth.units import Q_

RHO, M_W = 0.997025, 18.015

ROUTE = """
recipe: ops
product: Si-clean
references: {X: "hand calculation"}
steps:
  - id: r
    type: reactor
    feeds:
      oxide: {species: MgO, amount: {q: 1 mol, ref: X}}
      silicon: {species: Si, amount: {q: 1 mol, ref: X}}
    dosing:
      species: HCl(aq)
      excess: {q: 10 %, ref: X}
      time: {q: 1 h, ref: X}
      concentration: {q: CONC, ref: X}
    reactions:
      - equation: MgO + 2 HCl(aq) -> MgCl2(aq) + H2O(l)
        conversion: {q: 1, ref: X}
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 1 h, ref: X}}
    vessel: {name: flask, volume: {q: 1 L, ref: X}}
  - id: f
    type: filter
    wash: {water: {q: 10 mL/g, ref: X}}
    moisture: {q: MOIST, ref: X}
  - id: w
    type: wash
    feeds:
      salt: {species: NaCl, amount: {q: 0.1 mol, ref: X}}
    solvent: {ratio: {q: RATIO, ref: X}}
    reactions:
      - equation: NaCl -> NaCl(aq)
        conversion: {q: 1, ref: X}
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 1 h, ref: X}}
    filter: {moisture: {q: 20 %, ref: X}}
  - id: d
    type: dry
    conditions: {T: {q: 80 degC, ref: X}, hold: {q: 2 h, ref: X}}
  - id: m
    type: KIND
    yield: {q: YIELD, ref: X}
    loss: fines
    specific_energy: {q: 50 kWh/t, ref: X}
    material: Si-clean
"""


def route(conc="5 wt%", moist="30 wt%", ratio="10 mL/g", kept="95 %", kind="mill"):
    text = (ROUTE.replace("CONC", conc).replace("MOIST", moist).replace("RATIO", ratio)
            .replace("YIELD", kept).replace("KIND", kind))
    return recipe_mod.parse(text, "ops.yaml")


@pytest.fixture(scope="module")
def plan():
    return run(route())


def test_solution_in_three_units():
    db = default_db()
    hcl, hf, water = db.get("HCl(aq)"), db.get("HF(aq)"), db.get("H2O(l)")
    molar = solution.make_up(1.0, Q_(1, "M"), hcl, water)  # 1 L holding 997.025 g water
    assert molar.volume_L == pytest.approx(1.0)
    assert molar.water == pytest.approx(997.025 / M_W)
    wt = solution.make_up(1.0, Q_(5, "wt_percent"), hf, water)  # 20.006 g HF × 95/5 = 380.12 g water
    assert wt.water * M_W == pytest.approx(20.006403 * 95 / 5, rel=1e-6)
    assert wt.volume_L == pytest.approx(380.1217 / 997.025, rel=1e-5)
    molal = solution.make_up(1.0, Q_(2, "mol/kg"), hcl, water)  # 1 mol at 2 mol/kg: 500 g water
    assert molal.water * M_W == pytest.approx(500.0)


@pytest.mark.parametrize("bad, message", [("5 g", "is not a concentration"), ("100 wt%", "below 100 wt%")])
def test_bad_concentration(bad, message):
    problems = validate(route(conc=bad))
    assert problems and message in problems[0]
    assert "ops.yaml:" in problems[0] and "concentration" in problems[0]
    with pytest.raises(RecipeError, match=message):
        run(route(conc=bad))


def test_reactor_doses_to_demand(plan):
    r = plan.step("r")
    dosed = r.inputs["dosed"]
    assert dosed.amount("HCl(aq)") == pytest.approx(2.2)  # 2 mol for 1 mol MgO, 10 % excess
    assert dosed.amount("H2O(l)") * M_W == pytest.approx(2.2 * 36.458 * 95 / 5, rel=1e-4)
    assert r.outputs["contents"].amount("H2O(l)") - dosed.amount("H2O(l)") == pytest.approx(1.0)  # formed
    assert r.heat.parts_J["reaction"] < 0 and r.heat.adiabatic_rise_K > 0


def test_filter_keeps_solids_and_stated_moisture(plan):
    f = plan.step("f")
    cake = f.outputs["solid"]
    si_g = 28.085
    assert {pd.name for pd, _ in cake.items()} == {"Si(cr)", "H2O(l)"}
    assert cake.amount("H2O(l)") * M_W == pytest.approx(si_g * 0.3 / 0.7)  # 30 % of the wet cake
    assert f.inputs["wash"].amount("H2O(l)") * M_W == pytest.approx(10 * si_g * RHO)
    assert "MgCl2(aq)" in f.outputs["filtrate"].amounts


def test_wash_dissolves_what_is_declared(plan):
    w = plan.step("w")
    assert w.outputs["filtrate"].amount("NaCl(aq)") == pytest.approx(0.1)
    assert not any("contains liquid" in m for m in w.warnings)  # a solution is not a wet solid
    assert "NaCl(cr)" not in w.outputs["solid"].amounts
    assert w.heat.parts_J["reaction"] == pytest.approx(0.1 * 3.88e3, rel=0.02)  # ΔsolH NaCl +3.88 kJ/mol (NBS)


def test_dry_evaporates_the_cake(plan):
    d = plan.step("d")
    n = d.inputs["carried"].amount("H2O(l)")
    assert d.outputs["vapour"].amount("H2O(g)") == pytest.approx(n)
    # ΔvapH(298.15) 44.00 kJ/mol (CODATA: -241.826 + 285.830) + cp(g) about 33.6 J/(mol K) × 55 K = 45.85
    assert d.heat.parts_J["evaporation"] / n == pytest.approx(45.85e3, rel=2e-3)
    assert {pd.phase for pd, _ in d.outputs["solid"].items()} == {"cr"}


@pytest.mark.parametrize("kind", ["mill", "classify"])
def test_mill_yield_and_named_loss(kind):
    m = run(route(kind=kind)).step("m")
    si_g = 28.085
    assert m.outputs["solid"].mass_g() == pytest.approx(0.95 * si_g)
    assert m.outputs["fines"].mass_g() == pytest.approx(0.05 * si_g)
    assert m.heat.electric_J == pytest.approx(50 * 3.6e6 / 1e6 * si_g)  # 50 kWh/t = 180 J/g
    assert m.heat.duties[0].kind == "electricity"


def _edited(old: str, new: str):
    """The test route at its defaults with one line of YAML changed."""
    base = (ROUTE.replace("CONC", "5 wt%").replace("MOIST", "30 wt%").replace("RATIO", "10 mL/g")
            .replace("YIELD", "95 %").replace("KIND", "mill"))
    assert old in base
    return recipe_mod.parse(base.replace(old, new), "ops.yaml")


def test_material_holding_a_liquid_is_flagged():
    # Issue 10 bug 3: a named material with a liquid in it (here the filter's wet cake) is flagged.
    plan = run(_edited("    moisture: {q: 30 wt%, ref: X}\n", "    moisture: {q: 30 wt%, ref: X}\n    material: wet\n"))
    assert any("material wet" in w and "H2O(l)" in w for w in plan.step("f").warnings)


def test_unknown_field_of_a_new_step():
    assert validate(route()) == []
    assert any("unknown field 'los'; did you mean 'loss'" in p for p in validate(_edited("loss: fines", "los: fines")))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moist=st.floats(0.01, 0.6), ratio=st.floats(2, 50), kept=st.floats(0.5, 1.0), conc=st.floats(1, 30))
def test_balances_close_over_random_parameters(moist, ratio, kept, conc):
    plan = run(route(conc=f"{conc} wt%", moist=f"{moist}", ratio=f"{ratio} mL/g", kept=f"{kept}"))
    for element, (a, b) in plan.element_balance_mol().items():
        assert a == pytest.approx(b, rel=1e-9), element
    fresh = sum(st.mass_g() for _, _, st in plan.fresh_inputs())
    out = sum(st.mass_g() for _, _, st in plan.final_outputs())
    assert out == pytest.approx(fresh, rel=1e-9)


def test_reactor_inerts_and_vessel_volume():
    # 1 mol MgO in 5 wt% HCl: water 2.2 × 36.458 × 19 = 1524 g (1.529 L at 0.997025 g/mL) in a 1 L vessel: 2 runs.
    plan = run(route())
    assert plan.step("r").runs == 2
    salted = run(_edited("      silicon: {species: Si, amount: {q: 1 mol, ref: X}}\n",
                         "      silicon: {species: Si, amount: {q: 1 mol, ref: X}}\n"
                         "    inerts:\n      scavenger: {species: NaCl, mass: {q: 500 g, ref: X}}\n"))
    r = salted.step("r")
    assert r.labels["NaCl(cr)"] == "scavenger"
    # the inert takes heat: ΔT = -Q / Σ n cp falls by the NaCl's 500 / 58.44 × 50.5 J/K (CRC Cp 50.5)
    cp_before = -plan.step("r").heat.parts_J["reaction"] / plan.step("r").heat.adiabatic_rise_K
    cp_after = -r.heat.parts_J["reaction"] / r.heat.adiabatic_rise_K
    assert cp_after - cp_before == pytest.approx(500 / 58.44 * 50.5, rel=0.01)
    assert r.outputs["contents"].amount("NaCl(cr)") == pytest.approx(500 / 58.44, rel=1e-3)


def test_dissolve_names_the_solution():
    # dissolve: the filtrate is what the step makes (here NaCl brine), the undissolved solid is left behind
    plan = run(_edited("  - id: w\n    type: wash\n", "  - id: w\n    type: dissolve\n    material: brine\n")
               )
    w = plan.step("w")
    assert w.type == "dissolve" and w.materials == {"filtrate": "brine"}
    assert w.outputs["filtrate"].amount("NaCl(aq)") == pytest.approx(0.1)
    assert not any("contains liquid" in m for m in w.warnings)  # a solution is not a wet solid


def test_water_is_not_an_acid():
    # issue 12: a water wash faked as acid_leach gave 954 kg of water and water in both solid and liquor
    text = """
recipe: fake
product: x
references: {X: "test"}
steps:
  - id: a
    type: furnace
    feeds: {Si: {species: Si, mass: {q: 1 g, ref: X}}}
    reactions: [{equation: 2 H2 + O2 -> 2 H2O, conversion: {q: 0, ref: X}}]
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 1 h, ref: X}}
  - id: w
    type: acid_leach
    material: x
    acid: {species: H2O(l), concentration: {q: 1 M, ref: X}, excess: {q: 0, ref: X}, dosing: {q: 1 h, ref: X}}
    reactions: [{equation: 2 H2 + O2 -> 2 H2O, conversion: {q: 0, ref: X}}]
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 1 h, ref: X}}
"""
    problems = validate(recipe_mod.parse(text, "fake.yaml"))
    assert problems and "water is not an acid" in problems[0] and "fake.yaml:" in problems[0]


def test_sweep_over_a_mass_fraction_is_the_batch_computation():
    # the same step code on an array of concentrations: each grid point equals its own scalar run
    from synth.sweep import Range, sweep

    recipe = route()
    result = sweep(recipe, [Range.parse("r.dosing.concentration=2..20 wt%:3", recipe)])
    rises = result.outputs["adiabatic rise r"].magnitude
    for conc, rise in zip((2, 11, 20), rises, strict=True):
        assert rise == pytest.approx(run(route(conc=f"{conc} wt%")).step("r").heat.adiabatic_rise_K, rel=1e-9)


def test_dosing_what_no_reaction_uses_is_refused():
    bad = _edited("      species: HCl(aq)\n      excess", "      species: HF(aq)\n      excess")
    problems = validate(bad)
    assert problems and "HF(aq) is a reactant of no declared reaction" in problems[0]
    assert "recipe.steps[0].dosing.species" in problems[0]


def test_energy_by_kind(plan):
    # issue 10 contract: heating and cooling never netted; the reactor's reaction heat is heat to remove at T
    r = {(d.name, d.kind): d for d in plan.step("r").heat.duties}
    assert r[("reaction", "cooling")].energy_J == pytest.approx(-plan.step("r").heat.parts_J["reaction"])
    assert r[("reaction", "cooling")].T_K == pytest.approx(298.15)
    d = {(x.name, x.kind): x for x in plan.step("d").heat.duties}
    assert d[("evaporation", "heating")].energy_J == pytest.approx(plan.step("d").heat.parts_J["evaporation"])
    assert d[("evaporation", "heating")].T_K == pytest.approx(353.15)
    w = {(x.name, x.kind) for x in plan.step("w").heat.duties}
    assert w == {("reaction", "heating")}  # NaCl dissolves endothermically; nothing else at 25 °C
    assert all(x.energy_J > 0 for s in plan.steps for x in s.heat.duties)
