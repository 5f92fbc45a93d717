"""Bad input never crashes or corrupts: safe YAML, validation that reports everything, the README's table.

The classes of hostile input of issue 11 (misreading, hangs, clobbered files, exit codes, tracebacks,
validate before scale, the Python API, spreadsheet injection, messages) are in test_hostile.py; the fuzzers
(recipes, quantity strings, CLI arguments, output targets) in test_fuzz.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from synth import catalog
from synth.audit import validate
from synth.cli.app import main
from synth.errors import RecipeError
from synth.recipe import load, parse
from synth.report import build
from synth.scaling import scale
from synth.units import from_json

AMPSI = catalog.text("ampsi")


def run_cli(capsys, *args):
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12))
    start = time.perf_counter()
    with pytest.raises(RecipeError, match="aliases"):
        parse(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 1.0


def test_python_tags_are_not_constructed():
    with pytest.raises(RecipeError, match="bad.yaml:1"):
        parse("recipe: !!python/object/apply:os.system ['echo hacked']\n", "bad.yaml")


def test_duplicate_keys_are_an_error():
    with pytest.raises(RecipeError, match=r"dup.yaml:3:1: invalid YAML: duplicate key 'recipe'"):
        parse("recipe: a\nsteps: []\nrecipe: b\n", "dup.yaml")


def test_huge_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 2_000_000)
    with pytest.raises(RecipeError, match="larger than"):
        load(str(big))


def test_binary_file_is_refused(tmp_path):
    bad = tmp_path / "bin.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(RecipeError, match="not UTF-8"):
        load(str(bad))


STEAM = "steam_economy: {q: 1.0,"  # recipes/ampsi.yaml line 158, the value at column 26


@pytest.mark.parametrize("written, read_as", [
    ("1:30", "90"), ("-1:30", "-90"), ("1_0", "10"), ("0_6", "6"), ("010", "8"), ("0x1", "1"), ("0b1", "1"),
    ("0.9_5", "0.95"), ("190:20:30.15", "685230.15")])
def test_yaml_11_number_forms_are_refused_where_they_stand(capsys, tmp_path, written, read_as):
    """YAML 1.1 reads 1:30 as 90 and 010 as 8: refused with the place, the field and the decimal to write."""
    path = tmp_path / "r.yaml"
    path.write_text(AMPSI.replace(STEAM, f"steam_economy: {{q: {written},"), encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 2 and err.count("\n") == 1, err
    assert f"{path}:158:26: steps[3].evaporation.steam_economy.q: {written} is " in err
    assert f"read as {read_as}; write the number as a plain decimal, e.g. {read_as}" in err


@pytest.mark.parametrize("written, message", [
    ("!!float 0x1", "0x1 is a hexadecimal number in YAML 1.1, which no number reads"),
    ("!!float 1:x", "1:x is a base-60 (sexagesimal) number in YAML 1.1, which no number reads"),
    ("!!float abc", "'abc' is not a number; write a plain decimal, e.g. 1.5, without the !! tag"),
])
def test_an_explicit_number_tag_on_what_no_number_reads_is_one_line(capsys, tmp_path, written, message):
    """`!!float 0x1` raised a ValueError inside the YAML loader: a traceback and exit 1."""
    path = tmp_path / "r.yaml"
    path.write_text(AMPSI.replace(STEAM, f"steam_economy: {{q: {written},"), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert code == 2 and err.count("\n") == 1 and f"{path}:158:26: steps[3].evaporation.steam_economy.q: " in err
    assert message in err


def test_plain_numbers_keep_their_reading_and_quoted_forms_are_refused_as_quantities():
    """Decimals read as ever (1e-2, text in YAML 1.1, through the quantity parser); '1:30' and '1_0' quoted are
    text, which the quantity parser refuses with the decimal to write."""
    def steam(written):
        recipe = parse(AMPSI.replace(STEAM, f"steam_economy: {{q: {written},"), "r.yaml")
        return recipe.steps()[3].sub("evaporation").q("steam_economy", "dimensionless")

    for written, value in [("2", 2), ("+2", 2), ("2.5", 2.5), (".5", 0.5), ("2.", 2.0), ("1.0e-2", 0.01),
                           ("1e-2", 0.01), ("1E+1", 10), ("'1.5e3'", 1500)]:
        assert steam(written).magnitude == pytest.approx(value), written
    for written in ["'1:30'", "'1_0'", "'1_000 kg'"]:
        with pytest.raises(RecipeError, match=r"r.yaml:158:7: .*steam_economy: .*write the number as a plain "
                                              r"decimal \(1000, 90, 1.5\), without '_' or ':'"):
            steam(written)


def test_every_file_synth_reads_refuses_yaml_11_numbers(tmp_path):
    """Recipes, price files and plant files go through one loader: 1:30 is refused in each, with its place."""
    from synth.cost import load_prices
    from synth.plant.units import load_plant

    price = tmp_path / "p.yaml"
    price.write_text("currency: USD\nreferences: {Q: a quote}\nreagents:\n  Mg: {q: 1:30 USD/kg, ref: Q, "
                     "year: 2_024}\n", encoding="utf-8")
    with pytest.raises(RecipeError, match=r"p.yaml:4:38: reagents.Mg.year: 2_024 is .* e.g. 2024,"):
        load_prices([price])
    plant = tmp_path / "plant.yaml"
    plant.write_text("references: {}\nplant:\n  days_per_year: {q: 0x14a, assumption: a guess}\n", encoding="utf-8")
    with pytest.raises(RecipeError, match=r"plant.yaml:3:22: plant.days_per_year.q: 0x14a is a hexadecimal number"):
        load_plant(load("ampsi"), str(plant))


@pytest.mark.parametrize("option, kind", [("--prices", "price file"), ("--plant", "plant file")])
def test_a_file_is_named_by_its_kind(capsys, tmp_path, option, kind):
    """The shared reader says what it was reading: not 'save the recipe' for a price file."""
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("note: caf\u00e9\n".encode("latin-1"))
    command = "cost" if option == "--prices" else "plan"
    code, _, err = run_cli(capsys, command, "ampsi", "--basis", "AMPSi@C=1 kg", option, str(bad))
    assert code == 2 and f"not UTF-8 text (byte 9); save the {kind} as UTF-8" in err, err
    code, _, err = run_cli(capsys, command, "ampsi", "--basis", "AMPSi@C=1 kg", option, str(tmp_path))
    assert code == 2 and f"is a folder, not a {kind}" in err, err


def test_validate_reports_every_problem_with_its_line():
    text = (AMPSI.replace("mass: {q: 2.8 g, ref: An2019}", "mass: {q: 2.8 K, ref: An2019}")
            .replace("species: Mg(cr)", "species: Mg2Sx")
            .replace("3 Mg + N2 -> Mg3N2", "2 Mg + N2 -> Mg3N2")
            .replace("conversion: {q: 95 %", "conversion: {q: 195 %"))
    problems = validate(parse(text, "bad.yaml"))
    assert len(problems) == 4
    lines = text.splitlines()
    for problem, needle in zip(problems, ["2.8 K", "Mg2Sx", "2 Mg + N2", "195 %"], strict=True):
        line = int(problem.split(":")[1])
        assert needle in lines[line - 1], problem
    assert "did you mean Mg2Si" in problems[1]
    assert "Mg +1" in problems[2]
    assert "between 0 and 1" in problems[3]


def test_validate_catches_flow_between_steps():
    text = AMPSI.replace("from: {step: leaching, stream: solid}", "from: {step: leaching, stream: sludge}")
    problems = validate(parse(text, "flow.yaml"))
    assert problems and "no output stream 'sludge'" in problems[0]


def test_unknown_field_suggests_the_right_one():
    problems = validate(parse(AMPSI.replace("      hold: {q: 4 h", "      hodl: {q: 4 h"), "typo.yaml"))
    assert any("unknown field 'hodl'; did you mean 'hold'?" in p for p in problems)


@pytest.mark.parametrize("basis, message", [
    ("Si=nan g", "not a finite number"), ("Si=inf g", "not a finite number"), ("Si=0 g", "positive"),
    ("Si=-2 g", "positive"), ("Si=1e30 g", "scale factor"),
])
def test_absurd_quantities(capsys, basis, message):
    code, out, err = run_cli(capsys, "scale", "ampsi", "--basis", basis)
    assert code == 2 and message in err and err.count("\n") == 1


def test_failed_run_leaves_no_file(capsys, tmp_path):
    target = tmp_path / "plan.json"
    code, _, _ = run_cli(capsys, "scale", "ampsi", "--basis", "Si=-1 g", "--json", "-o", str(target))
    assert code == 2 and list(tmp_path.iterdir()) == []
    code, _, _ = run_cli(capsys, "scale", "ampsi", "--json", "-o", str(target))
    assert code == 0 and json.loads(target.read_text())["recipe"]["name"] == "ampsi"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


@settings(max_examples=30, deadline=None)
@given(st.floats(0.001, 1e6), st.sampled_from(["g", "kg", "lb", "oz", "t"]))
def test_json_round_trip(amount, unit):
    plan, basis = scale(load("ampsi"), f"Si={amount} {unit}")
    data = json.loads(json.dumps(build(plan, basis)))
    product = from_json(data["totals"]["product"]["mass"]).to("g").magnitude
    si = from_json(data["steps"][0]["inputs"]["Si"]["mass"])
    assert si.to(unit).magnitude == pytest.approx(amount, rel=1e-9)
    assert product == pytest.approx(si.to("g").magnitude / 0.915, rel=1e-9)  # 8.5 wt% C on the Si


def test_bundled_recipes_validate(recipe):
    assert validate(recipe) == []


def test_readme_table_of_bad_inputs_is_true(capsys):
    """Each row of the README's bad-input table gives the message it shows."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- bad-inputs -->")[1].split("<!-- /bad-inputs -->")[0]
    rows = [r for r in section.splitlines() if r.startswith("| `synth")]
    assert len(rows) >= 8
    for row in rows:
        command, shown = [c.strip() for c in row.strip("|").split("|")[:2]]
        args = _split(command.strip("`"))[1:]
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and shown.strip("`").replace("\\|", "|") in err, (row, err)


def _split(command: str) -> list[str]:
    import shlex

    return shlex.split(command)


def test_a_yes_or_no_where_text_belongs_says_how_yaml_read_it():
    """YAML 1.1 reads an unquoted yes/no/on/off as a boolean: a title `yes` (or a species written NO) is
    refused with what YAML made of it and the fix, quoting, at its line, by validate and by the run alike."""
    text = AMPSI.replace("title: ", "title: yes  # ", 1)
    problems = validate(parse(text, "yes.yaml"))
    assert len(problems) == 1 and problems[0].startswith("yes.yaml:") and "recipe.title: expected text, found " \
        "True (YAML reads an unquoted yes, no, on, off, true or false as true; quote it to keep it as text)" \
        in problems[0]
