"""Sweeps: the vectorized grid equals the scalar path point for point; ranges, errors, CSV, plot, CLI."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
from test_cli import run as cli  # tests/ is on sys.path (pytest rootdir import mode)
from yamltext import dump, load as load_yaml

import synth
from synth import catalog
from synth.errors import DimensionError, InputError
from synth.recipe import load, parse
from synth.route import run
from synth.scaling import scale
from synth.sweep import CHUNK, Range, grid, outputs, parameters, point, sweep
from synth.thermo import FARADAY
from synth.units import Q_

BASIS = "AMPSi@C=1 kg"


@pytest.fixture(scope="module")
def ampsi():
    return load("ampsi")


def ranges(recipe, *texts):
    return [Range.parse(t, recipe) for t in texts]


def test_sweep_equals_the_scalar_path_point_for_point(ampsi):
    """Feeds, conversions, excesses, equipment limits and the cell: every point as `scale` computes it alone."""
    rs = ranges(ampsi, "alloying.feeds.Mg.mass=4.9..6 g:3", "nitridation.reactions[1].conversion=0.5..1:2",
                "leaching.acid.excess=0..50 %:3", "recycling.cell.voltage=3..6 V:2",
                "nitridation.equipment.capacity=40..110 g:2")
    result = sweep(ampsi, rs, BASIS)
    assert result.points == 3 * 2 * 3 * 2 * 2
    for i in range(result.points):
        alone = point(ampsi, {name: q[i] for name, q in result.inputs.items()}, BASIS)
        assert set(alone) == set(result.outputs)
        for name, q in alone.items():
            assert result.outputs[name][i].to(q.units).magnitude == pytest.approx(q.magnitude, rel=1e-12, nan_ok=True)


def test_a_feed_a_point_does_not_use_is_summed_in_the_same_place(ampsi):
    # At a recycle conversion of 0 one batch has no H2 for the HCl synthesis, so the route meets that fresh
    # input last; a grid that uses it at its other points has it in its place. PMI sums the fresh inputs in
    # the order of their names, so every point is the batch's PMI to the last bit, not within round-off.
    from synth.cost import load_prices

    book = load_prices()
    for name in ("recycling.dehydration.reactions[0].conversion", "recycling.synthesis.reactions[0].conversion"):
        result = sweep(ampsi, ranges(ampsi, f"{name}=0..1:3"), None, book=book)
        for i, value in enumerate((0.0, 0.5, 1.0)):
            alone = point(ampsi, {name: Q_(value, "dimensionless")}, None, None, book)
            assert result.outputs["PMI"][i].magnitude == alone["PMI"].magnitude


def test_chunks_join_seamlessly(ampsi):
    """A grid larger than one chunk gives the same values as the scalar path at its ends and seams."""
    result = sweep(ampsi, ranges(ampsi, f"leaching.acid.excess=0..60 %:{CHUNK + 7}"))
    for i in (0, CHUNK - 1, CHUNK, CHUNK + 6):
        alone = point(ampsi, {"leaching.acid.excess": result.inputs["leaching.acid.excess"][i]})
        assert result.outputs["fresh HCl"][i].magnitude == pytest.approx(alone["fresh HCl"].magnitude, rel=1e-12)


def test_a_swept_value_equals_editing_the_recipe_file(ampsi):
    text = catalog.text("ampsi")
    assert text.count("excess: {q: 20 %") == 1
    edited = parse(text.replace("excess: {q: 20 %", "excess: {q: 35 %"), "edited.yaml")
    from_file = outputs(scale(edited, BASIS)[0])
    swept = point(ampsi, {"leaching.acid.excess": Q_(35, "percent")}, BASIS)
    for name, (_, value) in from_file.items():
        assert swept[name].magnitude == pytest.approx(value, rel=1e-12)


def test_electric_energy_is_faraday_times_voltage(ampsi):
    """Hand calculation: W = z F V n(Mg) / CE per batch, linear in V; plus the electric furnaces (alloying,
    nitridation, carbonization: charge heat / 50 % efficiency, recipe assumption), which V does not move."""
    result = sweep(ampsi, ranges(ampsi, "recycling.cell.voltage=2..6 V:5"))
    plan, _ = scale(ampsi)
    n_mg = dict(plan.step("recycling").reactions_mol)["MgCl2(l) -> Mg(l) + Cl2"]  # the metal the cell makes
    product_kg = plan.step("coating").outputs["solid"].mass_g() / 1000
    furnaces = sum(plan.step(s).heat.parts_J["charge to set-point"] / 0.50
                   for s in ("alloying", "nitridation", "coating"))
    cells = 2 * FARADAY * np.array([2, 3, 4, 5, 6]) * n_mg / 0.90  # CE 90 % (recipe)
    expected = (cells + furnaces) / 3.6e6 / product_kg
    assert result.outputs["electric energy"].to("kWh/kg").magnitude == pytest.approx(expected, rel=1e-12)


def test_element_balance_closes_at_every_grid_point(ampsi):
    values = {p.path: Q_(np.linspace(lo, hi, 50), unit) for p, lo, hi, unit in [
        (parameters_by_name(ampsi)["leaching.acid.excess"], 0.0, 1.0, ""),
        (parameters_by_name(ampsi)["recycling.dehydration.reactions[0].conversion"], 0.5, 1.0, ""),
        (parameters_by_name(ampsi)["coating.carbon_content"], 0.02, 0.10, "")]}
    plan = run(ampsi.with_values(values))
    for element, (a, b) in plan.element_balance_mol().items():
        assert np.shape(a) == (50,) or np.ndim(a) == 0
        np.testing.assert_allclose(a, b, rtol=1e-9, err_msg=element)


def parameters_by_name(recipe):
    return {p.name: p for p in parameters(recipe)}


def test_parameters_list_kinds_and_fixed_values(ampsi):
    params = parameters_by_name(ampsi)
    assert params["leaching.acid.excess"].value == Q_(20, "percent")
    assert params["leaching.acid.excess"].source == "assumption"
    assert params["alloying.feeds.Si.mass"].source == "An2019" and not params["alloying.feeds.Si.mass"].fixed
    assert params["alloying.conditions.T"].fixed == "temperature"
    assert params["recycling.cell.electrons"].fixed == "count"


@pytest.mark.parametrize("text, values, unit", [
    ("leaching.acid.excess=0..50 %:3", [0, 25, 50], "percent"),
    ("leaching.acid.excess=0..0.5:3", [0, 25, 50], "percent"),  # bare numbers: dimensionless, in the recipe's unit
    ("recycling.cell.voltage=3..4:3", [3, 3.5, 4], "V"),  # bare numbers: the parameter's own unit
    ("recycling.cell.voltage=3000..4 V:2", [3000, 4], "V"),  # bare START takes STOP's unit
    ("recycling.cell.voltage=3000 mV..4 V:2", [3, 4], "V"),
    ("alloying.feeds.Mg.mass=5 g..0.01 kg:2", [0.005, 0.01], "kg"),
    ("recycling.cell.voltage=4 V", [4], "V"),  # one point
    ("recycling.cell.voltage=4 V..4000 mV:1", [4], "V"),
])
def test_range_syntax_and_units(ampsi, text, values, unit):
    r = Range.parse(text, ampsi)
    assert r.values.to(unit).magnitude == pytest.approx(values)


@pytest.mark.parametrize("text, message", [
    ("leaching.acid.excess", "write PARAM=START..STOP:N"),
    ("leaching.acid.excess=0..50 %", "write PARAM=START..STOP:N"),
    ("leaching.acid.excess=0..50 %:1", "one point \\(N = 1\\) takes one value"),
    ("leaching.acid.excess=0..50 %:0", "N must be 1 to"),
    ("leaching.acid.excesss=0..50 %:3", "did you mean leaching.acid.excess"),
    ("alloying.conditions.T=500..600 degC:3", "is a temperature and cannot be varied"),
    ("recycling.cell.electrons=1..3:3", "is a count and cannot be varied"),
    ("leaching.acid.excess=0..abc:3", "cannot read"),
    ("leaching.acid.excess=0...50 %:3", "write PARAM=START..STOP:N"),  # not 0 to .50 %
    ("leaching.acid.excess=0....5 %:3", "write PARAM=START..STOP:N"),
    ("leaching.acid.excess=0..50 %:\u0663", "write PARAM=START..STOP:N"),  # an Arabic-Indic 3 is no N
])
def test_bad_ranges_are_explained(ampsi, text, message):
    with pytest.raises(InputError, match=message):
        Range.parse(text, ampsi)


def test_wrong_dimension_is_refused(ampsi):
    with pytest.raises(DimensionError, match="voltage"):
        Range.parse("recycling.cell.voltage=3..4 g:3", ampsi)


def test_values_outside_a_fraction_are_refused_with_the_field(ampsi):
    field = r"recipe.steps\[1\].reactions\[0\].conversion"
    with pytest.raises(InputError, match=field + r": expected a fraction .* 0.5 to 1.5"):
        sweep(ampsi, ranges(ampsi, "nitridation.reactions[0].conversion=0.5..1.5:3"))


def test_grid_is_full_factorial_first_slowest(ampsi):
    g = grid(ranges(ampsi, "leaching.acid.excess=0..10 %:2", "recycling.cell.voltage=3..5 V:3"))
    assert list(g["leaching.acid.excess"].magnitude) == [0, 0, 0, 10, 10, 10]
    assert list(g["recycling.cell.voltage"].magnitude) == [3, 4, 5, 3, 4, 5]
    with pytest.raises(InputError, match="given twice"):
        grid(ranges(ampsi, "leaching.acid.excess=0..10 %:2", "leaching.acid.excess=0..20 %:2"))


def test_cli_sweep_csv(capsys, tmp_path):
    out = tmp_path / "sweep.csv"
    code, stdout, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:6",
                            "--vary", "recycling.cell.voltage=3..6 V:4", "-b", BASIS, "-o", str(out))
    assert code == 0, err
    assert "24 points" in stdout and "fresh HCl" in stdout
    text = out.read_text()
    assert "# synth sweep of recipes/ampsi.yaml (sha256 " in text and "species data" in text
    bundled = Path(synth.__file__).parent / "data" / "prices.yaml"  # the variable cost's prices, by hash
    assert f"# prices synth/data/prices.yaml (sha256 {hashlib.sha256(bundled.read_bytes()).hexdigest()})" in text
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert len(rows) == 24
    assert float(rows[-1]["leaching.acid.excess [%]"]) == 50 and float(rows[-1]["recycling.cell.voltage [V]"]) == 6
    alone = point(load("ampsi"), {"leaching.acid.excess": Q_(50, "percent"), "recycling.cell.voltage": Q_(6, "V")},
                  BASIS)
    assert float(rows[-1]["electric energy [kWh/kg]"]) == pytest.approx(alone["electric energy"].magnitude, rel=1e-15)


def test_pmi_and_water_carry_their_unit_as_in_uncertainty(capsys, tmp_path, ampsi):
    """PMI and water are kg per kg of product: pint holds the ratio as a pure number, but the sweep's table, its
    CSV and its DataFrame write ``PMI [kg/kg]`` and ``water [kg/kg]``, as ``synth uncertainty`` does; a pure
    number (the criticality class) stays bare."""
    out = tmp_path / "sweep.csv"
    code, stdout, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:2", "-b", BASIS,
                            "-o", str(out))
    assert code == 0, err
    header = next(line for line in out.read_text().splitlines() if not line.startswith("#")).split(",")
    assert {"PMI [kg/kg]", "water [kg/kg]", "criticality class alloying"} <= set(header)
    assert "PMI [kg/kg]" in stdout and "water [kg/kg]" in stdout
    from synth.cost import load_prices

    result = sweep(ampsi, ranges(ampsi, "leaching.acid.excess=0..50 %:2"), BASIS, book=load_prices())
    assert result.unit("PMI") == "kg/kg" and result.unit("leaching.acid.excess") == "%"
    assert result.outputs["PMI"].dimensionless  # what the unit is a ratio of is the declared unit's to say
    pytest.importorskip("pandas")
    assert {"PMI [kg/kg]", "water [kg/kg]"} <= set(result.to_frame().columns)


def test_cli_sweep_bad_input_leaves_no_file(capsys, tmp_path):
    out = tmp_path / "sweep.csv"
    code, _, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..150 %:3",
                       "--vary", "coating.carbon_content=0.5..2:2", "-o", str(out))
    assert code == 2 and err.startswith("synth: error: ") and err.count("\n") == 1
    assert "carbon_content" in err and not out.exists() and not list(tmp_path.iterdir())


def test_cli_sweep_list_and_no_vary(capsys):
    code, out, _ = cli(capsys, "sweep", "ampsi", "--list")
    assert code == 0 and "leaching.acid.excess" in out and "recycling.cell.voltage" in out
    assert "fixed, temperatures" in out
    code, _, err = cli(capsys, "sweep", "ampsi")
    assert code == 2 and "--vary" in err


def test_cli_sweep_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")
    png = tmp_path / "sweep.png"
    code, _, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:11",
                       "--vary", "recycling.cell.voltage=3..6 V:3", "--plot", str(png))
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_progress_bar_appears_only_after_a_second(monkeypatch, capsys):
    from synth.cli import sweep_cmd

    with sweep_cmd._Progress() as quick:
        quick.update(1, 10)
    assert quick.bar is None
    monkeypatch.setattr(sweep_cmd, "PROGRESS_AFTER", -1.0)
    with sweep_cmd._Progress() as slow:
        slow.update(1, 10)
        assert slow.bar is not None and slow.bar.tasks[0].completed == 1


def test_a_percent_start_is_not_a_bare_number(ampsi):
    r = Range.parse("leaching.acid.excess=50 %..0.6:2", ampsi)  # 0.6 takes the % of START
    assert r.values.to("percent").magnitude == pytest.approx([50, 0.6])


def test_a_failing_grid_point_is_named_by_its_values(ampsi):
    """Si 3 g needs 0.2136 mol Mg (2 × 3/28.0855); the recipe's 5 g Mg is 0.2057 mol (5/24.305): that point
    fails, 0.2136372 - 0.2057190 = 0.007918 mol (3.706 %) short."""
    with pytest.raises(InputError, match=r"not enough Mg\(cr\) at 2 of 10 grid points: .* needs 0.2136371729 mol but "
                                         r"0.2057189879 mol are present: 0.007918 mol short \(3.706% of the need\); "
                                         r"the first is alloying.feeds.Si.mass = 3.0 g, "
                                         r"leaching.acid.excess = 0.0 %"):
        sweep(ampsi, ranges(ampsi, "alloying.feeds.Si.mass=2..3 g:5", "leaching.acid.excess=0..10 %:2"), BASIS)


def test_an_output_missing_from_one_chunk_stays_aligned(ampsi):
    """With no MgCl2 recovered nothing is returned, so the first chunk has no 'fresh Mg': NaN there, and the
    second chunk's values sit at their own grid points."""
    result = sweep(ampsi, ranges(ampsi, "recycling.dehydration.reactions[0].conversion=0..0.95:2",
                                 f"leaching.acid.excess=0..50 %:{CHUNK}"))
    mg = result.outputs["fresh Mg"].magnitude
    assert mg.shape == (2 * CHUNK,) and np.all(np.isnan(mg[:CHUNK]))
    alone = point(ampsi, {"recycling.dehydration.reactions[0].conversion": Q_(0.95, ""),
                          "leaching.acid.excess": Q_(50, "percent")})
    assert mg[-1] == pytest.approx(alone["fresh Mg"].magnitude, rel=1e-12)


