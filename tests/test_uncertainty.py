"""Monte Carlo uncertainty and sensitivity: every sample is a batch that ``synth scale`` computes the same way,
the same seed gives the same bytes, spreads are checked where they are written, and the indices point at
the assumptions that really drive each output."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import synth
from synth import catalog
from synth.cli.app import main
from synth.cost import cost, load_prices
from synth.errors import InputError
from synth.recipe import parse
from synth.spread import read_spread
from synth.units import Q_

pytest.importorskip("scipy")
pytest.importorskip("SALib")

from synth.uncertainty import uncertain, uncertainty  # noqa: E402  (needs scipy)

BASIS = "AMPSi@C=1 kg"


@pytest.fixture(scope="module")
def recipe():
    return synth.load_recipe("ampsi")


@pytest.fixture(scope="module")
def book():
    return load_prices()


@pytest.fixture(scope="module")
def result(recipe, book):
    return uncertainty(recipe, uncertain(recipe, book), 300, seed=7, basis=BASIS, sobol=512,
                       limits=("fresh HCl < 3.5 kg/kg",))


def test_the_bundled_recipe_states_its_uncertain_assumptions(recipe, book):
    names = {p.name for p in uncertain(recipe, book)}
    assert {"leaching.acid.excess", "recycling.dehydration.reactions[0].conversion", "recycling.cell.voltage",
            "recycling.cell.current_efficiency", "coating.carbon_content", "coating.polymerization.hold",
            "nitridation.conditions.hold", "price Mg"} <= names


def test_every_sample_is_what_synth_scale_computes(recipe, book, result):
    for i in (0, 137, 299):
        values = {p.path: Q_(result.samples[i, k], p.unit) for k, p in enumerate(result.parameters) if p.path}
        price = result.samples[i, [p.name for p in result.parameters].index("price Mg")]
        plan, _ = synth.scale(recipe.with_values(values), BASIS)
        mg_mol = next(r for r in plan.recycles() if r.species == "Mg").make_up.m_as("mol")
        product_kg = plan.product()[0].outputs[plan.product()[1]].mass_g() / 1000
        assert result.outputs["fresh Mg"][i].m_as("g/kg") == pytest.approx(mg_mol * 24.305 / product_kg, rel=1e-4)
        priced = load_prices()
        make_up_lb = mg_mol * 24.305 / 453.59237
        expected = cost(plan, priced).variable_per_kg.magnitude + (price - 2.70) * make_up_lb / product_kg
        assert result.outputs["variable cost"][i].m_as("USD/kg") == pytest.approx(expected, rel=1e-9)


def test_summaries_are_the_sample_statistics(result):
    """Outputs and summaries are quantities (g of fresh HCl per kg of product), the summaries the samples'."""
    y = result.outputs["fresh HCl"].m_as("g/kg")
    s = result.summaries["fresh HCl"]
    assert s.mean.m_as("g/kg") == pytest.approx(y.mean(), rel=1e-12)
    assert s.sd.m_as("g/kg") == pytest.approx(y.std(ddof=1), rel=1e-12)
    assert [p.m_as("g/kg") for p in s.percentiles] == pytest.approx(tuple(np.percentile(y, (5, 50, 95))), rel=1e-12)
    assert (s.mean + Q_(1, "kg/kg")).m_as("g/kg") == pytest.approx(y.mean() + 1000, rel=1e-12)
    assert result.limits[0].probability == pytest.approx(np.mean(y < 3500.0))


def test_latin_hypercube_fills_every_stratum(result):
    # A Latin hypercube puts exactly one sample in each of n equal-probability strata of every parameter.
    i = [p.name for p in result.parameters].index("coating.polymerization.hold")
    u = (result.samples[:, i] - 12.0) / 24.0  # uniform 12..36 h -> unit interval
    assert sorted(np.floor(u * 300).astype(int)) == list(range(300))


