"""Fuzzers: recipes, quantity strings, CLI arguments and output targets, in-process; a thin subprocess layer.

Each fuzzer states a property that holds for every input, not a list of examples:

- a mutated recipe is valid, or ``validate`` reports every problem ``scale`` would raise, each at
  ``file:line:column``; whatever ``validate`` passes, ``scale`` computes and writes as JSON;
- a quantity string is refused, or read with exactly the number that was written; a formula or an equation
  is read, or refused with a synth error;
- any command line ends with exit 0, 1 or 2, and a failure is one line ``synth: error: ...``;
- an output target is written (a regular file, its mode kept), or refused before the work with the
  thing that was there left as it was, and no ``.part`` file behind.

The work runs in-process (the library, and ``synth.cli.app.main`` for the CLI), because a process start
costs more than a case. The cases per fuzzer scale with the hypothesis profile: ``HYPOTHESIS_PROFILE=ci``
runs four times as many (see conftest.py).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys

import pytest
import yaml
import yamltext
from hypothesis import given, settings, strategies as st
from test_robustness import AMPSI, run_cli  # tests/ is on sys.path (pytest rootdir import mode)

from synth.audit import validate
from synth.errors import InputError, RecipeError, SynthError
from synth.recipe import parse
from synth.report import build
from synth.scaling import scale
from synth.units import parse as parse_quantity

DEPTH = 4 if settings().max_examples > 100 else 1  # the "ci" profile's deeper run
RECIPE_CASES = 1500 * DEPTH
RECIPE_SHARDS = 10  # test_fuzz_recipe's cases in 10 tests of 150 (or 600)
CLI_CASES = 300 * DEPTH
TARGET_CASES = 60 * DEPTH
LOCATED = re.compile(r"^mutant\.yaml:\d+:\d+: ")




def assert_one_line(code: int, err: str, case) -> None:
    assert code in (0, 1, 2), (case, code, err)
    if code:
        assert err.startswith("synth: error: ") and err.endswith("\n") and "Traceback" not in err, (case, err)
        assert err.count("\n") == 1, (case, err)


# recipes ---------------------------------------------------------------------------------------------------

def _paths(node, prefix=()):
    """Every (path, value) in a nested YAML structure."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


BAD_VALUES = [None, 42, -1.5, True, [], {}, "", "banana", [1, 2], {"q": None}, "2020-01-01", ["acid_leach"]]
BAD_QUANTITIES = ["5 kg", "-3 g", "nan", "1e400 K", "7 furlongs", "0", "12 %", "1 M", "q", "1,5 g", "[1,2] g",
                  "9**9**9 g", "2 g 3", "1 mt", "1 ton", "1 gr", "(1 kg", "1 kg/0", "1 000 g"]
BAD_Q = ["1 parsec", "abc", "-1", "1e308 g", "inf", "2 degC", "3 V", "2,8 g", "1 kg==2", "10**400 kg", "1e-300 g"]
BAD_NAMES = ["nosuch", "MgCl2.6H2O", "2H2O", "Cu(S)", "H2O -> H2O", "=HYPERLINK(1)", "alloying", "leaching"]


def _dump(data) -> str:
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)


class _Base:
    """ampsi.yaml as data, the paths of its values, and the YAML of each of its parts (a top-level entry, or
    one step), so that a mutant dumps again only the part it changed: most of a case's cost was dumping the
    whole recipe. The text is the same as ``_dump`` of the whole mutant (test_mutant_text_is_the_whole_dump)."""

    def __init__(self, text: str) -> None:
        self.data = yamltext.load(text)
        self.text = _dump(self.data)
        self.paths = [p for p, _ in _paths(self.data) if p]
        self.steps = [_dump([step]) for step in self.data["steps"]]
        self.parts = {k: _dump({k: v}) for k, v in self.data.items()}

    def text_of(self, data, path: tuple) -> str:
        """The YAML of ``data``: this base changed at ``path`` (and nowhere else)."""
        if len(path) == 1 or (path[0] == "steps" and len(path) == 2):  # the order or length of a part changed
            return _dump(data)
        parts = dict(self.parts)
        if path[0] == "steps":
            steps = list(self.steps)
            steps[path[1]] = _dump([data["steps"][path[1]]])
            parts["steps"] = "steps:\n" + "".join(steps)
        else:
            parts[path[0]] = _dump({path[0]: data[path[0]]})
        return "".join(parts[k] for k in data)