@pytest.mark.parametrize("text, message", [
    ("leaching.acid.excess=0..50:3", "give the unit"),  # a bare 50 would be 5000 %
    ("leaching.acid.excess=1..2..3:3", "one START..STOP"),
])
def test_ambiguous_ranges_are_refused(ampsi, text, message):
    with pytest.raises(InputError, match=message):
        Range.parse(text, ampsi)


def test_no_product_at_a_grid_point_is_an_error_naming_it(ampsi):
    with pytest.raises(InputError, match=r"no AMPSi@C is made at 1 of 3 grid points.*conversion = 0.0"):
        sweep(ampsi, ranges(ampsi, "nitridation.reactions[0].conversion=0..1:3"))


def test_output_paths_are_checked_before_the_work(capsys, tmp_path):
    code, _, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:3", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, err = cli(capsys, "sweep", "ampsi", "--vary", "leaching.acid.excess=0..50 %:3",
                       "--plot", str(tmp_path / "no" / "x.png"))
    assert code == 2 and err.startswith("synth: error: --plot ") and "does not exist" in err


def test_one_point_sweep_equals_the_scalar_path(ampsi, capsys):
    """N = 1: the sweep of one value gives the outputs of that one recipe, and the CLI says "1 point"."""
    result = sweep(ampsi, [Range.parse("recycling.cell.voltage=4 V", ampsi)])
    expected = point(ampsi, {"recycling.cell.voltage": Q_(4.0, "V")})
    assert result.points == 1 and result.shape == (1,)
    for name, value in expected.items():
        assert result.outputs[name].magnitude[0] == pytest.approx(value.magnitude, rel=1e-12, nan_ok=True)
    code, out, _ = cli(capsys, "sweep", "ampsi", "--vary", "recycling.cell.voltage=4 V")
    assert code == 0 and "ampsi: 1 point in" in out


