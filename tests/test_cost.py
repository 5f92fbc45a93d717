"""Costs and green metrics: breakdowns that add up, prices that move the cost by hand-calculated amounts,
recycled reagents charged for their make-up only, unpriced items never counted as zero, price files that
refuse values without a source, a year or the right units."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import synth
from synth.cli.app import main
from synth.cost import cost, load_prices, metrics
from synth.cost.compare import bases, compare
from synth.cost.plant_cost import line_cost
from synth.errors import RecipeError
from synth.inventory import classify, fresh
from synth.species import default_db
from synth.units import Q_, from_json

HEADER = """\
currency: USD
references:
  Quote: "a test quote (tests/test_cost.py)"
"""


@pytest.fixture(scope="module")
def plan():
    return synth.scale(synth.load_recipe("ampsi"), "AMPSi@C=1 kg")[0]


@pytest.fixture(scope="module")
def book():
    return load_prices()


def prices(tmp_path, body: str, name: str = "p.yaml"):
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def line(result, item):
    return next(x for x in result.lines if x.item == item)


def test_breakdown_adds_up_to_the_total(plan, book):
    result = cost(plan, book)
    priced = [x.cost.to("USD").magnitude for x in result.lines if x.cost is not None]
    assert result.per_batch.to("USD").magnitude == pytest.approx(sum(priced), rel=1e-12)
    rows = result.breakdown()
    assert sum(r["share"] for r in rows) == pytest.approx(1.0, rel=1e-12)
    assert sum(r["cost_per_kg"].magnitude for r in rows) == pytest.approx(result.per_kg.magnitude, rel=1e-12)
    assert result.per_kg.magnitude == pytest.approx(result.per_batch.magnitude / result.product.to("kg").magnitude)


def test_doubling_a_price_moves_the_cost_by_mass_times_price(plan, book, tmp_path):
    # Bundled Si: 1.40 USD/lb (USGS 2022). Doubled: 2.80 USD/lb. Si per 1 kg AMPSi@C batch: 915.0 g, all fresh.
    doubled = load_prices([prices(tmp_path, "materials:\n  Si:\n    price: {q: 2.80 USD/lb, year: 2021, "
                                            "ref: Quote}\n")])
    delta = (cost(plan, doubled).per_batch - cost(plan, book).per_batch).to("USD").magnitude
    si_lb = fresh(plan)["Si"].mass_g() / 453.59237  # g per lb (exact, by definition of the avoirdupois pound)
    assert si_lb == pytest.approx(915.0 / 453.59237, rel=1e-9)
    assert delta == pytest.approx(si_lb * (2.80 - 1.40), rel=1e-12)


def test_a_recycled_reagent_is_charged_only_for_its_make_up(plan, book):
    # Mg: 1633.93 g per batch once-through; the cell returns all but the make-up (81.7 g at steady state).
    mg = line(cost(plan, book), "Mg")
    recycle = next(r for r in plan.recycles() if r.species == "Mg")
    make_up_lb = recycle.make_up.m_as("mol") * 24.305 / 453.59237  # mol x g/mol (IUPAC Mg) / g per lb
    assert mg.cost.to("USD").magnitude == pytest.approx(make_up_lb * 2.70, rel=1e-4)
    once_lb = recycle.needed.m_as("mol") * 24.305 / 453.59237
    assert mg.once_through.to("USD").magnitude == pytest.approx(once_lb * 2.70, rel=1e-4)
    assert mg.cost < mg.once_through


def test_hcl_is_bought_as_37_percent_acid(plan, book):
    # Once-through HCl 7842.96 g -> 7842.96 / 0.37 = 21197.2 g of 37 wt% acid at 168 USD/t = 3.5611 USD.
    hcl = line(cost(plan, book), "HCl")
    assert hcl.once_through.to("USD").magnitude == pytest.approx(7842.96 / 0.37 / 1e6 * 168, rel=1e-5)
    assert "37 wt%" in hcl.price.grade


def test_a_gas_priced_per_normal_cubic_metre(plan, tmp_path):
    # 1 Nm3 = 101325 Pa x 1 m3 / (8.314462618 J/(mol K) x 273.15 K) = 44.6150 mol (DIN 1343 conditions).
    book = load_prices([prices(tmp_path, "materials:\n  N2:\n    price: {q: 0.25 USD/Nm3, year: 2024, "
                                         "ref: Quote}\n")])
    n2 = line(cost(plan, book), "N2")
    mol = fresh(plan)["N2"].steady.m_as("mol")
    assert n2.quantity.to("Nm3").magnitude == pytest.approx(mol / 44.6150, rel=1e-5)
    assert n2.cost.to("USD").magnitude == pytest.approx(mol / 44.6150 * 0.25, rel=1e-5)
    assert n2.kind == "utility"


def test_unpriced_items_are_listed_never_zero(plan, book, tmp_path):
    result = cost(plan, book)
    unpriced = {x.item for x in result.unpriced}
    assert {"Tris", "dopamine hydrochloride"} <= unpriced
    assert all(x.cost is None for x in result.unpriced)
    # Pricing Tris adds exactly its mass times its price: it was not in the total as 0 with a hidden price.
    with_tris = load_prices([prices(tmp_path, "materials:\n  Tris:\n    price: {q: 10 USD/kg, year: 2024, "
                                              "ref: Quote}\n")])
    tris_kg = fresh(plan)["Tris"].mass_g() / 1000
    delta = (cost(plan, with_tris).per_batch - result.per_batch).to("USD").magnitude
    assert delta == pytest.approx(tris_kg * 10, rel=1e-12)
    assert "Tris" not in {x.item for x in cost(plan, with_tris).unpriced}


def test_pmi_is_the_fresh_inputs_over_the_product(plan, book):
    report = synth.build_report(plan)
    totals = report["totals"]
    once = sum(Q_(e["mass"]["value"], e["mass"]["unit"]).to("g").magnitude for e in totals["fresh_inputs"].values())
    credit = sum(Q_(r["once_through_mass"]["value"], "g").magnitude - Q_(r["make_up_mass"]["value"], "g").magnitude
                 for r in totals["recycle"])
    product = Q_(totals["product"]["mass"]["value"], totals["product"]["mass"]["unit"]).to("g").magnitude
    m = metrics(plan, book)
    assert m.pmi == pytest.approx((once - credit) / product, rel=1e-9)
    assert m.e_factor_complete == pytest.approx(m.pmi - 1, rel=1e-12)  # Sheldon: cEF = PMI - 1
    assert m.e_factor_complete_once_through == pytest.approx(once / product - 1, rel=1e-9)
    water = totals["fresh_inputs"]["H2O"]["mass"]["value"]
    assert m.water_intensity == pytest.approx(water / product, rel=1e-9)
    assert m.pmi_without_water == pytest.approx((once - credit - water) / product, rel=1e-9)


def test_the_fuel_for_heat_is_said_to_be_an_assumption(plan, book, tmp_path):
    """Heat counted as fuel (the heat line, CO2e) assumes no boiler or flue loss; the notes say so, and name the
    heating duties with no stated efficiency: the leach's drying 0.2773 kWh and the recycle's dryer 12.95 kWh
    per kg of product (13.23 kWh), while the evaporator's steam has its economy from the recipe."""
    said = "assumption: the fuel is the heat it delivers, directly or as steam, with no boiler or flue loss " \
           "(13.23 kWh state no efficiency: leaching drying, recycling dryer)"
    assert said in metrics(plan, book).co2e_note
    assert said in line(cost(plan, book), "heat (natural gas)").note  # unpriced: the note says it all the same
    priced = load_prices((str(prices(tmp_path, """\
        utilities:
          heat: {price: {q: 0.03 USD/kWh, year: 2024, ref: Quote}}
        """)),))
    assert said in line(cost(plan, priced), "heat (natural gas)").note


