"""The command line as a user runs it: output, JSON contract, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from synth.cli.app import main
from synth.recipe import load as load_recipe


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_thermo_json(capsys):
    code, out, err = run(capsys, "thermo", "MgCl2(l) -> Mg(l) + Cl2", "--T", "1000 K", "--electrons", "2", "--json")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert {"equation", "T", "dH", "dS", "dG", "K", "species"} <= set(data)
    assert data["dG"]["unit"] == "kJ / mol" and data["dG"]["value"] == pytest.approx(482.8, abs=0.5)
    assert data["E"]["value"] == pytest.approx(2.50, abs=0.01)
    assert data["provenance"]["species_data"]["sha256"]


def test_degC_and_K_give_the_same_json(capsys):
    a = json.loads(run(capsys, "thermo", "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "--T", "750 degC", "--json")[1])
    b = json.loads(run(capsys, "thermo", "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "--T", "1023.15 K", "--json")[1])
    assert a == b


def test_species_phase_choice_is_shown(capsys):
    code, out, _ = run(capsys, "thermo", "MgCl2 -> Mg + Cl2", "--T", "1000 K", "--json")
    used = {s["written"]: (s["species"], s["phase_chosen_by_stability"]) for s in json.loads(out)["species"]}
    assert used == {"MgCl2": ("MgCl2(l)", True), "Mg": ("Mg(l)", True), "Cl2": ("Cl2(g)", False)}


@pytest.mark.parametrize("args, message", [
    (("thermo", "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "--T", "5 kg"), "expected a quantity of dimension temperature"),
    (("thermo", "Mg2Si + N2 -> Si + Mg3N2"), "does not balance"),
    (("thermo", "Mg2Si + N2 -> Si + Mg3N2", "--T", "5000 K", "--balance"), "does not extrapolate"),
    (("species", "Mg2Sx"), "did you mean"),
    (("scale", "ampsi", "--basis", "AMPSi@C=-1 kg"), "positive"),
    (("scale", "nosuchrecipe"), "no recipe"),
    (("thermo",), "Missing argument"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("synth: error: ") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback_and_keeps_the_exit_code(capsys):
    code, _, err = run(capsys, "thermo", "2 Mg + Si -> Mg2Si", "--T", "5 kg", "--debug")
    assert code == 2 and "Traceback" in err and "DimensionError" in err
    assert err.splitlines()[-1].startswith("synth: error: T: expected a quantity of dimension temperature")


def test_scale_json_matches_the_paper(capsys):
    code, out, _ = run(capsys, "scale", "ampsi", "--basis", "Si=2.8 g", "--json")
    data = json.loads(out)
    assert code == 0
    steps = {s["id"]: s for s in data["steps"]}
    assert steps["alloying"]["inputs"]["Mg"]["mass"] == {"value": pytest.approx(5.0), "unit": "g"}
    assert steps["alloying"]["outputs"]["Mg2Si"]["mass"]["value"] == pytest.approx(7.646, abs=0.001)
    assert data["basis"] == {"material": "Si", "quantity": {"value": 2.8, "unit": "g"}}


def test_balance_command(capsys):
    code, out, _ = run(capsys, "balance", "ns-mpsi", "--json")
    rows = json.loads(out)["balance"]
    assert code == 0 and {r["step"] for r in rows} == {"alloying", "distillation", "route"}
    assert max(r["relative_error"] for r in rows) < 1e-9


def states_data_and_versions(provenance: dict) -> bool:
    """A provenance block names the bundled species data with its hash and the versions of synth, Cantera and
    Python (what `synth thermo --json` states)."""
    from synth.species import default_db

    return (provenance["species_data"] == {"file": "synth/data/species.yaml", "sha256": default_db().sha256}
            and provenance["species_files"] == [] and set(provenance["versions"]) == {"synth", "cantera", "python"})


def test_balance_json_states_what_it_was_computed_from(capsys):
    """`synth balance --json` carries the provenance of `synth scale --json` for the same recipe: the recipe
    with its hash, the species data with its hash, and the versions."""
    code, out, _ = run(capsys, "balance", "ampsi", "--json")
    made_from = json.loads(out)["provenance"]
    code2, scaled, _ = run(capsys, "scale", "ampsi", "--json")
    assert code == code2 == 0 and made_from == json.loads(scaled)["provenance"]
    assert made_from["recipe"]["sha256"] == load_recipe("ampsi").sha256 and states_data_and_versions(made_from)


@pytest.mark.parametrize("args", [("heat", "Mg", "--to", "1000 K"), ("species", "Mg"), ("species",)])
def test_species_and_heat_json_state_the_species_data_and_versions(capsys, args):
    code, out, _ = run(capsys, *args, "--json")
    made_from = json.loads(out)["provenance"]
    assert code == 0 and states_data_and_versions(made_from) and "recipe" not in made_from


def test_console_script_and_module_run():
    """The installed entry point and ``python -m synth`` both work (the real process, no test runner)."""
    done = subprocess.run([sys.executable, "-m", "synth", "thermo", "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2",
                           "--T", "298.15 K", "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dH"]["value"] == pytest.approx(-688.69, abs=0.1)
    bad = subprocess.run([sys.executable, "-m", "synth", "thermo", "2 Mg + Si -> Mg2Si", "--T", "5 kg"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_readme_script():
    """The `import synth` example of the README gives the CLI's numbers."""
    import synth

    plan, _ = synth.scale(synth.load_recipe("ampsi"), "Si=2.8 g")
    assert synth.quantities(plan, "alloying")["Mg2Si"]["mass"].to("g").magnitude == pytest.approx(7.646, abs=0.001)


def test_written_files_get_the_usual_permissions(tmp_path):
    """-o writes through a private temporary file; the result must not stay private (0600)."""
    import os

    from synth.cli.output import write_atomic

    mask = os.umask(0o022)
    try:
        write_atomic(str(tmp_path / "out.txt"), "x")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