def test_sensitivity_points_at_the_drivers(result):
    # Fresh Mg per kg is set by the MgCl2 recovered; the carbon content moves the product mass by < 1 %.
    st = result.sobol["fresh Mg"]
    assert st["recycling.dehydration.reactions[0].conversion"]["ST"] > 0.9
    assert st["coating.polymerization.hold"]["ST"] < 0.05
    rho = result.spearman["variable cost"]
    # the acid's excess is absorbed from the dryer's gas and returned (tests/test_recycle.py): it buys no HCl
    assert abs(rho["leaching.acid.excess"]) < 0.2
    assert rho["recycling.dehydration.reactions[0].conversion"] < -0.5  # more Mg recovered, less to buy
    assert "recycling.dehydration.reactions[0].conversion" in result.sentence("variable cost")


def test_sobol_confidence_intervals_follow_the_seed_zero_too(recipe, book):
    """SALib reads a seed of 0 as none and bootstraps from numpy's global generator: with synth's default seed
    the confidence intervals changed from run to run. Now the same seed gives the same intervals, 0 too."""
    params = uncertain(recipe, book)

    def intervals(seed):
        result = uncertainty(recipe, params, 20, seed=seed, basis=BASIS, sobol=32)
        return {o: {p: (v["S1_conf"], v["ST_conf"]) for p, v in found.items()} for o, found in result.sobol.items()}

    first = intervals(0)
    assert first and any(c != (0.0, 0.0) for found in first.values() for c in found.values())
    assert intervals(0) == first
    assert intervals(7) != first  # other seeds are passed on as they were


def test_same_seed_same_bytes(recipe, book):
    def once(seed):
        r = uncertainty(recipe, uncertain(recipe, book), 50, seed=seed, basis=BASIS)
        return json.dumps(r.to_json({}), sort_keys=False)

    assert once(3) == once(3)
    assert once(3) != once(4)


def test_json_has_the_contract(result):
    data = result.to_json({"made": "here"})
    assert list(data["outputs"]["variable cost"]) == ["mean", "sd", "P5", "P50", "P95"]
    assert data["outputs"]["variable cost"]["mean"]["unit"] == "USD / kg"
    entry = data["sensitivity"]["fresh Mg"]["recycling.dehydration.reactions[0].conversion"]
    assert set(entry) == {"spearman", "S1", "S1_conf", "ST", "ST_conf"}
    assert data["samples"] == 300 and data["seed"] == 7 and data["provenance"] == {"made": "here"}


def test_parameters_json_states_quantities(result):
    """Each uncertain value's nominal and range are quantities in its unit ("" for a fraction, as elsewhere in
    synth's JSON), not bare numbers beside a separate unit field."""
    shown = {p["name"]: p for p in result.to_json({})["parameters"]}
    voltage = shown["recycling.cell.voltage"]
    assert voltage["nominal"] == {"value": 5.0, "unit": "V"} and "unit" not in voltage
    assert voltage["range"] == [{"value": 3.72, "unit": "V"}, {"value": 6.0, "unit": "V"}]
    excess = shown["leaching.acid.excess"]
    assert excess["nominal"] == {"value": pytest.approx(0.2), "unit": ""} and excess["range"][1]["unit"] == ""
    assert shown["price Mg"]["nominal"] == {"value": 2.7, "unit": "USD / lb"}


def test_sd_json_is_a_quantity_in_the_unit_it_is_written_in():
    """A normal's sd is in the value's unit; a lognormal's is the sd of ln(value), dimensionless (synth.spread)."""
    from synth.uncertainty.parameters import Uncertain

    def shown(entry):
        spread = read_spread(entry, Q_(6, "h"), (0.0, np.inf, True), "hold")
        return Uncertain("hold", spread.unit, spread, "x").to_json()

    normal = shown({"dist": "normal", "sd": "30 min"})
    assert normal["nominal"] == {"value": 6.0, "unit": "h"} and normal["sd"] == {"value": 0.5, "unit": "h"}
    assert shown({"dist": "lognormal", "sd": "0.1"})["sd"] == {"value": 0.1, "unit": ""}