def test_waste_classes():
    db = synth.species_db()
    from synth.stream import Stream

    assert classify(Stream.of([(db.get("N2(g)"), 1.0)])) == "off-gas vented"
    assert classify(Stream.of([(db.get("N2(g)"), 1.0), (db.get("HCl(g)"), 0.1)])) == "off-gas scrubbing"
    assert classify(Stream.of([(db.get("H2O(l)"), 10.0), (db.get("HCl(aq)"), 1.0)])) == "acidic liquor"
    assert classify(Stream.of([(db.get("NH4Cl(cr)"), 1.0)])) == "NH4Cl"
    assert classify(Stream.of([(db.get("H2O(l)"), 10.0)])) == "clean water"  # a condensate: no effluent to treat
    assert classify(Stream.of([(db.get("H2O(l)"), 10.0), (db.get("NaCl(aq)"), 0.1)])) == "aqueous effluent"
    assert classify(Stream.of([(db.get("Mg(l)"), 1.0)])) == "Mg"  # molten metal: by name, not an effluent


def test_the_recycles_condensate_is_clean_water_not_effluent(plan, book):
    """The evaporator's condensed vapour and the dryer's condensed off-gas water, 232.3 kg per kg of AMPSi@C,
    are water alone: a waste class of their own, which a price file may price or not, not the 'aqueous
    effluent' a treatment price would charge for. That is the bled MgCl2 solution, 320.0 g; the Mg the
    atomizer loses, 77.61 g of molten metal, is waste Mg, by name (it was filed as aqueous effluent too)."""
    lines = {line.item: line.quantity.to("kg").magnitude for line in cost(plan, book).lines if line.kind == "waste"}
    assert lines["waste: clean water"] == pytest.approx(232.34, abs=0.01)
    assert lines["waste: aqueous effluent"] == pytest.approx(0.3200, abs=1e-4)
    assert lines["waste: Mg"] == pytest.approx(0.07761, abs=1e-5)


