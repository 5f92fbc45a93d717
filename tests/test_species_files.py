"""User species files: a recipe's own species, checked, merged without silent shadowing, and hashed."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml

from synth import recipe as recipe_mod
from synth.audit import validate
from synth.cli.app import main
from synth.errors import InputError
from synth.route import run
from synth.species import default_db
from synth.species_files import check, database_for, database_of

# KCl(cr), CRC (standard-thermo-properties, 7447-40-7): ΔfH -436.5 kJ/mol, S 82.6, Cp 51.3 J/(mol K).
KCL = {
    "name": "KCl(cr)", "composition": {"K": 1, "Cl": 1},
    "thermo": {"model": "constant-cp", "T0": "298.15 K", "h0": "-436.5 kJ/mol", "s0": "82.6 J/mol/K",
               "cp0": "51.3 J/mol/K", "T-min": 298.15, "T-max": 1000.0},
    "note": "CRC standard thermodynamic properties; constant Cp",
    "synth": {"formula": "KCl", "phase": "cr", "names": ["potassium chloride"], "cas": "7447-40-7", "ref": "Handbook",
              "density": {"value": 1.988, "unit": "g/cm**3", "ref": "CRC"}},
}
def heating(name: str, species_file: str, feed: str, T: str) -> str:
    """A recipe of one furnace step that heats one feed (``NAME: {species: ..., amount: ...}``) to ``T``, with the
    species file ``species_file``; its reaction, at conversion 0, changes nothing (a furnace declares one)."""
    return (f"recipe: {name}\nproduct: hot\nspecies: [{species_file}]\nreferences: {{X: \"hand calculation\"}}\n"
            "steps:\n  - id: heat\n    type: furnace\n    feeds:\n"
            f"      {feed}\n"
            "    reactions:\n      - equation: 2 H2 + O2 -> 2 H2O\n        conversion: {q: 0, ref: X}\n"
            f"    conditions: {{T: {{q: {T}, ref: X}}, hold: {{q: 1 h, ref: X}}}}\n    material: hot\n")


RECIPE = heating("kcl", "my-species.yaml", "salt: {species: KCl, amount: {q: 1 mol, ref: X}}", "398.15 K")


def write(tmp_path, species, **extra) -> str:
    doc = {"references": {"Handbook": "CRC Handbook of Chemistry and Physics, 97th ed. (2016)"}, **extra,
           "species": species}
    doc = json.loads(json.dumps(doc))  # no shared objects, so no YAML aliases
    (tmp_path / "my-species.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    path = tmp_path / "kcl.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return str(path)


def test_recipe_runs_with_its_species_file(tmp_path):
    plan = run(recipe_mod.load(write(tmp_path, [KCL])))
    # 1 mol KCl from 298.15 to 398.15 K at Cp 51.3 J/(mol K): 5.13 kJ
    assert plan.step("heat").heat.parts_J["charge to set-point"] == pytest.approx(5130.0, rel=1e-6)
    assert [f for f, _ in plan.db.files][1].endswith("my-species.yaml")


def test_no_silent_shadowing(tmp_path):
    salt = {**KCL, "name": "NaCl(cr)", "composition": {"Na": 1, "Cl": 1},
            "synth": {**KCL["synth"], "formula": "NaCl", "names": ["sodium chloride (test data)"]}}
    path = write(tmp_path, [KCL, salt])
    with pytest.raises(InputError, match=r"NaCl\(cr\) is already in the data.*replaces: \[NaCl\(cr\)\]"):
        run(recipe_mod.load(path))
    assert "replaces" in validate(recipe_mod.load(path))[0]
    plan = run(recipe_mod.load(write(tmp_path, [KCL, salt], replaces=["NaCl(cr)"])))
    assert plan.db.get("NaCl(cr)").cp(300.0) == pytest.approx(51.3)  # the user's data, deliberately


@pytest.mark.parametrize("change, message", [
    (lambda e: e["synth"].pop("ref"), "a source is required"),
    (lambda e: e["thermo"].pop("cp0"), "constant-cp without cp0"),
    (lambda e: e["composition"].update(E=1), "charged species"),
    (lambda e: e["synth"].update(ions={"K+": 1, "Cl-": 2}), "net charge of -1"),
    (lambda e: e["thermo"].update({"T-max": 200.0}), "T-min < T-max"),
    (lambda e: e["synth"].update(formula="KCl2"), "composition says"),
])
def test_check_finds(tmp_path, change, message):
    entry = json.loads(json.dumps(KCL))
    change(entry)
    path = write(tmp_path, [entry])
    problems = check((tmp_path / "my-species.yaml").read_text(), "my-species.yaml")
    assert any(message in p for p in problems), problems
    assert problems[0].startswith("my-species.yaml:")
    assert any(message in p for p in validate(recipe_mod.load(path)))


def test_split_temperature_continuity():
    # Mg(g) of the bundled data, its second range's a6 shifted by 50 K: h/RT jumps at 1000 K.
    low = [2.5, 0.0, 0.0, 0.0, 0.0, 16946.5876, 3.63433014]
    high = [2.31664484, 0.000365866339, -2.33227803e-07, 5.3711757e-11, -2.99513065e-15, 17011.9233, 4.63449516]
    entry = {"name": "Mg(g)", "composition": {"Mg": 1}, "note": "test",
             "thermo": {"model": "NASA7", "temperature-ranges": [200.0, 1000.0, 6000.0], "data": [low, high]},
             "synth": {"formula": "Mg", "phase": "g", "ref": "CRC"}}
    text = yaml.safe_dump({"references": {"CRC": "x"}, "species": [entry]})
    assert check(text, "f.yaml") == []  # the bundled coefficients meet at 1000 K
    entry["thermo"]["data"][1] = high[:5] + [high[5] + 50.0, high[6]]
    problems = check(yaml.safe_dump({"references": {"CRC": "x"}, "species": [entry]}), "f.yaml")
    assert len(problems) == 1 and "h/RT jumps" in problems[0] and "1000 K" in problems[0]


def test_cli_species_option_and_provenance(tmp_path, capsys):
    write(tmp_path, [KCL])
    (tmp_path / "plain.yaml").write_text(RECIPE.replace("species: [my-species.yaml]\n", ""), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["scale", str(tmp_path / "plain.yaml"), "--json"])
    assert exit_.value.code == 2
    assert "unknown species 'KCl'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["scale", str(tmp_path / "plain.yaml"), "--species", str(tmp_path / "my-species.yaml"), "--json"])
    assert exit_.value.code == 0
    data = json.loads(capsys.readouterr().out)
    files = data["provenance"]["species_files"]
    assert len(files) == 1 and files[0]["file"].endswith("my-species.yaml") and len(files[0]["sha256"]) == 64


def test_provenance_of_several_routes_lists_each_species_file_once(tmp_path):
    """`synth compare` states the species files of all its routes: a route with none adds nothing, and a file
    two routes share is listed once."""
    from synth.provenance import provenance

    own = database_for(recipe_mod.load(write(tmp_path, [KCL])))
    bundled = database_for(recipe_mod.load("ampsi"))
    made_from = provenance(bundled, own, own)
    assert made_from["species_data"]["sha256"] == bundled.sha256
    assert [f["file"] for f in made_from["species_files"]] == [own.files[1][0]]
    assert provenance(bundled)["species_files"] == []


def test_unknown_species_says_how_to_add_one():
    with pytest.raises(InputError, match="Adding a species"):
        database_for(recipe_mod.load("ampsi")).get("KCl")


def test_species_command_shows_a_user_species(tmp_path, capsys):
    write(tmp_path, [KCL])
    with pytest.raises(SystemExit) as exit_:
        main(["species", "KCl", "--species", str(tmp_path / "my-species.yaml"), "--json"])
    assert exit_.value.code == 0
    shown = json.loads(capsys.readouterr().out)["species"]
    assert [s["name"] for s in shown] == ["KCl(cr)"]


def test_sweep_csv_names_the_species_file(tmp_path, capsys):
    path = write(tmp_path, [KCL])
    out = tmp_path / "sweep.csv"
    with pytest.raises(SystemExit) as exit_:
        main(["sweep", path, "--vary", "heat.conditions.hold=1..2 h:2", "-o", str(out)])
    assert exit_.value.code == 0, capsys.readouterr().err
    lines = [line for line in out.read_text().splitlines() if line.startswith("# species file")]
    assert len(lines) == 1 and "my-species.yaml" in lines[0] and "sha256" in lines[0]


def test_a_name_cannot_silently_change_species(tmp_path):
    taken = json.loads(json.dumps(KCL))
    taken["synth"]["names"] = ["salt"]  # bundled: NaCl(cr)
    with pytest.raises(InputError, match="'salt' is given to both NaCl\\(cr\\) and KCl\\(cr\\)"):
        run(recipe_mod.load(write(tmp_path, [taken])))


def test_sheet_names_the_species_file(tmp_path, capsys, monkeypatch):
    write(tmp_path, [KCL])
    monkeypatch.chdir(tmp_path)  # a short path: the sheet's table wraps a long one (pytest -n makes it longer)
    with pytest.raises(SystemExit) as exit_:
        main(["sheet", "kcl.yaml", "--date", "2025-01-31", "-f", "md"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "species file" in out and "my-species.yaml" in out


def test_hazards_from_a_species_file(tmp_path, capsys):
    unclassified = json.loads(json.dumps(KCL))
    unclassified["synth"]["hazards"] = {"hazard": "not classified (supplier SDS)", "ghs": [], "ref": "Handbook"}
    path = write(tmp_path, [unclassified])
    with pytest.raises(SystemExit):
        main(["validate", path])
    assert "no hazard data for KCl" not in capsys.readouterr().out
    listed = json.loads(json.dumps(KCL))
    listed["synth"]["hazards"] = {"hazard": "test hazard", "ghs": ["H319"], "ref": "Handbook"}
    path = write(tmp_path, [listed])
    with pytest.raises(SystemExit):
        main(["sheet", path, "--date", "2025-01-31", "-f", "md"])
    assert "H319" in capsys.readouterr().out.split("4. Hazards")[1]
    listed["synth"]["hazards"] = {"hazard": "x", "ghs": ["flammable"]}
    problems = check(yaml.safe_dump({"references": {}, "species": [listed]}), "f.yaml")
    assert any("not a GHS hazard statement code" in p for p in problems)
    assert any("synth.hazards needs a source" in p for p in problems)


def test_missing_species_file(tmp_path):
    path = tmp_path / "kcl.yaml"
    path.write_text(RECIPE, encoding="utf-8")  # names my-species.yaml, which is not there
    problems = validate(recipe_mod.load(str(path)))
    assert len(problems) == 1 and "species file 'my-species.yaml' not found" in problems[0]
    assert problems[0].startswith(f"{path}:3:")  # the line of species: in the recipe


# The README's "Adding a species" example (liquid Mg2Si from JANAF Mg-035), as `synth species import` writes it.
MG2SI_L = """\
references:
  JANAF-Mg035: M. W. Chase, NIST-JANAF Thermochemical Tables, 4th ed. (1998), table Mg-035, Mg2Si(l)