@pytest.mark.parametrize("entry, message", [
    ({"range": ["80 %", "90 %"], "dist": "triangular"}, "does not hold q"),
    ({"range": ["80 %", "120 %"], "dist": "uniform"}, "leaves the physical bounds"),
    ({"range": ["80 K", "99 K"], "dist": "uniform"}, "not in the units of q"),
    ({"dist": "normal"}, "needs sd"),
    ({"range": ["80 %", "99 %"]}, "expected one of uniform"),
    ({"dist": "triangular"}, "needs range"),
    ({"dist": "lognormal", "sd": "5 %"}, None),
])
def test_spreads_are_checked(entry, message):
    nominal = Q_(95, "%")
    if message is None:
        assert read_spread(entry, nominal, (0.0, 1.0, False), "x").dist == "lognormal"
        return
    with pytest.raises(InputError, match=message):
        read_spread(entry, nominal, (0.0, 1.0, False), "x")


def test_validate_places_a_bad_spread(recipe):
    text = catalog.text("ampsi")
    bad = text.replace("voltage: {q: 5.0 V, range: [3.72 V, 6.0 V]", "voltage: {q: 5.0 V, range: [5.5 V, 6.0 V]")
    from synth.audit import validate

    problems = validate(parse(bad, "bad.yaml"))
    assert any(p.startswith("bad.yaml:") and "cell.voltage: range" in p and "does not hold q" in p for p in problems)


def test_cli_json_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as done:
        main(["uncertainty", "ampsi", "--samples", "40", "--seed", "1", "--basis", BASIS, "--json"])
    assert done.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["samples"] == 40 and "variable cost" in data["outputs"] and data["provenance"]["price_data"]
    with pytest.raises(SystemExit) as done:
        main(["uncertainty", "ampsi", "--samples", "40", "--limit", "fresh HCl < 3 K"])
    assert done.value.code == 2
    assert "not in the units of fresh HCl" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--seed", "-1"], "--seed: expected a whole number 0 or more"),
    (["--sobol", "-3"], "--sobol: expected 0 (no Sobol indices) or a base size N above 0"),
    (["--scheduler", "garbage"], "--scheduler 'garbage': not a scheduler address"),
])
def test_bad_options_are_one_line_errors(capsys, args, message):
    if args[0] == "--scheduler":
        pytest.importorskip("distributed")
    with pytest.raises(SystemExit) as done:
        main(["uncertainty", "ampsi", "--samples", "20", *args])
    err = capsys.readouterr().err
    assert done.value.code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_an_analysis_at_a_rate_names_the_plant_it_was_sized_on(capsys):
    """--rate takes the batch of the line synth plan chooses: the provenance names that line's plant (the recipe's
    own plant block, hashed with the recipe) beside the recipe, the species data and the price files."""
    with pytest.raises(SystemExit) as done:
        main(["uncertainty", "ampsi", "--samples", "20", "--rate", "10 g/day", "--workers", "1", "--json"])
    assert done.value.code == 0
    made_from = json.loads(capsys.readouterr().out)["provenance"]
    assert made_from["plant"]["origin"].endswith("ampsi.yaml")
    assert made_from["plant"]["sha256"] == made_from["recipe"]["sha256"] and made_from["price_data"]


