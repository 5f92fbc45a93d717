"""``synth species import``: entries from JANAF tables and NASA-7, NASA-9 and Shomate coefficients, checked
against the bundled data and the sources' own values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from synth import species_import as si
from synth.cantera_bridge import enthalpy, heat_capacity, species_thermo
from synth.cli.app import main
from synth.species import default_db
from synth.species_files import check

REF = Path(__file__).parent / "reference"
# GRI-Mech 3.0 thermo.dat, H2O (NASA-7, 200-3500 K, split at 1000 K)
H2O_NASA7 = """\
H2O               L 8/89H   2O   1   00   00G   200.000  3500.000  1000.000    1
 3.03399249E+00 2.17691804E-03-1.64072518E-07-9.70419870E-11 1.68200992E-14    2
-3.00042971E+04 4.96677010E+00 4.19864056E+00-2.03643410E-03 6.52040211E-06    3
-5.48797062E-09 1.77197817E-12-3.02937267E+04-8.49032208E-01                   4
"""
# NIST WebBook, water (liquid), Shomate A-H for 298-500 K
WATER_SHOMATE = [-203.6060, 1523.290, -3196.413, 2474.455, 3.855326, -256.5478, -488.7163, -285.8304]


def thermo_of(entry):
    return species_thermo(entry)


def test_janaf_fit_is_the_bundled_fit():
    # The same table, ranges and degree as the bundled Mg2Si(cr): the same coefficients.
    text = (REF / "janaf" / "Mg-034.txt").read_text(encoding="utf-8")
    made = si.from_janaf(text, "Mg-034", "Mg2Si", "cr", "JANAF", breaks=[298.15, 800.0, 1375.0])
    bundled = next(e for e in yaml.safe_load((Path(si.__file__).parent / "data" / "species.yaml").read_text())
                   ["species"] if e["name"] == "Mg2Si(cr)")
    assert made.entry["thermo"]["data"] == bundled["thermo"]["data"]
    dcp, ds, dh = made.deviations
    assert dcp < 0.31 and ds < 0.1 and dh < 0.05  # shared README: the fit holds Cp within 0.3 J/(mol K)
    assert "|dCp|" in made.report()


def test_nasa9_record_of_nasa_cea():
    # tests/reference/nasa-cea/Mg3N2.thermo.inp (Gurvich 1996): ΔfH -461.30 kJ/mol, Cp(298.15) 92.05 J/(mol K)
    made = si.from_nasa9((REF / "nasa-cea" / "Mg3N2.thermo.inp").read_text(), "Mg3N2", "cr", "CEA")
    th = thermo_of(made.entry)
    assert enthalpy(th, 298.15) / 1e3 == pytest.approx(-461.30, abs=0.01)
    assert heat_capacity(th, 298.15) == pytest.approx(92.05, abs=0.01)


def test_nasa7_record_against_the_bundled_water_vapour():
    made = si.from_nasa7(H2O_NASA7, "H2O", "g", "GRI30")
    th, steam = thermo_of(made.entry), default_db().get("H2O(g)")
    for T in (298.15, 700.0, 1500.0):
        assert enthalpy(th, T) == pytest.approx(steam.h(T), abs=100)  # J/mol; JANAF ΔfH -241.826 kJ/mol
        assert heat_capacity(th, T) == pytest.approx(steam.cp(T), abs=0.2)
    text = si.dump({"references": {"GRI30": "GRI-Mech 3.0"}, "species": [made.entry]})
    assert check(text, "h2o.yaml") == []  # continuous at 1000 K


def test_shomate_against_the_bundled_liquid_water():
    made = si.from_shomate(WATER_SHOMATE, 298.0, 500.0, "H2O", "l", "NIST")
    th, water = thermo_of(made.entry), default_db().get("H2O(l)")
    assert enthalpy(th, 298.15) / 1e3 == pytest.approx(-285.83, abs=0.01)  # CODATA ΔfH(H2O, l)
    assert heat_capacity(th, 350.0) == pytest.approx(water.cp(350.0), abs=0.3)


def test_cli_writes_a_file_that_a_recipe_can_use(tmp_path, capsys):
    out = tmp_path / "mg2si.yaml"
    with pytest.raises(SystemExit) as exit_:
        main(["species", "import", str(REF / "janaf" / "Mg-034.txt"), "--from", "janaf", "--formula", "Mg2Si",
              "--phase", "cr", "--ref", "JANAF-Mg034", "--cite", "Chase 1998, table Mg-034", "--split", "800",
              "--T-max", "1375", "-o", str(out)])
    assert exit_.value.code == 0
    assert "worst deviation" in capsys.readouterr().err
    assert check(out.read_text(), str(out)) == []


def test_cli_bad_input(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["species", "import", "1,2,3", "--from", "shomate", "--formula", "H2O", "--phase", "l", "--ref", "X",
              "--cite", "x", "--T-range", "298..500"])
    assert exit_.value.code == 2
    assert "7 coefficients" in capsys.readouterr().err


@pytest.mark.parametrize("options, message", [
    (["--split", "1000", "--split", "2000"], "two temperature ranges at most: give one --split, not 2"),
    (["--degree", "5"], "degree 5: a NASA-7 Cp polynomial has degree 0 to 4"),
    (["--split", "-5"], "must rise from the table's first row to the top of the fit"),
    (["--split", "1e-999"], "must rise"),
    (["--T-max", "0"], "must rise"),  # was taken for no --T-max
    (["--T-max", "5000"], "reaches past the rows of Mg-034's phase, 298.15 to 2500 K"),
    (["--split", "300"], "the range 298.15-300 K holds 2 rows of Mg-034, too few for a degree-4 fit"),
])
def test_a_janaf_fit_nasa7_cannot_hold_is_one_line(capsys, options, message):
    """Each of these ended in a Cantera error or a numpy TypeError, with a traceback and exit 1, or (--T-max 0)
    was ignored: now one line, exit 2, saying what NASA-7 and the table allow."""
    with pytest.raises(SystemExit) as exit_:
        main(["species", "import", str(REF / "janaf" / "Mg-034.txt"), "--from", "janaf", "--formula", "Mg",
              "--phase", "cr", "--ref", "X", "--cite", "x", *options])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize("source, t_range, bad", [
    (",".join(map(str, WATER_SHOMATE[:2])) + ",inf," + ",".join(map(str, WATER_SHOMATE[3:])), "298..500",
     "a coefficient 'inf'"),
    (",".join(map(str, WATER_SHOMATE)), "298..\u0665\u0660\u0660", "--T-range '\u0665\u0660\u0660'"),
    (",".join(map(str, WATER_SHOMATE)), "298..500..700", "--T-range '500..700'"),
])
def test_shomate_numbers_are_ascii_digits_and_finite(capsys, source, t_range, bad):
    with pytest.raises(SystemExit) as exit_:
        main(["species", "import", "--from", "shomate", "--formula", "H2O", "--phase", "l", "--ref", "X",
              "--cite", "x", "--T-range", t_range, "--", source])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"{bad} is not a finite number in ASCII digits" in err, err


def test_a_source_that_starts_with_a_minus_is_shown_after_dashes_as_the_command_is_written(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["species", "import", "-2,1,0,0,0,0,0,0", "--from", "shomate", "--formula", "H2O", "--phase", "l",
              "--ref", "X", "--cite", "x", "--T-range", "298..500"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "e.g. synth species import -- '-2'" in err, err


def test_an_ion_without_heat_capacity_is_refused():
    # CRC ion table: Al+3 has ΔfH, ΔfG and S but no Cp; it must not borrow another ion's value.
    from synth.bundled_species import ION_CP_ASSUMED, ion_cp

    row = {"Formula": "Al+3", "Hf(aq)": "-531000", "S(aq)": "-321.7", "Cp(aq)": ""}
    with pytest.raises(ValueError, match="no silent default"):
        ion_cp("Al+3", row)
    assert ion_cp("Mg+2", {**row, "Formula": "Mg+2"}) == ION_CP_ASSUMED["Mg+2"][0]  # stated, with its reason
    assert ion_cp("F-", {"Cp(aq)": "-106.7"}) == -106.7


def test_new_bundled_aqueous_species():
    db = default_db()
    # CRC ion table (NBS-derived): Na+ -240.1, Cl- (NBS) -167.159, F- -332.6 kJ/mol; Cp Na+ 46.4, Cl- -136.4,
    # F- -106.7, H+ 0 J/(mol K)
    assert db.get("NaCl(aq)").h(298.15) / 1e3 == pytest.approx(-240.1 - 167.159, abs=1e-3)
    assert db.get("NaCl(aq)").cp(298.15) == pytest.approx(46.4 - 136.4)
    assert db.get("HF(aq)").cp(298.15) == pytest.approx(-106.7)
    assert "weak acid" in db.get("HF(aq)").info["assumption"]
    assert not db.get("H2SiF6(aq)").has_thermo  # no SiF6-2 data in our references: composition only
    # NaCl(cr): NASA (J 9/64) against CRC ΔfH -411.2 kJ/mol; melting where the data switch, 1073.8 K
    assert db.get("NaCl(cr)").h(298.15) / 1e3 == pytest.approx(-411.2, abs=0.1)
    assert db.get("NaCl(l)").T_range[0] == pytest.approx(1073.8)


MELT = """
recipe: melt
product: melt
species: [mg2si-liquid.yaml]
references: {JANAF: "Chase 1998"}
steps:
  - id: melting
    type: furnace
    feeds:
      Mg2Si: {species: Mg2Si(cr), amount: {q: 1 mol, ref: JANAF}}
    reactions:
      - equation: 2 H2 + O2 -> 2 H2O
        conversion: {q: 0, ref: JANAF}
    conditions: {T: {q: 1400 K, ref: JANAF}, hold: {q: 1 h, ref: JANAF}}
    material: melt