species:
- name: Mg2Si(l)
  composition: {Mg: 2, Si: 1}
  thermo:
    model: NASA7
    temperature-ranges: [298.15, 2500.0]
    data:
    - [11.3224395, 0.0, 0.0, 0.0, 0.0, -3775.931463, -49.66042591]
  note: JANAF Mg-035 (Chase 1998), NASA-7 fit 298.15-2500 K by synth species import (Cp polynomial degree 0)
  synth:
    formula: Mg2Si
    phase: l
    names: []
    ref: JANAF-Mg035
    dfH298: {value: -3.327, unit: kJ/mol, ref: JANAF-Mg035}
"""
ROW = "- [11.3224395, 0.0, 0.0, 0.0, 0.0, -3775.931463, -49.66042591]"
RANGES = "temperature-ranges: [298.15, 2500.0]"
MELT = heating("melt", "sp.yaml", "m: {species: Mg2Si, amount: {q: 1 mol, ref: X}}", "1400 K")
# (one-field change of MG2SI_L, the field the message names, what it says)
BAD_SPECIES = {
    "text exponent": (ROW, "- [11.3224395, 1e-2, 0, 0, 0, -3775.9, -49.66]", ":9:5:", "thermo.data",
                      "'1e-2' is read as text, not a number (YAML wants a decimal point and a signed exponent); "
                      "write 1.0e-2"),
    "six coefficients": (ROW, ROW.replace(", -49.66042591", ""), ":9:5:", "thermo.data",
                         "row 1 has 6 coefficients; a NASA7 row has exactly 7"),
    "eight coefficients": (ROW, ROW.replace("]", ", 1.0]"), ":9:5:", "thermo.data", "has 8 coefficients"),
    "huge bound": (RANGES, "temperature-ranges: [298.15, 1.0e+300]", ":8:5:", "thermo.temperature-ranges",
                   "1e+300 K is not a temperature species data can hold"),
    "bound as text": (RANGES, "temperature-ranges: [298.15, 1e300]", ":8:5:", "thermo.temperature-ranges",
                      "write 1.0e+300"),
    "data not a list": ("data:\n    " + ROW, "data: 5", ":9:5:", "thermo.data", "must be a list of 1 coefficient row"),
    "ranges not a list": (RANGES, "temperature-ranges: 5", ":8:5:", "thermo.temperature-ranges",
                          "must be a list of at least two temperatures in K"),
    "letters": (ROW, "- [a, b, c, d, e, f, g]", ":9:5:", "thermo.data", "expected a number, found 'a'"),
    "other digits": (ROW, "- [\u0661\u0662, 0, 0, 0, 0, -3775.9, -49.66]", ":9:5:", "thermo.data",
                     "expected a number, found '\u0661\u0662'"),  # no "write ١٢": synth reads ASCII digits
    "dfH298 a mass": ("unit: kJ/mol", "unit: kg", ":17:5:", "synth.dfH298", "dimension molar energy, got '-3.327 kg'"),
    "below 0 K": (RANGES, "temperature-ranges: [-5, 2500.0]", ":8:5:", "thermo.temperature-ranges",
                  "-5 K is not a temperature species data can hold; temperatures are in kelvin, above 0 K"),
    "negative cp": (ROW, ROW.replace("0.0, 0.0, 0.0, 0.0, -3775", "-0.01132, 0.0, 0.0, 0.0, -3775"), ":9:5:",
                    "thermo.data: cp is", "J/(mol K) at 1008.15 K"),
    "dfH298 not the coefficients'": ("value: -3.327", "value: -30.0", ":17:5:", "synth.dfH298 -30 kJ/mol",
                                     "h(298.15 K) = -3.327 kJ/mol"),
    "three ranges (Cantera)": (f"{RANGES}\n    data:\n    {ROW}",
                               f"temperature-ranges: [298.15, 1000.0, 2000.0, 2500.0]\n    data:\n    {ROW}\n    {ROW}"
                               f"\n    {ROW}", ":6:3:", "thermo: Cantera cannot read it",
                               "Expected array 'temperature-ranges' to have from 2 to 3 elements"),
}
COMMANDS = {
    "heat": ["heat", "Mg2Si", "--to", "1400 K", "--species", "sp.yaml"],
    "species": ["species", "Mg2Si", "--species", "sp.yaml"],
    "thermo": ["thermo", "Mg2Si(cr) -> Mg2Si(l)", "--T", "1300 K", "--species", "sp.yaml"],
    "validate --species": ["validate", "ampsi", "--species", "sp.yaml"],
    "validate recipe": ["validate", "melt.yaml"],
    "scale recipe": ["scale", "melt.yaml"],
}


def run_cli(args, capsys) -> tuple[int, str]:
    """Exit code and standard error of ``synth ARGS``."""
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return exit_.value.code, capsys.readouterr().err


def test_the_readme_species_file_is_accepted(tmp_path, monkeypatch, capsys):
    (tmp_path / "sp.yaml").write_text(MG2SI_L, encoding="utf-8")
    (tmp_path / "melt.yaml").write_text(MELT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check(MG2SI_L, "sp.yaml") == []
    for args in COMMANDS.values():
        assert run_cli(args, capsys) == (0, ""), args


@pytest.mark.parametrize("case", BAD_SPECIES)
def test_a_bad_species_file_is_one_line_naming_file_line_and_field(case, tmp_path, monkeypatch, capsys):
    """Every command that reads the file refuses it with exit 2 and one line (no traceback): file:line, the field
    and what is wrong; the library raises InputError, as it does for a recipe."""
    old, new, line, field, says = BAD_SPECIES[case]
    assert old in MG2SI_L
    (tmp_path / "sp.yaml").write_text(MG2SI_L.replace(old, new), encoding="utf-8")
    (tmp_path / "melt.yaml").write_text(MELT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, args in COMMANDS.items():
        code, err = run_cli(args, capsys)
        assert code == 2, (command, err)
        assert len(err.strip().splitlines()) == 1, (command, err)
        assert f"sp.yaml{line} species Mg2Si(l): {field}" in err and says in err, (command, err)
    with pytest.raises(InputError, match="species Mg2Si\\(l\\)"):
        database_of(["sp.yaml"])


def test_an_aqueous_species_may_have_a_negative_cp():
    """The standard partial molar Cp of an electrolyte at infinite dilution is often negative (HCl(aq): about
    -136 J/(mol K)); only pure phases must have cp > 0. The bundled data pass every check a user file gets."""
    bundled = resources.files("synth.data").joinpath("species.yaml").read_text(encoding="utf-8")
    assert default_db().get("HCl(aq)").cp(298.15) < 0
    assert check(bundled, "species.yaml") == []


def test_dfh298_within_the_bundled_tolerance_is_accepted():
    """A stated ΔfH° 0.3 kJ/mol from the coefficients' h(298.15 K) passes (the bundled MgO(cr): NASA -601.251
    against CRC -601.6); 0.6 kJ/mol does not."""
    assert check(MG2SI_L.replace("value: -3.327", "value: -3.627"), "sp.yaml") == []
    assert "disagrees" in check(MG2SI_L.replace("value: -3.327", "value: -3.927"), "sp.yaml")[0]


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp, "is a folder, not a species file; give the path of a species file"),
    (lambda tmp: (tmp / "latin.yaml").write_bytes(b"\xff\xfe") and tmp / "latin.yaml",
     "save the species file as UTF-8"),
])
def test_a_species_file_is_called_one_when_it_is_refused(capsys, tmp_path, make, message):
    from test_cli import run

    code, _, err = run(capsys, "species", "--species", str(make(tmp_path)))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("old, new, message", [
    ("composition: {Mg: 2, Si: 1}", "composition: {Mg: two, Si: 1}", "composition must be a mapping of element "
                                                                      "counts, numbers above 0"),
    ("names: []", "names: [5]", "synth.names must be a list of names as text"),
    ("names: []", "names: liquid", "synth.names must be a list of names as text"),
    ("- name: Mg2Si(l)", "- name: 5", "a species' name is text"),
    ("    names: []", "    names: []\n    ions: {Mg: x}", "synth.ions must be a mapping of ions to counts"),
    ("    names: []", "    names: []\n    ions: {Mg+\u0662: 1, Si-\u0664: 1}", "ion 'Mg+\u0662' has no charge"),
])
def test_a_species_entry_of_the_wrong_kinds_is_one_line(capsys, tmp_path, old, new, message):
    """Text where a count belongs, a number where a name belongs: a traceback before (ValueError,
    AttributeError) or, for a name given as a number or names as one word, read without a word."""
    from test_cli import run

    assert old in MG2SI_L
    path = tmp_path / "sp.yaml"
    path.write_text(MG2SI_L.replace(old, new), encoding="utf-8")
    code, _, err = run(capsys, "species", "--species", str(path))
    assert code == 2 and message in err and str(path) in err and len(err.strip().splitlines()) == 1
