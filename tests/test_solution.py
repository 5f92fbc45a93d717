"""One reader of a dosed solution's strength (synth/steps/solution.py) for the reactor's dosing and the leach's acid.

Hand calculations: the reactor of tests/test_unit_ops.py doses 1 mol MgO × 2 × 1.10 = 2.2 mol HCl (36.458 g/mol,
so 80.208 g); water 18.015 g/mol.
"""

from __future__ import annotations

import pytest
import yaml
from test_unit_ops import ROUTE

from synth import catalog, recipe as recipe_mod
from synth.errors import RecipeError
from synth.route import run

HCL, H2O, N_HCL = 36.458, 18.015, 2.2


def reactor(strength: str) -> recipe_mod.Recipe:
    """The unit-operations route with the reactor's dosing strength written as ``strength`` (YAML fields)."""
    text = ROUTE.replace("      concentration: {q: CONC, ref: X}", strength)
    text = text.replace("MOIST", "30 wt%").replace("RATIO", "10 mL/g").replace("YIELD", "95 %").replace("KIND", "mill")
    return recipe_mod.parse(text, "ops.yaml")


def dosed_water_g(recipe) -> float:
    dosed = run(recipe).step("r").inputs["dosed"]
    assert dosed.amount("HCl(aq)") == pytest.approx(N_HCL, rel=1e-12)
    return dosed.amount("H2O(l)") * H2O


def leach(acid: dict) -> recipe_mod.Recipe:
    """ampsi with the leach acid's strength replaced by ``acid``."""
    data = yaml.safe_load(catalog.text("ampsi"))
    spec = next(s for s in data["steps"] if s["id"] == "leaching")["acid"]
    spec.pop("concentration")
    spec.update(acid)
    return recipe_mod.parse(yaml.safe_dump(data, allow_unicode=True), "variant of ampsi")


def test_reactor_reads_a_mass_fraction_in_either_field():
    """3.5 wt%: water = 80.208 g × 96.5 / 3.5 = 2211.4 g, whether stated as concentration or mass_fraction."""
    by_unit = dosed_water_g(reactor("      concentration: {q: 3.5 wt%, ref: X}"))
    by_field = dosed_water_g(reactor("      mass_fraction: {q: 3.5 wt%, ref: X}"))
    assert by_unit == by_field
    assert by_unit == pytest.approx(N_HCL * HCL * 96.5 / 3.5, rel=1e-6)
    assert by_unit == pytest.approx(2211.4, abs=0.1)


def test_reactor_with_a_solution_density():
    """1 M at 1.0165 g/mL: 2.2 L weigh 2236.3 g, of which 80.208 g HCl: 2156.1 g water (without the density the
    water is 2.2 L × 997.025 g/L = 2193.5 g)."""
    water = dosed_water_g(reactor("      concentration: {q: 1 M, ref: X}\n"
                                  "      density: {q: 1.0165 g/mL, ref: X}"))
    assert water == pytest.approx(N_HCL * 1016.5 - N_HCL * HCL, rel=1e-9)
    assert water == pytest.approx(2156.1, abs=0.1)
    assert dosed_water_g(reactor("      concentration: {q: 1 M, ref: X}")) == pytest.approx(2193.455, abs=1e-3)


def test_leach_reads_a_mass_fraction_in_either_field():
    density = {"density": {"q": "1.0157 g/mL", "assumption": "test"}}
    acid = {"q": "3.5 wt%", "assumption": "test"}
    by_unit = run(leach({"concentration": acid, **density})).step("leaching")
    by_field = run(leach({"mass_fraction": acid, **density})).step("leaching")
    assert by_unit.inputs["acid"].amount("H2O(l)") == by_field.inputs["acid"].amount("H2O(l)")
    assert by_unit.figures["solution_volume"] == by_field.figures["solution_volume"]


@pytest.mark.parametrize("recipe, message", [
    (lambda: leach({"concentration": {"q": "3.5 wt%", "assumption": "t"}}),
     r"acid.concentration: a mass fraction needs the solution's density to give its volume: add density"),
    (lambda: leach({"mass_fraction": {"q": "100 wt%", "assumption": "t"},
                    "density": {"q": "1.2 g/mL", "assumption": "t"}}),
     r"acid.mass_fraction: a solution's mass fraction must be below 100 wt%, not 100 %"),
    (lambda: reactor("      concentration: {q: 1 M, ref: X}\n      molality: {q: 1 mol/kg, ref: X}"),
     r"ops.yaml:\d+:\d+: recipe.steps\[0\].dosing: give the dosed reactant's strength once, as concentration "
     r"\(mol/L\), molality \(mol/kg\) or mass_fraction \(wt%\); found concentration, molality"),
    (lambda: reactor("      concentration: {q: 2 g, ref: X}"),
     r"recipe.steps\[0\].dosing.concentration: .*is not a concentration; write '1 M' \(mol/L\)"),
])
def test_strength_errors_name_the_field_and_the_fix(recipe, message):
    with pytest.raises(RecipeError, match=message):
        run(recipe())
