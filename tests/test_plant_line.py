"""Planning a line and running a campaign on the AMPSi route: rates, units, infeasible rates, the recycle's lag."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from synth import catalog
from synth.cli.app import main
from synth.errors import InputError, RecipeError
from synth.plant.campaign import campaign
from synth.plant.line import RateOutOfReach, plan_line
from synth.plant.rate import Rate
from synth.plant.units import load_plant, operations
from synth.recipe import load
from synth.route import run
from synth.scaling import scale
from synth.units import Q_, from_json, to_json


@pytest.fixture(scope="module")
def ampsi():
    return load("ampsi")


@pytest.fixture(scope="module")
def line(ampsi):
    return plan_line(ampsi, "50 g/day")


def test_time_per_run_is_the_full_occupancy(ampsi):
    # coating: polymerization 0.5 + 24 + 1 + 1 h in the vessel, carbonization 0.5 + (850-25) K / 5 K/min
    # + 3 + 3 + 0.5 h in the tube furnace (recipes/ampsi.yaml): 26.5 h + 9.75 h per run
    coating = run(ampsi, 1.0).step("coating")
    assert [rt.stage for rt in coating.run_times] == ["polymerization", "carbonization"]
    assert coating.run_times[0].per_run.m_as("h") == pytest.approx(26.5)
    assert coating.run_times[1].per_run.m_as("h") == pytest.approx(0.5 + 825 / 5 / 60 + 3 + 3 + 0.5)
    assert coating.figures["time_per_run"].to("h").magnitude == pytest.approx(26.5 + 9.75)
    assert coating.time.m_as("h") == pytest.approx(coating.runs * (26.5 + 9.75))


def test_steps_share_the_tube_furnace(ampsi):
    ops, plant = operations(run(ampsi, 1.0), load_plant(ampsi))
    assert {o.name for o in ops if o.unit == "tube-furnace"} == {"nitridation", "coating/carbonization"}
    assert plant.unit("tube-furnace").count == 1


def test_rates_per_day_hour_and_year(ampsi):
    plant = load_plant(ampsi)  # 24 h a day, 330 days a year
    assert Rate.parse("10 kg/day", plant).per_second.m_as("g/s") == pytest.approx(10_000 / 86400)
    assert Rate.parse("3 t/year", plant).per_second.m_as("g/s") == pytest.approx(3e6 / (330 * 86400))
    assert Rate.parse("1 kg/h", plant).per_second.m_as("g/s") == pytest.approx(1000 / 3600)
    with pytest.raises(InputError, match="mass per time"):
        Rate.parse("10 kg", plant)


def test_a_line_keeps_its_rate(line):
    assert line.throughput().to("kg/day").magnitude == pytest.approx(0.05, rel=0.01)
    assert line.cycle_time.m_as("s") == pytest.approx(line.product_per_batch.m_as("g") / (50 / 86400))
    assert all(0 < u.utilisation <= 1 for u in line.units)
    assert line.bottleneck.unit.id == "coating-vessel"


def test_the_infeasible_rate_names_the_most_and_what_it_takes(ampsi):
    # one coating vessel limited to 110 g Si per run by the tube furnace it feeds: 110 g Si / (1 - 8.5 % C)
    # of product every 26.5 h, i.e. 110 / 0.915 × 24 / 26.5 = 108.9 g a day at most
    most = 110 / (1 - 0.085) * 24 / 26.5 / 1000
    with pytest.raises(RateOutOfReach) as err:
        plan_line(ampsi, "0.2 kg/day")
    message = str(err.value)
    shown = float(message.split("at most ")[1].split(" kg")[0])
    assert shown == pytest.approx(most, rel=0.005)
    assert "add 1 coating-vessel (2 in all) or cut its time per batch from 26.5 h to" in message  # one 26.5 h run
    assert "--optimize-units" in message


def test_optimize_units_reaches_the_rate(ampsi):
    line = plan_line(ampsi, "0.2 kg/day", optimize=True)
    counts = {u.unit.id: u.unit.count for u in line.units}
    assert counts["coating-vessel"] >= 2 and counts["tube-furnace"] >= 2
    assert line.throughput().to("kg/day").magnitude == pytest.approx(0.2, rel=0.01)
    assert all(u.utilisation <= 1 for u in line.units)


def test_plant_file_overrides_the_recipe(ampsi, tmp_path):
    path = tmp_path / "plant.yaml"
    path.write_text("references: {mine: 'our plant list, 2025'}\nplant:\n  units:\n"
                    + "".join(f"    - {{id: {u}, kind: k, count: {{q: 2, ref: mine}}}}\n"
                              for u in ("alloy-reactor", "tube-furnace", "leach-reactor", "vacuum-oven",
                                        "liquor-dryer", "mg-cell", "coating-vessel")))
    line = plan_line(ampsi, basis="AMPSi@C=50 g", plant_file=str(path))
    one = plan_line(ampsi, basis="AMPSi@C=50 g")
    assert line.cycle_time_s == pytest.approx(one.cycle_time_s / 2)
    assert line.plant.hours_per_day == Q_(24, "h") and "assumption" in line.plant.sources["hours_per_day"]
    path.write_text("references: {}\nplant:\n  units:\n    - {id: x, kind: k, count: {q: 2}}\n")
    with pytest.raises(RecipeError, match="every number needs a source"):
        plan_line(ampsi, basis="AMPSi@C=50 g", plant_file=str(path))


def test_json_contract(line):
    data = line.to_json()
    assert {"rate", "batch", "cycle_time", "throughput", "bottleneck", "units", "schedule"} <= set(data)
    assert data["cycle_time"]["unit"] == "h" and data["batch"]["basis"]["quantity"]["unit"] == "g"
    unit = data["units"][0]
    assert {"id", "kind", "count", "steps", "utilisation", "capacity", "operators"} <= set(unit)
    first = data["schedule"][0]
    assert {"unit", "step", "batch", "run", "start", "end"} <= set(first) and first["start"]["unit"] == "h"


@pytest.fixture(scope="module")
def camp(ampsi):
    return campaign(plan_line(ampsi, basis="AMPSi@C=100 g", batches=10))


def test_campaign_first_batch_once_through_then_steady_state(ampsi, camp):
    plan, _ = scale(ampsi, "AMPSi@C=100 g")
    by_species = {r.species: {k: getattr(r, k).m_as("mol") for k in ("needed", "make_up")} for r in plan.recycles()}
    mg = plan.db.get("Mg").molar_mass.magnitude
    first, last = camp.batches[0], camp.batches[-1]
    assert first.fresh["Mg"][1].m_as("mol") == pytest.approx(by_species["Mg"]["needed"])  # batch 1: once-through
    assert first.returned_g_mol["Mg"] == (0.0, 0.0)
    assert last.fresh["Mg"][1].m_as("mol") == pytest.approx(by_species["Mg"]["make_up"], rel=1e-9)  # steady state
    assert last.fresh["Mg"][0].m_as("g") == pytest.approx(by_species["Mg"]["make_up"] * mg, rel=1e-9)
    assert last.fresh["HCl"][1].m_as("mol") == pytest.approx(by_species["HCl"]["make_up"], rel=1e-9)


def test_campaign_conserves_mass_with_its_stocks(camp):
    fresh = sum(camp.totals().values(), Q_(0.0, "g"))
    out = (camp.product + camp.waste) * len(camp.batches) + sum(camp.final_stocks.values(), Q_(0.0, "g"))
    assert fresh.m_as("g") == pytest.approx(out.m_as("g"), rel=1e-12)


def test_the_recycle_lags_on_the_schedule(ampsi):
    # batches back to back at the line's shortest cycle: a batch's Mg comes back only after its recycling ends,
    # so batch 2 (whose alloying starts one cycle after batch 1's) still runs on fresh Mg
    camp = campaign(plan_line(ampsi, basis="AMPSi@C=100 g", batches=4))
    returned = [b.returned["Mg"][1].m_as("mol") for b in camp.batches]
    assert returned[0] == 0 and returned[1] == 0 and returned[3] > 0


def cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_cli_plan_and_campaign(capsys, tmp_path):
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--json")
    assert code == 0 and json.loads(out)["bottleneck"] == "coating-vessel"
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "10 kg/day")
    assert code == 1 and "is out of reach of these units: they make at most" in err and "\n" == err[-1]
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "10 kg")
    assert code == 2 and "expected a mass per time" in err
    code, out, err = cli(capsys, "campaign", "ampsi", "--batches", "3", "--basis", "AMPSi@C=100 g", "--json",
                         "--csv", str(tmp_path / "c.csv"))
    data = json.loads(out)
    assert code == 0 and {"batches", "totals", "steady_state"} <= set(data)
    assert set(data["batches"][0]["fresh"]["Mg"]) == {"mass", "amount"}
    assert data["batches"][-1]["cumulative_fresh"] == data["totals"]["fresh"]
    assert data["batches"][0]["cumulative_fresh"]["Mg"] == data["batches"][0]["fresh"]["Mg"]["mass"]
    assert (tmp_path / "c.csv").read_text().count("\n") == 4
    pytest.importorskip("matplotlib")
    code, out, err = cli(capsys, "campaign", "ampsi", "--batches", "3", "--plot", str(tmp_path / "c.png"))
    assert code == 0 and (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    assert b"Software" not in (tmp_path / "c.png").read_bytes()  # every plot through plotting.png_bytes
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--plot", str(tmp_path / "g.png"))
    assert code == 0 and (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG") and "tube-furnace" in out


def test_campaign_in_plant_units(capsys, tmp_path):
    """US units: a mass in lb is its kg / 0.45359237 (the international pound, exact); the CSV says so in its
    headers; JSON stays SI."""
    args = ("campaign", "ampsi", "--batches", "2", "--basis", "AMPSi@C=1 kg")
    code, out, err = cli(capsys, *args, "--json")
    first = json.loads(out)["batches"][0]["fresh"]["Mg"]["mass"]
    kg = first["value"] / {"g": 1e3, "kg": 1.0}[first["unit"]]
    code, out, err = cli(capsys, *args, "--units", "us", "--csv", str(tmp_path / "c.csv"))
    assert code == 0, err
    assert f"{kg / 0.45359237:.4g} lb" in out and "2.205 lb AMPSi@C" in out  # 1 kg = 2.205 lb
    rows = (tmp_path / "c.csv").read_text().splitlines()
    header, batch1 = rows[0].split(","), rows[1].split(",")
    assert float(batch1[header.index("fresh Mg [lb]")]) == pytest.approx(kg / 0.45359237, rel=1e-12)
    code, out, err = cli(capsys, *args, "--json", "--units", "us")
    assert code == 2 and "--json stays SI" in err


def test_plan_in_plant_units(capsys):
    """The rate and capacities of `synth plan` in US units: 50 g/day = 0.1102 lb/day; the leach reactor's
    50 L (ampsi's equipment) = 13.21 gal (50 / 3.785411784, the US gallon); time stays in hours."""
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--units", "us")
    assert code == 0, err
    assert "rate 0.1102 lb/d" in out and f"{50 / 3.785411784:.4g} gal" in out and "26.71 h" in out
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--json", "--unit", "mass=lb")
    assert code == 2 and "--json stays SI" in err


def test_charts_show_the_schedule(line):
    from synth.render import gantt

    text = gantt.text(line, hours=100).plain
    assert "tube-furnace" in text and "coating-vessel" in text
    svg = gantt.svg(line, hours=100)
    shown = [r for r in line.schedule.runs if r.start < Q_(100, "h")]
    assert svg.startswith('<svg class="gantt"') and svg.count("<rect") == len(shown)
    pytest.importorskip("matplotlib")
    png = gantt.png(line, hours=100)
    assert png.startswith(b"\x89PNG") and b"Software" not in png  # no version tag: same plan, same bytes


@pytest.mark.parametrize("hours", ["inf", "-inf", "nan", "0", "-1"])
def test_chart_hours_are_positive_and_finite(capsys, hours):
    """--hours inf printed 'inf h' and an empty chart: refused, as nan is, in one line (inf and nan as they
    are read: no number option reads them), and so in the library."""
    from synth.render.gantt import checked_hours

    code, out, err = cli(capsys, "plan", "ampsi", "--basis", "AMPSi@C=1 kg", f"--hours={hours}")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    message = f"--hours must be a positive, finite number of hours (e.g. 100), not {float(hours):g}"
    assert (message if hours[-1].isdigit() else f"'{hours}' is not a finite number in ASCII digits") in err
    with pytest.raises(InputError, match=re.escape(message)):
        checked_hours(float(hours))


def test_validate_names_a_unit_the_plant_lacks(ampsi):

    from synth.audit import validate
    from synth.recipe import parse

    text = catalog.text("ampsi")
    bad = parse(text.replace("    unit: tube-furnace\n", "    unit: tube-furnac\n", 1), "bad.yaml")
    problems = validate(bad)
    assert len(problems) == 1 and "recipe.steps[1].unit: unit 'tube-furnac' is not in the recipe's plant; did " \
        "you mean 'tube-furnace'?" in problems[0] and problems[0].startswith("bad.yaml:")


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 8), st.floats(20, 2000))
def test_campaign_mass_balance_property(batches, grams):
    camp = campaign(plan_line(load("ampsi"), basis=f"AMPSi@C={grams} g", batches=batches))
    fresh = sum(camp.totals().values(), Q_(0.0, "g"))
    out = (camp.product + camp.waste) * batches + sum(camp.final_stocks.values(), Q_(0.0, "g"))
    assert fresh.m_as("g") == pytest.approx(out.m_as("g"), rel=1e-12)
    for b in camp.batches:  # never more taken from the stock than a batch needs, nor a negative stock
        assert all(g >= -1e-9 for g, _ in b.fresh_g_mol.values()) and all(v >= 0 for v in b.stocks_g.values())
    assert all(v >= 0 for v in camp.final_stocks_g.values())