@pytest.mark.parametrize("body, message", [
    ("materials:\n  Si:\n    price: {q: 3 USD/kg, ref: Quote}\n", "every price and factor is dated"),
    ("materials:\n  Si:\n    price: {q: 3 USD/kg, year: 2024, ref: Nope}\n", "ref 'Nope' is not in references"),
    ("materials:\n  Si:\n    price: {q: 3 USD/kg, year: 2024}\n", "every number needs a source"),
    ("materials:\n  Si:\n    price: {q: 3 USD/K, year: 2024, ref: Quote}\n", "expected a price in USD per mass"),
    ("materials:\n  Si:\n    price: {q: 3 EUR/kg, year: 2024, ref: Quote}\n", "expected a price in USD"),
    ("materials:\n  Mg:\n    price: {q: 3 USD/kg, year: 2024, ref: Quote, range: [1 USD/kg, 2 USD/kg], "
     "dist: uniform}\n", "does not hold q = 3"),
    ("materials:\n  Mg:\n    price: {q: 3 USD/kg, year: 2024, ref: Quote, range: [1 USD/kg, 4 USD/kg]}\n",
     "expected one of uniform, triangular, normal, lognormal"),
    ("utilities:\n  steam:\n    price: {q: 3 USD/t, year: 2024, ref: Quote}\n", "unknown utility 'steam'"),
    ("prizes:\n  a: 1\n", "unknown section"),
    ("materials:\n  HCl:\n    price: {q: 168 USD/t, year: 2024, ref: Quote}\n    content: {q: 137 wt%, ref: Quote}\n",
     "at most 100 %"),
])
def test_bad_price_files_name_the_place(tmp_path, body, message):
    path = prices(tmp_path, body)
    with pytest.raises(RecipeError, match=message) as err:
        load_prices([path])
    assert str(err.value).startswith(f"{path}:")
    line_number = int(str(err.value).split(":")[1])
    assert line_number > 3  # inside the body, after the header