def _mutate(rng: random.Random, base: _Base) -> tuple[str, dict | None]:
    """A mutant of ``base``, a value, key or the text itself broken at random: (its text, its data; None where
    the text itself was broken).

    Only the containers along the changed path are copied; the rest is shared with the base, never changed."""
    path = rng.choice(base.paths)
    data = parent = dict(base.data)
    for k in path[:-1]:
        parent[k] = copy.copy(parent[k])
        parent = parent[k]
    key = path[-1]
    kind = rng.randrange(8)
    if kind == 0:
        del parent[key]
    elif kind == 1:
        parent[key] = rng.choice(BAD_VALUES)
    elif kind == 2:
        parent[key] = rng.choice(BAD_QUANTITIES)
    elif kind == 3 and isinstance(parent[key], dict):
        parent[key] = {**parent[key], "q": rng.choice(BAD_Q)}
    elif kind == 4 and isinstance(parent, dict):
        parent[key + "x"] = parent.pop(key)
    elif kind == 7:
        parent[key] = rng.choice(BAD_NAMES)
    else:  # the text itself is cut, or garbage put in; or nothing changed (kinds 3 and 4 where they do not apply)
        text = base.text
        if kind == 5:
            return text[:rng.randrange(len(text))], None
        if kind == 6:
            cut = rng.randrange(len(text))
            garbage = "".join(chr(rng.randrange(0, 0x2FFF)) for _ in range(rng.randrange(1, 8)))
            return text[:cut] + garbage + text[cut:], None
        return text, base.data
    return base.text_of(data, path), data


def _check_mutant(text: str) -> int:
    """The property of one mutant (library level): 0 valid, 2 refused."""
    try:
        recipe = parse(text, "mutant.yaml")
    except RecipeError as exc:
        assert str(exc).startswith("mutant.yaml"), exc
        return 2
    problems = validate(recipe)
    for problem in problems:
        assert LOCATED.match(problem), problem
    try:
        plan, _ = scale(recipe)
        plan.recycles()
    except SynthError as exc:
        assert problems, f"scale refused what validate passed: {exc}"
        return 2
    assert not problems, f"validate refused what scale computed: {problems}"
    json.dumps(build(plan), allow_nan=False)
    return 0


@pytest.fixture(scope="module")
def base() -> _Base:
    return _Base(AMPSI)