def test_a_stock_used_up_is_zero_not_round_off_below_it(ampsi):
    """At 1 kg the last batch finds the Mg stock used up: returned minus taken was -5.5e-12 g by round-off."""
    camp = campaign(plan_line(ampsi, basis="AMPSi@C=1 kg"))
    assert all(b.stocks_g["Mg"] >= 0 for b in camp.batches) and camp.batches[-1].stocks_g["Mg"] == 0


def test_salt_waits_for_the_cell(ampsi):
    # at 10 kg/day the cell (32.9 h of electrolysis a batch, two cells) is slower than the 8 h dehydration, so
    # dehydrated salt queues for it; the stock is a whole number of batches' salt
    camp = campaign(plan_line(ampsi, "10 kg/day", optimize=True, batches=10))
    salt = camp.line.plan.step("recycling").figures["salt"].to("g").magnitude
    queued = [b.stocks_g["salt awaiting the cell"] / salt for b in camp.batches]
    assert max(queued) >= 1 and all(abs(x - round(x)) < 1e-9 for x in queued)


def test_a_unit_capacity_replaces_the_recipe_equipment(ampsi, tmp_path):
    # a 2 kg tube furnace: 915 g of Si per 1 kg batch fit one run of nitridation (9 with the recipe's 110 g);
    # the coating is now limited by its 120 L vessel: 400 mL of water per 0.4 g, 915 L / 120 L -> 8 runs
    path = tmp_path / "plant.yaml"
    path.write_text("references: {}\nplant:\n  units:\n    - {id: tube-furnace, kind: k, count: {q: 1, "
                    "assumption: a}, capacity: {q: 2 kg, assumption: a furnace datasheet}}\n"
                    + "".join(f"    - {{id: {u}, kind: k, count: {{q: 1, assumption: a}}}}\n"
                              for u in ("alloy-reactor", "leach-reactor", "vacuum-oven", "liquor-dryer", "mg-cell",
                                        "coating-vessel")))
    line = plan_line(ampsi, basis="AMPSi@C=1 kg", plant_file=str(path))
    runs = {op.name: op.runs for op in line.ops}
    assert runs["nitridation"] == 1 and runs["coating/carbonization"] == 8 and runs["alloying"] == 9
    furnace = next(u for u in line.units if u.unit.id == "tube-furnace")
    assert furnace.capacities[0]["capacity"] == Q_(2, "kg")
    path.write_text(path.read_text().replace("id: vacuum-oven, kind: k,", "id: vacuum-oven, kind: k, volume: "
                                             "{q: 1 L, assumption: a},"))
    with pytest.raises(InputError, match="'vacuum-oven' states a volume .* none of its stages has an equipment"):
        plan_line(ampsi, basis="AMPSi@C=1 kg", plant_file=str(path))


