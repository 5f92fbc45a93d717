"""The memos and shortcuts that make a route run fast give exactly what the slow paths give (issue 17).

No timings here (they are in bench/): each test compares a fast path with the computation it replaces,
bit for bit where the arithmetic is the same, and checks that a memo never serves one recipe's value to
another.
"""

from __future__ import annotations

import numpy as np
import pint
import pytest

from synth.errors import InputError, RecipeError
from synth.recipe import load, parse
from synth.route import BALANCE_TOLERANCE, _closes_everywhere, run
from synth.scaling import lab_plan, locate, scale
from synth.species import default_db
from synth.stream import Stream
from synth.units import Q_, ureg


@pytest.fixture()
def ampsi():
    return load("ampsi")  # a new recipe object: its memos start empty


@pytest.mark.parametrize("value, src, dst", [
    (5.0, "g", "kg"), (2.2, "lb", "g"), (1.0, "kWh", "kJ"), (3.0, "L/min", "mL/s"), (1.0, "M", "mol/m**3"),
    (8.5, "wt_percent", "dimensionless"), (1e-300, "mol", "mmol"), (-688.7, "kJ/mol", "J/mol"),
    (np.linspace(0.0, 7.0, 9), "h", "s"), (7, "g", "g"),
])
def test_conversions_equal_pints_own_bit_for_bit(value, src, dst):
    q = Q_(value, src)
    slow = type(q).to.__wrapped__(q, dst)  # pint's own Quantity.to
    fast = q.to(dst)
    assert fast.units == slow.units and type(fast.magnitude) is type(slow.magnitude)
    assert np.array_equal(np.asarray(fast.magnitude), np.asarray(slow.magnitude))


def test_offset_units_and_bad_conversions_take_pints_path():
    assert Q_(750, "degC").to("K").magnitude == pytest.approx(1023.15, rel=1e-15)
    assert Q_(1023.15, "K").to("degC").magnitude == pytest.approx(750, rel=1e-12)
    with pytest.raises(pint.DimensionalityError):
        Q_(5, "g").to("K")
    with pytest.raises(pint.DimensionalityError):  # asked twice: the failure is not remembered as a success
        Q_(5, "g").to("K")
    with ureg.context("chemistry", mw=Q_(18.015, "g/mol")):  # an active context: pint's path
        assert Q_(18.015, "g").to("mol").magnitude == pytest.approx(1.0, rel=1e-12)


def test_a_variant_reads_its_override_and_the_recipe_its_file(ampsi):
    path = "recipe.steps[2].acid.excess"
    leach = ampsi.steps()[2].sub("acid")
    assert leach.q("excess", "dimensionless").to("percent").magnitude == pytest.approx(20)
    variant = ampsi.with_values({path: Q_(35, "percent")})
    assert variant.steps()[2].sub("acid").q("excess", "dimensionless").to("percent").magnitude == pytest.approx(35)
    assert ampsi.steps()[2].sub("acid").q("excess", "dimensionless").to("percent").magnitude == pytest.approx(20)
    assert variant.parsed is ampsi.parsed and variant.memo is not ampsi.memo  # file values shared, plans not


def test_errors_are_not_remembered():
    broken = parse("recipe: x\nproduct: P\nreferences: {A: a}\nsteps:\n  - id: s\n    type: furnace\n"
                   "    feeds: {Si: {species: Si(cr), mass: {q: 5 K, ref: A}}}\n", "broken.yaml")
    feed = broken.steps()[0].sub("feeds").sub("Si")
    for _ in range(2):
        with pytest.raises(RecipeError, match="broken.yaml:7"):
            feed.positive("mass", "mass")