def test_one_currency_across_files(tmp_path):
    path = tmp_path / "eur.yaml"
    path.write_text(HEADER.replace("USD", "EUR") + "materials:\n  Si:\n    price: {q: 3 EUR/kg, year: 2024, "
                    "ref: Quote}\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="no exchange rates"):
        load_prices([path])
    assert load_prices([path], bundled=False).get("materials", "Si").value == Q_(3, "EUR/kg")


def test_currency_is_unit_safe():
    assert (Q_(168, "USD/t") * Q_(21.2, "kg")).to("USD").magnitude == pytest.approx(3.5616)
    with pytest.raises(Exception, match="Cannot convert"):
        Q_(1, "EUR").to("USD")


def test_compare_bases():
    a, b = synth.load_recipe("ampsi"), synth.load_recipe("ns-mpsi")
    assert bases([a, b], ["1 kg"]) == ["AMPSi@C=1 kg", "NS-MPSi=1 kg"]
    assert bases([a, b], ["Si=1 kg"]) == ["Si=1 kg", "Si=1 kg"]
    with pytest.raises(synth.SynthError, match="one per route"):
        bases([a, b], ["1 kg", "2 kg", "3 kg"])


def test_compare_columns_match_synth_cost(book):
    a, b = synth.load_recipe("ampsi"), synth.load_recipe("ns-mpsi")
    columns = compare([(a, "AMPSi@C=1 kg"), (b, "NS-MPSi=1 kg")], book)
    _, result, measured = line_cost(a, book, basis="AMPSi@C=1 kg")
    assert columns[0].cost.per_kg == result.per_kg
    assert columns[0].metrics.pmi == measured.pmi
    plan_a, _ = synth.scale(a, "AMPSi@C=1 kg")
    assert measured.pmi == metrics(plan_a, book).pmi  # the line's batch is synth scale's batch


def test_labour_is_operator_hours_times_the_rate(book):
    # Each unit: its busy time per batch x the operators the plant states; the bundled rate is 31.71 USD/h
    # (BLS May 2020, SOC 51-8091 median).
    line, result, _ = line_cost(synth.load_recipe("ampsi"), book, basis="AMPSi@C=1 kg")
    hours = sum(u.busy.m_as("h") * u.unit.operators for u in line.units)
    labour = next(x for x in result.lines if x.item == "labour")
    assert labour.quantity.to("h").magnitude == pytest.approx(hours, rel=1e-12)
    assert labour.cost.to("USD").magnitude == pytest.approx(hours * 31.71, rel=1e-12)


def test_capital_by_the_power_law_annualised(book):
    # examples/prices-example.yaml: tube furnace C0 = 20000 USD at 110 g, n = 0.6, in 2023 dollars (CEPCI 797.9,
    # as the bundled index). ampsi's tube furnace holds 110 g per run: C = 20000 x (110/110)^0.6 = 20000 USD.
    # Bundled 10 % over 10 years: CRF = 0.1 x 1.1^10 / (1.1^10 - 1) = 0.162745. Per batch: C x CRF / batches a year.
    example = load_prices([str(Path(__file__).parents[1] / "examples" / "prices-example.yaml")])
    line, result, _ = line_cost(synth.load_recipe("ampsi"), example, basis="AMPSi@C=1 kg")
    crf = 0.1 * 1.1 ** 10 / (1.1 ** 10 - 1)
    assert crf == pytest.approx(0.162745, rel=1e-5)
    furnace = next(x for x in result.lines if x.item.startswith("capital: tube-furnace"))
    per_year = line.batches_per_day.m_as("1/day") * 330  # ampsi's plant runs 330 days a year
    assert furnace.cost.to("USD").magnitude == pytest.approx(20000 * crf / per_year, rel=1e-12)
    # Equipment is counted, priced or not: the quantity is the number of units, the size is in the note.
    assert furnace.quantity == Q_(1, "dimensionless") and furnace.note.startswith("capacity 110 g per run; ")
    # Twice the size at n = 0.6 costs 2^0.6 = 1.516 times as much.
    from synth.cost.plant_cost import _scaled
    item = example.settings["capital.equipment.tube-furnace"]
    assert _scaled(item, Q_(220, "g"), 797.9).to("USD").magnitude == pytest.approx(20000 * 2 ** 0.6, rel=1e-12)
    # Units without an equipment cost stay unpriced, never zero.
    assert any(x.item.startswith("capital: mg-cell") and x.cost is None for x in result.lines)


def test_bundled_prices_leave_capital_unpriced(book):
    _, result, _ = line_cost(synth.load_recipe("ampsi"), book, basis="AMPSi@C=1 kg")
    capital = [x for x in result.lines if x.kind == "capital"]
    assert capital and all(x.cost is None for x in capital)
    assert all("no equipment cost" in x.note for x in capital)


def test_cli_cost_json(capsys):
    with pytest.raises(SystemExit) as done:
        main(["cost", "ampsi", "--basis", "AMPSi@C=1 kg", "--json"])
    assert done.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"cost_per_kg", "cost_per_batch", "breakdown", "unpriced", "metrics", "prices", "provenance"}
    assert data["cost_per_kg"]["unit"] == "USD / kg"
    assert {"pmi", "pmi_without_water", "e_factor", "e_factor_complete", "water_intensity", "energy_intensity",
            "co2e_per_kg"} <= set(data["metrics"])
    assert all({"item", "kind", "cost_per_kg", "share"} <= set(row) for row in data["breakdown"])
    assert data["provenance"]["price_data"][0]["file"] == "synth/data/prices.yaml"
    assert all(p["year"] and p["source"] for p in data["prices"])


def test_cli_bad_price_file_exits_2(tmp_path, capsys):
    path = prices(tmp_path, "materials:\n  Si:\n    price: {q: 3 USD/kg, ref: Quote}\n")
    with pytest.raises(SystemExit) as done:
        main(["cost", "ampsi", "--prices", str(path)])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "every price and factor is dated" in err