def test_list_writes_percent_units_as_people_do(capsys):
    code, out, _ = cli(capsys, "sweep", "ampsi", "--list")
    assert code == 0 and "8.5 wt%" in out and "wt_pct" not in out
    code, out, _ = cli(capsys, "sweep", "--help")
    assert "synth[plot]" in " ".join(out.split())


def test_a_basis_is_found_without_the_cooling_failure_scenarios_and_the_batch_keeps_them(ampsi):
    """synth.scaling finds a basis's factor from a run without the scenarios (only its streams are read); the
    batch has every scenario, the same as a run at that scale computes, and the factor plan's streams are the
    lab plan's. (The sweep's max temperature and criticality outputs are compared with `scale` point by point
    in test_sweep_equals_the_scalar_path_point_for_point.)"""
    from synth.scaling import factor_plan, lab_plan
    from synth.species_files import database_for

    recipe = ampsi.with_values({})  # a new recipe object: nothing memoised yet
    db = database_for(recipe)
    batch, _ = scale(recipe, BASIS, db)
    found_from = factor_plan(recipe, db)  # no material: every step
    assert all(s.heat.runaway is None for s in found_from.steps)
    assert [s.id for s in found_from.steps] == [s.id for s in batch.steps]
    alone = run(recipe, batch.scale, db)
    assert {"alloying", "nitridation", "leaching"} <= {s.id for s in alone.steps if s.heat.runaway is not None}
    for a, b in zip(batch.steps, alone.steps, strict=True):
        assert a.heat.runaway == b.heat.runaway and a.heat.max_temperature == b.heat.max_temperature
        assert a.warnings == b.warnings
    lab = lab_plan(recipe, db)
    assert factor_plan(recipe, db) is lab  # once the lab plan is known, it is what the factor is found from
    for a, b in zip(found_from.steps, lab.steps, strict=True):
        assert a.heat.parts == b.heat.parts and a.time == b.time
        for label, stream in b.outputs.items():
            assert [(pd.name, n) for pd, n in a.outputs[label].items()] == [(pd.name, n) for pd, n in stream.items()]