@pytest.mark.parametrize("shard", range(RECIPE_SHARDS))
def test_fuzz_recipe(capsys, tmp_path, base, shard):
    """Mutants of ampsi.yaml through the library; every tenth also through the CLI (validate, scale, sheet).

    The cases come in shards of their own seed, so that parallel workers (pytest -n) share them out."""
    rng = random.Random(20261124 + shard)
    cases = RECIPE_CASES // RECIPE_SHARDS
    path = tmp_path / "mutant.yaml"
    codes = {0: 0, 2: 0}
    for i in range(shard * cases, (shard + 1) * cases):
        text, _ = _mutate(rng, base)
        codes[_check_mutant(text)] += 1
        if i % 10 == 0:  # the terminal view (rich) costs most: one case in 150
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            command = [("validate",), ("scale", "--json"), ("sheet", "-f", "csv", "--date", "2025-01-01"),
                       ("balance", "--json"), ("scale",) if i % 150 == 40 else ("validate",)][i // 10 % 5]
            code, _, err = run_cli(capsys, command[0], str(path), *command[1:])
            if command == ("validate",):
                assert code in (0, 2) and all(line.startswith("synth: error: ") for line in err.splitlines())
            else:
                assert_one_line(code, err, (i, command))
    assert codes[2] > cases / 2 and codes[0] > 0  # most mutants are bad input, and recognised as such


def test_mutant_text_is_the_whole_dump(base):
    """The fuzzer's shortcut (dump again only the changed part) gives the YAML of the whole mutant."""
    rng = random.Random(5)
    for _ in range(100):
        text, data = _mutate(rng, base)
        if data is not None:
            assert text == _dump(data)
    assert base.data == yamltext.load(AMPSI)  # and the base was never changed


# quantity strings ------------------------------------------------------------------------------------------

NUMBERS = st.from_regex(r"\A[+-]?(\d{1,4}(\.\d{0,3})?|\.\d{1,3})([eE][+-]?\d{1,3})?\Z")
UNITS = st.sampled_from(["", " g", "g", " kg", " mol", " degC", " K", " %", " wt%", " L/min", " mL/g", " J/(mol K)",
                         " kW h", " m**3", " m³", " s^-1", " mt", " ton", " furlongs", " lb"])
JUNK = st.text(alphabet="0123456789 .,eE+-*/^()[]=%#;_kgmolLKx", max_size=6)


def _number_prefix(text: str) -> float:
    """The number a reader takes from the start of ``text``: the longest prefix Python's float() accepts."""
    text = text.strip()
    for end in range(len(text), 0, -1):
        try:
            return float(text[:end])
        except ValueError:
            continue
    raise AssertionError(f"accepted without a number: {text!r}")


@given(st.one_of(st.builds(lambda n, u, j: n + u + j, NUMBERS, UNITS, JUNK), st.builds(lambda j, n: j + n, JUNK,
                                                                                       NUMBERS), JUNK))
def test_fuzz_quantity_strings(text):
    """A quantity string is refused (InputError naming the field), or read with the number written: never
    '1,5 kg' as 15, '[1,2] kg' as 12, '2 kg 3' as 6."""
    try:
        q = parse_quantity(text, "field")
    except InputError as exc:
        assert str(exc).startswith("field: cannot read ") and "\n" not in str(exc)
        return
    written = _number_prefix(text)
    assert q.magnitude == written or (q.magnitude != q.magnitude and written != written), (text, q)


@given(st.text(alphabet="MgClHOSiN()0123456789.·*⋅+-> =[]{}eE/ \t", max_size=40))
def test_fuzz_formula_and_equation_text(text):
    """Formulas, equations and species names: read, or refused with a synth error; nothing else escapes."""
    from synth.formula import parse as parse_formula
    from synth.reaction import balance, parse_equation
    from synth.species import default_db

    for read in (parse_formula, parse_equation, balance, default_db().get):
        try:
            read(text)
        except SynthError as exc:
            assert "\n" not in str(exc)


# CLI arguments ---------------------------------------------------------------------------------------------

QUANTITIES = ["5 g", "1,5 kg", "9**9**9 kg", "1 mt", "nan K", "-1 K", "1e-300 kg", "(1 kg", "", "750 degC", "1 ton",
              "AMPSi@C=1 kg", "Si=2.8 g", "Si=1 000 g", "Mg=1 mol/0", "=", "->"]
WORDS = ["ampsi", "ns-mpsi", "", "-", "--", "->", "Mg -> Mg", "2 Mg + Si -> Mg2Si", "MgCl2.6H2O", "Tris", "Mg(S)",
         "H2O -> H2O", "((((((((((Mg)2)2)2)2)2)2)2)2)2)2", "Mg2Si", "/dev/zero", ".", "nosuch", "\x00", "é",
         "x" * 5000, "x.yaml" * 1000, " + ".join(["H2"] * 2000) + " -> H2"]
OPTIONS = {"thermo": ["--T", "--P", "-n", "--balance", "--solve-T", "--json"], "species": ["--json"],
           "heat": ["--from", "--to", "--json"], "equilibrium": ["-a", "-p", "--T", "--P", "--json"],
           "scale": ["-b", "--json"], "balance": ["-b", "--json"], "validate": [], "recipes": [],
           "sweep": ["--vary", "-b", "--list"], "sheet": ["-b", "-f", "--batch-id", "--date"],
           "cost": ["-b", "--json", "--prices"], "compare": ["-b", "--json", "-f", "--prices"]}


def _argv(rng: random.Random) -> list[str]:
    command = rng.choice(sorted(OPTIONS))
    args = [command] + [rng.choice(WORDS)] * rng.randrange(2)
    for _ in range(rng.randrange(4)):
        option = rng.choice(OPTIONS[command] or ["--bogus"])
        args.append(option)
        if option not in ("--json", "--balance", "--solve-T", "--list"):
            args.append(rng.choice(QUANTITIES + WORDS + ["leaching.acid.excess=0..50 %:3", "csv", "2025-02-30"]))
    if rng.random() < 0.1:
        args.insert(rng.randrange(len(args) + 1), "--debug")
    return args


def test_fuzz_cli_arguments(capsys):
    """Any command line: exit 0, 1 or 2; a failure is one line (with --debug: the traceback, then that line)."""
    rng = random.Random(11)
    for i in range(CLI_CASES):
        args = _argv(rng)
        code, _, err = run_cli(capsys, *args)
        if "--debug" in args and code:
            assert code in (1, 2) and err.splitlines()[-1].startswith("synth: error: "), (i, args, err)
        else:
            assert_one_line(code, err, (i, args))


# output targets --------------------------------------------------------------------------------------------

def _target(rng: random.Random, tmp, recipe: str) -> tuple[str, str]:
    """A path of a random kind, made in ``tmp``: (path, kind)."""
    kind = rng.choice(["new", "existing", "private", "hardlink", "symlink", "fifo", "folder", "missing folder",
                       "long name", "nul name", "recipe", "dash", "dev null", "dev full"])
    name = os.path.join(tmp, f"out{rng.randrange(10**6)}")
    if kind in ("existing", "private", "hardlink", "symlink"):
        with open(name, "w") as fh:
            fh.write("old")
        os.chmod(name, 0o600 if kind == "private" else 0o640)
        if kind == "hardlink":
            os.link(name, name + ".2")
        if kind == "symlink":
            os.symlink(name, name + ".link")
            name += ".link"
    elif kind == "fifo":
        os.mkfifo(name)
    elif kind == "folder":
        os.mkdir(name)
    paths = {"missing folder": os.path.join(name, "x", "y"), "long name": os.path.join(tmp, "n" * 300),
             "nul name": name + "\x00.json",
             "recipe": recipe, "dash": "-", "dev null": "/dev/null", "dev full": "/dev/full"}
    return paths.get(kind, name), kind


def _snapshot(path: str):
    try:
        info = os.lstat(path)
    except (OSError, ValueError):  # missing, a name too long, a NUL in the name
        return None
    content = open(path, "rb").read() if stat.S_ISREG(info.st_mode) else b""
    return stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), info.st_nlink, content


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except ValueError:  # a NUL in the name
        return path