def test_cli_compare_md(capsys):
    with pytest.raises(SystemExit) as done:
        main(["compare", "ampsi", "ns-mpsi", "--basis", "1 kg", "--format", "md"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("| figure | ampsi | ns-mpsi |")
    assert "| cost per kg product |" in out and "| PMI [kg/kg] |" in out


def test_cli_compare_json_states_what_it_was_computed_from(capsys):
    """`synth compare --json` names the recipes and price files with their hashes, as before, and now also the
    species data with its hash and the versions, in one provenance block as `synth cost --json` writes it."""
    with pytest.raises(SystemExit) as done:
        main(["compare", "ampsi", "ns-mpsi", "--basis", "1 kg", "--json"])
    assert done.value.code == 0
    data = json.loads(capsys.readouterr().out)
    made_from = data["provenance"]
    assert [r["sha256"] for r in made_from["recipes"]] == [r["recipe"]["sha256"] for r in data["routes"]]
    assert [r["sha256"] for r in made_from["recipes"]] == [synth.load_recipe(n).sha256 for n in ("ampsi", "ns-mpsi")]
    assert made_from["price_data"] == data["price_data"] and made_from["price_data"][0]["sha256"]
    assert made_from["species_data"] == {"file": "synth/data/species.yaml", "sha256": default_db().sha256}
    assert set(made_from["versions"]) == {"synth", "cantera", "python"} and made_from["species_files"] == []


def test_sweep_cost_equals_synth_cost_point_by_point(book):
    from synth.sweep import Range, sweep

    r = synth.load_recipe("ampsi")
    result = sweep(r, [Range.parse("leaching.acid.excess=0..50 %:6", r)], basis="AMPSi@C=1 kg", book=book)
    for i, excess in enumerate(result.inputs["leaching.acid.excess"]):
        plan, _ = synth.scale(r.with_values({"recipe.steps[2].acid.excess": excess}), "AMPSi@C=1 kg")
        expected = cost(plan, book).variable_per_kg.magnitude
        assert result.outputs["variable cost"][i].magnitude == pytest.approx(expected, rel=1e-12)
        assert result.outputs["PMI"][i].magnitude == pytest.approx(metrics(plan, book).pmi, rel=1e-12)
    # the acid's excess is absorbed from the dryer's gas and returned to leaching (tests/test_recycle.py): at
    # steady state it buys no more HCl; it only brings more water (PMI)
    assert result.outputs["variable cost"][-1].magnitude == pytest.approx(result.outputs["variable cost"][0].magnitude,
                                                                          rel=1e-9)
    assert result.outputs["PMI"][-1] > result.outputs["PMI"][0]


def test_cli_cost_for_a_rate(capsys):
    with pytest.raises(SystemExit) as done:
        main(["cost", "ampsi", "--rate", "100 g/day", "--json"])
    assert done.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rate"]["unit"] in ("g / d", "g / day")
    per_day = data["batch"]["batches_per_day"]  # a quantity, as the library's LinePlan.batches_per_day
    assert set(per_day) == {"value", "unit"} and per_day["value"] > 0
    assert from_json(per_day).m_as("1/day") == pytest.approx(per_day["value"])
    kinds = {row["kind"] for row in data["breakdown"]}
    assert "labour" in kinds
    assert data["variable_cost_per_kg"]["value"] < data["cost_per_kg"]["value"]


def test_cost_per_ah_of_anode_capacity(book):
    # USD/kg over mAh/g is USD per Ah: 1 mAh/g = 1 Ah/kg. The paper's AMPSi@C gives 2134 mAh/g at 0.1 C.
    from synth.cost.plant_cost import cost_per_ah

    line, result, _ = line_cost(synth.load_recipe("ampsi"), book, basis="AMPSi@C=1 kg")
    found = {words: (cap, q) for words, cap, q in cost_per_ah(line.plan, result)}
    cap, q = found["reported (measured)"]
    assert cap.to("mAh/g").magnitude == pytest.approx(2134)
    assert q.to("USD/(A*h)").magnitude == pytest.approx(result.per_kg.to("USD/kg").magnitude / 2134, rel=1e-12)
    assert {"volume-limited, recipe's shrinkage", "theoretical (Si to Li15Si4, carbon to LiC6)"} <= set(found)