def test_scale_reuses_the_lab_plan_only_where_it_is_the_batch(ampsi):
    lab = lab_plan(ampsi, default_db())
    assert scale(ampsi)[0] is lab
    grams, _, _ = locate(lab, "AMPSi@C")
    same, _ = scale(ampsi, f"AMPSi@C={grams!r} g")  # the lab amount itself: factor exactly 1
    assert same is lab
    plan, _ = scale(ampsi, "AMPSi@C=1 kg")
    alone = run(ampsi, 1000.0 / grams)  # what a second evaluation at the factor gives, computed directly
    assert plan.scale == alone.scale
    for a, b in zip(plan.steps, alone.steps, strict=True):
        assert a.runs == b.runs and a.time == b.time and a.heat.net_J == b.heat.net_J
        for label, stream in a.outputs.items():
            assert dict(stream.amounts) == dict(b.outputs[label].amounts)


def test_species_lookup_depends_on_temperature(db):
    assert db.get("Mg").name == "Mg(cr)" and db.get("Mg", 1000.0).name == "Mg(l)"
    assert db.get("Mg").name == "Mg(cr)"  # the memo is per (text, T)
    assert db.forms(db.get("Mg").formula) == [pd for pd in db if pd.formula == db.get("Mg").formula]


def test_the_fast_balance_test_never_passes_an_open_balance():
    def closes(a, b):  # the full per-point test of route._check
        return not np.any(np.abs(a - b) - BALANCE_TOLERANCE * np.maximum(np.maximum(abs(a), abs(b)), 1e-30) > 0)

    a = np.array([1.0, 2.0, 3.0])
    assert _closes_everywhere(a, a * (1 + 1e-12))
    rng = np.random.default_rng(17)
    for _ in range(2000):
        a = rng.choice([0.0, 1e-30, 1e-12, 1.0, -1.0, 5e3], 4) * rng.uniform(0.5, 2, 4)
        b = a * (1 + rng.choice([0.0, 1e-12, 1e-9, 2e-9, 1e-6], 4)) + rng.choice([0.0, 0.0, 1e-40, 1e-20], 4)
        if _closes_everywhere(a, b):
            assert closes(a, b), (a, b)
    a = np.array([1.0, 2.0, 3.0])
    assert not _closes_everywhere(a, a + np.array([0.0, 0.0, 1e-6]))  # one open point: the full test decides
    assert not _closes_everywhere(1.0, 1.0)  # one batch: the full test


def test_element_sums_of_a_grid_equal_the_scalar_sums(db):
    mg, cl, mgcl2 = db.get("Mg"), db.get("Cl2"), db.get("MgCl2")
    n = np.array([0.1, 0.2, 0.3])
    grid = Stream.of([(mgcl2, n), (mg, 2 * n), (cl, n / 3)]).elements()
    for i in range(3):
        one = Stream.of([(mgcl2, n[i]), (mg, 2 * n[i]), (cl, n[i] / 3)]).elements()
        assert {e: grid[e][i] for e in grid} == one  # same order of additions, same bits
    assert n.tolist() == [0.1, 0.2, 0.3]  # the caller's arrays are not changed in place


def test_only_a_process_of_its_own_tunes_the_garbage_collector():
    import gc
    import subprocess
    import sys

    from synth.cli.app import main

    before = gc.get_threshold()
    with pytest.raises(SystemExit):
        main(["recipes"])  # in a test session (or a notebook) the collector keeps its settings
    assert gc.get_threshold() == before
    code = "import gc, sys; from synth.cli.app import main\nsys.argv = ['synth', 'recipes']\ntry:\n    main()\n" \
           "except SystemExit:\n    print(gc.get_threshold())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "(50000, 20, 10)"


def test_a_purge_gas_is_charged_per_run_so_it_is_no_basis(ampsi):
    """Purge = flow × time per run × runs: at scale 1 and 2 the coating furnace runs once, so the batch
    doubles and the Ar does not; no factor need give a stated amount of it, so it is refused as a basis."""
    def ar(plan):
        return plan.step("coating").inputs["purge"].amount("Ar(g)")

    one, two = run(ampsi, 1.0), run(ampsi, 2.0)
    assert one.step("coating").runs == two.step("coating").runs == 1
    assert ar(two) == ar(one)  # not 2 ×: the route is not linear in its purge gas
    with pytest.raises(InputError, match="purge gas, charged per furnace run"):
        scale(ampsi, "Ar=10 mol")
    plan, _ = scale(ampsi, "H2=1 mol")  # H2 is found first as the recycle's fuel, which is per batch
    assert plan.step("recycling").inputs["fuel"].amount("H2(g)") == pytest.approx(1.0, rel=1e-12)