def test_a_dask_cluster_gives_the_same_numbers(recipe, book, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr("synth.uncertainty.evaluate.CHUNK", 2048)  # 3 chunks, shared between the two workers
    params = uncertain(recipe, book)
    here = uncertainty(recipe, params, 5000, seed=11, basis=BASIS)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        there = uncertainty(recipe, params, 5000, seed=11, basis=BASIS, client=client)
    for name in here.outputs:
        assert np.array_equal(here.outputs[name].magnitude, there.outputs[name].magnitude, equal_nan=True), name
    assert json.dumps(here.to_json({})) == json.dumps(there.to_json({}))


def test_samples_as_a_frame(result):
    pd = pytest.importorskip("pandas")
    df = result.to_frame()
    assert isinstance(df, pd.DataFrame) and len(df) == 300
    assert "recycling.cell.voltage [V]" in df.columns and "variable cost [USD/kg]" in df.columns
    cost = result.outputs["variable cost"]
    assert df["variable cost [USD/kg]"].to_numpy() == pytest.approx(cost.m_as("USD/kg"), rel=1e-15)
    # a fraction (the recipe's 20 % acid excess, sampled as 0.2-like fractions) in percent, as a sweep shows it
    i = next(i for i, p in enumerate(result.parameters) if p.name == "leaching.acid.excess")
    assert df["leaching.acid.excess [%]"].to_numpy() == pytest.approx(result.samples[:, i] * 100, rel=1e-15)


def test_notebook_view_is_the_summary_table(result):
    """A notebook shows one row per output with the summary's own figures, not the samples' repr."""
    html = result._repr_html_()
    s = result.summaries["fresh HCl"]
    row = f"<tr><td>fresh HCl</td><td>g/kg</td><td>{s.mean.magnitude:.4g}</td><td>{s.sd.magnitude:.4g}</td>"
    assert html.startswith("<table>") and row in html and html.count("<tr>") == len(result.summaries) + 1
    assert len(html) < 8000 and len(repr(result)) < 8000


def test_spearman_is_scipys_with_ties_and_missing_values(result):
    # Each column is ranked once (synth.uncertainty.analysis._described); the rho of every pair must still be
    # scipy's: on the real outputs, on an output with ties (a whole number of runs), one with NaN samples
    # (left out, as the analysis leaves them out) and a constant one (0: no ranking of rounding noise).
    from scipy.stats import rankdata, spearmanr

    from synth.uncertainty.analysis import _described
    from synth.uncertainty.ranks import centred

    x = result.samples
    y = result.outputs["fresh HCl"].magnitude
    tied = np.floor(x[:, 1] * 7.0)
    gaps = np.where(np.arange(len(y)) % 5 == 0, np.nan, y)
    columns = {"fresh HCl": y, "tied": tied, "gaps": gaps, "constant": np.full(len(y), 2.5)}
    rho = _described(x, None, columns, {name: ("", "") for name in columns}, list(result.parameters), 1)[1]
    for k, p in enumerate(result.parameters):
        for name, out in list(columns.items())[:3]:
            ok = np.isfinite(out)
            assert rho[name][p.name] == pytest.approx(spearmanr(x[ok, k], out[ok]).statistic, abs=1e-12)
        assert rho["constant"][p.name] == 0.0
    n = len(tied)
    assert np.array_equal((centred(tied) + n + 1) / 2, rankdata(tied))  # averaged ties: the same numbers, exactly
    assert rho["fresh HCl"] == result.spearman["fresh HCl"]  # what the analysis reports


@pytest.mark.parametrize("kind", ["uniform", "heavy tail", "ties", "tiny negative", "huge", "within round-off",
                                  "infinities", "reversed", "two far clusters", "constant"])
def test_the_radix_sort_sorts_what_argsort_sorts(kind):
    # Above ranks.RADIX values an output is ordered by a 32-bit key and two 16-bit counting sorts, with a merge
    # sort for what the key cannot tell apart. Whatever the values, the result must be np.sort's values in an
    # order of the indices, and the ranks scipy's rankdata (ties averaged), exactly.
    from scipy.stats import rankdata

    from synth.uncertainty import ranks

    rng = np.random.default_rng(3)
    n = ranks.RADIX + 5001
    x = {"uniform": rng.random(n), "heavy tail": np.exp(3.0 * rng.normal(size=n)),
         "ties": rng.integers(0, 5, n).astype(float), "tiny negative": -rng.random(n) * 1e-300,
         "huge": rng.normal(size=n) * 1e300, "within round-off": 1.0 + rng.random(n) * 1e-13,
         "infinities": np.where(rng.random(n) < 0.01, np.inf, rng.random(n)), "reversed": -np.arange(n, dtype=float),
         "two far clusters": np.concatenate([rng.random(n // 2), 1e9 + rng.random(n - n // 2)]),
         "constant": np.full(n, 2.5)}[kind]
    order, s = ranks.ordered(x)
    assert np.array_equal(s, np.sort(x)) and np.array_equal(x[order], s)
    assert np.array_equal(np.sort(order), np.arange(n))  # a permutation
    assert np.array_equal((ranks.centred(x) + n + 1) / 2, rankdata(x))
    whole = np.floor(np.abs(x[np.isfinite(x)]) % 1000).astype(np.int64)  # whole numbers: numpy's own sort
    assert np.array_equal(ranks.ordered(whole)[1], np.sort(whole))


def test_latin_hypercube_strata_are_the_ranks(recipe, book):
    # The analysis reads the parameters' ranks from the Latin hypercube's strata instead of sorting them: a
    # sample's stratum must be its rank among the samples (scipy's rankdata, minus one), value by value.
    from scipy.stats import rankdata

    from synth.uncertainty.sampling import draw

    values, strata = draw(uncertain(recipe, book), 2000, 7, "lhs")
    centred = strata.ranks()  # drawn again from the seed: 2 x rank - (n + 1)
    for k in range(values.shape[1]):
        assert np.array_equal((centred[k] + 2001) / 2, rankdata(values[:, k]))
    assert draw(uncertain(recipe, book), 50, 7, "random")[1] is None  # random points have no strata


def test_strata_are_numpys_permutation():
    # The strata are shuffled as int32 (faster); they must be the very permutation numpy's permutation() gives
    # from the same generator state, so that a seed means what it meant.
    from synth.uncertainty.sampling import _strata

    for n in (1, 7, 100_003):
        assert np.array_equal(_strata(np.random.default_rng(n), n), np.random.default_rng(n).permutation(n))


def test_a_spread_without_width_is_ranked_by_sorting(recipe, book):
    # A triangular spread whose range is one value draws the same value in every stratum: tied ranks, which
    # strata cannot give, so draw() returns none and the analysis sorts (every rho 0 for that value).
    from synth.spread import Spread
    from synth.uncertainty.parameters import Uncertain
    from synth.uncertainty.sampling import draw

    flat = Uncertain("flat", "", Spread("triangular", "", 0.5, 0.5, 0.5), "assumption: a test")
    values, strata = draw([flat, *uncertain(recipe, book)[:1]], 100, 0, "lhs")
    assert strata is None and np.all(values[:, 0] == 0.5)


def test_triangular_values_are_scipys(recipe, book):
    # parameters.ppf writes the triangular inverse CDF out; it must give scipy.stats.triang's numbers exactly.
    from scipy.stats import triang

    from synth.uncertainty.parameters import ppf

    u = np.random.default_rng(1).random(10_000)
    for p in uncertain(recipe, book):
        s = p.spread
        if s.dist == "triangular":
            expected = triang.ppf(u, (s.nominal - s.low) / (s.high - s.low), loc=s.low, scale=s.high - s.low)
            assert np.array_equal(ppf(s, u), expected)


def test_local_workers_give_the_same_numbers():
    # Chunks on two forked processes are the chunks of one: every output and every statistic the same bits.
    # In a fresh interpreter: workers are forked only from a process with no other thread, and other tests
    # (a Dask cluster's) leave threads behind in this one.
    code = """
import json, sys
import numpy as np
from synth.cost import load_prices
from synth.recipe import load
from synth.uncertainty import evaluate, forked, uncertain, uncertainty
pools = []
pooled = forked.evaluate
forked.evaluate = lambda *args: pools.append(args[4]) or pooled(*args)
recipe = load("ampsi")
params = uncertain(recipe, load_prices())
n = evaluate.CHUNK + 100  # two chunks, one on each worker
one = uncertainty(recipe, params, n, seed=2, basis=sys.argv[1])
two = uncertainty(recipe, params, n, seed=2, basis=sys.argv[1], workers=2)
assert pools == [2], pools  # the second analysis, on two workers
assert one.outputs.keys() == two.outputs.keys()
for name, y in one.outputs.items():
    assert np.array_equal(y.magnitude, two.outputs[name].magnitude, equal_nan=True), name
assert json.dumps(one.to_json({})) == json.dumps(two.to_json({}))
from synth.errors import InputError
works = evaluate.chunk_outputs
def failing(job, values):  # a sample a worker cannot evaluate (not the probe's): named back in this process
    if len(values) <= evaluate.PROBE:
        return works(job, values)
    error = InputError("not enough HCl")
    error.grid_point = 3
    raise error
evaluate.chunk_outputs = failing
try:
    uncertainty(recipe, params, n, seed=2, basis=sys.argv[1], workers=2)
    raise SystemExit("no error")
except InputError as exc:  # every chunk fails at its sample 3: the first chunk's is the one named
    first = f"not enough HCl; the first failing sample has nitridation.conditions.hold = {one.samples[3, 0]:.6g} h"
    assert first in str(exc), exc
print("same")
"""
    done = subprocess.run([sys.executable, "-c", code, BASIS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"


def test_a_workers_output_of_one_value_comes_back_as_that_value():
    # A chunk's output that is one value bit for bit (a criticality class) is not written by the worker, which
    # sends the value back; -0.0 beside 0.0 is two values, and a column the chunk lacks is NaN. Fresh
    # interpreter: workers are forked only from a process with no other thread.
    code = """
import numpy as np
from synth.uncertainty import forked
n = 8
def chunk(job, samples, start, stop):
    k = stop - start
    return ({"moves": samples[start:stop, 0], "class": np.broadcast_to(3.0, (k,)),
             "signed": np.array([0.0, -0.0] * (k // 2)), "new": np.arange(k, dtype=float)}, {"moves": ("", "")})
samples = np.arange(n, dtype=float).reshape(n, 1)
columns = forked.shared_columns(["moves", "class", "signed", "absent"], n)
done = sorted(forked.evaluate(chunk, None, samples, [(0, 4), (4, 8)], 2, columns), key=lambda c: c[0])
for start, stop, back, _ in done:
    assert sorted(back) == ["absent", "class", "new"], back
    assert back["class"].tolist() == [3.0] and np.isnan(back["absent"]).all() and len(back["absent"]) == 1
    assert back["new"].tolist() == list(range(4))
assert columns["moves"].tolist() == list(range(n))
assert np.signbit(columns["signed"]).tolist() == [False, True] * 4
assert columns["class"].tolist() == [0.0] * n  # never written: the caller writes it once the workers are gone
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_second_interrupt_during_the_clean_up_leaves_no_worker_behind(tmp_path):
    """Ctrl-C while two workers evaluate, and a second SIGINT while the pool shuts down (`timeout -s INT` sends
    one to the process and one to its group): the command exits 130, its workers are gone and no part file is
    left. The second signal had broken the shutdown and left the workers waiting for work, and the process
    waiting for them at its exit, for ever. In a fresh interpreter (workers are forked only from a process
    with no other thread); leftover workers are killed there, so that a failure cannot hang the suite."""
    code = """
import concurrent.futures as futures, multiprocessing, os, signal, sys
from synth.cli.app import main
completed, shutdown = futures.as_completed, futures.ProcessPoolExecutor.shutdown
def interrupted(fs):  # Ctrl-C once the first chunk is back
    for f in completed(fs):
        os.kill(os.getpid(), signal.SIGINT)
        yield f
def again(pool, *args, **kw):  # the second signal, in the middle of the clean-up
    os.kill(os.getpid(), signal.SIGINT)
    return shutdown(pool, *args, **kw)
futures.as_completed, futures.ProcessPoolExecutor.shutdown = interrupted, again
try:
    main(["uncertainty", "ampsi", "--samples", "70000", "--workers", "2", "-o", sys.argv[1]])
except SystemExit as exc:
    code = exc.code
except BaseException as exc:
    code = repr(exc)
left = multiprocessing.active_children()
for p in left:
    p.kill()
print(code, len(left))
"""
    out = tmp_path / "u.csv"
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["130", "0"], (done.stdout, done.stderr)
    assert done.stderr.strip() == "synth: error: interrupted" and list(tmp_path.iterdir()) == []


def test_an_output_that_follows_one_value_is_ranked_by_it(recipe, book):
    # Outputs set by one value alone (the porosity by the shrinkage, the leach's temperature rise by the acid's
    # excess) take that value's Latin-hypercube ranks instead of a sort (ranks.follower); their rho and
    # percentiles must still be scipy's and numpy's, and an output that follows no one value must be sorted.
    from scipy.stats import spearmanr

    from synth.uncertainty import ranks
    from synth.uncertainty.sampling import draw

    params = uncertain(recipe, book)
    n = ranks.PROBE + 1000
    result = uncertainty(recipe, params, n, seed=5, basis=BASIS)
    x = draw(params, n, 5, "lhs")[1].ranks()
    assert ranks.follower(result.outputs["porosity AMPSi"].magnitude, x)[:2] == (
        [p.name for p in params].index("leaching.product.shrinkage"), -1)
    assert ranks.follower(result.outputs["variable cost"].magnitude, x) is None
    for name in ("porosity AMPSi", "adiabatic rise leaching", "variable cost"):
        y = result.outputs[name].magnitude
        for k, p in enumerate(params):
            assert result.spearman[name][p.name] == pytest.approx(spearmanr(result.samples[:, k], y).statistic,
                                                                  abs=1e-12)
        assert [p.magnitude for p in result.summaries[name].percentiles] == pytest.approx(
            tuple(np.percentile(y, (5, 50, 95))), rel=1e-12)


def test_an_output_that_moves_only_past_the_probe_is_sorted(recipe, book):
    # An output constant over the samples ranks.follower probes (a rare event: a criticality class, a run
    # count) follows no one value; it must be ranked by a sort, ties and all, as scipy ranks it.
    from scipy.stats import spearmanr

    from synth.uncertainty import ranks
    from synth.uncertainty.analysis import _described
    from synth.uncertainty.sampling import draw

    params = uncertain(recipe, book)
    n = ranks.PROBE + 2000
    values, strata = draw(params, n, 3, "lhs")
    y = np.full(n, 3.0)
    y[ranks.PROBE + 1000] = 4.0
    assert ranks.follower(y, strata.ranks()) is None
    rho = _described(values, strata, {"rare": y}, {"rare": ("", "")}, params, 2)[1]["rare"]
    for k, p in enumerate(params):
        assert rho[p.name] == pytest.approx(spearmanr(values[:, k], y).statistic, abs=1e-12)


def test_every_error_survives_the_trip_back_from_a_worker():
    # A worker process sends its error back pickled; one that did not unpickle broke the pool instead of
    # giving the user its one line and exit code.
    import pickle

    from synth import errors

    def every(cls):
        return [cls, *(sub for child in cls.__subclasses__() for sub in every(child))]

    for cls in every(errors.SynthError):
        exc = cls("T", "temperature", "mass", "5 g") if cls is errors.DimensionError else cls("a message")
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is cls and str(back) == str(exc) and back.exit_code == exc.exit_code


def test_a_zero_percentile_has_no_sign():
    # -0.0 and 0.0 are equal, so where each falls in a sort is the sort's affair; a percentile that is zero is
    # reported as +0 whichever way they fell (else a P5 of "-0" depends on the sorting algorithm).
    from synth.uncertainty.analysis import _summary

    for values in (np.array([-0.0, 0.0, -0.0, 1.0]), np.array([0.0, -0.0, -0.0, 1.0]), np.full(7, -0.0)):
        summary = _summary(values, "kg", "")
        assert summary.percentiles[0].m_as("kg") == 0.0
        assert not any(np.signbit(p.magnitude) for p in summary.percentiles[:2])