def test_a_material_basis_is_found_from_its_step_and_the_steps_it_takes_from(ampsi):
    """AMPSi@C is coating's solid, which takes leaching's solid, which takes nitridation's, which takes
    alloying's: the factor is found from those four steps, without the recycle (recycling takes leaching's
    liquor, and no later step takes from it), and each is what a run of every step computes."""
    from synth.scaling import factor_plan
    from synth.species_files import database_for

    recipe = ampsi.with_values({})
    db = database_for(recipe)
    found_from = factor_plan(recipe, db, "AMPSi@C")
    assert [s.id for s in found_from.steps] == ["alloying", "nitridation", "leaching", "coating"]
    whole = run(recipe, 1.0, db, scenarios=False, checked=False)
    for step in found_from.steps:
        assert step == whole.step(step.id)
    assert found_from.sources == {k: v for k, v in whole.sources.items() if k != "recycling"}
    assert [s.id for s in factor_plan(recipe, db, "AMPSi").steps] == ["alloying", "nitridation", "leaching"]
    assert factor_plan(recipe, db, "Si") is factor_plan(recipe, db)  # a feed: looked for in every step


def test_a_material_named_where_the_step_makes_none_is_looked_for_in_every_step():
    """The schema lets any step name a material; an electrolysis makes none, so its ``material:`` names
    nothing, and the basis is found where a run of every step finds it (coating's AMPSi@C), as before."""
    from synth.scaling import factor_plan
    from synth.species_files import database_for

    data = load_yaml(catalog.text("ampsi"))
    next(s for s in data["steps"] if s["id"] == "recycling")["material"] = "AMPSi@C"
    recipe = parse(dump(data), "ampsi, its recycle naming AMPSi@C")
    db = database_for(recipe)
    assert [s.id for s in factor_plan(recipe, db, "AMPSi@C").steps] == [s.id for s in run(recipe, 1.0, db).steps]
    batch, _ = scale(recipe, BASIS, db)
    assert batch.step("coating").outputs["solid"].mass.to("kg").magnitude == pytest.approx(1.0, rel=1e-12)