def test_a_reaction_over_a_grid_gives_each_point_what_it_gives_alone(db):
    # apply() skips the shortfall test and the clip where a reactant's least amount needs neither, and a
    # reactant used up exactly (Si limiting: x - x) skips the round-off residue; each grid point must still get
    # what it gets alone (bit for bit), complete or not, with a reactant used up (exactly, or to round-off:
    # Mg limiting, 2 × (x / 2)) or left.
    from synth.reaction import parse_equation
    from synth.steps.base import Declared, apply

    mg, si = db.get("Mg"), db.get("Si")
    mg_n, si_n = np.array([2.0, 1.0, 3.0, 0.3]), np.array([1.0, 0.5, 1.5, 0.15])
    for conversion, limiting in ((1.0, "Mg"), (0.6, "Mg"), (1.0, "Si"), (0.6, "Si")):
        reaction = Declared(parse_equation("2 Mg + Si -> Mg2Si"), conversion, limiting)
        grid, _, _ = apply(Stream.of([(mg, mg_n), (si, si_n)]), [reaction], 298.15, db)
        for i in range(len(mg_n)):
            one, _, _ = apply(Stream.of([(mg, mg_n[i]), (si, si_n[i])]), [reaction], 298.15, db)
            names = set(grid.amounts) | set(one.amounts)
            assert {k: float(np.asarray(grid.amount(k))[i]) for k in names} == {k: one.amount(k) for k in names}


def test_a_nan_point_hides_neither_a_short_point_nor_a_present_phase(db):
    # The shortcuts read a reactant's least amount; a NaN point must not make it look like no point is short,
    # nor make a species present at the other points look absent.
    from synth.reaction import parse_equation
    from synth.steps.base import Declared, _present, apply

    mg, si = db.get("Mg"), db.get("Si")
    reaction = Declared(parse_equation("2 Mg + Si -> Mg2Si"), 1.0, "Mg")
    stream = Stream.of([(mg, np.array([np.nan, 2.0, 2.0])), (si, np.array([1.0, 0.5, 1.0]))])
    with pytest.raises(InputError, match=r"not enough Si\(cr\) at 1 of 3 grid points"):
        apply(stream, [reaction], 298.15, db)
    assert _present(np.array([np.nan, 1.0])) and not _present(np.array([np.nan, 0.0])) and _present(2.0)


@pytest.mark.parametrize("terms", [[], [2.5], [1.0, 2.0, 3.5], [np.array([1.0, np.nan]), np.array([2.0, 3.0]), 0.5]])
def test_a_sum_from_its_first_term_is_pythons_sum(terms):
    # vector.summed adds from the first term (over a grid, 0 + x is one more operation on every point); for
    # terms that are never -0.0 (masses, amounts, times) it must give sum()'s value, and a float for a batch.
    from synth.vector import summed

    got, want = summed(terms), sum(terms)
    assert np.array_equal(got, want, equal_nan=True) and type(got) is type(want if terms else 0.0)


def test_reductions_of_an_empty_grid_say_nothing_rather_than_fail():
    # fmt() and _present() read a grid's range with fmin/fmax, which have no value for no points; an empty
    # grid (evaluate() may be called on any slice) must read "n/a" and absent, as before.
    from synth.steps.base import _present
    from synth.vector import fmt

    assert fmt(np.array([])) == "n/a" and not _present(np.array([]))
    assert fmt(np.array([np.nan, 2.0, 1.0])) == "1 to 2" and fmt(np.array([np.nan])) == "n/a"