"""


def test_imported_liquid_gives_the_janaf_heat_of_melting(tmp_path):
    # README example: Mg2Si(l) from Mg-035 beside the bundled Mg2Si(cr). JANAF Mg-036 (crystal-liquid):
    # H(1400 K) - H(298.15 K) = 178.223 kJ/mol, melting at 1375 K included.
    from synth import recipe as recipe_mod
    from synth.route import run

    text = (REF / "janaf" / "Mg-035.txt").read_text(encoding="utf-8")
    made = si.from_janaf(text, "Mg-035", "Mg2Si", "l", "JANAF", degree=0, breaks=[298.15, 2500.0])
    (tmp_path / "mg2si-liquid.yaml").write_text(si.dump({"references": {}, "species": [made.entry]}))
    (tmp_path / "melt.yaml").write_text(MELT)
    plan = run(recipe_mod.load(str(tmp_path / "melt.yaml")))
    assert plan.step("melting").heat.parts_J["charge to set-point"] / 1e3 == pytest.approx(178.223, abs=0.1)


def test_heat_command_with_the_imported_liquid(tmp_path, capsys):
    # JANAF Mg-036: Mg2Si melts at 1375 K with ΔfusH = 175.870 - 90.098 = 85.772 kJ/mol
    text = (REF / "janaf" / "Mg-035.txt").read_text(encoding="utf-8")
    made = si.from_janaf(text, "Mg-035", "Mg2Si", "l", "JANAF", degree=0, breaks=[298.15, 2500.0])
    (tmp_path / "liquid.yaml").write_text(si.dump({"references": {}, "species": [made.entry]}))
    with pytest.raises(SystemExit) as exit_:
        main(["heat", "Mg2Si", "--to", "1400 K", "--species", str(tmp_path / "liquid.yaml"), "--json"])
    assert exit_.value.code == 0
    legs = json.loads(capsys.readouterr().out)["legs"]
    latent = next(leg for leg in legs if leg["kind"] == "latent")
    assert latent["T_from"]["value"] == pytest.approx(1375.0, abs=0.5)
    assert latent["dH"]["value"] == pytest.approx(85.772, abs=0.05)
