"""``synth formula``: stoichiometry of formulas without thermo data, checked by hand.

Atomic weights (IUPAC/CIAAW, as Cantera tabulates them): H 1.008, Li 6.94, N 14.007, O 15.999, Mg 24.305,
Si 28.085, Cl 35.45, Mn 54.938043, Co 58.933194, Ni 58.6934.
"""

from __future__ import annotations

import json

import pytest
import yaml

from synth import recipe as recipe_mod
from synth.cli.app import main
from synth.composition import balanced, composition
from synth.route import run
from synth.species import default_db

H, LI, N, OX, MG, SI, CL, MN, CO, NI = 1.008, 6.94, 14.007, 15.999, 24.305, 28.085, 35.45, 54.938043, 58.933194, 58.6934


@pytest.mark.parametrize("text, molar_mass", [
    ("LiNi0.8Mn0.1Co0.1O2", LI + 0.8 * NI + 0.1 * MN + 0.1 * CO + 2 * OX),  # NMC811, 97.280 g/mol
    ("Li15Si4", 15 * LI + 4 * SI),  # 216.44 g/mol
    ("Mg(OH)Cl", MG + OX + H + CL),  # 76.762 g/mol
    ("NH4MgCl3·6H2O", N + 16 * H + MG + 3 * CL + 6 * OX),  # ammonium carnallite, 256.784 g/mol
])
def test_molar_mass(text, molar_mass):
    c = composition(text)
    assert c.molar_mass.to("g/mol").magnitude == pytest.approx(molar_mass, rel=1e-6)
    assert sum(c.mass_fractions.values()) == pytest.approx(1.0)
    assert sum(c.mole_fractions.values()) == pytest.approx(1.0)


def test_carnallite_fractions():
    c = composition("NH4MgCl3·6H2O")
    assert c.counts == {"N": 1, "H": 16, "Mg": 1, "Cl": 3, "O": 6}
    assert c.mass_fractions["Cl"] == pytest.approx(3 * CL / (N + 16 * H + MG + 3 * CL + 6 * OX))
    assert c.mole_fractions["H"] == pytest.approx(16 / 27)
    assert "Cantera" in c.source and "IUPAC" in c.source


def test_balance_without_species_data():
    eq, terms = balanced("Li2CO3 + Ni0.8Mn0.1Co0.1(OH)2 + O2 -> LiNi0.8Mn0.1Co0.1O2 + CO2 + H2O")
    assert [nu for nu, _ in terms] == [2, 4, 1, 4, 2, 4]
    mass_in = sum(nu * c.molar_mass.magnitude for nu, c in terms[:3])
    mass_out = sum(nu * c.molar_mass.magnitude for nu, c in terms[3:])
    assert mass_in == pytest.approx(mass_out, rel=1e-12)


def test_cli(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["formula", "Li15Si4", "Mg(OH)Cl", "--json"])
    assert exit_.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["formula"] for f in data["formulas"]] == ["Li15Si4", "Mg(OH)Cl"]
    assert data["formulas"][0]["molar_mass"]["value"] == pytest.approx(15 * LI + 4 * SI)
    assert data["provenance"]["species_data"]["sha256"] == default_db().sha256  # what it came from, as thermo
    assert set(data["provenance"]["versions"]) == {"synth", "cantera", "python"}
    with pytest.raises(SystemExit) as exit_:
        main(["formula", "--balance", "Mg(OH)Cl -> MgO + HCl"])
    assert exit_.value.code == 0
    assert "Mg(OH)Cl -> MgO + HCl" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["formula", "Xx2O"])
    assert exit_.value.code == 2


NMC = {"name": "LiNi0.8Mn0.1Co0.1O2(cr)", "composition": {"Li": 1, "Ni": 0.8, "Mn": 0.1, "Co": 0.1, "O": 2},
       "note": "NMC811 cathode powder; composition only (no thermo data)",
       "synth": {"formula": "LiNi0.8Mn0.1Co0.1O2", "phase": "cr", "names": ["NMC811"], "ref": "Supplier"}}
MILLING = """
recipe: nmc
product: NMC-fine
species: [nmc.yaml]
references: {X: "hand calculation"}
steps:
  - id: calcine
    type: furnace
    feeds:
      NMC: {species: NMC811, mass: {q: 100 g, ref: X}}
    reactions:
      - equation: 2 H2 + O2 -> 2 H2O
        conversion: {q: 0, ref: X}
    conditions: {T: {q: 700 degC, ref: X}, hold: {q: 1 h, ref: X}}
  - id: mill
    type: mill
    yield: {q: 98 %, ref: X}
    loss: dust
  - id: rinse
    type: wash
    solvent: {ratio: {q: 5 mL/g, ref: X}}
    conditions: {T: {q: 25 degC, ref: X}, hold: {q: 1 h, ref: X}}
    filter: {moisture: {q: 20 %, ref: X}}
    drying: {T: {q: 120 degC, ref: X}, hold: {q: 2 h, ref: X}}
    material: NMC-fine
"""


def test_a_material_without_thermo_in_a_route(tmp_path):
    doc = {"references": {"Supplier": "supplier's data sheet"}, "species": [NMC]}
    (tmp_path / "nmc.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    (tmp_path / "route.yaml").write_text(MILLING, encoding="utf-8")
    plan = run(recipe_mod.load(str(tmp_path / "route.yaml")))
    assert plan.step("mill").outputs["solid"].mass_g() == pytest.approx(98.0)  # the mill needs no heat
    assert not plan.step("mill").warnings and not plan.step("rinse").warnings  # nor a wash of an inert at 25 °C
    assert plan.step("rinse").outputs["solid"].mass_g() == pytest.approx(98.0)
    warning = " ".join(plan.step("calcine").warnings)  # the furnace needs heat: it names what lacks data
    assert "no heat-capacity data for LiNi0.8Mn0.1Co0.1O2(cr)" in warning and "Adding a species" in warning