def test_the_example_pilot_plant_makes_10_kg_a_day(ampsi, tmp_path):
    from pathlib import Path

    example = Path(__file__).parents[1] / "examples" / "ampsi-pilot-plant.yaml"
    line = plan_line(ampsi, "10 kg/day", plant_file=str(example), optimize=True)
    assert line.throughput().to("kg/day").magnitude == pytest.approx(10, rel=0.01)
    assert {u.unit.id: u.unit.count for u in line.units}["tube-furnace"] < 10  # 2 kg furnaces, not 110 g ones
    bad = tmp_path / "plant.yaml"
    bad.write_text(example.read_text(encoding="utf-8").replace("of: Mg2Si", "of: Si"), encoding="utf-8")
    with pytest.raises(InputError, match="alloying in recipes/ampsi.yaml counts its capacity in Mg2Si"):
        plan_line(ampsi, "10 kg/day", plant_file=str(bad))


def test_plan_json_states_rates_and_operating_days_as_quantities(capsys, line):
    """`synth plan --json` writes batches_per_day (1/d) and the plant's days_per_year (330 d/a for ampsi's
    plant) as quantities, as the library holds them, not as bare numbers."""
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--json")
    data = json.loads(out)
    assert code == 0, err
    assert data["batches_per_day"] == to_json(line.batches_per_day) and data["batches_per_day"]["unit"] == "1 / d"
    assert from_json(data["plant"]["days_per_year"]).m_as("day/year") == 330
    assert data["plant"]["days_per_year"] == to_json(line.plant.days_per_year)