def test_a_step_that_takes_from_a_later_step_is_an_error_in_the_file(ampsi):
    """run_to evaluates a step when a later one first takes from it; a step that names a step not before it
    is the same error as in a run of every step, at the same place."""
    from synth.route import run_to

    data = load_yaml(catalog.text("ampsi"))
    next(s for s in data["steps"] if s["id"] == "leaching")["from"] = {"step": "coating", "stream": "solid"}
    recipe = parse(dump(data), "ampsi, leaching from coating")
    with pytest.raises(InputError) as whole:
        run(recipe)
    with pytest.raises(InputError) as pruned:
        run_to(recipe, "coating")
    assert str(pruned.value) == str(whole.value) and "does not come before this step" in str(whole.value)


@pytest.mark.parametrize("failing, basis", [
    (("coating.carbon_content",), "AMPSi=1 kg"),  # a step the basis's factor does not need
    (("coating.carbon_content", "recycling.cell.current_efficiency"), "AMPSi@C=1 kg"),  # two: the first in the file
])
def test_a_batch_that_fails_names_what_a_run_of_every_step_at_the_lab_scale_finds_first(ampsi, failing, basis):
    """The factor comes from the basis's own steps, but an error is the one a run of every step at the lab scale
    meets first (as before run_to): coating's carbon at lab amounts (0.05828 mol PDA against 0.02215 mol), and
    with the recycle failing too, the recycle's, which comes first in the file."""
    values = {"coating.carbon_content": Q_(60, "wt%"), "recycling.cell.current_efficiency": Q_(0, "%")}
    paths = {p.name: p.path for p in parameters(ampsi)}
    recipe = ampsi.with_values({paths[name]: values[name] for name in failing})
    with pytest.raises(InputError) as whole:
        run(recipe, 1.0, scenarios=False, checked=False)
    with pytest.raises(InputError) as scaled:
        scale(recipe, basis)
    assert str(scaled.value) == str(whole.value)
    assert ("current_efficiency" if len(failing) == 2 else "needs 0.05828 mol PDA") in str(scaled.value)


