"""Bad input never crashes or corrupts: safe YAML, validation that reports everything, a recipe fuzzer.

The fuzzer mutates recipes/ampsi.yaml (keys deleted, values of the wrong type, bad units, garbage bytes,
truncation) and runs `synth validate` and `synth scale` on each mutant in-process: every run must end
with exit 0, or exit 2 (1 for a failed check) and exactly one line `synth: error: ...` on stderr, and
never raise anything else.
"""

from __future__ import annotations

import copy
import json
import random
import time
from pathlib import Path

import pytest
import yaml
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
FUZZ_CASES = 1500


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


def _paths(node, prefix=()):
    """Every (path, value) in a nested YAML structure."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _mutate(rng: random.Random, data) -> str:
    data = copy.deepcopy(data)
    paths = [p for p, _ in _paths(data) if p]
    path = rng.choice(paths)
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    key = path[-1]
    kind = rng.randrange(7)
    if kind == 0:
        del parent[key]
    elif kind == 1:
        parent[key] = rng.choice([None, 42, -1.5, True, [], {}, "", "banana", [1, 2], {"q": None}])
    elif kind == 2:
        parent[key] = rng.choice(["5 kg", "-3 g", "nan", "1e400 K", "7 furlongs", "0", "12 %", "1 M", "q"])
    elif kind == 3 and isinstance(parent[key], dict):
        parent[key]["q"] = rng.choice(["1 parsec", "abc", "-1", "1e308 g", "inf", "2 degC", "3 V"])
    elif kind == 4 and isinstance(parent, dict):
        parent[key + "x"] = parent.pop(key)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    if kind == 5:
        cut = rng.randrange(len(text))
        text = text[:cut]
    elif kind == 6:
        cut = rng.randrange(len(text))
        text = text[:cut] + "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 8))) + text[cut:]
    return text


def test_fuzz_recipe(capsys, tmp_path):
    rng = random.Random(20261124)
    base = yaml.safe_load(AMPSI)
    path = tmp_path / "mutant.yaml"
    codes = {0: 0, 1: 0, 2: 0}
    for i in range(FUZZ_CASES):
        text = _mutate(rng, base)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        command = ("validate",) if i % 2 else ("scale",)
        code, out, err = run_cli(capsys, *command, str(path))
        assert code in codes, (i, code, err)
        codes[code] += 1
        if code:
            assert err.startswith("synth: error: ") and err.endswith("\n") and "Traceback" not in err, (i, err)
            assert err.count("\n") == 1 or command == ("validate",), (i, err)
    assert codes[2] > FUZZ_CASES / 2  # most mutants are bad input, and were recognised as such


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