def test_plan_and_cost_json_name_the_plant_file_and_its_hash(capsys, ampsi):
    """With --plant, `synth plan --json`, `synth cost --json` and `synth campaign --json` state the plant file
    and the sha256 of its text beside the recipe's (in `plant` and in the provenance); without it, the
    recipe's plant block is named by the recipe's file and hash."""
    import hashlib
    from pathlib import Path

    example = Path(__file__).parents[1] / "examples" / "ampsi-pilot-plant.yaml"
    text = example.read_text(encoding="utf-8")
    stated = {"origin": str(example), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "1 kg/day", "--plant", str(example), "--json")
    data = json.loads(out)
    assert code == 0, err
    assert data["plant"]["origin"] == stated["origin"] and data["plant"]["sha256"] == stated["sha256"]
    assert data["provenance"]["plant"] == stated and data["provenance"]["recipe"]["sha256"] == ampsi.sha256
    code, out, err = cli(capsys, "cost", "ampsi", "--rate", "1 kg/day", "--plant", str(example), "--json")
    assert code == 0, err
    assert json.loads(out)["provenance"]["plant"] == stated
    code, out, err = cli(capsys, "campaign", "ampsi", "--batches", "2", "--plant", str(example), "--json")
    assert code == 0, err
    assert json.loads(out)["provenance"]["plant"] == stated
    code, out, err = cli(capsys, "plan", "ampsi", "--rate", "50 g/day", "--json")
    assert json.loads(out)["provenance"]["plant"] == {"origin": ampsi.source, "sha256": ampsi.sha256}


def test_a_step_without_a_breakdown_is_one_stage(ampsi):
    from dataclasses import replace

    from synth.plant.units import stages

    coating = run(ampsi, 1.0).step("coating")
    plain = replace(coating, run_times=())  # a step type that states only its runs and time
    (only,) = stages(plain)
    assert only.stage == "coating" and only.runs == coating.runs
    assert only.per_run_s == pytest.approx(coating.time_s / coating.runs)