def test_fuzz_output_targets(capsys, tmp_path):
    rng = random.Random(3)
    recipe = tmp_path / "r.yaml"
    recipe.write_text(AMPSI, encoding="utf-8")
    commands = [("scale", str(recipe), "--json"),
                ("sheet", str(recipe), "-f", "csv", "--table", "bom", "--date", "2025-01-01"),
                ("sweep", str(recipe), "--vary", "leaching.acid.excess=0..5 %:2")]
    for i in range(TARGET_CASES):
        target, kind = _target(rng, str(tmp_path), str(recipe))
        before = _snapshot(_real(target))
        command = rng.choice(commands)
        code, out, err = run_cli(capsys, *command, "-o", target)
        assert_one_line(code, err, (i, kind, command))
        written = kind in ("new", "existing", "private", "symlink")
        assert (code == 0) == (written or kind == "dash"), (i, kind, err)
        after = _snapshot(_real(target))
        if written:
            assert after[0] == stat.S_IFREG and after[3] != b"old" and (before is None or after[1] == before[1])
        elif kind != "dash":
            assert after == before, (i, kind)
        assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")], (i, kind)
    assert recipe.read_text(encoding="utf-8") == AMPSI


# the console script itself (a real process: a thin layer) ---------------------------------------------------

def _synth(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "synth", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


@pytest.mark.parametrize("args, code, lines", [
    (("thermo", "2 Mg + Si -> Mg2Si", "--json"), 0, 0),
    (("scale", "ampsi", "--basis", "Si=1,5 g"), 2, 1),
    (("--debug", "scale", "ampsi", "--basis", "Si=0 g"), 2, None),  # the traceback, then the line
])
def test_console_script_exit_codes(args, code, lines):
    process = _synth(*args)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert lines is None or len(err.splitlines()) == lines
    assert not code or err.splitlines()[-1].startswith("synth: error: ")
    assert ("Traceback" in err) == (lines is None)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_console_script_answers_a_signal(tmp_path, signum, code):
    """A long sweep writing its CSV: the signal ends it with one line, its exit code, and no part file."""
    process = _synth("sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:2000", "--vary",
                     "recycling.cell.voltage=3..6 V:1000", "-o", str(tmp_path / "big.csv"))
    try:
        process.wait(timeout=1.5)  # let it start: the sweep and its CSV take several seconds
    except subprocess.TimeoutExpired:
        process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == code and err.strip().splitlines()[-1:] == [
        "synth: error: " + ("interrupted" if signum == signal.SIGINT else "terminated (SIGTERM)")], err
    assert not list(tmp_path.iterdir())