def test_a_target_after_many_steps_has_every_step_evaluated_in_order(ampsi, monkeypatch):
    """Past LAZY_STEPS steps, run_to evaluates every step up to the target in order, not on demand (each step on
    demand is some six Python frames deeper: a chain of 200 steps passed Python's limit)."""
    from synth import route

    monkeypatch.setattr(route, "LAZY_STEPS", 2)
    found = route.run_to(ampsi, "coating")
    whole = run(ampsi, 1.0, scenarios=False, checked=False)
    assert [s.id for s in found.steps] == [s.id for s in whole.steps]
    assert all(a == b for a, b in zip(found.steps, whole.steps, strict=True))


def test_a_basis_at_the_lab_amount_is_the_lab_plan_with_its_scenarios(ampsi):
    from synth.scaling import Basis, lab_plan, locate
    from synth.species_files import database_for

    recipe = ampsi.with_values({})
    db = database_for(recipe)
    grams = locate(run(recipe, 1.0, db), "AMPSi@C")[0]
    plan, _ = scale(recipe, Basis("AMPSi@C", Q_(grams, "g")), db)
    assert plan.scale == 1.0 and plan is lab_plan(recipe, db)
    assert plan.step("leaching").heat.runaway is not None


def test_a_point_the_sweep_computes_the_scalar_route_computes_too():
    """Alloying at conversion 0 makes no Mg2Si, which sizes its runs (capacity of Mg2Si): a load of none, one
    run. The grid holds Mg2Si at 0 there and computed the point; the scalar route, whose streams hold no
    species at 0, refused it ("'Mg2Si' is not in this step's charge or products"). Both give the same
    numbers now."""
    ampsi = load("ampsi")
    path = "alloying.reactions[0].conversion"
    result = sweep(ampsi, [Range.parse(f"{path}=0..1:3", ampsi)], "AMPSi@C=1 kg")
    alone = point(ampsi, {path: Q_(0.0, "")}, "AMPSi@C=1 kg")
    for name, q in alone.items():
        assert result.outputs[name][0].to(q.units).magnitude == pytest.approx(q.magnitude, rel=1e-12, nan_ok=True)
    path = next(p.path for p in parameters(ampsi) if p.name == path)
    plan, _ = scale(ampsi.with_values({path: Q_(0.0, "")}), "AMPSi@C=1 kg")
    assert plan.step("alloying").runs == 1
